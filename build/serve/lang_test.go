package serve

import (
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/diag"
)

// The error box speaks the editor's language, with the file and line first.
func TestOverlayInChinese(t *testing.T) {
	p := start(t, site(t), Config{Lang: diag.Chinese})
	p.write("content/spaces/library.md", "---\ntitle: 图书馆\nweigth: 2\n---\n坏了\n")
	e := p.next()
	for e.name != "problems" {
		e = p.next()
	}
	want := `content/spaces/library.md:3: 不认识的设置项 "weigth"（您是不是想写 "weight"？）`
	if strings.Join(e.st.Problems, "\n") != want {
		t.Fatalf("got %q, want %q", e.st.Problems, want)
	}
	if body := p.page("/spaces/library/"); !strings.Contains(body, "<li>"+htmlEscape(want)+"</li>") {
		t.Errorf("the error box does not list %q:\n%s", want, tail(body))
	}
}
