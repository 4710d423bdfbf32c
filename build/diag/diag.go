// Package diag holds the messages the build gives editors about their files.
//
// Editors are community workers, not programmers, so a diagnostic always names
// the file and the line they have to open, says in plain words what is wrong,
// and, where it can, what to do about it. The shape follows go/scanner's
// ErrorList: "path:line: message", sorted by file and line, one per line, and
// every problem found in one run rather than only the first.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity tells whether a diagnostic stops the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

// A Diagnostic is one problem at one place in one file.
// Line and Col count from 1; zero means the whole file (or line).
type Diagnostic struct {
	Path     string // slash-separated, relative to the site root, e.g. "content/listen/01.md"
	Line     int
	Col      int
	Severity Severity
	Msg      string
	Hint     string // optional: what the editor can do about it

	// format and args are what Msg was made from, so that In can say it
	// in another language; empty for a Diagnostic made as a literal.
	format string
	args   []any
	// hintFormat and hintArgs are what Hint was made from by Hintf.
	hintFormat string
	hintArgs   []any
}

// String is the diagnostic as one line for a terminal. Control characters
// from file names or contents (an escape sequence that would recolour or
// rewrite the editor's terminal, a line break that would forge another
// message) are shown as Go escapes such as \x1b and \n.
func (d Diagnostic) String() string { return d.In(English) }

// In is the diagnostic as one line for a terminal in language l: the
// "path:line:" prefix as in String, the message and the hint through the
// catalogue (zh.go), with the same escaping of control characters.
func (d Diagnostic) In(l Lang) string {
	msg, hint := d.Msg, d.Hint
	if l != English {
		if d.format != "" {
			msg = Text(l, d.format, d.args...)
		} else {
			msg = l.Format(msg)
		}
		if d.hintFormat != "" {
			hint = Text(l, d.hintFormat, d.hintArgs...)
		} else if hint != "" {
			hint = l.Format(hint)
		}
	}
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString(l.Format("warning: "))
	}
	b.WriteString(msg)
	if hint != "" {
		b.WriteString(l.Format(" ("))
		b.WriteString(hint)
		b.WriteString(l.Format(")"))
	}
	return visible(b.String())
}

// visible replaces control characters in s by escapes, and bytes that are
// not UTF-8 by \x escapes.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// List collects diagnostics. Its zero value is ready to use.
// A List is an error when it holds at least one diagnostic of severity Error.
type List []Diagnostic

// Add appends an error at path:line.
func (l *List) Add(path string, line int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf(format, args...), format: format, args: args})
}

// Warn appends a warning at path:line.
func (l *List) Warn(path string, line int, format string, args ...any) {
	*l = append(*l, Diagnostic{Path: path, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...), format: format, args: args})
}

// Newf is an error at path:line, as List.Add makes it.
func Newf(path string, line int, format string, args ...any) Diagnostic {
	return Diagnostic{Path: path, Line: line, Msg: fmt.Sprintf(format, args...), format: format, args: args}
}

// Hintf sets the hint of the diagnostic added last, keeping its format
// so that it can be shown in another language.
func (l List) Hintf(format string, args ...any) {
	if len(l) == 0 {
		return
	}
	d := &l[len(l)-1]
	d.Hint, d.hintFormat, d.hintArgs = fmt.Sprintf(format, args...), format, args
}

// Sort orders the list by path, line, column and message, and drops exact repeats,
// so the output is the same from run to run whatever order the work was done in.
func (l List) Sort() List {
	slices.SortFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.CompactFunc(l, func(a, b Diagnostic) bool {
		return a.Path == b.Path && a.Line == b.Line && a.Col == b.Col &&
			a.Severity == b.Severity && a.Msg == b.Msg && a.Hint == b.Hint
	})
}

// Errors returns only the diagnostics that stop the build.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the list's errors as an error, or nil when there are none.
func (l List) Err() error {
	if e := l.Errors(); len(e) > 0 {
		return e.Sort()
	}
	return nil
}

// Error prints every diagnostic, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
