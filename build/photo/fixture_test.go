package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"testing"

	"github.com/zhaojiaxiang/site/build/photo/phototest"
)

// The test picture: grey, with a red block in its top-left corner when
// upright, so any turn or mirror moves the block to another corner.
var (
	red  = color.RGBA{220, 20, 20, 255}
	grey = color.RGBA{120, 130, 140, 255}
)

// upright draws the test picture at w×h.
func upright(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := grey
			if x < w/4 && y < h/4 {
				c = red
			}
			copy(m.Pix[m.PixOffset(x, y):], []byte{c.R, c.G, c.B, c.A})
		}
	}
	return m
}

func encodeJPEG(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// phoneJPEG is the test picture, upright at w×h, stored as a camera with
// EXIF orientation o stores it, with GPS tags when gps is set.
func phoneJPEG(t testing.TB, w, h, o int, gps bool) []byte {
	j := encodeJPEG(t, phototest.Stored(upright(w, h), o), 92)
	return phototest.WithEXIF(j, o, gps)
}

// exiftool returns the path of exiftool, skipping the test without it
// unless SITE_MEDIA_TESTS=1 makes that a failure.
func exiftool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("exiftool")
	if err != nil {
		if os.Getenv("SITE_MEDIA_TESTS") == "1" {
			t.Fatal("SITE_MEDIA_TESTS=1 but exiftool is not installed: install Debian's libimage-exiftool-perl")
		}
		t.Skip("exiftool not installed; set SITE_MEDIA_TESTS=1 to make this a failure")
	}
	return p
}

// metadataSegments lists the marker bytes of every APPn and COM segment of
// a JPEG: where EXIF, XMP, ICC profiles and comments live.
func metadataSegments(t testing.TB, j []byte) []byte {
	t.Helper()
	var found []byte
	i := 2
	for i+4 <= len(j) {
		if j[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := j[i+1]
		if m == 0xDA {
			return found
		}
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			found = append(found, m)
		}
		i += 2 + int(binary.BigEndian.Uint16(j[i+2:]))
	}
	t.Fatal("no start of scan")
	return nil
}
