package photo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build/internal/browser"
)

// TestInPhone shows processed photos with the site's style sheet in
// Chromium as a phone: nothing wider than the screen at 320 px, the file
// srcset and sizes choose for the screen, photos far below not loaded until
// scrolled to, and each a link to its largest file.
func TestInPhone(t *testing.T) {
	b := browser.New(t)
	dir := t.TempDir()
	css, err := os.ReadFile(filepath.Join("..", "..", "static", "css", "site.css"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "site.css"), css, 0o644)
	// The site's script makes later photos load as they come near the screen.
	js, err := os.ReadFile(filepath.Join("..", "..", "static", "js", "site.js"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "site.js"), js, 0o644)
	p := newProcessor(t, t.TempDir())
	var page strings.Builder
	page.WriteString(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="site.css"><script src="site.js"></script></head><body><main><h1>示例</h1>`)
	for i, o := range []int{6, 1, 3} {
		ph, err := p.Get(fmt.Sprintf("p%d.jpg", i), phoneJPEG(t, 1600, 1200, o, true))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range ph.Variants {
			data, _ := v.Bytes()
			os.WriteFile(filepath.Join(dir, v.Name), data, 0o644)
		}
		page.WriteString("<p>")
		WriteHTML(&page, ph, fmt.Sprintf("示例照片 %d", i), i == 0)
		page.WriteString(`</p><div style="height:6000px"></div>`)
	}
	page.WriteString("</main></body></html>")
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(page.String()), 0o644)
	url := browser.Serve(t, dir) + "/index.html"

	for _, c := range []struct {
		w     int
		scale float64
		want  string // width of the file chosen
	}{{320, 2, "800"}, {375, 2, "800"}, {375, 3, "1200"}, {390, 1, "480"}} {
		tab := browser.Tab(t, b, 30*time.Second)
		err := chromedp.Do(tab,
			chromedp.EmulateViewport(int64(c.w), 700, chromedp.EmulateScale(c.scale), chromedp.EmulateMobile),
			chromedp.Navigate(url),
			chromedp.Poll[chromedp.Void](`document.readyState === "complete" && document.images[0].complete`, chromedp.WithPollingTimeout(10*time.Second)),
		)
		if err != nil {
			t.Fatal(err)
		}
		eval := func(js string) string {
			v, err := chromedp.Run(tab, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", js, err)
			}
			return v
		}
		got := eval(`(() => {
			const img = document.images[0];
			const loaded = performance.getEntriesByType("resource").map(e => e.name).filter(n => n.endsWith(".jpg"));
			return [document.documentElement.scrollWidth, img.getBoundingClientRect().width, img.currentSrc.split("/").pop().split(".")[1],
				img.naturalWidth > img.naturalHeight ? "landscape" : "portrait", loaded.some(n => n.includes("/p2.")), img.parentElement.href.split("/").pop()].join(" ")
		})()`)
		f := strings.Fields(got)
		if f[0] != fmt.Sprint(c.w) || f[1] != fmt.Sprint(c.w-32) {
			t.Errorf("%d px: page %s px wide, photo %s px; want %d and %d", c.w, f[0], f[1], c.w, c.w-32)
		}
		if f[2] != c.want {
			t.Errorf("%d px at %g×: loaded the %s px file, want %s", c.w, c.scale, f[2], c.want)
		}
		if f[3] != "landscape" {
			t.Errorf("the first photo shows %s", f[3])
		}
		if f[4] != "false" {
			t.Errorf("%d px: the last photo loaded before scrolling", c.w)
		}
		if !strings.HasPrefix(f[5], "p0.1200.") {
			t.Errorf("the photo links to %s, want its largest", f[5])
		}
		// Scrolled to the end, the last photo loads.
		err = chromedp.Do(tab,
			chromedp.ScrollIntoView(`a.photo img[alt$="2"]`),
			chromedp.Poll[chromedp.Void](`document.images[2].complete && document.images[2].naturalWidth > 0`, chromedp.WithPollingTimeout(10*time.Second)),
		)
		if err != nil {
			t.Errorf("%d px: the last photo did not load after scrolling: %v (%s)", c.w, err,
				eval(`[scrollY, document.images[2].currentSrc, document.images[2].complete].join(" ")`))
		}
	}
}
