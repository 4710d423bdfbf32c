package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/event"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/render"
	"github.com/zhaojiaxiang/site/build/wall"
)

// engineLayouts are the layouts the engine asks for itself, besides those
// of the kinds of page (neededLayouts).
var engineLayouts = []string{"home", "404", "shorturl"}

// Assemble loads the site and checks it as a whole. It writes nothing.
func Assemble(cfg Config) (*Site, diag.List) {
	cfg = cfg.fill()
	cs, errs := content.Load(cfg.Content, content.Options{Drafts: cfg.Drafts})
	if cfg.BaseURL != "" {
		if err := content.CheckURL(cfg.BaseURL); err != nil {
			errs.Add("-baseurl", 0, "%v", err)
		}
		cs.Settings.BaseURL = strings.TrimRight(cfg.BaseURL, "/") + "/"
	}
	s := &Site{cfg: cfg, Content: cs, md: render.NewMarkdown(), qr: qr.NewCache(cacheDir(cfg, "qr")),
		clipOf: map[*content.Page]*Clip{}}
	var lerrs diag.List
	s.layouts, lerrs = s.loadLayouts()
	errs = append(errs, lerrs...)
	if s.layouts != nil {
		for _, k := range slices.Concat(engineLayouts, neededLayouts(cs)) {
			name := "layouts/" + k + ".html"
			if !s.layouts.Has(k) && !slices.ContainsFunc(lerrs, func(d diag.Diagnostic) bool { return d.Path == name }) {
				errs.Add(name, 0, "missing: every site needs this layout")
			}
		}
	}
	s.Data = &SiteData{
		Settings: cs.Settings,
		Home:     cs.Home,
		Sections: cs.Sections,
		Spaces:   cs.SpaceList,
		Timeline: cs.Timeline,
		Listen:   cs.Listen,
	}
	now := cfg.Now
	if now.IsZero() {
		now = time.Now()
	}
	s.Data.Events = event.New(cs.Events, cs.SpaceList, cs.Settings, now, &errs)
	if err := s.drawNav(); err != nil {
		errs = append(errs, render.Diagnose(err, navPartial))
	}
	s.walkStatic(&errs)
	s.checkRedirects(&errs)
	s.checkURLs(&errs)
	s.assembleClips(&errs)
	s.assemblePhotos(&errs)
	s.checkPodcast(&errs)
	s.assembleWall(&errs)
	s.assembleAssets(&errs)
	return s, errs
}

// neededLayouts are the layouts the site's sections and pages are drawn
// with: a kind's list layout for every section, its page layout once it has
// a page.
func neededLayouts(cs *content.Site) []string {
	var out []string
	for _, sec := range append([]*content.Section{cs.Home}, cs.Sections...) {
		if sec != cs.Home && !slices.Contains(out, sec.Kind.List) {
			out = append(out, sec.Kind.List)
		}
		if len(sec.Entries) > 0 && sec.Kind.Layout != "" && !slices.Contains(out, sec.Kind.Layout) {
			out = append(out, sec.Kind.Layout)
		}
		if sec == cs.Section("events") && len(sec.Entries) > 0 {
			out = append(out, "events-past", "print-events")
		}
	}
	return out
}

// loadLayouts parses the site's layouts.
func (s *Site) loadLayouts() (*render.Layouts, diag.List) {
	l, errs := render.LoadLayouts(s.cfg.Layouts, s.funcs())
	if l != nil {
		// Every page of a kind has the same .Site and .Kind (see plan), so
		// what a layout draws from them alone is drawn once a build.
		l.Fold("Site", "Kind")
	}
	return l, errs
}

// walkStatic lists the files of static/, once for the whole build.
func (s *Site) walkStatic(errs *diag.List) {
	err := fs.WalkDir(s.cfg.Static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			errs.Add(p, 0, "cannot read: %v", err)
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			s.static = append(s.static, strings.TrimPrefix(p, "static/"))
		}
		return nil
	})
	if err != nil {
		errs.Add("static", 0, "cannot read: %v", err)
	}
}

