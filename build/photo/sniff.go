package photo

import (
	"github.com/zhaojiaxiang/site/build/diag"

	"bytes"
	"encoding/binary"
	"image"
	_ "image/jpeg" // registered for image.DecodeConfig
	_ "image/png"
)

// Format is what the first bytes of a file say it is.
type Format int

const (
	Unknown Format = iota
	JPEG
	PNG
	HEIC
)

// Sniff tells the format from the bytes, never from the file's name: phones
// and chat apps name files .jpg that are not.
func Sniff(b []byte) Format {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		// An ISO base media file: HEIF when its brands say so and none of
		// them says AVIF, which shares the container.
		n := int(binary.BigEndian.Uint32(b))
		if n < 16 || n > len(b) {
			n = 12
		}
		heif := false
		for i := 8; i+4 <= n; i += 4 {
			switch string(b[i : i+4]) {
			case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1":
				heif = true
			case "avif", "avis":
				return Unknown
			}
		}
		if heif {
			return HEIC
		}
	}
	return Unknown
}

// check refuses what the site does not take, before any decoding: the
// wrong format, too many bytes, too many pixels (read from the header).
// It returns the stored size of the image, before orientation.
func check(src []byte) (w, h int, err error) {
	switch Sniff(src) {
	case HEIC:
		return 0, 0, bad(ErrHEIC, diag.Part(msgHEIC))
	case Unknown:
		return 0, 0, bad(ErrNotPhoto, diag.Part(msgNotPhoto))
	}
	if len(src) > MaxBytes {
		return 0, 0, bad(ErrTooLarge, diag.Part(msgTooLarge, float64(len(src))/(1<<20), MaxBytes>>20))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return 0, 0, bad(ErrDamaged, diag.Part(msgDamaged))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, bad(ErrDamaged, diag.Part(msgDamaged))
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > MaxPixels {
		return 0, 0, bad(ErrTooManyPixels, diag.Part(msgTooManyPixels, cfg.Width, cfg.Height, float64(px)/1e6, MaxPixels/1_000_000))
	}
	return cfg.Width, cfg.Height, nil
}
