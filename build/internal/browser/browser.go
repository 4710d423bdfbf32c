// Package browser starts Debian's Chromium for tests that must see the site
// the way a resident's phone does: real layout, real audio element, real
// console. It is used only by tests.
//
// A test calls New. When no Chromium is installed the test is skipped, unless
// the environment sets SITE_BROWSER_TESTS=1 (as CI does), in which case it
// fails: on CI a missing browser must never pass silently.
package browser

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Required is the environment variable that turns a skipped browser test into a failure.
const Required = "SITE_BROWSER_TESTS"

// Path finds Chromium, or returns "".
func Path() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless Chromium for the test and returns a browser context;
// every tab made from it with chromedp.NewContext shares the one process.
// The browser is closed when the test ends.
//
// With -short ("go test -short ./...", the engine's quick verdict) browser
// tests are skipped, whatever is installed.
func New(t testing.TB) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: no browser tests")
	}
	exe := Path()
	if exe == "" {
		if os.Getenv(Required) == "1" {
			t.Fatalf("%s=1 but no Chromium was found: install Debian's chromium package", Required)
		}
		t.Skipf("no Chromium installed; set %s=1 to make this a failure", Required)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		// This machine has no network but loopback: keep Chromium from
		// calling home, which it would retry again and again.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		// Audio must be able to start from a script-dispatched tap in tests.
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// Start the browser now, so a test's first timeout covers only its own work.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelA()
		t.Fatalf("starting %s: %v", exe, err)
	}
	t.Cleanup(func() {
		cancel()
		cancelA()
	})
	return ctx
}

// Tab opens a new tab in the browser with a time limit for everything done in it.
func Tab(t testing.TB, browser context.Context, limit time.Duration) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	ctx, cancelT := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancelT()
		cancel()
	})
	return ctx
}

// Serve serves the folder dir over HTTP on loopback for the test's lifetime
// and returns its address, e.g. "http://127.0.0.1:41234".
func Serve(t testing.TB, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}
