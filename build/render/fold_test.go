package render

import (
	"bytes"
	"html/template"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

type foldSite struct {
	Title, URL, Cover string
	List              []string
	Now               func() string
}

func (s *foldSite) Upper() string { return strings.ToUpper(s.Title) }

type foldPage struct {
	Site  *foldSite
	Kind  string
	Title string
	Flag  bool
	Items []string
}

// TestFold draws each case of testdata/fold.txtar for three pages with
// folding on and off: the bytes must be the same, and a node that only
// draws from .Site and .Kind must run once for all of them.
func TestFold(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/fold.txtar")
	if err != nil {
		t.Fatal(err)
	}
	clock := 0
	site := &foldSite{Title: "兆佳巷 <中心>", URL: "/a b/?x=1&y=\"2\"", Cover: "/cover.png",
		List: []string{"一", "<二>", "三"},
		Now:  func() string { clock++; return strconv.Itoa(clock) }}
	pages := []*foldPage{
		{Site: site, Kind: "page", Title: "二", Items: []string{"a", "b"}},
		{Site: site, Kind: "page", Title: "<二>", Flag: true, Items: []string{"c"}},
		{Site: site, Kind: "page", Title: "甲\x00乙", Items: []string{"d", "e", "f"}},
	}
	callsRE := regexp.MustCompile(`calls: (\d+)`)
	for _, f := range ar.Files {
		t.Run(strings.TrimSuffix(f.Name, ".html"), func(t *testing.T) {
			want, _ := strconv.Atoi(callsRE.FindStringSubmatch(string(f.Data))[1])
			var plain, folded []string
			var calls atomic.Int64
			for _, fold := range []bool{false, true} {
				calls.Store(0)
				clock = 0
				l := loadCase(t, f.Data, &calls)
				if fold {
					l.Fold("Site", "Kind")
				}
				for _, p := range pages {
					var b bytes.Buffer
					if err := l.Execute(&b, "page", p); err != nil {
						t.Fatal(err)
					}
					if fold {
						folded = append(folded, b.String())
					} else {
						plain = append(plain, b.String())
					}
				}
			}
			for i := range pages {
				if plain[i] != folded[i] {
					t.Errorf("page %d folded:\n%s\nnot folded:\n%s", i, folded[i], plain[i])
				}
			}
			if got := calls.Load(); got != int64(want) {
				t.Errorf("count ran %d times for %d pages, want %d", got, len(pages), want)
			}
		})
	}
}

func loadCase(t *testing.T, src []byte, calls *atomic.Int64) *Layouts {
	t.Helper()
	fsys := fstest.MapFS{
		Base:                {Data: []byte(`<!doctype html>{{block "main" .}}{{end}}` + "\n")},
		"layouts/page.html": {Data: append(slices.Clip(src), `{{define "main"}}{{template "layouts/page.html" .}}{{end}}`...)},
	}
	l, errs := LoadLayouts(fsys, template.FuncMap{
		"count": func(v any) any { calls.Add(1); return v },
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestFoldConcurrent draws many pages of one kind at once, as the build
// does, while the kind folds; run with -race it checks the locking.
func TestFoldConcurrent(t *testing.T) {
	var calls atomic.Int64
	src := []byte(`<h1>{{count .Site.Title}}</h1>{{range .Site.List}}<i>{{.}}</i>{{end}}<p>{{.Title}}</p>`)
	plain, folded := loadCase(t, src, &calls), loadCase(t, src, &calls)
	folded.Fold("Site", "Kind")
	site := &foldSite{Title: "站", List: []string{"一", "二"}}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			p := &foldPage{Site: site, Kind: "page", Title: strconv.Itoa(i)}
			var a, b bytes.Buffer
			if err := plain.Execute(&a, "page", p); err != nil {
				t.Error(err)
			}
			if err := folded.Execute(&b, "page", p); err != nil {
				t.Error(err)
			}
			if a.String() != b.String() {
				t.Errorf("page %d folded:\n%s\nnot folded:\n%s", i, &b, &a)
			}
		})
	}
	wg.Wait()
}
