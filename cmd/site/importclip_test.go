package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/content"
)

// clipSite makes a small site for importing into: the repository's
// layouts and style, its own content: one clip at stop 1, a retired one at
// stop 2 whose placard was printed.
func clipSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	mp3, err := os.ReadFile("../../build/audio/testdata/mpeg2-22k-cbr32-mono.mp3")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"content/site.yaml":        "title: 测试中心\nbaseURL: https://example.org/\nproductionURL: HTTPS://EXAMPLE.ORG\naddress: 苏州\n",
		"content/_index.md":        "---\ntitle: 首页\n---\n\n欢迎。\n",
		"content/listen/_index.md": "---\ntitle: 党史悦听区\n---\n",
		"content/listen/hello.md":  "---\ntitle: 你好\nstop: 1\naudio: hello.mp3\ndate: 2024-05-01\n---\n\n文字稿。\n",
		"content/listen/hello.mp3": string(mp3),
		"content/listen/old.md":    "---\ntitle: 旧录音\nstop: 2\nretired: true\ndate: 2024-01-01\n---\n",
		"content/printed.yaml":     "runs:\n  - date: 2025-03-01\n    codes:\n      - stop: 2\n        url: HTTPS://EXAMPLE.ORG/L/2\n        title: 旧录音\n        page: /listen/old/\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listing is every file under dir/content with its bytes, to show that a
// refused import changed nothing.
func listing(t *testing.T, dir string) map[string]string {
	t.Helper()
	return readAll(t, filepath.Join(dir, "content"))
}

func readAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

