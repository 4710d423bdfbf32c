package main

import (
	"bytes"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/scan"
)

// TestPrintRecordAndRename is an editor's year: print and record the
// placards, rename a clip's file (so its address changes), build, and scan
// the wall's code for it: it still plays the renamed clip, through the
// Netlify rule and through the forwarding page. Renaming the title as well
// is refused until new placards are printed and recorded.
func TestPrintRecordAndRename(t *testing.T) {
	dir := site(t)
	ownDomain(t, dir, "HTTPS://ZJX.EXAMPLE.CN")
	out := filepath.Join(dir, "public")
	registry := filepath.Join(dir, "content", "printed.yaml")

	code, stdout, stderr := siteRun("print", "record", "-src", dir, "-date", "2025-03-01")
	if code != 0 {
		t.Fatalf("print record: exit %d\n%s", code, stderr)
	}
	if want := "recorded 6 printed codes (stops 1, 2, 3, 4, 5, 6) of 2025-03-01 in content/printed.yaml\n"; !strings.HasPrefix(stdout, want) {
		t.Errorf("print record said %q, want it to start with %q", stdout, want)
	}
	first, _ := os.ReadFile(registry)
	p, errs := content.ParsePrinted(first)
	if len(errs) > 0 {
		t.Fatalf("the recorded file does not read back:\n%v", errs)
	}
	if !bytes.Equal(p.Format(), first) {
		t.Errorf("the recorded file is not in its own format:\n%s", first)
	}
	if len(p.Runs) != 1 || len(p.Runs[0].Codes) != 6 || p.Runs[0].Codes[2].URL != "https://ZJX.EXAMPLE.CN/L/3" || p.Runs[0].Codes[2].Page != "/listen/03-library/" {
		t.Fatalf("recorded:\n%s", first)
	}
	// Recording the same run again changes nothing.
	if code, stdout, _ := siteRun("print", "record", "-src", dir, "-date", "2025-03-01"); code != 0 || !strings.Contains(stdout, "already") {
		t.Errorf("recording twice: exit %d, %q", code, stdout)
	}
	if again, _ := os.ReadFile(registry); !bytes.Equal(again, first) {
		t.Error("recording the same run twice changed the file")
	}

	// The clip's file is renamed: its page moves to /listen/03-borrow-books/.
	os.Rename(filepath.Join(dir, "content/listen/03-library.md"), filepath.Join(dir, "content/listen/03-borrow-books.md"))
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Fatalf("a renamed printed clip must still build: exit %d\n%s", code, stderr)
	}
	// Scan the code the build makes now: it is the one on the wall.
	got := decodePNG(t, filepath.Join(out, "listen/03-borrow-books/qr.png"))
	if got != p.Runs[0].Codes[2].URL {
		t.Fatalf("the renamed clip's code reads %q; the wall's code reads %q", got, p.Runs[0].Codes[2].URL)
	}
	path := strings.TrimPrefix(got, "https://ZJX.EXAMPLE.CN")
	for _, srv := range []*httptest.Server{netlify(t, out), httptest.NewServer(http.FileServer(http.Dir(out)))} {
		page := follow(t, srv.URL+path)
		if !strings.Contains(page, "<h1>图书馆借书还书</h1>") || !strings.Contains(page, "<audio") {
			t.Errorf("scanning %s led to a page without the clip:\n%.300s", path, page)
		}
		srv.Close()
	}

	// Renaming the title too, without new placards, looks like another clip.
	f := filepath.Join(dir, "content/listen/03-borrow-books.md")
	src, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(src, []byte("title: 图书馆借书还书"), []byte("title: 借书还书"), 1), 0o644)
	code, _, stderr = siteRun("build", "-src", dir, "-o", out)
	want := `content/listen/03-borrow-books.md:3: stop 3 is printed on the wall for "图书馆借书还书" (/listen/03-library/, printed 2025-03-01); its code would lead to this clip instead (give this clip a number never printed, such as 7; if this is the same clip renamed, keep its old title or its old address until new placards are printed and recorded)
site: 1 problem; ` + out + " was not changed\n"
	if code != 1 || stderr != want {
		t.Errorf("renaming file and title: exit %d\n%s\nwant exit 1\n%s", code, stderr, want)
	}
	// Recording refuses while the site is broken: what is recorded must be what is served.
	if code, _, stderr := siteRun("print", "record", "-src", dir, "-date", "2025-06-01"); code != 1 || !strings.Contains(stderr, "nothing was recorded") {
		t.Errorf("recording a broken site: exit %d\n%s", code, stderr)
	}
	// Put the title back, print new placards and record them: now both the
	// new address and, later, the new title are known names of stop 3.
	os.WriteFile(f, src, 0o644)
	if code, _, stderr := siteRun("print", "record", "-src", dir, "-date", "2025-06-01", "-stops", "3"); code != 0 {
		t.Fatalf("recording a reprint of stop 3: exit %d\n%s", code, stderr)
	}
	os.WriteFile(f, bytes.Replace(src, []byte("title: 图书馆借书还书"), []byte("title: 借书还书"), 1), 0o644)
	if code, _, stderr := siteRun("build", "-src", dir, "-o", out); code != 0 {
		t.Errorf("after a recorded reprint, a new title must build: exit %d\n%s", code, stderr)
	}
}

