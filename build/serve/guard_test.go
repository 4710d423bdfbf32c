package serve

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostGet fetches path with the Host header host.
func hostGet(t *testing.T, p *preview, host, path string) (int, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", p.url+path, nil)
	req.Host = host
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// TestHost answers the names the editor may have opened, and refuses the
// name a rebinding page would send.
func TestHost(t *testing.T) {
	p := start(t, site(t), Config{})
	port := p.url[strings.LastIndex(p.url, ":")+1:]
	for host, want := range map[string]int{
		"127.0.0.1:" + port:         200,
		"localhost:" + port:         200,
		"LOCALHOST:" + port:         200,
		"preview.localhost:" + port: 200,
		"[::1]:" + port:             200,
		"127.0.0.2:" + port:         200,
		"localhost":                 200,
		"evil.example:" + port:      403,
		"evil.example":              403,
		"localhost.evil.example":    403,
		"10.0.0.1:" + port:          403,
	} {
		for _, path := range []string{"/", livePath + "x", scriptPath} {
			if got, _ := hostGet(t, p, host, path); got != want && !(want == 200 && path == livePath+"x" && got == 404) {
				t.Errorf("Host %q, GET %s: %d, want %d", host, path, got, want)
			}
		}
	}
}

// TestNoForeignRedirect: a folder asked for without its slash is
// redirected to a path on this server, never to another origin.
func TestNoForeignRedirect(t *testing.T) {
	p := start(t, site(t), Config{})
	host := strings.TrimPrefix(p.url, "http://")
	for path, want := range map[string]string{
		"/spaces":          "/spaces/",
		"//spaces":         "/spaces/",
		"///spaces":        "/spaces/",
		"//spaces?x=1":     "/spaces/?x=1",
		"/spaces//library": "/spaces/library/",
	} {
		code, h := hostGet(t, p, host, path)
		if code != http.StatusMovedPermanently || h.Get("Location") != want {
			t.Errorf("GET %s: %d to %q, want 301 to %q", path, code, h.Get("Location"), want)
		}
	}
}

// TestRunawayLayout saves a layout that never ends, and fixes it 3 s later:
// the preview gives up on the stuck build, builds the fix and serves it,
// and stops at once when the test ends.
func TestRunawayLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the page time limit")
	}
	p := start(t, site(t), Config{})
	layout := filepath.Join(p.dir, "layouts/space.html")
	good, _ := os.ReadFile(layout)
	p.write("layouts/space.html", `{{define "main"}}{{range 1000000000}}{{range 1000000000}}{{end}}{{end}}{{end}}`)
	time.Sleep(3 * time.Second)
	p.write("layouts/space.html", strings.Replace(string(good), "<h1>", "<h1 data-fixed>", 1))
	deadline := time.Now().Add(40 * time.Second)
	var problems []string
	for time.Now().Before(deadline) {
		e := p.next()
		if e.name == "problems" {
			problems = e.st.Problems
		}
		if e.name == "reload" && strings.Contains(p.page("/spaces/library/"), "<h1 data-fixed>") {
			if len(problems) == 0 || !strings.Contains(problems[0], "layouts/space.html: drawing content/spaces/") || !strings.Contains(problems[0], "took longer than 10s (a range that never ends?)") {
				t.Errorf("the runaway build reported %q", problems)
			}
			return
		}
	}
	t.Fatal("the fixed layout was never served")
}
