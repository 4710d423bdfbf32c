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
// and at most version 3 (29×29 modules). Written in capital letters, a URL
// such as HTTPS://EXAMPLE.ORG/L/12 fits QR's alphanumeric mode, which packs
// 5.5 bits a character instead of 8; scheme and host are case-insensitive and
// the build answers /L/ as well as /l/.
package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"
	"sync"

	qrcode "github.com/skip2/go-qrcode"
)

// Level is the error-correction level of every code. go-qrcode calls level Q "High".
const Level = qrcode.High

// MaxVersion is the largest symbol version the build accepts.
const MaxVersion = 3

// QuietZone is the white border, in modules, that the standard requires around a code.
const QuietZone = 4

// ShortPath is the path of the short URL for stop number n, e.g. "/L/7".
func ShortPath(n int) string { return "/L/" + strconv.Itoa(n) }

// ShortURL is what the code for stop number n encodes.
func ShortURL(production string, n int) string {
	return strings.TrimRight(production, "/") + ShortPath(n)
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
		return c, fmt.Errorf("the QR code for %s would be version %d, larger than version %d", url, c.Version, MaxVersion)
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
	n := c.Size() * px
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y, row := range c.Modules {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := 0; dy < px; dy++ {
				off := img.PixOffset(x*px, y*px+dy)
				for dx := 0; dx < px; dx++ {
					img.Pix[off+dx] = 1
				}
			}
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: encoders}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encoders keeps PNG encoders' compressors between codes: each one is
// larger than the image it compresses.
var encoders = &encoderPool{}

type encoderPool struct{ p sync.Pool }

func (e *encoderPool) Get() *png.EncoderBuffer {
	b, _ := e.p.Get().(*png.EncoderBuffer)
	return b
}

func (e *encoderPool) Put(b *png.EncoderBuffer) { e.p.Put(b) }

// SVG draws the code as one path, one unit per module, with the quiet zone
// inside the viewBox so that a printed code always keeps its white border.
// It is crisp at any size: the printer, not the build, chooses the pixels.
func (c *Code) SVG() []byte {
	n := c.Size()
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="%s">`, n, n, escape(c.URL))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
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
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return b.Bytes()
}

func escape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
