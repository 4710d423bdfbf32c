package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"testing"

	xdraw "golang.org/x/image/draw"
)

// TestScaleQuality compares the package's scaling (box halving, then its
// own Catmull-Rom on the YCbCr planes) with golang.org/x/image/draw's
// Catmull-Rom straight from the full image: the two must look the same
// (luma PSNR of 38 dB or more), at a fraction of the time and memory.
func TestScaleQuality(t *testing.T) {
	img, err := jpeg.Decode(bytes.NewReader(noisyJPEG(t, 1600, 1200, 7)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ w, h int }{{1200, 900}, {800, 600}, {480, 360}, {333, 250}} {
		ours := scaleTo(toPlanes(img), s.w, s.h).image()
		ref := image.NewRGBA(image.Rect(0, 0, s.w, s.h))
		xdraw.CatmullRom.Scale(ref, ref.Rect, img, img.Bounds(), xdraw.Src, nil)
		var se float64
		for y := 0; y < s.h; y++ {
			for x := 0; x < s.w; x++ {
				r, g, b, _ := ref.At(x, y).RGBA()
				yr, _, _ := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(b>>8))
				d := float64(ours.YCbCrAt(x, y).Y) - float64(yr)
				se += d * d
			}
		}
		psnr := 10 * math.Log10(255*255/(se/float64(s.w*s.h)))
		t.Logf("%d×%d: luma PSNR %.1f dB against x/image Catmull-Rom", s.w, s.h, psnr)
		if psnr < 38 {
			t.Errorf("%d×%d: luma PSNR %.1f dB against x/image Catmull-Rom, want ≥ 38", s.w, s.h, psnr)
		}
	}
}
