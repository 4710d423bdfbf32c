package check

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/diag"
)

var update = flag.Bool("update", false, "rewrite the want/diagnostics sections of testdata/*.txtar")

// readSite reads an archive's input files into root. A section whose text
// is "from: <path>" is read from that file, relative to this package.
func readSite(t *testing.T, ar *txtar.Archive, root fstest.MapFS) {
	t.Helper()
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") {
			continue
		}
		data := f.Data
		if from, ok := strings.CutPrefix(string(data), "from: "); ok {
			var err error
			if data, err = os.ReadFile(strings.TrimSpace(from)); err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		root[f.Name] = &fstest.MapFile{Data: data}
	}
}

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
			root := fstest.MapFS{}
			readSite(t, base, root)
			readSite(t, ar, root)
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
			_, list := Site(context.Background(), root, opt)
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

// TestRepoSite checks the repository's own site: it must have no problem
// and no warning but the empty icp, which stays until the centre's domain is
// filed.
func TestRepoSite(t *testing.T) {
	sum, list := Site(context.Background(), os.DirFS("../.."), Options{})
	list = slices.DeleteFunc(list, func(d diag.Diagnostic) bool { return strings.HasPrefix(d.Msg, "icp is empty") })
	if len(list) > 0 {
		t.Errorf("the repository's site has problems:\n%v", list)
	}
	if sum.Pages < 20 {
		t.Errorf("checked only %d pages", sum.Pages)
	}
}
