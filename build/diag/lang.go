package diag

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Lang is the language messages are shown in. Editors read Chinese, the
// site's language; developers may ask for English, the language the
// messages are written in in the code.
type Lang int

const (
	English Lang = iota
	Chinese
)

// ParseLang reads a -lang value: "zh" or "en" (a region or encoding after
// them, as in zh_CN or en-US, is allowed).
func ParseLang(s string) (Lang, bool) {
	switch l := strings.ToLower(s); {
	case l == "zh" || strings.HasPrefix(l, "zh_") || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh."):
		return Chinese, true
	case l == "en" || strings.HasPrefix(l, "en_") || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en."):
		return English, true
	}
	return Chinese, false
}

// EnvLang is the language the environment asks for: English when LC_ALL,
// LC_MESSAGES or LANG (the first one set, as in POSIX) starts with "en",
// Chinese otherwise.
func EnvLang() Lang {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "en") {
				return English
			}
			return Chinese
		}
	}
	return Chinese
}

// catalogue holds the translations of zh.go, keyed by the English format
// the code uses.
var catalogue = func() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for en, zh := range chinese {
		if err := b.SetString(language.SimplifiedChinese, en, zh); err != nil {
			panic(fmt.Sprintf("diag: catalogue entry %q: %v", en, err))
		}
	}
	return b
}()

// capture receives the text the catalogue holds for a key, unformatted:
// the formatting itself is fmt's, so that numbers such as stop 1001 are
// not grouped into "1,001" as message.Printer would.
type capture struct{ s strings.Builder }

func (c *capture) Render(s string) { c.s.WriteString(s) }
func (c *capture) Arg(i int) any   { return nil }

// Format is format in l, or format itself when l is English or the
// catalogue has no entry for it.
func (l Lang) Format(format string) string {
	if l != Chinese {
		return format
	}
	var c capture
	if err := catalogue.Context(language.SimplifiedChinese, &c).Execute(format); err != nil {
		return format
	}
	return c.s.String()
}

// Text formats a message in l: the format through the catalogue, and any
// argument made by Errorf in l too.
func Text(l Lang, format string, args ...any) string {
	if l == English {
		return fmt.Sprintf(format, args...)
	}
	local := make([]any, len(args))
	for i, a := range args {
		if err, ok := a.(error); ok {
			// A Message, or an error that says nothing more than the
			// Message it wraps (a type kept for errors.As).
			if m, ok := errors.AsType[*Message](err); ok && m.Error() == err.Error() {
				a = m.In(l)
			}
		}
		local[i] = a
	}
	return fmt.Sprintf(l.Format(format), local...)
}

// A Message is an error made deep in the engine (a front matter value that
// is not a number, say) whose text an editor will read: it keeps its format
// and arguments so that it can be shown in the editor's language.
type Message struct {
	format string
	args   []any
	en     string // the message in English, made at once (so go vet checks the call)
	plain  bool   // made by Known: not a format
}

// Errorf is fmt.Errorf for messages an editor reads; it does not wrap
// (use fmt.Errorf with %w for that).
func Errorf(format string, args ...any) error {
	return &Message{format: format, args: args, en: fmt.Sprintf(format, args...)}
}

// Part is a piece of a message made apart from it, such as a reason
// shared by several messages: as an argument of List.Add, Warn, Hintf,
// Errorf or Text it is shown in the editor's language too.
func Part(format string, args ...any) *Message {
	return &Message{format: format, args: args, en: fmt.Sprintf(format, args...)}
}

// Known is a text made elsewhere (a note a page kind gives, say) that the
// catalogue may hold as it is; it is not a format.
func Known(s string) *Message {
	return &Message{format: s, en: s, plain: true}
}

// String is the message in English.
func (m *Message) String() string { return m.Error() }

// Error is the message in English.
func (m *Message) Error() string { return m.en }

// In is the message in l.
func (m *Message) In(l Lang) string {
	if m.plain {
		return l.Format(m.format)
	}
	return Text(l, m.format, m.args...)
}
