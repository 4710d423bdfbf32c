// Package render turns Markdown into HTML and pages into files through the
// site's layouts.
//
// # Markdown
//
// Editors write CommonMark with GitHub's tables, strikethrough and autolinks.
// Raw HTML in Markdown is not rendered: an editor's page is data, never code.
// The CJK extension treats a line break inside a Chinese paragraph as nothing,
// not as a space, so text wrapped in the editor does not show stray gaps;
// cjk.go applies the same rule where the break is next to **bold**, `code`
// or a link.
// Headings get ids that keep their Chinese text ("## 开放时间" becomes
// id="开放时间"), so a link to a heading reads as what it points at.
// A paragraph may begin with the time it is spoken in a clip, "[0:15]"
// (see timed.go): it is drawn with data-start for the player.
// Images the site makes itself, such as a page's photos, are drawn by the
// Images given to RenderImages (see images.go); others are a plain <img>.
//
// # Layouts
//
// layouts/base.html is the frame of every page. A layout that defines
// "main" (and optionally "head") is drawn inside that frame; a layout that
// defines neither is a whole document by itself. Files in layouts/partials/
// are shared by all layouts. Templates are named by their path, so an error
// reads "layouts/clip.html:12:7: …" and points at the line to fix.
package render

import (
	"bytes"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Markdown is the site's Markdown dialect. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
}

// NewMarkdown sets up goldmark the way every page of the site is rendered.
func NewMarkdown() *Markdown {
	return &Markdown{md: goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.NewCJK(
				extension.WithEastAsianLineBreaks(extension.EastAsianLineBreaksCSS3Draft),
				extension.WithEscapedSpace(),
			),
			timed{},     // paragraphs starting "[0:15]": see timed.go
			cjkBreaks{}, // line breaks next to **bold**, `code` and links: see cjk.go
			imageHook{}, // photos drawn by the site: see images.go
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		// No html.WithUnsafe: raw HTML in Markdown is replaced by a comment.
	)}
}

// Parse reads src into a document tree; ids are given to headings as they are met.
func (m *Markdown) Parse(src []byte) ast.Node {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	return m.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
}

// Render writes the HTML of a document parsed from src. Given a
// *bufio.Writer, goldmark writes through it instead of making its own.
func (m *Markdown) Render(buf io.Writer, src []byte, doc ast.Node) error {
	return m.md.Renderer().Render(buf, src, doc)
}

// Convert parses and renders src in one step. Bytes that are not UTF-8
// become U+FFFD first: goldmark's CJK handling panics on them.
func (m *Markdown) Convert(buf io.Writer, src []byte) error {
	if !utf8.Valid(src) {
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	return m.Render(buf, src, m.Parse(src))
}

// ids makes heading ids from the heading's text, keeping letters of every
// script: goldmark's own generator keeps only ASCII, and a Chinese heading
// would get the id "heading".
//
// A heading whose id is taken gets the first free "-1", "-2", …; next
// remembers where to look from for each slug, so a page of many equal
// headings takes linear time, not quadratic.
type ids struct {
	used map[string]bool
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

// Slug is the id a heading with text value gets on a page with no other headings.
func Slug(value []byte) string {
	var b []byte
	dash := false
	for _, r := range string(bytes.TrimSpace(value)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, string(unicode.ToLower(r))...)
		case r == '-' || r == '_' || unicode.IsSpace(r):
			dash = true
		}
	}
	if len(b) == 0 {
		return "section"
	}
	return string(b)
}

func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(value)
	id := base
	if s.used[id] {
		i := max(s.next[base], 1)
		for s.used[base+"-"+strconv.Itoa(i)] {
			i++
		}
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// A Ref is a link or an image written in Markdown.
type Ref struct {
	Dest  string // as written
	Line  int    // in the editor's file
	Image bool
	Alt   string // an image's alt text (AltText)
}

// Refs lists the links and images of a document parsed from src, each
// with its line. Front matter is blank lines in src, so the line is the
// line in the editor's file.
func Refs(doc ast.Node, src []byte) []Ref {
	var out []Ref
	lines := lineCounter{src: src}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			out = append(out, Ref{Dest: string(l.Destination), Line: lines.at(offset(n))})
		case *ast.Image:
			out = append(out, Ref{Dest: string(l.Destination), Line: lines.at(offset(n)), Image: true, Alt: AltText(n, src)})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// lineCounter gives the line of an offset in src, counting on from the
// offset it was last asked for: the links of a page come in order, and
// counting from the top for each would take a page's length each time.
type lineCounter struct {
	src     []byte
	off, ln int // ln is the number of line ends before off
}

// at is the line of off, from 1; 0 for off < 0.
func (c *lineCounter) at(off int) int {
	if off < 0 {
		return 0
	}
	off = min(off, len(c.src))
	if off < c.off {
		c.off, c.ln = 0, 0
	}
	c.ln += bytes.Count(c.src[c.off:off], []byte("\n"))
	c.off = off
	return c.ln + 1
}

// offset is where n is in its source: at its first text, or at the block
// it is in; -1 when neither tells.
func offset(n ast.Node) int {
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
	return off
}
