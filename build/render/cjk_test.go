package render

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestCJKBreaks renders each NAME.md of testdata/cjk.txtar and compares
// it with NAME.html, written out by hand.
func TestCJKBreaks(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/cjk.txtar")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, f := range ar.Files {
		want[f.Name] = string(f.Data)
	}
	m := NewMarkdown()
	n := 0
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".md")
		if !ok {
			continue
		}
		n++
		var b bytes.Buffer
		if err := m.Convert(&b, f.Data); err != nil {
			t.Fatal(err)
		}
		if w, ok := want[name+".html"]; !ok {
			t.Errorf("%s: no %s.html", f.Name, name)
		} else if b.String() != w {
			t.Errorf("%s:\n%s\nwant\n%s", f.Name, b.String(), w)
		}
	}
	if n == 0 {
		t.Fatal("no cases")
	}
}