// assembleAssets gives every static file a layout names with {{asset "…"}}
// an address that changes with its content, so hosts may cache it for a
// year.
func (s *Site) assembleAssets(errs *diag.List) {
	s.assets = map[string]string{}
	if s.layouts == nil {
		return
	}
	names, aerrs := s.layouts.Assets()
	*errs = append(*errs, aerrs...)
	for _, a := range names {
		name := strings.TrimPrefix(a.Name, "/")
		data, err := fs.ReadFile(s.cfg.Static, path.Join("static", name))
		if err != nil {
			errs.Add(a.File, a.Line, "asset %q: there is no file static/%s", a.Name, name)
			continue
		}
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		s.assets[name] = "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	}
}

// checkURLs reports two pages that would be written to the same address.
func (s *Site) checkURLs(errs *diag.List) {
	var all []*content.Page
	s.Content.All(func(p *content.Page) {
		if !strings.Contains(p.URL(), "#") && !strings.HasSuffix(p.Path, "/_index.md") && p.Path != "content/_index.md" {
			all = append(all, p)
		}
	})
	slices.SortStableFunc(all, func(a, b *content.Page) int { return strings.Compare(a.Path, b.Path) })
	seen := map[string]*content.Page{}
	for _, sec := range s.Content.Sections {
		seen[sec.URL()] = &sec.Page
		if !sec.Exists {
			seen[sec.URL()] = &content.Page{Path: "content/" + sec.Dir + "/"}
		}
	}
	for _, p := range all {
		if first, ok := seen[p.URL()]; ok {
			errs.Add(p.Path, p.Line("slug"), "%s is also the address of %s", p.URL(), first.Path)
			(*errs)[len(*errs)-1].Hint = `give one of them another file name or "slug"`
			continue
		}
		seen[p.URL()] = p
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
		s.clipOf[&c.Page] = clip
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
	content.Parallel(len(all), func(i int) {
		clip := all[i]
		if clip.ShortURL != "" {
			clip.qr, found[i].qr = s.qr.Get(clip.ShortURL)
		}
		if clip.Audio == "" || clip.Retired {
			return
		}
		defer func() { found[i].audio = append(found[i].audio, s.checkTranscript(clip.Clip, clip.Duration)...) }()
		data, err := fs.ReadFile(s.cfg.Content, clip.Audio)
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
			errs.Add(content.SettingsFile, set.Lines.At("productionURL"), "productionURL: %v", f.qr)
			(*errs)[len(*errs)-1].Hint = "use a shorter address, written in capital letters"
		}
		*errs = append(*errs, f.audio...)
	}
	*errs = append(*errs, s.unusedAudio()...)
}

// checkPodcast warns about clips the feed cannot date: podcast apps order and
// show episodes by their date, and the build may not invent one.
func (s *Site) checkPodcast(errs *diag.List) {
	for _, c := range s.Content.Clips {
		if c.Date.IsZero() {
			errs.Warn(c.Path, 1, `no "date": the podcast feed shows this clip without one; add a line such as "date: 2024-05-01"`)
		}
	}
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
			line := set.Lines.At("scanDistance")
			errs.Add(content.SettingsFile, line, "scanDistance: %v", err)
			(*errs)[len(*errs)-1].Hint = "the largest distance whose placards fit is " + strconv.Itoa(wall.MaxDistance(size)) + " cm"
		}
		s.layout = l
	}
	forwards := map[string]string{}
	for _, f := range s.shortLinks() {
		forwards[f.from] = f.to
	}
	*errs = append(*errs, wall.Check(wall.Site{
		Settings: set,
		Printed:  s.Content.Printed,
		Clips:    s.Content.Clips,
		Static:   s.static,
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
	u, err := url.Parse(c.Instead)
	try := []string{c.Instead}
	if err == nil && u.Fragment == "" {
		try = append(try, u.Path)
	}
	for _, t := range try {
		if title, ok := s.Content.Lookup(t); ok && !s.retired(t) {
			c.InsteadURL, c.InsteadTitle = t, title
			return
		}
	}
	errs.Add(c.Path, c.Line("instead"), "instead: %s is not a page of this site", c.Instead)
	(*errs)[len(*errs)-1].Hint = "write a stop number, or a page address such as " + listen.URL()
}

// retired tells whether u is the page of a retired clip.
func (s *Site) retired(u string) bool {
	return slices.ContainsFunc(s.Data.Retired, func(c *Clip) bool { return c.URL() == u })
}

type forward struct{ from, to string }

// shortLinks lists the short path of every clip, retired ones included, in
// both cases, with the page it forwards to, by stop number.
func (s *Site) shortLinks() []forward {
	clips := slices.Concat(s.Data.Clips, s.Data.Retired)
	slices.SortStableFunc(clips, func(a, b *Clip) int { return a.Stop - b.Stop })
	var out []forward
	for _, c := range clips {
		for _, p := range qr.ShortPaths(c.Stop) {
			out = append(out, forward{p, c.URL()})
		}
	}
	return out
}

// clipSummary is the line under a clip's title on a share card (WeChat shows
// it): the editor's summary, or where and how long the clip is.
func (s *Site) clipSummary(c *Clip) string {
	if c.Summary != "" {
		return c.Summary
	}
	t := fmt.Sprintf("%s · 编号 %02d · 时长 %s", s.Data.Listen.Title, c.Stop, c.Length())
	if c.Sample {
		t += " · 示例"
	}
	return t
}
