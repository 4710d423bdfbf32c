package content

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhaojiaxiang/site/build/diag"
)

// Activities (活动) live one file each in content/events/: a one-off with
// "start" (and "end"), or a series with "repeat". Their keys, besides
// title, summary, slug, draft and cover:
//
//	sample     true: placeholder content (示例)
//	space      required: the slug of the space it happens in, e.g. fandeng
//	           for content/spaces/fandeng.md; the place's name comes from there
//	start      a one-off's date and time in the site's time zone:
//	           2026-12-10 14:00, or 2026-12-10 for the whole day
//	end        optional: 2026-12-10 15:30; a later date for an activity of
//	           several days. Without it, an activity ends an hour after a
//	           start with a time, or at the end of the day of a start
//	           without one; an end without a time is the end of that day
//	audience   who it is for (参与对象), free text
//	capacity   places (名额): a whole number
//	booking    how to sign up: phone, desk, none, or a web address; or a
//	           group with "how" (phone, desk, none, link), "url" (for
//	           link), "phone" (a number other than the centre's) and "note"
//	organizer  who runs it; the centre when not given
//	status     scheduled (the default), cancelled, postponed or full
//	repeat     a series, instead of start and end:
//	             weekly   days: [mon, thu] or [周一, 周四]
//	             monthly  a day of the month (10), or a weekday of the
//	                      month: "second tue", "last fri", 第二个周二
//	             time     "14:00-15:30", or "14:00" for an hour
//	             from     the first day, 2026-12-01
//	             until    the last day (required: no series runs for ever)
//	             except   days it does not happen: [2027-01-01]
//	             extra    days it happens besides the rule (调休): [2027-02-20]
//
// A monthly day that a month does not have (31 in April) is skipped.

// Status says whether an activity takes place.
type Status string

// The four states an activity can be in.
const (
	Scheduled Status = "scheduled"
	Cancelled Status = "cancelled"
	Postponed Status = "postponed"
	Full      Status = "full"
)

var statuses = []string{string(Scheduled), string(Cancelled), string(Postponed), string(Full)}

// Ways to sign up for an activity.
const (
	BookPhone = "phone"
	BookDesk  = "desk"
	BookNone  = "none"
	BookLink  = "link"
)

var bookingWays = []string{BookPhone, BookDesk, BookNone, BookLink}

// Booking is how residents sign up for an activity.
type Booking struct {
	How   string // phone, desk, none or link; "" when the editor said nothing
	URL   string // where to sign up, for link
	Phone string // a number to call other than the centre's
	Note  string // e.g. 提前一天预约
}

// Event is one activity: a one-off (Start, End) or a series (Repeat).
type Event struct {
	Page
	Space     string    // slug of the space it happens in
	Start     time.Time // a one-off's start in the site's time zone; zero for a series
	End       time.Time // a one-off's end, defaults filled in
	AllDay    bool      // start was given without a time of day
	Audience  string
	Capacity  int // 0: not said
	Booking   Booking
	Organizer string
	Status    Status
	Repeat    *Repeat // nil for a one-off

	startDay, endDay bool // start and end were given without a time of day
}

// Fields are empty: an activity's keys need the file and its lines for the
// lists under "repeat", so the loader asks fieldsAt instead.
func (e *Event) Fields(*Settings) []Field { return nil }

func (e *Event) fieldsAt(path string, fmLine int, set *Settings, errs *diag.List) []Field {
	e.Status = Scheduled
	d := &decoder{path: path, base: fmLine, loc: set.Location, errs: errs}
	return eventFields(e, d, &e.startDay, &e.endDay)
}

func (e *Event) finish(_ string, fmLine int, readable bool, errs *diag.List) {
	if !readable {
		return // nothing more to say
	}
	finishEvent(e, e.startDay, e.endDay, fmLine, errs)
}

// Clock is a time of day in minutes after midnight.
type Clock int

func (c Clock) String() string { return fmt.Sprintf("%d:%02d", int(c)/60, int(c)%60) }

// Monthly is the day of the month a monthly series is on: Day (1 to 31),
// or the Nth Weekday (Nth 1 to 4, or -1 for the last).
type Monthly struct {
	Day     int
	Nth     int
	Weekday time.Weekday
}

// Dated is a day an editor listed, with its line for messages.
type Dated struct {
	time.Time
	Line int
}

