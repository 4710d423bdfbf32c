package photo

import (
	"image"
	"image/color"
	"math"
)

// Photos are scaled as three planes, Y, Cb and Cr, the way the JPEG decoder
// gives them and the encoder takes them: no 12 MP photo ever becomes a 48 MB
// RGBA image, and each step filters one byte a pixel rather than four.
//
// Scaling is two steps, as the notes on photo processing measured: halve
// with a 2×2 box while a plane is at least twice the target (cheap, and it
// averages every pixel, so it does not alias), then one separable
// Catmull-Rom pass to the exact size, which is as sharp as Catmull-Rom all
// the way at a fraction of its time. Chroma planes, stored at half size, are
// brought to full size by the same pass.

// plane is one channel of an image, a byte a sample.
type plane struct {
	pix          []byte
	stride, w, h int
}

// ycc is an image as three planes of the same size (4:4:4), the photo's
// working form between decoding and encoding.
type ycc [3]plane

// toPlanes splits a decoded image into its planes: the decoder's own for
// YCbCr (chroma at whatever size it was stored), converted for anything
// else, with transparency put on white (JPEG has none).
func toPlanes(img image.Image) [3]plane {
	b := img.Bounds()
	if m, ok := img.(*image.YCbCr); ok {
		cw, ch := chromaSize(b, m.SubsampleRatio)
		co := m.COffset(b.Min.X, b.Min.Y)
		return [3]plane{
			{m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, b.Dx(), b.Dy()},
			{m.Cb[co:], m.CStride, cw, ch},
			{m.Cr[co:], m.CStride, cw, ch},
		}
	}
	w, h := b.Dx(), b.Dy()
	var p [3]plane
	for i := range p {
		p[i] = plane{make([]byte, w*h), w, w, h}
	}
	set := func(i int, r, g, bl uint8) {
		p[0].pix[i], p[1].pix[i], p[2].pix[i] = color.RGBToYCbCr(r, g, bl)
	}
	switch m := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			copy(p[0].pix[y*w:(y+1)*w], m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		for i := range p[1].pix {
			p[1].pix[i], p[2].pix[i] = 128, 128
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				s := row[4*x : 4*x+4]
				a := uint32(s[3])
				over := func(c uint8) uint8 { return uint8((uint32(c)*a + 255*(255-a) + 127) / 255) }
				set(y*w+x, over(s[0]), over(s[1]), over(s[2]))
			}
		}
	case *image.RGBA: // premultiplied: on white is c + (255 - a)
		for y := 0; y < h; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):]
			for x := 0; x < w; x++ {
				s := row[4*x : 4*x+4]
				set(y*w+x, s[0]+255-s[3], s[1]+255-s[3], s[2]+255-s[3])
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
				set(y*w+x, uint8((r+0xffff-a)>>8), uint8((g+0xffff-a)>>8), uint8((bl+0xffff-a)>>8))
			}
		}
	}
	return p
}

// chromaSize is the size of the chroma planes of an image of bounds r.
func chromaSize(r image.Rectangle, s image.YCbCrSubsampleRatio) (w, h int) {
	w, h = r.Dx(), r.Dy()
	switch s {
	case image.YCbCrSubsampleRatio422:
		w = (w + 1) / 2
	case image.YCbCrSubsampleRatio420:
		w, h = (w+1)/2, (h+1)/2
	case image.YCbCrSubsampleRatio440:
		h = (h + 1) / 2
	case image.YCbCrSubsampleRatio411:
		w = (w + 3) / 4
	case image.YCbCrSubsampleRatio410:
		w, h = (w+3)/4, (h+1)/2
	}
	return w, h
}

// scaleTo returns the planes scaled to w×h each.
func scaleTo(p [3]plane, w, h int) ycc {
	var out ycc
	for i, q := range p {
		for q.w >= 2*w && q.h >= 2*h {
			q = halve(q)
		}
		out[i] = resample(q, w, h)
	}
	return out
}

// image returns the planes as an image the JPEG encoder takes directly.
func (c ycc) image() *image.YCbCr {
	return &image.YCbCr{Y: c[0].pix, Cb: c[1].pix, Cr: c[2].pix,
		YStride: c[0].stride, CStride: c[1].stride,
		SubsampleRatio: image.YCbCrSubsampleRatio444, Rect: image.Rect(0, 0, c[0].w, c[0].h)}
}

