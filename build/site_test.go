package build_test

import (
	"bytes"
	"context"
	_ "image/png"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/scan"
)

// buildSite builds the test site: testdata/site/content, a copy of the
// centre's content kept for the tests, drawn with the repository's own
// layouts and static files. Editors change the repository's content/;
// the tests never read it (TestRepoSite aside).
func buildSite(t *testing.T) (string, *build.Site) {
	t.Helper()
	return buildAt(t, build.Config{Content: os.DirFS("testdata/site"), Layouts: os.DirFS(".."), Static: os.DirFS("..")})
}

func buildAt(t *testing.T, cfg build.Config) (string, *build.Site) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	cfg.Out = out
	res, err := build.Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("the site does not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the site builds with warnings:\n%v", res.Warnings)
	}
	cfg.Out = ""
	s, _ := build.Assemble(cfg)
	return out, s
}

// TestRepoSite is the one test of the repository's own site, whatever its
// editors have written: it builds without a problem or a warning, every
// space has a page that the home page links to, every listed clip's QR
// code reads its short URL and leads to the clip's page, and every clip
// page stays within its weight.
func TestRepoSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	cfg := build.Config{Root: os.DirFS(".."), Out: out}
	res, err := build.Build(context.Background(), cfg)
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the repository's site builds with warnings:\n%v", res.Warnings)
	}
	s, _ := build.Assemble(build.Config{Root: os.DirFS("..")})
	home := readFile(t, out, "index.html")
	for _, sp := range s.Data.Spaces {
		if !strings.Contains(home, `href="`+sp.URL()+`"`) {
			t.Errorf("index.html has no link to %s", sp.URL())
		}
		readFile(t, out, strings.TrimPrefix(sp.URL(), "/")+"index.html")
	}
	checkCodes(t, out, s)
	for _, c := range s.Data.Clips {
		if w := pageWeight(t, out, c.URL()); w > clipBudget {
			t.Errorf("%s weighs %d bytes before the tap; the budget is %d", c.URL(), w, clipBudget)
		}
	}
}

// TestDeterministic builds the site twice and wants the same bytes.
func TestDeterministic(t *testing.T) {
	a, _ := buildSite(t)
	b, _ := buildSite(t)
	files := 0
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds of the same input", rel)
		}
		files++
		return nil
	})
	if files < 50 {
		t.Errorf("only %d files were compared", files)
	}
}

// TestQRCodesReachClips reads every generated qr.png with a real QR decoder,
// checks it holds the clip's short URL at the production address, and follows
// that URL over HTTP, through the built forwarding page, to the clip's page.
func TestQRCodesReachClips(t *testing.T) {
	out, s := buildSite(t)
	checkCodes(t, out, s)
}

// checkCodes reads every listed clip's qr.png with a real decoder, checks
// it holds the clip's short URL at the production address at level Q, and
// follows that URL over HTTP, through the built forwarding page, to the
// clip's page; _redirects has the same forwards.
func checkCodes(t *testing.T, out string, s *build.Site) {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	redirects := readFile(t, out, "_redirects")
	for _, c := range s.Data.Clips {
		got, err := scan.File(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(c.QRPNG, "/"))))
		if err != nil {
			t.Fatal(err)
		}
		want := qr.ShortURL(s.Data.ProductionURL, c.Stop)
		if got.Text != want {
			t.Errorf("%s reads %q, want %q", c.QRPNG, got.Text, want)
		}
		if got.Level != "Q" {
			t.Errorf("%s: error correction %q, want Q", c.QRPNG, got.Level)
		}
		// The host of the printed URL is the production site; here the same
		// path is asked of a local server holding the build.
		path := strings.TrimPrefix(strings.ToUpper(want), strings.ToUpper(s.Data.ProductionURL))
		page := follow(t, srv.URL+path)
		if !strings.Contains(page, "<h1>"+c.Title+"</h1>") {
			t.Errorf("%s led to a page without the clip's title %q", want, c.Title)
		}
		for _, p := range []string{path, strings.ToLower(path)} {
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p) + `\s+` + regexp.QuoteMeta(c.URL()) + `\s+302!$`).MatchString(redirects) {
				t.Errorf("_redirects has no rule from %s to %s", p, c.URL())
			}
		}
	}
}

// follow opens url as a phone does after a scan and returns the page it ends on.
func follow(t *testing.T, url string) string {
	t.Helper()
	page, _, err := scan.Follow(url)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatalf("the build has no %s", name)
	}
	return string(b)
}
