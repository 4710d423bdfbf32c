package build_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/internal/browser"
)

// The tests look at the site on a small phone, 375×667 CSS pixels, as a
// resident does after scanning a code in WeChat.
const phoneW, phoneH = 375, 667

// screenshotDir is where the phone screenshots go, for a reviewer to look at
// after the run: screenshots/ at the top of the repository (git-ignored), or
// the folder SITE_SCREENSHOTS names.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SITE_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// serveSite serves a built site with the headers netlify.toml gives every
// path, the Content-Security-Policy among them: an inline script or a file
// from another origin is refused here as it would be in production, and the
// refusal shows up as a console error.
func serveSite(t *testing.T, dir string) string {
	t.Helper()
	var cfg struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile("../netlify.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{}
	for _, h := range cfg.Headers {
		if h.For == "/*" {
			headers = h.Values
		}
	}
	if headers["Content-Security-Policy"] == "" {
		t.Fatal("netlify.toml sets no Content-Security-Policy for /*")
	}
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// watch records what a tab's pages do wrong and what they load: console
// errors, uncaught exceptions, failed or refused requests, requests to
// another origin, and the bytes of every response body.
type watch struct {
	origin   string
	mu       sync.Mutex
	problems []string
	foreign  []string
	urls     map[network.RequestID]string
	bytes    map[network.RequestID]int64
}

func newWatch(t *testing.T, tab context.Context, origin string) *watch {
	t.Helper()
	w := &watch{origin: origin, urls: map[network.RequestID]string{}, bytes: map[network.RequestID]int64{}}
	if err := chromedp.Do(tab); err != nil { // open the tab
		t.Fatal(err)
	}
	err := chromedp.Listen(tab, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + d.Exception.Description
			}
			w.problems = append(w.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				w.problems = append(w.problems, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				w.problems = append(w.problems, fmt.Sprintf("browser log: %s %s", e.Entry.Text, e.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			u := e.Request.URL
			w.urls[e.RequestID] = u
			if !strings.HasPrefix(u, w.origin+"/") && !strings.HasPrefix(u, "data:") {
				w.foreign = append(w.foreign, u)
			}
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				w.problems = append(w.problems, fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
			}
		case *network.EventLoadingFailed:
			w.problems = append(w.problems, fmt.Sprintf("request failed: %s %s %s", w.urls[e.RequestID], e.ErrorText, e.BlockedReason))
		case *network.EventDataReceived:
			w.bytes[e.RequestID] += e.DataLength
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// loaded returns what was loaded since the last call, with the body size of each.
func (w *watch) loaded() map[string]int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := map[string]int64{}
	for id, u := range w.urls {
		out[strings.TrimPrefix(u, w.origin)] += w.bytes[id]
	}
	w.urls = map[network.RequestID]string{}
	w.bytes = map[network.RequestID]int64{}
	return out
}

func (w *watch) check(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, p := range w.problems {
		t.Error(p)
	}
	for _, u := range w.foreign {
		t.Errorf("fetched from another origin: %s", u)
	}
	w.problems, w.foreign = nil, nil
}

// open loads url in tab at phone size and waits until it has settled.
func open(t *testing.T, tab context.Context, url string) {
	t.Helper()
	err := chromedp.Do(tab,
		chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile),
		chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Sleep(200*time.Millisecond), // late requests, such as an icon
	)
	if err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
}

func eval[T any](t *testing.T, tab context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func click(t *testing.T, tab context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(screenshotDir(t), name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// The five kinds of page every resident meets. The clip is one with a stop
// before and after it.
func phonePages(t *testing.T, s *build.Site) map[string]string {
	t.Helper()
	var clip *build.Clip
	for _, c := range s.Data.Clips {
		if c.Prev != nil && c.Next != nil {
			clip = c
			break
		}
	}
	if clip == nil || len(s.Data.Spaces) == 0 {
		t.Fatal("the site needs a space and a clip with stops on both sides")
	}
	return map[string]string{
		"home":     "/",
		"space":    s.Data.Spaces[0].URL(),
		"timeline": s.Data.Timeline.URL(),
		"listen":   s.Data.Listen.URL(),
		"clip":     clip.URL(),
	}
}

// pageFacts is what looksRight measures in the page.
type pageFacts struct {
	FontSize      float64  `json:"fontSize"`
	LineHeight    float64  `json:"lineHeight"`
	ParaGap       float64  `json:"paraGap"`
	Paras         int      `json:"paras"`
	LowContrast   []string `json:"lowContrast"`
	SmallControls []string `json:"smallControls"`
	Controls      int      `json:"controls"`
	Texts         int      `json:"texts"`
	ScrollWidth   float64  `json:"scrollWidth"`
	ZoomLocked    bool     `json:"zoomLocked"`
}

// looksRight measures, from the computed styles and the layout, what the
// elder-friendly rules ask: body text size, line height and paragraph gap;
// the contrast of every piece of visible text against the colour actually
// behind it; and the box of every control.
const looksRight = `(() => {
  const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const over = (top, under) => ({r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1});
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const visible = el => {
    if (!el.checkVisibility || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0;
  };
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' "' + (el.textContent || el.value || '').trim().slice(0, 30) + '"';
  const out = {lowContrast: [], smallControls: [], controls: 0, texts: 0};
  // Body text: the editors' paragraphs, which carry no class.
  const p = document.querySelector('main p:not([class])') || document.body;
  const ps = getComputedStyle(p);
  out.fontSize = Math.min(parseFloat(ps.fontSize), parseFloat(getComputedStyle(document.body).fontSize));
  out.lineHeight = parseFloat(ps.lineHeight) / out.fontSize;
  const paras = [...document.querySelectorAll('main p:not([class])')].filter(visible);
  out.paras = paras.length;
  out.paraGap = Math.min(...paras.map(e => parseFloat(getComputedStyle(e).marginBottom) / parseFloat(getComputedStyle(e).fontSize)));
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!own || !visible(el)) continue;
    const s = getComputedStyle(el);
    const fg = over(parse(s.color), background(el));
    const L1 = lum(fg), L2 = lum(background(el));
    const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
    out.texts++;
    if (ratio < 4.5) out.lowContrast.push(name(el) + ' ' + ratio.toFixed(2) + ':1');
  }
  // A link inside a sentence is exempt, as WCAG 2.5.8 exempts inline
  // targets: a line of text cannot be 44 px high.
  const inline = el => el.tagName === 'A' && el.parentElement && /^(P|LI|TD)$/.test(el.parentElement.tagName) &&
    [...el.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim() !== '');
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, audio[controls], [tabindex]')) {
    if (!visible(el) || inline(el)) continue;
    out.controls++;
    const r = el.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) out.smallControls.push(name(el) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
  }
  out.scrollWidth = document.documentElement.scrollWidth;
  const vp = document.querySelector('meta[name=viewport]');
  out.zoomLocked = !!vp && /user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*1(\.0)?\b/.test(vp.content);
  return out;
})()`

func checkLooks(t *testing.T, tab context.Context, width int) {
	t.Helper()
	f := eval[pageFacts](t, tab, looksRight)
	if f.FontSize < 18 {
		t.Errorf("body text is %.1fpx; want at least 18", f.FontSize)
	}
	if f.LineHeight < 1.5 {
		t.Errorf("line height is %.2f; want at least 1.5", f.LineHeight)
	}
	if f.Paras > 0 && f.ParaGap < 1 {
		t.Errorf("paragraph spacing is %.2fem; want at least 1em", f.ParaGap)
	}
	if f.Texts < 5 || f.Controls < 5 {
		t.Errorf("measured only %d texts and %d controls", f.Texts, f.Controls)
	}
	for _, s := range f.LowContrast {
		t.Errorf("contrast below 4.5:1: %s", s)
	}
	for _, s := range f.SmallControls {
		t.Errorf("control smaller than 44×44: %s", s)
	}
	if f.ScrollWidth > float64(width) {
		t.Errorf("at %dpx the page is %.0fpx wide: it does not reflow", width, f.ScrollWidth)
	}
	if f.ZoomLocked {
		t.Error("the viewport forbids zooming")
	}
}

type axeResult struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkAxe runs axe-core in the page for WCAG 2.2 A and AA and best practice.
func checkAxe(t *testing.T, tab context.Context, axe string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
		t.Fatalf("loading axe-core: %v", err)
	}
	res := eval[struct {
		Violations []axeResult `json:"violations"`
		Passes     []struct{}  `json:"passes"`
	}](t, tab, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}}).then(r => ({violations: r.violations, passes: r.passes.map(() => ({}))}))`)
	if len(res.Passes) < 10 {
		t.Errorf("axe-core passed only %d rules: did it run?", len(res.Passes))
	}
	vs := res.Violations
	for _, v := range vs {
		for _, n := range v.Nodes {
			t.Errorf("axe %s: %s: %v %s", v.ID, v.Help, n.Target, n.HTML)
		}
	}
}

// TestPhonePages loads the five kinds of page at phone size and checks each
// as a resident would meet it: nothing broken, nothing from elsewhere, large
// readable text, large controls, a layout that reflows at 320px, and no
// violation axe-core can find. Screenshots go to screenshots/.
func TestPhonePages(t *testing.T) {
	b := browser.New(t)
	axe := browser.Axe(t)
	out, s := buildSite(t)
	origin := serveSite(t, out)
	for name, path := range phonePages(t, s) {
		t.Run(name, func(t *testing.T) {
			tab := browser.Tab(t, b, 60*time.Second)
			w := newWatch(t, tab, origin)
			open(t, tab, origin+path)
			loaded := w.loaded()
			w.check(t)
			if name == "clip" {
				var sum int64
				for u, n := range loaded {
					sum += n
					if len(u) > 60 {
						u = u[:60] + "…" // the browser's own data: icons
					}
					t.Logf("before the tap: %6d bytes %s", n, u)
				}
				t.Logf("before the tap: %6d bytes in all", sum)
				if sum > 40<<10 {
					t.Errorf("the clip page loads %d bytes before a tap; the budget is %d", sum, 40<<10)
				}
				for u := range loaded {
					if strings.HasSuffix(u, ".mp3") {
						t.Errorf("the clip page loads its audio %s before a tap", u)
					}
				}
			}
			screenshot(t, tab, "phone-"+name)
			checkLooks(t, tab, phoneW)
			checkAxe(t, tab, axe)
			if err := chromedp.Do(tab, chromedp.EmulateViewport(320, phoneH, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			checkLooks(t, tab, 320)
			w.check(t)
		})
	}
}

// clockText is how the page writes a duration: 0:22.
func clockText(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// TestClipPlayer taps the player's controls on a clip page and watches the
// audio element: playback starts from the tap, the printed length is the
// MP3's, speed and skip work, also before the metadata is in, and a refused
// play() leaves a usable button and a message.
func TestClipPlayer(t *testing.T) {
	b := browser.New(t)
	out, s := buildSite(t)
	origin := serveSite(t, out)
	var clip *build.Clip
	for _, c := range s.Data.Clips {
		if c.Duration > 20*time.Second && c.Next != nil {
			clip = c
			break
		}
	}
	if clip == nil {
		t.Fatal("no clip longer than 20 s to test the player with")
	}
	mp3, err := os.ReadFile(filepath.Join("testdata/site", clip.Audio))
	if err != nil {
		t.Fatal(err)
	}
	info, err := audio.Probe(mp3)
	if err != nil {
		t.Fatal(err)
	}
	tab := browser.Tab(t, b, 90*time.Second)
	w := newWatch(t, tab, origin)
	open(t, tab, origin+clip.URL())

	if got := eval[string](t, tab, `document.querySelector('.player .total').textContent`); got != clockText(info.Duration) {
		t.Errorf("the page shows a length of %s; the MP3 is %s long", got, clockText(info.Duration))
	}
	if got := eval[string](t, tab, `document.querySelector('audio').getAttribute('preload')`); got != "none" {
		t.Errorf("audio preload=%q; want none, so nothing is fetched before a tap", got)
	}
	if paused := eval[bool](t, tab, `document.querySelector('audio').paused`); !paused {
		t.Fatal("the clip plays before any tap")
	}
	size := eval[[]float64](t, tab, `(r => [r.width, r.height])(document.querySelector('[data-play]').getBoundingClientRect())`)
	if size[0] < 60 || size[1] < 60 {
		t.Errorf("the play button is %.0f×%.0f; want at least 60×60", size[0], size[1])
	}

	// Forward 15 s before anything has loaded: the position waits for the metadata.
	click(t, tab, `[data-skip="15"]`)
	if got := eval[string](t, tab, `document.querySelector('[data-elapsed]').textContent`); got != "0:15" {
		t.Errorf("after forward 15 s before playing, the page shows %s; want 0:15", got)
	}
	click(t, tab, `[data-play]`)
	pos, err := chromedp.Run(tab, chromedp.Poll[float64](`(a => a.currentTime > 15.2 && a.currentTime)(document.querySelector('audio'))`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("after forward 15 s and play, currentTime did not pass 15.2: %v", err)
	}
	t.Logf("playing from the kept position: currentTime %.2f", pos)
	if got := eval[string](t, tab, `document.querySelector('[data-play-label]').textContent`); got != "暂停" {
		t.Errorf("while playing the button says %q; want 暂停", got)
	}
	dur := eval[float64](t, tab, `document.querySelector('audio').duration`)
	if diff := dur - info.Duration.Seconds(); diff > 0.5 || diff < -0.5 {
		t.Errorf("the browser finds the MP3 %.2f s long; build/audio says %.2f s", dur, info.Duration.Seconds())
	}

	// Back 15 s, then watch it advance from there.
	click(t, tab, `[data-skip="-15"]`)
	t0 := eval[float64](t, tab, `document.querySelector('audio').currentTime`)
	if t0 > 2 {
		t.Errorf("after back 15 s currentTime is %.2f", t0)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('audio').currentTime > %f`, t0+0.5),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("currentTime does not advance from %.2f: %v", t0, err)
	}

	// Speed.
	for _, r := range []string{"0.75", "1.5", "1.25", "1"} {
		click(t, tab, `[data-rate="`+r+`"]`)
		got := eval[float64](t, tab, `document.querySelector('audio').playbackRate`)
		pressed := eval[string](t, tab, `document.querySelector('[data-rate="`+r+`"]').getAttribute('aria-pressed')`)
		if fmt.Sprint(got) != r || pressed != "true" {
			t.Errorf("after tapping speed %s: playbackRate %v, aria-pressed %s", r, got, pressed)
		}
	}

	// Forward 15 s while playing.
	t1 := eval[float64](t, tab, `document.querySelector('audio').currentTime`)
	click(t, tab, `[data-skip="15"]`)
	t2 := eval[float64](t, tab, `document.querySelector('audio').currentTime`)
	if t2 < t1+14.5 {
		t.Errorf("forward 15 s moved currentTime from %.2f to %.2f", t1, t2)
	}

	// Pause.
	click(t, tab, `[data-play]`)
	if paused := eval[bool](t, tab, `document.querySelector('audio').paused`); !paused {
		t.Error("a second tap on the button does not pause")
	}

	// WeChat and iOS may refuse play(): the button stays usable and says so.
	eval[chromedp.Void](t, tab, `(() => {
	  const real = HTMLMediaElement.prototype.play;
	  HTMLMediaElement.prototype.play = function () {
	    HTMLMediaElement.prototype.play = real;
	    return Promise.reject(new DOMException('refused', 'NotAllowedError'));
	  };
	})()`)
	click(t, tab, `[data-play]`)
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector('[data-msg]').textContent !== ''`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Error("a refused play() shows no message")
	}
	if got := eval[string](t, tab, `document.querySelector('[data-play-label]').textContent`); got != "播放" {
		t.Errorf("after a refused play() the button says %q; want 播放", got)
	}
	click(t, tab, `[data-play]`)
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`!document.querySelector('audio').paused`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Error("after a refused play(), a second tap does not play")
	}
	screenshot(t, tab, "phone-clip-playing")

	// Keyboard: Tab reaches the play button with a visible focus ring, and
	// Enter works it.
	click(t, tab, `[data-play]`) // pause
	open(t, tab, origin+clip.URL())
	reached := false
	for range 15 {
		if err := chromedp.Do(tab, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		f := eval[[]string](t, tab, `(e => [e.hasAttribute('data-play') ? 'play' : e.tagName, getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth])(document.activeElement)`)
		if f[1] == "none" || f[2] == "0px" {
			t.Errorf("%s has keyboard focus but no visible outline", f[0])
		}
		if f[0] == "play" {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("Tab does not reach the play button")
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`!document.querySelector('audio').paused`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Error("Enter on the focused play button does not play")
	}
	w.check(t)
}

// TestClipWithoutJavaScript: with scripts off, the browser's own player is
// there and the large one is not.
func TestClipWithoutJavaScript(t *testing.T) {
	b := browser.New(t)
	out, s := buildSite(t)
	origin := serveSite(t, out)
	tab := browser.Tab(t, b, 30*time.Second)
	if err := chromedp.Do(tab); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	open(t, tab, origin+s.Data.Clips[0].URL())
	box, err := chromedp.Run(tab, chromedp.Dimensions(chromedp.CSS("audio[controls]")))
	if err != nil {
		t.Fatalf("no audio element with controls: %v", err)
	}
	if box.Width < 200 || box.Height < 30 {
		t.Errorf("the browser's player is %d×%d", box.Width, box.Height)
	}
	if err := chromedp.Do(tab, chromedp.WaitNotVisible(chromedp.CSS("[data-player]"))); err != nil {
		t.Errorf("the large player shows without JavaScript: %v", err)
	}
	screenshot(t, tab, "phone-clip-no-javascript")
}

// TestLargeText turns on 大字 and checks that text grows, that the choice
// survives a reload and holds on the next page.
func TestLargeText(t *testing.T) {
	b := browser.New(t) // a browser of its own: the choice is kept in its storage
	out, s := buildSite(t)
	origin := serveSite(t, out)
	tab := browser.Tab(t, b, 60*time.Second)
	w := newWatch(t, tab, origin)
	clip := phonePages(t, s)["clip"]
	open(t, tab, origin+clip)
	size := func() float64 {
		return eval[float64](t, tab, `parseFloat(getComputedStyle(document.querySelector('main p:not([class])')).fontSize)`)
	}
	pressed := func() string {
		return eval[string](t, tab, `document.querySelector('[data-big-switch]').getAttribute('aria-pressed')`)
	}
	before := size()
	click(t, tab, `[data-big-switch]`)
	after := size()
	if after < before*1.15 || pressed() != "true" {
		t.Fatalf("大字 on: text %.1fpx → %.1fpx, aria-pressed %s; want at least 15%% larger and pressed", before, after, pressed())
	}
	open(t, tab, origin+clip)
	if got := size(); got != after || pressed() != "true" {
		t.Errorf("after a reload the text is %.1fpx (want %.1f), aria-pressed %s", got, after, pressed())
	}
	open(t, tab, origin+s.Data.Listen.URL())
	if got := size(); got < after*0.99 {
		t.Errorf("on the next page the text is %.1fpx; want %.1f", got, after)
	}
	open(t, tab, origin+clip)
	checkLooks(t, tab, phoneW)
	screenshot(t, tab, "phone-clip-large-text")
	click(t, tab, `[data-big-switch]`)
	if got := size(); got != before {
		t.Errorf("大字 off: text %.1fpx; want %.1f", got, before)
	}
	w.check(t)
}

// TestStopNumber types the number printed on the wall into the listening
// page and lands on the clip, in full-width digits too; an unknown number
// gets a message and no navigation.
func TestStopNumber(t *testing.T) {
	b := browser.New(t)
	out, s := buildSite(t)
	origin := serveSite(t, out)
	tab := browser.Tab(t, b, 60*time.Second)
	w := newWatch(t, tab, origin)
	for _, c := range []struct{ typed, want string }{
		{"3", "/listen/03-library/"},
		{"０５", "/listen/05-how-to-listen/"},
	} {
		open(t, tab, origin+s.Data.Listen.URL())
		if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS("#stop-input"), c.typed)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(".stop-form button")))); err != nil {
			t.Fatalf("typing %s: %v", c.typed, err)
		}
		if got := eval[string](t, tab, `location.pathname`); got != c.want {
			t.Errorf("typing %s led to %s; want %s", c.typed, got, c.want)
		}
	}
	open(t, tab, origin+s.Data.Listen.URL())
	if err := chromedp.Do(tab,
		chromedp.SendKeys(chromedp.CSS("#stop-input"), "99"),
		chromedp.Click(chromedp.CSS(".stop-form button")),
		chromedp.Sleep(300*time.Millisecond),
	); err != nil {
		t.Fatal(err)
	}
	if got := eval[string](t, tab, `location.pathname + " " + document.querySelector('.stop-msg').textContent`); !strings.HasPrefix(got, "/listen/ ") || !strings.Contains(got, "99") {
		t.Errorf("typing 99 (no such stop): %q", got)
	}
	// Arriving as the form sends it without JavaScript, on a host with no rules.
	if err := chromedp.Do(tab, chromedp.Navigate(origin+s.Data.Listen.URL()+"?stop=4")); err != nil {
		t.Fatal(err)
	}
	if got := waitPath(tab, "/listen/04-milestones/"); got != "/listen/04-milestones/" {
		t.Errorf("/listen/?stop=4 led to %s", got)
	}
	w.check(t)
}

// waitPath waits up to 10 s for the tab to show a page at want, across
// navigations, and returns the path it shows.
func waitPath(tab context.Context, want string) string {
	var got string
	for range 50 {
		p, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
		if err == nil && p != "" {
			got = p
			if p == want {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	return got
}

// clipBudget is what a clip page may make a phone fetch before the tap.
const clipBudget = 40 << 10

// TestClipPageWeight adds up, without a browser, what a clip page makes a
// phone fetch before the tap: the HTML and every stylesheet, script, icon
// and image it references. The budget is 40 KB.
func TestClipPageWeight(t *testing.T) {
	out, s := buildSite(t)
	for _, c := range s.Data.Clips {
		total := pageWeight(t, out, c.URL())
		if html := readFile(t, out, strings.TrimPrefix(c.URL(), "/")+"index.html"); !strings.Contains(html, `preload="none"`) {
			t.Errorf("%s: the audio is not preload=\"none\"", c.URL())
		}
		if total > clipBudget {
			t.Errorf("%s weighs %d bytes before the tap; the budget is %d", c.URL(), total, clipBudget)
		}
		if c == s.Data.Clips[0] {
			t.Logf("%s: %d bytes before the tap (budget %d)", c.URL(), total, clipBudget)
		}
	}
}

// pageWeight is what the page at the site path u makes a phone fetch
// before a tap: its HTML and what it references, audio aside.
func pageWeight(t *testing.T, out, u string) int {
	t.Helper()
	html := readFile(t, out, strings.TrimPrefix(u, "/")+"index.html")
	total := len(html)
	for _, tag := range tagRE.FindAllString(html, -1) {
		attr := func(name string) string {
			m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
			if m == nil {
				return ""
			}
			return m[1]
		}
		src := attr("src")
		if strings.HasPrefix(tag, "<link") {
			if rel := attr("rel"); rel != "stylesheet" && rel != "icon" && rel != "preload" {
				continue // canonical, alternate: not fetched by the page
			}
			src = attr("href")
		}
		if src == "" || strings.HasPrefix(src, "data:") {
			continue
		}
		if strings.Contains(src, "://") || strings.HasPrefix(src, "//") {
			t.Errorf("%s references %s on another origin", u, src)
			continue
		}
		if strings.HasSuffix(src, ".mp3") {
			continue // fetched on the tap
		}
		total += len(readFile(t, out, strings.TrimPrefix(src, "/")))
	}
	return total
}

// tagRE finds the tags through which a page fetches something by itself.
var tagRE = regexp.MustCompile(`<(?:link|script|img|source|video)\b[^>]*>`)

// TestLooksRightCatches shows the measurements above can fail: on a page
// built to break each rule, each one is reported.
func TestLooksRightCatches(t *testing.T) {
	b := browser.New(t)
	dir := t.TempDir()
	bad := `<!doctype html><html lang="zh-CN"><meta name="viewport" content="width=device-width, maximum-scale=1">
<body style="font:14px/1.2 sans-serif;background:#fff"><main>
<p style="margin:0">小字。</p><p style="color:#aaa;margin:0">浅灰色的字。</p>
<a href="/x" style="font-size:12px">小</a><button style="width:30px;height:30px">b</button>
<div style="width:600px">宽</div></main></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	url := browser.Serve(t, dir)
	tab := browser.Tab(t, b, 30*time.Second)
	open(t, tab, url+"/")
	f := eval[pageFacts](t, tab, looksRight)
	if f.FontSize >= 18 || f.LineHeight >= 1.5 || f.ParaGap >= 1 || len(f.LowContrast) != 1 ||
		len(f.SmallControls) != 2 || f.ScrollWidth <= phoneW || !f.ZoomLocked {
		t.Errorf("the measurements miss faults of a bad page: %+v", f)
	}
}