// Repeat is the rule of a series.
type Repeat struct {
	Weekly      []time.Weekday // in order Monday to Sunday; empty for a monthly series
	Monthly     Monthly        // zero for a weekly series
	Start, End  Clock
	From, Until time.Time // first and last day, at midnight in the site's time zone
	Except      []Dated
	Extra       []Dated
	Line        int // line of "repeat:"
}

// On reports whether the rule alone (without except and extra) puts the
// series on day, a midnight in the site's time zone.
func (r *Repeat) On(day time.Time) bool {
	if day.Before(r.From) || day.After(r.Until) {
		return false
	}
	if len(r.Weekly) > 0 {
		return slices.Contains(r.Weekly, day.Weekday())
	}
	m := r.Monthly
	if m.Day > 0 {
		return day.Day() == m.Day
	}
	if day.Weekday() != m.Weekday {
		return false
	}
	if m.Nth == -1 {
		return day.AddDate(0, 0, 7).Month() != day.Month()
	}
	return (day.Day()-1)/7+1 == m.Nth
}

// At is the start and end of the series' occurrence on day.
func (r *Repeat) At(day time.Time) (start, end time.Time) {
	y, mo, d := day.Date()
	loc := r.From.Location() // the site's time zone, as every day of the series
	at := func(c Clock) time.Time { return time.Date(y, mo, d, int(c)/60, int(c)%60, 0, 0, loc) }
	return at(r.Start), at(r.End)
}

// Editor-facing messages about activities.
const (
	msgDateTime     = "%q is not a date and time: write it as 2026-12-10 14:00, or 2026-12-10 for the whole day"
	msgDay          = "%q is not a date: write it as 2026-12-10"
	msgEndBefore    = "end: %s is not after the start, %s"
	msgStartRepeat  = `an activity has either "start" (once) or "repeat" (a series), not both`
	msgNoStart      = `missing key "start" (or "repeat" for an activity that happens again and again)`
	msgStatus       = "%q is not a status: use scheduled, cancelled, postponed or full"
	msgCapacity     = "%d is not a number of places: write 1 or more, or leave capacity out"
	msgWeekday      = "%q is not a day of the week: use mon, tue, wed, thu, fri, sat, sun or 周一 … 周日"
	msgMonthly      = "%q is not a day of the month: write a day such as 10, or a weekday such as \"second tue\" or 第二个周二"
	msgWeeklyOr     = `repeat: give "weekly" or "monthly", not both`
	msgWeeklyNone   = `repeat: missing "weekly" (days of the week) or "monthly" (a day of the month)`
	msgTime         = "%q is not a time such as 14:00-15:30"
	msgTimeOrder    = "the end %s is not after the start %s"
	msgUntilBefore  = "until: %s is before from, %s"
	msgBooking      = "%q is not a way to sign up: use phone, desk, none, or a web address starting with https://"
	msgBookingHow   = "%q is not a way to sign up: use phone, desk, none or link"
	msgBookingURL   = `booking: a link needs "url", the web address to sign up at`
	msgURLNotLink   = `booking: "url" is only for "how: link"`
	msgLinkURL      = "%q is not a web address such as https://example.org/form"
	msgEndInSeries  = `a series takes its times from "time" under "repeat": remove "end"`
	msgNotList      = "expected a list such as [2027-01-01, 2027-02-16]"
	msgUnknownSpace = "space: there is no space %q"
	msgSpaceHint    = "use the file name of a page in content/spaces/, such as %s"
	msgExcept       = "except: the series does not happen on %s anyway"
	msgExtra        = "extra: the series already happens on %s"
	msgPastSlug     = "%s is the address of the list of past activities (活动回顾)"
)

var dateTimeLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.RFC3339}

// moment reads a date and time, or a date alone (then day is true).
func moment(p *time.Time, day *bool, loc *time.Location) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
			*p, *day = t, true
			return nil
		}
		for _, l := range dateTimeLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				*p, *day = t.In(loc), false
				return nil
			}
		}
		return diag.Errorf(msgDateTime, s)
	}
}

func dayOf(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), loc)
	if err != nil {
		return time.Time{}, diag.Errorf(msgDay, s)
	}
	return t, nil
}

func dayKey(p *time.Time, loc *time.Location) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		*p, err = dayOf(s, loc)
		return err
	}
}

