package main

import (
	"os"
	"strings"
	"testing"
)

// TestOutputNotOurs: "site build -o docs" into a folder of the editor's
// own, twice, changes nothing and says what to do; -force moves it aside.
func TestOutputNotOurs(t *testing.T) {
	dir := linkSite(t)
	t.Chdir(dir)
	os.Mkdir("docs", 0o755)
	os.WriteFile("docs/thesis.txt", []byte("x"), 0o644)
	for range 2 {
		code, stdout, stderr := siteRun("build", "-o", "docs")
		want := "site build: docs is already there and was not made by site build; build into an empty folder or a new name, or add -force to move it aside to docs.old\n"
		if code != 2 || stderr != want || stdout != "" {
			t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
		}
	}
	if b, _ := os.ReadFile("docs/thesis.txt"); string(b) != "x" {
		t.Fatalf("docs/thesis.txt is %q", b)
	}
	code, stdout, stderr := siteRun("build", "-o", "docs", "-force")
	if code != 0 || !strings.HasSuffix(stdout, "what was in docs before is now in docs.old\n") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile("docs.old/thesis.txt"); string(b) != "x" {
		t.Errorf("docs.old/thesis.txt is %q", b)
	}
	if _, err := os.Stat("docs/index.html"); err != nil {
		t.Error(err)
	}
	// Now the folder is the generator's: an ordinary rebuild.
	if code, _, stderr := siteRun("build", "-o", "docs"); code != 0 {
		t.Errorf("rebuild: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile("docs.old/thesis.txt"); string(b) != "x" {
		t.Errorf("after a rebuild docs.old/thesis.txt is %q", b)
	}
}

func TestOutputInSources(t *testing.T) {
	dir := linkSite(t)
	t.Chdir(dir)
	for _, c := range []struct{ out, want string }{
		{"content", "site build: content is inside the site's sources (content/); choose an output folder outside content/, layouts/ and static/, such as public\n"},
		{"static/public", "site build: static/public is inside the site's sources (static/); choose an output folder outside content/, layouts/ and static/, such as public\n"},
		{".", "site build: . is the site folder itself; choose an output folder outside content/, layouts/ and static/, such as public\n"},
		{"..", "site build: .. holds the site folder; choose an output folder inside it, such as public\n"},
	} {
		for _, force := range []string{"-force=false", "-force"} {
			code, _, stderr := siteRun("build", "-o", c.out, force)
			if code != 2 || stderr != c.want {
				t.Errorf("-o %s %s: exit %d, stderr:\n%s\nwant:\n%s", c.out, force, code, stderr, c.want)
			}
		}
	}
	for _, f := range []string{"content/site.yaml", "layouts/base.html", "static/s.css"} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// An empty folder is fine.
	os.Mkdir("empty", 0o755)
	if code, _, stderr := siteRun("build", "-o", "empty"); code != 0 {
		t.Errorf("-o empty: exit %d\n%s", code, stderr)
	}
}
