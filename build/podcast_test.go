package build_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"html"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/qr"
)

// podcast is the feed as a podcast app reads it: names with their namespaces.
type podcast struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title       string `xml:"title"`
		Link        string `xml:"link"`
		Description string `xml:"description"`
		Language    string `xml:"language"`
		Image       struct {
			Href string `xml:"href,attr"`
		} `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd image"`
		Category struct {
			Text string `xml:"text,attr"`
		} `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd category"`
		Explicit string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd explicit"`
		Items    []struct {
			Title     string `xml:"title"`
			Enclosure struct {
				URL    string `xml:"url,attr"`
				Length int    `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
			GUID struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				Value       string `xml:",chardata"`
			} `xml:"guid"`
			PubDate  string `xml:"pubDate"`
			Duration string `xml:"http://www.itunes.com/dtds/podcast-1.0.dtd duration"`
		} `xml:"item"`
	} `xml:"channel"`
}

// TestPodcastFeed reads /listen/feed.xml as a podcast app would and checks
// every field Apple requires against the files themselves: the cover's
// size, each enclosure's byte count against the MP3 it points to, each
// duration against build/audio's reading of the MP3 in content/.
func TestPodcastFeed(t *testing.T) {
	out, s := buildSite(t)
	data, err := os.ReadFile(filepath.Join(out, "listen", "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var f podcast
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("feed.xml does not parse: %v", err)
	}
	ch := f.Channel
	base := s.Data.BaseURL
	local := func(u string) string {
		t.Helper()
		if !strings.HasPrefix(u, base) || !strings.HasPrefix(u, "https://") {
			t.Errorf("%q is not an absolute https address on %s", u, base)
			return ""
		}
		return filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(u, base)))
	}
	if f.Version != "2.0" || ch.Title == "" || ch.Description == "" || ch.Language != "zh-cn" || ch.Explicit != "false" || ch.Category.Text == "" {
		t.Errorf("channel lacks a required field: version %q title %q description %q language %q explicit %q category %q",
			f.Version, ch.Title, ch.Description, ch.Language, ch.Explicit, ch.Category.Text)
	}
	if ch.Link != base+"listen/" {
		t.Errorf("channel link %q", ch.Link)
	}
	cover, err := os.ReadFile(local(ch.Image.Href))
	if err != nil {
		t.Fatalf("itunes:image: %v", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(cover))
	if err != nil || cfg.Width != cfg.Height || cfg.Width < 1400 || cfg.Width > 3000 {
		t.Errorf("itunes:image is %d×%d (%v); Apple wants a square PNG or JPEG of 1400 to 3000 pixels", cfg.Width, cfg.Height, err)
	}

	if len(ch.Items) != len(s.Data.Clips) {
		t.Fatalf("the feed has %d episodes; the site has %d clips", len(ch.Items), len(s.Data.Clips))
	}
	guids := map[string]bool{}
	for i, it := range ch.Items {
		c := s.Data.Clips[i]
		if !strings.Contains(it.Title, c.Title) {
			t.Errorf("episode %d is titled %q; want the clip's title %q", i+1, it.Title, c.Title)
		}
		if c.Sample && !strings.Contains(it.Title, "示例") {
			t.Errorf("episode %q is sample content and does not say so", it.Title)
		}
		file, err := os.Stat(local(it.Enclosure.URL))
		if err != nil {
			t.Errorf("enclosure %s: %v", it.Enclosure.URL, err)
		} else if int64(it.Enclosure.Length) != file.Size() {
			t.Errorf("enclosure %s: length %d, the file has %d bytes", it.Enclosure.URL, it.Enclosure.Length, file.Size())
		}
		if it.Enclosure.Type != "audio/mpeg" {
			t.Errorf("enclosure type %q", it.Enclosure.Type)
		}
		mp3, err := os.ReadFile(filepath.Join("testdata/site", c.Audio))
		if err != nil {
			t.Fatal(err)
		}
		info, err := audio.Probe(mp3)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(info.Duration.Round(time.Second) / time.Second); it.Duration != strconv.Itoa(want) {
			t.Errorf("%s: itunes:duration %q; the MP3 is %d s", c.Audio, it.Duration, want)
		}
		// The guid is the short URL of the printed code: tied to the stop
		// number and the production address, never to a page or file name.
		if want := qr.ShortURL(s.Data.ProductionURL, c.Stop); it.GUID.Value != want || it.GUID.IsPermaLink != "false" {
			t.Errorf("guid %q isPermaLink=%q; want %q, false", it.GUID.Value, it.GUID.IsPermaLink, want)
		}
		if guids[it.GUID.Value] {
			t.Errorf("guid %q is used twice", it.GUID.Value)
		}
		guids[it.GUID.Value] = true
		date, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("pubDate %q: %v", it.PubDate, err)
		} else if !date.Equal(c.Date.Time) {
			t.Errorf("pubDate %s; the clip's date is %s", date, c.Date.Time)
		}
	}
}

var metaRE = regexp.MustCompile(`<meta property="(og:[a-z:]+)" content="([^"]*)">`)

