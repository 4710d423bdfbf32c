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

// Centre is what the structured data says about the centre itself.
type Centre struct {
	Name    string // site.yaml title
	Address string
	Phone   string
	URL     string // the build's base URL, ending in "/"
}

// Entry is an activity with what the site shows about it.
type Entry struct {
	*content.Event
	SpaceTitle  string // the space's page title; the slug when it has none
	SpaceURL    string // /spaces/<slug>/
	Occurrences []Occurrence
	cal         *Calendar
}

// Calendar is every activity of the site at the time of the build, as the
// layouts read it (.Site.Events when wired).
type Calendar struct {
	Now     time.Time
	Loc     *time.Location
	Centre  Centre
	Entries []*Entry // by file
	all     []Occurrence
	coming  []Occurrence // the upcoming ones of all, worked out once
}

// New expands every activity. spaces gives the places' names; now is the
// time of the build, which decides what is upcoming. Problems (a series too
// long) go to errs.
func New(events []*content.Event, spaces []*content.Space, set content.Settings, now time.Time, errs *diag.List) *Calendar {
	loc := set.Location
	if loc == nil {
		loc = time.UTC
	}
	c := &Calendar{Now: now.In(loc), Loc: loc,
		Centre: Centre{Name: set.Title, Address: set.Address, Phone: set.Phone, URL: set.BaseURL}}
	titles := map[string]*content.Space{}
	for _, s := range spaces {
		titles[s.Slug] = s
	}
	events = slices.Clone(events)
	slices.SortStableFunc(events, func(a, b *content.Event) int { return strings.Compare(a.Path, b.Path) })
	for _, ev := range events {
		e := &Entry{Event: ev, SpaceTitle: ev.Space, SpaceURL: "/spaces/" + ev.Space + "/", cal: c}
		if s := titles[ev.Space]; s != nil {
			e.SpaceTitle, e.SpaceURL = s.Title, s.URL()
		}
		e.Occurrences = expand(e, loc, errs)
		c.Entries = append(c.Entries, e)
		c.all = append(c.all, e.Occurrences...)
	}
	slices.SortFunc(c.all, compare) // compare is total: no two occurrences of a file start at once
	c.coming = Upcoming(c.all, c.Now)
	return c
}

