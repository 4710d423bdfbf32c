// Package serve is the editors' live preview: it builds the site, serves it
// on this computer, and rebuilds and reloads open pages whenever a file in
// content/, layouts/ or static/ is saved.
//
// # Watching
//
// Changes come from the operating system (fsnotify), with a watch on every
// folder, including folders created while the server runs. Editors save in
// many ways: in place, by writing a new file and renaming it over the old one
// (vim, VS Code, JetBrains), by deleting and re-creating; a "git checkout"
// touches hundreds of files at once. All of these arrive as a burst of
// events, and the server treats them alike: it waits until the folder has
// been quiet for a moment (Quiet), then rebuilds once from what is on disk
// now. Changes that arrive during a rebuild cause one more rebuild after it,
// so the last build always starts after the last save. Where events never
// arrive (WSL, Docker bind mounts, network drives), Config.Poll compares the
// files' sizes and times at an interval instead.
//
// # Reloading
//
// Every HTML page the server sends gets a small script added before
// </body>; the built files themselves are never changed, and the preview is
// built into a temporary folder, never into public/. The script listens to
// the server's event stream (Server-Sent Events at /_site/live). A message
// is sent only after a rebuild has finished and its files are in place:
// "reload" reloads the page, "css" (when only style sheets changed) swaps
// the page's style sheets without reloading, and "problems" shows the build's
// diagnostics over the page.
//
// # Failures
//
// A rebuild that fails changes nothing that is served: the last good site
// stays, and every page shows an overlay listing each problem as
// "path:line: message". The next good build removes it. Nothing an editor
// saves can stop the server.
//
// # Safety
//
// The server binds to 127.0.0.1 unless told otherwise and serves only files
// inside the built site: a path with "..", an encoded slash or dot-dot, or a
// symbolic link that leads out of the site is answered with 404. The site
// is read through os.Root (package sitefs), so a link in the sources that
// leads out of the site root is an error, never part of the preview.
//
// A web page the editor visits could otherwise read the preview by DNS
// rebinding (a name of its own that resolves to 127.0.0.1): a request whose
// Host header is not a localhost name, a loopback address or one of the
// addresses the server printed gets 403, as Vite and webpack-dev-server
// answer. A redirect never leaves the server: its target is a path that
// starts with exactly one "/".
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/diag"
)

// Builder makes the site described by cfg. changed holds the site-relative
// paths saved since the previous build (nil for the first one): the engine
// may use it to rebuild only what they affect. It is the only way the
// server reaches the engine.
type Builder func(ctx context.Context, cfg build.Config, changed []string) (*build.Result, error)

// Config says what to serve and how.
type Config struct {
	Root   string        // site root folder, holding content/, layouts/ and static/
	Theme  string        // a theme folder, holding layouts/ and static/; "" for the one site.yaml names, if any
	Now    time.Time     // today, for the lists of activities; zero means the clock
	Drafts bool          // include pages marked draft: true
	Poll   time.Duration // when > 0, look for changes at this interval instead of waiting for events
	Quiet  time.Duration // how long the folders must be quiet before a rebuild; 0 means 20ms
	Log    io.Writer     // where builds are reported; nil means nowhere
	Lang   diag.Lang     // of the messages in Log and in the error box; zero means English
	Build  Builder       // nil means Incremental()
}

// maxWait bounds how long a stream of changes that never pauses can delay a rebuild.
const maxWait = 500 * time.Millisecond

// Server is a running preview. Its HTTP handler is safe for concurrent use.
type Server struct {
	cfg     Config
	site    build.Config // the site's files, and its theme's
	tmp     string       // temporary folder holding the preview build
	out     string       // tmp/public
	baseURL string
	hosts   map[string]bool // Host headers answered (see allowHost)
	// building is closed when the last build started has returned.
	building chan struct{}

	mu       sync.Mutex
	good     int       // successful builds so far; pages carry the number they were built by
	builds   int       // every build, good or not
	problems diag.List // of the last build; empty when it succeeded
	clients  map[chan message]bool
	done     chan struct{}
}

