package build

import (
	"fmt"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/feed"
)

// The podcast feed of the clips and its cover sit beside the listening page.
const (
	feedFile  = "feed.xml"
	coverFile = "cover.png"
)

// FeedURL is the path of the podcast feed, or "" when the site has no clips.
func (d *SiteData) FeedURL() string {
	if len(d.Clips) == 0 {
		return ""
	}
	return d.Listen.URL() + feedFile
}

// Cover is the path of the square picture that stands for the site in
// podcast apps and on share cards; it comes with the feed.
func (d *SiteData) Cover() string {
	if len(d.Clips) == 0 {
		return ""
	}
	return d.Listen.URL() + coverFile
}

// CoverSize is the cover's width and height in pixels.
func (d *SiteData) CoverSize() int { return feed.CoverSize }

// checkPodcast warns about clips the feed cannot date: podcast apps order and
// show episodes by their date, and the build may not invent one.
func (s *Site) checkPodcast(errs *diag.List) {
	for _, c := range s.Content.Clips {
		if c.Date.IsZero() {
			errs.Warn(c.Path, 1, `no "date": the podcast feed shows this clip without one; add a line such as "date: 2024-05-01"`)
		}
	}
}

// podcast makes the feed and its cover. Every address in the feed is
// absolute, as podcast apps need; a clip's guid is the short URL its printed
// code holds, which never changes while the stop number stays.
func (s *Site) podcast() ([]file, error) {
	d := s.Data
	if len(d.Clips) == 0 {
		return nil, nil
	}
	abs := func(p string) string { return d.BaseURL + strings.TrimPrefix(p, "/") }
	ch := feed.Channel{
		Title:       d.Listen.Title + " · " + d.Title,
		Description: firstOf(d.Listen.Summary, d.Description, d.Title),
		Link:        abs(d.Listen.URL()),
		Self:        abs(d.FeedURL()),
		Language:    "zh-cn",
		Author:      d.Title,
		Image:       abs(d.Cover()),
		Category:    "History",
	}
	for _, c := range d.Clips {
		html, err := s.markdown(&c.Page)
		if err != nil {
			return nil, err
		}
		guid := c.ShortURL
		if guid == "" {
			guid = abs(c.URL())
		}
		ch.Items = append(ch.Items, feed.Item{
			Title:       clipTitle(c.Clip),
			Description: strings.TrimSpace(string(html)),
			Link:        abs(c.URL()),
			GUID:        guid,
			URL:         abs(c.AudioURL),
			Length:      c.Size,
			Date:        c.Date.Time,
			Seconds:     c.Seconds(),
			Episode:     c.Stop,
		})
	}
	x, err := ch.XML()
	if err != nil {
		return nil, err
	}
	dir := strings.TrimPrefix(d.Listen.URL(), "/")
	return []file{{dir + feedFile, x}, {dir + coverFile, feed.Cover}}, nil
}

// clipTitle is how a clip is named away from the wall: with its stop number.
// Placeholder clips say so, as they do on the site.
func clipTitle(c *content.Clip) string {
	t := fmt.Sprintf("%02d %s", c.Stop, c.Title)
	if c.Sample {
		t += "(示例)"
	}
	return t
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
