package build

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/feed"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/wall"
)

// An output is one file the build writes, with what makes it.
type output struct {
	name   string        // path in the output, "spaces/library/index.html"
	source string        // what it comes from, for messages: a file, or what the build makes
	page   *content.Page // the page it is drawn from, if any
	kind   string        // the layout it is drawn with, if any
	// bodies are the pages whose Markdown it draws: when only a page's text
	// changes, the outputs that draw that text are drawn again, and no others.
	bodies []*content.Page
	make   func(buf *bytes.Buffer) error
}

// plan lists every file of the site, before any is drawn. Two files on one
// path are an error naming both sources.
func (s *Site) plan() ([]output, *Result, diag.List) {
	p := &planner{s: s, res: &Result{Clips: len(s.Data.Clips)}}
	p.pages()
	p.clips()
	p.wall()
	p.files()
	errs := p.clashes()
	errs = append(errs, p.folderClashes()...)
	p.out = slices.DeleteFunc(p.out, func(o output) bool { return o.make == nil })
	s.outputs = map[string]bool{}
	for _, o := range p.out {
		s.outputs[o.name] = true
	}
	for _, o := range p.out {
		if strings.HasSuffix(o.name, ".html") && !strings.HasPrefix(o.name, "L/") && !strings.HasPrefix(o.name, "l/") {
			p.res.Pages++
		}
	}
	p.res.Files = len(p.out)
	return p.out, p.res, errs
}

type planner struct {
	s   *Site
	out []output
	res *Result
}

// page adds a page drawn with the layout kind; data makes what it draws.
func (p *planner) page(name, source string, pg *content.Page, kind string, bodies []*content.Page, data func() (*Page, error)) {
	s := p.s
	p.out = append(p.out, output{name: name, source: source, page: pg, kind: kind, bodies: bodies, make: func(buf *bytes.Buffer) error {
		d, err := data()
		if err != nil {
			return err
		}
		d.Site, d.Kind = s.Data, kind
		d.Permalink = s.Data.BaseURL + strings.TrimPrefix(d.URL, "/")
		return s.layouts.Execute(buf, kind, d)
	}})
}

// file adds a file whose bytes make returns.
func (p *planner) file(name, source string, pg *content.Page, bodies []*content.Page, make func(buf *bytes.Buffer) error) {
	p.out = append(p.out, output{name: name, source: source, page: pg, bodies: bodies, make: make})
}

// pages plans the section pages and every page of a kind with a layout.
func (p *planner) pages() {
	s := p.s
	cs := s.Content
	for _, sec := range append([]*content.Section{cs.Home}, cs.Sections...) {
		kind := sec.Kind.List
		if sec == cs.Home {
			kind = "home"
		}
		var pg *content.Page
		source := "the section page of content/" + sec.Dir + "/"
		if sec == cs.Home {
			source = "the home page"
		}
		bodies := []*content.Page{}
		if sec.Exists {
			pg, source = &sec.Page, sec.Path
			bodies = append(bodies, pg)
		}
		var years func(*Page) error
		if sec == cs.Timeline {
			for _, m := range cs.Milestones {
				bodies = append(bodies, &m.Page)
			}
			years = s.years
		}
		p.page(strings.TrimPrefix(sec.URL(), "/")+"index.html", source, pg, kind, bodies, func() (*Page, error) {
			d := &Page{Title: sec.Title, Summary: sec.Summary, URL: sec.URL(), Section: sec, Sample: sec.Sample}
			if sec.Exists {
				html, err := s.markdown(&sec.Page)
				if err != nil {
					return nil, err
				}
				d.Content = html
			}
			if years != nil {
				return d, years(d)
			}
			return d, nil
		})
		for _, e := range sec.Entries {
			if sec.Kind.Layout != "" {
				p.entry(sec, e)
			}
			p.bundle(e.Base())
		}
		if sec == cs.Section("events") && len(sec.Entries) > 0 {
			p.events(sec)
		}
	}
}

