package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mdLimit bounds the time to render one fuzzed page: an input that takes
// longer is a finding, like quadratic heading ids were.
const mdLimit = 2 * time.Second

// FuzzMarkdown renders random pages: never a panic, never longer than
// mdLimit, never raw HTML from the page.
func FuzzMarkdown(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/markdown/*.md")
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(strings.Repeat("## 标题\n\n", 2000)))
	f.Add([]byte("这是\n**加粗**\n文字,`代码`\n和[链接](/a/)\nword\n*斜体*\n"))
	f.Add([]byte(strings.Repeat("![](a.png)\n", 20000)))
	f.Add([]byte(strings.Repeat("**加粗**\n", 20000)))
	md := NewMarkdown()
	f.Fuzz(func(t *testing.T, src []byte) {
		var out bytes.Buffer
		err := executeWithin(context.Background(), mdLimit, &out, func(w *bytes.Buffer) error {
			return md.Convert(w, src)
		})
		if _, ok := errors.AsType[*TooLongError](err); ok {
			t.Fatalf("rendering %d bytes took longer than %s", len(src), mdLimit)
		}
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ToLower(out.Bytes()), []byte("<script")) {
			t.Fatalf("raw HTML reached the page:\n%s", out.Bytes())
		}
	})
}
