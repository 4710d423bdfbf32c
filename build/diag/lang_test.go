package diag

import (
	"fmt"
	"testing"
)

// A diagnostic reads in Chinese with the same "path:line:" prefix, its
// hint and any message made deep down translated too, and control
// characters escaped as in English.
func TestInChinese(t *testing.T) {
	var l List
	l.Add("content/listen/a\x1b[2J.md", 3, "%s: %v", "stop", Errorf("%q is not a whole number", "a\x07"))
	l.Warn("content/timeline/2099.md", 2, "date %s is in the future", "2099-01-01")
	l.Hintf("did you mean %q?", "2019")
	d := Newf("content/a.md", 0, "this file is saved as %s; save it as UTF-8", "GBK")
	d.Hint = "no front matter" // a literal hint is looked up as it is
	l = append(l, d)
	for i, want := range []struct{ zh, en string }{
		{`content/listen/a\x1b[2J.md:3: stop："a\a" 不是整数`, `content/listen/a\x1b[2J.md:3: stop: "a\a" is not a whole number`},
		{`content/timeline/2099.md:2: 警告：日期 2099-01-01 还没到（您是不是想写 "2019"？）`, `content/timeline/2099.md:2: warning: date 2099-01-01 is in the future (did you mean "2019"?)`},
		{`content/a.md: 这个文件保存成了 GBK 编码：请另存为 UTF-8（文件开头没有设置）`, `content/a.md: this file is saved as GBK; save it as UTF-8 (no front matter)`},
	} {
		if got := l[i].In(Chinese); got != want.zh {
			t.Errorf("Chinese:\ngot  %s\nwant %s", got, want.zh)
		}
		if got := l[i].String(); got != want.en {
			t.Errorf("English:\ngot  %s\nwant %s", got, want.en)
		}
		if got := l[i].In(English); got != want.en {
			t.Errorf("In(English):\ngot  %s\nwant %s", got, want.en)
		}
	}
	// A message the catalogue does not know stays as it is.
	if got := (Diagnostic{Path: "x.md", Msg: "some new message"}).In(Chinese); got != "x.md: some new message" {
		t.Errorf("got %s", got)
	}
	// Numbers are not grouped, as message.Printer would do.
	if got := Text(Chinese, "%d is not a stop number from 1 to 999", 1001); got != "1001 不是 1 到 999 之间的编号" {
		t.Errorf("got %s", got)
	}
}

func TestLanguageChoice(t *testing.T) {
	for _, c := range []struct {
		s    string
		want Lang
		ok   bool
	}{{"zh", Chinese, true}, {"en", English, true}, {"en_US", English, true}, {"zh-CN", Chinese, true}, {"fr", Chinese, false}, {"english", Chinese, false}} {
		if got, ok := ParseLang(c.s); got != c.want || ok != c.ok {
			t.Errorf("ParseLang(%q) = %v, %v", c.s, got, ok)
		}
	}
	for _, c := range []struct {
		all, msgs, lang string
		want            Lang
	}{
		{"", "", "", Chinese},
		{"", "", "en_US.UTF-8", English},
		{"", "", "zh_CN.UTF-8", Chinese},
		{"", "", "C.UTF-8", Chinese},
		{"zh_CN.UTF-8", "", "en_US.UTF-8", Chinese},
		{"", "en_GB.UTF-8", "zh_CN.UTF-8", English},
	} {
		t.Setenv("LC_ALL", c.all)
		t.Setenv("LC_MESSAGES", c.msgs)
		t.Setenv("LANG", c.lang)
		if got := EnvLang(); got != c.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %v, want %v", c.all, c.msgs, c.lang, got, c.want)
		}
	}
}

type kept struct{ *Message }

func (k kept) Unwrap() error { return k.Message }

// An error that only carries a Message (a type kept for errors.As) is
// translated; one that adds words of its own is left as it is, rather than
// losing them.
func TestTextOfWrappedErrors(t *testing.T) {
	m := Errorf("%q is not a whole number", "x")
	if got := Text(Chinese, "%v", kept{m.(*Message)}); got != `"x" 不是整数` {
		t.Errorf("kept: %s", got)
	}
	if got := Text(Chinese, "%v", fmt.Errorf("reading: %w", m)); got != `reading: "x" is not a whole number` {
		t.Errorf("wrapped: %s", got)
	}
}
