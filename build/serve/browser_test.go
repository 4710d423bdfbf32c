package serve

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build/internal/browser"
)

// waitJS evaluates expr in the tab until it is true. A reload between two
// tries is expected, so errors only end the wait at the time limit.
func waitJS(t *testing.T, tab context.Context, what, expr string) {
	t.Helper()
	for {
		ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return
		}
		select {
		case <-tab.Done():
			t.Fatalf("%s: never happened (last error: %v)", what, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// TestBrowserLiveReload opens a page in Chromium, as an editor does, and
// saves files: a good save reloads the page, a broken one shows the
// problems over the page, the fix removes them, and a style sheet change
// restyles the page without reloading it.
func TestBrowserLiveReload(t *testing.T) {
	b := browser.New(t)
	p := start(t, site(t), Config{})
	tab := browser.Tab(t, b, 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(p.url+"/spaces/library/")); err != nil {
		t.Fatal(err)
	}
	// The script is connected once the server counts a second client.
	waitJS(t, tab, "page loaded", `document.readyState === "complete"`)
	deadline := time.Now().Add(10 * time.Second)
	for p.clientCount() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the page never connected to the reload stream")
		}
		time.Sleep(20 * time.Millisecond)
	}

	p.saveAtomic("content/spaces/library.md", space("图书馆", "浏览器里看到的新正文。"))
	waitJS(t, tab, "reload with the new text", `document.querySelector("main").innerText.includes("浏览器里看到的新正文。")`)

	p.write("content/spaces/library.md", "---\ntitle: 图书馆\nweigth: 2\n---\n")
	waitJS(t, tab, "overlay", `!!document.getElementById("site-problems")`)
	text, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("site-problems").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, `content/spaces/library.md:3: unknown key "weigth" (did you mean "weight"?)`) {
		t.Errorf("overlay says:\n%s", text)
	}
	if main, _ := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("main").innerText`)); !strings.Contains(main, "浏览器里看到的新正文。") {
		t.Error("a failed build changed the page shown")
	}

	p.write("content/spaces/library.md", space("图书馆", "改好了。"))
	waitJS(t, tab, "overlay gone and new text", `!document.getElementById("site-problems") && document.querySelector("main").innerText.includes("改好了。")`)

	// A style sheet change swaps styles; the page is not reloaded, so a
	// mark left on the window survives.
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`)); err != nil {
		t.Fatal(err)
	}
	css, err := os.ReadFile(filepath.Join(p.dir, "static/css/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	p.saveAtomic("static/css/site.css", string(css)+"\nbody { background-color: rgb(1, 2, 3); }\n")
	waitJS(t, tab, "new style", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.notReloaded === true && document.querySelectorAll('link[rel="stylesheet"]').length === 1`)); err != nil || !ok {
		t.Errorf("the style sheet change reloaded the page or left the old style sheet (%v)", err)
	}
}
