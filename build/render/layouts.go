package render

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"github.com/zhaojiaxiang/site/build/diag"
)

// Base is the frame every page is drawn in.
const Base = "layouts/base.html"

// Layouts are the site's parsed templates, one per kind of page.
type Layouts struct {
	byName map[string]*template.Template // "clip" → layouts/clip.html drawn in base.html
	entry  map[string]string             // template to execute for a kind
	funcs  map[string]bool               // names of the functions given to LoadLayouts
	files  []string                      // every layout file, base.html and partials included, sorted

	// partials is base.html with the partials, for drawing a partial alone.
	partials *template.Template

	// With folding on, fields names the fields of the data the same on
	// every page of a kind, and folding[kind] is held while a kind folds.
	fields  map[string]bool
	folding map[string]*folding
}

// folding is the state of folding one kind. A kind is folded when its
// second page is drawn: a kind drawn once (the home page, a list of every
// page) has nothing to gain and would only keep its text in memory. Until
// then, pages draw holding mu for reading; the fold holds it for writing,
// as it changes the templates.
type folding struct {
	seen atomic.Int64 // pages asked for
	mu   sync.RWMutex
	done atomic.Bool
}

// LoadLayouts parses every layouts/*.html of fsys with the given functions.
// Errors name the file, line and column of the template. Each function must
// give the same result for the same arguments: see Fold.
func LoadLayouts(fsys fs.FS, funcs template.FuncMap) (*Layouts, diag.List) {
	var errs diag.List
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Add(name, 0, "cannot read: %v", err)
			return "", false
		}
		return string(b), true
	}
	base := template.New(Base).Funcs(funcs)
	if src, ok := read(Base); ok {
		if _, err := base.Parse(src); err != nil {
			errs = append(errs, Diagnose(err, Base))
		}
	}
	partials, _ := fs.Glob(fsys, "layouts/partials/*.html")
	sort.Strings(partials)
	for _, p := range partials {
		if src, ok := read(p); ok {
			if _, err := base.New(p).Parse(src); err != nil {
				errs = append(errs, Diagnose(err, p))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	l := &Layouts{byName: map[string]*template.Template{}, entry: map[string]string{}, funcs: map[string]bool{}}
	l.partials, _ = base.Clone() // parsed without error: Clone cannot fail
	for name := range funcs {
		l.funcs[name] = true
	}
	kinds, _ := fs.Glob(fsys, "layouts/*.html")
	l.files = append(slices.Clone(partials), kinds...)
	sort.Strings(l.files)
	sort.Strings(kinds)
	for _, name := range kinds {
		if name == Base {
			continue
		}
		src, ok := read(name)
		if !ok {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(name).Parse(src)
		}
		if err != nil {
			errs = append(errs, Diagnose(err, name))
			continue
		}
		kind := strings.TrimSuffix(path.Base(name), ".html")
		l.byName[kind] = t
		l.entry[kind] = name
		if m := t.Lookup("main"); m != nil && m.Tree != nil && m.Tree.ParseName == name {
			l.entry[kind] = Base
		}
	}
	return l, errs
}

// Files lists the layout files the layouts were parsed from, sorted.
func (l *Layouts) Files() []string { return l.files }

// Kinds lists the kinds that have a layout, sorted.
func (l *Layouts) Kinds() []string { return slices.Sorted(maps.Keys(l.byName)) }

// Uses reports whether the layout for kind is drawn from file: its own
// file, base.html, or a partial (every kind has them all).
func (l *Layouts) Uses(kind, file string) bool {
	if t := l.byName[kind]; t != nil {
		for _, x := range t.Templates() {
			if x.Tree != nil && x.Tree.ParseName == file {
				return true
			}
		}
	}
	return false
}

// HasPartial reports whether the partial file (layouts/partials/x.html) exists.
func (l *Layouts) HasPartial(file string) bool { return l.partials.Lookup(file) != nil }

// ExecutePartial draws the partial file alone, as HTML text, with data: for
// what the engine draws once and puts on many pages (the navigation).
func (l *Layouts) ExecutePartial(w *bytes.Buffer, file string, data any) error {
	return l.partials.ExecuteTemplate(w, file, data)
}

// Has reports whether there is a layout for kind.
func (l *Layouts) Has(kind string) bool { return l.byName[kind] != nil }

// Fold turns on folding (see fold.go): the named fields of the data given
// to Execute must hold the same value for every page of a kind, and the
// values they lead to must not change while the Layouts are in use. Call it
// before the first Execute.
func (l *Layouts) Fold(fields ...string) {
	l.fields = map[string]bool{}
	for _, f := range fields {
		l.fields[f] = true
	}
	l.folding = map[string]*folding{}
	for kind := range l.byName {
		l.folding[kind] = &folding{}
	}
}

// Execute draws data with the layout for kind. It may be called from many
// goroutines at once.
func (l *Layouts) Execute(w *bytes.Buffer, kind string, data any) error {
	t := l.byName[kind]
	if t == nil {
		return errors.New("no layout layouts/" + kind + ".html")
	}
	if f := l.folding[kind]; f != nil && !f.done.Load() {
		if f.seen.Add(1) == 1 {
			f.mu.RLock()
			defer f.mu.RUnlock()
		} else {
			f.mu.Lock()
			defer f.mu.Unlock()
			if !f.done.Load() {
				defer f.done.Store(true)
				return fold(t, l.entry[kind], data, l.fields, l.funcs, w)
			}
		}
	}
	return t.ExecuteTemplate(w, l.entry[kind], data)
}

var tmplErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+)(?::(\d+))?: (?s)(.*)$`)

// Diagnose turns a template error into a diagnostic at the template's file
// and line; file is where to put it when the error names no position.
func Diagnose(err error, file string) diag.Diagnostic {
	msg := err.Error()
	m := tmplErrRE.FindStringSubmatch(msg)
	if m == nil {
		return diag.Diagnostic{Path: file, Msg: strings.TrimPrefix(msg, "template: ")}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return diag.Diagnostic{Path: m[1], Line: line, Col: col, Msg: m[4]}
}

// An Asset is a static file a layout names with {{asset "…"}}.
type Asset struct {
	Name      string // as written: "css/site.css"
	File      string // the layout naming it first
	Line, Col int
}

// Assets lists every static file the layouts name with {{asset "name"}},
// by name, so the build can plan them before drawing any page. The name
// must be written in quotes: an address computed while drawing could not be
// planned.
func (l *Layouts) Assets() ([]Asset, diag.List) {
	var (
		errs diag.List
		seen = map[string]bool{}
		out  = map[string]Asset{}
	)
	for _, kind := range l.Kinds() {
		for _, t := range l.byName[kind].Templates() {
			tree := t.Tree
			if tree == nil || tree.Root == nil || seen[tree.ParseName+"\x00"+t.Name()] {
				continue
			}
			seen[tree.ParseName+"\x00"+t.Name()] = true
			walkCommands(tree.Root, func(c *parse.CommandNode) {
				id, ok := c.Args[0].(*parse.IdentifierNode)
				if !ok || id.Ident != "asset" {
					return
				}
				d := Diagnose(errors.New("template: "+errorContext(tree, c)+": x"), tree.ParseName)
				if len(c.Args) != 2 {
					errs = append(errs, diag.Diagnostic{Path: d.Path, Line: d.Line, Col: d.Col, Msg: `asset takes one file name in quotes, such as {{asset "css/site.css"}}`})
					return
				}
				s, ok := c.Args[1].(*parse.StringNode)
				if !ok {
					errs = append(errs, diag.Diagnostic{Path: d.Path, Line: d.Line, Col: d.Col, Msg: `asset takes one file name in quotes, such as {{asset "css/site.css"}}`})
					return
				}
				if _, ok := out[s.Text]; !ok {
					out[s.Text] = Asset{Name: s.Text, File: d.Path, Line: d.Line, Col: d.Col}
				}
			})
		}
	}
	var list []Asset
	for _, name := range slices.Sorted(maps.Keys(out)) {
		list = append(list, out[name])
	}
	return list, errs
}

// walkCommands calls f for every command in the tree below n.
func walkCommands(n parse.Node, f func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkCommands(c, f)
			}
		}
	case *parse.ActionNode:
		walkCommands(n.Pipe, f)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkCommands(c, f)
			}
		}
	case *parse.CommandNode:
		f(n)
		for _, a := range n.Args {
			walkCommands(a, f)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		walkCommands(n.Pipe, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(*parse.CommandNode)) {
	walkCommands(b.Pipe, f)
	walkCommands(b.List, f)
	if b.ElseList != nil {
		walkCommands(b.ElseList, f)
	}
}

// errorContext is "file:line:col" of n in tree.
func errorContext(tree *parse.Tree, n parse.Node) string {
	loc, _ := tree.ErrorContext(n)
	return loc
}