// events plans the pages of activities besides their own and their list:
// those that ended (活动回顾) and the notice board's sheet.
func (p *planner) events(sec *content.Section) {
	past := sec.URL() + content.PastEventsSlug + "/"
	p.page(strings.TrimPrefix(past, "/")+"index.html", "layouts/events-past.html", nil, "events-past", nil, func() (*Page, error) {
		return &Page{Title: cmp.Or(p.s.Content.Settings.PastEventsTitle, sec.Title), URL: past, Section: sec}, nil
	})
	board := "/print" + sec.URL()
	p.page(strings.TrimPrefix(board, "/")+"index.html", "layouts/print-events.html", nil, "print-events", nil, func() (*Page, error) {
		return &Page{Title: cmp.Or(p.s.Content.Settings.EventsBoardTitle, sec.Title), URL: board, Section: sec}, nil
	})
}

// entry plans one page of a kind with a layout of its own.
func (p *planner) entry(sec *content.Section, e content.Entry) {
	s := p.s
	pg := e.Base()
	kind := sec.Kind.Layout
	clip := s.clipOf[pg]
	if clip != nil && clip.Retired {
		kind = "retired"
	}
	p.page(strings.TrimPrefix(pg.URL(), "/")+"index.html", pg.Path, pg, kind, []*content.Page{pg}, func() (*Page, error) {
		html, err := s.markdown(pg)
		d := &Page{Title: pg.Title, Summary: pg.Summary, URL: pg.URL(), Content: html, Entry: e, Sample: pg.Sample, Clip: clip, Section: sec,
			Cover: s.picture(pg)}
		switch x := e.(type) {
		case *content.Space:
			d.Space = x
		case *content.Event:
			d.Event = s.Data.Events.Entry(x.Slug)
		}
		if clip != nil && !clip.Retired {
			d.Summary = s.clipSummary(clip)
		}
		return d, err
	})
}

// bundle plans the files of a page's bundle, published beside the page so
// that a Markdown image or link written relative to the page finds them.
// A clip's own MP3 is published under /audio/ instead, and a photo as its
// smaller copies (photos.go), never as it is.
func (p *planner) bundle(pg *content.Page) {
	s := p.s
	dir := bundleDir(pg)
	for _, f := range s.bundleFiles(pg) {
		if ph := s.photos.of[f]; ph != nil {
			for _, v := range ph.Variants {
				p.file(dir+v.Name, f, pg, nil, func(buf *bytes.Buffer) error {
					b, err := v.Bytes()
					buf.Write(b)
					return err
				})
			}
			continue
		}
		if s.photos.taken[f] {
			continue // a photo the build could not make: said in assemble
		}
		p.file(dir+strings.TrimPrefix(f, pg.Bundle+"/"), f, pg, nil, func(buf *bytes.Buffer) error {
			return content.ReadInto(buf, s.cfg.Content, f)
		})
	}
}

// bundleDir is the folder of the output a page's bundle is published in,
// "spaces/library/".
func bundleDir(pg *content.Page) string {
	dir := strings.TrimPrefix(strings.SplitN(pg.URL(), "#", 2)[0], "/")
	if strings.Contains(pg.URL(), "#") {
		dir += pg.Slug + "/"
	}
	return dir
}

// years fills the timeline's milestones, grouped by year.
func (s *Site) years(d *Page) error {
	for _, m := range s.Content.Milestones {
		html, err := s.markdown(&m.Page)
		if err != nil {
			return err
		}
		if n := len(d.Years); n == 0 || d.Years[n-1].Year != m.Date.Year() {
			d.Years = append(d.Years, Year{Year: m.Date.Year()})
		}
		y := &d.Years[len(d.Years)-1]
		y.Milestones = append(y.Milestones, Milestone{m, html})
	}
	return nil
}

// clips plans what every listed clip has besides its page: the forwards of
// its short URL, its audio and its QR code.
func (p *planner) clips() {
	s := p.s
	for _, c := range slices.Concat(s.Data.Clips, s.Data.Retired) {
		for _, short := range qr.ShortPaths(c.Stop) {
			// /L/ and /l/ hold the same bytes, so a case-insensitive disk that
			// folds them into one folder still gets the right page.
			p.page(strings.TrimPrefix(short, "/")+"/index.html", c.Path, &c.Page, "shorturl", nil, func() (*Page, error) {
				return &Page{Title: c.Title, URL: c.URL(), Clip: c}, nil
			})
		}
		if c.Retired {
			continue
		}
		dir := strings.TrimPrefix(c.URL(), "/")
		if c.AudioURL == "" {
			continue // the build has said why
		}
		p.file(c.AudioURL[1:], c.Audio, &c.Page, nil, func(buf *bytes.Buffer) error {
			// The audio is read again rather than kept: clips are large.
			if err := content.ReadInto(buf, s.cfg.Content, c.Audio); err != nil || buf.Len() != c.Size {
				return errors.Join(err, fmt.Errorf("%s changed while the site was being built", c.Audio))
			}
			return nil
		})
		if c.qr != nil {
			p.file(dir+"qr.png", c.Path, &c.Page, nil, func(buf *bytes.Buffer) error {
				buf.Write(c.qr.PNG)
				return nil
			})
			p.file(dir+"qr.svg", c.Path, &c.Page, nil, func(buf *bytes.Buffer) error {
				buf.Write(c.qr.SVG)
				return nil
			})
			p.res.QRCodes++
		}
	}
}

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
	URL    string  // its own print page, /print/<stop>/
	Box    float64 // printed width of the code, quiet zone included, in mm
	Module float64 // printed width of one module, in mm
	Typed  string  // the short URL as a person types it: example.org/L/3
}

