package content

import (
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/zhaojiaxiang/site/build/diag"
)

// TestBody checks that a body keeps its lines where they are in the file,
// with the files editors' tools write, and that AppendBody appends.
func TestBody(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"plain", "---\ntitle: 甲\n---\n\n正文\n", "\n\n\n\n正文\n"},
		{"byte order mark", "\ufeff---\ntitle: 甲\n---\n正文\n", "\n\n\n正文\n"},
		{"windows line ends", "---\r\ntitle: 甲\r\n---\r\n\r\n正文\r\n第二行\r\n", "\n\n\n\n正文\n第二行\n"},
		{"both", "\ufeff---\r\ntitle: 甲\r\n---\r\n正文", "\n\n\n正文"},
		{"empty body", "---\ntitle: 甲\n---\n", "\n\n\n"},
	} {
		for _, keep := range []int64{0, KeepBodies} {
			name := tc.name + map[bool]string{false: ", read again", true: ", kept"}[keep > 0]
			fsys := fstest.MapFS{"content/spaces/a.md": {Data: []byte(tc.file)}}
			var errs diag.List
			var budget atomic.Int64
			budget.Store(keep)
			p, ok := loadFile(fsys, source{path: "content/spaces/a.md", dir: "spaces", slug: "a"}, &Settings{}, &errs, &budget).(*Space)
			if !ok || len(errs) > 0 {
				t.Fatalf("%s: not loaded: %v", name, errs)
			}
			if keep > 0 && !p.kept {
				t.Fatalf("%s: body not kept", name)
			}
			got, err := p.Body(fsys)
			if err != nil || string(got) != tc.want {
				t.Errorf("%s: Body = %q, %v; want %q", name, got, err, tc.want)
			}
			got, err = p.AppendBody([]byte("前"), fsys)
			if err != nil || string(got) != "前"+tc.want {
				t.Errorf("%s: AppendBody = %q, %v; want %q", name, got, err, "前"+tc.want)
			}
			// Once forgotten, the body is the file's as it is now.
			fsys["content/spaces/a.md"].Data = append([]byte(tc.file), "新"...)
			p.ForgetBody()
			if got, err := p.Body(fsys); err != nil || string(got) != tc.want+"新" {
				t.Errorf("%s: after ForgetBody, Body = %q, %v; want %q", name, got, err, tc.want+"新")
			}
		}
	}
}
