package event

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/txtartest"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/cases/*.txtar")

func shanghai(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// testSpaces are the space pages the cases' activities happen in.
var testSpaces = []*content.Space{
	{Page: content.Page{Slug: "fandeng", Title: "樊登社区中心"}},
	{Page: content.Page{Slug: "sixianghui", Title: "思享汇教室"}},
	{Page: content.Page{Slug: "belief", Title: "信仰空间"}},
	{Page: content.Page{Slug: "elders", Title: "乐龄生活馆"}},
}

func init() {
	for _, sp := range testSpaces {
		sp.SetURL("/spaces/" + sp.Slug + "/")
	}
}

func testSettings(loc *time.Location) content.Settings {
	return content.Settings{Title: "兆佳巷区域党群服务中心", Address: "江苏省苏州工业园区湖东社区 兆佳巷民众联络所",
		BaseURL: "https://example.org/", Location: loc}
}

// decodeFile reads an activity as the loader would: front matter between
// the first two "---" lines, starting on line 2.
func decodeFile(t testing.TB, name string, src []byte, loc *time.Location, errs *diag.List) *content.Event {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	i := bytes.Index(rest, []byte("\n---\n"))
	if !ok || i < 0 {
		t.Fatalf("%s: no front matter", name)
	}
	page := content.Page{Path: name, Slug: strings.TrimSuffix(filepath.Base(name), ".md")}
	return content.DecodeEvent(name, rest[:i+1], 2, &page, loc, errs)
}

// loadCase reads the activities of a case and its build times ("now").
func loadCase(t testing.TB, a *txtar.Archive, loc *time.Location) (events []*content.Event, nows []time.Time, errs diag.List) {
	for _, f := range a.Files {
		switch {
		case f.Name == "now":
			for l := range strings.SplitSeq(strings.TrimSpace(string(f.Data)), "\n") {
				n, err := ParseNow(strings.TrimSpace(l), loc)
				if err != nil {
					t.Fatal(err)
				}
				nows = append(nows, n)
			}
		case strings.HasPrefix(f.Name, "content/events/"):
			events = append(events, decodeFile(t, f.Name, f.Data, loc, &errs))
		}
	}
	spaces := map[string]bool{}
	for _, s := range testSpaces {
		spaces[s.Slug] = true
	}
	content.CheckEvents(events, spaces, &errs)
	return events, nows, errs
}

// dump writes out what the site would list at each build time.
func dump(t testing.TB, a *txtar.Archive) string {
	loc := shanghai(t)
	events, nows, errs := loadCase(t, a, loc)
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	if len(nows) == 0 {
		t.Fatal(`no "now" section`)
	}
	for i, now := range nows {
		cal := New(events, testSpaces, testSettings(loc), now, &errs)
		if i == 0 {
			for _, d := range errs.Sort() {
				p("%s", d)
			}
			if len(errs.Errors()) > 0 {
				return b.String()
			}
			p("occurrences:")
			for _, o := range cal.All() {
				extra := ""
				if o.Added {
					extra = " (extra)"
				}
				p("  %s %s %s%s", o.Start.Format("2006-01-02 Mon"), o.When(), o.Title, extra)
			}
		}
		p("now %s:", now.Format("2006-01-02 15:04 Mon"))
		p("  listed:")
		for _, d := range cal.Days() {
			p("    %s [%s]", d.Heading(), d.ISO())
			for _, o := range d.Occurrences {
				p("      %s %s @ %s %s end=%s", o.When(), o.Title, o.SpaceTitle, o.StatusText(), o.EndISO())
			}
		}
		p("  standing:")
		for _, e := range cal.Standing() {
			var next []string
			for _, o := range e.Next(3) {
				next = append(next, o.DateText())
			}
			p("    %s: %s, %s; next %s", e.Title, e.Rule(), e.Span(), strings.Join(next, ", "))
		}
		p("  past:")
		for _, e := range cal.Past() {
			p("    %s", e.Title)
		}
		board := cal.Board()
		p("  board %s:", board.Span())
		for _, w := range []struct {
			name string
			days []Day
		}{{"this week", board.ThisWeek}, {"next week", board.NextWeek}} {
			p("    %s:", w.name)
			for _, d := range w.days {
				for _, o := range d.Occurrences {
					p("      %s %s %s %s", d.Heading(), o.When(), o.Title, o.StatusText())
				}
			}
		}
		p("  home:")
		for _, o := range cal.Next(3) {
			p("    %s %s %s", o.DateText(), o.When(), o.Title)
		}
	}
	return b.String()
}

// TestCases compares, for each testdata/cases/*.txtar, what the site lists
// at the case's build times with its "want" section.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(t, a)
			txtartest.Want(t, file, a, "want", got, *update)
		})
	}
}

