// Package event turns the activities of content/events/ into what the
// site lists: their occurrences, by day, upcoming and past, in plain words
// and as schema.org data.
//
// Every list shows occurrences, not rules: a one-off activity is one
// occurrence, a series is one for each day of its rule from "from" to
// "until", less the "except" days, plus the "extra" days. All times are in
// the site's time zone, whatever the zone of the machine that builds.
//
// What is upcoming depends on when the site is built ("now"): an
// occurrence is upcoming until its end has passed, so an activity of the
// evening stays on today's list until it is over. Between builds, a small
// script in the page hides what has ended since (each item carries its end
// as data-end) and corrects 今天 and 明天; the page reads fully without it.
package event

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
)

// MaxOccurrences is the most occurrences one series may have: a year of
// daily activities. More is almost surely a mistake in from or until.
const MaxOccurrences = 400

// Horizon is how far ahead /events/ lists the occurrences of a series;
// one-off activities are listed however far ahead they are.
const Horizon = 28 * 24 * time.Hour

// Editor-facing messages of this package.
const (
	msgTooMany = "repeat: this series has more than %d dates; shorten it with an earlier until"
)

// Occurrence is one time an activity takes place.
type Occurrence struct {
	*Entry
	Start, End time.Time // in the site's time zone
	AllDay     bool
	Added      bool // one of the series' extra days
}

// Expand lists the occurrences of ev, in order, in loc. A series with more
// than MaxOccurrences is an error at its repeat line, and gives none.
func Expand(ev *content.Event, loc *time.Location, errs *diag.List) []Occurrence {
	return expand(&Entry{Event: ev}, loc, errs)
}

func expand(e *Entry, loc *time.Location, errs *diag.List) []Occurrence {
	ev := e.Event
	r := ev.Repeat
	if r == nil {
		if ev.Start.IsZero() {
			return nil
		}
		return []Occurrence{{Entry: e, Start: ev.Start.In(loc), End: ev.End.In(loc), AllDay: ev.AllDay}}
	}
	if r.From.IsZero() || r.Until.IsZero() || r.Until.Before(r.From) {
		return nil
	}
	skip := map[string]bool{}
	for _, x := range r.Except {
		skip[x.Format(time.DateOnly)] = true
	}
	var out []Occurrence
	add := func(day time.Time, added bool) bool {
		if len(out) == MaxOccurrences {
			errs.Add(ev.Path, r.Line, msgTooMany, MaxOccurrences)
			out = nil
			return false
		}
		s, en := r.At(day)
		out = append(out, Occurrence{Entry: e, Start: s.In(loc), End: en.In(loc), Added: added})
		return true
	}
	y, m, d := r.From.Date()
	for i := 0; ; i++ {
		// Counting days with time.Date stays on midnights whatever the
		// zone does with its clocks.
		day := time.Date(y, m, d+i, 0, 0, 0, 0, r.From.Location())
		if day.After(r.Until) {
			break
		}
		if r.On(day) && !skip[day.Format(time.DateOnly)] && !add(day, false) {
			return nil
		}
	}
	for _, x := range r.Extra {
		if !r.On(x.Time) && !skip[x.Format(time.DateOnly)] && !add(x.Time, true) {
			return nil
		}
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	return out
}

// compare orders occurrences by start, then end, then file.
func compare(a, b Occurrence) int {
	return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), strings.Compare(a.Event.Path, b.Event.Path))
}

// Upcoming is the occurrences that have not ended at now, earliest first.
func Upcoming(occs []Occurrence, now time.Time) []Occurrence {
	var out []Occurrence
	for _, o := range occs {
		if o.End.After(now) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, compare)
	return out
}

// Midnight is the start of t's day in loc.
func Midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// DateText is a day as the lists show it: 12月10日 周四.
func DateText(t time.Time) string {
	return fmt.Sprintf("%d月%d日 %s", t.Month(), t.Day(), weekdayNames[t.Weekday()])
}

