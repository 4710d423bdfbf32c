// Package build is the site generator's engine: it turns a site root
// (content/, layouts/, static/) into a folder of plain files that any static
// web host can serve.
//
// A build runs in stages, each with one job:
//
//	load      content.Load reads content/ into typed pages, strictly
//	assemble  checks the site as a whole (one page per URL, QR codes that fit,
//	          readable audio) and works out every page's data
//	render    Markdown through goldmark, pages through the layouts
//	publish   files are written into a folder beside the output (the build
//	          before last, updated in place: package publish) that
//	          replaces the output only when everything succeeded
//
// Nothing is written until load and assemble have found no error, and all
// errors of a stage are reported together, sorted, as "path:line: message".
//
// # Output
//
//	/                          home page
//	/spaces/                   all spaces;  /spaces/<slug>/ one space
//	/timeline/                 milestones grouped by year, each with an anchor
//	/listen/                   all clips by stop number; /listen/<slug>/ one clip,
//	                           with qr.png and qr.svg beside it
//	/audio/<name>.<hash>.mp3   clip audio; the name changes when the sound does
//	/assets/<name>.<hash>.ext  static files referenced with {{asset "…"}}
//	/L/<n>/, /l/<n>/           the short URL a printed code holds: a tiny page
//	                           that forwards to the clip, for hosts without rules
//	/print/, /print/<n>/       placards for the wall on A4 sheets (package wall),
//	                           when the site has layouts/print.html
//	/_redirects                the same forwards as server rules, for Netlify
//	/listen/feed.xml           the clips as a podcast, with its cover /listen/cover.png
//	/404.html, /sitemap.xml, /robots.txt
//
// Files in static/ are copied as they are. Every output is a function of the
// input alone: no clock, no map order, no machine path reaches a file.
package build

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/render"
	"github.com/zhaojiaxiang/site/build/wall"
)

// Config says what to build and where to.
type Config struct {
	Root    fs.FS  // the site root, holding content/, layouts/ and static/
	Out     string // output folder; replaced as a whole on success
	BaseURL string // overrides site.yaml's baseURL, e.g. for a deploy preview
	Drafts  bool   // include pages marked draft: true
	Force   bool   // replace an Out that site build did not make, moving it aside (publish.Options)
	// Cache is a folder for what one build keeps for the next (drawn QR
	// codes). "" puts it beside Out, as ".<out>.cache"; it may be deleted
	// at any time.
	Cache string
}

// Result tells what a successful build made.
type Result struct {
	Pages    int // HTML pages
	Clips    int
	QRCodes  int
	Files    int // every file written
	Warnings diag.List
	Elapsed  time.Duration

	partial bool // a Builder rendered only what a change affected
}

// Summary is the one line the command prints after a build.
func (r *Result) Summary(out string) string {
	return fmt.Sprintf("built %d pages, %d clips, %d QR codes (%d files) into %s in %s",
		r.Pages, r.Clips, r.QRCodes, r.Files, out, r.Elapsed.Round(time.Millisecond))
}

// Build builds the site. When the input has problems, the error is a
// diag.List of all of them and the output folder is left untouched.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	return NewBuilder(cfg).Build(ctx, nil)
}

// Site is an assembled site, ready to render.
type Site struct {
	cfg     Config
	Content *content.Site
	Data    *SiteData
	layouts *render.Layouts
	md      *render.Markdown
	assets  *assets
	layout  wall.Layout
	qr      *qr.Cache
}