// SVG is the code, drawn inline. It is made when drawn: the clip keeps the
// code's SVG already, and a copy for every clip would stay in memory for
// the whole build.
func (p *Placard) SVG() template.HTML { return template.HTML(bytes.TrimSpace(p.qr.SVG)) }

// wall plans the print section, when the site has a layouts/print.html.
func (p *planner) wall() {
	s := p.s
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
			Typed:  typed(c.ShortURL),
		})
	}
	var singles strings.Builder
	for _, pl := range all {
		fmt.Fprintf(&singles, ` <a href="%s">%02d</a>`, template.HTMLEscapeString(pl.URL), pl.Stop)
	}
	title := s.Content.Settings.PrintTitle
	p.page(strings.TrimPrefix(PrintURL, "/")+"index.html", "layouts/print.html", nil, "print", nil, func() (*Page, error) {
		pr := &Print{Layout: s.layout, Placards: all, All: true, singles: template.HTML(singles.String())}
		for i := 0; i < len(all); i += s.layout.PerPage() {
			pr.Sheets = append(pr.Sheets, all[i:min(i+s.layout.PerPage(), len(all))])
		}
		return &Page{Title: title, URL: PrintURL, Print: pr}, nil
	})
	for _, pl := range all {
		p.page(strings.TrimPrefix(pl.URL, "/")+"index.html", pl.Clip.Path, &pl.Clip.Page, "print", nil, func() (*Page, error) {
			pr := &Print{Layout: s.layout.Single(), Placards: all, Sheets: [][]*Placard{{pl}}, singles: template.HTML(singles.String())}
			return &Page{Title: title + " " + strconv.Itoa(pl.Stop), URL: pl.URL, Print: pr, Clip: pl.Clip}, nil
		})
	}
}

// typed is a short URL as a person types it: no scheme, host in small
// letters (the server answers /L/ and /l/ alike).
func typed(short string) string {
	i := strings.Index(short, "://")
	if i < 0 {
		return short
	}
	rest := short[i+3:]
	host, p, _ := strings.Cut(rest, "/")
	return strings.ToLower(host) + "/" + p
}

// files plans what depends on the whole site: the 404 page, static files,
// fingerprinted assets, sitemap, robots.txt, _redirects and the podcast.
func (p *planner) files() {
	s := p.s
	set := &s.Content.Settings
	p.page("404.html", "layouts/404.html", nil, "404", nil, func() (*Page, error) {
		return &Page{Title: set.NotFoundTitle, URL: "/404.html"}, nil
	})
	for _, name := range s.static {
		if name == "_redirects" {
			continue // its rules follow the build's own in /_redirects
		}
		p.file(name, "static/"+name, nil, nil, func(buf *bytes.Buffer) error {
			return content.ReadInto(buf, s.cfg.Static, "static/"+name)
		})
	}
	for _, name := range slices.Sorted(maps.Keys(s.assets)) {
		p.file(s.assets[name], "static/"+name, nil, nil, func(buf *bytes.Buffer) error {
			return content.ReadInto(buf, s.cfg.Static, "static/"+name)
		})
	}
	p.file("sitemap.xml", "the sitemap", nil, nil, func(buf *bytes.Buffer) error {
		buf.Write(s.sitemap())
		return nil
	})
	p.file("robots.txt", "robots.txt", nil, nil, func(buf *bytes.Buffer) error {
		buf.WriteString("User-agent: *\nAllow: /\n\nSitemap: " + s.Data.BaseURL + "sitemap.xml\n")
		return nil
	})
	p.file("_redirects", "the short URLs of the QR codes", nil, nil, func(buf *bytes.Buffer) error {
		return s.redirects(buf)
	})
	if len(s.Data.Clips) > 0 {
		dir := strings.TrimPrefix(s.Data.Listen.URL(), "/")
		var bodies []*content.Page
		for _, c := range s.Data.Clips {
			bodies = append(bodies, &c.Page)
		}
		p.file(dir+feedFile, "the podcast feed", nil, bodies, func(buf *bytes.Buffer) error {
			x, err := s.podcast()
			buf.Write(x)
			return err
		})
		if !slices.Contains(s.static, dir+coverFile) { // the site's own cover wins
			p.file(dir+coverFile, "the podcast cover", nil, nil, func(buf *bytes.Buffer) error {
				buf.Write(feed.Cover)
				return nil
			})
		}
	}
}

