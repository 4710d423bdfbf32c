package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Repeated headings get -1, -2, … in order, skipping ids already taken by
// other headings, as they always have.
func TestHeadingIDsRepeated(t *testing.T) {
	src := "# A\n\n# A-1\n\n# A\n\n# A\n\n# B\n\n# A\n"
	var b bytes.Buffer
	if err := NewMarkdown().Convert(&b, []byte(src)); err != nil {
		t.Fatal(err)
	}
	got := regexp.MustCompile(`id="([^"]*)"`).FindAllStringSubmatch(b.String(), -1)
	var ids []string
	for _, m := range got {
		ids = append(ids, m[1])
	}
	if want := "a a-1 a-2 a-3 b a-4"; strings.Join(ids, " ") != want {
		t.Errorf("ids %q, want %q", strings.Join(ids, " "), want)
	}
}

func TestHeadingIDsMany(t *testing.T) {
	const n = 40000
	src := []byte(strings.Repeat("## 开放时间\n\n", n))
	var b bytes.Buffer
	if err := NewMarkdown().Convert(&b, src); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{`id="开放时间"`, `id="开放时间-1"`, fmt.Sprintf(`id="开放时间-%d"`, n-1)} {
		if !strings.Contains(b.String(), id) {
			t.Errorf("no %s", id)
		}
	}
	if strings.Count(b.String(), "<h2") != n {
		t.Errorf("%d headings, want %d", strings.Count(b.String(), "<h2"), n)
	}
}

// BenchmarkHeadingIDs renders a page of 40,000 equal headings; heading
// ids once took quadratic time here (over a minute).
func BenchmarkHeadingIDs(b *testing.B) {
	src := []byte(strings.Repeat("## 开放时间\n\n", 40000))
	md := NewMarkdown()
	var out bytes.Buffer
	for b.Loop() {
		out.Reset()
		if err := md.Convert(&out, src); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRefsLines gives each link and image of a page its line, in a page
// with several on a line, in lists, quotes and tables.
func TestRefsLines(t *testing.T) {
	src := []byte("\n\n# 标题\n\n[甲](/a/) 和 [乙](/b/)\n\n- 项\n- ![图](c.jpg)\n\n> [引](/d/)\n\n| 列 |\n| --- |\n| [表](/e/) |\n")
	var got []string
	for _, r := range Refs(NewMarkdown().Parse(src), src) {
		got = append(got, fmt.Sprintf("%s:%d", r.Dest, r.Line))
	}
	if want := "/a/:5 /b/:5 c.jpg:8 /d/:10 /e/:14"; strings.Join(got, " ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " "), want)
	}
}
