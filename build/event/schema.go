package event

import (
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
)

var eventStatus = map[content.Status]string{
	content.Scheduled: "https://schema.org/EventScheduled",
	content.Full:      "https://schema.org/EventScheduled", // it happens; the places are gone
	content.Cancelled: "https://schema.org/EventCancelled",
	content.Postponed: "https://schema.org/EventPostponed",
}

// JSONLD describes one occurrence as a schema.org Event, for a page's
// <script type="application/ld+json">: html/template writes the value there
// as JSON. Each occurrence of a series is an Event of its own, as
// schema.org asks for repeated events. Times carry the site zone's offset
// (+08:00); the place is the space, at the centre's address; activities
// here are free, so the offer is 0 CNY, sold out when the activity is full.
func JSONLD(o Occurrence, c Centre) map[string]any {
	abs := func(p string) string { return c.URL + strings.TrimPrefix(p, "/") }
	place := map[string]any{"@type": "Place", "name": o.SpaceTitle, "url": abs(o.SpaceURL)}
	if c.Address != "" {
		place["address"] = map[string]any{"@type": "PostalAddress", "streetAddress": c.Address, "addressCountry": "CN"}
	}
	organizer := map[string]any{"@type": "Organization", "name": c.Name, "url": c.URL}
	if o.Organizer != "" {
		organizer = map[string]any{"@type": "Organization", "name": o.Organizer}
	}
	availability := "https://schema.org/InStock"
	if o.Status == content.Full {
		availability = "https://schema.org/SoldOut"
	}
	status := eventStatus[o.Status]
	if status == "" {
		status = eventStatus[content.Scheduled]
	}
	e := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                o.Title,
		"startDate":           o.Start.Format(time.RFC3339),
		"endDate":             o.End.Format(time.RFC3339),
		"eventStatus":         status,
		"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
		"location":            place,
		"organizer":           organizer,
		"offers": map[string]any{
			"@type":         "Offer",
			"price":         0,
			"priceCurrency": "CNY",
			"availability":  availability,
			"url":           abs(o.URL()),
		},
		"url": abs(o.URL()),
	}
	if d := description(o); d != "" {
		e["description"] = d
	}
	return e
}

// description is the editor's summary, or what the lists say about the
// activity: who it is for and how to sign up.
func description(o Occurrence) string {
	if o.Summary != "" {
		return o.Summary
	}
	var parts []string
	if o.Audience != "" {
		parts = append(parts, "对象:"+o.Audience)
	}
	if t := o.BookingText(); t != "" {
		parts = append(parts, "报名:"+t)
	}
	return strings.Join(parts, ";")
}