// TestPrintRecordOwnDomain: no print run is recorded for the repository's
// placeholder address, nor for any address on a platform's domain.
func TestPrintRecordOwnDomain(t *testing.T) {
	dir := site(t)
	code, stdout, stderr := siteRun("print", "record", "-src", dir, "-date", "2025-03-01")
	for _, want := range []string{
		"content/site.yaml:", "productionURL HTTPS://ZHAOJIAXIANG.NETLIFY.APP is on netlify.app, a domain Netlify owns",
		"is marked as a placeholder", "备案", "Deploying in mainland China", "site: 2 problems; nothing was recorded",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("print record of the placeholder: exit %d, stdout %q\n%s\nwant %q", code, stdout, stderr, want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	ownDomain(t, dir, "https://zjx.oss-cn-shanghai.aliyuncs.com")
	if code, _, stderr := siteRun("print", "record", "-src", dir, "-date", "2025-03-01"); code != 1 || !strings.Contains(stderr, "on aliyuncs.com, a domain Alibaba Cloud OSS owns") || strings.Contains(stderr, "placeholder") {
		t.Errorf("print record for an OSS default domain: exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/printed.yaml")); strings.Contains(string(b), "date:") {
		t.Errorf("a refused record wrote the registry:\n%s", b)
	}
}

// ownDomain gives the copied site at dir the production URL prod, no longer
// marked as a placeholder.
func ownDomain(t *testing.T, dir, prod string) {
	t.Helper()
	setting(t, dir, "productionURL", prod)
	setting(t, dir, "productionURLPlaceholder", "")
}

// setting sets key in the copied site.yaml at dir to value, adding the key
// when it is not there, or removes the key when value is empty.
func setting(t *testing.T, dir, key, value string) {
	t.Helper()
	name := filepath.Join(dir, "content", "site.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	found := false
	for _, line := range strings.SplitAfter(string(b), "\n") {
		if strings.HasPrefix(line, key+":") {
			found = true
			if value == "" {
				continue
			}
			line = key + ": " + value + "\n"
		}
		out = append(out, line)
	}
	if !found && value != "" {
		out = append(out, "\n"+key+": "+value+"\n")
	}
	if err := os.WriteFile(name, []byte(strings.Join(out, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPrintRecordUsage(t *testing.T) {
	dir := site(t)
	ownDomain(t, dir, "HTTPS://ZJX.EXAMPLE.CN")
	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"print"}, 2, "usage: site print record"},
		{[]string{"print", "record", "-src", dir, "-date", "1 March"}, 2, `site print record: "1 March" is not a day written as 2025-03-01`},
		{[]string{"print", "record", "-src", dir, "-stops", "3,x"}, 2, `site print record: -stops: "x" is not a stop number`},
		{[]string{"print", "record", "-src", dir, "-stops", "3,42"}, 2, "site print record: no clip in the listening list has stop 42"},
	} {
		code, _, stderr := siteRun(c.args...)
		if code != c.code || !strings.Contains(stderr, c.err) {
			t.Errorf("site %s: exit %d\n%s\nwant exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/printed.yaml")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/printed.yaml")); strings.Contains(string(b), "date:") {
		t.Errorf("a refused record wrote the registry:\n%s", b)
	}
}

// netlify serves dir the way Netlify does: the rules of its _redirects
// first, then the files.
func netlify(t *testing.T, dir string) *httptest.Server {
	t.Helper()
	h, err := scan.Netlify(dir)
	if err != nil {
		t.Fatal(err)
	}
	return httptest.NewServer(h)
}

// follow opens url as a phone does after a scan and returns the page it ends on.
func follow(t *testing.T, url string) string {
	t.Helper()
	page, _, err := scan.Follow(url)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

func decodePNG(t *testing.T, name string) string {
	t.Helper()
	c, err := scan.File(name)
	if err != nil {
		t.Fatal(err)
	}
	return c.Text
}
