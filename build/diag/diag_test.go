package diag

import "testing"

// A file name or a message may hold what a terminal would obey: it is
// printed as escapes, never raw.
func TestStringShowsControlCharacters(t *testing.T) {
	for _, c := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Path: "content/spaces/a\x1b[2J.md", Line: 3, Msg: "unknown key \"x\""},
			`content/spaces/a\x1b[2J.md:3: unknown key "x"`},
		{Diagnostic{Path: "content/a.md", Msg: "title \"\x07\x1b]0;pwned\x07\"", Hint: "a\nb"},
			`content/a.md: title "\x07\x1b]0;pwned\x07" (a\nb)`},
		{Diagnostic{Path: "content/\xff.md", Severity: Warning, Msg: "bidi \u202eevil\u0085"},
			`content/\xff.md: warning: bidi \u202eevil\u0085`},
		{Diagnostic{Path: "content/空间/图书馆.md", Line: 2, Col: 5, Msg: "日期\t不对"},
			`content/空间/图书馆.md:2:5: 日期\t不对`},
		{Diagnostic{Path: "content/空间/图书馆.md", Msg: "正常的消息"},
			`content/空间/图书馆.md: 正常的消息`},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}
