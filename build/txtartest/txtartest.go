// Package txtartest reads the sites of tests, written as txtar archives
// (as the Go toolchain's tests are), and keeps their expected output.
//
// A file of an archive whose whole text is "from: PATH" is the file PATH,
// so that a photo or a recording need not be pasted into the archive; the
// files under want/ and a section named want are what the test expects,
// not part of the site.
package txtartest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Parse reads the archive file.
func Parse(t testing.TB, file string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FS is the site of the archives, later ones over earlier ones, without
// their want/ files. A "from: PATH" is read relative to the folder from.
func FS(t testing.TB, from string, archives ...*txtar.Archive) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, a := range archives {
		for _, f := range a.Files {
			if strings.HasPrefix(f.Name, "want/") || f.Name == "want" {
				continue
			}
			data := f.Data
			if p, ok := strings.CutPrefix(string(data), "from: "); ok {
				var err error
				if data, err = os.ReadFile(filepath.Join(from, strings.TrimSpace(p))); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
			}
			fsys[f.Name] = &fstest.MapFile{Data: data}
		}
	}
	return fsys
}

// Write writes fsys into the folder dir.
func Write(t testing.TB, dir string, fsys fstest.MapFS) {
	t.Helper()
	if err := os.CopyFS(dir, fsys); err != nil {
		t.Fatal(err)
	}
}

// Want compares got with the section name of the archive a, read from
// file; with update it writes got there instead, adding the section.
func Want(t testing.TB, file string, a *txtar.Archive, name, got string, update bool) {
	t.Helper()
	at := -1
	for i, f := range a.Files {
		if f.Name == name {
			at = i
		}
	}
	if update {
		if at < 0 {
			a.Files = append(a.Files, txtar.File{Name: name})
			at = len(a.Files) - 1
		}
		a.Files[at].Data = []byte(got)
		if err := os.WriteFile(file, txtar.Format(a), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if at < 0 {
		t.Fatalf("%s: no %q section: run with -update", file, name)
	}
	if want := string(a.Files[at].Data); got != want {
		t.Errorf("%s: got\n%s\nwant\n%s", file, got, want)
	}
}
