package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/internal/browser"
)

// TestEventsOnPhone builds the test site with activities a day before the
// phone opens it, as happens between daily builds: an activity that ended
// since the build is hidden by the script, one about to start is shown,
// the list fits 375 px, and the pages have no console errors and no
// accessibility violation.
func TestEventsOnPhone(t *testing.T) {
	b := browser.New(t)
	axe := browser.Axe(t)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	real := time.Now().In(loc)
	f := func(t time.Time) string { return t.Format("2006-01-02 15:04") }
	dir := copySite(t)
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, "content/events", name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ended := real.Add(-3 * time.Hour).Truncate(time.Minute)
	soon := real.Add(5 * time.Minute).Truncate(time.Minute)
	write("_index.md", "---\ntitle: 近期活动\n---\n")
	write("ended.md", fmt.Sprintf("---\ntitle: 已经结束的活动\nspace: fandeng\nstart: %s\nend: %s\n---\n\n内容。\n", f(ended), f(real.Add(-30*time.Minute))))
	write("soon.md", fmt.Sprintf("---\ntitle: 马上开始的活动\nspace: elders\nstart: %s\nend: %s\naudience: 70周岁以上园区户籍老人\ncapacity: 30\nbooking: desk\n---\n\n内容。\n", f(soon), f(soon.Add(2*time.Hour))))
	write("weekly.md", fmt.Sprintf("---\ntitle: 读书会\nspace: fandeng\nrepeat:\n  weekly: [周四]\n  time: \"14:00-15:30\"\n  from: %s\n  until: %s\n---\n\n内容。\n",
		real.AddDate(0, 0, -14).Format(time.DateOnly), real.AddDate(0, 2, 0).Format(time.DateOnly)))

	out := filepath.Join(t.TempDir(), "public")
	cfg := build.Config{Root: os.DirFS(dir), Out: out, Now: real.Add(-24 * time.Hour)}
	if _, err := build.Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{"events/index.html", "index.html", "spaces/elders/index.html"} {
		if !strings.Contains(readFile(t, out, page), "已经结束的活动") && page != "spaces/elders/index.html" {
			t.Errorf("%s: the build a day ago did not list the activity that has ended since", page)
		}
	}
	origin := serveSite(t, out)
	for _, path := range []string{"/events/", "/events/soon/", "/"} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			tab := browser.Tab(t, b, 60*time.Second)
			w := newWatch(t, tab, origin)
			open(t, tab, origin+path)
			w.check(t)
			checkAxe(t, tab, axe)
			if w := eval[int](t, tab, `document.scrollingElement.scrollWidth`); w > phoneW {
				t.Errorf("%s is %d px wide on a %d px phone", path, w, phoneW)
			}
			if path == "/events/soon/" {
				return
			}
			const shown = `[].slice.call(document.querySelectorAll('a')).filter(function (a) { return a.textContent === %q && a.offsetParent; }).length > 0`
			if eval[bool](t, tab, fmt.Sprintf(shown, "已经结束的活动")) {
				t.Errorf("%s: an activity that ended after the build is still shown", path)
			}
			if !eval[bool](t, tab, fmt.Sprintf(shown, "马上开始的活动")) {
				t.Errorf("%s: an activity about to start is not shown", path)
			}
			screenshot(t, tab, "phone-events-"+strings.ReplaceAll(strings.Trim(path, "/"), "/", "-"))
		})
	}
}
