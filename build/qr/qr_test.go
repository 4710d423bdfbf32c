package qr

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestShortURL(t *testing.T) {
	for prod, want := range map[string]string{
		"HTTPS://EXAMPLE.ORG":      "https://EXAMPLE.ORG/L/3",
		"https://example.org/":     "https://EXAMPLE.ORG/L/3",
		"https://example.org/ZJX/": "https://EXAMPLE.ORG/ZJX/L/3",
		"https://example.org/zjx":  "https://EXAMPLE.ORG/zjx/L/3",
	} {
		if got := ShortURL(prod, 3); got != want {
			t.Errorf("ShortURL(%q, 3) = %q, want %q", prod, got, want)
		}
	}
}

func TestVersionAndMode(t *testing.T) {
	for _, tc := range []struct {
		prod    string
		stop    int
		version int // 0: must fail
	}{
		// The host in capitals uses alphanumeric mode after "https://".
		{"HTTPS://EXAMPLE.ORG", 1, 2},
		{"HTTPS://ZHAOJIAXIANG.NETLIFY.APP", 999, 3},
		{"https://zhaojiaxiang.netlify.app", 999, 3},
		// A path keeps its case; in small letters it needs byte mode.
		{"https://ZHAOJIAXIANG.NETLIFY.APP/zjx", 999, 0},
		{"HTTPS://A-VERY-LONG-HOST-NAME-FOR-A-CENTRE.EXAMPLE.ORG", 1, 0},
	} {
		c, err := Encode(ShortURL(tc.prod, tc.stop))
		if !strings.HasPrefix(c.URL, "https://") {
			t.Errorf("%s: the scheme must be small letters", c.URL)
		}
		if tc.version == 0 {
			if err == nil {
				t.Errorf("%s: version %d accepted; want an error", c.URL, c.Version)
			}
			continue
		}
		if err != nil || c.Version != tc.version {
			t.Errorf("%s: version %d, %v; want version %d", ShortURL(tc.prod, tc.stop), c.Version, err, tc.version)
		}
		if n := 17 + 4*c.Version + 2*QuietZone; c.Size() != n {
			t.Errorf("%s: %d modules with quiet zone, want %d", c.URL, c.Size(), n)
		}
	}
}

// TestPNG checks whole pixels per module, the white quiet zone and black on white.
func TestPNG(t *testing.T) {
	c, err := Encode("HTTPS://EXAMPLE.ORG/L/7")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.PNG(8)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w != c.Size()*8 {
		t.Fatalf("width %d, want %d", w, c.Size()*8)
	}
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			dark := isDark(img, x, y)
			if dark != c.Modules[y/8][x/8] {
				t.Fatalf("pixel %d,%d does not match its module", x, y)
			}
			if dark && (x < QuietZone*8 || y < QuietZone*8) {
				t.Fatalf("pixel %d,%d is dark inside the quiet zone", x, y)
			}
		}
	}
	svg := string(c.SVG())
	if !strings.Contains(svg, `viewBox="0 0 33 33"`) || !strings.Contains(svg, `fill="#fff"`) {
		t.Errorf("svg: %.120s", svg)
	}
}

func isDark(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	switch {
	case r == 0 && g == 0 && b == 0:
		return true
	case r == 0xffff && g == 0xffff && b == 0xffff:
		return false
	}
	panic("a pixel is neither black nor white")
}

// TestPNGAsImagePNG holds the PNG writer to the bytes image/png writes for
// the same picture, so that a code drawn by an earlier version of the site
// and one drawn now are the same file.
func TestPNGAsImagePNG(t *testing.T) {
	for _, u := range []string{"HTTPS://EXAMPLE.ORG/L/1", "HTTPS://EXAMPLE.ORG/L/123", "HTTPS://ZHAOJIAXIANG.NETLIFY.APP/L/999", "1"} {
		c, err := Encode(u)
		if err != nil {
			t.Fatal(err)
		}
		for _, px := range []int{1, 3, 8, 10} {
			got, err := c.PNG(px)
			if err != nil {
				t.Fatal(err)
			}
			n := c.Size() * px
			img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
			for y := range n {
				for x := range n {
					if c.Modules[y/px][x/px] {
						img.SetColorIndex(x, y, 1)
					}
				}
			}
			var want bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&want, img); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s at %d px a module: %d bytes differ from image/png's %d", u, px, len(got), want.Len())
			}
		}
	}
}
