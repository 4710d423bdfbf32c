package content

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestCheckEncoding names the encoding of files as editors' tools save
// them, and lets UTF-8 (with or without a byte order mark) through.
func TestCheckEncoding(t *testing.T) {
	chinese := "---\ntitle: 阅览室\n---\n\n" + strings.Repeat("兆佳巷区域党群服务中心的阅览室每天开放。", 300) + "\n"
	le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(chinese)
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String("---\ntitle: 𠀀\n---\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, src, want string }{
		{"UTF-8", chinese, ""},
		{"UTF-8 with BOM", "\xef\xbb\xbf" + chinese, ""},
		{"empty", "", ""},
		{"UTF-16LE with BOM", le(chinese, true), "this file is saved as UTF-16; save it as UTF-8"},
		{"UTF-16LE, mostly Chinese, no BOM", le(chinese, false), "this file is saved as UTF-16; save it as UTF-8"},
		{"GBK, mostly Chinese", gbk, "this file is saved as GBK; save it as UTF-8"},
		{"GB18030 outside GBK", gb18030, "this file is saved as GBK; save it as UTF-8"},
		{"neither", "---\ntitle: \xff\xff\n---\n", "this file is not UTF-8 text; save it as UTF-8"},
	} {
		d := checkEncoding("content/a.md", []byte(c.src))
		got := ""
		if d != nil {
			got = d.Msg
			if !strings.Contains(d.Hint, "另存为") || d.Path != "content/a.md" {
				t.Errorf("%s: %v: the hint must say how to save as UTF-8, naming the file", c.name, d)
			}
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzValidUTF8 holds validUTF8 to utf8.Valid.
func FuzzValidUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "阅览室", "\xe0\xa0\x80", "\xe0\x80\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xef\xbf\xbd", "\xef\xbf", "图\xe4\xb8", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80", "\xc0\x80", "\xe1\x80\xc0", "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validUTF8(b), utf8.Valid(b); got != want {
			t.Errorf("validUTF8(%q) = %v, utf8.Valid says %v", b, got, want)
		}
	})
}
