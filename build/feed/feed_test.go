package feed

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "draw cover.png again")

// TestCover checks the kept cover.png is what DrawCover draws today, and that
// it is what Apple accepts: a square PNG of 1400 to 3000 pixels in RGB.
func TestCover(t *testing.T) {
	drawn := DrawCover(CoverSize, CoverColor)
	if *update {
		if err := os.WriteFile("cover.png", drawn, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(drawn, Cover) {
		t.Fatal("cover.png is not what DrawCover draws: run go test ./build/feed -update")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(Cover))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != cfg.Height || cfg.Width < 1400 || cfg.Width > 3000 {
		t.Errorf("cover is %d×%d; Apple wants a square of 1400 to 3000 pixels", cfg.Width, cfg.Height)
	}
	img, _ := png.Decode(bytes.NewReader(Cover))
	if _, ok := img.(*image.RGBA); !ok {
		t.Errorf("cover decodes as %T; want RGB", img)
	}
}
