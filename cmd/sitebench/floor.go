package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// floor is the least work any generator must do for these pages: read each
// Markdown file, split off its front matter, run goldmark, execute one
// template and write the result, on as many workers as there are cores. It
// has no checks, no lists, no audio, no QR codes and no atomic swap: it
// writes over whatever is in out. The template is the site's own frame and
// space page, so its cost matches what a page of the site costs to draw.
func floor(src, out string) error {
	var files []string
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") && d.Name() != "_index.md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	funcs := template.FuncMap{
		"asset": func(name string) string { return "/assets/" + name },
		"abs":   func(p string) string { return "https://bench.example.org" + p },
		"cover": func(any) template.HTML { return "" },
	}
	t := template.New("base").Funcs(funcs)
	partials, err := filepath.Glob(filepath.Join(src, "layouts", "partials", "*.html"))
	if err != nil {
		return err
	}
	names := []string{"base.html", "space.html"}
	for _, p := range partials {
		names = append(names, "partials/"+filepath.Base(p))
	}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(src, "layouts", name))
		if err != nil {
			return err
		}
		if _, err := t.New("layouts/" + name).Parse(string(b)); err != nil {
			return err
		}
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.NewCJK(
			extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft),
			extension.WithEscapedSpace())),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()))
	site := &floorSite{Title: "测试站点", Description: "用来测量构建速度的生成内容,不是真实信息。",
		Hours: "每天 9:00–21:00", Address: "测试地址", Source: "生成的测试内容",
		Cover: "/listen/cover.png", CoverSize: 1400, FeedURL: "/listen/feed.xml",
		Listen:   floorLink{URL: "/listen/", Title: "党史悦听区"},
		Timeline: floorLink{URL: "/timeline/", Title: "区域党建大事记"},
		Menu: []floorLink{{URL: "/", Title: "首页"}, {URL: "/listen/", Title: "党史悦听区"},
			{URL: "/timeline/", Title: "区域党建大事记"}, {URL: "/spaces/", Title: "中心空间"}}}
	type navItem struct {
		Title, URL string
		Current    bool
	}
	var items []navItem
	for _, m := range site.Menu {
		items = append(items, navItem{m.Title, m.URL, m.URL == "/spaces/"})
	}
	var nav bytes.Buffer
	if err := t.ExecuteTemplate(&nav, "layouts/partials/nav.html", items); err != nil {
		return err
	}
	site.nav = template.HTML(nav.String())

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		first   error
		next    = make(chan string)
		content = filepath.Join(src, "content")
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var html, page bytes.Buffer
			for f := range next {
				err := func() error {
					data, err := os.ReadFile(f)
					if err != nil {
						return err
					}
					fm, body, ok := bytes.Cut(bytes.TrimPrefix(data, []byte("---\n")), []byte("\n---\n"))
					if !ok {
						return fmt.Errorf("%s: no front matter", f)
					}
					rel, _ := filepath.Rel(content, f)
					url := "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
					p := &floorPage{Site: site, Kind: "space", URL: url, Permalink: "https://bench.example.org" + url}
					for _, line := range strings.Split(string(fm), "\n") {
						if v, ok := strings.CutPrefix(line, "title: "); ok {
							p.Title = v
						} else if v, ok := strings.CutPrefix(line, "summary: "); ok {
							p.Summary = v
						}
					}
					html.Reset()
					if err := md.Convert(body, &html); err != nil {
						return err
					}
					p.Content = template.HTML(html.String())
					page.Reset()
					if err := t.ExecuteTemplate(&page, "layouts/base.html", p); err != nil {
						return err
					}
					dst := filepath.Join(out, filepath.FromSlash(path.Join(url, "index.html")))
					if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
						return err
					}
					return os.WriteFile(dst, page.Bytes(), 0o644)
				}()
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return first
}

type floorLink struct{ URL, Title string }

type floorSite struct {
	Title, Description, Hours, Address, Phone, Source string
	Cover, FeedURL                                    string
	CoverSize                                         int
	Listen, Timeline                                  floorLink
	Menu                                              []floorLink
	nav                                               template.HTML
	ICP, PoliceRecord                                 string
	Events                                            floorEvents
}

// floorEvents stands in for the calendar: the corpus has no activities.
type floorEvents struct{}

func (floorEvents) ForSpace(string, int) []struct{} { return nil }
func (floorEvents) Next(int) []struct{}             { return nil }

func (s *floorSite) PoliceRecordCode() string { return "" }

type floorPage struct {
	Site                                 *floorSite
	Kind, Title, Summary, URL, Permalink string
	Content                              template.HTML
	Space                                struct{ Slug string }
	Cover                                *struct { // a page's cover photo: none here
		URL           string
		Width, Height int
	}
}

// Nav is the navigation, drawn once as the site draws it once an item.
func (p *floorPage) Nav() template.HTML { return p.Site.nav }
