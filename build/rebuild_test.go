package build

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/corpus"
)

// readTree returns every file under dir by its slash path.
// sameAsCleanBuild stops the test unless out holds exactly what a build of
// root into an empty folder makes. It returns the files of out.
func sameAsCleanBuild(t *testing.T, step string, root fs.FS, out string) map[string]string {
	t.Helper()
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Root: root, Out: clean}); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, clean)
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s: %s differs from a clean build", step, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is left over", step, name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return got
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRebuildIsCleanBuild changes a site between builds into the same
// output (a page's text, a page removed, a clip added, a layout) and checks
// each time that the output is byte for byte what a build into an empty
// folder makes, and that QR codes are drawn only for new short URLs.
func TestRebuildIsCleanBuild(t *testing.T) {
	src := t.TempDir()
	if err := corpus.Write(src, 80, os.DirFS("..")); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	out := filepath.Join(work, "public")
	cfg := Config{Root: os.DirFS(src), Out: out}
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q", name, old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	}
	steps := []struct {
		name   string
		change func()
		drawn  int // QR codes this build must draw
	}{
		{"first build", func() {}, 4},
		{"same input", func() {}, 0},
		{"same input again", func() {}, 0},
		{"a page's text", func() { edit("content/spaces/p-000001.md", "\n\n", "\n\n新的一段。\n\n") }, 0},
		{"a page removed", func() { os.Remove(filepath.Join(src, "content/spaces/p-000002.md")) }, 0},
		{"a clip added", func() {
			b, _ := os.ReadFile(filepath.Join(src, "content/listen/c-0001.md"))
			os.WriteFile(filepath.Join(src, "content/listen/c-0009.md"), []byte(strings.Replace(string(b), "stop: 1\n", "stop: 9\n", 1)), 0o644)
		}, 1},
		{"a layout", func() { edit("layouts/space.html", "<article>", `<article class="changed">`) }, 0},
	}
	for i, step := range steps {
		step.change()
		s, errs := Assemble(cfg)
		if err := errs.Err(); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if s.qr.Computed != step.drawn {
			t.Errorf("%s: drew %d QR codes, want %d", step.name, s.qr.Computed, step.drawn)
		}
		if _, err := Build(context.Background(), cfg); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		sameAsCleanBuild(t, step.name, cfg.Root, out)
		if i > 0 {
			if _, err := os.Stat(filepath.Join(work, ".public.prev")); err != nil {
				t.Errorf("%s: the previous build is not kept: %v", step.name, err)
			}
		}
	}
}
