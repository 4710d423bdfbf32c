package content

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/txtartest"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/events/*.txtar, and pinyin.dat")

// eventSpaces are the space pages the cases may name.
var eventSpaces = map[string]bool{"fandeng": true, "sixianghui": true, "belief": true, "elders": true}

// TestEvents decodes each file of testdata/events/*.txtar as an activity,
// checks them together, and compares the diagnostics and what was read
// with the case's "want" section.
func TestEvents(t *testing.T) {
	files, _ := filepath.Glob("testdata/events/*.txtar")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			a, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var errs diag.List
			var events []*Event
			for _, f := range a.Files {
				if f.Name != "want" {
					events = append(events, decodeEventFile(f.Name, f.Data, loc, &errs))
				}
			}
			CheckEvents(events, eventSpaces, &errs)
			var b strings.Builder
			for _, d := range errs.Sort() {
				fmt.Fprintln(&b, d)
			}
			for _, ev := range events {
				if ev != nil && len(errs.Errors()) == 0 {
					b.WriteString(dumpEvent(ev))
				}
			}
			txtartest.Want(t, file, a, "want", b.String(), *update)
		})
	}
}

// decodeEventFile does for one activity what the loader does for a page.
func decodeEventFile(name string, src []byte, loc *time.Location, errs *diag.List) *Event {
	src = normalize(src)
	fm, fmLine, _, _, d := split(name, src)
	if d != nil {
		*errs = append(*errs, *d)
		return nil
	}
	page := Page{Path: name, Slug: strings.TrimSuffix(filepath.Base(name), ".md")}
	return DecodeEvent(name, fm, fmLine, &page, loc, errs)
}

func dumpEvent(ev *Event) string {
	var b strings.Builder
	const f = "2006-01-02 15:04 -07:00"
	fmt.Fprintf(&b, "%s: %s space=%s status=%s sample=%v\n", ev.Path, ev.Title, ev.Space, ev.Status, ev.Sample)
	if ev.Repeat == nil {
		fmt.Fprintf(&b, "  once %s – %s allDay=%v\n", ev.Start.Format(f), ev.End.Format(f), ev.AllDay)
	} else {
		r := ev.Repeat
		fmt.Fprintf(&b, "  repeat (line %d) weekly=%v monthly=%+v %s-%s from %s until %s\n", r.Line, r.Weekly, r.Monthly, r.Start, r.End,
			r.From.Format(f), r.Until.Format(f))
		for _, x := range r.Except {
			fmt.Fprintf(&b, "  except %s (line %d)\n", x.Format("2006-01-02"), x.Line)
		}
		for _, x := range r.Extra {
			fmt.Fprintf(&b, "  extra %s (line %d)\n", x.Format("2006-01-02"), x.Line)
		}
	}
	fmt.Fprintf(&b, "  audience=%q capacity=%d booking=%+v organizer=%q\n", ev.Audience, ev.Capacity, ev.Booking, ev.Organizer)
	return b.String()
}

// TestMonthlyRule checks which days a monthly rule falls on.
func TestMonthlyRule(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	for _, c := range []struct {
		rule string
		want []string // the days of December 2026 and January 2027
	}{
		{"second tue", []string{"2026-12-08", "2027-01-12"}},
		{"第二个周二", []string{"2026-12-08", "2027-01-12"}},
		{"last fri", []string{"2026-12-25", "2027-01-29"}},
		{"最后一个星期五", []string{"2026-12-25", "2027-01-29"}},
		{"first mon", []string{"2026-12-07", "2027-01-04"}},
		{"31", []string{"2026-12-31", "2027-01-31"}},
		{"10号", []string{"2026-12-10", "2027-01-10"}},
	} {
		m, ok := monthly(c.rule)
		if !ok {
			t.Errorf("%q: not read", c.rule)
			continue
		}
		r := &Repeat{Monthly: m, From: time.Date(2026, 12, 1, 0, 0, 0, 0, loc), Until: time.Date(2027, 1, 31, 0, 0, 0, 0, loc)}
		var got []string
		for d := r.From; !d.After(r.Until); d = d.AddDate(0, 0, 1) {
			if r.On(d) {
				got = append(got, d.Format("2006-01-02"))
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: %v, want %v", c.rule, got, c.want)
		}
	}
	for _, bad := range []string{"fifth tue", "second tuesdai", "0", "32", "第五个周二", "周八"} {
		if _, ok := monthly(bad); ok {
			t.Errorf("%q was read as a rule", bad)
		}
	}
}
