package build

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSitemapEscaped builds with a base URL holding XML's special
// characters: sitemap.xml stays well-formed and gives the address back.
func TestSitemapEscaped(t *testing.T) {
	root := caseFS(t, "basic")
	base := "https://example.org/a&b'<script>/"
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Root: root, Out: out, BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "<script>") {
		t.Errorf("sitemap.xml holds a raw <script>:\n%s", b)
	}
	var m struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(b, &m); err != nil {
		t.Fatalf("sitemap.xml is not XML: %v\n%s", err, b)
	}
	if len(m.URLs) == 0 || m.URLs[0].Loc != base {
		t.Errorf("first location %v, want %q", m.URLs, base)
	}
}
