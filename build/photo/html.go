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
// a tap opens it full size. Photos load lazily, except the first of a page
// (first), which is the likeliest to be on screen at once and loads at high
// priority. With only JPEG variants a <picture> element would add nothing.
func WriteHTML(w io.Writer, ph *Photo, alt string, first bool) error {
	top := ph.Variants[len(ph.Variants)-1]
	src := top
	for _, v := range ph.Variants {
		if v.Width >= fallbackWidth {
			src = v
			break
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<a class="photo" href="%s"><img src="%s"`, ph.url(top), ph.url(src))
	if len(ph.Variants) > 1 {
		b.WriteString(` srcset="`)
		for i, v := range ph.Variants {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %dw", ph.url(v), v.Width)
		}
		fmt.Fprintf(&b, `" sizes="%s"`, Sizes)
	}
	fmt.Fprintf(&b, ` width="%d" height="%d" alt="%s"`, ph.Width, ph.Height, html.EscapeString(alt))
	if first {
		b.WriteString(` fetchpriority="high"`)
	} else {
		b.WriteString(` loading="lazy" decoding="async"`)
	}
	b.WriteString(`></a>`)
	_, err := io.WriteString(w, b.String())
	return err
}

// url is where a variant is published, escaped for an HTML attribute and a
// srcset (no spaces or commas).
func (ph *Photo) url(v Variant) string {
	u := (&url.URL{Path: ph.Dir + v.Name}).EscapedPath()
	return html.EscapeString(strings.ReplaceAll(u, ",", "%2C"))
}
