package wall

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/qr"
)

// Record makes the print run of date (2006-01-02): the codes of every clip
// that is not retired, or of the stops in only when it is not empty. The
// clips must come from a site that built without errors, and the production
// URL must be the centre's own (OwnDomain).
func Record(set *content.Settings, clips []*content.Clip, date string, only []int) (content.PrintRun, error) {
	run := content.PrintRun{Date: date}
	if errs := OwnDomain(set); len(errs) > 0 {
		return run, errs
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return run, diag.Errorf("%q is not a day written as 2025-03-01", date)
	}
	var missing []string
	for _, n := range only {
		if !slices.ContainsFunc(clips, func(c *content.Clip) bool { return c.Stop == n && !c.Retired }) {
			missing = append(missing, strconv.Itoa(n))
		}
	}
	if len(missing) > 0 {
		return run, diag.Errorf("no clip in the listening list has stop %s", strings.Join(missing, ", "))
	}
	for _, c := range clips {
		if c.Retired || (len(only) > 0 && !slices.Contains(only, c.Stop)) {
			continue
		}
		run.Codes = append(run.Codes, content.PrintedCode{
			Stop:  c.Stop,
			URL:   qr.ShortURL(set.ProductionURL, c.Stop),
			Title: c.Title,
			Page:  c.URL(),
			Date:  date,
		})
	}
	if len(run.Codes) == 0 {
		return run, diag.Errorf("there are no clips to record")
	}
	slices.SortFunc(run.Codes, func(a, b content.PrintedCode) int { return a.Stop - b.Stop })
	return run, nil
}
