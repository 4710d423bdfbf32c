package build

import (
	"bytes"
	"fmt"
)

// StopParam is the query parameter of the form on the listening page where a
// resident types the number printed on the wall when scanning fails.
//
// With JavaScript the page goes straight to the clip. Without it the browser
// asks for /listen/?stop=3: on Netlify a rule in _redirects forwards that to
// the short URL /L/3 and on to the clip; on a host without rules the
// listening page itself comes back, where every stop is a link that starts
// with its number.
func (d *SiteData) StopParam() string { return "stop" }

// stopFormRedirects writes the _redirects rules for the form. The "!" makes
// them win over the listening page, which exists at the same path; a request
// without the parameter does not match them and gets the page.
func (s *Site) stopFormRedirects(b *bytes.Buffer) {
	if len(s.Data.Clips) == 0 {
		return
	}
	p := s.Data.StopParam()
	u := s.Data.Listen.URL()
	b.WriteString("# The listening page's \"go to stop number\" form, for browsers without JavaScript.\n")
	for _, from := range []string{u[:len(u)-1], u} {
		fmt.Fprintf(b, "%s %s=:n /L/:n 302!\n", from, p)
	}
}
