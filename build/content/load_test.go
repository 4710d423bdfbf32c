package content

import (
	"bytes"
	"github.com/adrg/frontmatter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

const settings = "title: 测试\nbaseURL: https://example.org/\nproductionURL: HTTPS://EXAMPLE.ORG\n"

// folders are where the kinds of page live; a fuzz input picks one.
var folders = []string{"content/spaces/", "content/timeline/", "content/listen/", "content/"}

func loadOne(name string, src []byte) (*Site, fstest.MapFS, []string) {
	fsys := fstest.MapFS{
		SettingsFile:            {Data: []byte(settings)},
		name:                    {Data: src},
		"content/listen/01.mp3": {Data: []byte("not checked by Load")},
	}
	s, errs := Load(fsys, Options{Drafts: true})
	var lines []string
	for _, d := range errs {
		lines = append(lines, d.String())
	}
	return s, fsys, lines
}

// TestEditorsEncodings loads the same files written with a byte order mark,
// with CRLF line endings, and with both, as Windows editors save them:
// the pages, their line numbers, their diagnostics and their bodies are
// the same as with plain LF.
func TestEditorsEncodings(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"content/spaces/library.md", "---\ntitle: 图书馆\nweight: 2\n---\n\n## 开放时间\n每天\n"},
		{"content/spaces/library.md", "---\ntitle: 图书馆\nweigth: 2\n---\n正文\n"},
		{"content/timeline/2022.md", "---\ntitle: 投入使用\ndate: 2022-07-01 09:00\n---\n正文\n"},
		{"content/listen/01.md", "---\ntitle: 欢迎\nstop: 1\naudio: 01.mp3\n---\n\n文字稿。\n"},
		{"content/spaces/x.md", "---\ntitle: 没有结尾\n\n正文\n"},
	} {
		plain, fsys, want := loadOne(c.name, []byte(c.src))
		wantBody := body(t, plain, fsys)
		for enc, src := range map[string]string{
			"BOM":      "\xef\xbb\xbf" + c.src,
			"CRLF":     strings.ReplaceAll(c.src, "\n", "\r\n"),
			"BOM+CRLF": "\xef\xbb\xbf" + strings.ReplaceAll(c.src, "\n", "\r\n"),
		} {
			s, fsys, got := loadOne(c.name, []byte(src))
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s with %s: diagnostics\n%s\nwant\n%s", c.name, enc, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if b := body(t, s, fsys); b != wantBody {
				t.Errorf("%s with %s: body %q, want %q", c.name, enc, b, wantBody)
			}
			if p, q := page(plain), page(s); p != nil && (q == nil || p.Title != q.Title || !slices.Equal(p.Lines, q.Lines)) {
				t.Errorf("%s with %s: page %+v, want %+v", c.name, enc, q, p)
			}
		}
	}
	// A file from the test data, kept with its BOM and CRLF on disk.
	src, err := os.ReadFile("testdata/load/bom-crlf.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) || !bytes.Contains(src, []byte("\r\n")) {
		t.Fatal("testdata/load/bom-crlf.md lost its BOM or its CRLF line endings")
	}
	s, _, diags := loadOne("content/spaces/bom.md", src)
	if len(diags) > 0 || len(s.SpaceList) != 1 || s.SpaceList[0].Title != "带 BOM 和 CRLF" || s.SpaceList[0].Line("weight") != 3 {
		t.Errorf("bom-crlf.md: %v %+v", diags, s.SpaceList)
	}
}

func page(s *Site) *Page {
	switch {
	case len(s.SpaceList) > 0:
		return &s.SpaceList[0].Page
	case len(s.Milestones) > 0:
		return &s.Milestones[0].Page
	case len(s.Clips) > 0:
		return &s.Clips[0].Page
	}
	return nil
}

func body(t *testing.T, s *Site, fsys fstest.MapFS) string {
	p := page(s)
	if p == nil {
		return ""
	}
	b, err := p.Body(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzLoad loads one content file, any bytes at all, as each kind of page.
// Load must not panic; every diagnostic must name the file (or the
// settings) at a line the file has; and a page that loads must give back a
// body with the file's line numbers.
// Seeds: testdata/load/*.md. Run: go test ./build/content -run '^$' -fuzz FuzzLoad
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/load/*.md")
	if len(seeds) == 0 {
		f.Fatal("no seeds in testdata/load")
	}
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for kind := range folders {
			f.Add(uint8(kind), src)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, src []byte) {
		name := folders[int(kind)%len(folders)] + "page.md"
		if name == "content/page.md" {
			name = "content/_index.md"
		}
		fsys := fstest.MapFS{
			SettingsFile:            {Data: []byte(settings)},
			name:                    {Data: src},
			"content/listen/01.mp3": {Data: []byte("x")},
		}
		s, errs := Load(fsys, Options{Drafts: true})
		norm := normalize(src)
		sameSplitAsWhole(t, norm)
		lines := bytes.Count(norm, []byte("\n")) + 1
		fileErrs := 0
		for _, d := range errs {
			if d.Path != name && d.Path != SettingsFile {
				t.Errorf("diagnostic about %q: %s", d.Path, d)
			}
			if d.Path == name {
				fileErrs++
				if d.Line < 0 || d.Line > lines+1 {
					t.Errorf("line %d of a file with %d lines: %s", d.Line, lines, d)
				}
			}
			if d.Msg == "" || !utf8.ValidString(d.Msg) && utf8.Valid(src) {
				t.Errorf("empty or garbled message: %q", d.Msg)
			}
		}
		p := page(s)
		if s.Home.Exists {
			p = &s.Home.Page
		}
		if p == nil || fileErrs > 0 {
			return
		}
		b, err := p.Body(fsys)
		if err != nil {
			t.Fatalf("Body: %v", err)
		}
		// An empty body may count one blank line more; text must keep its line.
		if got := bytes.Count(b, []byte("\n")); len(bytes.Trim(b, "\n")) > 0 && got != bytes.Count(norm, []byte("\n")) {
			t.Errorf("body has %d newlines, the file %d: line numbers moved", got, bytes.Count(norm, []byte("\n")))
		}
		if !bytes.HasSuffix(norm, bytes.TrimLeft(b, "\n")) {
			t.Errorf("body %q is not the end of the file %q", b, norm)
		}
	})
}

// sameSplitAsWhole checks that split, which hands adrg/frontmatter only the
// file up to the closing "---", finds what adrg/frontmatter finds in the
// whole file.
func sameSplitAsWhole(t *testing.T, src []byte) {
	t.Helper()
	var want []byte
	found := false
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		want, found = bytes.Clone(data), true
		return nil
	})
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil, format)
	fm, _, off, _, d := split("page.md", src)
	switch {
	case err != nil || !found:
		if d == nil {
			t.Errorf("split found front matter %q where adrg/frontmatter found none (%v)", fm, err)
		}
	case d != nil:
		t.Errorf("split: %s; adrg/frontmatter found %q", d, want)
	case !bytes.Equal(fm, want) || off != len(src)-len(rest):
		t.Errorf("split: front matter %q, body at %d; adrg/frontmatter: %q, body at %d", fm, off, want, len(src)-len(rest))
	}
}