// TestShareMetadata checks what WeChat and search engines read: each page's
// Open Graph card, with an image that exists, and the centre described as
// schema.org data on the home page.
func TestShareMetadata(t *testing.T) {
	out, s := buildSite(t)
	for _, c := range s.Data.Clips {
		page := readFile(t, out, strings.TrimPrefix(c.URL(), "/")+"index.html")
		og := map[string]string{}
		for _, m := range metaRE.FindAllStringSubmatch(page, -1) {
			og[m[1]] = html.UnescapeString(m[2])
		}
		if og["og:title"] != c.Title || og["og:description"] == "" || og["og:url"] != s.Data.BaseURL+strings.TrimPrefix(c.URL(), "/") {
			t.Errorf("%s: share card %v", c.URL(), og)
		}
		img := strings.TrimPrefix(og["og:image"], s.Data.BaseURL)
		if img == og["og:image"] {
			t.Errorf("%s: og:image %q is not absolute", c.URL(), og["og:image"])
		} else if _, err := os.Stat(filepath.Join(out, img)); err != nil {
			t.Errorf("%s: og:image: %v", c.URL(), err)
		}
	}

	home := readFile(t, out, "index.html")
	m := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("the home page has no JSON-LD")
	}
	var place struct {
		Context string `json:"@context"`
		Type    string `json:"@type"`
		Name    string `json:"name"`
		Address struct {
			Street string `json:"streetAddress"`
		} `json:"address"`
		Telephone *string `json:"telephone"`
		Hours     []struct {
			Type  string   `json:"@type"`
			Days  []string `json:"dayOfWeek"`
			Opens string   `json:"opens"`
			Close string   `json:"closes"`
		} `json:"openingHoursSpecification"`
	}
	if err := json.Unmarshal([]byte(m[1]), &place); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	set := s.Data.Settings
	if place.Context != "https://schema.org" || place.Name != set.Title || place.Address.Street != set.Address {
		t.Errorf("JSON-LD: %+v", place)
	}
	if (place.Telephone != nil) != (set.Phone != "") {
		t.Errorf("JSON-LD telephone %v; site.yaml phone %q", place.Telephone, set.Phone)
	}
	if set.Opens == "" && len(place.Hours) != 0 {
		t.Errorf("JSON-LD opening hours %+v; site.yaml gives the centre none", place.Hours)
	}
	// Opening hours appear once site.yaml has them.
	h := *s.Data
	h.Opens, h.Closes = "09:00", "21:00"
	if got, ok := (&h).Place()["openingHoursSpecification"].([]map[string]any); !ok || len(got) != 1 || got[0]["opens"] != "09:00" || got[0]["closes"] != "21:00" || len(got[0]["dayOfWeek"].([]string)) != 7 {
		t.Errorf("with opens and closes set, JSON-LD opening hours are %v", got)
	}

	// A telephone appears once site.yaml has one.
	d := *s.Data
	d.Phone = "0512-00000000"
	if got := (&d).Place()["telephone"]; got != d.Phone {
		t.Errorf("with a phone set, JSON-LD telephone is %v", got)
	}
}

// TestStopFormWithoutJavaScript: the listening page's number field works
// with scripts off. The form asks for /listen/?stop=N; Netlify's rule
// forwards that to the short URL /L/N, and a host without rules serves the
// list again, where every stop is a link with its number.
func TestStopFormWithoutJavaScript(t *testing.T) {
	out, s := buildSite(t)
	page := readFile(t, out, "listen/index.html")
	if !regexp.MustCompile(`<form[^>]* action="/listen/" method="get"`).MatchString(page) ||
		!strings.Contains(page, `name="stop"`) {
		t.Error("listen/index.html has no GET form to /listen/ with a field named stop")
	}
	redirects := readFile(t, out, "_redirects")
	if !regexp.MustCompile(`(?m)^/listen/ stop=:n /L/:n 302!$`).MatchString(redirects) {
		t.Errorf("_redirects has no rule for /listen/?stop=N:\n%s", redirects)
	}
	for _, c := range s.Data.Clips {
		if !strings.Contains(page, `href="`+c.URL()+`" data-stop="`+strconv.Itoa(c.Stop)+`"`) {
			t.Errorf("listen/index.html has no link for stop %d", c.Stop)
		}
	}
}