// ParseNow reads the -now flag: a day (2026-12-10, its first minute) or a
// day and time (2026-12-10 14:00), in loc.
func ParseNow(s string, loc *time.Location) (time.Time, error) {
	for _, l := range []string{time.DateOnly, "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, diag.Errorf("%q is not a day such as 2026-12-10", s)
}

// All is every occurrence, earliest first.
func (c *Calendar) All() []Occurrence { return c.all }

// Upcoming is every occurrence that has not ended.
func (c *Calendar) Upcoming() []Occurrence { return c.coming }

// Listed is what /events/ lists: what has not ended, of a series only
// within the Horizon, of one-off activities all.
func (c *Calendar) Listed() []Occurrence {
	var out []Occurrence
	for _, o := range c.Upcoming() {
		if o.Repeat == nil || o.Start.Before(c.Now.Add(Horizon)) {
			out = append(out, o)
		}
	}
	return out
}

// Days is Listed grouped by day.
func (c *Calendar) Days() []Day { return ByDay(c.Listed(), c.Now, c.Loc) }

// Next is the first n upcoming occurrences, for the home page.
func (c *Calendar) Next(n int) []Occurrence {
	u := c.Upcoming()
	return u[:min(n, len(u))]
}

// ForSpace is the first n upcoming occurrences at the space slug.
func (c *Calendar) ForSpace(slug string, n int) []Occurrence {
	var out []Occurrence
	for _, o := range c.Upcoming() {
		if len(out) == n {
			break
		}
		if o.Space == slug {
			out = append(out, o)
		}
	}
	return out
}

// Standing is the series still running, for the block that says in plain
// words what happens every week or month.
func (c *Calendar) Standing() []*Entry {
	var out []*Entry
	for _, e := range c.Entries {
		if e.Repeat != nil && len(e.Upcoming()) > 0 {
			out = append(out, e)
		}
	}
	return out
}

// Past is the activities that are over, the latest first: 活动回顾. A series
// is there once its last date has passed.
func (c *Calendar) Past() []*Entry {
	var out []*Entry
	for _, e := range c.Entries {
		if e.Ended() {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Entry) int {
		return b.Occurrences[len(b.Occurrences)-1].End.Compare(a.Occurrences[len(a.Occurrences)-1].End)
	})
	return out
}

// Board is this week's and next week's activities, for the notice board.
func (c *Calendar) Board() Board { return NoticeBoard(c.all, c.Now, c.Loc) }

// Entry is the activity whose page has the slug, or nil.
func (c *Calendar) Entry(slug string) *Entry {
	for _, e := range c.Entries {
		if e.Slug == slug {
			return e
		}
	}
	return nil
}

// UTCOffset is the site zone's offset at the build, +08:00, for the script
// that works out today's date on the reader's phone.
func (c *Calendar) UTCOffset() string { return c.Now.Format("-07:00") }

// Today is the day of the build: 12月10日 周四.
func (c *Calendar) Today() string { return DateText(c.Now) }

// JSONLD is the schema.org data of every occurrence /events/ lists.
func (c *Calendar) JSONLD() []map[string]any {
	var out []map[string]any
	for _, o := range c.Listed() {
		out = append(out, JSONLD(o, c.Centre))
	}
	return out
}

// Upcoming is the activity's occurrences that have not ended.
func (e *Entry) Upcoming() []Occurrence { return Upcoming(e.Occurrences, e.cal.Now) }

// Next is the first n of Upcoming.
func (e *Entry) Next(n int) []Occurrence {
	u := e.Upcoming()
	return u[:min(n, len(u))]
}

// Ended reports whether every occurrence has ended.
func (e *Entry) Ended() bool {
	return len(e.Occurrences) > 0 && !e.Occurrences[len(e.Occurrences)-1].End.After(e.cal.Now)
}

// JSONLD is the schema.org data of the activity's upcoming occurrences.
func (e *Entry) JSONLD() []map[string]any {
	var out []map[string]any
	for _, o := range e.Upcoming() {
		out = append(out, JSONLD(o, e.cal.Centre))
	}
	return out
}

// Rule says in words when a series happens: 每周四 14:00–15:30.
func (e *Entry) Rule() string {
	if e.Repeat == nil {
		return ""
	}
	return Describe(e.Repeat)
}

// Span is the days a series runs: 12月1日至12月31日 (with the year when it
// is not the year of the build).
func (e *Entry) Span() string {
	if e.Repeat == nil {
		return ""
	}
	return e.cal.span(e.Repeat.From, e.Repeat.Until)
}

func (c *Calendar) span(from, until time.Time) string {
	day := func(t time.Time) string {
		if t.Year() != c.Now.Year() {
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		}
		return fmt.Sprintf("%d月%d日", t.Month(), t.Day())
	}
	return day(from) + "至" + day(until)
}

// Status words for activities that do not go ahead as planned.
var statusText = map[content.Status]string{
	content.Cancelled: "已取消",
	content.Postponed: "延期",
	content.Full:      "已满",
}

// StatusText is 已取消, 延期 or 已满; "" for an activity going ahead.
func (e *Entry) StatusText() string { return statusText[e.Status] }

// Booking words.
var bookingText = map[string]string{
	content.BookPhone: "电话预约",
	content.BookDesk:  "到服务台报名",
	content.BookNone:  "无需报名,直接参加",
	content.BookLink:  "网上报名",
}

// BookingText is how to sign up in words; "" when the editor said nothing.
func (e *Entry) BookingText() string { return bookingText[e.Booking.How] }

// BookingPhone is the number to call for an activity booked by phone: its
// own, or the centre's; "" when neither is known.
func (e *Entry) BookingPhone() string {
	if e.Booking.How != content.BookPhone {
		return ""
	}
	return cmp.Or(e.Booking.Phone, e.cal.Centre.Phone)
}

// OrganizerName is who runs the activity: the editor's organizer or the centre.
func (e *Entry) OrganizerName() string { return cmp.Or(e.Organizer, e.cal.Centre.Name) }

// DateText is the day the occurrence starts: 12月10日 周四.
func (o Occurrence) DateText() string { return DateText(o.Start) }

// When is the time of the occurrence as the lists show it under its day:
// 14:00–15:30, 全天, or its first and last day for several days.
func (o Occurrence) When() string {
	lastDay := o.End.Add(-time.Nanosecond)
	sameDay := Midnight(o.Start, o.Start.Location()).Equal(Midnight(lastDay, o.Start.Location()))
	switch {
	case o.AllDay && sameDay:
		return "全天"
	case o.AllDay:
		return DateText(o.Start) + " 至 " + DateText(lastDay)
	case sameDay:
		return clock(o.Start) + "–" + endClock(o.End)
	}
	return DateText(o.Start) + " " + clock(o.Start) + " 至 " + DateText(lastDay) + " " + endClock(o.End)
}

func clock(t time.Time) string { return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute()) }

// endClock is clock, but midnight ends the day before: 24:00.
func endClock(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 {
		return "24:00"
	}
	return clock(t)
}

// StartISO and EndISO are the occurrence's times for <time datetime> and
// data-end: 2026-12-10T14:00:00+08:00.
func (o Occurrence) StartISO() string { return o.Start.Format(time.RFC3339) }

// EndISO: see StartISO.
func (o Occurrence) EndISO() string { return o.End.Format(time.RFC3339) }

// Day is the day the occurrence starts, 2026-12-10.
func (o Occurrence) Day() string { return o.Start.Format(time.DateOnly) }

// StatusClass is the class that marks an activity not going ahead as
// planned: is-cancelled, is-postponed, is-full; "" otherwise.
func (e *Entry) StatusClass() string {
	if e.Status == content.Scheduled || e.Status == "" {
		return ""
	}
	return "is-" + string(e.Status)
}

// Full is the occurrence's day and time: 12月10日 周四 14:00–15:30, or its
// first and last day for one of several days.
func (o Occurrence) Full() string {
	w := o.When()
	if strings.HasPrefix(w, o.DateText()) {
		return w
	}
	return o.DateText() + " " + w
}

// DayISO is the start of the occurrence's day, for data-day: site.js says
// 今天 or 明天 from it by the reader's clock.
func (o Occurrence) DayISO() string {
	return Midnight(o.Start, o.Start.Location()).Format(time.RFC3339)
}

// DayHeading is the occurrence's day as of the build: 今天 · 12月10日 周四,
// 明天 · …, or the date.
func (o Occurrence) DayHeading() string {
	return ByDay([]Occurrence{o}, o.cal.Now, o.cal.Loc)[0].Heading()
}
