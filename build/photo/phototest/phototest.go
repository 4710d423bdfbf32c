// Package phototest makes phone photos for tests of the packages that take
// them: real JPEGs with the EXIF a phone writes (an orientation, a GPS
// position), of a picture whose top-left corner is red when upright, so a
// test can tell after processing that a photo is the right way up.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// Red is the block in the upright picture's top-left quarter.
var Red = color.RGBA{220, 20, 20, 255}

// Upright draws the test picture at w×h: a soft scene with some grain, as a
// phone's photo of a room has, so it compresses as photos do, and a red
// block in the top-left corner. seed varies the scene.
func Upright(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 11))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	// A few broad shapes of colour, like walls, shelves and windows.
	type blob struct{ x, y, rad, cr, cg, cb float64 }
	var blobs []blob
	for range 6 {
		blobs = append(blobs, blob{r.Float64() * float64(w), r.Float64() * float64(h), (0.1 + 0.3*r.Float64()) * float64(w),
			r.Float64()*160 - 80, r.Float64()*160 - 80, r.Float64()*160 - 80})
	}
	// Detail the size of a few pixels, as books, leaves and fabric have,
	// which survives scaling down as a photo's does: a coarse grid of
	// random values, smoothly interpolated.
	const cell = 5
	gw, gh := w/cell+2, h/cell+2
	grid := make([]float64, gw*gh)
	for i := range grid {
		grid[i] = r.Float64()*60 - 30
	}
	detail := func(x, y int) float64 {
		gx, gy := x/cell, y/cell
		fx, fy := float64(x%cell)/cell, float64(y%cell)/cell
		a, b := grid[gy*gw+gx], grid[gy*gw+gx+1]
		c, d := grid[(gy+1)*gw+gx], grid[(gy+1)*gw+gx+1]
		return (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy
	}
	for y := range h {
		for x := range w {
			if x < w/4 && y < h/4 {
				copy(m.Pix[m.PixOffset(x, y):], []byte{Red.R, Red.G, Red.B, 255})
				continue
			}
			cr, cg, cb := 120+60*float64(y)/float64(h), 130.0, 140-40*float64(x)/float64(w)
			for _, b := range blobs {
				dx, dy := float64(x)-b.x, float64(y)-b.y
				if d := dx*dx + dy*dy; d < b.rad*b.rad {
					f := 1 - d/(b.rad*b.rad)
					cr, cg, cb = cr+f*b.cr, cg+f*b.cg, cb+f*b.cb
				}
			}
			n := detail(x, y) + r.NormFloat64()*4 // and sensor grain
			copy(m.Pix[m.PixOffset(x, y):], []byte{clamp(cr + n), clamp(cg + n), clamp(cb + n), 255})
		}
	}
	return m
}

func clamp(v float64) uint8 {
	return uint8(max(0, min(255, v)))
}

// Stored returns what a camera stores for the upright picture m when it
// writes EXIF orientation o (1, 3, 6 or 8): 3 means the viewer must turn it
// 180°, 6 turn it 90° clockwise, 8 90° anticlockwise.
func Stored(m *image.RGBA, o int) *image.RGBA {
	switch o {
	case 1:
		return m
	case 3:
		return turnCW(turnCW(m))
	case 6:
		return turnCW(turnCW(turnCW(m)))
	case 8:
		return turnCW(m)
	}
	panic("phototest: orientation not drawn")
}

func turnCW(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	d := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			copy(d.Pix[d.PixOffset(b.Dy()-1-y, x):][:4], m.Pix[m.PixOffset(x, y):][:4])
		}
	}
	return d
}

// Phone is the test picture, upright at w×h, stored as a phone with EXIF
// orientation o stores it, at JPEG quality 92, with a GPS position (in
// Suzhou) when gps is set.
func Phone(tb testing.TB, w, h, o int, gps bool, seed uint64) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Stored(Upright(w, h, seed), o), &jpeg.Options{Quality: 92}); err != nil {
		tb.Fatal(err)
	}
	return WithEXIF(b.Bytes(), o, gps)
}

// WithEXIF puts an APP1 EXIF segment right after the start of the JPEG j,
// as a phone writes it: IFD0 with Make and Orientation (0 leaves it out)
// and, with gps, a GPS IFD.
func WithEXIF(j []byte, orientation int, gps bool) []byte {
	return WithAPP1(j, EXIF(binary.BigEndian, orientation, gps))
}

// WithAPP1 puts an APP1 segment holding payload right after the SOI of j.
func WithAPP1(j, payload []byte) []byte {
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// ByteOrder is the order EXIF is written in: binary.BigEndian ("MM"), as
// most phones write it, or binary.LittleEndian ("II").
type ByteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// EXIF writes an EXIF block ("Exif\0\0" and a TIFF structure) as a
// phone does: IFD0 with Orientation (0 leaves it out) and, with gps, a GPS
// IFD holding Suzhou's latitude and longitude.
func EXIF(bo ByteOrder, orientation int, gps bool) []byte {
	type ent struct {
		tag, typ uint16
		count    uint32
		value    []byte // 4 bytes, or data placed after the IFD
	}
	short := func(v uint16) []byte { b := make([]byte, 4); bo.PutUint16(b, v); return b }
	long := func(v uint32) []byte { b := make([]byte, 4); bo.PutUint32(b, v); return b }
	rationals := func(vs ...uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = bo.AppendUint32(b, v)
			b = bo.AppendUint32(b, 1)
		}
		return b
	}
	var t []byte
	if bo.String() == binary.BigEndian.String() {
		t = []byte("MM\x00\x2a")
	} else {
		t = []byte("II\x2a\x00")
	}
	t = bo.AppendUint32(t, 8)
	// writeIFD appends an IFD at the end of t with its out-of-line data
	// after it.
	writeIFD := func(es []ent) {
		start := len(t)
		data := start + 2 + 12*len(es) + 4
		t = bo.AppendUint16(t, uint16(len(es)))
		var tail []byte
		for _, e := range es {
			t = bo.AppendUint16(t, e.tag)
			t = bo.AppendUint16(t, e.typ)
			t = bo.AppendUint32(t, e.count)
			if len(e.value) <= 4 {
				t = append(t, e.value...)
				continue
			}
			t = bo.AppendUint32(t, uint32(data+len(tail)))
			tail = append(tail, e.value...)
		}
		t = bo.AppendUint32(t, 0) // no next IFD
		t = append(t, tail...)
	}
	var ifd0 []ent
	ifd0 = append(ifd0, ent{0x010F, 2, 6, []byte("Apple\x00")}) // Make
	if orientation != 0 {
		ifd0 = append(ifd0, ent{0x0112, 3, 1, short(uint16(orientation))})
	}
	if gps {
		// The GPS IFD follows IFD0 and its Make string.
		gpsAt := 8 + 2 + 12*(len(ifd0)+1) + 4 + 6
		ifd0 = append(ifd0, ent{0x8825, 4, 1, long(uint32(gpsAt))})
	}
	writeIFD(ifd0)
	if gps {
		writeIFD([]ent{
			{0x0000, 1, 4, []byte{2, 2, 0, 0}},
			{0x0001, 2, 2, []byte("N\x00\x00\x00")},
			{0x0002, 5, 3, rationals(31, 18, 36)},
			{0x0003, 2, 2, []byte("E\x00\x00\x00")},
			{0x0004, 5, 3, rationals(120, 43, 12)},
		})
	}
	return append([]byte("Exif\x00\x00"), t...)
}