func status(p *Status) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		s, err := scalar(n)
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if !slices.Contains(statuses, s) {
			if near := nearest(s, statuses); near != "" {
				return diag.Errorf(msgStatus+" (did you mean %q?)", s, near)
			}
			return diag.Errorf(msgStatus, s)
		}
		*p = Status(s)
		return nil
	}
}

func capacity(p *int) func(*yaml.Node) error {
	set := integer(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if *p < 1 {
			return diag.Errorf(msgCapacity, *p)
		}
		return nil
	}
}

var weekdays = map[string]time.Weekday{
	"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday,
	"fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var zhWeekdays = map[string]time.Weekday{
	"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday,
	"五": time.Friday, "六": time.Saturday, "日": time.Sunday, "天": time.Sunday,
}

// weekday reads mon … sun, monday … sunday, 周一 … 周日, 星期一 … 星期日.
func weekday(s string) (time.Weekday, bool) {
	s = strings.TrimSpace(s)
	if d, ok := weekdays[strings.ToLower(s)]; ok {
		return d, true
	}
	for _, p := range []string{"周", "星期", "礼拜"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			d, ok := zhWeekdays[rest]
			return d, ok
		}
	}
	return 0, false
}

var (
	nthWords  = map[string]int{"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}
	zhNthRE   = regexp.MustCompile(`^(?:每月)?第([一二三四1-4])个?(.+)$`)
	zhLastRE  = regexp.MustCompile(`^(?:每月)?最后一个?(.+)$`)
	zhNumbers = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
)

// monthly reads 10, 10号, "second tue", "last fri", 第二个周二, 最后一个周五.
func monthly(s string) (Monthly, bool) {
	s = strings.TrimSpace(s)
	num := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s, "每月"), "号"), "日")
	if d, err := strconv.Atoi(num); err == nil {
		return Monthly{Day: d}, d >= 1 && d <= 31
	}
	if f := strings.Fields(strings.ToLower(s)); len(f) == 2 {
		n, ok1 := nthWords[f[0]]
		d, ok2 := weekday(f[1])
		return Monthly{Nth: n, Weekday: d}, ok1 && ok2
	}
	if m := zhNthRE.FindStringSubmatch(s); m != nil {
		d, ok := weekday(m[2])
		return Monthly{Nth: zhNumbers[m[1]], Weekday: d}, ok
	}
	if m := zhLastRE.FindStringSubmatch(s); m != nil {
		d, ok := weekday(m[1])
		return Monthly{Nth: -1, Weekday: d}, ok
	}
	return Monthly{}, false
}

var timeRangeRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}):(\d{2}))?$`)

// timeRange reads "14:00-15:30", or "14:00" for an hour.
func timeRange(s string) (start, end Clock, err error) {
	m := timeRangeRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, diag.Errorf(msgTime, s)
	}
	clock := func(h, mi string) (Clock, bool) {
		a, _ := strconv.Atoi(h)
		b, _ := strconv.Atoi(mi)
		return Clock(a*60 + b), a < 24 && b < 60
	}
	start, ok := clock(m[1], m[2])
	if !ok {
		return 0, 0, diag.Errorf(msgTime, s)
	}
	if m[3] == "" {
		return start, start + 60, nil
	}
	end, ok = clock(m[3], m[4])
	if !ok && !(m[3] == "24" && m[4] == "00") {
		return 0, 0, diag.Errorf(msgTime, s)
	}
	if end <= start {
		return 0, 0, diag.Errorf(msgTimeOrder, end, start)
	}
	return start, end, nil
}

// decoder carries what the nested values of an event need to report at
// their own lines.
type decoder struct {
	path string
	base int
	loc  *time.Location
	errs *diag.List
}

func (d *decoder) line(n *yaml.Node) int { return d.base + n.Line - 1 }

// keyLine is the line of the key whose value is the group n: the line
// before a block's first key, or the line of a group in braces.
func (d *decoder) keyLine(n *yaml.Node) int {
	if n.Style&yaml.FlowStyle != 0 {
		return d.line(n)
	}
	return d.line(n) - 1
}

// items are the values of a list, or of a single value written without brackets.
func (d *decoder) items(n *yaml.Node) ([]*yaml.Node, error) {
	switch n.Kind {
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, diag.Errorf(msgNotList)
			}
		}
		return n.Content, nil
	case yaml.ScalarNode:
		if n.Value == "" {
			return nil, nil
		}
		return []*yaml.Node{n}, nil
	}
	return nil, diag.Errorf(msgNotList)
}

func (d *decoder) days(key string, p *[]Dated) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		its, err := d.items(n)
		if err != nil {
			return err
		}
		for _, it := range its {
			t, err := dayOf(it.Value, d.loc)
			if err != nil {
				d.errs.Add(d.path, d.line(it), "%s: %v", key, err)
				continue
			}
			*p = append(*p, Dated{t, d.line(it)})
		}
		return nil
	}
}

func (d *decoder) weekly(p *[]time.Weekday) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		its, err := d.items(n)
		if err != nil {
			return err
		}
		for _, it := range its {
			// "mon, thu" written without brackets is one string.
			for s := range strings.SplitSeq(strings.NewReplacer("，", ",", "、", ",").Replace(it.Value), ",") {
				w, ok := weekday(s)
				if !ok {
					d.errs.Add(d.path, d.line(it), "weekly: "+msgWeekday, strings.TrimSpace(s))
					continue
				}
				if !slices.Contains(*p, w) {
					*p = append(*p, w)
				}
			}
		}
		slices.SortFunc(*p, func(a, b time.Weekday) int { return (int(a)+6)%7 - (int(b)+6)%7 })
		if len(its) == 0 {
			return diag.Errorf("give at least one day, such as [thu]")
		}
		return nil
	}
}

func (d *decoder) repeat(r *Repeat) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.MappingNode {
			return diag.Errorf(`expected a group of keys: weekly or monthly, time, from, until`)
		}
		r.Line = d.keyLine(n) // set again from the key's line when decoded
		var when, month string
		lines := decodeMap(d.path, n, d.base, r.Line, []Field{
			{Name: "weekly", Set: d.weekly(&r.Weekly)},
			{Name: "monthly", Set: str(&month)},
			{Name: "time", Required: true, Set: str(&when)},
			{Name: "from", Required: true, Set: dayKey(&r.From, d.loc)},
			{Name: "until", Required: true, Set: dayKey(&r.Until, d.loc)},
			{Name: "except", Set: d.days("except", &r.Except)},
			{Name: "extra", Set: d.days("extra", &r.Extra)},
		}, d.errs)
		w := lines.Has("weekly")
		l, m := lines.At("monthly"), lines.Has("monthly")
		switch {
		case w && m:
			d.errs.Add(d.path, l, msgWeeklyOr)
		case !w && !m:
			d.errs.Add(d.path, r.Line, msgWeeklyNone)
		case m:
			var ok bool
			if r.Monthly, ok = monthly(month); !ok {
				d.errs.Add(d.path, l, "monthly: "+msgMonthly, month)
			}
		}
		if l := lines.At("time"); l > 0 {
			var err error
			if r.Start, r.End, err = timeRange(when); err != nil {
				d.errs.Add(d.path, l, "time: %v", err)
			}
		}
		if l := lines.At("until"); l > 0 && !r.From.IsZero() && r.Until.Before(r.From) {
			d.errs.Add(d.path, l, msgUntilBefore, r.Until.Format("2006-01-02"), r.From.Format("2006-01-02"))
		}
		return nil
	}
}

func (d *decoder) booking(b *Booking) func(*yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind == yaml.ScalarNode {
			s := strings.TrimSpace(n.Value)
			switch {
			case s == BookPhone || s == BookDesk || s == BookNone:
				b.How = s
			case linkURL(s) == nil:
				b.How, b.URL = BookLink, s
			default:
				return diag.Errorf(msgBooking, s)
			}
			return nil
		}
		if n.Kind != yaml.MappingNode {
			return diag.Errorf(msgBooking, n.Value)
		}
		at := d.keyLine(n)
		lines := decodeMap(d.path, n, d.base, at, []Field{
			{Name: "how", Required: true, Set: nonEmpty(&b.How)},
			{Name: "url", Set: nonEmpty(&b.URL)},
			{Name: "phone", Set: nonEmpty(&b.Phone)},
			{Name: "note", Set: str(&b.Note)},
		}, d.errs)
		if l := lines.At("how"); l > 0 && b.How != "" && !slices.Contains(bookingWays, b.How) {
			d.errs.Add(d.path, l, "how: "+msgBookingHow, b.How)
		}
		hasURL := lines.Has("url")
		if b.How == BookLink && !hasURL {
			d.errs.Add(d.path, at, msgBookingURL)
		}
		if hasURL && b.How != BookLink && b.How != "" {
			d.errs.Add(d.path, lines.At("url"), msgURLNotLink)
		}
		if hasURL && b.URL != "" {
			if err := linkURL(b.URL); err != nil {
				d.errs.Add(d.path, lines.At("url"), "url: %v", err)
			}
		}
		return nil
	}
}

// linkURL checks a sign-up address: any http or https page, a query
// included (sign-up forms often have one).
func linkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return diag.Errorf(msgLinkURL, s)
	}
	return nil
}

// eventFields are the keys an activity has besides those of every page.
func eventFields(ev *Event, d *decoder, startDay, endDay *bool) []Field {
	return []Field{
		{Name: "space", Required: true, Set: nonEmpty(&ev.Space)},
		{Name: "start", Set: moment(&ev.Start, startDay, d.loc)},
		{Name: "end", Set: moment(&ev.End, endDay, d.loc)},
		{Name: "audience", Set: str(&ev.Audience)},
		{Name: "capacity", Set: capacity(&ev.Capacity)},
		{Name: "booking", Set: d.booking(&ev.Booking)},
		{Name: "organizer", Set: str(&ev.Organizer)},
		{Name: "status", Set: status(&ev.Status)},
		{Name: "repeat", Set: func(n *yaml.Node) error {
			ev.Repeat = &Repeat{}
			return d.repeat(ev.Repeat)(n)
		}},
	}
}

// DecodeEvent reads an activity's front matter fm (whose first line is
// file line fmLine) into a new Event on page, which the loader has filled
// with the file's path and slug; the keys' lines are set on page as well.
// Times are read in loc, the site's time zone. Every problem goes to errs
// at its line; the Event is complete only when there was none.
func DecodeEvent(path string, fm []byte, fmLine int, page *Page, loc *time.Location, errs *diag.List) *Event {
	// The loader's own steps (loadFile), for the tests of activities.
	ev := &Event{Page: *page}
	fields := append(commonFields(&ev.Page, false), ev.fieldsAt(path, fmLine, &Settings{Location: loc}, errs)...)
	var readable bool
	ev.Lines, readable = decode(path, fm, fmLine, fields, errs)
	ev.finish("", fmLine, readable, errs)
	*page = ev.Page
	return ev
}

// finishEvent checks what concerns several keys and fills in the end.
func finishEvent(ev *Event, startDay, endDay bool, fmLine int, errs *diag.List) {
	hasStart, hasEnd := ev.Lines.Has("start"), ev.Lines.Has("end")
	repeatLine, hasRepeat := ev.Lines.At("repeat"), ev.Lines.Has("repeat")
	switch {
	case hasStart && hasRepeat:
		errs.Add(ev.Path, repeatLine, msgStartRepeat)
	case hasRepeat && hasEnd:
		errs.Add(ev.Path, ev.Line("end"), msgEndInSeries)
	case !hasStart && !hasRepeat:
		errs.Add(ev.Path, fmLine, msgNoStart)
	}
	if hasRepeat && ev.Repeat != nil {
		ev.Repeat.Line = repeatLine
	}
	if !hasStart || ev.Start.IsZero() {
		return
	}
	ev.AllDay = startDay
	switch {
	case hasEnd && ev.End.IsZero(): // unreadable, reported
	case !hasEnd && startDay:
		ev.End = ev.Start.AddDate(0, 0, 1)
	case !hasEnd:
		ev.End = ev.Start.Add(time.Hour)
	case endDay:
		ev.End = ev.End.AddDate(0, 0, 1)
		if !ev.End.After(ev.Start) {
			errs.Add(ev.Path, ev.Line("end"), msgEndBefore, ev.End.AddDate(0, 0, -1).Format("2006-01-02"), written(ev.Start, startDay))
		}
	case !ev.End.After(ev.Start):
		errs.Add(ev.Path, ev.Line("end"), msgEndBefore, ev.End.Format("2006-01-02 15:04"), written(ev.Start, startDay))
	}
}

// written is a time as an editor writes it: with or without the time of day.
func written(t time.Time, day bool) string {
	if day {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04")
}

// CheckEvents checks what needs the whole site: that every activity's space
// exists (spaces holds the slugs of the space pages), and that the days a
// series lists as except are days it would happen, and its extra days are not.
func CheckEvents(events []*Event, spaces map[string]bool, errs *diag.List) {
	var sorted []string // the spaces' names, sorted for a hint when needed
	slugs := func() []string {
		if sorted == nil {
			sorted = slices.Sorted(maps.Keys(spaces))
		}
		return sorted
	}
	for _, ev := range events {
		if ev.Slug == PastEventsSlug {
			errs.Add(ev.Path, ev.Line("slug"), msgPastSlug, ev.URL())
			(*errs)[len(*errs)-1].Hint = `give the file another name, or add a key such as "slug: past-2026"`
		}
		if ev.Space != "" && !spaces[ev.Space] {
			errs.Add(ev.Path, ev.Line("space"), msgUnknownSpace, ev.Space)
			if near := nearest(ev.Space, slugs()); near != "" {
				errs.Hintf("did you mean %q?", near)
			} else if len(slugs()) > 0 {
				errs.Hintf(msgSpaceHint, strings.Join(slugs()[:min(3, len(slugs()))], ", "))
			}
		}
		r := ev.Repeat
		if r == nil || r.From.IsZero() || r.Until.IsZero() {
			continue
		}
		for _, x := range r.Except {
			if !r.On(x.Time) {
				errs.Warn(ev.Path, x.Line, msgExcept, x.Format("2006-01-02"))
			}
		}
		for _, x := range r.Extra {
			if r.On(x.Time) {
				errs.Warn(ev.Path, x.Line, msgExtra, x.Format("2006-01-02"))
			}
		}
	}
}

// PastEventsSlug is the address under /events/ of the list of past
// activities, which no activity can have.
const PastEventsSlug = "past"

// URL is the site path of an activity's page, e.g. "/events/dushuhui/".
func (e *Event) URL() string { return "/events/" + e.Slug + "/" }

// EventText is the text of a new activity file named name (what "site new
// event NAME" writes to content/events/NAME.md): every key, today at 14:00
// in the site's time zone, in space (the first space's slug), and a series
// left in comments. It builds as it is.
func EventText(name, space string, today time.Time) string {
	day := today.Format(time.DateOnly)
	return fmt.Sprintf(`---