// message is one event on the reload stream.
type message struct {
	event string // hello, reload, css, problems
	data  string // JSON
}

// New prepares a server for the site at cfg.Root. Call Run to start it.
func New(cfg Config) (*Server, error) {
	if cfg.Quiet <= 0 {
		cfg.Quiet = 20 * time.Millisecond
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Build == nil {
		cfg.Build = Incremental()
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", cfg.Root)
	}
	cfg.Root = root
	site, theme, err := build.Open(root, cfg.Theme)
	if err != nil {
		return nil, err
	}
	cfg.Theme = theme
	return &Server{cfg: cfg, site: site, clients: map[chan message]bool{}, done: make(chan struct{})}, nil
}

// Run builds the site, serves it on ln and rebuilds on every change until
// ctx is cancelled. The preview's files are removed when it returns.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	tmp, err := os.MkdirTemp("", "site-serve-")
	if err != nil {
		return err
	}
	s.tmp, s.out = tmp, filepath.Join(tmp, "public")
	defer os.RemoveAll(tmp)
	urls := URLs(ln.Addr())
	s.baseURL = urls[0]
	s.hosts = hosts(urls)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Watch before the first build, so nothing saved during it is missed.
	// A theme's layouts and static files are watched as the site's are.
	changed := make(chan string, 1024)
	werr := make(chan error, 2)
	for _, root := range s.roots() {
		var w watcher = events{root: root}
		if s.cfg.Poll > 0 {
			w = polling{root: root, interval: s.cfg.Poll}
		}
		go func() { werr <- w.run(ctx, changed) }()
	}

	s.rebuild(ctx, nil)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	serr := make(chan error, 1)
	go func() { serr <- srv.Serve(ln) }()

	err = s.loop(ctx, changed, werr, serr)
	// A build stopped by ctx removes its unfinished folder within moments;
	// one stuck for good is not waited for.
	if s.building != nil {
		select {
		case <-s.building:
		case <-time.After(500 * time.Millisecond):
		}
	}

	close(s.done) // ends the event streams, so Shutdown need not wait for them
	sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer scancel()
	srv.Shutdown(sctx)
	return err
}

// loop batches changes and rebuilds until ctx ends or the watcher or the
// HTTP server fails.
func (s *Server) loop(ctx context.Context, changed chan string, werr chan error, serr <-chan error) error {
	var (
		pending  []string
		quiet    = time.NewTimer(time.Hour)
		deadline <-chan time.Time
	)
	quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-werr:
			if err == nil {
				return nil
			}
			if s.cfg.Poll > 0 {
				return fmt.Errorf("watching %s: %w", s.cfg.Root, err)
			}
			// No events (too many folders for the system's watch limit, or
			// a file system without them): keep going by polling.
			s.cfg.Poll = 500 * time.Millisecond
			s.log("cannot watch for changes (%v); looking for them every %s instead\n", err, s.cfg.Poll)
			for _, root := range s.roots() {
				go func(w watcher) { werr <- w.run(ctx, changed) }(polling{root: root, interval: s.cfg.Poll})
			}
			continue
		case err := <-serr:
			return err
		case p := <-changed:
			if len(pending) == 0 {
				deadline = time.After(maxWait)
			}
			if !slices.Contains(pending, p) {
				pending = append(pending, p)
			}
			quiet.Reset(s.cfg.Quiet)
			continue
		case <-quiet.C:
		case <-deadline:
			quiet.Stop()
		}
		// Take whatever else is already waiting into this build.
		for more := true; more; {
			select {
			case p := <-changed:
				if !slices.Contains(pending, p) {
					pending = append(pending, p)
				}
			default:
				more = false
			}
		}
		batch := pending
		pending, deadline = nil, nil
		slices.Sort(batch)
		s.rebuild(ctx, batch)
	}
}

