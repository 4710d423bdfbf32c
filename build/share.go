package build

import "fmt"

// Place describes the centre for search engines as schema.org data, for the
// home page's <script type="application/ld+json">: html/template writes the
// value there as JSON. Only what site.yaml says is included; the telephone
// only when it is set, opening hours only when opens and closes are.
func (d *SiteData) Place() map[string]any {
	p := map[string]any{
		"@context": "https://schema.org",
		"@type":    "CivicStructure",
		"name":     d.Title,
		"url":      d.BaseURL,
	}
	if d.Description != "" {
		p["description"] = d.Description
	}
	if d.Address != "" {
		p["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": d.Address, "addressCountry": "CN"}
	}
	if d.Phone != "" {
		p["telephone"] = d.Phone
	}
	if d.Opens != "" && d.Closes != "" {
		p["openingHoursSpecification"] = []map[string]any{{
			"@type":     "OpeningHoursSpecification",
			"dayOfWeek": []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
			"opens":     d.Opens,
			"closes":    d.Closes,
		}}
	}
	if c := d.Cover(); c != "" {
		p["image"] = d.BaseURL + c[1:]
	}
	return p
}

// clipSummary is the line under a clip's title on a share card (WeChat shows
// it): the editor's summary, or where and how long the clip is.
func (s *Site) clipSummary(c *Clip) string {
	if c.Summary != "" {
		return c.Summary
	}
	t := fmt.Sprintf("%s · 编号 %02d · 时长 %s", s.Data.Listen.Title, c.Stop, c.Length())
	if c.Sample {
		t += " · 示例"
	}
	return t
}
