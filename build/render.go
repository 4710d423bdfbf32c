package build

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/render"
)

// write is where rendered files go.
type write func(name string, data []byte) error

// Render writes every file of the site through w.
func (s *Site) Render(ctx context.Context, w write) (*Result, error) {
	outs, res, errs := s.plan()
	if len(errs) > 0 {
		return nil, errs.Sort()
	}
	if errs := s.run(ctx, outs, w); len(errs) > 0 {
		return nil, errs.Sort()
	}
	return res, nil
}

// run makes the planned outputs on all cores and collects every error.
//
// It runs twice as many workers as cores: every output ends in system calls
// (making a folder, creating and writing a file, reading audio) that can
// take long enough for Go to give the core to another goroutine, and with
// one worker a core there is then none ready to take it.
func (s *Site) run(ctx context.Context, outs []output, w write) diag.List {
	var (
		mu     sync.Mutex
		errs   diag.List
		closed bool // a worker left behind reports nothing more
		next   = make(chan *output)
	)
	// A page that takes too long stops the whole render: its layout would
	// keep every other page of its kind as long.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	fail := func(d ...diag.Diagnostic) {
		mu.Lock()
		if !closed {
			errs = append(errs, d...)
		}
		mu.Unlock()
	}
	n := 2 * runtime.GOMAXPROCS(0)
	watch := render.NewWatch(n, render.PageLimit)
	drawing := make([]atomic.Pointer[output], n) // what each worker draws, for the message
	for i := range n {
		go func() {
			defer watch.Exit(i)
			var buf bytes.Buffer
			for o := range next {
				if ctx.Err() != nil {
					continue // reported once below, or a page took too long
				}
				if buf.Cap() > 1<<20 {
					buf = bytes.Buffer{} // a rare large page's buffer is not kept
				}
				buf.Reset()
				drawing[i].Store(o)
				err := watch.Draw(i, &buf, o.make)
				if ctx.Err() != nil {
					continue
				}
				if err == nil {
					err = w(o.name, buf.Bytes())
				}
				if list, ok := errors.AsType[diag.List](err); ok {
					fail(list...)
				} else if err != nil {
					d := render.Diagnose(err, o.name)
					if d.Line == 0 && o.page != nil {
						d.Path = o.page.Path
					}
					if !strings.HasPrefix(d.Path, "layouts/") && !strings.HasPrefix(d.Path, "content/") {
						d.Msg = o.name + ": " + d.Msg
					}
					fail(d)
				}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range outs {
			select {
			case next <- &outs[i]:
			case <-ctx.Done():
				return
			}
		}
	}()
	err := watch.Wait(ctx, stop)
	if tl, ok := errors.AsType[*render.TooLongError](err); ok {
		fail(tooLong(drawing[tl.Worker].Load(), tl))
	}
	mu.Lock()
	defer mu.Unlock()
	closed = true
	if len(errs) == 0 && err != nil {
		errs.Add("build", 0, "%v", err)
	}
	return slices.Clone(errs)
}

// tooLong is the diagnostic for a page whose drawing was given up.
func tooLong(o *output, err *render.TooLongError) diag.Diagnostic {
	what := o.name
	if o.page != nil {
		what = o.page.Path
	}
	if o.kind == "" {
		return diag.Newf(what, 0, "reading it took longer than %s (a range that never ends?)", err.Limit)
	}
	return diag.Newf("layouts/"+o.kind+".html", 0, "drawing %s took longer than %s (a range that never ends?)", what, err.Limit)
}

// markdown renders a page's body. A Markdown image, or a link to a file,
// that leads to no file of the built site (the page's bundle, static/, or
// what the build makes) is an error at its line. An image of a photo of a
// bundle is drawn with its smaller copies (photos.go); an image without alt
// text is a warning, and an error for "site check".
func (s *Site) markdown(p *content.Page) (template.HTML, error) {
	b := scratch.Get().(*scratchBufs)
	defer scratch.Put(b)
	var err error
	b.src, err = p.AppendBody(b.src[:0], s.cfg.Content)
	if err != nil {
		return "", err
	}
	doc := s.md.Parse(b.src)
	var errs diag.List
	var alt diag.List
	for _, r := range render.Refs(doc, b.src) {
		errs = append(errs, s.missingFile(p, r)...)
		if r.Image && r.Alt == "" {
			alt = append(alt, noAlt(p, r.Line, r.Dest))
		}
	}
	if len(errs) > 0 {
		if s.noted == nil {
			return "", errs
		}
		s.note(errs)
	}
	s.checkAlt(alt)
	b.html.Reset()
	b.w.Reset(&b.html)
	if err := s.md.RenderImages(b.w, b.src, doc, &pageImages{s: s, p: p}); err != nil {
		return "", err
	}
	if err := b.w.Flush(); err != nil {
		return "", err
	}
	return template.HTML(b.html.String()), nil
}

// checkRefs reads every page's Markdown for files the site does not have,
// without drawing anything: for a build that has already failed, so that it
// reports these too.
func (s *Site) checkRefs() diag.List {
	var errs diag.List
	var buf []byte
	s.Content.All(func(p *content.Page) {
		var err error
		buf, err = p.AppendBody(buf[:0], s.cfg.Content)
		if err != nil {
			return
		}
		for _, r := range render.Refs(s.md.Parse(buf), buf) {
			errs = append(errs, s.missingFile(p, r)...)
		}
	})
	return errs
}

// FileRef tells whether a Markdown destination names a file (an image, or
// a link whose last part has an extension other than .html), which the
// build itself checks, rather than a page, which "site check" does.
func FileRef(dest string, image bool) bool {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return false
	}
	ext := path.Ext(u.Path)
	return image || ext != "" && ext != ".html" && !strings.HasSuffix(u.Path, "/")
}

