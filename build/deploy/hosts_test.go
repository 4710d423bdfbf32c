package deploy_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/zhaojiaxiang/site/build/scan"
)

// TestEveryCodeOnThreeHosts reads each clip's printed code from its qr.png
// and follows it as a phone does, with and without the trailing slash, as
// /L/ and /l/, on three hosts: Netlify with the build's _redirects, a plain
// static server with no rules (the forwarding pages' meta refresh), and an
// object store's static-website endpoint after "site deploy". Every time it
// must end on the clip's page.
func TestEveryCodeOnThreeHosts(t *testing.T) {
	out := buildSite(t, makeSite(t))
	s := newStore(t)
	s.deploy(t, out)

	netlify, err := scan.Netlify(out)
	if err != nil {
		t.Fatal(err)
	}
	hosts := []struct {
		name string
		h    http.Handler
	}{
		{"Netlify", netlify},
		{"a plain static server", http.FileServer(http.Dir(out))},
		{"an object store's website endpoint", website(s.client(t))},
	}
	clips := []struct {
		stop  int
		slug  string
		title string
	}{{1, "01-hello", "你好"}, {3, "03-library", "借书还书"}, {12, "12-elders", "老人"}}

	for _, host := range hosts {
		srv := httptest.NewServer(host.h)
		for _, c := range clips {
			code, err := scan.File(filepath.Join(out, "listen", c.slug, "qr.png"))
			if err != nil {
				t.Fatal(err)
			}
			if want := "https://ZJX.EXAMPLE.CN/L/" + strconv.Itoa(c.stop); code.Text != want {
				t.Errorf("stop %d's code holds %q, want %q", c.stop, code.Text, want)
			}
			u, err := url.Parse(code.Text)
			if err != nil {
				t.Fatal(err)
			}
			lower := "/l/" + strings.TrimPrefix(u.Path, "/L/")
			for _, p := range []string{u.Path, u.Path + "/", lower, lower + "/"} {
				page, final, err := scan.Follow(srv.URL + p)
				if err != nil {
					t.Errorf("%s: %s: %v", host.name, p, err)
					continue
				}
				if final.Path != "/listen/"+c.slug+"/" || !strings.Contains(page, "<h1>"+strconv.Itoa(c.stop)+" "+c.title+"</h1>") || !strings.Contains(page, "<audio") {
					t.Errorf("%s: %s ended on %s:\n%.300s", host.name, p, final, page)
				}
			}
		}
		srv.Close()
	}
}

// website serves the bucket as the static-website endpoint of Alibaba OSS
// (index document with SupportSubDir) or Tencent COS does, reading every
// object over the S3 API: a path ending in / is its index.html, any other
// path is the object of that name served with its stored Content-Type and
// Cache-Control, and a missing object is 404.html with status 404. There
// are no redirect rules and no trailing-slash redirects.
func website(c *minio.Client) http.Handler {
	serve := func(w http.ResponseWriter, r *http.Request, key string, status int) bool {
		o, err := c.GetObject(r.Context(), bucket, key, minio.GetObjectOptions{})
		if err != nil {
			return false
		}
		defer o.Close()
		info, err := o.Stat()
		if err != nil {
			return false
		}
		w.Header().Set("Content-Type", info.ContentType)
		if cc := info.Metadata.Get("Cache-Control"); cc != "" {
			w.Header().Set("Cache-Control", cc)
		}
		w.WriteHeader(status)
		io.Copy(w, o)
		return true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/")
		if key == "" || strings.HasSuffix(key, "/") {
			key += "index.html"
		}
		if !serve(w, r, key, http.StatusOK) && !serve(w, r, "404.html", http.StatusNotFound) {
			http.NotFound(w, r)
		}
	})
}

// TestWebsiteServesTypes: through the website endpoint, a page, an MP3 and
// a short URL come with the type and caching a phone needs, and a missing
// page is the site's 404 page.
func TestWebsiteServesTypes(t *testing.T) {
	out := buildSite(t, makeSite(t))
	s := newStore(t)
	s.deploy(t, out)
	srv := httptest.NewServer(website(s.client(t)))
	defer srv.Close()
	for _, tc := range []struct {
		path, status, contentType, cache string
	}{
		{"/L/3", "200 OK", "text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
		{"/listen/03-library/", "200 OK", "text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
		{"/audio/library.a28b27fc3f.mp3", "200 OK", "audio/mpeg", "public, max-age=31536000, immutable"},
		{"/_redirects", "404 Not Found", "text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
		{"/nope/", "404 Not Found", "text/html; charset=utf-8", "public, max-age=0, must-revalidate"},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Status != tc.status || resp.Header.Get("Content-Type") != tc.contentType || resp.Header.Get("Cache-Control") != tc.cache {
			t.Errorf("%s: %s, %q, %q; want %s, %q, %q", tc.path, resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), tc.status, tc.contentType, tc.cache)
		}
		if strings.HasPrefix(tc.status, "404") && !strings.Contains(string(body), "找不到这个页面") {
			t.Errorf("%s: not the site's 404 page: %.200s", tc.path, body)
		}
	}
}
