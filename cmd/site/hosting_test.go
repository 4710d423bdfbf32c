package main

import (
	"html"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"github.com/zhaojiaxiang/site/build/txtartest"
)

// TestBeianFooter: once site.yaml has icp and policeRecord, every page with
// a footer shows both, linked to the registers' query pages.
func TestBeianFooter(t *testing.T) {
	dir := smallSite(t)
	setting(t, dir, "icp", "苏ICP备12345678号-1")
	setting(t, dir, "policeRecord", "苏公网安备 32059002001234号")
	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	icp := `<a href="https://beian.miit.gov.cn/" rel="noopener">苏ICP备12345678号-1</a>`
	police := `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=32059002001234" rel="noopener">苏公网安备 32059002001234号</a>`
	footers := 0
	for _, name := range htmlFiles(t, out) {
		b, _ := os.ReadFile(filepath.Join(out, name))
		page := string(b)
		_, foot, ok := strings.Cut(page, "<footer")
		if !ok {
			continue
		}
		footers++
		if strings.Count(foot, icp) != 1 || strings.Count(foot, police) != 1 {
			t.Errorf("%s: the footer does not show the ICP and police record numbers once each:\n%s", name, foot)
		}
	}
	if footers < 7 {
		t.Errorf("only %d pages have a footer", footers)
	}
}

// TestCSPMeta: every HTML page carries netlify.toml's Content-Security-Policy
// in a meta tag, for hosts that send no headers, without frame-ancestors,
// which a meta tag cannot carry.
func TestCSPMeta(t *testing.T) {
	var cfg struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile("../../netlify.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	var policy string
	for _, h := range cfg.Headers {
		if h.For == "/*" {
			policy = h.Values["Content-Security-Policy"]
		}
	}
	var keep []string
	for d := range strings.SplitSeq(policy, ";") {
		if d = strings.TrimSpace(d); d != "" && !strings.HasPrefix(d, "frame-ancestors") {
			keep = append(keep, d)
		}
	}
	want := strings.Join(keep, "; ")
	if want == "" || !strings.Contains(policy, "frame-ancestors") {
		t.Fatalf("netlify.toml's policy: %q", policy)
	}

	dir := smallSite(t)
	out := filepath.Join(dir, "public")
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	meta := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	for _, name := range htmlFiles(t, out) {
		b, _ := os.ReadFile(filepath.Join(out, name))
		head, _, _ := strings.Cut(string(b), "</head>")
		m := meta.FindAllStringSubmatch(head, -1)
		if len(m) != 1 || html.UnescapeString(m[0][1]) != want {
			t.Errorf("%s: Content-Security-Policy meta tags %q; want one with %q", name, m, want)
		}
	}
}

// smallSite is the repository's layouts and static files with the content
// of the deploy tests' small site (three clips, one space), so that editing
// content/ never breaks these tests.
func smallSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"layouts", "static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	site := txtartest.FS(t, "../../build/deploy", txtartest.Parse(t, "../../build/deploy/testdata/site.txtar"))
	maps.DeleteFunc(site, func(name string, _ *fstest.MapFile) bool { return !strings.HasPrefix(name, "content/") })
	txtartest.Write(t, dir, site)
	return dir
}

func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			names = append(names, p)
		}
		return err
	})
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages in %s: %v", dir, err)
	}
	return names
}
