package photo

import (
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
)

// Sizes tells the browser how wide a photo is drawn, so it can pick a file
// from srcset before the style sheet arrives. It matches static/css/site.css:
// main is at most 46rem (736 px) wide with 1rem (16 px) padding on each side,
// and a photo fills the text column.
const Sizes = "(max-width: 736px) calc(100vw - 32px), 704px"

// fallbackWidth is the file old browsers without srcset load.
const fallbackWidth = 800

// WriteHTML writes the markup for ph with the alt text from the Markdown:
// an <img> with every variant in srcset and the largest's width and height
// (so the page does not jump when it loads), inside a link to the largest so
// a tap opens it full size. The first photo of a page (first), the likeliest
// to be on screen at once, loads at high priority. With only JPEG variants
// a <picture> element would add nothing.
//
// The others wait until the reader comes near them. loading="lazy" alone
// does not wait long enough on a phone: on mobile data Chromium starts lazy
// photos 1250 px below the screen, which on a page of photos is every one
// of the next three or four. So a later photo's addresses are in
// data-src and data-srcset, which the site's script (static/js/site.js)
// makes real when the photo comes within a short distance of the screen;
// until then it shows a blank box of the photo's shape (a one-pixel GIF,
// drawn grey by the style sheet). Without the script, the copy in
// <noscript> loads as a lazy image instead, and the box is hidden.
func WriteHTML(w io.Writer, ph *Photo, alt string, first bool) error {
	top := ph.Variants[len(ph.Variants)-1]
	src := top
	for _, v := range ph.Variants {
		if v.Width >= fallbackWidth {
			src = v
			break
		}
	}
	var set strings.Builder
	for i, v := range ph.Variants {
		if i > 0 {
			set.WriteString(", ")
		}
		fmt.Fprintf(&set, "%s %dw", ph.url(v), v.Width)
	}
	img := func(prefix string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `%ssrc="%s"`, prefix, ph.url(src))
		if len(ph.Variants) > 1 {
			fmt.Fprintf(&b, ` %ssrcset="%s" sizes="%s"`, prefix, set.String(), Sizes)
		}
		fmt.Fprintf(&b, ` width="%d" height="%d" alt="%s"`, ph.Width, ph.Height, html.EscapeString(alt))
		return b.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<a class="photo" href="%s">`, ph.url(top))
	if first {
		fmt.Fprintf(&b, `<img %s fetchpriority="high">`, img(""))
	} else {
		fmt.Fprintf(&b, `<img src="%s" %s decoding="async"><noscript><img %s loading="lazy" decoding="async"></noscript>`, blank, img("data-"), img(""))
	}
	b.WriteString(`</a>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// blank is a one-pixel transparent GIF: what a later photo shows until it
// is near the screen (see WriteHTML).
const blank = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

// url is where a variant is published, escaped for an HTML attribute and a
// srcset (no spaces or commas).
func (ph *Photo) url(v Variant) string {
	u := (&url.URL{Path: ph.Dir + v.Name}).EscapedPath()
	return html.EscapeString(strings.ReplaceAll(u, ",", "%2C"))
}
