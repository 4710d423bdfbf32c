package publish

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// build writes files through a Dir and commits it.
func build(t *testing.T, out string, files map[string]string) {
	t.Helper()
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := d.Write(name, []byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// tree reads every file under dir, and fails on an empty folder: a clean
// build never makes one.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if ents, _ := os.ReadDir(p); len(ents) == 0 && p != dir {
				t.Errorf("empty folder %s", rel)
			}
			return nil
		}
		if d.Type() != 0 {
			t.Errorf("%s is not a plain file", rel)
		}
		if info, _ := d.Info(); info.Mode().Perm() != 0o644 {
			t.Errorf("%s has mode %v", rel, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if rel == Marker {
			return err // every build has it: checked below
		}
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if !Ours(dir) {
		t.Errorf("%s has no %s", dir, Marker)
	}
	return got
}

// TestRebuilds runs builds that add, change, remove and move files, with
// files becoming folders and folders files. After every build the output
// holds exactly that build's files, as a build into an empty folder would.
func TestRebuilds(t *testing.T) {
	builds := []map[string]string{
		{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "x": "file x", "d/e/f.txt": "deep"},
		{"index.html": "home", "a/index.html": "A", "x/index.html": "x is a folder now", "d": "d is a file"},
		{"index.html": "home!", "a/index.html": "a", "b/index.html": "b", "x": "file x", "d/e/f.txt": "deep"},
		{"index.html": "homE", "a/index.html": "a", "new/one.txt": "1"},
		{"index.html": "homE", "a/index.html": "a", "new/one.txt": "1"},
		{},
		{"index.html": "back"},
	}
	out := filepath.Join(t.TempDir(), "public")
	for i, files := range builds {
		build(t, out, files)
		if got := tree(t, out); !maps.Equal(got, files) {
			t.Fatalf("build %d: output is\n%v\nwant\n%v", i+1, got, files)
		}
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public.*"))
	if want := []string{filepath.Join(filepath.Dir(out), ".public.prev")}; !slices.Equal(left, want) {
		t.Errorf("beside the output: %v, want %v", left, want)
	}
}

// TestRebuildLeavesUnchangedFiles checks that a rebuild does not rewrite a
// file whose bytes are already there, and rewrites one an editor changed
// in the kept folder by hand.
func TestRebuildLeavesUnchangedFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	files := map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"}
	build(t, out, files)
	build(t, out, files)
	kept := filepath.Join(dir, ".public.prev")
	os.WriteFile(filepath.Join(kept, "b/index.html"), []byte("c"), 0o644) // same size, other bytes
	os.WriteFile(filepath.Join(kept, "stray.html"), []byte("?"), 0o644)
	// A link to a file with the right bytes is still not a file.
	os.WriteFile(filepath.Join(dir, "elsewhere"), []byte("home"), 0o644)
	os.Remove(filepath.Join(kept, "index.html"))
	os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(kept, "index.html"))
	before, err := os.Stat(filepath.Join(kept, "a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	build(t, out, files)
	if got := tree(t, out); !maps.Equal(got, files) {
		t.Fatalf("output is %v, want %v", got, files)
	}
	if after, err := os.Stat(filepath.Join(out, "a/index.html")); err != nil || !os.SameFile(before, after) {
		t.Error("an unchanged file was written again")
	}
}

// TestRebuildNeverChangesLiveOutput gives a file of the kept folder a second
// name inside the live output, as a copy made with hard links would: the
// rebuild must give its own file a new one instead of writing through the
// shared one.
func TestRebuildNeverChangesLiveOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, map[string]string{"index.html": "one"})
	build(t, out, map[string]string{"index.html": "two"})
	live := filepath.Join(out, "index.html")
	os.Remove(live)
	if err := os.Link(filepath.Join(dir, ".public.prev", "index.html"), live); err != nil {
		t.Skip("no hard links here:", err)
	}
	d, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("index.html", []byte("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(live); string(b) != "one" {
		t.Errorf("the live output changed during a build: %q", b)
	}
	d.Abort()
}

// TestAbort checks that a failed build leaves the output as it was, and the
// next build still ends up right.
func TestAbort(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	one := map[string]string{"index.html": "one", "a/index.html": "a"}
	build(t, out, one)
	build(t, out, one)
	for range 2 {
		d, err := Begin(out)
		if err != nil {
			t.Fatal(err)
		}
		d.Write("index.html", []byte("half"))
		d.Write("z/index.html", []byte("half"))
		d.Abort()
		if got := tree(t, out); !maps.Equal(got, one) {
			t.Fatalf("after a failed build the output is %v", got)
		}
	}
	two := map[string]string{"index.html": "two"}
	build(t, out, two)
	if got := tree(t, out); !maps.Equal(got, two) {
		t.Fatalf("output is %v, want %v", got, two)
	}
}
