package content

import (
	"testing"
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
