package deploy

import (
	"path"
	"strings"
)

// A Rule gives headers to the files whose site path matches Pattern, written
// as in netlify.toml's [[headers]]: "/audio/*" is everything under /audio/,
// "/*" every file, any other pattern one path.
type Rule struct {
	Pattern string
	Headers map[string]string
	// NetlifyDefault marks a rule that netlify.toml leaves out because
	// Netlify already sends these headers: Netlify adds together the values
	// of every rule that matches, so a Cache-Control on "/*" would be sent
	// beside the one on "/assets/*".
	NetlifyDefault bool
}

// Immutable is the caching of files whose names carry a hash of their
// content: a changed file gets a new name, so a copy may be kept a year.
const Immutable = "public, max-age=31536000, immutable"

// Rules is the one table of the Content-Type and Cache-Control each file is
// stored with. netlify.toml's [[headers]] say the same for Netlify (a test
// keeps the two in agreement); its security headers are in every page's
// <meta http-equiv="Content-Security-Policy"> instead, since an object store
// sends no headers of its own. The first rule that sets a header wins.
var Rules = []Rule{
	{Pattern: "/assets/*", Headers: map[string]string{"Cache-Control": Immutable}},
	{Pattern: "/audio/*", Headers: map[string]string{"Content-Type": "audio/mpeg", "Cache-Control": Immutable}},
	// Everything else is asked for again on every visit, as Netlify does:
	// pages, QR codes and the feed keep their names when they change.
	{Pattern: "/*", Headers: map[string]string{"Cache-Control": "public, max-age=0, must-revalidate"}, NetlifyDefault: true},
}

// types are the Content-Types by file extension. A fixed table rather than
// the system's mime.types, so a deploy does not depend on the machine.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".mp3":         "audio/mpeg",
	".m4a":         "audio/mp4",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".webmanifest": "application/manifest+json",
}

// HTML is the Content-Type of pages, and of the extensionless short URLs.
const HTML = "text/html; charset=utf-8"

// Headers gives the Content-Type and Cache-Control of the file at site path
// p (e.g. "/audio/03.mp3").
func Headers(p string) (contentType, cacheControl string) {
	for _, r := range Rules {
		if !Match(r.Pattern, p) {
			continue
		}
		if contentType == "" {
			contentType = r.Headers["Content-Type"]
		}
		if cacheControl == "" {
			cacheControl = r.Headers["Cache-Control"]
		}
	}
	if contentType == "" {
		ext := strings.ToLower(path.Ext(p))
		if contentType = types[ext]; contentType == "" {
			contentType = "application/octet-stream"
		}
	}
	return contentType, cacheControl
}

// Match tells whether site path p matches a netlify.toml-style pattern.
func Match(pattern, p string) bool {
	if dir, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(p, dir)
	}
	return p == pattern
}
