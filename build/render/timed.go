package render

// Timed transcripts: a clip's transcript paragraph may begin with the time
// in the recording where it is spoken, "[0:15]" or "[1:02:03]". The stamp
// is taken out of the text and the paragraph is drawn as
//
//	<p data-start="15"><time class="ts" datetime="PT15S">0:15</time> …</p>
//
// so the time stays readable without JavaScript, and the player's script
// can highlight the paragraph being spoken and seek to it on a tap. Only
// paragraphs of the page itself count, not those in lists or quotes. A
// stamp that is not a time (seconds past 59) is left as text; Stamps finds
// it so that CheckStamps can say so.

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/zhaojiaxiang/site/build/diag"
)

// stampRE matches what looks like a stamp at the start of a paragraph's
// first line, with the spaces after it.
var stampRE = regexp.MustCompile(`^\[(\d+(?::\d+){1,2})\][ \t]*`)

// A Stamp is a start time written at the beginning of a paragraph.
type Stamp struct {
	Line    int    // of the paragraph in the file
	Text    string // as written, without the brackets: "1:02:03"
	Seconds int    // -1 when Text is not a time
}

// parseStamp reads "m:ss" or "h:mm:ss" as seconds; minutes and seconds
// after the first field must be two digits below 60.
func parseStamp(s string) int {
	parts := strings.Split(s, ":")
	total := 0
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || i > 0 && (len(p) != 2 || n > 59) {
			return -1
		}
		total = total*60 + n
	}
	return total
}

// paragraphStamp reads the stamp at the start of para: its text, its
// seconds, and the offset in source just past it and the spaces after it.
func paragraphStamp(para *ast.Paragraph, source []byte) (stamp string, seconds, end int, ok bool) {
	lines := para.Lines()
	if lines.Len() == 0 {
		return "", 0, 0, false
	}
	first := lines.At(0)
	line := first.Value(source)
	m := stampRE.FindSubmatchIndex(line)
	if m == nil || m[3]+1 < len(line) && (line[m[3]+1] == '(' || line[m[3]+1] == '[') {
		return "", 0, 0, false // a link: [0:15](…) or [0:15][ref]
	}
	stamp = string(first.Value(source)[m[2]:m[3]])
	return stamp, parseStamp(stamp), first.Start + m[1], true
}

// KindStamp is the kind of the node drawn as a paragraph's <time>.
var KindStamp = ast.NewNodeKind("Stamp")

// stampNode is a paragraph's start time, drawn before its text.
type stampNode struct {
	ast.BaseInline
	text    string
	seconds int
}

func (n *stampNode) Kind() ast.NodeKind { return KindStamp }

func (n *stampNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Text": n.text}, nil)
}

// timed is the goldmark extension for timed transcripts.
type timed struct{}

func (timed) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(timed{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(timed{}, 500)))
}

// Transform takes the stamp out of the text of each of the document's own
// paragraphs that begin with one, and marks the paragraph with its time.
func (timed) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		para, ok := c.(*ast.Paragraph)
		if !ok {
			continue
		}
		stamp, seconds, end, ok := paragraphStamp(para, source)
		if !ok || seconds < 0 || !cutText(para, end) {
			continue
		}
		para.SetAttributeString("data-start", []byte(strconv.Itoa(seconds)))
		para.InsertBefore(para, para.FirstChild(), &stampNode{text: stamp, seconds: seconds})
	}
}

// cutText removes the text before offset end from the start of para's
// inline text. It changes nothing and reports false when anything but
// plain text (a link, emphasis) begins before end.
func cutText(para *ast.Paragraph, end int) bool {
	var cut []ast.Node
	var trim *ast.Text
	for n := para.FirstChild(); n != nil; n = n.NextSibling() {
		t, ok := n.(*ast.Text)
		if !ok {
			return false
		}
		if t.Segment.Stop <= end {
			cut = append(cut, t)
			if t.Segment.Stop == end {
				break
			}
			continue
		}
		if t.Segment.Start < end {
			trim = t
		}
		break
	}
	for _, n := range cut {
		para.RemoveChild(para, n)
	}
	if trim != nil {
		trim.Segment = trim.Segment.WithStart(end)
	}
	return true
}

func (timed) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(KindStamp, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			s := n.(*stampNode)
			fmt.Fprintf(w, `<time class="ts" datetime="%s">%s</time> `, isoDuration(s.seconds), s.text)
		}
		return ast.WalkSkipChildren, nil
	})
}

// isoDuration writes seconds as an HTML duration: PT1H2M3S.
func isoDuration(seconds int) string {
	b := []byte("PT")
	if h := seconds / 3600; h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'H')
	}
	if m := seconds / 60 % 60; m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'M')
	}
	if s := seconds % 60; s > 0 || seconds == 0 {
		b = strconv.AppendInt(b, int64(s), 10)
		b = append(b, 'S')
	}
	return string(b)
}

var stampsMD = sync.OnceValue(NewMarkdown)

// maybeStamped matches a line that may begin a timed paragraph.
var maybeStamped = regexp.MustCompile(`(?m)^[ \t]*\[\d`)

// Stamps lists the stamps at the start of the paragraphs of a clip's
// transcript src (a page body, whose lines are the file's lines), in order.
func Stamps(src []byte) []Stamp {
	if !maybeStamped.Match(src) {
		return nil // most transcripts: no need to parse them a second time
	}
	doc := stampsMD().Parse(src)
	var out []Stamp
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		para, ok := c.(*ast.Paragraph)
		if !ok {
			continue
		}
		stamp, seconds, _, ok := paragraphStamp(para, src)
		if !ok {
			continue
		}
		line := 1 + bytes.Count(src[:para.Lines().At(0).Start], []byte("\n"))
		out = append(out, Stamp{Line: line, Text: stamp, Seconds: seconds})
	}
	return out
}

// CheckStamps reports, at path:line, stamps that are not times, that do not
// come after the one before, or that are not inside a recording of the
// given duration. A zero duration (the audio could not be read) checks the
// order alone.
func CheckStamps(path string, stamps []Stamp, duration time.Duration) diag.List {
	var errs diag.List
	prev := -1
	prevText := ""
	for _, s := range stamps {
		switch {
		case s.Seconds < 0:
			errs.Add(path, s.Line, "[%s] is not a time", s.Text)
			errs[len(errs)-1].Hint = "write minutes:seconds such as [1:05], or hours:minutes:seconds such as [1:02:03]"
			continue
		case s.Seconds <= prev:
			errs.Add(path, s.Line, "[%s] is not later than [%s] before it", s.Text, prevText)
			errs[len(errs)-1].Hint = "each paragraph's time must be later than the one before"
		case duration > 0 && time.Duration(s.Seconds)*time.Second >= duration:
			errs.Add(path, s.Line, "[%s] is past the end of the recording, which lasts %s", s.Text, clock(duration))
			errs[len(errs)-1].Hint = "listen again and write the time this paragraph starts"
		}
		prev, prevText = s.Seconds, s.Text
	}
	return errs
}

// clock writes d as m:ss, or h:mm:ss, rounded down to the second.
func clock(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
