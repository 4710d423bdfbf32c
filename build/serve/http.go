package serve

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"time"
)

// The server's own addresses live under this prefix, which no built site uses.
const (
	livePath   = "/_site/live"
	scriptPath = "/_site/live.js"
)

//go:embed live.js
var liveJS []byte

// overlay lists a failed build's problems over the page. The script shows
// the same markup, sent with each "problems" message.
var overlay = template.Must(template.New("overlay").Parse(`<div id="site-problems" role="alert" style="position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:1em 1.25em;background:#fff8f6;color:#1a1a1a;border-top:6px solid #b3261e;box-shadow:0 -4px 16px rgba(0,0,0,.25);font:16px/1.5 system-ui,sans-serif">
<p style="margin:0 0 .5em"><strong style="color:#b3261e">网站没有更新 · The site was not rebuilt.</strong> 请按提示修改文件并保存,改好后这个提示会自动消失。下面显示的是上一次成功生成的页面。</p>
<ol style="margin:0;padding-left:1.5em;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap">{{range .}}
<li>{{.}}</li>{{end}}
</ol>
</div>`))

// status is what the reload stream tells a page about the last build.
type status struct {
	Build    int      `json:"build"`    // the good build the page should show
	Problems []string `json:"problems"` // of the last build, empty when it succeeded
	Overlay  string   `json:"overlay"`  // HTML listing the problems
}

// statusJSON describes the last build. s.mu must be held.
func (s *Server) statusJSON() string {
	st := status{Build: s.good, Problems: []string{}, Overlay: s.overlayHTML()}
	for _, d := range s.problems {
		st.Problems = append(st.Problems, d.In(s.cfg.Lang))
	}
	b, _ := json.Marshal(st)
	return string(b)
}

// overlayHTML is the overlay for the last build, or "". s.mu must be held.
func (s *Server) overlayHTML() string {
	if len(s.problems) == 0 {
		return ""
	}
	var lines []string
	for _, d := range s.problems {
		lines = append(lines, d.In(s.cfg.Lang))
	}
	var b bytes.Buffer
	overlay.Execute(&b, lines)
	return b.String()
}

// broadcast sends m to every open page. s.mu must be held.
func (s *Server) broadcast(m message) {
	for c := range s.clients {
		select {
		case c <- m:
		default: // a page that does not read gets no more messages
		}
	}
}

// ServeHTTP serves the built site, the reload script and the reload stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.allowHost(r.Host) {
		http.Error(w, msgHost, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case livePath:
		s.stream(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
		return
	}
	s.file(w, r)
}

// stream is the reload stream: a "hello" with the current status at once,
// then one message after each build.
func (s *Server) stream(w http.ResponseWriter, r *http.Request) {
	f, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	c := make(chan message, 16)
	s.mu.Lock()
	s.clients[c] = true
	hello := message{"hello", s.statusJSON()}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// Reconnect quickly after the server restarts.
	fmt.Fprint(w, "retry: 500\n\n")
	write := func(m message) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
		f.Flush()
		return err == nil
	}
	if !write(hello) {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case m := <-c:
			if !write(m) {
				return
			}
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n") // keeps proxies from closing an idle stream
			f.Flush()
		}
	}
}

// file serves a file of the built site. Only files inside it are served:
// os.OpenInRoot refuses a path or a symbolic link that leads out.
func (s *Server) file(w http.ResponseWriter, r *http.Request) {
	name, ok := cleanPath(r.URL)
	if !ok {
		s.notFound(w, r, "")
		return
	}
	// What the page is told about the build is taken before the file is
	// opened: the file is then from that build or a newer one, and a page
	// that is newer than it says reloads once, never the other way round.
	snippet, good := s.snippet()
	if good == 0 {
		s.noSite(w, r, snippet)
		return
	}
	f, st, err := open(s.out, name)
	if err == nil && st.IsDir() {
		f.Close()
		if name != "" && !strings.HasSuffix(r.URL.Path, "/") {
			// Built from the cleaned name: "//evil.example" would be
			// another site's address.
			target := (&url.URL{Path: "/" + name + "/"}).EscapedPath()
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		f, st, err = open(s.out, name)
	}
	if err != nil {
		s.notFound(w, r, snippet)
		return
	}
	defer f.Close()
	if path.Ext(name) != ".html" {
		http.ServeContent(w, r, name, st.ModTime(), f)
		return
	}
	page, err := io.ReadAll(f)
	if err != nil {
		s.notFound(w, r, snippet)
		return
	}
	http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(inject(page, snippet)))
}

// open opens name inside dir, following no link out of it.
func open(dir, name string) (*os.File, fs.FileInfo, error) {
	if name == "" {
		name = "."
	}
	f, err := os.OpenInRoot(dir, name)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		f.Close()
		return nil, nil, fs.ErrNotExist
	}
	return f, st, nil
}

// cleanPath turns a request's path into a slash-separated name inside the
// site, refusing anything a well-behaved link never holds: "." or ".."
// segments, encoded slashes or backslashes, and NUL bytes.
func cleanPath(u *url.URL) (string, bool) {
	raw := u.EscapedPath()
	lower := strings.ToLower(raw)
	if !strings.HasPrefix(raw, "/") || strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return "", false
	}
	var segs []string
	for _, seg := range strings.Split(raw[1:], "/") {
		dec, err := url.PathUnescape(seg)
		if err != nil || dec == "." || dec == ".." || strings.ContainsAny(dec, "\\\x00") {
			return "", false
		}
		if dec != "" {
			segs = append(segs, dec)
		}
	}
	return strings.Join(segs, "/"), true
}

// notFound answers with the site's 404 page, or a plain message.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, snippet string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	page, err := os.ReadFile(s.out + "/404.html")
	if err != nil {
		page = []byte("<!doctype html><title>404</title><p>404: there is no such page.</p>")
	}
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(inject(page, snippet))
	}
}

// noSite answers every page while the site has never been built: it shows
// the problems, and reloads once they are fixed.
func (s *Server) noSite(w http.ResponseWriter, r *http.Request, snippet string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method == http.MethodHead {
		return
	}
	w.Write(inject([]byte("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>网站没有生成</title><body><p>网站还没有生成 · The site could not be built yet.</p></body></html>"), snippet))
}

// snippet is what goes into every page: the overlay when the last build
// failed, and the reload script with the number of the good build.
func (s *Server) snippet() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overlayHTML() + fmt.Sprintf(`<script src="%s" data-build="%d"></script>`, scriptPath, s.good), s.good
}

// inject adds snippet before the page's </body>.
func inject(page []byte, snippet string) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(snippet))
	out = append(out, page[:i]...)
	out = append(out, snippet...)
	return append(out, page[i:]...)
}

// msgHost answers a request for a name the preview was not opened at.
const msgHost = "403: this preview answers only at the addresses site serve printed (such as http://127.0.0.1:1313/)"

// hosts are the Host headers a server reached at urls answers, besides
// localhost names and loopback addresses.
func hosts(urls []string) map[string]bool {
	m := map[string]bool{}
	for _, u := range urls {
		if p, err := url.Parse(u); err == nil {
			m[strings.ToLower(p.Host)] = true
			m[strings.ToLower(p.Hostname())] = true
		}
	}
	return m
}

// allowHost tells whether a request's Host header names this server as the
// editor opened it: a localhost name, a loopback address, or an address the
// server printed. Any other name is what DNS rebinding would send.
func (s *Server) allowHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if s.hosts[host] {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]"), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") || s.hosts[name] {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}