// SiteData is what every template sees as .Site.
type SiteData struct {
	content.Settings
	Home     *content.Section
	Sections []*content.Section // spaces, timeline, listen
	Spaces   []*content.Space
	Timeline *content.Section
	Listen   *content.Section
	Clips    []*Clip
	Retired  []*Clip // no longer listed; their printed codes still forward
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

// Assemble loads the site and checks it as a whole. It writes nothing.
func Assemble(cfg Config) (*Site, diag.List) {
	cs, errs := content.Load(cfg.Root, content.Options{Drafts: cfg.Drafts})
	if cfg.BaseURL != "" {
		if err := content.CheckURL(cfg.BaseURL); err != nil {
			errs.Add("-baseurl", 0, "%v", err)
		}
		cs.Settings.BaseURL = strings.TrimRight(cfg.BaseURL, "/") + "/"
	}
	s := &Site{cfg: cfg, Content: cs, md: render.NewMarkdown(), qr: qr.NewCache(cacheDir(cfg, "qr"))}
	s.assets = newAssets(cfg.Root)
	var lerrs diag.List
	s.layouts, lerrs = s.loadLayouts()
	errs = append(errs, lerrs...)
	if s.layouts != nil {
		for _, k := range []string{"home", "section", "space", "timeline", "listen", "clip", "404", "shorturl"} {
			name := "layouts/" + k + ".html"
			if !s.layouts.Has(k) && !slices.ContainsFunc(lerrs, func(d diag.Diagnostic) bool { return d.Path == name }) {
				errs.Add(name, 0, "missing: every site needs this layout")
			}
		}
	}
	s.Data = &SiteData{
		Settings: cs.Settings,
		Home:     &cs.Home,
		Sections: []*content.Section{&cs.Spaces, &cs.Timeline, &cs.Listen},
		Spaces:   cs.SpaceList,
		Timeline: &cs.Timeline,
		Listen:   &cs.Listen,
	}
	s.checkURLs(&errs)
	s.assembleClips(&errs)
	s.checkPodcast(&errs)
	s.assembleWall(&errs)
	return s, errs
}

// loadLayouts parses the site's layouts.
func (s *Site) loadLayouts() (*render.Layouts, diag.List) {
	l, errs := render.LoadLayouts(s.cfg.Root, s.funcs())
	if l != nil {
		// Every page of a kind has the same .Site and .Kind (see plan), so
		// what a layout draws from them alone is drawn once a build.
		l.Fold("Site", "Kind")
	}
	return l, errs
}

// checkURLs reports two pages that would be written to the same address.
func (s *Site) checkURLs(errs *diag.List) {
	type owner struct {
		url  string
		page *content.Page
	}
	var all []owner
	for _, p := range s.Content.SpaceList {
		all = append(all, owner{p.URL(), &p.Page})
	}
	for _, p := range s.Content.Clips {
		all = append(all, owner{p.URL(), &p.Page})
	}
	for _, p := range s.Content.Milestones {
		all = append(all, owner{p.URL(), &p.Page})
	}
	slices.SortStableFunc(all, func(a, b owner) int { return strings.Compare(a.page.Path, b.page.Path) })
	seen := map[string]*content.Page{}
	for _, o := range all {
		if first, ok := seen[o.url]; ok {
			errs.Add(o.page.Path, o.page.Line("slug"), "%s is also the address of %s", o.url, first.Path)
			(*errs)[len(*errs)-1].Hint = `give one of them another file name or "slug"`
			continue
		}
		seen[o.url] = o.page
	}
}

// assembleClips reads every clip's audio and draws its QR code, on all cores:
// a code not found in the cache is the most costly thing a clip needs.
func (s *Site) assembleClips(errs *diag.List) {
	set := s.Content.Settings
	var all []*Clip // retired ones included, by stop number
	for _, c := range s.Content.Clips {
		clip := &Clip{
			Clip:      c,
			ShortPath: qr.ShortPath(c.Stop),
			QRPNG:     c.URL() + "qr.png",
			QRSVG:     c.URL() + "qr.svg",
		}
		if set.ProductionURL != "" {
			clip.ShortURL = qr.ShortURL(set.ProductionURL, c.Stop)
		}
		all = append(all, clip)
		if c.Retired {
			s.Data.Retired = append(s.Data.Retired, clip)
			continue
		}
		if n := len(s.Data.Clips); n > 0 {
			clip.Prev = s.Data.Clips[n-1]
			s.Data.Clips[n-1].Next = clip
		}
		s.Data.Clips = append(s.Data.Clips, clip)
	}
	type problems struct {
		qr    error
		audio diag.List
	}
	found := make([]problems, len(all))
	parallel(len(all), func(i int) {
		clip := all[i]
		if clip.ShortURL != "" {
			clip.qr, found[i].qr = s.qr.Get(clip.ShortURL)
		}
		if clip.Audio == "" || clip.Retired {
			return
		}
		data, err := fs.ReadFile(s.cfg.Root, clip.Audio)
		if err != nil {
			return // content.Load has said so
		}
		info, perr := audio.Probe(data)
		if perr != nil {
			found[i].audio.Add(clip.Audio, 0, "cannot read this audio file: %v", perr)
			found[i].audio[0].Hint = "save it again as an MP3 file"
		}
		clip.Size = len(data)
		clip.Duration = info.Duration
		sum := sha256.Sum256(data)
		base := strings.TrimSuffix(path.Base(clip.Audio), path.Ext(clip.Audio))
		clip.AudioURL = "/audio/" + base + "." + hex.EncodeToString(sum[:5]) + ".mp3"
	})
	s.qr.Flush()
	qrFailed := false
	for _, f := range found {
		if f.qr != nil && !qrFailed { // the same URL fails for every clip: say it once
			qrFailed = true
			errs.Add(content.SettingsFile, set.Lines["productionURL"], "productionURL: %v", f.qr)
			(*errs)[len(*errs)-1].Hint = "use a shorter address, written in capital letters"
		}
		*errs = append(*errs, f.audio...)
	}
}

// parallel calls f(0) … f(n-1) on all cores, with twice as many workers as
// cores, as run does.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
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

// Page is what a layout draws: .Site is the site, the rest is this page.
type Page struct {
	Site      *SiteData
	Kind      string // home, section, space, timeline, listen, clip, 404, shorturl, retired, print
	Title     string
	Summary   string
	URL       string // path on the site, e.g. /spaces/library/
	Permalink string // full address at the build's base URL
	Content   template.HTML
	Sample    bool // placeholder content an editor must replace

	Section *content.Section // on section, timeline and listen pages
	Space   *content.Space
	Clip    *Clip
	Years   []Year // on the timeline
	Print   *Print // on print pages
}

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

// write is where rendered files go.
type write func(name string, data []byte) error

// job renders one output file.
type job struct {
	name string // output path
	page *content.Page
	kind string // the layout it is drawn with, if any
	make func(buf *bytes.Buffer) error
}

// Render writes every file of the site through w.
func (s *Site) Render(ctx context.Context, w write) (*Result, error) {
	jobs, res := s.plan()
	return s.render(ctx, jobs, res, w)
}

// render runs the planned jobs, then finish.
func (s *Site) render(ctx context.Context, jobs []job, res *Result, w write) (*Result, error) {
	errs := s.run(ctx, jobs, w)
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	// Files that depend on what the pages used or on the whole site come last.
	extra, err := s.finish()
	if err != nil {
		return nil, err
	}
	for _, f := range extra {
		if err := w(f.name, f.data); err != nil {
			return nil, err
		}
	}
	res.Files = len(jobs) + len(extra)
	return res, nil
}

// plan lists every file to render, but those finish makes, and counts them.
func (s *Site) plan() ([]job, *Result) {
	res := &Result{Clips: len(s.Data.Clips)}
	var jobs []job
	var page pageFunc = func(name string, p *content.Page, kind string, data func() (*Page, error)) {
		jobs = append(jobs, job{name: name, page: p, kind: kind, make: func(buf *bytes.Buffer) error {
			d, err := data()
			if err != nil {
				return err
			}
			d.Site, d.Kind = s.Data, kind
			d.Permalink = s.Data.BaseURL + strings.TrimPrefix(d.URL, "/")
			return s.layouts.Execute(buf, kind, d)
		}})
	}
	cs := s.Content
	sectionPage := func(sec *content.Section, kind string, extra func(*Page) error) {
		var p *content.Page
		if sec.Exists {
			p = &sec.Page
		}
		page(strings.TrimPrefix(sec.URL(), "/")+"index.html", p, kind, func() (*Page, error) {
			d := &Page{Title: sec.Title, Summary: sec.Summary, URL: sec.URL(), Section: sec}
			if sec.Exists {
				html, err := s.markdown(&sec.Page)
				if err != nil {
					return nil, err
				}
				d.Content = html
			}
			if extra != nil {
				return d, extra(d)
			}
			return d, nil
		})
	}
	sectionPage(&cs.Home, "home", nil)
	sectionPage(&cs.Spaces, "section", nil)
	sectionPage(&cs.Listen, "listen", nil)
	sectionPage(&cs.Timeline, "timeline", func(d *Page) error {
		for _, m := range cs.Milestones {
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
	})
	for _, sp := range cs.SpaceList {
		page(strings.TrimPrefix(sp.URL(), "/")+"index.html", &sp.Page, "space", func() (*Page, error) {
			html, err := s.markdown(&sp.Page)
			return &Page{Title: sp.Title, Summary: sp.Summary, URL: sp.URL(), Content: html, Space: sp}, err
		})
	}
	for _, c := range s.Data.Clips {
		dir := strings.TrimPrefix(c.URL(), "/")
		page(dir+"index.html", &c.Page, "clip", func() (*Page, error) {
			html, err := s.markdown(&c.Page)
			return &Page{Title: c.Title, Summary: s.clipSummary(c), URL: c.URL(), Content: html, Clip: c, Sample: c.Sample}, err
		})
		for _, short := range []string{c.ShortPath, strings.ToLower(c.ShortPath)} {
			// /L/ and /l/ hold the same bytes, so a case-insensitive disk that
			// folds them into one folder still gets the right page.
			page(strings.TrimPrefix(short, "/")+"/index.html", &c.Page, "shorturl", func() (*Page, error) {
				return &Page{Title: c.Title, URL: c.URL(), Clip: c}, nil
			})
		}
		jobs = append(jobs, job{name: c.AudioURL[1:], page: &c.Page, make: func(buf *bytes.Buffer) error {
			// The audio is read again rather than kept: clips are large.
			f, err := s.cfg.Root.Open(c.Audio)
			if err != nil {
				return err
			}
			defer f.Close()
			if n, err := buf.ReadFrom(f); err != nil || n != int64(c.Size) {
				return errors.Join(err, fmt.Errorf("%s changed while the site was being built", c.Audio))
			}
			return nil
		}})
		if c.qr != nil {
			jobs = append(jobs,
				job{name: dir + "qr.png", page: &c.Page, make: func(buf *bytes.Buffer) error {
					buf.Write(c.qr.PNG)
					return nil
				}},
				job{name: dir + "qr.svg", page: &c.Page, make: func(buf *bytes.Buffer) error {
					buf.Write(c.qr.SVG)
					return nil
				}})
			res.QRCodes++
		}
	}
	s.wallPages(page)
	page("404.html", nil, "404", func() (*Page, error) {
		return &Page{Title: "找不到这个页面", URL: "/404.html"}, nil
	})
	for _, j := range jobs {
		if strings.HasSuffix(j.name, ".html") && !strings.HasPrefix(j.name, "L/") && !strings.HasPrefix(j.name, "l/") {
			res.Pages++
		}
	}
	return jobs, res
}

// run executes the jobs on all cores and collects every error.
//
// It runs twice as many workers as cores. Every job ends in system calls
// (making a folder, creating and writing a file, reading audio) that can
// take long enough for Go to give the core to another goroutine; with one
// worker a core there is then none ready to take it and the core idles. On
// two cores the extra workers make a first build of 10,000 pages about a
// tenth faster, counting the same change in parallel and content.Load.
func (s *Site) run(ctx context.Context, jobs []job, w write) diag.List {
	var (
		mu   sync.Mutex
		errs diag.List
		wg   sync.WaitGroup
		next = make(chan job)
	)
	// A page that takes too long stops the whole render: its layout would
	// keep every other page of its kind as long.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	fail := func(d diag.Diagnostic) {
		mu.Lock()
		errs = append(errs, d)
		mu.Unlock()
	}
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for j := range next {
				if buf.Cap() > 1<<20 {
					buf = bytes.Buffer{} // a rare large page's buffer is not kept
				}
				buf.Reset()
				err := render.ExecuteWithin(ctx, render.PageLimit, &buf, j.make)
				if err != nil {
					buf = bytes.Buffer{} // the abandoned drawing may still write to it
				}
				if tl, ok := errors.AsType[*render.TooLongError](err); ok {
					fail(tooLong(j, tl))
					stop()
					continue
				}
				if errors.Is(err, context.Canceled) && ctx.Err() != nil {
					continue // reported once below, or a page took too long
				}
				if err == nil {
					err = w(j.name, buf.Bytes())
				}
				if err != nil {
					d := render.Diagnose(err, j.name)
					if d.Line == 0 && j.page != nil {
						d.Path = j.page.Path
					}
					if !strings.HasPrefix(d.Path, "layouts/") && !strings.HasPrefix(d.Path, "content/") {
						d.Msg = j.name + ": " + d.Msg
					}
					fail(d)
				}
			}
		})
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if len(errs) == 0 && ctx.Err() != nil {
		errs.Add("build", 0, "%v", context.Cause(ctx))
	}
	return errs
}

