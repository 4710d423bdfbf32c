// Package qr is the one place that decides what a printed QR code says and
// how it is drawn.
//
// A code on the wall must keep working for years, while pages are renamed and
// moved. So a code never encodes a page's address: it encodes a short URL,
//
//	<production URL>/L/<stop number>
//
// that the build turns into a redirect to wherever the clip lives today. The
// production URL comes from the site settings only; a deploy preview's base
// URL never reaches a code.
//
// The code is kept small so that phones read it from a distance and in poor
// light: error correction level Q (25% of the symbol may be dirty or torn),
// and at most version 3 (29×29 modules). The host and path are written in
// capital letters, so that all but the scheme fits QR's alphanumeric mode,
// which packs 5.5 bits a character instead of 8; a host is case-insensitive
// and the build answers /L/ as well as /l/. The scheme stays "https://" in
// small letters: several scanner apps do not take "HTTPS://" for a link, and
// for a short host the symbol is no larger (the encoder switches modes).
package qr

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"sync"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/zhaojiaxiang/site/build/diag"
)

// Level is the error-correction level of every code. go-qrcode calls level Q "High".
const Level = qrcode.High

// MaxVersion is the largest symbol version the build accepts.
const MaxVersion = 3

// QuietZone is the white border, in modules, that the standard requires around a code.
const QuietZone = 4

// ShortPath is the path of the short URL for stop number n, e.g. "/L/7".
func ShortPath(n int) string { return "/L/" + strconv.Itoa(n) }

// ShortPaths are the paths that forward to stop number n: ShortPath and
// the same in small letters, for a person who types it.
func ShortPaths(n int) []string {
	p := ShortPath(n)
	return []string{p, strings.ToLower(p)}
}

// ShortURL is what the code for stop number n encodes: production with its
// scheme in small letters and its host in capitals, then ShortPath(n), e.g.
// "https://EXAMPLE.ORG/L/7". A path in production is kept as written, since
// servers tell its case apart.
func ShortURL(production string, n int) string {
	p := strings.TrimRight(production, "/")
	if scheme, rest, ok := strings.Cut(p, "://"); ok {
		host, path, _ := strings.Cut(rest, "/")
		p = strings.ToLower(scheme) + "://" + strings.ToUpper(host)
		if path != "" {
			p += "/" + path
		}
	}
	return p + ShortPath(n)
}

// A Code is one computed QR symbol.
type Code struct {
	URL     string
	Version int
	// Modules holds the symbol with its quiet zone: Modules[y][x] is true for a dark module.
	Modules [][]bool
}

// Encode computes the symbol for url at level Q.
// It fails when the symbol would be larger than MaxVersion.
func Encode(url string) (*Code, error) {
	q, err := qrcode.New(url, Level)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = true
	// Bitmap may be called only once: go-qrcode appends its padding on every call.
	m := q.Bitmap()
	c := &Code{URL: url, Version: q.VersionNumber, Modules: addQuietZone(m)}
	if c.Version > MaxVersion {
		return c, diag.Errorf("the QR code for %s would be version %d, larger than version %d", url, c.Version, MaxVersion)
	}
	return c, nil
}

func addQuietZone(m [][]bool) [][]bool {
	n := len(m) + 2*QuietZone
	out := make([][]bool, n)
	for y := range out {
		out[y] = make([]bool, n)
		if y >= QuietZone && y < n-QuietZone {
			copy(out[y][QuietZone:], m[y-QuietZone])
		}
	}
	return out
}

// Size is the width of the symbol in modules, quiet zone included.
func (c *Code) Size() int { return len(c.Modules) }

// PNG draws the code black on white with px whole pixels per module,
// so every module edge falls on a pixel edge and no module is blurred.
func (c *Code) PNG(px int) ([]byte, error) {
	// The file is what image/png writes for a two-colour paletted image at
	// png.BestSpeed (a test holds the two to the same bytes), made straight
	// from the modules: each row of modules is one row of bits, repeated px
	// times. That is a tenth of the work of filling an image and encoding it.
	n := c.Size() * px
	stride := 1 + (n+7)/8 // filter type 0, then one bit a pixel
	z := zlibs.Get().(*zlibBuf)
	defer zlibs.Put(z)
	z.raw = slices.Grow(z.raw[:0], stride*n)[:stride*n]
	clear(z.raw)
	for y, row := range c.Modules {
		line := z.raw[y*px*stride : (y*px+1)*stride]
		for x, dark := range row {
			if !dark {
				continue
			}
			for i := x * px; i < (x+1)*px; i++ {
				line[1+i/8] |= 0x80 >> (i % 8)
			}
		}
		for dy := 1; dy < px; dy++ {
			copy(z.raw[(y*px+dy)*stride:], line)
		}
	}
	z.out.Reset()
	z.w.Reset(&z.out)
	if _, err := z.w.Write(z.raw); err != nil {
		return nil, err
	}
	if err := z.w.Close(); err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.Grow(8 + 25 + 18 + 12 + z.out.Len() + 12)
	b.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(n))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(n))
	ihdr[8], ihdr[9] = 1, 3 // bit depth 1, paletted; compression, filter, interlace 0
	chunk(&b, "IHDR", ihdr[:])
	chunk(&b, "PLTE", []byte{0xff, 0xff, 0xff, 0, 0, 0}) // white, black
	chunk(&b, "IDAT", z.out.Bytes())
	chunk(&b, "IEND", nil)
	return b.Bytes(), nil
}

func chunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}

// zlibs keeps compressors between codes: each one is larger than the image
// it compresses.
var zlibs = sync.Pool{New: func() any {
	z := &zlibBuf{}
	z.w, _ = zlib.NewWriterLevel(&z.out, zlib.BestSpeed)
	return z
}}

type zlibBuf struct {
	raw []byte
	out bytes.Buffer
	w   *zlib.Writer
}

// SVG draws the code as one path, one unit per module, with the quiet zone
// inside the viewBox so that a printed code always keeps its white border.
// It is crisp at any size: the printer, not the build, chooses the pixels.
func (c *Code) SVG() []byte {
	n := c.Size()
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`, n, n, escape(c.URL))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	d := make([]byte, 0, 8192)
	for y, row := range c.Modules {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			// "M<x> <y>h<w>v1h-<w>z", without fmt: a code has hundreds.
			d = append(d, 'M')
			d = strconv.AppendInt(d, int64(start), 10)
			d = append(d, ' ')
			d = strconv.AppendInt(d, int64(y), 10)
			d = append(d, 'h')
			d = strconv.AppendInt(d, int64(x-start), 10)
			d = append(d, "v1h-"...)
			d = strconv.AppendInt(d, int64(x-start), 10)
			d = append(d, 'z')
		}
	}
	b.Write(d)
	b.WriteString(`"/></svg>` + "\n")
	return b.Bytes()
}

func escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
