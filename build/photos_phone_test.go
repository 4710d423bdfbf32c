package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/internal/browser"
	"github.com/zhaojiaxiang/site/build/photo/phototest"
)

// The budget of a space page with photos on a phone (375 px wide, 2 device
// pixels a CSS pixel) on mobile data: what it fetches before the reader
// scrolls, and once scrolled to the end.
const (
	photoBudgetFirst = 200 << 10
	photoBudgetAll   = 700 << 10
	// lazyDistance4G is how far below the screen Chromium starts loading a
	// loading="lazy" image on a 4G connection (its setting
	// lazyImageLoadingDistanceThresholdPx4G).
	lazyDistance4G = 1250
)

// TestPhotoPageOnPhone builds a space with six phone photos, taken the four
// ways a phone is held, and opens its page in Chromium as a phone on 4G:
// the first screen costs at most photoBudgetFirst, photos far below are
// not fetched until scrolled to, the whole page costs at most
// photoBudgetAll once scrolled to the end, every photo ends up loaded and
// upright, and the page never scrolls sideways, even at 320 px.
func TestPhotoPageOnPhone(t *testing.T) {
	b := browser.New(t)
	dir := copySite(t)
	bundle := filepath.Join(dir, "content", "spaces", "gallery")
	if err := os.MkdirAll(bundle, 0o755); err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("---\ntitle: 活动室(示例)\nweight: 90\nsummary: 示例页面,照片是测试画出来的。\ncover: p1.jpg\nsample: true\n---\n\n")
	for i, o := range []int{1, 6, 3, 8, 6, 1} {
		w, h := 2400, 1800
		name := fmt.Sprintf("p%d.jpg", i+1)
		if err := os.WriteFile(filepath.Join(bundle, name), phototest.Phone(t, w, h, o, false, uint64(i)), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&md, "![示例照片 %d](%s)\n\n", i+1, name)
		md.WriteString("活动室可以开展讲座、培训和小型聚会,桌椅可以按活动重新摆放。开放时间内,居民可以在服务台登记使用。\n\n" +
			"这段文字是示例,说明一张照片和下一张之间通常有的介绍:这里放什么、谁可以用、怎么预约。\n\n")
	}
	if err := os.WriteFile(filepath.Join(bundle, "index.md"), []byte(md.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// One cache for the build and for buildAt's second look at the site.
	out, _ := buildAt(t, build.Config{Root: os.DirFS(dir), Cache: filepath.Join(t.TempDir(), "cache")})
	url := serveSite(t, out)

	tab := browser.Tab(t, b, 60*time.Second)
	w := newWatch(t, tab, url)
	// Mobile data, as 4G: how far ahead of the screen the browser starts
	// lazy photos depends on the connection.
	if _, err := chromedp.Call(tab, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Latency: 50, DownloadThroughput: 10e6 / 8, UploadThroughput: 2e6 / 8, ConnectionType: network.ConnectionTypeCellular4g,
	}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(tab,
		chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(url+"/spaces/gallery/"),
		chromedp.Poll[chromedp.Void](`document.readyState === "complete" && document.images[0].complete`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Sleep(500*time.Millisecond), // lazy photos near the screen start now
	)
	if err != nil {
		t.Fatal(err)
	}
	// Everything fetched before the reader scrolls must cost at most
	// photoBudgetFirst: the page, its style sheet and script, and the
	// photos on or just below the first screen. Photos further down wait
	// for the script; none more than lazyDistance4G below the screen (where
	// Chromium would start a plain lazy photo) may be fetched.
	loaded := w.loaded()
	first := total(loaded)
	type img struct {
		Top int
		Src string
	}
	imgs := eval[[]img](t, tab, `[...document.querySelectorAll("main img")].map(i => ({Top: Math.round(i.getBoundingClientRect().top), Src: new URL(i.currentSrc || i.src).pathname}))`)
	if len(imgs) != 6 {
		t.Fatalf("%d photos on the page, want 6", len(imgs))
	}
	var seen int64
	for u, n := range loaded {
		if !strings.HasSuffix(u, ".jpg") {
			seen += n
		}
	}
	for _, im := range imgs {
		n, fetched := loaded[im.Src]
		switch {
		case im.Top < phoneH:
			seen += n
		case im.Top > phoneH+lazyDistance4G && fetched:
			t.Errorf("the photo %d px down (%s) was fetched before the reader scrolled", im.Top, im.Src)
		}
	}
	t.Logf("before scrolling: %d KB fetched in all (budget %d KB), %d KB of it for the first screen", first>>10, photoBudgetFirst>>10, seen>>10)
	if first > photoBudgetFirst {
		t.Errorf("the page fetches %d KB before the reader scrolls; the budget is %d KB", first>>10, photoBudgetFirst>>10)
	}
	// Scroll down a screen at a time, as a reader does, to the end.
	for range 40 {
		if eval[bool](t, tab, `(() => { const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 2; scrollBy(0, innerHeight); return end })()`) {
			break
		}
		chromedp.Run(tab, chromedp.Sleep(150*time.Millisecond))
	}
	err = chromedp.Do(tab, chromedp.Poll[chromedp.Void](`[...document.images].every(i => i.complete && i.naturalWidth > 0)`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Errorf("not every photo loaded after scrolling to the end: %v", err)
	}
	all := first + total(w.loaded())
	t.Logf("after scrolling to the end: %d KB (budget %d KB)", all>>10, photoBudgetAll>>10)
	if all > photoBudgetAll {
		t.Errorf("the page fetches %d KB once scrolled to the end; the budget is %d KB", all>>10, photoBudgetAll>>10)
	}
	shapes := eval[string](t, tab, `[...document.querySelectorAll("main img")].map(i => i.naturalWidth > i.naturalHeight ? "landscape" : "portrait").join(" ")`)
	if want := strings.TrimSpace(strings.Repeat("landscape ", 6)); shapes != want {
		t.Errorf("the photos show as %q, want all upright: %q", shapes, want)
	}
	w.check(t)

	for _, width := range []int{320, 375} {
		err := chromedp.Do(tab,
			chromedp.EmulateViewport(int64(width), phoneH, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(url+"/spaces/gallery/"),
			chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second)),
		)
		if err != nil {
			t.Fatal(err)
		}
		if sw := eval[int](t, tab, `document.documentElement.scrollWidth`); sw > width {
			t.Errorf("at %d px the page is %d px wide: it scrolls sideways", width, sw)
		}
	}
	// Without JavaScript every photo is there, from its <noscript> copy,
	// and no empty box stands beside it.
	noJS := browser.Tab(t, b, 30*time.Second)
	if err := chromedp.Do(noJS); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(noJS, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	open(t, noJS, url+"/spaces/gallery/")
	for range 40 {
		if eval[bool](t, noJS, `(() => { const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 2; scrollBy(0, innerHeight); return end })()`) {
			break
		}
		chromedp.Run(noJS, chromedp.Sleep(150*time.Millisecond))
	}
	shown := eval[int](t, noJS, `[...document.querySelectorAll("main img")].filter(i => i.offsetParent && i.complete && i.naturalWidth > 1).length`)
	boxes := eval[int](t, noJS, `[...document.querySelectorAll("main img[data-src]")].filter(i => i.offsetParent).length`)
	if shown != 6 || boxes != 0 {
		t.Errorf("without JavaScript %d photos show and %d empty boxes; want 6 and 0", shown, boxes)
	}

	// The home page's card of the space shows its cover, also within the screen.
	open(t, tab, url+"/")
	if n := eval[int](t, tab, `document.querySelectorAll('a[href="/spaces/gallery/"] img.card-photo').length`); n != 1 {
		t.Errorf("the home page shows %d cover pictures on the space's card, want 1", n)
	}
	if sw := eval[int](t, tab, `document.documentElement.scrollWidth`); sw > phoneW {
		t.Errorf("the home page is %d px wide at %d", sw, phoneW)
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, b := range m {
		n += b
	}
	return n
}
