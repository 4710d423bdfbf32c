package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// site copies the test site into a temporary folder, so a test may
// change it.
func site(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	// The test site: a copy of the centre's content kept for the tests,
	// with the repository's layouts and static files.
	for sub, from := range map[string]string{"content": "build/testdata/site/content", "layouts": "layouts", "static": "static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("..", "..", from))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// preview is a running server on loopback and a client of its reload stream.
type preview struct {
	*Server
	t      testing.TB
	dir    string
	url    string // http://127.0.0.1:port
	events chan event
}

type event struct {
	name string
	st   status
	at   time.Time // when the client had read it
}

// start runs a server for the site in dir until the test ends, and connects
// to its reload stream.
func start(t testing.TB, dir string, cfg Config) *preview {
	t.Helper()
	cfg.Root = dir
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	p := &preview{Server: s, t: t, dir: dir, url: "http://" + ln.Addr().String(), events: make(chan event, 256)}
	p.connect()
	if e := p.next(); e.name != "hello" {
		t.Fatalf("first message %q, want hello", e.name)
	}
	return p
}

// connect opens the reload stream, as the page's script does.
func (p *preview) connect() {
	resp, err := http.Get(p.url + livePath)
	if err != nil {
		p.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		p.t.Fatalf("reload stream has Content-Type %q", ct)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			} else if v, ok := strings.CutPrefix(line, "data: "); ok {
				var st status
				if err := json.Unmarshal([]byte(v), &st); err != nil {
					p.t.Errorf("bad message %q: %v", v, err)
				}
				p.events <- event{name, st, time.Now()}
			}
		}
	}()
}

// next waits for the next message on the reload stream.
func (p *preview) next() event {
	p.t.Helper()
	select {
	case e := <-p.events:
		return e
	case <-time.After(10 * time.Second):
		p.t.Fatal("no message on the reload stream for 10s")
	}
	return event{}
}

// get fetches a path and returns the status and body.
func (p *preview) get(path string) (int, string) {
	p.t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func (p *preview) write(name, text string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// saveAtomic saves as vim, VS Code and JetBrains do: write a new file
// beside the old one, then rename it over.
func (p *preview) saveAtomic(name, text string) {
	p.t.Helper()
	full := filepath.Join(p.dir, filepath.FromSlash(name))
	tmp := filepath.Join(filepath.Dir(full), "."+filepath.Base(full)+".tmp~")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		p.t.Fatal(err)
	}
	if err := os.Rename(tmp, full); err != nil {
		p.t.Fatal(err)
	}
}

// reloaded waits for a reload and returns it; any other message fails.
func (p *preview) reloaded() event {
	p.t.Helper()
	e := p.next()
	if e.name != "reload" {
		p.t.Fatalf("got %q (%v), want reload", e.name, e.st.Problems)
	}
	return e
}

// until reads messages until, after a reload, ok holds. A save that is not
// atomic may be seen half done by one build; the next one must be right.
func (p *preview) until(what string, ok func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if e := p.next(); e.name == "reload" && ok() {
			return
		}
	}
	p.t.Fatalf("never saw %s", what)
}

// page returns the body of a page that must exist.
func (p *preview) page(path string) string {
	p.t.Helper()
	code, body := p.get(path)
	if code != 200 {
		p.t.Fatalf("GET %s: %d", path, code)
	}
	return body
}

func space(title, body string) string {
	return "---\ntitle: " + title + "\nweight: 20\n---\n\n" + body + "\n"
}