// halve returns p at half its size (rounded down, at least 1), each new
// sample the mean of 2×2 old ones, repeating the last row and column where
// they run out.
func halve(p plane) plane {
	w, h := max(p.w/2, 1), max(p.h/2, 1)
	d := plane{make([]byte, w*h), w, w, h}
	for y := 0; y < h; y++ {
		r0 := p.pix[min(2*y, p.h-1)*p.stride:]
		r1 := p.pix[min(2*y+1, p.h-1)*p.stride:]
		row := d.pix[y*w : (y+1)*w]
		for x := range row {
			x0, x1 := min(2*x, p.w-1), min(2*x+1, p.w-1)
			row[x] = uint8((uint(r0[x0]) + uint(r0[x1]) + uint(r1[x0]) + uint(r1[x1]) + 2) >> 2)
		}
	}
	return d
}

// taps are the source samples and weights of each output sample of a
// resampling along one axis: n for each, indices clamped to the edge.
type taps struct {
	n   int
	idx []int
	w   []float32
}

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5), support 2.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// newTaps computes the filter from sn samples to dn, centres aligned. When
// shrinking, the filter widens by the ratio so every sample counts.
func newTaps(sn, dn int) taps {
	scale := float64(sn) / float64(dn)
	fs := max(scale, 1)
	support := 2 * fs
	n := int(math.Ceil(2 * support))
	t := taps{n: n, idx: make([]int, n*dn), w: make([]float32, n*dn)}
	for d := 0; d < dn; d++ {
		c := (float64(d)+0.5)*scale - 0.5
		first := int(math.Floor(c-support)) + 1
		var sum float64
		ws := make([]float64, n)
		for k := 0; k < n; k++ {
			ws[k] = catmullRom((float64(first+k) - c) / fs)
			sum += ws[k]
		}
		for k := 0; k < n; k++ {
			t.idx[d*n+k] = min(max(first+k, 0), sn-1)
			t.w[d*n+k] = float32(ws[k] / sum)
		}
	}
	return t
}

// resample scales p to w×h with the Catmull-Rom filter, rows first.
func resample(p plane, w, h int) plane {
	d := plane{make([]byte, w*h), w, w, h}
	if p.w == w && p.h == h {
		for y := 0; y < h; y++ {
			copy(d.pix[y*w:(y+1)*w], p.pix[y*p.stride:])
		}
		return d
	}
	tx, ty := newTaps(p.w, w), newTaps(p.h, h)
	tmp := make([]float32, w*p.h)
	for y := 0; y < p.h; y++ {
		src := p.pix[y*p.stride : y*p.stride+p.w]
		row := tmp[y*w : (y+1)*w]
		for x := range row {
			var s float32
			idx, ws := tx.idx[x*tx.n:(x+1)*tx.n], tx.w[x*tx.n:(x+1)*tx.n]
			for k, i := range idx {
				s += float32(src[i]) * ws[k]
			}
			row[x] = s
		}
	}
	acc := make([]float32, w)
	for y := 0; y < h; y++ {
		clear(acc)
		for k := 0; k < ty.n; k++ {
			wk := ty.w[y*ty.n+k]
			src := tmp[ty.idx[y*ty.n+k]*w:][:w]
			for x, v := range src {
				acc[x] += v * wk
			}
		}
		row := d.pix[y*w : (y+1)*w]
		for x, v := range acc {
			row[x] = uint8(min(max(v+0.5, 0), 255))
		}
	}
	return d
}

// orient turns planes stored as the camera held it upright, by EXIF
// orientation o (1 to 8).
func (c ycc) orient(o int) ycc {
	if o <= 1 || o > 8 {
		return c
	}
	for i, p := range c {
		c[i] = orientPlane(p, o)
	}
	return c
}

func orientPlane(p plane, o int) plane {
	w, h := p.w, p.h
	dw, dh := w, h
	if swaps(o) {
		dw, dh = h, w
	}
	d := plane{make([]byte, dw*dh), dw, dw, dh}
	for y := 0; y < h; y++ {
		row := p.pix[y*p.stride : y*p.stride+w]
		for x, v := range row {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // mirrored and on its side
				dx, dy = y, x
			case 6: // on its side: turn right
				dx, dy = h-1-y, x
			case 7: // mirrored and on its other side
				dx, dy = h-1-y, w-1-x
			case 8: // on its other side: turn left
				dx, dy = y, w-1-x
			}
			d.pix[dy*dw+dx] = v
		}
	}
	return d
}

// swaps reports whether orientation o exchanges width and height.
func swaps(o int) bool { return o >= 5 && o <= 8 }
