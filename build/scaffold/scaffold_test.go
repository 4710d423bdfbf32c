package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build"
)

// site copies the test site into a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	// The test site: a copy of the centre's content kept for the tests,
	// with the repository's layouts and static files.
	for sub, from := range map[string]string{"content": "build/testdata/site/content", "layouts": "layouts", "static": "static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", from))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// builds builds the site and returns the text of the page at rel, or "".
func builds(t *testing.T, dir string, drafts bool, rel string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), build.Config{Root: os.DirFS(dir), Out: out, Drafts: drafts}); err != nil {
		t.Fatalf("the site does not build with the new page:\n%v", err)
	}
	b, _ := os.ReadFile(filepath.Join(out, rel))
	return string(b)
}

// 20:00 UTC on 1 June is already 2 June in Shanghai.
var now = time.Date(2024, 6, 1, 20, 0, 0, 0, time.UTC)

func TestSpace(t *testing.T) {
	dir := site(t)
	p, err := New(dir, "space", "reading-room", now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != "content/spaces/reading-room.md" {
		t.Errorf("created %s", p.Path)
	}
	text, _ := os.ReadFile(filepath.Join(dir, p.Path))
	// The repository's last space has weight 120; the new one comes after it.
	if !strings.Contains(string(text), "\nweight: 130 ") {
		t.Errorf("new space's front matter:\n%s", text)
	}
	if page := builds(t, dir, false, "spaces/reading-room/index.html"); !strings.Contains(page, "在这里写正文。") {
		t.Errorf("the new space has no page:\n%.300s", page)
	}
	if _, err := New(dir, "space", "reading-room", now); err == nil || !strings.Contains(err.Error(), "content/spaces/reading-room.md already exists") {
		t.Errorf("second New: %v, want a refusal to overwrite", err)
	}
}

func TestMilestone(t *testing.T) {
	dir := site(t)
	p, err := New(dir, "milestone", "2024-06-reading", now)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, p.Path))
	if !strings.Contains(string(text), "\ndate: 2024-06-02 ") {
		t.Errorf("milestone is not dated today in Shanghai:\n%s", text)
	}
	if page := builds(t, dir, false, "timeline/index.html"); !strings.Contains(page, `id="2024-06-reading"`) {
		t.Error("the new milestone is not on the timeline")
	}
}

func TestClip(t *testing.T) {
	dir := site(t)
	p, err := New(dir, "clip", "07-reading", now)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, p.Path))
	for _, want := range []string{"\nstop: 7 ", "\naudio: 07-reading.mp3\n", "\ndate: 2024-06-02 ", "\ndraft: true "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("new clip lacks %q:\n%s", want, text)
		}
	}
	if len(p.Notes) == 0 || !strings.Contains(p.Notes[0], "content/listen/07-reading.mp3") {
		t.Errorf("notes do not say where the recording goes: %q", p.Notes)
	}
	// A draft until the recording is there: the site builds without it.
	builds(t, dir, false, "")

	// With the recording already in place, the clip is not a draft.
	mp3, _ := os.ReadFile(filepath.Join(dir, "content/listen/01-welcome.mp3"))
	os.WriteFile(filepath.Join(dir, "content/listen/08-more.mp3"), mp3, 0o644)
	p, err = New(dir, "clip", "08-more", now)
	if err != nil {
		t.Fatal(err)
	}
	text, _ = os.ReadFile(filepath.Join(dir, p.Path))
	if strings.Contains(string(text), "draft") || !strings.Contains(string(text), "\nstop: 8 ") {
		t.Errorf("clip with its recording:\n%s", text)
	}
	if page := builds(t, dir, false, "listen/08-more/index.html"); !strings.Contains(page, "文字稿") {
		t.Error("the new clip has no page")
	}
}

// TestClipAfterPrinted never gives a new clip a number printed on the wall,
// even when no clip has it any more.
func TestClipAfterPrinted(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "content/printed.yaml"), []byte(`runs:
  - date: 2024-01-01
    codes:
      - stop: 12
        url: HTTPS://ZHAOJIAXIANG.NETLIFY.APP/L/12
        title: 旧录音
        page: /listen/12-old/
`), 0o644)
	p, err := New(dir, "clip", "new-one", now)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, p.Path))
	if !strings.Contains(string(text), "\nstop: 13 ") {
		t.Errorf("clip after printed stop 12:\n%s", text)
	}
}

func TestBadNames(t *testing.T) {
	dir := site(t)
	for _, c := range []struct{ kind, name, want string }{
		{"space", "Reading Room", `"Reading Room" cannot be a page's name: the name becomes the page's address, so use only small latin letters, digits, "-", "_" and ".", starting with a letter or digit, for example reading-room`},
		{"space", "阅览室", `"阅览室" cannot be a page's name: the name becomes the page's address, so use only small latin letters, digits, "-", "_" and ".", starting with a letter or digit, for example yuelanshi`},
		{"page", "通知/开放日", "for example tongzhi"},
		{"space", "", "give the new page a name"},
		{"space", "../evil", "for example evil"},
		{"room", "x", `"room" is not a kind of page: use space, milestone, clip`},
		{"space", "library", "content/spaces/library.md already exists"},
		{"clip", "welcome", ""}, // a new name, and a draft: fine
	} {
		_, err := New(dir, c.kind, c.name, now)
		if c.want == "" {
			if err != nil {
				t.Errorf("New(%s, %q): %v", c.kind, c.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%s, %q): %v\nwant %q", c.kind, c.name, err, c.want)
		}
	}
	// A page whose slug is the name already has the address.
	os.WriteFile(filepath.Join(dir, "content/spaces/other.md"), []byte("---\ntitle: 别的\nslug: taken\n---\n"), 0o644)
	if _, err := New(dir, "space", "taken", now); err == nil || !strings.Contains(err.Error(), "content/spaces/other.md already has the address") {
		t.Errorf("New over a slug: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/spaces/taken.md")); err == nil {
		t.Error("a refused New wrote a file")
	}
	if _, err := New(t.TempDir(), "space", "x", now); err == nil || !strings.Contains(err.Error(), "there is no content/ folder") {
		t.Errorf("New outside a site: %v", err)
	}
}

// TestNewStaysInSite: a section folder that is a link leading out of the
// site folder is not written through; nothing appears outside.
func TestNewStaysInSite(t *testing.T) {
	dir := site(t)
	outside := t.TempDir()
	if err := os.RemoveAll(filepath.Join(dir, "content", "listen")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "content", "listen")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if _, err := New(dir, "clip", "evil", now); err == nil {
		t.Error("New wrote through a link leading out of the site")
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("New wrote %s outside the site", entries[0].Name())
	}
}