func TestServesWithScript(t *testing.T) {
	p := start(t, site(t), Config{})
	home := p.page("/")
	if !strings.Contains(home, `<script src="/_site/live.js" data-build="1"></script></body>`) {
		t.Errorf("home page has no reload script before </body>:\n%s", tail(home))
	}
	if strings.Contains(home, "site-problems") {
		t.Error("a good build shows the problems overlay")
	}
	// Pages link to the local address, not to the deployed site.
	if !strings.Contains(home, `<link rel="canonical" href="`+p.url+`/">`) {
		t.Errorf("canonical link is not the preview's address %s", p.url)
	}
	if code, js := p.get(scriptPath); code != 200 || !strings.Contains(js, "EventSource") {
		t.Errorf("GET %s: %d %q", scriptPath, code, js)
	}
	if code, _ := p.get("/spaces"); code != 200 { // redirected to /spaces/
		t.Errorf("GET /spaces: %d", code)
	}
	code, body := p.get("/no/such/page/")
	if code != 404 || !strings.Contains(body, "找不到") || !strings.Contains(body, scriptPath) {
		t.Errorf("GET /no/such/page/: %d, want the site's 404 page with the script", code)
	}
	// Audio is served with ranges, so a phone can seek.
	clip := p.page("/listen/01-welcome/")
	i := strings.Index(clip, `"/audio/01-welcome.`)
	if i < 0 {
		t.Fatal("clip page has no audio address")
	}
	audio := clip[i+1:]
	audio = audio[:strings.IndexByte(audio, '"')]
	req, _ := http.NewRequest("GET", p.url+audio, nil)
	req.Header.Set("Range", "bytes=0-9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusPartialContent || resp.Header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("GET %s with a range: %d %s", audio, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestAtomicSave saves by write-then-rename, the way most editors do, and
// wants one reload after which the page already shows the new text.
func TestAtomicSave(t *testing.T) {
	p := start(t, site(t), Config{})
	before := p.Builds()
	for i := range 3 {
		text := fmt.Sprintf("第 %d 次保存的正文。", i)
		p.saveAtomic("content/spaces/library.md", space("图书馆", text))
		p.reloaded()
		if body := p.page("/spaces/library/"); !strings.Contains(body, text) {
			t.Fatalf("after the reload message, /spaces/library/ does not show %q", text)
		}
	}
	if n := p.Builds() - before; n > 4 {
		t.Errorf("3 saves caused %d builds", n)
	}
}

func TestDelete(t *testing.T) {
	p := start(t, site(t), Config{})
	if !strings.Contains(p.page("/"), `href="/spaces/youth/"`) {
		t.Fatal("the home page does not link to /spaces/youth/ to begin with")
	}
	if err := os.Remove(filepath.Join(p.dir, "content/spaces/youth.md")); err != nil {
		t.Fatal(err)
	}
	p.reloaded()
	if code, _ := p.get("/spaces/youth/"); code != 404 {
		t.Errorf("deleted page: GET /spaces/youth/ is %d, want 404", code)
	}
	if strings.Contains(p.page("/"), `href="/spaces/youth/"`) {
		t.Error("home page still links to the deleted page")
	}
	// Delete and re-create, as some editors save.
	p.write("content/spaces/youth.md", space("青年之家", "重新写的。"))
	p.until("the re-created page", func() bool {
		code, body := p.get("/spaces/youth/")
		return code == 200 && strings.Contains(body, "重新写的。")
	})
}

// TestNewFolder creates a folder with a file in it, then another file in it
// once it is watched: both are served.
func TestNewFolder(t *testing.T) {
	p := start(t, site(t), Config{})
	if err := os.MkdirAll(filepath.Join(p.dir, "static/files/2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	p.write("static/files/2024/a.txt", "first")
	p.until("a.txt in the new folder", func() bool {
		_, body := p.get("/files/2024/a.txt")
		return body == "first"
	})
	p.write("static/files/2024/b.txt", "second")
	p.until("b.txt, written into a folder made while serving", func() bool {
		_, body := p.get("/files/2024/b.txt")
		return body == "second"
	})
}

// TestBurst saves one file 100 times as fast as possible, and touches many
// files, as a git checkout does: few builds, and the last one shows the
// last save.
func TestBurst(t *testing.T) {
	p := start(t, site(t), Config{})
	before := p.Builds()
	final := ""
	for i := range 100 {
		final = fmt.Sprintf("第 %d 次保存。", i)
		if i%2 == 0 {
			p.write("content/spaces/library.md", space("图书馆", final))
		} else {
			p.saveAtomic("content/spaces/library.md", space("图书馆", final))
		}
		p.write(fmt.Sprintf("static/burst/%02d.txt", i%20), final)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		// A build in the middle of the burst may catch a file half written
		// and report a problem; only the last build has to be right.
		if e := p.next(); e.name != "reload" {
			continue
		}
		if strings.Contains(p.page("/spaces/library/"), final) && p.page("/burst/19.txt") == final {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the site never showed the last save")
		}
	}
	// Whatever follows (an event of the burst delivered late) keeps the last save.
	time.Sleep(200 * time.Millisecond)
	for more := true; more; {
		select {
		case e := <-p.events:
			if e.name != "reload" || !strings.Contains(p.page("/spaces/library/"), final) {
				t.Errorf("a %s after the last save left the site without it", e.name)
			}
		default:
			more = false
		}
	}
	n := p.Builds() - before
	t.Logf("100 saves of one file and 100 of 20 others: %d builds", n)
	if n > 10 {
		t.Errorf("200 saves in a burst caused %d builds; want few", n)
	}
}

// TestOverlay breaks a page: the last good site stays, every page shows the
// problems, and fixing the file removes them.
func TestOverlay(t *testing.T) {
	p := start(t, site(t), Config{})
	good := p.page("/spaces/library/")
	p.write("content/spaces/library.md", "---\ntitle: 图书馆\nweigth: 2\n---\n坏了\n")
	p.write("content/timeline/bad.md", "---\ntitle: 坏日期\ndate: 2022-02-30\n---\n")
	e := p.next()
	for e.name == "reload" { // the two saves may come in two builds
		e = p.next()
	}
	want := []string{
		`content/spaces/library.md:3: unknown key "weigth" (did you mean "weight"?)`,
		`content/timeline/bad.md:3: date: "2022-02-30" is not a date: write it as 2022-07-01, 2022-07 or 2022`,
	}
	for len(e.st.Problems) < 2 {
		e = p.next()
	}
	if e.name != "problems" || strings.Join(e.st.Problems, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got %s %q, want problems %q", e.name, e.st.Problems, want)
	}
	body := p.page("/spaces/library/")
	if !strings.Contains(body, `<div id="site-problems"`) {
		t.Fatalf("the page shows no overlay:\n%s", tail(body))
	}
	for _, w := range want {
		if !strings.Contains(body, "<li>"+htmlEscape(w)+"</li>") {
			t.Errorf("overlay does not list %q:\n%s", w, tail(body))
		}
	}
	if !strings.Contains(body, good[strings.Index(good, "<main"):strings.Index(good, "</main>")]) {
		t.Error("a failed build changed the page that is served")
	}
	if !strings.Contains(p.page("/"), `<div id="site-problems"`) {
		t.Error("other pages show no overlay")
	}

	p.write("content/spaces/library.md", space("图书馆", "修好了。"))
	os.Remove(filepath.Join(p.dir, "content/timeline/bad.md"))
	e = p.next()
	for e.name == "problems" {
		e = p.next()
	}
	if e.name != "reload" || len(e.st.Problems) != 0 {
		t.Fatalf("after the fix: %s %v", e.name, e.st.Problems)
	}
	body = p.page("/spaces/library/")
	if strings.Contains(body, "site-problems") || !strings.Contains(body, "修好了。") {
		t.Errorf("after the fix the page still shows the overlay or the old text:\n%s", tail(body))
	}
}

// TestFirstBuildFails starts on a broken site: pages say so, and reload
// into the site once it is fixed.
func TestFirstBuildFails(t *testing.T) {
	dir := site(t)
	os.WriteFile(filepath.Join(dir, "content/spaces/library.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	p := start(t, dir, Config{})
	code, body := p.get("/spaces/library/")
	if code != 503 || !strings.Contains(body, "content/spaces/library.md:") || !strings.Contains(body, scriptPath) {
		t.Fatalf("GET with no good build: %d\n%s", code, body)
	}
	p.write("content/spaces/library.md", space("图书馆", "好了。"))
	p.until("the fixed site", func() bool { return strings.Contains(p.page("/spaces/library/"), "好了。") })
}

func TestCSSOnly(t *testing.T) {
	p := start(t, site(t), Config{})
	css, err := os.ReadFile(filepath.Join(p.dir, "static/css/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	p.saveAtomic("static/css/site.css", string(css)+"\nbody { color: #123456; }\n")
	if e := p.next(); e.name != "css" {
		t.Fatalf("a style sheet change sent %q, want css", e.name)
	}
	home := p.page("/")
	i := strings.Index(home, `href="/assets/css/site.`)
	if i < 0 {
		t.Fatal("home page links no style sheet")
	}
	href := home[i+6:]
	href = href[:strings.IndexByte(href, '"')]
	if got := p.page(href); !strings.Contains(got, "#123456") {
		t.Errorf("%s is not the new style sheet", href)
	}
}

// TestPoll watches by polling and sees a save, a new folder and a delete.
func TestPoll(t *testing.T) {
	p := start(t, site(t), Config{Poll: 50 * time.Millisecond})
	p.saveAtomic("content/spaces/library.md", space("图书馆", "轮询看到了。"))
	p.until("a save", func() bool { return strings.Contains(p.page("/spaces/library/"), "轮询看到了。") })
	p.write("static/new/x.txt", "x")
	p.until("a new folder", func() bool { _, body := p.get("/new/x.txt"); return body == "x" })
	os.Remove(filepath.Join(p.dir, "static/new/x.txt"))
	p.until("a delete", func() bool { code, _ := p.get("/new/x.txt"); return code == 404 })
}

// TestTraversal sends requests for files outside the built site, written
// the ways attackers write them, on a raw connection so no client cleans
// them up first.
func TestTraversal(t *testing.T) {
	p := start(t, site(t), Config{})
	// The build is in p.out; put a secret beside it and link to it from inside.
	secret := filepath.Join(filepath.Dir(p.out), "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o644)
	if err := os.Symlink(secret, filepath.Join(p.out, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(p.out, "linkdir")); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		"/../secret.txt",
		"/spaces/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/spaces/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/spaces%2f..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/.%2e/secret.txt",
		"/%252e%252e/secret.txt",
		"/link.txt",
		"/linkdir/secret.txt",
		"/linkdir/",
		"/./secret.txt",
		"/secret.txt%00.html",
		"http://" + p.url[len("http://"):] + "/../secret.txt",
	} {
		code, body := rawGet(t, p.url, target)
		if code != 404 || strings.Contains(body, "SECRET") {
			t.Errorf("GET %s: %d, want 404\n%.200s", target, code, body)
		}
	}
	// The site itself is still served on the same kind of connection.
	if code, _ := rawGet(t, p.url, "/spaces/library/"); code != 200 {
		t.Errorf("GET /spaces/library/ on a raw connection: %d", code)
	}
}

func rawGet(t *testing.T, base, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, strings.TrimPrefix(base, "http://"))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestURLs(t *testing.T) {
	got := URLs(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1313})
	if len(got) != 1 || got[0] != "http://127.0.0.1:1313/" {
		t.Errorf("loopback: %v", got)
	}
	got = URLs(&net.TCPAddr{IP: net.IPv4zero, Port: 1313})
	if got[len(got)-1] != "http://127.0.0.1:1313/" {
		t.Errorf("0.0.0.0: %v, want 127.0.0.1 last", got)
	}
	for _, u := range got[:len(got)-1] {
		if strings.Contains(u, "0.0.0.0") || strings.Contains(u, "127.") {
			t.Errorf("0.0.0.0: %v lists a non-LAN address", got)
		}
	}
}

func tail(s string) string {
	if len(s) > 1500 {
		return s[len(s)-1500:]
	}
	return s
}

func htmlEscape(s string) string {
	return strings.NewReplacer(`&`, "&amp;", `<`, "&lt;", `>`, "&gt;", `"`, "&#34;", `'`, "&#39;").Replace(s)
}