// missingFile says what is wrong with a reference to a file that the site
// does not have, and what to do, or "" when it is fine or not a reference
// to a file.
func (s *Site) missingFile(p *content.Page, r render.Ref) diag.List {
	var errs diag.List
	if !FileRef(r.Dest, r.Image) {
		return nil
	}
	u, _ := url.Parse(r.Dest)
	if s.photoTaken(p, r.Dest) {
		return nil // a photo the build could not make: said in assemble
	}
	if s.photoElsewhere(p, r.Dest) {
		errs.Add(p.Path, r.Line, msgPhotoElsewhere, r.Dest)
		errs.Hintf(hintPhotoElsewhere)
		return errs
	}
	if s.photoAt(p, r.Dest) != nil {
		if r.Image {
			return nil
		}
		errs.Add(p.Path, r.Line, msgPhotoLink, r.Dest)
		errs.Hintf(hintPhotoLink, r.Dest)
		return errs
	}
	target := (&url.URL{Path: p.URL()}).ResolveReference(&url.URL{Path: u.Path}).Path
	if s.outputs[strings.TrimPrefix(target, "/")] {
		return nil
	}
	switch {
	case r.Image:
		errs.Add(p.Path, r.Line, "image %q goes nowhere: the site has no file at %s", r.Dest, target)
	case strings.EqualFold(path.Ext(u.Path), ".mp3"):
		errs.Add(p.Path, r.Line, "audio file %q goes nowhere: the site has no file at %s", r.Dest, target)
	default:
		errs.Add(p.Path, r.Line, "link %q goes nowhere: the site has no file at %s", r.Dest, target)
	}
	if strings.HasPrefix(u.Path, "/") {
		errs.Hintf("files of static/ are at the site's root: /img/x.jpg is static/img/x.jpg")
		return errs
	}
	// A path relative to the Markdown file: the editor thinks in files.
	rel := path.Join(path.Dir(p.Path), u.Path)
	for _, e := range s.Content.Pages {
		if q := e.Base(); q.Path == rel {
			errs.Hintf("link to the page's address: %s", q.URL())
			return errs
		}
	}
	for _, c := range s.Content.Clips {
		if c.Audio == rel {
			errs.Hintf("a clip's audio is published under a new name; link to the clip's page: %s", c.URL())
			return errs
		}
	}
	switch {
	case strings.EqualFold(path.Ext(u.Path), ".md"):
		errs.Hintf("link to a page's address, such as /spaces/library/, not to its file")
	case p.Bundle != "":
		errs.Hintf("put the file in the page's folder %s/, or in static/ and write its address from the site's root, such as /img/x.jpg", p.Bundle)
	default:
		dir, name := path.Split(p.Path)
		errs.Hintf("only a page with a folder of its own has files beside it: make the page %s/index.md and put the file beside it; or put the file in static/ and write its address from the site's root, such as /img/x.jpg", dir+strings.TrimSuffix(name, path.Ext(name)))
	}
	return errs
}

// Lenient makes rendering go on past Markdown references to files the site
// does not have, keeping them for Noted: "site check" reports them with
// everything else it finds.
func (s *Site) Lenient() { s.noted = new(diag.List) }

// Noted returns what rendering found while lenient.
func (s *Site) Noted() diag.List {
	s.notedMu.Lock()
	defer s.notedMu.Unlock()
	return *s.noted
}

func (s *Site) note(l diag.List) {
	s.notedMu.Lock()
	defer s.notedMu.Unlock()
	*s.noted = append(*s.noted, l...)
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
		// of its content, so hosts may cache it for a year. The build plans
		// every asset a layout names before any page is drawn.
		"asset": func(name string) (string, error) {
			if out, ok := s.assets[strings.TrimPrefix(name, "/")]; ok {
				return "/" + out, nil
			}
			return "", errors.New("asset " + name + ": there is no file static/" + strings.TrimPrefix(name, "/"))
		},
		// cover is the small picture of a page's "cover" photo on a card of
		// a list: {{cover .}} where . is a page; nothing for a page without.
		"cover": s.coverHTML,
		// abs makes a site path absolute at the build's base URL.
		"abs": func(p string) string {
			return s.Data.BaseURL + strings.TrimPrefix(p, "/")
		},
	}
}
