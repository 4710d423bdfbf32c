package content

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/zhaojiaxiang/site/build/diag"
)

// normalize accepts what editors' tools write: a UTF-8 byte order mark is
// dropped and CRLF line endings become LF. Line numbers do not change. A
// lone CR (old Mac line ends) becomes LF too: YAML and Markdown both end a
// line there, so counting it keeps their line numbers the file's.
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// split cuts the YAML front matter out of a Markdown file.
//
// It returns the YAML text, the file line its first line is on, and where the
// body starts (byte offset and line). adrg/frontmatter does the detection;
// what it does not do, this does: an opening "---" that is never closed is an
// error here, where the library would silently treat the file as all body.
func split(path string, src []byte) (fm []byte, fmLine, bodyOff, bodyLine int, d *diag.Diagnostic) {
	found := false
	format := frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
		fm = data
		found = true
		return nil
	})
	// adrg/frontmatter copies the whole input and reads it line by line
	// through a new 4 KB buffer. Given only the file up to the line that
	// closes the front matter, found as it finds it, and a buffer used
	// before, it does the same work on a tenth of the bytes.
	r := readers.Get().(*bufio.Reader)
	defer readers.Put(r)
	head := src[:frontMatterEnd(src)]
	r.Reset(bytes.NewReader(head))
	rest, err := frontmatter.Parse(r, nil, format)
	open := openingLine(src)
	if err != nil {
		return nil, 0, 0, 0, &diag.Diagnostic{Path: path, Line: open, Msg: "cannot read front matter: " + err.Error()}
	}
	if !found {
		if open > 0 {
			return nil, 0, 0, 0, &diag.Diagnostic{Path: path, Line: open,
				Msg:  `front matter starts with "---" here but is never closed`,
				Hint: `add a line with only "---" after the last setting`}
		}
		if frontMatterTOML(src) {
			return nil, 0, 0, 0, &diag.Diagnostic{Path: path, Line: 1 + bytes.Count(src[:bytes.Index(src, []byte("+++"))], []byte("\n")),
				Msg: msgTOML, Hint: hintTOML}
		}
		return nil, 0, 0, 0, &diag.Diagnostic{Path: path, Line: 1,
			Msg:  "no front matter",
			Hint: `start the file with a line "---", the settings such as "title: …", and another "---"`}
	}
	bodyOff = len(head) - len(rest)
	bodyLine = bytes.Count(src[:bodyOff], []byte("\n")) + 1
	if bodyOff > 0 && src[bodyOff-1] != '\n' { // file ends right after the closing "---"
		bodyLine++
	}
	return fm, open + 1, bodyOff, bodyLine, nil
}

// readers are the buffered readers split gives adrg/frontmatter, which
// keeps one given to it when it is large enough instead of making its own.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 4096) }}

// frontMatterEnd is where the line after the front matter's closing "---"
// starts, found by adrg/frontmatter's own rules: blank lines are skipped,
// the first other line must be "---", and the next line that is "---"
// closes it, spaces around either ignored. Without one it is len(src).
func frontMatterEnd(src []byte) int {
	opened := false
	for off := 0; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		line := bytes.TrimSpace(src[off:end])
		switch {
		case !opened && len(line) == 0:
		case !opened && string(line) == "---":
			opened = true
		case !opened:
			return len(src)
		case string(line) == "---":
			return end
		}
		off = end
	}
	return len(src)
}

// openingLine is the line of the first non-blank line if it is "---", else 0.
func openingLine(src []byte) int {
	line := 1
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n')
		var l []byte
		if i < 0 {
			l, src = src, nil
		} else {
			l, src = src[:i], src[i+1:]
		}
		t := bytes.TrimSpace(l)
		if len(t) == 0 {
			line++
			continue
		}
		if string(t) == "---" {
			return line
		}
		return 0
	}
	return 0
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode reads the YAML mapping fm (whose first line is file line base) into
// the fields, strictly: unknown keys, repeated keys, missing required keys and
// values of the wrong type are all reported, each at its own line. It returns
// the line of every key it saw, and false when the front matter could not
// be read as keys at all (then nothing more is said of it).
func decode(path string, fm []byte, base int, fields []Field, errs *diag.List) (Lines, bool) {
	var doc yaml.Node
	if m, ok := simpleMapping(fm); ok {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}}
	} else if err := yaml.Unmarshal(fm, &doc); err != nil {
		line, msg := base, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = base+n-1, m[2]
		}
		errs.Add(path, line, "front matter is not valid YAML: %s", msg)
		return nil, false
	}
	var m *yaml.Node
	switch {
	case doc.Kind == 0: // empty front matter
	case doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode:
		m = doc.Content[0]
	default:
		errs.Add(path, base, `front matter must be a list of "key: value" lines`)
		return nil, false
	}
	return decodeMap(path, m, base, base, fields, errs), true
}

