package content

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// FuzzPrinted feeds random content/printed.yaml files to the parser: it
// must never panic, every problem must name the file, and what it accepts
// must format to a file that parses to the same runs.
func FuzzPrinted(f *testing.F) {
	f.Add([]byte("runs:\n  - date: 2025-03-01\n    codes:\n      - stop: 1\n        url: HTTPS://EXAMPLE.ORG/L/1\n        title: 图书馆\n        page: /listen/01/\n"))
	f.Add([]byte(""))
	f.Add([]byte("runs: []\n"))
	f.Add([]byte("runs:\n  - date: 2025-02-30\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, errs := ParsePrinted(src)
		for _, d := range errs {
			if d.Path != PrintedFile {
				t.Fatalf("diagnostic names %q, not %s: %s", d.Path, PrintedFile, d)
			}
		}
		if errs.Err() != nil || p == nil {
			return
		}
		again, errs := ParsePrinted(p.Format())
		if err := errs.Err(); err != nil {
			t.Fatalf("the formatted file does not parse: %v\n%s", err, p.Format())
		}
		if string(again.Format()) != string(p.Format()) {
			t.Fatalf("formatting is not stable:\n%s\nthen\n%s", p.Format(), again.Format())
		}
	})
}

// TestYAMLString reads back what YAMLString writes, for texts YAML would
// read as something else if they were written as they are.
func TestYAMLString(t *testing.T) {
	for _, s := range []string{"读书会", "- 读书会", "? 问", "true", "3", "1e3", "a: b", "#1", " 前后有空格 ", "", "~", "null", "[x]", "'单引号", "多\n行", "@x", "%x", "`x"} {
		var got string
		if err := yaml.Unmarshal([]byte("title: "+YAMLString(s)+"\n"), &struct{ Title *string }{&got}); err != nil || got != s {
			t.Errorf("YAMLString(%q) = %s, read back as %q, %v", s, YAMLString(s), got, err)
		}
	}
}
