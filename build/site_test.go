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

// buildRepo builds the repository's own site (the folder above this one).
func buildRepo(t *testing.T) (string, *build.Site) {
	t.Helper()
	root := os.DirFS("..")
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), build.Config{Root: root, Out: out})
	if err != nil {
		t.Fatalf("the repository's site does not build:\n%v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("the repository's site builds with warnings:\n%v", res.Warnings)
	}
	s, _ := build.Assemble(build.Config{Root: root})
	return out, s
}

func TestRepoSite(t *testing.T) {
	out, s := buildRepo(t)
	home := readFile(t, out, "index.html")
	var want []string
	for _, sp := range s.Data.Spaces {
		want = append(want, sp.URL())
	}
	want = append(want, "/timeline/", "/listen/")
	for _, u := range want {
		if !strings.Contains(home, `href="`+u+`"`) {
			t.Errorf("index.html has no link to %s", u)
		}
		readFile(t, out, strings.TrimPrefix(u, "/")+"index.html")
	}
	listen := readFile(t, out, "listen/index.html")
	for _, c := range s.Data.Clips {
		if !strings.Contains(listen, `href="`+c.URL()+`"`) {
			t.Errorf("listen/index.html has no link to clip %d at %s", c.Stop, c.URL())
		}
	}
	if len(s.Data.Spaces) < 12 || len(s.Data.Clips) < 6 {
		t.Errorf("the site has %d spaces and %d clips; want at least 12 and 6", len(s.Data.Spaces), len(s.Data.Clips))
	}
	for _, c := range s.Data.Clips {
		if c.Size > 300<<10 {
			t.Errorf("%s is %d KB; keep clips well under 300 KB", c.Audio, c.Size>>10)
		}
	}
}

// TestDeterministic builds the site twice and wants the same bytes.
func TestDeterministic(t *testing.T) {
	a, _ := buildRepo(t)
	b, _ := buildRepo(t)
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
	out, s := buildRepo(t)
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
