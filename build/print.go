package build

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/wall"
)

// PrintURL is the print section: every placard on A4 sheets to cut.
// One placard alone is at PrintURL + "<stop>/".
const PrintURL = "/print/"

// Print is what layouts/print.html draws: placards on A4 sheets.
type Print struct {
	wall.Layout
	Sheets   [][]*Placard // one per sheet of paper
	Placards []*Placard   // every clip's placard, for the list on screen
	All      bool         // the page of all placards, not of one

	singles template.HTML
}

// Singles is the row of links to each placard's own page, the same on every
// print page. It is drawn once for the site, not once a page: a site with
// hundreds of clips would draw hundreds of links on each of hundreds of pages.
func (p *Print) Singles() template.HTML { return p.singles }

// A Placard is one clip's card for the wall.
type Placard struct {
	*Clip
	URL    string        // its own print page, /print/<stop>/
	Box    float64       // printed width of the code, quiet zone included, in mm
	Module float64       // printed width of one module, in mm
	SVG    template.HTML // the code, drawn inline
	Typed  string        // the short URL as a person types it: example.org/L/3
}

// assembleWall resolves where retired clips send readers, lays out the
// placards, and checks the site against the printed codes.
func (s *Site) assembleWall(errs *diag.List) {
	for _, c := range s.Data.Retired {
		s.resolveInstead(c, errs)
	}
	if len(s.Data.Retired) > 0 && s.layouts != nil && !s.layouts.Has("retired") {
		errs.Add("layouts/retired.html", 0, "missing: a site with a retired clip needs this layout")
	}
	set := &s.Content.Settings
	size := 0
	for _, c := range s.Data.Clips {
		if c.qr != nil {
			size = max(size, c.qr.Size())
		}
	}
	if size > 0 {
		l, err := wall.NewLayout(set.ScanDistance, size)
		if err != nil {
			line := set.Lines["scanDistance"]
			errs.Add(content.SettingsFile, line, "scanDistance: %v", err)
			(*errs)[len(*errs)-1].Hint = "the largest distance whose placards fit is " + strconv.Itoa(wall.MaxDistance(size)) + " cm"
		}
		s.layout = l
	}

	forwards := map[string]string{}
	for _, f := range s.shortLinks() {
		forwards[f.from] = f.to
	}
	var static []string
	fs.WalkDir(s.cfg.Root, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			static = append(static, strings.TrimPrefix(p, "static/"))
		}
		return nil
	})
	*errs = append(*errs, wall.Check(wall.Site{
		Settings: set,
		Printed:  s.Content.Printed,
		Clips:    s.Content.Clips,
		Static:   static,
		Forwards: forwards,
	})...)
}

// resolveInstead works out the page a retired clip sends readers to.
func (s *Site) resolveInstead(c *Clip, errs *diag.List) {
	listen := s.Data.Listen
	c.InsteadURL, c.InsteadTitle = listen.URL(), listen.Title
	if c.Instead == "" {
		return
	}
	if n, err := strconv.Atoi(c.Instead); err == nil {
		for _, o := range s.Data.Clips {
			if o.Stop == n {
				c.InsteadURL, c.InsteadTitle = o.URL(), o.Title
				return
			}
		}
		errs.Add(c.Path, c.Line("instead"), "instead: no clip in the listening list has stop %d", n)
		return
	}
	u, _ := url.Parse(c.Instead)
	pages := map[string]string{"/": s.Data.Title}
	for _, sec := range s.Data.Sections {
		pages[sec.URL()] = sec.Title
	}
	for _, sp := range s.Data.Spaces {
		pages[sp.URL()] = sp.Title
	}
	for _, o := range s.Data.Clips {
		pages[o.URL()] = o.Title
	}
	for _, m := range s.Content.Milestones {
		pages[m.URL()] = m.Title
	}
	if u != nil {
		if title, ok := pages[c.Instead]; ok {
			c.InsteadURL, c.InsteadTitle = c.Instead, title
			return
		}
		if title, ok := pages[u.Path]; ok && u.Fragment == "" {
			c.InsteadURL, c.InsteadTitle = u.Path, title
			return
		}
	}
	errs.Add(c.Path, c.Line("instead"), "instead: %s is not a page of this site", c.Instead)
	(*errs)[len(*errs)-1].Hint = "write a stop number, or a page address such as " + listen.URL()
}

// pageFunc adds a page to render: output name, source page, layout kind and
// the page's data.
type pageFunc func(name string, p *content.Page, kind string, data func() (*Page, error))

// wallPages adds the pages of retired clips, their forwards, and the print
// section when the site has a layouts/print.html.
func (s *Site) wallPages(page pageFunc) {
	for _, c := range s.Data.Retired {
		page(strings.TrimPrefix(c.URL(), "/")+"index.html", &c.Page, "retired", func() (*Page, error) {
			html, err := s.markdown(&c.Page)
			return &Page{Title: c.Title, Summary: c.Summary, URL: c.URL(), Content: html, Clip: c}, err
		})
		for _, short := range []string{c.ShortPath, strings.ToLower(c.ShortPath)} {
			page(strings.TrimPrefix(short, "/")+"/index.html", &c.Page, "shorturl", func() (*Page, error) {
				return &Page{Title: c.Title, URL: c.URL(), Clip: c}, nil
			})
		}
	}
	if s.layouts == nil || !s.layouts.Has("print") || len(s.Data.Clips) == 0 || s.layout.PerPage() == 0 {
		return
	}
	var all []*Placard
	for _, c := range s.Data.Clips {
		if c.qr == nil {
			return
		}
		size := c.qr.Size()
		all = append(all, &Placard{
			Clip:   c,
			URL:    PrintURL + strconv.Itoa(c.Stop) + "/",
			Box:    s.layout.Box(size),
			Module: s.layout.Module(size),
			SVG:    template.HTML(bytes.TrimSpace(c.qr.SVG)),
			Typed:  typed(c.ShortURL),
		})
	}
	var singles strings.Builder
	for _, pl := range all {
		fmt.Fprintf(&singles, ` <a href="%s">%02d</a>`, template.HTMLEscapeString(pl.URL), pl.Stop)
	}
	title := "打印二维码牌"
	page(strings.TrimPrefix(PrintURL, "/")+"index.html", nil, "print", func() (*Page, error) {
		p := &Print{Layout: s.layout, Placards: all, All: true, singles: template.HTML(singles.String())}
		for i := 0; i < len(all); i += s.layout.PerPage() {
			p.Sheets = append(p.Sheets, all[i:min(i+s.layout.PerPage(), len(all))])
		}
		return &Page{Title: title, URL: PrintURL, Print: p}, nil
	})
	for _, pl := range all {
		page(strings.TrimPrefix(pl.URL, "/")+"index.html", &pl.Clip.Page, "print", func() (*Page, error) {
			p := &Print{Layout: s.layout.Single(), Placards: all, Sheets: [][]*Placard{{pl}}, singles: template.HTML(singles.String())}
			return &Page{Title: title + " " + strconv.Itoa(pl.Stop), URL: pl.URL, Print: p, Clip: pl.Clip}, nil
		})
	}
}

// typed is a short URL as a person types it: no scheme, host in small
// letters (the server answers /L/ and /l/ alike).
func typed(short string) string {
	u, err := url.Parse(short)
	if err != nil {
		return short
	}
	return strings.ToLower(u.Host) + u.Path
}