// decodeMap reads the mapping m (nil when empty) into the fields, as decode
// does; nested values such as the lists of content/printed.yaml use it too.
// base is the file line of the YAML text's first line; a missing key is
// reported at line at.
func decodeMap(path string, m *yaml.Node, base, at int, fields []Field, errs *diag.List) Lines {
	var lines Lines
	if m != nil {
		lines = make(Lines, 0, len(m.Content)/2)
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			line := base + k.Line - 1
			// A page has a dozen keys at most: a look along the list is
			// quicker than a map made for every page.
			j := slices.IndexFunc(fields, func(f Field) bool { return f.Name == k.Value })
			if j < 0 {
				var names []string
				for _, f := range fields {
					names = append(names, f.Name)
				}
				if s := nearest(k.Value, names); s != "" {
					errs.Add(path, line, "unknown key %q (did you mean %q?)", k.Value, s)
				} else {
					errs.Add(path, line, "unknown key %q (known keys: %s)", k.Value, strings.Join(names, ", "))
				}
				continue
			}
			f := fields[j]
			if first := lines.At(k.Value); first > 0 {
				errs.Add(path, line, "key %q is set twice (first on line %d)", k.Value, first)
				continue
			}
			lines = append(lines, KeyLine{f.Name, line})
			if err := f.Set(v); err != nil {
				errs.Add(path, base+v.Line-1, "%s: %v", k.Value, err)
			}
		}
	}
	for _, f := range fields {
		if f.Required && !lines.Has(f.Name) {
			errs.Add(path, at, "missing key %q", f.Name)
		}
	}
	return lines
}

func scalar(n *yaml.Node) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", diag.Errorf("expected a single value, not a list or a group")
	}
	return n.Value, nil
}

// null reports whether n is YAML's "no value": nothing, "~" or "null"
// unquoted. Such a key is empty, never the text "~". The parser tags it
// !!null; simpleMapping's nodes have no tag, so their text decides.
func null(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if n.Tag == "!!null" {
		return true
	}
	if n.Tag != "" || n.Style != 0 {
		return false
	}
	switch n.Value {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

func str(p *string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if null(n) {
			*p = ""
			return nil
		}
		s, err := scalar(n)
		*p = strings.TrimSpace(s)
		return err
	}
}

func nonEmpty(p *string) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if err := str(p)(n); err != nil {
			return err
		}
		if *p == "" {
			if v := strings.TrimSpace(n.Value); null(n) && v != "" {
				return diag.Errorf("must not be empty: %s means \"no value\" in YAML (to mean the text, put it in quotes: \"%s\")", v, v)
			}
			return diag.Errorf("must not be empty")
		}
		return nil
	}
}

func integer(p *int) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return diag.Errorf("%q is not a whole number", s)
		}
		*p = v
		return nil
	}
}

func boolean(p *bool) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		switch s {
		case "true":
			*p = true
		case "false":
			*p = false
		default:
			return diag.Errorf("%q is not true or false", s)
		}
		return nil
	}
}

// Precision says how much of a date an editor wrote.
type Precision int

const (
	Year Precision = iota
	Month
	Day
)

// A Date is a milestone's or a clip's date, as precise as the editor knew it.
type Date struct {
	time.Time
	Precision Precision
}

// String formats the date the way the site shows it: 2017 年, 2022 年 7 月, 2022 年 7 月 1 日.
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%d 年", d.Year())
	case Month:
		return fmt.Sprintf("%d 年 %d 月", d.Year(), d.Month())
	}
	return fmt.Sprintf("%d 年 %d 月 %d 日", d.Year(), d.Month(), d.Day())
}

// ISO is the machine-readable form for <time datetime>.
func (d Date) ISO() string {
	switch d.Precision {
	case Year:
		return d.Format("2006")
	case Month:
		return d.Format("2006-01")
	}
	return d.Format("2006-01-02")
}

var dateLayouts = []struct {
	layout string
	p      Precision
}{
	{"2006", Year},
	{"2006-01", Month},
	{"2006-01-02", Day},
	{"2006-01-02 15:04", Day},
	{"2006-01-02 15:04:05", Day},
	{"2006-01-02T15:04:05", Day},
	{time.RFC3339, Day},
}

func date(p *Date, loc *time.Location) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		for _, l := range dateLayouts {
			if t, err := time.ParseInLocation(l.layout, s, loc); err == nil {
				*p = Date{t, l.p}
				return nil
			}
		}
		return diag.Errorf("%q is not a date: write it as 2022-07-01, 2022-07 or 2022", s)
	}
}

// nearest returns the candidate within a small edit distance of s, or "".
func nearest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, by runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Lines holds the line of each key set in front matter or a settings file.
// A page sets a handful of keys: a list is smaller than a map, and a site
// has one for every page.
type Lines []KeyLine

// A KeyLine is a key and the line it is set on.
type KeyLine struct {
	Key  string // the field's own name, not the parser's copy
	Line int
}

// At is the line of key, or 0 when it is not set.
func (l Lines) At(key string) int {
	for _, k := range l {
		if k.Key == key {
			return k.Line
		}
	}
	return 0
}

// Has reports whether key is set.
func (l Lines) Has(key string) bool { return l.At(key) > 0 }
