package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/publish"
	"github.com/zhaojiaxiang/site/build/txtartest"
)

var update = flag.Bool("update", false, "rewrite the want/ sections of testdata/*.txtar from what the build makes")

// TestGolden builds each testdata/*.txtar archive and compares the result
// with the archive's want/ sections:
//
// Every case builds on testdata/_base.txtar, the layouts and style sheet
// the cases share: a file of the case replaces the base's file of that name.
//
//	want/errors         the exact diagnostics of a build that must fail
//	want/manifest       every output file: path, size, sha256
//	want/public/<path>  the full text of each text output
//
// Every other section is an input file of the site. A line "drafts: true"
// in the archive's comment builds with drafts. A section whose text is
// one line "from: <path>" is read from that file, relative to this package,
// so binary inputs such as MP3s stay out of the archives.
// go test ./build -run Golden -update rewrites the want/ sections.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("testdata/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no testdata/*.txtar cases")
	}
	base, err := txtar.ParseFile("testdata/_base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range cases {
		if strings.HasPrefix(filepath.Base(file), "_") {
			continue
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			root := txtartest.FS(t, ".", base, ar)
			out := filepath.Join(t.TempDir(), "public")
			drafts := slices.Contains(strings.Split(string(ar.Comment), "\n"), "drafts: true")
			got := buildSections(t, Config{Root: root, Out: out, Drafts: drafts})

			if *update {
				files := slices.DeleteFunc(ar.Files, func(f txtar.File) bool { return strings.HasPrefix(f.Name, "want/") })
				ar.Files = append(files, got...)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := map[string]string{}
			for _, f := range ar.Files {
				if strings.HasPrefix(f.Name, "want/") {
					want[f.Name] = string(f.Data)
				}
			}
			for _, f := range got {
				w, ok := want[f.Name]
				if !ok {
					t.Errorf("%s: build made %s, which the case does not expect:\n%s", file, f.Name, f.Data)
					continue
				}
				delete(want, f.Name)
				if w != string(f.Data) {
					t.Errorf("%s: %s differs (-want +got):\n%s", file, f.Name, lineDiff(w, string(f.Data)))
				}
			}
			for name := range want {
				t.Errorf("%s: expected %s, but the build did not make it", file, name)
			}
		})
	}
}

// buildSections builds root into out and describes the outcome as want/ sections.
func buildSections(t *testing.T, cfg Config) []txtar.File {
	t.Helper()
	out := cfg.Out
	_, err := Build(context.Background(), cfg)
	if err != nil {
		if _, serr := os.Stat(out); serr == nil {
			t.Errorf("a failed build wrote %s", out)
		}
		return []txtar.File{{Name: "want/errors", Data: []byte(err.Error() + "\n")}}
	}
	var manifest bytes.Buffer
	var texts []txtar.File
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == publish.Marker {
			return nil // every build's, tested in package publish
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&manifest, "%s %d %s\n", rel, len(data), hex.EncodeToString(sum[:8]))
		if isText(rel, data) {
			texts = append(texts, txtar.File{Name: "want/public/" + rel, Data: data})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return append([]txtar.File{{Name: "want/manifest", Data: manifest.Bytes()}}, texts...)
}

func isText(name string, data []byte) bool {
	switch filepath.Ext(name) {
	case ".png", ".mp3", ".jpg", ".ico":
		return false
	}
	return utf8.Valid(data) && !bytes.Contains(data, []byte{0})
}

// lineDiff shows the lines of want and got that differ, in order.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			i++
			j++
		case j < len(g) && (i >= len(w) || !slices.Contains(g[j:], w[i])):
			if i < len(w) {
				fmt.Fprintf(&b, "-%d: %s\n", i+1, w[i])
				i++
			} else {
				fmt.Fprintf(&b, "+%d: %s\n", j+1, g[j])
				j++
			}
		default:
			fmt.Fprintf(&b, "+%d: %s\n", j+1, g[j])
			j++
		}
	}
	return b.String()
}

// caseFS is the input site of the case testdata/<name>.txtar, on the base
// every case builds on: the files of the case replace the base's.
func caseFS(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	return txtartest.FS(t, ".", txtartest.Parse(t, "testdata/_base.txtar"), txtartest.Parse(t, "testdata/"+name+".txtar"))
}
