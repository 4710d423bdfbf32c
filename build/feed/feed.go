// Package feed writes the podcast feed of the listening clips and its cover.
//
// Residents who want to listen at home subscribe in a podcast app, so the feed
// follows what Apple Podcasts asks of a feed (and every other app accepts):
// RSS 2.0 with the itunes namespace; a channel with title, description,
// language, a square cover of 1400 to 3000 pixels, a category and the explicit
// flag; and per episode a title, an enclosure with the absolute address, the
// length in bytes and the type of the file, a guid that never changes, a
// publication date and the duration in seconds.
//
// The feed is a function of its input: no clock is read, so the same clips
// give the same bytes.
package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"
)

// ITunes is the namespace of Apple's podcast tags.
const ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"

// Channel is the whole podcast.
type Channel struct {
	Title       string
	Description string
	Link        string // the site's listening page
	Self        string // the feed's own address
	Language    string // "zh-cn"
	Author      string
	Image       string // absolute address of the square cover
	Category    string // one of Apple's categories, e.g. "History"
	Items       []Item
}

// Item is one episode: one clip.
type Item struct {
	Title       string
	Description string // HTML
	Link        string // the clip's page
	GUID        string // never changes for this clip
	URL         string // absolute address of the MP3
	Length      int    // bytes of the MP3
	Date        time.Time
	Seconds     int
	Episode     int // the stop number
}

type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	ITunes  string   `xml:"xmlns:itunes,attr"`
	Atom    string   `xml:"xmlns:atom,attr"`
	Channel channel  `xml:"channel"`
}

type channel struct {
	AtomLink    atomLink  `xml:"atom:link"`
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Author      string    `xml:"itunes:author,omitempty"`
	Image       hrefAttr  `xml:"itunes:image"`
	Category    *textAttr `xml:"itunes:category,omitempty"`
	Explicit    string    `xml:"itunes:explicit"`
	Type        string    `xml:"itunes:type"`
	Items       []item    `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type hrefAttr struct {
	Href string `xml:"href,attr"`
}

type textAttr struct {
	Text string `xml:"text,attr"`
}

type item struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description cdata     `xml:"description"`
	Enclosure   enclosure `xml:"enclosure"`
	GUID        guid      `xml:"guid"`
	PubDate     string    `xml:"pubDate,omitempty"`
	Duration    int       `xml:"itunes:duration"`
	Episode     int       `xml:"itunes:episode"`
	Explicit    string    `xml:"itunes:explicit"`
}

// cdata keeps HTML readable in the feed: podcast apps show it as HTML.
type cdata struct {
	Value string `xml:",cdata"`
}

type enclosure struct {
	URL    string `xml:"url,attr"`
	Length int    `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type guid struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// XML writes the feed.
func (c *Channel) XML() ([]byte, error) {
	r := rss{
		Version: "2.0",
		ITunes:  ITunes,
		Atom:    "http://www.w3.org/2005/Atom",
		Channel: channel{
			AtomLink:    atomLink{Href: c.Self, Rel: "self", Type: "application/rss+xml"},
			Title:       c.Title,
			Link:        c.Link,
			Description: c.Description,
			Language:    c.Language,
			Author:      c.Author,
			Image:       hrefAttr{c.Image},
			Category:    category(c.Category),
			Explicit:    "false",
			// Episodes are stops of a walk through the centre: apps list them
			// in stop order, oldest first, rather than newest first.
			Type: "serial",
		},
	}
	for _, it := range c.Items {
		if it.Length <= 0 || it.URL == "" || it.GUID == "" {
			return nil, fmt.Errorf("episode %q has no audio file", it.Title)
		}
		x := item{
			Title:       it.Title,
			Link:        it.Link,
			Description: cdata{it.Description},
			Enclosure:   enclosure{URL: it.URL, Length: it.Length, Type: "audio/mpeg"},
			GUID:        guid{IsPermaLink: "false", Value: it.GUID},
			Duration:    it.Seconds,
			Episode:     it.Episode,
			Explicit:    "false",
		}
		if !it.Date.IsZero() {
			x.PubDate = it.Date.Format(time.RFC1123Z)
		}
		r.Channel.Items = append(r.Channel.Items, x)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// category is the channel's category, left out when the site names none.
func category(c string) *textAttr {
	if c == "" {
		return nil
	}
	return &textAttr{c}
}
