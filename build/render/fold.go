package render

import (
	"bytes"
	"errors"
	"html/template"
	"maps"
	"strings"
	"text/template/parse"
)

// Folding: most of a page's frame is the same on every page of a kind. The
// site's title, the addresses of the style sheet and script, the navigation,
// the footer: on a space page about two thirds of the actions the template
// executes draw only from .Site, and html/template runs each through one to
// three escaping functions by reflection. Executing them again for each of
// ten thousand pages costs more than the page's Markdown.
//
// So when a kind's second page is drawn, its layout is folded: every action,
// if, with or range that reads only what is the same for every page of the
// kind (the fields named in Fold, the functions given to LoadLayouts and
// text/template's own but "call", constants)
// is drawn once and replaced in the escaped parse tree by the text it drew.
// The text is taken from that page's own execution, between marker text
// nodes put around each such node; a node drawn twice with different text,
// or markers out of order, leave the layout as it was. A node the page
// does not reach (a branch it does not take) stays as it is.
//
// Folding assumes that functions and methods reachable from the fields it
// is told about give the same result every time within a build, which is
// true of the site's.

// builtins are text/template's functions that depend only on their
// arguments. "call" is left out: it calls any function value.
var builtins = map[string]bool{
	"and": true, "or": true, "not": true, "len": true, "index": true, "slice": true,
	"print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
}

// deps is what a value depends on: bit k (k ≥ 1) for the element of the
// range at depth k, which changes from one turn of that range to the next,
// and the top bit for anything that may differ between pages. A value with
// no deps is the same wherever the template draws it, on every page of
// the kind.
type deps uint64

const varies deps = 1 << 63

// maxDepth is the deepest range whose turns are told apart; deeper ones
// count as varying.
const maxDepth = 62

// value is what the analysis knows of a value: the page itself (whose
// fields named in Fold are the same on every page), or its deps.
type value struct {
	page bool
	deps deps
}

var (
	thePage = value{page: true, deps: varies}
	unknown = value{deps: varies}
)

// folder finds the nodes of one kind's templates that can be folded.
type folder struct {
	lookup   func(name string) *parse.Tree
	fields   map[string]bool  // fields of the page the same on every page of the kind
	pure     map[string]bool  // functions besides the builtins and html/template's own
	assigned map[string]bool  // variables assigned with = somewhere: treated as varying
	calls    map[string]value // what each template is called with
	broken   bool             // a template we cannot see is called: fold nothing
	cands    []cand
}

// cand is a foldable node: list.Nodes[i].
type cand struct {
	list *parse.ListNode
	i    int
}

// scope is what the analysis knows at a point of a template.
type scope struct {
	dot   value
	vars  map[string]value // "$" included
	depth int              // of ranges around the point
}

// inner is a copy of s for a nested list, with dot d.
func (s scope) inner(d value) scope {
	vars := make(map[string]value, len(s.vars))
	for k, v := range s.vars {
		vars[k] = v
	}
	return scope{dot: d, vars: vars, depth: s.depth}
}

func (f *folder) isPure(name string) bool {
	return builtins[name] || f.pure[name] || strings.HasPrefix(name, "_html_template_")
}

// analyze works out what every reachable template is called with, starting
// from entry drawing the page, then lists the foldable nodes.
func (f *folder) analyze(entry string) {
	f.calls = map[string]value{entry: thePage}
	for { // a template's value only moves toward unknown, so this settles
		before := maps.Clone(f.calls)
		for name, v := range before {
			f.walkTemplate(name, v, false)
		}
		if maps.Equal(before, f.calls) {
			break
		}
	}
	for name, v := range f.calls {
		f.walkTemplate(name, v, true)
	}
}

func (f *folder) walkTemplate(name string, v value, collect bool) {
	t := f.lookup(name)
	if t == nil {
		f.broken = true
		return
	}
	f.list(t.Root, scope{dot: v, vars: map[string]value{"$": v}}, collect)
}

// list walks the nodes of l and reports what they depend on together. With
// collect, it records the foldable ones, the largest only.
func (f *folder) list(l *parse.ListNode, s scope, collect bool) deps {
	if l == nil {
		return 0
	}
	var all deps
	for i, n := range l.Nodes {
		d, foldable := f.node(n, s, collect)
		all |= d
		if foldable && collect {
			f.cands = append(f.cands, cand{l, i})
		}
	}
	return all
}

