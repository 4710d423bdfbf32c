package build

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/publish"
	"github.com/zhaojiaxiang/site/build/render"
)

// A Builder builds one site again and again, as a live preview does, and
// redoes only what a change affects.
//
// The first build, and any build after a failed one, is a whole build. After
// that, when every changed file is a page's Markdown whose front matter is
// byte for byte what it was, only the body changed: titles, addresses,
// lists and everything else drawn from front matter are as they were. The
// plan says which outputs draw each page's body (its own page; the
// timeline draws the milestones', the podcast feed the clips'), and only
// those are drawn again and replaced in the output one by one. When every
// changed file is an existing layout, only the outputs drawn with the kinds
// that layout is part of are drawn again. Any other change (a style sheet,
// settings, a new, renamed or deleted file, a changed title) is a whole
// build, which itself rewrites only files whose bytes changed. Either way
// the output is what Build would make.
//
// A Builder's output is meant for one reader at a time: a whole build swaps
// the folder atomically, but the files of a partial build are replaced one
// after another. It is not safe for concurrent use.
type Builder struct {
	cfg Config

	// From the last good build; site is nil when there is none.
	site   *Site
	outs   []output
	res    Result
	byPath map[string]*content.Page
}

// NewBuilder returns a Builder for cfg.
func NewBuilder(cfg Config) *Builder { return &Builder{cfg: cfg.fill()} }

// Build builds the site. changed lists the site-relative, slash-separated
// paths of the files saved since the previous call; nil means unknown and
// makes a whole build. Errors are as Build's.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	start := time.Now()
	res, ok, err := b.partial(ctx, changed)
	if !ok {
		res, err = b.whole(ctx)
	}
	if err != nil {
		b.site = nil
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func (b *Builder) whole(ctx context.Context) (*Result, error) {
	b.site = nil
	s, errs := Assemble(b.cfg)
	outs, res, perrs := s.plan()
	if errs.Err() != nil || len(perrs) > 0 {
		// Say every problem in one run: with those the site cannot be
		// drawn, but its Markdown can still be read for files it lacks.
		if errs.Err() != nil {
			// Two pages on one address, or two clips on one stop, have been
			// said already, in other words.
			perrs = slices.DeleteFunc(perrs, func(d diag.Diagnostic) bool {
				return slices.ContainsFunc(errs, func(e diag.Diagnostic) bool { return e.Path == d.Path }) ||
					strings.HasPrefix(d.Path, "content/") && strings.HasSuffix(d.Path, ".md")
			})
		}
		return nil, slices.Concat(errs.Errors(), perrs, s.checkRefs()).Sort()
	}
	dir, err := publish.BeginWith(b.cfg.Out, publish.Options{Force: b.cfg.Force})
	if err != nil {
		return nil, err
	}
	if rerrs := s.run(ctx, outs, dir.Write); len(rerrs) > 0 {
		dir.Abort()
		return nil, rerrs.Sort()
	}
	if err := dir.Commit(); err != nil {
		dir.Abort()
		return nil, err
	}
	res.Aside = dir.Aside()
	res.Warnings = append(errs.Warnings(), s.renderWarnings()...).Sort()
	s.sweepPhotos()
	b.site, b.outs, b.res = s, outs, *res
	b.byPath = map[string]*content.Page{}
	s.Content.All(func(p *content.Page) { b.byPath[p.Path] = p })
	return res, nil
}

// partial draws again only what a change affects: the outputs that draw
// the bodies of pages whose text alone changed, or the pages drawn with
// layouts that changed. ok is false when the change needs a whole build.
func (b *Builder) partial(ctx context.Context, changed []string) (res *Result, ok bool, err error) {
	if b.site == nil || len(changed) == 0 {
		return nil, false, nil
	}
	touched := map[*content.Page]bool{}
	var layouts []string
	for _, name := range changed {
		if p := b.byPath[name]; p != nil && p.SameHead(b.cfg.Content) {
			touched[p] = true
		} else if slices.Contains(b.site.layouts.Files(), name) {
			layouts = append(layouts, name)
		} else {
			return nil, false, nil
		}
	}
	switch {
	case len(touched) > 0 && len(layouts) > 0:
		return nil, false, nil
	case len(layouts) > 0:
		return b.relayout(ctx, layouts)
	}
	for p := range touched {
		p.ForgetBody() // the file was saved: what was kept of it is old
	}
	var outs []output
	for _, o := range b.outs {
		if slices.ContainsFunc(o.bodies, func(p *content.Page) bool { return touched[p] }) {
			outs = append(outs, o)
		}
	}
	files, errs := b.collect(ctx, outs)
	if len(errs) > 0 {
		return nil, true, errs.Sort()
	}
	return b.replace(files)
}

// relayout draws again the pages of every kind whose layout is drawn from
// one of the changed layout files: a page's own layout, or base.html and
// the partials, which every kind is drawn with.
func (b *Builder) relayout(ctx context.Context, changed []string) (*Result, bool, error) {
	s := b.site
	l, errs := s.loadLayouts()
	if len(errs) > 0 {
		return nil, false, nil // a whole build reports them with everything else
	}
	if !slices.Equal(l.Files(), s.layouts.Files()) {
		return nil, false, nil // a layout was added or deleted
	}
	if assets, _ := l.Assets(); !sameAssets(assets, s.assets) {
		return nil, false, nil // a layout names another static file
	}
	kinds := map[string]bool{}
	for _, k := range l.Kinds() {
		for _, f := range changed {
			kinds[k] = kinds[k] || l.Uses(k, f)
		}
	}
	var outs []output
	for _, o := range b.outs {
		if kinds[o.kind] {
			outs = append(outs, o)
		}
	}
	if 4*len(outs) > len(b.outs) {
		// Files are replaced one by one, each through a new file renamed
		// over the old: for a quarter of the site or more, a whole build
		// that updates the kept folder in place and swaps it in is faster
		// (README, Performance).
		return nil, false, nil
	}
	s.layouts = l
	if err := s.drawNav(); err != nil {
		return nil, false, nil // a whole build reports it
	}
	files, errs := b.collect(ctx, outs)
	if len(errs) > 0 {
		return nil, true, errs.Sort()
	}
	return b.replace(files)
}

// sameAssets tells whether the layouts name the same static files as the
// plan has.
func sameAssets(a []render.Asset, planned map[string]string) bool {
	if len(a) != len(planned) {
		return false
	}
	for _, x := range a {
		if _, ok := planned[strings.TrimPrefix(x.Name, "/")]; !ok {
			return false
		}
	}
	return true
}

// collect runs jobs and keeps what they make.
func (b *Builder) collect(ctx context.Context, outs []output) ([]file, diag.List) {
	var (
		mu    sync.Mutex
		files []file
	)
	errs := b.site.run(ctx, outs, func(name string, data []byte) error {
		mu.Lock()
		files = append(files, file{name, bytes.Clone(data)})
		mu.Unlock()
		return nil
	})
	return files, errs
}

// replace puts files into the output one by one.
func (b *Builder) replace(files []file) (*Result, bool, error) {
	slices.SortFunc(files, func(a, b file) int { return strings.Compare(a.name, b.name) })
	for _, f := range files {
		if err := publish.Replace(b.cfg.Out, f.name, f.data); err != nil {
			return nil, true, err
		}
	}
	r := b.res
	r.partial = true
	return &r, true, nil
}

type file struct {
	name string
	data []byte
}
