package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chdir runs the test in dir, so outputs are named as an editor names them.
func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func writeTree(t *testing.T, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A folder the generator did not make is refused, twice over: the second
// build must not delete what the first refused to touch.
func TestRefusesForeignFolder(t *testing.T) {
	chdir(t, t.TempDir())
	writeTree(t, map[string]string{"docs/thesis.txt": "x"})
	for range 2 {
		_, err := Begin("docs")
		if err == nil {
			t.Fatal("Begin accepted a folder it did not make")
		}
		want := "docs is already there and was not made by site build; build into an empty folder or a new name, or add -force to move it aside to docs.old"
		if err.Error() != want {
			t.Errorf("error is\n%s\nwant\n%s", err, want)
		}
	}
	if b, err := os.ReadFile("docs/thesis.txt"); err != nil || string(b) != "x" {
		t.Errorf("docs/thesis.txt is %q, %v", b, err)
	}
	ents, _ := os.ReadDir(".")
	if len(ents) != 1 {
		t.Errorf("the refused build left files beside docs: %v", ents)
	}
}

func TestRefusesFile(t *testing.T) {
	chdir(t, t.TempDir())
	writeTree(t, map[string]string{"site.html": "mine"})
	_, err := Begin("site.html")
	if err == nil || !strings.HasPrefix(err.Error(), "site.html is a file, not a folder made by site build") {
		t.Fatalf("error is %v", err)
	}
	if b, _ := os.ReadFile("site.html"); string(b) != "mine" {
		t.Errorf("site.html is %q", b)
	}
}

// -force moves the folder aside, never deletes it, and the build after
// that is an ordinary rebuild.
func TestForceMovesAside(t *testing.T) {
	chdir(t, t.TempDir())
	writeTree(t, map[string]string{"docs/thesis.txt": "x", "docs.old/keep": "y"})
	d, err := BeginWith("docs", Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	d.Write("index.html", []byte("site"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if d.Aside() != "docs.old-2" {
		t.Errorf("moved aside to %q, want docs.old-2", d.Aside())
	}
	if b, _ := os.ReadFile("docs.old-2/thesis.txt"); string(b) != "x" {
		t.Errorf("docs.old-2/thesis.txt is %q", b)
	}
	if got := tree(t, "docs"); len(got) != 1 || got["index.html"] != "site" {
		t.Errorf("docs holds %v", got)
	}
	build(t, "docs", map[string]string{"index.html": "again"})
	if got := tree(t, "docs"); got["index.html"] != "again" {
		t.Errorf("docs holds %v", got)
	}
	if b, _ := os.ReadFile("docs.old-2/thesis.txt"); string(b) != "x" {
		t.Errorf("after a rebuild docs.old-2/thesis.txt is %q", b)
	}
}

func TestAcceptsEmptyFolder(t *testing.T) {
	chdir(t, t.TempDir())
	os.Mkdir("out", 0o755)
	build(t, "out", map[string]string{"index.html": "a"})
	build(t, "out", map[string]string{"index.html": "b"})
	if got := tree(t, "out"); got["index.html"] != "b" {
		t.Errorf("out holds %v", got)
	}
}

func TestRefusesSources(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	writeTree(t, map[string]string{"site/content/a.md": "a", "site/layouts/base.html": "b"})
	os.Symlink("site/content", "link")
	cases := map[string]string{
		"site":                    "site is the site folder itself",
		"site/":                   "site/ is the site folder itself",
		"site/content":            "site/content is inside the site's sources (content/)",
		"site/layouts/out":        "site/layouts/out is inside the site's sources (layouts/)",
		"site/static/public":      "site/static/public is inside the site's sources (static/)",
		"link/public":             "link/public is inside the site's sources (content/)",
		"site/content/../layouts": "site/content/../layouts is inside the site's sources (layouts/)",
		".":                       ". holds the site folder",
		dir:                       dir + " holds the site folder",
	}
	for out, want := range cases {
		err := CheckOut(out, "site", true)
		if err == nil || !strings.HasPrefix(err.Error(), want+";") {
			t.Errorf("-o %s: error is %v, want %q", out, err, want)
		}
		if _, err := BeginWith(out, Options{Root: "site", Force: true}); err == nil {
			t.Errorf("-o %s: BeginWith accepted it", out)
		}
	}
	for _, out := range []string{"site/public", "public", "site/contents"} {
		if err := CheckOut(out, "site", false); err != nil {
			t.Errorf("-o %s: %v", out, err)
		}
	}
}

// Folders beside the output are reused or removed only with the marker.
func TestLeavesForeignNeighbours(t *testing.T) {
	chdir(t, t.TempDir())
	writeTree(t, map[string]string{
		".public.prev/mine.txt":  "prev",
		".public.old-1/mine.txt": "old",
	})
	build(t, "public", map[string]string{"index.html": "a"})
	build(t, "public", map[string]string{"index.html": "b"})
	build(t, "public", map[string]string{"index.html": "c"})
	for _, f := range []string{".public.prev/mine.txt", ".public.old-1/mine.txt"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if got := tree(t, "public"); got["index.html"] != "c" {
		t.Errorf("public holds %v", got)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "printed.yaml")
	for _, data := range []string{"one\n", "two\n"} {
		if err := WriteFileAtomic(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(name); string(b) != data {
			t.Errorf("file holds %q, want %q", b, data)
		}
	}
	st, _ := os.Stat(name)
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("left %v", ents)
	}
}

// An error while writing names the output as given, never the temporary
// folder the build is written into.
func TestWriteErrorNamesOutput(t *testing.T) {
	chdir(t, t.TempDir())
	d, err := Begin("public")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	d.Write("listen/feed.xml", []byte("feed"))
	err = d.Write("listen/feed.xml/index.html", []byte("page"))
	if err == nil || err.Error() != "cannot write listen/feed.xml/index.html in public: not a directory" {
		t.Errorf("error is %v", err)
	}
}