// TestImportClipNoFFmpeg: without ffmpeg the command says how to install it
// and changes nothing; a WeChat voice message is refused all the same.
func TestImportClipNoFFmpeg(t *testing.T) {
	dir := clipSite(t)
	rec := filepath.Join(t.TempDir(), "rec.m4a")
	os.WriteFile(rec, []byte("\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00isomM4A "), 0o644)
	silk := filepath.Join(t.TempDir(), "voice.amr")
	os.WriteFile(silk, []byte("\x02#!SILK_V3\x0c\x00\x8a\x1f"), 0o644)
	before := listing(t, dir)
	t.Setenv("PATH", t.TempDir())

	code, stdout, stderr := siteRun("import", "clip", "-src", dir, "reading-club", rec)
	if code != 1 || stdout != "" || !strings.Contains(stderr, `"sudo apt-get install ffmpeg"`) || !strings.Contains(stderr, "Windows or macOS") {
		t.Errorf("without ffmpeg: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	code, _, stderr = siteRun("import", "clip", "-src", dir, "voice", silk)
	if code != 1 || !strings.Contains(stderr, "WeChat voice message") || !strings.Contains(stderr, "录音机") {
		t.Errorf("WeChat voice: exit %d %q", code, stderr)
	}
	if !maps.Equal(before, listing(t, dir)) {
		t.Error("a refused import changed content/")
	}
}

func TestStopFor(t *testing.T) {
	printed, errs := content.ParsePrinted([]byte("runs:\n  - date: 2025-03-01\n    codes:\n      - stop: 9\n        url: HTTPS://EXAMPLE.ORG/L/9\n        title: 旧录音\n        page: /listen/gone/\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	clips := []*content.Clip{{Stop: 1}, {Stop: 4}}
	clips[0].Path, clips[1].Path = "content/listen/a.md", "content/listen/b.md"
	site := &content.Site{Clips: clips, Printed: printed}
	for _, c := range []struct {
		same  *content.Clip
		asked int
		want  int
		err   string
	}{
		{nil, 0, 10, ""},
		{nil, 7, 7, ""},
		{nil, 4, 0, "-stop 4: content/listen/b.md has that number; leave -stop out to get the next free one (10)"},
		{nil, 9, 0, "-stop 9: a placard printed on 2025-03-01 carries that number (for 旧录音), and a resident may still scan it; leave -stop out to get the next free one (10)"},
		{clips[1], 0, 4, ""},
		{clips[1], 4, 4, ""},
		{clips[1], 5, 0, "-stop 5: content/listen/b.md already has stop 4, printed on the wall for it; leave -stop out"},
	} {
		got, err := stopFor(site, c.same, c.asked)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && err.Error() != c.err {
			t.Errorf("stopFor(-stop %d) = %d, %v; want %d, %q", c.asked, got, err, c.want, c.err)
		}
	}
}

// TestImportClip imports a recording into a site, refuses to do it twice,
// replaces it with -force, and builds the clip once its transcript is
// written, with start times checked against the recording's length.
func TestImportClip(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		if os.Getenv("SITE_MEDIA_TESTS") == "1" {
			t.Fatal("SITE_MEDIA_TESTS=1 but ffmpeg is not installed")
		}
		t.Skip("no ffmpeg; set SITE_MEDIA_TESTS=1 to make this a failure")
	}
	if testing.Short() {
		t.Skip("converting a recording takes a while")
	}
	now = func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { now = time.Now })
	dir := clipSite(t)
	// A recording: a second of room noise, six of a warbling tone, a second of noise.
	rec := filepath.Join(t.TempDir(), "读书会.m4a")
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y",
		"-f", "lavfi", "-i", "anoisesrc=d=1:c=pink:a=0.001:r=48000",
		"-f", "lavfi", "-i", "sine=f=330:d=6:r=48000",
		"-f", "lavfi", "-i", "anoisesrc=d=1:c=pink:a=0.001:r=48000",
		"-filter_complex", "[1]tremolo=f=3:d=0.6[s];[0][s][2]concat=n=3:v=0:a=1",
		"-c:a", "aac", rec).CombinedOutput()
	if err != nil {
		t.Fatalf("making the recording: %v\n%s", err, out)
	}

	code, stdout, stderr := siteRun("import", "clip", "-src", dir, "reading-club", rec, "-title", "樊登读书会怎么参加")
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "created content/listen/reading-club.mp3: 时长 0:06,响度 -1") ||
		!strings.Contains(stdout, "created content/listen/reading-club.md, stop 3, a draft\n") {
		t.Errorf("import said:\n%s", stdout)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "content/listen/reading-club.md"))
	for _, want := range []string{"\ntitle: 樊登读书会怎么参加 ", "\nstop: 3 ", "\naudio: reading-club.mp3\n", "\ndate: 2026-12-01 ", "\ndraft: true "} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("the page lacks %q:\n%s", want, md)
		}
	}
	mp3, _ := os.ReadFile(filepath.Join(dir, "content/listen/reading-club.mp3"))
	info, err := audio.Probe(mp3)
	if err != nil || info.Channels != 1 || info.SampleRate != 44100 || info.Duration < 5900*time.Millisecond || info.Duration > 6100*time.Millisecond {
		t.Errorf("the MP3: %+v %v", info, err)
	}

	// Never twice without -force; nothing changes.
	before := listing(t, dir)
	code, _, stderr = siteRun("import", "clip", "-src", dir, "reading-club", rec)
	if code != 1 || stderr != "site import clip: content/listen/reading-club.mp3 already exists; choose another name, or add -force to replace the recording\n" {
		t.Errorf("second import: exit %d %q", code, stderr)
	}
	code, _, stderr = siteRun("import", "clip", "-src", dir, "-stop", "1", "other", rec)
	if code != 1 || !strings.Contains(stderr, "-stop 1: content/listen/hello.md has that number") {
		t.Errorf("-stop 1: exit %d %q", code, stderr)
	}
	code, _, stderr = siteRun("import", "clip", "-src", dir, "-stop", "2", "other", rec)
	if code != 1 || !strings.Contains(stderr, "-stop 2: content/listen/old.md has that number") {
		t.Errorf("-stop 2: exit %d %q", code, stderr)
	}
	if !maps.Equal(before, listing(t, dir)) {
		t.Error("a refused import changed content/")
	}

	// The editor writes the transcript, with times, and publishes it.
	page := strings.Replace(string(md), "draft: true", "# published", 1) +
		"[0:00] 樊登读书会每月一次。\n\n[0:02] 在樊登社区中心。\n\n[0:04] 欢迎报名。\n"
	os.WriteFile(filepath.Join(dir, "content/listen/reading-club.md"), []byte(page), 0o644)
	// -force replaces the recording and keeps the page.
	code, stdout, stderr = siteRun("import", "clip", "-src", dir, "-force", "reading-club", rec)
	if code != 0 || !strings.Contains(stdout, "kept content/listen/reading-club.md: its title, stop number 3 and transcript are as they were") {
		t.Errorf("-force: exit %d\n%s%s", code, stdout, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "content/listen/reading-club.md")); string(got) != page {
		t.Errorf("-force changed the page:\n%s", got)
	}
	public := filepath.Join(t.TempDir(), "public")
	if code, stdout, stderr := siteRun("build", "-src", dir, "-o", public); code != 0 || stderr != "" {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	html, _ := os.ReadFile(filepath.Join(public, "listen/reading-club/index.html"))
	if !bytes.Contains(html, []byte(`<p data-start="4"><time class="ts" datetime="PT4S">0:04</time> 欢迎报名。</p>`)) {
		t.Errorf("the clip page lacks its timed paragraph:\n%s", html)
	}

	// A time past the end of the recording is an error at its line.
	os.WriteFile(filepath.Join(dir, "content/listen/reading-club.md"), []byte(page+"\n[0:07] 录音已经结束。\n"), 0o644)
	code, _, stderr = siteRun("build", "-src", dir, "-o", public)
	lines := strings.Count(page, "\n") + 2
	want := "content/listen/reading-club.md:" + strconv.Itoa(lines) + ": [0:07] is past the end of the recording, which lasts 0:06"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("time past the end: exit %d %q, want %q", code, stderr, want)
	}
}
