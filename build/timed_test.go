package build_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/internal/browser"
)

// timedSite builds a small site with the repository's layouts and style and
// one clip, 20 seconds long, whose transcript gives each paragraph's start.
func timedSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, sub := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(root, sub), os.DirFS(filepath.Join("..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	// Ten times the frames of a 2-second CBR file, without its Info
	// header (whose frame count would make a browser think it 2 s long).
	one, err := os.ReadFile("audio/testdata/mpeg1-32k-cbr48-stereo.mp3")
	if err != nil {
		t.Fatal(err)
	}
	const infoFrame = 216 // 144 × 48 kbit/s ÷ 32 kHz
	if one[infoFrame] != 0xFF {
		t.Fatal("the sample MP3 no longer starts with a 216-byte Info frame")
	}
	files := map[string]string{
		"content/site.yaml":        "title: 测试中心\nbaseURL: https://example.org/\nproductionURL: HTTPS://EXAMPLE.ORG\naddress: 苏州\n",
		"content/_index.md":        "---\ntitle: 首页\n---\n\n欢迎。\n",
		"content/listen/_index.md": "---\ntitle: 党史悦听区\n---\n",
		"content/listen/talk.mp3":  strings.Repeat(string(one[infoFrame:]), 10),
		"content/listen/talk.md": "---\ntitle: 读书会怎么参加\nstop: 1\naudio: talk.mp3\ndate: 2026-12-01\n---\n\n" +
			"[0:00] 樊登读书会每月一次。\n\n[0:05] 地点在樊登社区中心。\n\n[0:10] 请提前一天电话预约。\n\n[0:15] 欢迎大家参加。\n",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Config{Root: os.DirFS(root), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	return out
}

// TestTimedTranscript: tapping the third paragraph of a timed transcript
// plays the clip from that paragraph's time and marks it; as the clip plays
// on, the mark moves to the next paragraph.
func TestTimedTranscript(t *testing.T) {
	b := browser.New(t)
	origin := serveSite(t, timedSite(t))
	tab := browser.Tab(t, b, 60*time.Second)
	w := newWatch(t, tab, origin)
	open(t, tab, origin+"/listen/talk/")

	const marked = `Array.from(document.querySelectorAll('.transcript p')).map(p => (p.classList.contains('is-current') ? '*' : '') + (p.getAttribute('aria-current') || '-')).join(' ')`
	if got := eval[string](t, tab, marked); got != "- - - -" {
		t.Errorf("before any tap the paragraphs are marked %q", got)
	}
	if got := eval[string](t, tab, `document.querySelectorAll('.transcript p')[2].querySelector('time').textContent`); got != "0:10" {
		t.Errorf("the third paragraph shows the time %q, want 0:10", got)
	}
	click(t, tab, `.transcript p[data-start="10"]`)
	pos, err := chromedp.Run(tab, chromedp.Poll[float64](
		`(a => !a.paused && a.currentTime > 10.2 && a.currentTime)(document.querySelector('audio'))`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("a tap on the third paragraph did not play from 0:10: %v", err)
	}
	if pos > 14 {
		t.Errorf("after the tap currentTime is %.2f, want just past 10", pos)
	}
	if got := eval[string](t, tab, marked); got != "- - *true -" {
		t.Errorf("while the third paragraph plays, the paragraphs are marked %q, want the third alone", got)
	}
	if got := eval[string](t, tab, `document.querySelector('[data-play-label]').textContent`); got != "暂停" {
		t.Errorf("while playing the button says %q; want 暂停", got)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll('.transcript p')[3].getAttribute('aria-current') === 'true'`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("past 0:15 the fourth paragraph is not marked: %v (marks %q)", err, eval[string](t, tab, marked))
	}
	screenshot(t, tab, "phone-clip-timed-transcript")
	w.check(t)
}
