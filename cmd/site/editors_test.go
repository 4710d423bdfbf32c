package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	dir := site(t)
	// Until the domain is ICP-filed, the missing number is a warning.
	setting(t, dir, "icp", `""`)
	if code, stdout, stderr := siteRun("check", "-src", dir); code != 0 || !strings.Contains(stderr, "warning: icp is empty") || !strings.HasSuffix(stdout, "no problems, 1 warning\n") {
		t.Errorf("check without icp: exit %d\n%s%s", code, stdout, stderr)
	}
	setting(t, dir, "icp", "苏ICP备00000000号-1")
	code, stdout, stderr := siteRun("check", "-src", dir)
	if code != 0 || !strings.HasPrefix(stdout, "checked ") || !strings.HasSuffix(stdout, ": no problems\n") || stderr != "" {
		t.Fatalf("check of the repository's site: exit %d\n%s%s", code, stdout, stderr)
	}

	// A milestone in the future is a warning: printed, exit 0.
	now = func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { now = time.Now })
	os.WriteFile(filepath.Join(dir, "content/timeline/2030-plan.md"), []byte("---\ntitle: 计划\ndate: 2030\n---\n"), 0o644)
	code, stdout, stderr = siteRun("check", "-src", dir)
	if code != 0 || stderr != "content/timeline/2030-plan.md:3: warning: date 2030 is in the future (the timeline records what has happened; check the year)\n" || !strings.HasSuffix(stdout, "no problems, 1 warning\n") {
		t.Errorf("future milestone: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}

	// A link that goes nowhere is an error: exit 1, with its line.
	os.WriteFile(filepath.Join(dir, "content/spaces/youth.md"), []byte("---\ntitle: 青年之家\n---\n\n去[图书馆](/spaces/libary/)。\n"), 0o644)
	code, stdout, stderr = siteRun("check", "-src", dir)
	want := `content/spaces/youth.md:5: link "/spaces/libary/" goes nowhere: the site has no page or file at /spaces/libary/
content/timeline/2030-plan.md:3: warning: date 2030 is in the future (the timeline records what has happened; check the year)
site: 1 problem and 1 warning
`
	if code != 1 || stderr != want || stdout != "" {
		t.Errorf("broken link: exit %d\nstderr:\n%s\nwant:\n%s", code, stderr, want)
	}
}

func TestNew(t *testing.T) {
	dir := site(t)
	code, stdout, stderr := siteRun("new", "-src", dir, "space", "reading-room")
	if code != 0 || !strings.HasPrefix(stdout, "created content/spaces/reading-room.md\n") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = siteRun("new", "-src", dir, "space", "reading-room")
	if code != 1 || stderr != "site new: content/spaces/reading-room.md already exists; choose another name, or open that file\n" {
		t.Errorf("second new: exit %d %q", code, stderr)
	}
	code, _, stderr = siteRun("new", "-src", dir, "clip", "Old Songs")
	if code != 1 || !strings.Contains(stderr, "for example old-songs") {
		t.Errorf("bad name: exit %d %q", code, stderr)
	}
	code, stdout, _ = siteRun("new", "-src", dir, "clip", "07-songs")
	if code != 0 || !strings.Contains(stdout, "next: put the recording at content/listen/07-songs.mp3") {
		t.Errorf("new clip: exit %d %q", code, stdout)
	}
	if code, _, _ = siteRun("new", "-src", dir, "space"); code != 2 {
		t.Errorf("new without a name: exit %d, want 2", code)
	}
	// Everything new builds and checks.
	if code, stdout, stderr := siteRun("check", "-src", dir); code != 0 {
		t.Errorf("check after new: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBuildDrafts builds with and without -drafts.
func TestBuildDrafts(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "content/spaces/draft-room.md"), []byte("---\ntitle: 草稿空间\ndraft: true\n---\n"), 0o644)
	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "spaces/draft-room/index.html")); err == nil {
		t.Error("a draft was built without -drafts")
	}
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out, "-drafts"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "spaces/draft-room/index.html")); err != nil {
		t.Error("-drafts did not build the draft")
	}
}

// TestServe runs "site serve -drafts" on a free port, reads the address it
// prints, and fetches a draft page with the reload script in it; public/
// is never written.
func TestServe(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "content/spaces/draft-room.md"), []byte("---\ntitle: 草稿空间\ndraft: true\n---\n\n草稿正文。\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-src", dir, "-addr", "127.0.0.1:0", "-drafts"}, pw, io.Discard)
		pw.Close()
	}()
	first, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	url, ok := strings.CutPrefix(strings.TrimSpace(first), "preview at ")
	if !ok {
		t.Fatalf("first line %q", first)
	}
	resp, err := http.Get(url + "spaces/draft-room/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "草稿正文。") || !strings.Contains(string(body), `<script src="/_site/live.js"`) {
		t.Errorf("GET draft page: %d\n%.300s", resp.StatusCode, body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d after Ctrl+C", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("serve wrote public/")
	}
}
