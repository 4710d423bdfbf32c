package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecondCentre builds a second centre of the park: a folder with only
// content/, drawn with this repository's layouts and static files as its
// theme, named by "theme:" in its site.yaml or by -theme. A layout of its
// own wins over the theme's.
func TestSecondCentre(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rel, err := filepath.Rel(dir, repo)
	if err != nil {
		t.Fatal(err)
	}
	settings := "title: 另一个党群服务中心\nbaseURL: https://other.example/\nproductionURL: https://OTHER.EXAMPLE\nmenu:\n  - page: /\n    title: 首页\n  - page: /spaces/\n  - page: /notices/\n"
	write("content/site.yaml", settings+"theme: "+filepath.ToSlash(rel)+"\n")
	write("content/_index.md", "---\ntitle: 首页\n---\n\n另一个中心。\n")
	write("content/spaces/_index.md", "---\ntitle: 空间\n---\n")
	write("content/spaces/hall.md", "---\ntitle: 多功能厅\n---\n\n示例。\n")
	write("content/notices/_index.md", "---\ntitle: 通知\n---\n")
	write("content/notices/a.md", "---\ntitle: 第一条通知\ndate: 2026-12-01\n---\n\n正文。\n")
	write("content/notices/b.md", "---\ntitle: 第二条通知\ndate: 2026-12-02\n---\n\n正文。\n")

	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatalf("theme: in site.yaml: exit %d\n%s", code, stderr)
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	notices, _ := os.ReadFile(filepath.Join(out, "notices/index.html"))
	for _, want := range []string{"另一个中心。", `<a href="/notices/">通知</a>`, `href="/assets/css/site.`} {
		if !strings.Contains(string(home), want) {
			t.Errorf("the home page has no %q", want)
		}
	}
	if i, j := strings.Index(string(notices), "第二条通知"), strings.Index(string(notices), "第一条通知"); i < 0 || j < 0 || i > j {
		t.Errorf("notices/index.html does not list the notices newest first:\n%s", notices)
	}
	if _, err := os.Stat(filepath.Join(out, "notices/a/index.html")); err != nil {
		t.Error(err)
	}

	// The site's own layout wins over the theme's; -theme names the theme too.
	write("content/site.yaml", settings)
	write("layouts/page.html", `{{define "main"}}<h1 class="own">{{.Title}}</h1>{{end}}`)
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out, "-theme", repo); code != 0 {
		t.Fatalf("-theme: exit %d\n%s", code, stderr)
	}
	page, _ := os.ReadFile(filepath.Join(out, "notices/a/index.html"))
	if !strings.Contains(string(page), `<h1 class="own">第一条通知</h1>`) || !strings.Contains(string(page), `<footer`) {
		t.Errorf("the site's layouts/page.html did not win over the theme's, drawn in the theme's frame:\n%s", page)
	}
}
