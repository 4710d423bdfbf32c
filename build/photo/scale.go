package photo

import (
	"image"
	"image/draw"

	xdraw "golang.org/x/image/draw"
)

// The scaling is two steps, as the notes on photo processing measured: halve
// with a 2×2 box while the image is at least twice the target (cheap, and it
// averages every pixel, so it does not alias), then one Catmull-Rom pass to
// the exact size. That is as sharp as Catmull-Rom all the way at a third of
// its time. Halving works on the decoder's own YCbCr planes, so a 12 MP photo
// never exists as a 48 MB RGBA image.

// scaleTo returns img scaled to w×h (never larger than img), as RGBA, with
// transparent pixels put on white (JPEG has no transparency).
func scaleTo(img image.Image, w, h int) *image.RGBA {
	for {
		b := img.Bounds()
		if b.Dx() < 2*w || b.Dy() < 2*h {
			break
		}
		img = halve(img)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if !opaque(img) {
		draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	}
	if img.Bounds().Dx() == w && img.Bounds().Dy() == h {
		draw.Draw(dst, dst.Rect, img, img.Bounds().Min, draw.Over)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Rect, img, img.Bounds(), xdraw.Over, nil)
	return dst
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// halve returns img at half its size (rounded down, at least 1), each new
// pixel the mean of 2×2 old ones. YCbCr and Gray stay what they are; any
// other image becomes RGBA first.
func halve(img image.Image) image.Image {
	b := img.Bounds()
	w, h := max(b.Dx()/2, 1), max(b.Dy()/2, 1)
	switch m := img.(type) {
	case *image.YCbCr:
		d := image.NewYCbCr(image.Rect(0, 0, w, h), m.SubsampleRatio)
		halvePlane(d.Y, d.YStride, w, h, m.Y[m.YOffset(b.Min.X, b.Min.Y):], m.YStride, b.Dx(), b.Dy(), 1)
		cw, ch := chromaSize(d.Rect, d.SubsampleRatio)
		sw, sh := chromaSize(b.Sub(b.Min), m.SubsampleRatio)
		co := m.COffset(b.Min.X, b.Min.Y)
		halvePlane(d.Cb, d.CStride, cw, ch, m.Cb[co:], m.CStride, sw, sh, 1)
		halvePlane(d.Cr, d.CStride, cw, ch, m.Cr[co:], m.CStride, sw, sh, 1)
		return d
	case *image.Gray:
		d := image.NewGray(image.Rect(0, 0, w, h))
		halvePlane(d.Pix, d.Stride, w, h, m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, b.Dx(), b.Dy(), 1)
		return d
	}
	rgba := toRGBA(img)
	d := image.NewRGBA(image.Rect(0, 0, w, h))
	halvePlane(d.Pix, d.Stride, w, h, rgba.Pix, rgba.Stride, b.Dx(), b.Dy(), 4)
	return d
}

// toRGBA returns img as premultiplied RGBA with its origin at 0,0: without
// copying an opaque NRGBA (same bytes), copying anything else.
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.RGBA:
		if b.Min == (image.Point{}) {
			return m
		}
	case *image.NRGBA:
		if b.Min == (image.Point{}) && m.Opaque() {
			return &image.RGBA{Pix: m.Pix, Stride: m.Stride, Rect: m.Rect}
		}
	}
	d := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(d, d.Rect, img, b.Min, draw.Src)
	return d
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

// halvePlane writes into dst (dw×dh samples of n bytes) the mean of each
// 2×2 block of src (sw×sh), repeating src's last row and column where it
// runs out.
func halvePlane(dst []byte, dstride, dw, dh int, src []byte, sstride, sw, sh, n int) {
	for y := 0; y < dh; y++ {
		y0, y1 := min(2*y, sh-1), min(2*y+1, sh-1)
		r0, r1 := src[y0*sstride:], src[y1*sstride:]
		d := dst[y*dstride:]
		for x := 0; x < dw; x++ {
			x0, x1 := min(2*x, sw-1)*n, min(2*x+1, sw-1)*n
			for c := 0; c < n; c++ {
				d[x*n+c] = uint8((uint(r0[x0+c]) + uint(r0[x1+c]) + uint(r1[x0+c]) + uint(r1[x1+c]) + 2) >> 2)
			}
		}
	}
}

// orient turns an image stored as the camera held it upright, by EXIF
// orientation o (1 to 8).
func orient(m *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	d := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride:]
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored upside down
				dx, dy = x, h-1-y
			case 5: // mirrored, turned
				dx, dy = y, x
			case 6: // turn right
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8: // turn left
				dx, dy = y, w-1-x
			}
			copy(d.Pix[dy*d.Stride+dx*4:dy*d.Stride+dx*4+4], row[x*4:x*4+4])
		}
	}
	return d
}

// swaps reports whether orientation o exchanges width and height.
func swaps(o int) bool { return o >= 5 && o <= 8 }
