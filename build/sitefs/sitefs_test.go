package sitefs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestLinks(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("SECRET"), 0o644)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "real/sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "real/sub/a.txt"), []byte("a"), 0o644)
	os.Mkdir(filepath.Join(dir, "static"), 0o755)
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "static/out"))
	os.Symlink("../real", filepath.Join(dir, "static/in"))
	os.Symlink("nowhere", filepath.Join(dir, "static/broken"))
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()

	for _, read := range []func() error{
		func() error { _, err := fsys.ReadFile("static/out"); return err },
		func() error { _, err := fsys.Open("static/out"); return err },
		func() error { _, err := fsys.Stat("static/out"); return err },
		func() error { _, err := fs.ReadFile(fsys, "static/out"); return err },
	} {
		err := read()
		if oe, ok := errors.AsType[*OutsideError](err); !ok || oe.Error() != "static/out: "+MsgOutside || !errors.Is(err, fs.ErrPermission) {
			t.Errorf("reading a link out: %v", err)
		}
	}
	var walked []string
	fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		walked = append(walked, p+map[bool]string{true: "/"}[d.IsDir()]+map[bool]string{true: "@"}[d.Type()&fs.ModeSymlink != 0])
		return nil
	})
	want := "[static/ static/broken@ static/in/ static/in/sub/ static/in/sub/a.txt static/out@]"
	if got := filepath.ToSlash(fmtList(walked)); got != want {
		t.Errorf("walked %s, want %s", got, want)
	}
	if b, err := fs.ReadFile(fsys, "static/in/sub/a.txt"); err != nil || string(b) != "a" {
		t.Errorf("through a link inside: %q, %v", b, err)
	}
}

func fmtList(l []string) string {
	s := "["
	for i, x := range l {
		if i > 0 {
			s += " "
		}
		s += x
	}
	return s + "]"
}

// TestFiles compares what the site root says of plain files and folders
// with what os says.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/spaces/library"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/spaces/a.md"), []byte("# 甲\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/spaces/library/index.md"), []byte("# 图书馆\n"), 0o600)
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	for _, name := range []string{"content/spaces/a.md", "content/spaces/library", "content/spaces/library/index.md"} {
		want, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := fsys.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		fromFile, err := f.Stat()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		fromFS, err := fsys.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, got := range []fs.FileInfo{fromFile, fromFS} {
			if got.Name() != want.Name() || got.Size() != want.Size() || got.Mode() != want.Mode() ||
				!got.ModTime().Equal(want.ModTime()) || got.IsDir() != want.IsDir() {
				t.Errorf("%s: %s %d %v %v, want %s %d %v %v", name, got.Name(), got.Size(), got.Mode(), got.ModTime(),
					want.Name(), want.Size(), want.Mode(), want.ModTime())
			}
		}
	}
	if b, err := fs.ReadFile(fsys, "content/spaces/library/index.md"); err != nil || string(b) != "# 图书馆\n" {
		t.Errorf("read %q, %v", b, err)
	}
	ents, err := fs.ReadDir(fsys, "content/spaces")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		st, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.Lstat(filepath.Join(dir, "content/spaces", e.Name()))
		if st.Size() != want.Size() || st.Mode() != want.Mode() {
			t.Errorf("%s: Info gives %d %v, want %d %v", e.Name(), st.Size(), st.Mode(), want.Size(), want.Mode())
		}
		got = append(got, fmt.Sprintf("%s %v", e.Name(), e.IsDir()))
	}
	if want := "[a.md false library true]"; fmtList(got) != want {
		t.Errorf("listed %s, want %s", fmtList(got), want)
	}
	f, _ := fsys.Open("content/spaces/a.md")
	f.Close()
	if err := f.Close(); !errors.Is(err, fs.ErrClosed) {
		t.Errorf("closed twice: %v", err)
	}
}
