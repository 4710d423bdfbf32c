package wall

import (
	"math"
	"testing"

	"github.com/zhaojiaxiang/site/build/content"
)

func TestLayout(t *testing.T) {
	for _, c := range []struct {
		distance, size int
		landscape      bool
		cols, rows     int
	}{
		{80, 37, true, 2, 1},  // the default: version 3 codes, 80 mm wide
		{50, 37, false, 2, 2}, // closer: smaller codes, more a sheet
		{40, 33, false, 2, 2}, // version 2 codes 40 mm wide
		{120, 37, false, 1, 1},
	} {
		l, err := NewLayout(c.distance, c.size)
		if err != nil {
			t.Fatalf("%d cm: %v", c.distance, err)
		}
		if l.Landscape != c.landscape || l.Cols != c.cols || l.Rows != c.rows {
			t.Errorf("%d cm, %d modules: landscape %v, %d×%d; want %v, %d×%d", c.distance, c.size, l.Landscape, l.Cols, l.Rows, c.landscape, c.cols, c.rows)
		}
		if l.Code < float64(c.distance) { // a tenth of the distance, cm → mm
			t.Errorf("%d cm: code %.1f mm", c.distance, l.Code)
		}
		if got := l.Module(c.size) * float64(c.size-8); math.Abs(got-l.Code) > 1e-9 {
			t.Errorf("%d cm: modules add up to %.3f mm, want %.3f", c.distance, got, l.Code)
		}
		if l.CardW < l.Box(c.size)+2*Gutter-1e-6 || l.CardH < l.Box(c.size)+TextHeight-1e-6 {
			t.Errorf("%d cm: placard %.1f×%.1f mm is too small for its code", c.distance, l.CardW, l.CardH)
		}
		x, y := l.Place(l.PerPage() - 1)
		if x < l.Margin || y < l.Margin || x+l.CardW > l.PageW-l.Margin || y+l.CardH > l.PageH-l.Margin {
			t.Errorf("%d cm: the last placard at %.1f,%.1f mm reaches into the margin", c.distance, x, y)
		}
	}
	if _, err := NewLayout(MaxDistance(37)+1, 37); err == nil {
		t.Error("a distance beyond MaxDistance fits")
	}
	if _, err := NewLayout(MaxDistance(37), 37); err != nil {
		t.Errorf("MaxDistance does not fit: %v", err)
	}
}

func TestSameSite(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		{"HTTPS://EXAMPLE.ORG", "https://example.org", true},
		{"HTTPS://EXAMPLE.ORG", "https://example.org/", true},
		{"HTTPS://EXAMPLE.ORG", "http://example.org", false},
		{"HTTPS://EXAMPLE.ORG", "https://www.example.org", false},
		{"HTTPS://EXAMPLE.ORG/ZJX", "https://example.org/zjx", false},
	} {
		if got := sameSite(c.a, c.b); got != c.same {
			t.Errorf("sameSite(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

// TestCheckForwards: a printed stop whose clip is still there, but whose
// short URL the build would no longer forward, is refused. The build always
// forwards every clip today; this guards the engine against a change that
// stops doing so.
func TestCheckForwards(t *testing.T) {
	p, errs := content.ParsePrinted([]byte("runs:\n  - date: 2025-03-01\n    codes:\n      - stop: 3\n        url: HTTPS://EXAMPLE.ORG/L/3\n        title: 甲\n        page: /listen/a/\n"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	clip := &content.Clip{Page: content.Page{Path: "content/listen/a.md", Slug: "a", Title: "甲"}, Stop: 3}
	clip.SetURL("/listen/a/")
	set := &content.Settings{ProductionURL: "HTTPS://EXAMPLE.ORG", Lines: content.Lines{{Key: "productionURL", Line: 3}}}
	site := Site{Settings: set, Printed: p, Clips: []*content.Clip{clip}, Forwards: map[string]string{"/L/3": "/listen/a/", "/l/3": "/listen/a/"}}
	if got := Check(site); len(got) > 0 {
		t.Fatalf("forwarded stop refused:\n%v", got)
	}
	delete(site.Forwards, "/l/3")
	want := `content/printed.yaml:4: the build would no longer forward /l/3 to /listen/a/: the printed code HTTPS://EXAMPLE.ORG/L/3 would break (the site's engine must forward every printed stop; this is a fault of the generator: please report it)`
	if got := Check(site).Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
