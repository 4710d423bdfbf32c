package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// site copies the test site into a temporary folder, so a test may break it.
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

func siteRun(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestBuildSummary(t *testing.T) {
	dir := site(t)
	out := filepath.Join(dir, "public")
	code, stdout, stderr := siteRun("build", "-src", dir, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^built \d+ pages, 6 clips, 6 QR codes \(\d+ files\) into .* in \d+(\.\d+)?(ms|s|µs)\n$`).MatchString(stdout) {
		t.Errorf("summary line: %q", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
}

// TestFailedBuildKeepsOutput breaks a page after a good build: the command
// exits 1, prints path:line messages, and the previous output is untouched.
func TestFailedBuildKeepsOutput(t *testing.T) {
	dir := site(t)
	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatal(stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "spaces/library/index.html"))

	os.WriteFile(filepath.Join(dir, "content/spaces/library.md"), []byte("---\ntitle: 图书馆\nweigth: 1\n---\n新的正文\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/timeline/x.md"), []byte("---\ntitle: 坏日期\ndate: 2022-02-30\n---\n"), 0o644)
	code, stdout, stderr := siteRun("build", "-src", dir, "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := `content/spaces/library.md:3: unknown key "weigth" (did you mean "weight"?)
content/timeline/x.md:3: date: "2022-02-30" is not a date: write it as 2022-07-01, 2022-07 or 2022
site: 2 problems; ` + out + ` was not changed
`
	if stderr != want || stdout != "" {
		t.Errorf("stderr:\n%s\nwant:\n%s\nstdout: %q", stderr, want, stdout)
	}
	after, _ := os.ReadFile(filepath.Join(out, "spaces/library/index.html"))
	if !bytes.Equal(before, after) || len(after) == 0 {
		t.Error("the failed build changed the previous output")
	}
	// The QR cache and the build kept for the next one may stay; an
	// unfinished folder may not.
	left, _ := filepath.Glob(filepath.Join(dir, ".public.new-*"))
	old, _ := filepath.Glob(filepath.Join(dir, ".public.old-*"))
	if left = append(left, old...); len(left) > 0 {
		t.Errorf("the failed build left %v behind", left)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"bake"}, {"build", "-nope"}, {"build", "extra"}, {"build", "-src", "/does/not/exist"}} {
		if code, _, stderr := siteRun(args...); code != 2 || stderr == "" {
			t.Errorf("site %s: exit %d, stderr %q; want 2 and a message", strings.Join(args, " "), code, stderr)
		}
	}
}

// TestPreviewBaseURL checks that -baseurl moves canonical links but never the
// URL inside QR codes.
func TestPreviewBaseURL(t *testing.T) {
	dir := site(t)
	out := filepath.Join(dir, "public")
	const preview = "https://deploy-preview-7--example.netlify.app"
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out, "-baseurl", preview); code != 0 {
		t.Fatal(stderr)
	}
	page, _ := os.ReadFile(filepath.Join(out, "listen/01-welcome/index.html"))
	if !strings.Contains(string(page), `<link rel="canonical" href="`+preview+`/listen/01-welcome/">`) {
		t.Error("canonical link does not use the preview's base URL")
	}
	svg, _ := os.ReadFile(filepath.Join(out, "listen/01-welcome/qr.svg"))
	if strings.Contains(string(svg), "deploy-preview") || !strings.Contains(string(svg), `aria-label="https://ZHAOJIAXIANG.NETLIFY.APP/L/1"`) {
		t.Errorf("QR code does not keep the production URL: %.200s", svg)
	}
}
