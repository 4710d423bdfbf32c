package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/txtartest"
)

// linkSite writes the input of the engine's basic test case into a
// temporary folder: a site that does not depend on the repository's content.
func linkSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	txtartest.Write(t, dir, txtartest.FS(t, "../../build",
		txtartest.Parse(t, "../../build/testdata/_base.txtar"), txtartest.Parse(t, "../../build/testdata/basic.txtar")))
	return dir
}

// link replaces (or adds) name in the site with a symbolic link to target.
func link(t *testing.T, dir, name, target string) {
	t.Helper()
	full := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(full), 0o755)
	os.RemoveAll(full)
	if err := os.Symlink(target, full); err != nil {
		t.Fatal(err)
	}
}

// TestLinksOutside puts real symbolic links that lead out of the site
// root where an editor's files go: each is an error naming the file, and
// nothing is published.
func TestLinksOutside(t *testing.T) {
	outside := t.TempDir()
	for name, data := range map[string]string{
		"secret.txt":   "SECRET",
		"page.md":      "---\ntitle: SECRET\n---\nSECRET\n",
		"partial.html": `{{define "x"}}SECRET{{end}}`,
		"site.yaml":    "title: SECRET\n",
		"folder/a.md":  "---\ntitle: SECRET\nweight: 1\n---\nSECRET\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(outside, name)), 0o755)
		os.WriteFile(filepath.Join(outside, name), []byte(data), 0o644)
	}
	mp3, _ := os.ReadFile("../../build/audio/testdata/mpeg2-22k-cbr32-mono.mp3")
	os.WriteFile(filepath.Join(outside, "hello.mp3"), mp3, 0o644)

	for _, c := range []struct{ name, target, want string }{
		{"static/env", "/proc/self/environ", "static/env: this is a link to a place outside the site folder"},
		{"static/secret.txt", filepath.Join(outside, "secret.txt"), "static/secret.txt: this is a link to a place outside the site folder"},
		{"static/up.txt", "../../" + filepath.Base(outside) + "/secret.txt", "static/up.txt: this is a link to a place outside the site folder"},
		{"content/spaces/evil.md", filepath.Join(outside, "page.md"), "content/spaces/evil.md: this is a link to a place outside the site folder"},
		{"layouts/partials/x.html", filepath.Join(outside, "partial.html"), "layouts/partials/x.html: this is a link to a place outside the site folder"},
		{"content/site.yaml", filepath.Join(outside, "site.yaml"), "content/site.yaml: this is a link to a place outside the site folder"},
		{"content/listen/hello.mp3", filepath.Join(outside, "hello.mp3"), "content/listen/hello.mp3: this is a link to a place outside the site folder"},
		{"content/spaces", filepath.Join(outside, "folder"), "content/spaces: this is a link to a place outside the site folder"},
	} {
		t.Run(strings.ReplaceAll(c.name, "/", "_"), func(t *testing.T) {
			dir := linkSite(t)
			link(t, dir, c.name, c.target)
			out := filepath.Join(dir, "public")
			code, stdout, stderr := siteRun("build", "-src", dir, "-o", out)
			if code != 1 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant a line with %q", code, stderr, c.want)
			}
			if strings.Contains(stdout+stderr, "SECRET") {
				t.Errorf("the message shows what is outside:\n%s", stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was published", out)
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".public.new-*"))
			if len(left) > 0 {
				t.Errorf("left %v", left)
			}
		})
	}
}

// TestLinksInside: links that stay inside the site root work, a folder
// included (content/spaces as a link to a folder of the site).
func TestLinksInside(t *testing.T) {
	dir := linkSite(t)
	link(t, dir, "static/copy.txt", "robots-extra.txt")
	os.Rename(filepath.Join(dir, "content/spaces"), filepath.Join(dir, "rooms"))
	link(t, dir, "content/spaces", "../rooms")
	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "copy.txt")); string(b) != "static file\n" {
		t.Errorf("copy.txt holds %q", b)
	}
	if _, err := os.Stat(filepath.Join(out, "spaces/library/index.html")); err != nil {
		t.Errorf("the linked spaces folder was not built: %v", err)
	}
}