title: %s             # 活动主题,请改成中文 · the activity's title
summary: ""           # 一句话介绍(可不填)
space: %s             # 在哪个空间:content/spaces/ 里的文件名,如 fandeng
start: %s 14:00   # 开始:日期和时间;只写日期表示全天
end: %s 15:30     # 结束(可不填:默认一小时后)
audience: ""          # 参与对象,如 70周岁以上园区户籍老人
# capacity: 30        # 名额:整数(可不填)
booking:              # 怎么报名
  how: desk           # phone 电话预约 / desk 服务台报名 / none 无需报名 / link 网上报名
  note: ""            # 补充说明,如 提前一天报名;网上报名另写 url: https://…
organizer: ""         # 主办单位(不填即本中心)
status: scheduled     # scheduled 照常 / cancelled 已取消 / postponed 延期 / full 已满
sample: false         # true:示例内容
draft: false          # true:先不发布
# 每周或每月都有的活动:删掉上面的 start 和 end,改用下面几行(去掉行首的 #)。
# repeat:
#   weekly: [周四]           # 星期几,可写几天:[周二, 周四];或者 monthly: 第二个周二 / 10
#   time: "14:00-15:30"
#   from: %s
#   until: %s         # 最后一天,必须写
#   except: []               # 哪几天不办,如 [2027-01-01]
#   extra: []                # 额外加的日子(调休),如 [2027-02-20]
---

在这里写活动内容、温馨提示(如:请携带医保卡)。
`, name, space, day, day, day, time.Date(today.Year(), 12, 31, 0, 0, 0, 0, today.Location()).Format(time.DateOnly))
}

func scaffoldEvent(s *Site, name string, today time.Time) (string, []string) {
	space := "fandeng"
	if len(s.SpaceList) > 0 {
		space = s.SpaceList[0].Slug
	}
	return EventText(name, space, today.In(s.Settings.Location)), []string{"set the space, the start and the end, write what happens, and save"}
}
