package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhaojiaxiang/site/build/diag"
)

// PrintedFile is the registry of QR codes printed for the wall.
const PrintedFile = "content/printed.yaml"

// Printed is the registry of every QR code ever printed for the wall, one
// run per print: a promise that each of those codes keeps leading somewhere.
// The command "site print record" appends runs; the build checks every
// change against it. It is strictly decoded, like front matter.
//
//	runs:
//	  - date: 2025-03-01          # the day the placards were printed
//	    codes:
//	      - stop: 3               # the number on the placard: the key
//	        url: HTTPS://EXAMPLE.ORG/L/3   # exactly what the code holds
//	        title: 图书馆借书还书   # the clip's title and page when printed,
//	        page: /listen/03-library/    # to tell the same clip renamed from another
type Printed struct {
	Runs []PrintRun
}

// A PrintRun is one print of placards.
type PrintRun struct {
	Date  string // 2006-01-02
	Codes []PrintedCode
	Line  int // of "- date:" in the file
}

// A PrintedCode is one placard of a print run.
type PrintedCode struct {
	Stop  int
	URL   string
	Title string
	Page  string
	Date  string // the run's date
	Line  int    // of "- stop:" in the file
	Lines Lines
}

// Stops returns every printed code by stop number, oldest run first.
func (p *Printed) Stops() map[int][]PrintedCode {
	out := map[int][]PrintedCode{}
	if p == nil {
		return out
	}
	for _, r := range p.Runs {
		for _, c := range r.Codes {
			out[c.Stop] = append(out[c.Stop], c)
		}
	}
	return out
}

// loadPrinted reads content/printed.yaml, or returns nil when there is none.
func loadPrinted(fsys fs.FS, errs *diag.List) *Printed {
	src, err := fs.ReadFile(fsys, PrintedFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		errs.Add(PrintedFile, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	p, list := ParsePrinted(src)
	*errs = append(*errs, list...)
	return p
}

// ParsePrinted decodes the text of content/printed.yaml. Every problem is in
// the list, each at its line; the registry is usable only when there is none.
func ParsePrinted(src []byte) (*Printed, diag.List) {
	var errs diag.List
	if d := checkEncoding(PrintedFile, src); d != nil {
		return &Printed{}, append(errs, *d)
	}
	src = normalize(src)
	p := &Printed{}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := 0, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		errs.Add(PrintedFile, line, "not valid YAML: %s", msg)
		return p, errs
	}
	var m *yaml.Node
	switch {
	case doc.Kind == 0:
	case doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode:
		m = doc.Content[0]
	default:
		errs.Add(PrintedFile, 1, `must start with "runs:"`)
		return p, errs
	}
	decodeMap(PrintedFile, m, 1, 1, []Field{
		{Name: "runs", Required: true, Set: list(&errs, func(n *yaml.Node) {
			p.Runs = append(p.Runs, decodeRun(n, &errs))
		})},
	}, &errs)
	return p, errs
}

// list decodes a YAML sequence of mappings, item by item.
func list(errs *diag.List, item func(*yaml.Node)) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return diag.Errorf(`expected a list of entries, each starting with "- "`)
		}
		for _, it := range n.Content {
			if it.Kind != yaml.MappingNode {
				errs.Add(PrintedFile, it.Line, `expected "key: value" lines`)
				continue
			}
			item(it)
		}
		return nil
	}
}

func decodeRun(n *yaml.Node, errs *diag.List) PrintRun {
	r := PrintRun{Line: n.Line}
	decodeMap(PrintedFile, n, 1, n.Line, []Field{
		{Name: "date", Required: true, Set: day(&r.Date)},
		{Name: "codes", Required: true, Set: list(errs, func(n *yaml.Node) {
			c := PrintedCode{Line: n.Line}
			c.Lines = decodeMap(PrintedFile, n, 1, n.Line, []Field{
				{Name: "stop", Required: true, Set: stopNumber(&c.Stop)},
				{Name: "url", Required: true, Set: absURL(&c.URL)},
				{Name: "title", Required: true, Set: nonEmpty(&c.Title)},
				{Name: "page", Required: true, Set: sitePath(&c.Page)},
			}, errs)
			r.Codes = append(r.Codes, c)
		})},
	}, errs)
	seen := map[int]int{}
	for i := range r.Codes {
		c := &r.Codes[i]
		c.Date = r.Date
		if first, ok := seen[c.Stop]; ok && c.Stop != 0 {
			errs.Add(PrintedFile, c.Line, "stop %d is listed twice in this print run (first on line %d)", c.Stop, first)
		}
		seen[c.Stop] = c.Line
	}
	return r
}

func day(p *string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return diag.Errorf("%q is not a day written as 2025-03-01", s)
		}
		*p = s
		return nil
	}
}

func sitePath(p *string) func(*yaml.Node) error {
	set := nonEmpty(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if !strings.HasPrefix(*p, "/") {
			return diag.Errorf("%q is not a path on the site such as /listen/03-library/", *p)
		}
		return nil
	}
}

const printedHeader = `# 已印刷上墙的二维码:每印一次,记一次。印好、贴好之后运行
#   go run ./cmd/site print record
# 这里记下的编号和网址必须一直有效:网站构建时会拒绝让它们失效的改动。请不要手改。
#
# QR codes printed for the wall, one entry per print run, added by
# "site print record" after printing. The build refuses any change that would
# break a code listed here. Do not edit by hand.
`

// Format writes the registry as the text of content/printed.yaml, the same
// bytes for the same registry.
func (p *Printed) Format() []byte {
	var b bytes.Buffer
	b.WriteString(printedHeader)
	if len(p.Runs) == 0 {
		b.WriteString("runs: []\n")
		return b.Bytes()
	}
	b.WriteString("runs:\n")
	for _, r := range p.Runs {
		fmt.Fprintf(&b, "  - date: %s\n    codes:\n", r.Date)
		for _, c := range r.Codes {
			fmt.Fprintf(&b, "      - stop: %d\n", c.Stop)
			fmt.Fprintf(&b, "        url: %s\n", YAMLString(c.URL))
			fmt.Fprintf(&b, "        title: %s\n", YAMLString(c.Title))
			fmt.Fprintf(&b, "        page: %s\n", YAMLString(c.Page))
		}
	}
	return b.Bytes()
}

// yamlString writes s as a YAML scalar, quoted only when it must be.
func YAMLString(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil || bytes.Count(out, []byte("\n")) > 1 {
		j, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
		return string(j)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// NextStop is the stop number a new clip gets: past every clip's number,
// retired ones included, and past every number ever printed, so a number
// on the wall is never given to another clip.
func NextStop(clips []*Clip, printed *Printed) int {
	next := 1
	for _, c := range clips {
		next = max(next, c.Stop+1)
	}
	for n := range printed.Stops() {
		next = max(next, n+1)
	}
	return next
}
