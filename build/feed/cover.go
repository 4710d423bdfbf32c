package feed

import (
	"bytes"
	_ "embed"
	"image"
	"image/color"
	"image/png"
	"math"
)

// CoverSize is the cover's width and height in pixels: Apple asks for a
// square of 1400 to 3000.
const CoverSize = 1400

// Cover is the podcast cover a site gets when site.yaml names none of its
// own (static/listen/cover.png), a PNG: a white play button on dark grey, inside a
// ring. It carries no text, so it needs no font and reads the same
// at the 55 pixels a phone shows it at.
//
// Drawing it takes longer than building a small site, and it depends on
// nothing but this code, so cover.png is drawn by DrawCover once and kept
// beside this file; a test checks the two still agree
// (go test ./build/feed -update draws it again).
//
//go:embed cover.png
var Cover []byte

// CoverColor is the background of Cover.
var CoverColor = color.RGBA{0x33, 0x33, 0x33, 0xff}

// DrawCover draws the cover at size × size pixels on the colour bg. A site
// may draw its own in its colour with it and name the file in site.yaml.
func DrawCover(size int, bg color.RGBA) []byte {
	red := bg
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	c := s / 2
	// The triangle points right; its centroid sits at the centre.
	h := 0.30 * s // height of the triangle, left edge to tip
	w := h * 2 / math.Sqrt(3) * 0.9
	ax, ay := c-h/3, c-w/2 // top left
	bx, by := c-h/3, c+w/2 // bottom left
	tx, ty := c+2*h/3, c   // tip
	edge := func(x0, y0, x1, y1, px, py float64) float64 {
		// signed distance from the line through 0 and 1; positive outside
		// of a clockwise triangle
		dx, dy := x1-x0, y1-y0
		return ((px-x0)*dy - (py-y0)*dx) / math.Hypot(dx, dy)
	}
	cov := func(d float64) float64 { return math.Max(0, math.Min(1, 0.5-d)) }
	for y := range size {
		py := float64(y) + 0.5
		for x := range size {
			px := float64(x) + 0.5
			r := math.Hypot(px-c, py-c)
			disc := cov(r - 0.34*s)
			ring := cov(math.Max(0.40*s-r, r-0.44*s))
			tri := cov(math.Max(edge(ax, ay, tx, ty, px, py), math.Max(edge(tx, ty, bx, by, px, py), edge(bx, by, ax, ay, px, py))))
			white := math.Max(disc*(1-tri), ring)
			i := img.PixOffset(x, y)
			img.Pix[i+0] = mix(red.R, white)
			img.Pix[i+1] = mix(red.G, white)
			img.Pix[i+2] = mix(red.B, white)
			img.Pix[i+3] = 0xff
		}
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		panic(err) // writing to memory does not fail
	}
	return b.Bytes()
}

// mix blends a towards white by f.
func mix(a uint8, f float64) uint8 { return uint8(math.Round(float64(a) + (255-float64(a))*f)) }