// rebuild builds the site and tells the open pages. It returns as soon
// as ctx ends, even when the build is stuck in a layout that never ends.
func (s *Server) rebuild(ctx context.Context, changed []string) {
	type result struct {
		res *build.Result
		err error
	}
	done := make(chan result, 1)
	building := make(chan struct{})
	s.building = building
	go func() {
		defer close(building)
		cfg := s.site
		cfg.Out, cfg.BaseURL, cfg.Drafts, cfg.Now = s.out, s.baseURL, s.cfg.Drafts, s.cfg.Now
		if cfg.Cache == "" {
			// The cache "site build" keeps beside public/: the preview's own
			// folder is new each time, and would make every photo again.
			cfg.Cache = filepath.Join(s.cfg.Root, ".public.cache")
		}
		res, err := s.cfg.Build(ctx, cfg, changed)
		done <- result{res, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		return
	}
	res, err := r.res, r.err
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	s.builds++
	if err != nil {
		list, ok := errors.AsType[diag.List](err)
		if !ok {
			list = diag.List{{Path: "build", Msg: err.Error()}}
		}
		s.problems = list
		s.broadcast(message{"problems", s.statusJSON()})
		s.mu.Unlock()
		s.log("%s: the site was not rebuilt; the preview shows the last good version\n", s.what(changed))
		for _, d := range list {
			fmt.Fprintf(s.cfg.Log, "  %s\n", d.In(s.cfg.Lang))
		}
		return
	}
	s.good++
	s.problems = nil
	event := "reload"
	if cssOnly(changed) {
		event = "css"
	}
	s.broadcast(message{event, s.statusJSON()})
	s.mu.Unlock()
	for _, w := range res.Warnings {
		fmt.Fprintf(s.cfg.Log, "  %s\n", w.In(s.cfg.Lang))
	}
	s.log("%s: built %d pages in %s\n", s.what(changed), res.Pages, res.Elapsed.Round(time.Millisecond))
}

// roots are the folders watched: the site's, and its theme's.
func (s *Server) roots() []string {
	if s.cfg.Theme == "" {
		return []string{s.cfg.Root}
	}
	return []string{s.cfg.Root, s.cfg.Theme}
}

// what names the changes a build follows, for the log.
func (s *Server) what(changed []string) string {
	switch len(changed) {
	case 0:
		return diag.Text(s.cfg.Lang, "start")
	case 1:
		return changed[0]
	}
	return diag.Text(s.cfg.Lang, "%s and %d more", changed[0], len(changed)-1)
}

// log reports to Log in the editor's language; format is a key of the
// catalogue in build/diag/zh.go.
func (s *Server) log(format string, args ...any) {
	fmt.Fprint(s.cfg.Log, diag.Text(s.cfg.Lang, format, args...))
}

// cssOnly tells whether every change was to a style sheet, so pages can
// swap styles instead of reloading.
func cssOnly(changed []string) bool {
	if len(changed) == 0 {
		return false
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "static/") || !strings.HasSuffix(p, ".css") {
			return false
		}
	}
	return true
}

// Builds is how many times the site has been built, successfully or not.
func (s *Server) Builds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.builds
}

// URLs are the addresses a browser can use to reach a server listening on
// addr: the address itself, or, for an unspecified address such as 0.0.0.0,
// this computer's addresses on its networks (so an editor can open the
// preview on a phone), with 127.0.0.1 last.
func URLs(addr net.Addr) []string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return []string{"http://" + addr.String() + "/"}
	}
	url := func(ip net.IP) string {
		return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(tcp.Port)) + "/"
	}
	if !tcp.IP.IsUnspecified() {
		return []string{url(tcp.IP)}
	}
	var out []string
	if ifaddrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range ifaddrs {
			n, ok := a.(*net.IPNet)
			if !ok || n.IP.IsLoopback() || n.IP.IsLinkLocalUnicast() {
				continue
			}
			if ip4 := n.IP.To4(); ip4 != nil {
				out = append(out, url(ip4))
			}
		}
	}
	return append(out, url(net.IPv4(127, 0, 0, 1)))
}

// clientCount is how many pages are listening to the reload stream.
func (s *Server) clientCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}
