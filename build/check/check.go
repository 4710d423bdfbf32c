// Package check looks for problems in a site without publishing it: every
// problem the build reports, and what a build does not stop at.
//
//   - Every link an editor writes in Markdown must lead to a page of the
//     built site, and a link's "#anchor" to an id on that page (images and
//     links to files the build checks itself, and reports here too). Headings get ids from their text (render.Slug: "## 开放时间"
//     is #开放时间); a milestone's anchor on /timeline/ is its file name or
//     slug. Links to other sites are not followed.
//   - An image without alt text ("![](x.jpg)") is an error here, where the
//     build only warns: a reader who cannot see it gets nothing.
//   - A milestone dated after today is a warning: the timeline records what
//     has happened.
//   - An empty icp in site.yaml is a warning: a site served in mainland China
//     must show its ICP filing number (备案号) on every page.
//
// The site is rendered in memory, so an anchor is checked against the very
// page a reader gets, layout ids included. Each problem names the file and
// line of the link.
package check

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/render"
)

// Options say what to check.
type Options struct {
	Drafts bool      // check pages marked draft: true as well
	Now    time.Time // today, for dates in the future; zero means the clock
}

// Summary says how much was checked.
type Summary struct {
	Pages int // Markdown files whose links were checked
	Links int // links, images and audio references checked
}

// Site checks the site at root. The list holds every error and warning,
// sorted; the site is fine to publish when it holds no error.
func Site(ctx context.Context, cfg build.Config, opt Options) (Summary, diag.List) {
	var sum Summary
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	cfg.Drafts = opt.Drafts
	s, errs := build.Assemble(cfg)
	root := s.Config().Content
	for _, m := range s.Content.Milestones {
		if m.Date.After(opt.Now) {
			errs.Warn(m.Path, m.Line("date"), "date %s is in the future", m.Date.ISO())
			errs[len(errs)-1].Hint = "the timeline records what has happened; check the year"
		}
	}
	if s.Content.Settings.ICP == "" {
		line := s.Content.Settings.Lines.At("icp")
		errs.Warn(content.SettingsFile, line, "icp is empty: a site served in mainland China must show its ICP filing number (备案号) in every page's footer")
		errs[len(errs)-1].Hint = `once the domain is filed, set it in site.yaml, for example icp: 苏ICP备12345678号-1; README, "Deploying in mainland China", says how`
	}
	if errs.Err() != nil {
		// Links are checked against the rendered site, which needs a site
		// that assembles.
		return sum, errs.Sort()
	}
	var mu sync.Mutex
	files := map[string][]byte{}
	s.Lenient()
	_, err := s.Render(ctx, func(name string, data []byte) error {
		mu.Lock()
		files[name] = bytes.Clone(data) // the renderer reuses its buffers
		mu.Unlock()
		return nil
	})
	if err != nil {
		if list, ok := errors.AsType[diag.List](err); ok {
			return sum, append(errs, list...).Sort()
		}
		errs.Add("build", 0, "%v", err)
		return sum, errs.Sort()
	}
	errs = append(errs, s.Noted()...)
	c := &checker{
		root:  root,
		files: files,
		ids:   map[string]map[string]bool{},
		md:    render.NewMarkdown(),
		hosts: hosts(s.Content.Settings),
	}
	for _, pg := range pages(s.Content) {
		sum.Pages++
		sum.Links += c.page(pg, &errs)
	}
	return sum, errs.Sort()
}

// page is a Markdown file and the address of the page it is shown on.
type page struct {
	*content.Page
	url string
}

// pages lists every Markdown file of the site with the page it is shown
// on: a milestone's text is on its section's page.
func pages(cs *content.Site) []page {
	var out []page
	cs.All(func(p *content.Page) {
		u, _, _ := strings.Cut(p.URL(), "#")
		out = append(out, page{p, u})
	})
	return out
}

// hosts are the site's own host names: a full link to one of them is
// checked like a link starting with "/".
func hosts(set content.Settings) map[string]bool {
	h := map[string]bool{}
	for _, u := range []string{set.BaseURL, set.ProductionURL} {
		if v, err := url.Parse(u); err == nil && v.Host != "" {
			h[strings.ToLower(v.Host)] = true
		}
	}
	return h
}

