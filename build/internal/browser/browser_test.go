package browser

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRuns loads a page in Chromium and reads back what a script on it did.
func TestBrowserRuns(t *testing.T) {
	b := New(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(`<!doctype html><title>t</title><p id=p>1</p><script>document.getElementById("p").textContent = "2"</script>`), 0o644)
	url := Serve(t, dir)
	tab := Tab(t, b, 30*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(url+"/")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Text("#p"))
	if err != nil {
		t.Fatal(err)
	}
	if got != "2" {
		t.Fatalf("page text %q, want 2", got)
	}
}
