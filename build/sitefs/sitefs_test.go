package sitefs

import (
	"errors"
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
