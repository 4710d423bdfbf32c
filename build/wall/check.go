package wall

import (
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/qr"
)

// Site is what Check needs to know of a build.
type Site struct {
	Settings *content.Settings
	Printed  *content.Printed
	Clips    []*content.Clip // every clip the build publishes, retired ones too
	Static   []string        // files of static/, slash-separated, relative to static/
	// Forwards holds every short path the build forwards, e.g. "/L/3" and
	// "/l/3", with the page each leads to.
	Forwards map[string]string
}

// Check reports every change that would break a printed code. Each message
// says what to do about it.
func Check(s Site) diag.List {
	var errs diag.List
	if s.Printed == nil {
		return errs
	}
	stops := s.Printed.Stops()
	numbers := make([]int, 0, len(stops))
	for n := range stops {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)

	checkURLs(s, numbers, stops, &errs)

	byStop := map[int]*content.Clip{}
	for _, c := range s.Clips {
		byStop[c.Stop] = c
	}
	next := content.NextStop(s.Clips, s.Printed)
	free := diag.Part("give this clip a number never printed, such as %d", next)

	for _, n := range numbers {
		recs := stops[n]
		last := recs[len(recs)-1]
		holder := byStop[n]
		if holder != nil && same(holder, recs) {
			checkForward(s, n, holder, last, &errs)
			continue
		}
		// The printed clip may still be here under another number.
		var moved *content.Clip
		for _, c := range s.Clips {
			if c != holder && c.Stop != n && same(c, recs) && !same(c, stops[c.Stop]) {
				moved = c
				break
			}
		}
		if moved != nil {
			errs.Add(moved.Path, moved.Line("stop"), "stop %d: this clip was printed as stop %d on %s, and its placard on the wall says %d", moved.Stop, n, last.Date, n)
			errs.Hintf(`put back "stop: %d": a printed number belongs to its clip for good`, n)
		}
		if holder != nil {
			errs.Add(holder.Path, holder.Line("stop"), "stop %d is printed on the wall for %q (%s, printed %s); its code would lead to this clip instead", n, last.Title, last.Page, last.Date)
			errs.Hintf("%v; if this is the same clip renamed, keep its old title or its old address until new placards are printed and recorded", free)
			continue
		}
		if moved == nil {
			errs.Add(content.PrintedFile, last.Line, "stop %d (%q) was printed on %s, but no clip has stop %d now: its code would lead nowhere", n, last.Title, last.Date, n)
			errs.Hintf(`put the clip back with "stop: %d", or keep its file and add "retired: true" so the code leads to a page saying where to go instead`, n)
		}
	}
	return errs
}

// same tells whether clip c is the clip of these printed codes: it kept the
// page address or the title it had in one of the print runs.
func same(c *content.Clip, recs []content.PrintedCode) bool {
	for _, r := range recs {
		if r.Page == c.URL() || r.Title == c.Title {
			return true
		}
	}
	return false
}

// checkURLs compares what each printed code holds with what the build gives
// it now: the production URL followed by the short path of its stop.
func checkURLs(s Site, numbers []int, stops map[int][]content.PrintedCode, errs *diag.List) {
	type group struct {
		prefix string
		stops  []int
		date   string
	}
	var groups []*group
	for _, n := range numbers {
		for _, r := range stops[n] {
			prefix, ok := strings.CutSuffix(r.URL, qr.ShortPath(n))
			if !ok {
				errs.Add(content.PrintedFile, r.Lines.At("url"), "url: %s is not the short URL of stop %d, which ends in %s", r.URL, n, qr.ShortPath(n))
				(*errs)[len(*errs)-1].Hint = "this file is written by \"site print record\"; undo the hand edit"
				continue
			}
			if sameSite(prefix, s.Settings.ProductionURL) {
				continue
			}
			i := slices.IndexFunc(groups, func(g *group) bool { return g.prefix == prefix })
			if i < 0 {
				groups = append(groups, &group{prefix: prefix, date: r.Date})
				i = len(groups) - 1
			}
			if g := groups[i]; !slices.Contains(g.stops, n) {
				g.stops = append(g.stops, n)
			}
		}
	}
	for _, g := range groups {
		list := make([]string, len(g.stops))
		for i, n := range g.stops {
			list[i] = strconv.Itoa(n)
		}
		errs.Add(content.SettingsFile, s.Settings.Lines.At("productionURL"),
			"productionURL is %s, but the printed codes of stops %s hold %s (first printed %s); they would stop working",
			s.Settings.ProductionURL, strings.Join(list, ", "), g.prefix+"/L/…", g.date)
		errs.Hintf("put back \"productionURL: %s\": a printed code never changes, so the site must stay at the address it holds", g.prefix)
	}
}

// sameSite tells whether two production URLs give the same short URLs: the
// scheme and host may differ in case only, the path not at all.
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		strings.TrimRight(ua.Path, "/") == strings.TrimRight(ub.Path, "/")
}

// checkForward makes sure the build still forwards stop n's short URL, in
// both cases, to the clip's page, and that no static file takes its place.
func checkForward(s Site, n int, c *content.Clip, rec content.PrintedCode, errs *diag.List) {
	for _, p := range qr.ShortPaths(n) {
		if s.Forwards[p] != c.URL() {
			errs.Add(content.PrintedFile, rec.Line, "the build would no longer forward %s to %s: the printed code %s would break", p, c.URL(), rec.URL)
			(*errs)[len(*errs)-1].Hint = "the site's engine must forward every printed stop; this is a fault of the generator: please report it"
		}
		dir := strings.TrimPrefix(p, "/")
		for _, f := range s.Static {
			if f == dir || strings.HasPrefix(f, dir+"/") {
				errs.Add(path.Join("static", f), 0, "this file would take the place of the forward of printed stop %d, whose code holds %s", n, rec.URL)
				(*errs)[len(*errs)-1].Hint = "remove or move it: the addresses /L/… and /l/… belong to the printed codes"
			}
		}
	}
}
