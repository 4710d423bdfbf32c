package qr

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhaojiaxiang/site/build/scan"
)

const url = "HTTPS://EXAMPLE.ORG/L/12"

// decode reads a PNG the way a phone would and returns what the code says.
func decode(t *testing.T, b []byte) string {
	t.Helper()
	got, err := scan.PNG(b)
	if err != nil {
		t.Fatal(err)
	}
	return got.Text
}

// TestCache checks that a code is drawn once, found again by a later build,
// drawn again when its entry is damaged or deleted, and the same each time.
func TestCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "qr")
	first := NewCache(dir)
	a, err := first.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Get(url); err != nil || first.Computed != 1 {
		t.Fatalf("two Gets in one build drew %d codes, want 1", first.Computed)
	}
	if got := decode(t, a.PNG); got != url {
		t.Fatalf("the PNG says %q", got)
	}
	first.Flush()
	check := func(name string, c *Cache, computed int) {
		t.Helper()
		d, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		c.Flush()
		if c.Computed != computed {
			t.Errorf("%s: drew %d codes, want %d", name, c.Computed, computed)
		}
		if !bytes.Equal(d.PNG, a.PNG) || !bytes.Equal(d.SVG, a.SVG) || d.Version != a.Version {
			t.Errorf("%s: the drawing differs from the first one", name)
		}
	}
	check("next build", NewCache(dir), 0)

	entries, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(entries) != 1 || !bytes.Contains(must(os.ReadFile(entries[0])), []byte(url)) {
		t.Fatalf("cache holds %v, want one file with the code", entries)
	}
	b, _ := os.ReadFile(entries[0])
	b[len(b)/2] ^= 0x40
	os.WriteFile(entries[0], b, 0o644)
	check("damaged entry", NewCache(dir), 1)
	check("repaired entry", NewCache(dir), 0)

	os.WriteFile(entries[0], b[:10], 0o644)
	check("cut entry", NewCache(dir), 1)

	os.RemoveAll(dir)
	check("deleted cache", NewCache(dir), 1)
	check("memory only", NewCache(""), 1)
}

// TestCacheKeepsOnlyWhatIsUsed checks that the file holds the codes of the
// last build: one no longer asked for is dropped, and a build that draws
// nothing new leaves the file as it was.
func TestCacheKeepsOnlyWhatIsUsed(t *testing.T) {
	dir := t.TempDir()
	build := func(urls ...string) (computed int, file []byte) {
		c := NewCache(dir)
		for _, u := range urls {
			if _, err := c.Get(u); err != nil {
				t.Fatal(err)
			}
		}
		c.Flush()
		return c.Computed, must(os.ReadFile(filepath.Join(dir, "codes")))
	}
	_, two := build(url, url+"3")
	if n, same := build(url, url+"3"); n != 0 || !bytes.Equal(same, two) {
		t.Errorf("an unchanged build drew %d codes and changed the file: %v", n, !bytes.Equal(same, two))
	}
	if n, one := build(url); n != 0 || bytes.Contains(one, []byte(url+"3")) {
		t.Errorf("drew %d codes; the file still holds the code no longer used: %v", n, bytes.Contains(one, []byte(url+"3")))
	}
	if n, _ := build(url, url+"3"); n != 1 {
		t.Errorf("the dropped code came back drawing %d codes, want 1", n)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestCacheKeepsURLsApart checks that another URL is another entry.
func TestCacheKeepsURLsApart(t *testing.T) {
	c := NewCache(t.TempDir())
	for _, u := range []string{url, url + "3", url} {
		d, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		if got := decode(t, d.PNG); got != u {
			t.Errorf("code for %s says %s", u, got)
		}
	}
	if c.Computed != 2 {
		t.Errorf("drew %d codes, want 2", c.Computed)
	}
	if _, err := c.Get("HTTPS://A-VERY-LONG-ADDRESS-THAT-DOES-NOT-FIT.EXAMPLE.ORG/L/12"); err == nil {
		t.Error("a code larger than the largest version was accepted")
	}
}
