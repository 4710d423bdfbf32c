// Package check looks for problems in a site without publishing it: every
// problem the build reports, and what a build does not stop at.
//
//   - Every link, image and audio file an editor writes in Markdown must lead
//     to a page or file of the built site, and a link's "#anchor" to an id on
//     that page. Headings get ids from their text (render.Slug: "## 开放时间"
//     is #开放时间); a milestone's anchor on /timeline/ is its file name or
//     slug. Links to other sites are not followed.
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
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"

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
func Site(ctx context.Context, root fs.FS, opt Options) (Summary, diag.List) {
	var sum Summary
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	s, errs := build.Assemble(build.Config{Root: root, Drafts: opt.Drafts})
	for _, m := range s.Content.Milestones {
		if m.Date.After(opt.Now) {
			errs.Warn(m.Path, m.Line("date"), "date %s is in the future", m.Date.ISO())
			errs[len(errs)-1].Hint = "the timeline records what has happened; check the year"
		}
	}
	if s.Content.Settings.ICP == "" {
		line := s.Content.Settings.Lines["icp"]
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
	c := &checker{
		root:  root,
		files: files,
		ids:   map[string]map[string]bool{},
		md:    render.NewMarkdown(),
		hosts: hosts(s.Content.Settings),
		pages: map[string]string{},
	}
	for _, pg := range pages(s.Content) {
		c.pages[pg.Path] = pg.url
	}
	for _, cl := range s.Content.Clips {
		if cl.Audio != "" {
			c.pages[cl.Audio] = cl.URL()
		}
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

func pages(cs *content.Site) []page {
	var out []page
	for _, sec := range []*content.Section{&cs.Home, &cs.Spaces, &cs.Timeline, &cs.Listen} {
		if sec.Exists {
			out = append(out, page{&sec.Page, sec.URL()})
		}
	}
	for _, sp := range cs.SpaceList {
		out = append(out, page{&sp.Page, sp.URL()})
	}
	for _, m := range cs.Milestones {
		out = append(out, page{&m.Page, cs.Timeline.URL()})
	}
	for _, cl := range cs.Clips {
		out = append(out, page{&cl.Page, cl.URL()})
	}
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
	pages map[string]string // content file (Markdown or a clip's MP3) → address of its page
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
	ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest, what string
		switch l := node.(type) {
		case *ast.Link:
			dest, what = string(l.Destination), "link"
		case *ast.Image:
			dest, what = string(l.Destination), "image"
		default:
			return ast.WalkContinue, nil
		}
		if strings.HasSuffix(strings.ToLower(strings.SplitN(dest, "#", 2)[0]), ".mp3") {
			what = "audio file"
		}
		n++
		c.link(pg, dest, what, line(node, src), errs)
		return ast.WalkContinue, nil
	})
	return n
}

// link checks one destination written on line of pg.
func (c *checker) link(pg page, dest, what string, line int, errs *diag.List) {
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
		fail(c.hintFor(pg, u), "%s %q goes nowhere: the site has no page or file at %s", what, dest, target.Path)
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
func (c *checker) hintFor(pg page, u *url.URL) string {
	if u.Path == "" || strings.HasPrefix(u.Path, "/") {
		if strings.HasSuffix(u.Path, ".md") {
			return "link to a page's address, such as /spaces/library/, not to its file"
		}
		return ""
	}
	// A path relative to the Markdown file: the editor thinks in files.
	rel := path.Join(path.Dir(pg.Path), u.Path)
	if to, ok := c.pages[rel]; ok {
		if strings.HasSuffix(rel, ".mp3") {
			return "a clip's audio is published under a new name; link to the clip's page: " + to
		}
		return "link to the page's address: " + to
	}
	if _, err := fs.Stat(c.root, rel); err == nil {
		return "files in content/ are not published as they are; put the file in static/ and link to it from the site's root, e.g. /images/photo.jpg for static/images/photo.jpg"
	}
	return "addresses are taken from the page's own address " + pg.url + "; start the link with / to write it from the site's root"
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

// line is the line of n in src: the line of its first text, or of the
// block it is in. Front matter is blank lines in src, so this is the line in
// the editor's file.
func line(n ast.Node, src []byte) int {
	off := -1
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for p := n; off < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			off = p.Lines().At(0).Start
		}
	}
	if off < 0 {
		return 0
	}
	return bytes.Count(src[:min(off, len(src))], []byte("\n")) + 1
}