// node reports what n depends on, and whether it may be replaced by what it
// drew. Variables it declares are added to s.
func (f *folder) node(n parse.Node, s scope, collect bool) (d deps, foldable bool) {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode:
		return 0, false
	case *parse.ActionNode:
		d := f.pipe(n.Pipe, s)
		if n.Pipe.IsAssign {
			return varies, false // changes a variable outside the node
		}
		f.declare(n.Pipe, s, value{deps: d})
		return d, d == 0 && len(n.Pipe.Decl) == 0
	case *parse.IfNode:
		return f.branch(&n.BranchNode, s, s.dot, 0, collect)
	case *parse.WithNode:
		return f.branch(&n.BranchNode, s, f.value(n.Pipe, s), 0, collect)
	case *parse.RangeNode:
		k := s.depth + 1
		if k > maxDepth {
			return varies, false
		}
		turn := deps(1) << k
		return f.branch(&n.BranchNode, s, value{deps: f.pipe(n.Pipe, s) | turn}, turn, collect)
	case *parse.TemplateNode:
		if f.lookup(n.Name) == nil {
			f.broken = true
			return varies, false
		}
		arg := f.value(n.Pipe, s)
		if !arg.page && arg.deps != 0 {
			arg = unknown // a value of a range outside: too much to follow
		}
		if old, ok := f.calls[n.Name]; ok && old != arg {
			arg = unknown
		}
		f.calls[n.Name] = arg
		return varies, false
	}
	return varies, false // break, continue and anything new
}

// branch handles if, with and range: dot is dot inside the first list, and
// turn the bit of a range's own element, which the range as a whole does
// not depend on.
func (f *folder) branch(b *parse.BranchNode, s scope, dot value, turn deps, collect bool) (deps, bool) {
	d := f.pipe(b.Pipe, s)
	in := s.inner(dot)
	if turn != 0 {
		in.depth++
	}
	f.declare(b.Pipe, in, value{deps: d | turn})
	// Decide without collecting; collect inside only if this node is not
	// folded as a whole.
	d |= f.list(b.List, in.inner(in.dot), false) &^ turn
	d |= f.list(b.ElseList, s.inner(s.dot), false)
	if d != 0 && collect {
		f.list(b.List, in.inner(in.dot), true)
		f.list(b.ElseList, s.inner(s.dot), true)
	}
	return d, d == 0
}

// declare records the variables a pipeline declares as holding v.
func (f *folder) declare(p *parse.PipeNode, s scope, v value) {
	for _, x := range p.Decl {
		if f.assigned[x.Ident[0]] {
			s.vars[x.Ident[0]] = unknown
		} else {
			s.vars[x.Ident[0]] = v
		}
	}
}

// value is what a pipeline passed on as dot is.
func (f *folder) value(p *parse.PipeNode, s scope) value {
	if p == nil {
		return value{} // no data
	}
	if len(p.Decl) == 0 && len(p.Cmds) == 1 && len(p.Cmds[0].Args) == 1 {
		switch a := p.Cmds[0].Args[0].(type) {
		case *parse.DotNode:
			return s.dot
		case *parse.VariableNode:
			if len(a.Ident) == 1 {
				if v, ok := s.vars[a.Ident[0]]; ok {
					return v
				}
				return unknown
			}
		}
	}
	return value{deps: f.pipe(p, s)}
}

// pipe reports what a pipeline's value depends on.
func (f *folder) pipe(p *parse.PipeNode, s scope) deps {
	if p == nil {
		return 0
	}
	var d deps
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			d |= f.arg(a, s)
		}
	}
	return d
}

func (f *folder) arg(a parse.Node, s scope) deps {
	switch a := a.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return 0
	case *parse.DotNode:
		return s.dot.deps
	case *parse.FieldNode:
		return f.field(s.dot, a.Ident)
	case *parse.VariableNode:
		v, ok := s.vars[a.Ident[0]]
		if !ok {
			return varies
		}
		return f.field(v, a.Ident[1:])
	case *parse.ChainNode:
		return f.arg(a.Node, s)
	case *parse.PipeNode:
		return f.pipe(a, s)
	case *parse.IdentifierNode:
		if f.isPure(a.Ident) {
			return 0
		}
	}
	return varies
}

// field is what v.A.B… depends on.
func (f *folder) field(v value, idents []string) deps {
	if !v.page {
		return v.deps
	}
	if len(idents) > 0 && f.fields[idents[0]] {
		return 0
	}
	return varies
}

// assignments lists the variables any template assigns to with =.
func assignments(trees []*parse.Tree) map[string]bool {
	out := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			if n.Pipe.IsAssign {
				for _, v := range n.Pipe.Decl {
					out[v.Ident[0]] = true
				}
			}
		case *parse.IfNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.List)
			walk(n.ElseList)
		}
	}
	for _, t := range trees {
		if t != nil && t.Root != nil {
			walk(t.Root)
		}
	}
	return out
}