// clashes reports two outputs on one path, naming both sources.
func (p *planner) clashes() diag.List {
	var errs diag.List
	first := map[string]*output{}
	for i := range p.out {
		o := &p.out[i]
		if f, ok := first[o.name]; ok {
			if f.source == o.source {
				o.make = nil // the same file, such as one MP3 of two clips: written once
				continue
			}
			path := o.source
			if !strings.HasPrefix(path, "content/") && !strings.HasPrefix(path, "static/") && !strings.HasPrefix(path, "layouts/") {
				path = f.source
			}
			errs.Add(path, 0, "/%s would be made both from %s and from %s; a file can be at one address only", o.name, f.source, o.source)
			errs[len(errs)-1].Hint = "rename or move one of them"
			continue
		}
		first[o.name] = o
	}
	return errs
}

// sitemap lists the address of every page worth indexing.
func (s *Site) sitemap() []byte {
	var urls []string
	for _, sec := range append([]*content.Section{s.Content.Home}, s.Content.Sections...) {
		urls = append(urls, sec.URL())
		for _, e := range sec.Entries {
			u := e.Base().URL()
			if c := s.clipOf[e.Base()]; strings.Contains(u, "#") || c != nil && c.Retired {
				continue
			}
			urls = append(urls, u)
		}
	}
	slices.Sort(urls)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(s.Data.BaseURL+strings.TrimPrefix(u, "/")))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// redirects writes Netlify's rules for the short URLs of printed codes,
