// Package build is the site generator's engine: it turns a site (content/,
// layouts/, static/) into a folder of plain files that any static web host
// can serve.
//
// A build runs in stages, each in its own file, each with one job:
//
//	load      content.Load reads content/ into typed pages, strictly
//	assemble  (assemble.go) checks the site as a whole: one page per
//	          address, readable audio, QR codes that fit, printed codes
//	          that still lead somewhere; it works out every clip's data
//	plan      (plan.go) lists every file the build will write, with what
//	          makes it; two files on one path are an error naming both
//	render    (render.go) Markdown through goldmark, pages through the
//	          layouts, on all cores
//	publish   files are written into a folder beside the output (the build
//	          before last, updated in place: package publish) that
//	          replaces the output only when everything succeeded
//
// Nothing is written until load, assemble and plan have found no error, and
// all errors of a stage are reported together, sorted, as "path:line:
// message". A Builder (incremental.go) keeps an assembled site and its plan
// between builds, for the live preview.
//
// # Output
//
//	/                          home page (layouts/home.html)
//	/<dir>/                    a section page, listing its pages (the kind's
//	                           list layout: section, timeline, listen)
//	/<dir>/<slug>/             a page of the section (the kind's layout: space,
//	                           clip, page), with its bundle's files beside it;
//	                           a photo of the bundle is published as smaller
//	                           copies, <name>.<width>.<hash>.jpg (photos.go)
//	/<slug>/                   an ordinary page at the top of content/
//	/timeline/                 milestones grouped by year, each with an anchor
//	/listen/<slug>/qr.png, qr.svg   a clip's QR code
//	/audio/<name>.<hash>.mp3   clip audio; the name changes when the sound does
//	/assets/<name>.<hash>.ext  static files a layout names with {{asset "…"}}
//	/L/<n>/, /l/<n>/           the short URL a printed code holds: a tiny page
//	                           that forwards to the clip, for hosts without rules
//	/print/, /print/<n>/       placards for the wall on A4 sheets (package wall),
//	                           when the site has layouts/print.html
//	/_redirects                the same forwards as server rules, for Netlify,
//	                           followed by the rules of static/_redirects
//	/listen/feed.xml           the clips as a podcast
//	/404.html, /sitemap.xml, /robots.txt
//
// Files in static/ are copied as they are. Every output is a function of the
// input alone: no clock, no map order, no machine path reaches a file.
package build

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/event"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/render"
	"github.com/zhaojiaxiang/site/build/wall"
)

// Config says what to build and where to.
type Config struct {
	// Content holds content/, Layouts layouts/ and Static static/, each at
	// its own name: usually all three are the site's folder. With a theme,
	// Layouts and Static are the site's files over the theme's (see Open).
	Content, Layouts, Static fs.FS
	// Root stands for any of the three left nil.
	Root    fs.FS
	Out     string // output folder; replaced as a whole on success
	BaseURL string // overrides site.yaml's baseURL, e.g. for a deploy preview
	Drafts  bool   // include pages marked draft: true
	// Now is the moment the build takes for today, for the lists of
	// activities; zero means the clock. ("site build -now 2026-12-10".)
	Now   time.Time
	Force bool // replace an Out that site build did not make, moving it aside (publish.Options)
	// Cache is a folder for what one build keeps for the next (drawn QR
	// codes). "" puts it beside Out, as ".<out>.cache"; it may be deleted
	// at any time.
	Cache string
}

// fill makes the three file systems explicit.
func (c Config) fill() Config {
	for _, f := range []*fs.FS{&c.Content, &c.Layouts, &c.Static} {
		if *f == nil {
			*f = c.Root
		}
	}
	return c
}

// Result tells what a successful build made.
type Result struct {
	Pages    int // HTML pages
	Clips    int
	QRCodes  int
	Files    int // every file written
	Warnings diag.List
	Elapsed  time.Duration
	// Aside is where an output that was not the generator's was moved
	// (Config.Force), or "".
	Aside string

	partial bool // a Builder rendered only what a change affected
}

// Partial reports whether the last build rendered only part of the site.
func (r *Result) Partial() bool { return r.partial }

// Build builds the site. When the input has problems, the error is a
// diag.List of all of them and the output folder is left untouched.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	return NewBuilder(cfg).Build(ctx, nil)
}

// Site is an assembled site, ready to plan and render.
type Site struct {
	cfg     Config
	Content *content.Site
	Data    *SiteData
	layouts *render.Layouts
	md      *render.Markdown
	layout  wall.Layout
	qr      *qr.Cache
	static  []string          // files of static/, relative to it, sorted
	assets  map[string]string // static file a layout names → its hashed output path
	outputs map[string]bool   // every path the plan writes, for links to files
	clipOf  map[*content.Page]*Clip
	photos  sitePhotos // photos of bundles: photos.go

	noted   *diag.List // see Lenient
	notedMu sync.Mutex
}