// TestMachineZone builds every case again with the machine's zone set to
// UTC and to New York, as on a build server or a laptop abroad: the lists
// are the same, because nothing reads the machine's zone.
func TestMachineZone(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	want := map[string]string{}
	for _, file := range files {
		a, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want[file] = dump(t, a)
	}
	saved := time.Local
	defer func() { time.Local = saved }()
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, zone := range []*time.Location{time.UTC, ny} {
		time.Local = zone
		for _, file := range files {
			a, _ := txtar.ParseFile(file)
			if got := dump(t, a); got != want[file] {
				t.Errorf("%s with the machine in %s:\n%s\nwant\n%s", file, zone, got, want[file])
			}
		}
	}
}

// TestJSONLD checks the schema.org data of a case's occurrences against
// its "jsonld" section.
func TestJSONLD(t *testing.T) {
	file := "testdata/jsonld.txtar"
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	loc := shanghai(t)
	events, nows, errs := loadCase(t, a, loc)
	cal := New(events, testSpaces, testSettings(loc), nows[0], &errs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	out, err := json.MarshalIndent(cal.JSONLD(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	txtartest.Want(t, file, a, "want", string(out)+"\n", *update)

	// What Google requires and recommends is there on every one.
	for _, e := range cal.JSONLD() {
		for _, k := range []string{"name", "startDate", "endDate", "location", "eventStatus", "eventAttendanceMode", "organizer", "offers"} {
			if e[k] == nil {
				t.Errorf("%v: no %s", e["name"], k)
			}
		}
		if s := e["startDate"].(string); !strings.HasSuffix(s, "+08:00") {
			t.Errorf("%v: startDate %s without +08:00", e["name"], s)
		}
	}
}

// TestExpandCap stops a series with too many dates at its repeat line.
func TestExpandCap(t *testing.T) {
	loc := shanghai(t)
	var errs diag.List
	ev := decodeFile(t, "content/events/daily.md", []byte("---\ntitle: 每天\nspace: fandeng\nrepeat:\n  weekly: [mon, tue, wed, thu, fri, sat, sun]\n  time: \"9:00\"\n  from: 2026-01-01\n  until: 2027-12-31\n---\n"), loc, &errs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if occs := Expand(ev, loc, &errs); len(occs) != 0 {
		t.Errorf("%d occurrences, want none", len(occs))
	}
	want := "content/events/daily.md:4: repeat: this series has more than 400 dates; shorten it with an earlier until"
	if got := errs.Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestScaffold: the new file has every key and builds as it is.
func TestScaffold(t *testing.T) {
	loc := shanghai(t)
	today := time.Date(2026, 12, 5, 10, 0, 0, 0, loc)
	src := content.EventText("dushuhui", "fandeng", today)
	var errs diag.List
	ev := decodeFile(t, "content/events/dushuhui.md", []byte(src), loc, &errs)
	if len(errs) > 0 {
		t.Fatalf("%v\n%s", errs, src)
	}
	if got := ev.Start.Format("2006-01-02 15:04"); got != "2026-12-05 14:00" {
		t.Errorf("start %s", got)
	}
	for _, k := range []string{"title", "summary", "space", "start", "end", "audience", "booking", "organizer", "status", "sample", "draft"} {
		if !ev.Lines.Has(k) {
			t.Errorf("no %s in\n%s", k, src)
		}
	}
	for _, k := range []string{"capacity:", "repeat:", "weekly:", "time:", "from:", "until:", "except:", "extra:"} {
		if !strings.Contains(src, k) {
			t.Errorf("no %s in\n%s", k, src)
		}
	}
	// The series in comments builds too, once uncommented and start and end gone.
	var series []string
	for l := range strings.SplitSeq(src, "\n") {
		switch {
		case strings.HasPrefix(l, "start:"), strings.HasPrefix(l, "end:"), strings.HasPrefix(l, "# 每周"):
		case strings.HasPrefix(l, "# "):
			series = append(series, l[2:])
		default:
			series = append(series, l)
		}
	}
	errs = nil
	ev = decodeFile(t, "content/events/dushuhui.md", []byte(strings.Join(series, "\n")), loc, &errs)
	if len(errs) > 0 || ev.Repeat == nil {
		t.Fatalf("%v\n%s", errs, strings.Join(series, "\n"))
	}
}