type checker struct {
	root  fs.FS
	files map[string][]byte          // the rendered site
	ids   map[string]map[string]bool // output file → ids on it, filled as needed
	md    *render.Markdown
	hosts map[string]bool
}

// page checks the links of one Markdown file and returns how many it checked.
func (c *checker) page(pg page, errs *diag.List) int {
	src, err := pg.Body(c.root)
	if err != nil {
		errs.Add(pg.Path, 0, "cannot read: %v", err)
		return 0
	}
	doc := c.md.Parse(src)
	n := 0
	for _, r := range render.Refs(doc, src) {
		what := diag.Part("link")
		if r.Image {
			what = diag.Part("image")
		}
		if strings.HasSuffix(strings.ToLower(strings.SplitN(r.Dest, "#", 2)[0]), ".mp3") {
			what = diag.Part("audio file")
		}
		n++
		if build.FileRef(r.Dest, r.Image) {
			continue // the build has checked it
		}
		c.link(pg, r.Dest, what, r.Line, errs)
	}
	return n
}

// link checks one destination written on line of pg.
func (c *checker) link(pg page, dest string, what *diag.Message, line int, errs *diag.List) {
	fail := func(hint, format string, args ...any) {
		errs.Add(pg.Path, line, format, args...)
		(*errs)[len(*errs)-1].Hint = hint
	}
	if strings.TrimSpace(dest) == "" {
		fail(`write the address between the brackets, e.g. [图书馆](/spaces/library/)`, "%s has no address", what)
		return
	}
	u, err := url.Parse(dest)
	if err != nil {
		fail("", "%s %q is not a valid address", what, dest)
		return
	}
	if u.Scheme != "" || u.Host != "" {
		if (u.Scheme != "http" && u.Scheme != "https") || !c.hosts[strings.ToLower(u.Host)] {
			return // another site, mail or phone: not followed
		}
		u = &url.URL{Path: u.Path, Fragment: u.Fragment}
		if u.Path == "" {
			u.Path = "/"
		}
	}
	target := (&url.URL{Path: pg.url}).ResolveReference(u)
	file, ok := c.find(target.Path)
	if !ok {
		fail("", "%s %q goes nowhere: the site has no page or file at %s", what, dest, target.Path)
		c.hintFor(pg, u, errs)
		return
	}
	if u.Fragment == "" || !strings.HasSuffix(file, ".html") {
		return
	}
	if !c.idsOf(file)[u.Fragment] {
		hint := `a heading's anchor is its text: "## 开放时间" is #开放时间`
		if strings.TrimSuffix(target.Path, "index.html") == "/timeline/" {
			hint = "a milestone's anchor is its file name without .md, or its slug"
		}
		fail(hint, "%s %q: there is no #%s on %s", what, dest, u.Fragment, target.Path)
	}
}

// find returns the output file a site path leads to, as a web host would
// serve it: a folder's index.html, with or without the final slash.
func (c *checker) find(p string) (string, bool) {
	p = strings.TrimPrefix(p, "/")
	var try []string
	if p == "" || strings.HasSuffix(p, "/") {
		try = []string{p + "index.html"}
	} else {
		try = []string{p, p + "/index.html"}
	}
	for _, f := range try {
		if _, ok := c.files[f]; ok {
			return f, true
		}
	}
	return "", false
}

// hintFor says what the editor may have meant by a link that goes nowhere.
func (c *checker) hintFor(pg page, u *url.URL, errs *diag.List) {
	if u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return
	}
	errs.Hintf("addresses are taken from the page's own address %s; start the link with / to write it from the site's root", pg.url)
}

var idRE = regexp.MustCompile(`\sid="([^"]*)"`)

// idsOf lists the ids on an output page.
func (c *checker) idsOf(file string) map[string]bool {
	if ids, ok := c.ids[file]; ok {
		return ids
	}
	ids := map[string]bool{}
	for _, m := range idRE.FindAllSubmatch(c.files[file], -1) {
		ids[html.UnescapeString(string(m[1]))] = true
	}
	c.ids[file] = ids
	return ids
}
