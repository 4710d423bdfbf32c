package render

import (
	"errors"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/diag"
)

// Base is the frame every page is drawn in.
const Base = "layouts/base.html"

// Layouts are the site's parsed templates, one per kind of page.
type Layouts struct {
	byName map[string]*template.Template // "clip" → layouts/clip.html drawn in base.html
	entry  map[string]string             // template to execute for a kind
}

// LoadLayouts parses every layouts/*.html of fsys with the given functions.
// Errors name the file, line and column of the template.
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
	l := &Layouts{byName: map[string]*template.Template{}, entry: map[string]string{}}
	kinds, _ := fs.Glob(fsys, "layouts/*.html")
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

// Has reports whether there is a layout for kind.
func (l *Layouts) Has(kind string) bool { return l.byName[kind] != nil }

// Execute draws data with the layout for kind.
func (l *Layouts) Execute(w io.Writer, kind string, data any) error {
	t := l.byName[kind]
	if t == nil {
		return errors.New("no layout layouts/" + kind + ".html")
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