// fold draws data with t's entry template into buf, folding t on the way.
// The caller holds t for itself: no other execution of t may run meanwhile.
func fold(t *template.Template, entry string, data any, fields, pure map[string]bool, buf *bytes.Buffer) error {
	// html/template escapes the templates the first time they run, and
	// folding works on the escaped trees. A writer that refuses the first
	// byte stops that run as soon as escaping is done.
	if err := t.ExecuteTemplate(refuse{}, entry, data); err != nil && !errors.Is(err, errRefused) {
		return err
	}
	var trees []*parse.Tree
	for _, x := range t.Templates() {
		trees = append(trees, x.Tree)
	}
	f := &folder{
		lookup: func(name string) *parse.Tree {
			if x := t.Lookup(name); x != nil {
				return x.Tree
			}
			return nil
		},
		fields:   fields,
		pure:     pure,
		assigned: assignments(trees),
	}
	f.analyze(entry)
	if f.broken || len(f.cands) == 0 {
		return t.ExecuteTemplate(buf, entry, data)
	}

	// Put a marker text node before and after every candidate, draw the
	// page, and put the lists back.
	w := &marking{out: buf, start: buf.Len(), marks: map[*byte]mark{}, drew: make([][]byte, len(f.cands)), open: -1}
	byList := map[*parse.ListNode][]int{}
	var order []*parse.ListNode
	for i, c := range f.cands {
		if byList[c.list] == nil {
			order = append(order, c.list)
		}
		byList[c.list] = append(byList[c.list], i)
	}
	orig := map[*parse.ListNode][]parse.Node{}
	for _, l := range order {
		orig[l] = l.Nodes
		marked := make([]parse.Node, 0, len(l.Nodes)+2*len(byList[l]))
		next := 0
		for _, ci := range byList[l] {
			c := f.cands[ci]
			marked = append(marked, l.Nodes[next:c.i]...)
			marked = append(marked, w.marker(ci, false), l.Nodes[c.i], w.marker(ci, true))
			next = c.i + 1
		}
		l.Nodes = append(marked, l.Nodes[next:]...)
	}
	err := t.ExecuteTemplate(w, entry, data)
	for l, nodes := range orig {
		l.Nodes = nodes
	}
	if err != nil {
		return err
	}
	if w.bad || w.open >= 0 {
		buf.Truncate(w.start)
		return t.ExecuteTemplate(buf, entry, data)
	}
	for i, c := range f.cands {
		if d := w.drew[i]; d != nil {
			c.list.Nodes[c.i] = &parse.TextNode{NodeType: parse.NodeText, Text: d}
		}
	}
	for _, l := range order {
		l.Nodes = merge(l.Nodes)
	}
	return nil
}

var errRefused = errors.New("refused")

type refuse struct{}

func (refuse) Write([]byte) (int, error) { return 0, errRefused }

// marking is the writer of the marked execution. text/template writes a
// text node's bytes in one Write of the node's own slice, so a marker is
// known by the address of its first byte: nothing a page draws can be
// mistaken for one. What lies between a candidate's two markers is what it
// drew.
type marking struct {
	out   *bytes.Buffer
	start int // where this page starts in out
	marks map[*byte]mark
	drew  [][]byte // by candidate; nil until drawn
	open  int      // candidate whose end marker is due, or -1
	from  int      // where in out it started drawing
	bad   bool     // markers out of order, or a candidate drawn twice differently
}

type mark struct {
	cand int
	end  bool
}

func (w *marking) marker(cand int, end bool) *parse.TextNode {
	n := &parse.TextNode{NodeType: parse.NodeText, Text: []byte{0}}
	w.marks[&n.Text[0]] = mark{cand, end}
	return n
}

func (w *marking) Write(p []byte) (int, error) {
	if len(p) == 1 {
		if m, ok := w.marks[&p[0]]; ok {
			switch {
			case !m.end && w.open < 0:
				w.open, w.from = m.cand, w.out.Len()
			case m.end && w.open == m.cand:
				seg := w.out.Bytes()[w.from:]
				if prev := w.drew[m.cand]; prev != nil && !bytes.Equal(prev, seg) {
					w.bad = true
				} else if prev == nil {
					w.drew[m.cand] = append(make([]byte, 0, len(seg)+1), seg...)
				}
				w.open = -1
			default:
				w.bad = true
			}
			return 1, nil
		}
	}
	return w.out.Write(p)
}

// merge joins neighbouring text nodes, so a folded stretch is one write.
func merge(nodes []parse.Node) []parse.Node {
	var out []parse.Node
	for i := 0; i < len(nodes); {
		j := i
		size := 0
		for ; j < len(nodes); j++ {
			t, ok := nodes[j].(*parse.TextNode)
			if !ok {
				break
			}
			size += len(t.Text)
		}
		if j-i < 2 {
			out = append(out, nodes[i])
			i++
			continue
		}
		joined := make([]byte, 0, size)
		for _, n := range nodes[i:j] {
			joined = append(joined, n.(*parse.TextNode).Text...)
		}
		out = append(out, &parse.TextNode{NodeType: parse.NodeText, Pos: nodes[i].Position(), Text: joined})
		i = j
	}
	return out
}