// tooLong is the diagnostic for a page whose drawing was given up.
func tooLong(j job, err *render.TooLongError) diag.Diagnostic {
	what := j.name
	if j.page != nil {
		what = j.page.Path
	}
	if j.kind == "" {
		return diag.Diagnostic{Path: what, Msg: "reading it " + err.Error()}
	}
	return diag.Diagnostic{Path: "layouts/" + j.kind + ".html", Msg: "drawing " + what + " " + err.Error()}
}

// markdown renders a page's body.
func (s *Site) markdown(p *content.Page) (template.HTML, error) {
	b := scratch.Get().(*scratchBufs)
	defer scratch.Put(b)
	var err error
	b.src, err = p.AppendBody(b.src[:0], s.cfg.Root)
	if err != nil {
		return "", err
	}
	b.html.Reset()
	b.w.Reset(&b.html)
	if err := s.md.Convert(b.w, b.src); err != nil {
		return "", err
	}
	if err := b.w.Flush(); err != nil {
		return "", err
	}
	return template.HTML(b.html.String()), nil
}

// scratch holds buffers that rendering a page needs only for a moment.
var scratch = sync.Pool{New: func() any {
	b := &scratchBufs{}
	b.w = bufio.NewWriter(&b.html)
	return b
}}

type scratchBufs struct {
	src  []byte
	html bytes.Buffer
	// w is what goldmark writes to; given a plain writer it would make a
	// new bufio.Writer for every page.
	w *bufio.Writer
}

func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		// asset returns the address of a static file whose name carries a hash
		// of its content, so hosts may cache it for a year.
		"asset": func(name string) (string, error) { return s.assets.url(name) },
		// abs makes a site path absolute at the build's base URL.
		"abs": func(p string) string {
			return s.Data.BaseURL + strings.TrimPrefix(p, "/")
		},
	}
}
