package content

import (
	"bytes"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// simpleMapping reads front matter that is nothing but "key: value" lines
// with plain values, blank lines and comments, which is what nearly every
// page has, without the YAML parser: at ten thousand pages the parser is a
// fifth of the whole load. It returns the same nodes yaml.v3 would (kind,
// value, line: all that decode looks at), and false for anything else,
// which then goes to the parser: quotes, lists, several lines to a value,
// "#" or ": " inside a value, repeated keys, odd characters.
func simpleMapping(fm []byte) (*yaml.Node, bool) {
	if !printable(fm) {
		return nil, false
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	seen := make(map[string]bool, 8)
	line := 0
	for len(fm) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(fm, '\n'); i >= 0 {
			l, fm = fm[:i], fm[i+1:]
		} else {
			l, fm = fm, nil
		}
		if len(l) == 0 || l[0] == '#' {
			continue
		}
		k := 0
		for k < len(l) && (l[k] >= 'a' && l[k] <= 'z' || l[k] >= 'A' && l[k] <= 'Z' || k > 0 && (l[k] >= '0' && l[k] <= '9' || l[k] == '_')) {
			k++
		}
		if k == 0 || k+1 >= len(l) || l[k] != ':' || l[k+1] != ' ' {
			return nil, false
		}
		v := bytes.TrimLeft(l[k+1:], " ")
		if !plain(v) {
			return nil, false
		}
		key := string(l[:k])
		if seen[key] {
			return nil, false
		}
		seen[key] = true
		m.Content = append(m.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: key, Line: line},
			&yaml.Node{Kind: yaml.ScalarNode, Value: string(v), Line: line})
	}
	return m, len(m.Content) > 0
}

// plain reports whether v is a one-line plain YAML scalar that means its
// own text, with nothing the parser would treat specially.
func plain(v []byte) bool {
	if len(v) == 0 || bytes.IndexByte([]byte("-?:,[]{}#&*!|>'\"%@`"), v[0]) >= 0 {
		return false
	}
	if last := v[len(v)-1]; last == ' ' || last == ':' {
		return false
	}
	return !bytes.Contains(v, []byte(" #")) && !bytes.Contains(v, []byte(": "))
}

// printable reports whether b is valid UTF-8 without control characters
// (tabs included) other than line feeds, or characters YAML does not allow
// or reads as line breaks.
func printable(b []byte) bool {
	for len(b) > 0 {
		if c := b[0]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n <= 1:
			return false
		case r >= 0x80 && r <= 0x9f, r == 0x2028, r == 0x2029, r == 0xfeff, r >= 0xfffe && r <= 0xffff:
			return false
		}
		b = b[n:]
	}
	return true
}
