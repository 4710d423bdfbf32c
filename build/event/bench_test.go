package event

import (
	"fmt"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
)

// BenchmarkCalendar expands 100 series, each on two days a week for a
// year, and 300 one-off activities, and lists them as /events/ does.
func BenchmarkCalendar(b *testing.B) {
	loc := shanghai(b)
	var events []*content.Event
	var errs diag.List
	for i := range 100 {
		src := fmt.Sprintf("---\ntitle: 系列%d\nspace: fandeng\nrepeat:\n  weekly: [tue, thu]\n  time: \"14:00-15:30\"\n  from: 2026-01-01\n  until: 2026-12-31\n  except: [2026-10-01]\n---\n", i)
		events = append(events, decodeFile(b, fmt.Sprintf("content/events/s%d.md", i), []byte(src), loc, &errs))
	}
	for i := range 300 {
		src := fmt.Sprintf("---\ntitle: 活动%d\nspace: elders\nstart: 2026-%02d-%02d 09:00\n---\n", i, i%12+1, i%28+1)
		events = append(events, decodeFile(b, fmt.Sprintf("content/events/o%d.md", i), []byte(src), loc, &errs))
	}
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	now := time.Date(2026, 6, 10, 10, 0, 0, 0, loc)
	b.ReportAllocs()
	for b.Loop() {
		cal := New(events, testSpaces, testSettings(loc), now, &errs)
		_ = cal.Days()
		_ = cal.Board()
		_ = cal.JSONLD()
	}
}
