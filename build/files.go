package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// assets gives static files an address that changes with their content.
type assets struct {
	root fs.FS
	mu   sync.Mutex
	used map[string]string // static path → output path
}

// count is how many static files pages have asked for.
func (a *assets) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.used)
}

func newAssets(root fs.FS) *assets { return &assets{root: root, used: map[string]string{}} }

// url returns "/assets/<dir>/<name>.<hash>.<ext>" for static/<name>.
func (a *assets) url(name string) (string, error) {
	name = strings.TrimPrefix(name, "/")
	a.mu.Lock()
	defer a.mu.Unlock()
	if out, ok := a.used[name]; ok {
		return "/" + out, nil
	}
	data, err := fs.ReadFile(a.root, path.Join("static", name))
	if err != nil {
		return "", fmt.Errorf("asset %q: there is no file static/%s", name, name)
	}
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	out := "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
	a.used[name] = out
	return "/" + out, nil
}

type file struct {
	name string
	data []byte
}

// finish makes the files that depend on the whole site or on what the pages
// used: static files, fingerprinted assets, sitemap, robots.txt, _redirects,
// the podcast feed.
func (s *Site) finish() ([]file, error) {
	var out []file
	err := fs.WalkDir(s.cfg.Root, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(s.cfg.Root, p)
		if err != nil {
			return err
		}
		out = append(out, file{strings.TrimPrefix(p, "static/"), data})
		return nil
	})
	if err != nil {
		return nil, err
	}
	var used []string
	for name := range s.assets.used {
		used = append(used, name)
	}
	slices.Sort(used)
	for _, name := range used {
		data, err := fs.ReadFile(s.cfg.Root, path.Join("static", name))
		if err != nil {
			return nil, err
		}
		out = append(out, file{s.assets.used[name], data})
	}
	out = append(out,
		file{"sitemap.xml", s.sitemap()},
		file{"robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: " + s.Data.BaseURL + "sitemap.xml\n")},
		file{"_redirects", s.redirects()},
	)
	pod, err := s.podcast()
	return append(out, pod...), err
}

// pages lists the address of every page worth indexing, sorted.
func (s *Site) pages() []string {
	cs := s.Content
	urls := []string{cs.Home.URL(), cs.Spaces.URL(), cs.Timeline.URL(), cs.Listen.URL()}
	for _, p := range cs.SpaceList {
		urls = append(urls, p.URL())
	}
	for _, c := range cs.Clips {
		if !c.Retired {
			urls = append(urls, c.URL())
		}
	}
	slices.Sort(urls)
	return urls
}

func (s *Site) sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range s.pages() {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(s.Data.BaseURL+strings.TrimPrefix(u, "/")))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// redirects writes Netlify's rules for the short URLs of printed codes.
// They are 302s, not 301s: a phone caches a 301 for good, and a clip's page
// may move later while the printed code stays on the wall. The "!" makes the
// rule win over the forwarding page written at the same path.
func (s *Site) redirects() []byte {
	var b bytes.Buffer
	b.WriteString("# Short URLs held by printed QR codes. Made by the build: do not edit.\n")
	for _, f := range s.shortLinks() {
		fmt.Fprintf(&b, "%-8s %s 302!\n", f.from, f.to)
		fmt.Fprintf(&b, "%-8s %s 302!\n", f.from+"/", f.to)
	}
	s.stopFormRedirects(&b)
	return b.Bytes()
}

type forward struct{ from, to string }

// shortLinks lists the short path of every clip, retired ones included, in
// both cases, with the page it forwards to, by stop number.
func (s *Site) shortLinks() []forward {
	clips := slices.Concat(s.Data.Clips, s.Data.Retired)
	slices.SortStableFunc(clips, func(a, b *Clip) int { return a.Stop - b.Stop })
	var out []forward
	for _, c := range clips {
		for _, p := range []string{c.ShortPath, strings.ToLower(c.ShortPath)} {
			out = append(out, forward{p, c.URL()})
		}
	}
	return out
}