// Config is what the site was assembled from.
func (s *Site) Config() Config { return s.cfg }

// SiteData is what every template sees as .Site.
type SiteData struct {
	content.Settings
	Home     *content.Section
	Sections []*content.Section // every folder of content/, by name
	Spaces   []*content.Space
	Timeline *content.Section
	Listen   *content.Section
	Clips    []*Clip
	Retired  []*Clip // no longer listed; their printed codes still forward
	Events   *event.Calendar

	navs []template.HTML // the navigation with no item current, then with each
}

// A NavItem is one link of the navigation as layouts/partials/nav.html
// draws it.
type NavItem struct {
	Title, URL string
	Current    bool // the page is this item's page, or inside it
}

// Clip is a clip with what the build worked out about it.
type Clip struct {
	*content.Clip
	Duration  time.Duration
	Size      int    // bytes of the MP3
	AudioURL  string // /audio/<name>.<hash>.mp3
	ShortPath string // /L/<n>
	ShortURL  string // what its QR code says
	QRPNG     string // /listen/<slug>/qr.png
	QRSVG     string
	Prev      *Clip
	Next      *Clip

	// InsteadURL and InsteadTitle are where a retired clip sends readers.
	InsteadURL, InsteadTitle string

	qr *qr.Drawn
}

// Seconds is the clip's length in whole seconds, rounded.
func (c *Clip) Seconds() int { return int(c.Duration.Round(time.Second) / time.Second) }

// Length is the clip's length as a listener reads it: "3:05".
func (c *Clip) Length() string {
	s := c.Seconds()
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// Page is what a layout draws: .Site is the site, the rest is this page.
type Page struct {
	Site      *SiteData
	Kind      string // the layout it is drawn with: home, section, space, clip, page, 404, shorturl, retired, print …
	Title     string
	Summary   string
	URL       string // path on the site, e.g. /spaces/library/
	Permalink string // full address at the build's base URL
	Content   template.HTML
	Sample    bool // placeholder content an editor must replace

	Section *content.Section // on section pages
	Entry   content.Entry    // the page as loaded, of its kind's type
	Space   *content.Space
	Clip    *Clip
	Years   []Year       // on the timeline
	Print   *Print       // on print pages
	Event   *event.Entry // on an activity's page
	Cover   *Picture     // the page's "cover" photo, for share cards; nil for none
}

// In tells whether the page is at the site path u or inside it, for a
// menu that marks where the reader is.
func (p *Page) In(u string) bool {
	return p.URL == u || u != "/" && strings.HasPrefix(p.URL, u)
}

// Nav is the site's navigation (menu: in site.yaml) drawn by
// layouts/partials/nav.html with this page's item current: the item whose
// page is this one or holds it, the longest such. The partial is drawn once
// for each item a build, not once a page.
func (p *Page) Nav() template.HTML {
	if p.Site == nil || len(p.Site.navs) == 0 {
		return ""
	}
	cur := -1
	for i, m := range p.Site.Menu {
		if p.In(m.URL) && (cur < 0 || len(m.URL) > len(p.Site.Menu[cur].URL)) {
			cur = i
		}
	}
	return p.Site.navs[cur+1]
}

// drawNav draws the navigation with each item current, and with none.
func (s *Site) drawNav() error {
	s.Data.navs = nil
	if s.layouts == nil || !s.layouts.HasPartial(navPartial) {
		return nil
	}
	var b bytes.Buffer
	for cur := -1; cur < len(s.Data.Menu); cur++ {
		items := make([]NavItem, len(s.Data.Menu))
		for i, m := range s.Data.Menu {
			items[i] = NavItem{Title: m.Title, URL: m.URL, Current: i == cur}
		}
		b.Reset()
		if err := s.layouts.ExecutePartial(&b, navPartial, items); err != nil {
			return err
		}
		s.Data.navs = append(s.Data.navs, template.HTML(b.String()))
	}
	return nil
}

// navPartial draws the navigation; see Page.Nav.
const navPartial = "layouts/partials/nav.html"

// Year is one year of the timeline.
type Year struct {
	Year       int
	Milestones []Milestone
}

// Milestone is a milestone with its rendered text.
type Milestone struct {
	*content.Milestone
	Content template.HTML
}

// cacheDir is the folder of one kind of cached work, or "" for none.
func cacheDir(cfg Config, kind string) string {
	dir := cfg.Cache
	if dir == "" {
		if cfg.Out == "" {
			return ""
		}
		parent, base := filepath.Split(filepath.Clean(cfg.Out))
		dir = filepath.Join(parent, "."+base+".cache")
	}
	return filepath.Join(dir, kind)
}