// then the rules of static/_redirects.
//
// They are 302s, not 301s: a phone caches a 301 for good, and a clip's page
// may move later while the printed code stays on the wall. The "!" makes the
// rule win over the forwarding page written at the same path.
func (s *Site) redirects(b *bytes.Buffer) error {
	b.WriteString("# Short URLs held by printed QR codes. Made by the build: do not edit.\n")
	for _, f := range s.shortLinks() {
		fmt.Fprintf(b, "%-8s %s 302!\n", f.from, f.to)
		fmt.Fprintf(b, "%-8s %s 302!\n", f.from+"/", f.to)
	}
	if len(s.Data.Clips) > 0 {
		// The listening page's "go to stop number" form, without JavaScript:
		// /listen/?stop=3 goes to /L/3. The "!" makes these rules win over
		// the listening page; a request without the parameter gets the page.
		u := s.Data.Listen.URL()
		b.WriteString("# The listening page's \"go to stop number\" form, for browsers without JavaScript.\n")
		for _, from := range []string{u[:len(u)-1], u} {
			fmt.Fprintf(b, "%s %s=:n /L/:n 302!\n", from, s.Data.StopParam())
		}
	}
	if slices.Contains(s.static, "_redirects") {
		own, err := fs.ReadFile(s.cfg.Static, "static/_redirects")
		if err != nil {
			return err
		}
		b.WriteString("# From static/_redirects.\n")
		b.Write(own)
		if len(own) > 0 && own[len(own)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return nil
}

// checkRedirects reports rules of static/_redirects that would take the
// short URLs of QR codes, which belong to the printed codes.
func (s *Site) checkRedirects(errs *diag.List) {
	if !slices.Contains(s.static, "_redirects") {
		return
	}
	own, err := fs.ReadFile(s.cfg.Static, "static/_redirects")
	if err != nil {
		errs.Add("static/_redirects", 0, "cannot read: %v", err)
		return
	}
	for i, line := range strings.Split(string(own), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		from := strings.ToLower(f[0])
		if from == "/l" || from == "/l/" || strings.HasPrefix(from, "/l/") || from == "/*" {
			errs.Add("static/_redirects", i+1, "the rule for %s would take the short URLs that printed QR codes hold", f[0])
			(*errs)[len(*errs)-1].Hint = "the addresses /L/… and /l/… belong to the printed codes; remove the rule"
		}
	}
}

// The podcast feed of the clips and its cover sit beside the listening page.
const (
	feedFile  = "feed.xml"
	coverFile = "cover.png"
)

// FeedURL is the path of the podcast feed, or "" when the site has no clips.
func (d *SiteData) FeedURL() string {
	if len(d.Clips) == 0 {
		return ""
	}
	return d.Listen.URL() + feedFile
}

// Cover is the path of the square picture that stands for the site in
// podcast apps and on share cards, beside the feed: static/listen/cover.png
// when the site has one (a square PNG of 1400 to 3000 pixels), else the
// engine's own (feed.Cover).
func (d *SiteData) Cover() string {
	if len(d.Clips) == 0 {
		return ""
	}
	return d.Listen.URL() + coverFile
}

// CoverSize is the cover's width and height in pixels.
func (d *SiteData) CoverSize() int { return feed.CoverSize }

// StopParam is the query parameter of the form on the listening page where a
// resident types the number printed on the wall when scanning fails.
//
// With JavaScript the page goes straight to the clip. Without it the browser
// asks for /listen/?stop=3: on Netlify a rule in _redirects forwards that to
// the short URL /L/3 and on to the clip; on a host without rules the
// listening page itself comes back, where every stop is a link that starts
// with its number.
func (d *SiteData) StopParam() string { return "stop" }

// Place describes the centre for search engines as schema.org data, for the
// home page's <script type="application/ld+json">: html/template writes the
// value there as JSON. Only what site.yaml says is included; the telephone
// only when it is set, opening hours only when opens and closes are.
func (d *SiteData) Place() map[string]any {
	p := map[string]any{
		"@context": "https://schema.org",
		"@type":    "CivicStructure",
		"name":     d.Title,
		"url":      d.BaseURL,
	}
	if d.Description != "" {
		p["description"] = d.Description
	}
	if d.Address != "" {
		p["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": d.Address, "addressCountry": "CN"}
	}
	if d.Phone != "" {
		p["telephone"] = d.Phone
	}
	if d.Opens != "" && d.Closes != "" {
		p["openingHoursSpecification"] = []map[string]any{{
			"@type":     "OpeningHoursSpecification",
			"dayOfWeek": []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
			"opens":     d.Opens,
			"closes":    d.Closes,
		}}
	}
	if c := d.Cover(); c != "" {
		p["image"] = d.BaseURL + c[1:]
	}
	return p
}

// podcast makes the feed. Every address in it is absolute, as podcast apps
// need; a clip's guid is the short URL its printed code holds, which never
// changes while the stop number stays.
func (s *Site) podcast() ([]byte, error) {
	d := s.Data
	abs := func(p string) string { return d.BaseURL + strings.TrimPrefix(p, "/") }
	ch := feed.Channel{
		Title:       d.Listen.Title + " · " + d.Title,
		Description: cmp.Or(d.Listen.Summary, d.Description, d.Title),
		Link:        abs(d.Listen.URL()),
		Self:        abs(d.FeedURL()),
		Language:    strings.ToLower(d.Language),
		Author:      d.Title,
		Image:       abs(d.Cover()),
		Category:    d.PodcastCategory,
	}
	for _, c := range d.Clips {
		html, err := s.markdown(&c.Page)
		if err != nil {
			return nil, err
		}
		guid := c.ShortURL
		if guid == "" {
			guid = abs(c.URL())
		}
		title := fmt.Sprintf("%02d %s", c.Stop, c.Title)
		if c.Sample {
			title += "(示例)"
		}
		ch.Items = append(ch.Items, feed.Item{
			Title:       title,
			Description: strings.TrimSpace(string(html)),
			Link:        abs(c.URL()),
			GUID:        guid,
			URL:         abs(c.AudioURL),
			Length:      c.Size,
			Date:        c.Date.Time,
			Seconds:     c.Seconds(),
			Episode:     c.Stop,
		})
	}
	return ch.XML()
}
