package check

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/txtartest"

	"github.com/zhaojiaxiang/site/build"
)

var update = flag.Bool("update", false, "rewrite the want/diagnostics sections of testdata/*.txtar")

// TestCases checks each testdata/*.txtar site (laid over testdata/base.txtar)
// and compares the diagnostics with its want/diagnostics section. The
// archive's comment may set "now: <RFC 3339 time>" and "drafts: true".
func TestCases(t *testing.T) {
	base, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	cases, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range cases {
		if filepath.Base(file) == "base.txtar" {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := txtartest.FS(t, ".", base, ar)
			opt := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
			for _, line := range strings.Split(string(ar.Comment), "\n") {
				if v, ok := strings.CutPrefix(line, "now: "); ok {
					if opt.Now, err = time.Parse(time.RFC3339, v); err != nil {
						t.Fatal(err)
					}
				}
				if line == "drafts: true" {
					opt.Drafts = true
				}
			}
			_, list := Site(context.Background(), build.Config{Root: root}, opt)
			var got strings.Builder
			for _, d := range list {
				got.WriteString(d.String() + "\n")
			}
			if *update {
				ar.Files = slices.DeleteFunc(ar.Files, func(f txtar.File) bool { return f.Name == "want/diagnostics" })
				ar.Files = append(ar.Files, txtar.File{Name: "want/diagnostics", Data: []byte(got.String())})
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := ""
			for _, f := range ar.Files {
				if f.Name == "want/diagnostics" {
					want = string(f.Data)
				}
			}
			if got.String() != want {
				t.Errorf("%s: diagnostics\n%s\nwant\n%s", file, got.String(), want)
			}
		})
	}
}
