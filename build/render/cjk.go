package render

import (
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// cjkBreaks decides the line breaks inside a paragraph that touch inline
// markup, the way goldmark's CJK extension decides them between two runs
// of plain text.
//
// goldmark looks only at the text node before a break and the one right
// after it. Next to markup there is none to look at, so a break after
// **加粗** or `代码` or a link is always drawn as a line end, which
// browsers show as a space ("加粗 文字"), and a break before markup is
// always dropped, gluing Latin words ("word<strong>bold</strong>").
// cjkBreaks looks through the markup to the nearest character on each
// side and applies the same rule (CSS Text 3's segment break
// transformation): nothing between East Asian wide characters, a space
// between Latin words. Breaks between plain text are left to goldmark.
type cjkBreaks struct{}

func (cjkBreaks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(cjkBreaks{}, 400)))
}

func (cjkBreaks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var breaks []*ast.Text
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*ast.Text); ok && entering && t.SoftLineBreak() && !t.HardLineBreak() {
			breaks = append(breaks, t)
		}
		return ast.WalkContinue, nil
	})
	for _, t := range breaks {
		value := t.Value(src)
		if next, ok := t.NextSibling().(*ast.Text); ok && len(value) > 0 && len(next.Value(src)) > 0 {
			continue // plain text on both sides: goldmark's own rule
		}
		before, ok1 := lastRuneBefore(t, src)
		after, ok2 := firstRuneAfter(t, src)
		if !ok1 || !ok2 {
			continue
		}
		space := breakIsSpace(before, after)
		if len(value) == 0 {
			// An empty text after markup: drawn as a line end, or nothing.
			t.SetSoftLineBreak(space)
			continue
		}
		if space {
			// Text before markup: goldmark draws nothing here. An empty
			// text after it, ending the line, is drawn as a line end.
			t.SetSoftLineBreak(false)
			end := ast.NewTextSegment(text.NewSegment(t.Segment.Stop, t.Segment.Stop))
			end.SetSoftLineBreak(true)
			t.Parent().InsertAfter(t.Parent(), t, end)
		}
	}
}

// lastRuneBefore is the last character drawn before the line break of t,
// looking back through inline markup within its block. Only the nearest
// node is looked into: one without text (an image) is no text to join,
// and a page of a thousand such lines stays linear work.
func lastRuneBefore(t *ast.Text, src []byte) (rune, bool) {
	if r, ok := lastRune(t, src); ok {
		return r, true
	}
	for n := ast.Node(t); n != nil && n.Type() == ast.TypeInline; n = n.Parent() {
		if s := n.PreviousSibling(); s != nil {
			return lastRune(s, src)
		}
	}
	return 0, false
}

// firstRuneAfter is the first character drawn after the line break of t.
func firstRuneAfter(t *ast.Text, src []byte) (rune, bool) {
	for n := ast.Node(t); n != nil && n.Type() == ast.TypeInline; n = n.Parent() {
		if s := n.NextSibling(); s != nil {
			return firstRune(s, src)
		}
	}
	return 0, false
}

// lastRune is the last character of the text in n, children included.
func lastRune(n ast.Node, src []byte) (rune, bool) {
	if v, ok := ownText(n, src); ok {
		if len(v) == 0 {
			return 0, false
		}
		r, _ := utf8.DecodeLastRune(v)
		return r, true
	}
	for c := n.LastChild(); c != nil; c = c.PreviousSibling() {
		if r, ok := lastRune(c, src); ok {
			return r, true
		}
	}
	return 0, false
}

// firstRune is the first character of the text in n, children included.
func firstRune(n ast.Node, src []byte) (rune, bool) {
	if v, ok := ownText(n, src); ok {
		if len(v) == 0 {
			return 0, false
		}
		r, _ := utf8.DecodeRune(v)
		return r, true
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if r, ok := firstRune(c, src); ok {
			return r, true
		}
	}
	return 0, false
}

// ownText is the text of a node drawn as text without children.
func ownText(n ast.Node, src []byte) ([]byte, bool) {
	switch n := n.(type) {
	case *ast.Text:
		return n.Value(src), true
	case *ast.String:
		return n.Value, true
	case *ast.AutoLink:
		return n.Label(src), true
	}
	return nil, false
}

// breakIsSpace is goldmark's EastAsianLineBreaksCSS3Draft rule, which the
// site's Markdown uses for breaks between plain text: whether a line break
// between before and after is drawn as a space.
func breakIsSpace(before, after rune) bool {
	if before == '\u200B' || after == '\u200B' {
		return false
	}
	wide := func(r rune) bool {
		w := util.EastAsianWidth(r)
		return w == "F" || w == "W" || w == "H"
	}
	if wide(before) && wide(after) {
		return unicode.Is(unicode.Hangul, before) || unicode.Is(unicode.Hangul, after)
	}
	discards := func(r rune) bool {
		return util.IsSpaceDiscardingUnicodeRune(r) || unicode.IsPunct(r) || r == '\u3000'
	}
	return !discards(before) && !discards(after)
}