// Day is the occurrences of one day.
type Day struct {
	Date        time.Time // midnight
	Label       string    // 今天, 明天, or the date: 12月10日 周四
	Text        string    // the date, always: 12月10日 周四
	Occurrences []Occurrence
}

// ISO is the day as 2026-12-10, for data-day and <time datetime>.
func (d Day) ISO() string { return d.Date.Format(time.DateOnly) }

// Heading is what a day's heading says: 今天 · 12月10日 周四, or the date.
func (d Day) Heading() string {
	if d.Label != d.Text {
		return d.Label + " · " + d.Text
	}
	return d.Text
}

// ByDay groups occurrences by the day they start in loc, with today and
// tomorrow named as such. An activity of several days that began before
// today is listed under today.
func ByDay(occs []Occurrence, now time.Time, loc *time.Location) []Day {
	today := Midnight(now, loc)
	tomorrow := today.AddDate(0, 0, 1)
	return group(occs, today, loc, func(d time.Time) string {
		switch {
		case d.Equal(today):
			return "今天"
		case d.Equal(tomorrow):
			return "明天"
		}
		return DateText(d)
	})
}

// group groups occurrences by the day they start, or floor if later.
func group(occs []Occurrence, floor time.Time, loc *time.Location, label func(time.Time) string) []Day {
	occs = slices.Clone(occs)
	slices.SortFunc(occs, compare)
	var days []Day
	for _, o := range occs {
		// In start order, so the days come in order too.
		d := Midnight(o.Start, loc)
		if d.Before(floor) {
			d = floor
		}
		if n := len(days); n > 0 && days[n-1].Date.Equal(d) {
			days[n-1].Occurrences = append(days[n-1].Occurrences, o)
			continue
		}
		days = append(days, Day{Date: d, Label: label(d), Text: DateText(d), Occurrences: []Occurrence{o}})
	}
	return days
}

// Week is the Monday that starts the week of t in loc.
func Week(t time.Time, loc *time.Location) time.Time {
	d := Midnight(t, loc)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// Board is what the notice board sheet shows: this week's and next week's
// activities, Monday to Sunday.
type Board struct {
	From, To time.Time // this Monday, and the Sunday after next
	ThisWeek []Day
	NextWeek []Day
	Series   []*Entry // the series among them, each once, for their details
}

// Span is the fortnight in words: 12月7日至12月20日.
func (b Board) Span() string {
	return fmt.Sprintf("%d月%d日至%d月%d日", b.From.Month(), b.From.Day(), b.To.Month(), b.To.Day())
}

// NoticeBoard selects the occurrences of this week and the next (weeks
// start on Monday), the whole of both weeks, so that a sheet printed on
// Wednesday still shows Monday.
func NoticeBoard(occs []Occurrence, now time.Time, loc *time.Location) Board {
	mon := Week(now, loc)
	next := mon.AddDate(0, 0, 7)
	end := mon.AddDate(0, 0, 14)
	var this, later []Occurrence
	for _, o := range occs {
		s := Midnight(o.Start, loc)
		switch {
		case o.End.After(mon) && s.Before(next):
			this = append(this, o)
		case !s.Before(next) && s.Before(end):
			later = append(later, o)
		}
	}
	var series []*Entry
	for _, o := range append(slices.Clone(this), later...) {
		if o.Repeat != nil && !slices.Contains(series, o.Entry) {
			series = append(series, o.Entry)
		}
	}
	// The sheet hangs for days: no 今天 or 明天 on it.
	return Board{From: mon, To: end.AddDate(0, 0, -1), Series: series,
		ThisWeek: group(this, mon, loc, DateText), NextWeek: group(later, next, loc, DateText)}
}

// MidnightISO is the start of the day, for data-day: site.js says 今天 or
// 明天 from it by the reader's clock.
func (d Day) MidnightISO() string { return d.Date.Format(time.RFC3339) }
