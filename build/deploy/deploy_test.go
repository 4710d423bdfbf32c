package deploy_test

import (
	"github.com/zhaojiaxiang/site/build/publish"

	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/minio/minio-go/v7"

	"github.com/zhaojiaxiang/site/build/deploy"
)

// wantHeaders is what a reader's browser must get for each object, written
// out here rather than taken from the package's table.
func wantHeaders(key string) (contentType, cacheControl string) {
	cacheControl = "public, max-age=0, must-revalidate"
	if strings.HasPrefix(key, "assets/") || strings.HasPrefix(key, "audio/") {
		cacheControl = "public, max-age=31536000, immutable"
	}
	switch {
	case strings.HasSuffix(key, ".html"), regexp.MustCompile(`^[Ll]/[0-9]+$`).MatchString(key):
		contentType = "text/html; charset=utf-8"
	case strings.HasSuffix(key, ".mp3"):
		contentType = "audio/mpeg"
	case strings.HasSuffix(key, ".css"):
		contentType = "text/css; charset=utf-8"
	case strings.HasSuffix(key, ".png"):
		contentType = "image/png"
	case strings.HasSuffix(key, ".svg"):
		contentType = "image/svg+xml"
	case strings.HasSuffix(key, ".xml"):
		contentType = "application/xml; charset=utf-8"
	case strings.HasSuffix(key, ".txt"):
		contentType = "text/plain; charset=utf-8"
	}
	return contentType, cacheControl
}

// TestDeploy deploys a built site to an S3 server and checks every object,
// then deploys again, after a change and after a removal.
func TestDeploy(t *testing.T) {
	src := makeSite(t)
	out := buildSite(t, src)
	s := newStore(t)
	c := s.client(t)
	ctx := context.Background()

	first := s.deploy(t, out)
	log := s.takeLog()

	// The store holds every file of the build but _redirects and the
	// generator's mark on its folder, and the extensionless short URLs,
	// each with its type and caching.
	var want []string
	fs.WalkDir(os.DirFS(out), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != "_redirects" && p != publish.Marker {
			want = append(want, p)
		}
		return err
	})
	want = append(want, "L/1", "L/3", "L/12", "l/1", "l/3", "l/12")
	slices.Sort(want)
	var got []string
	for o := range c.ListObjects(ctx, bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		got = append(got, o.Key)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("objects in the store:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if first.Uploaded != len(want) || first.Unchanged != 0 || first.Deleted != 0 || len(log) != len(want) {
		t.Errorf("first deploy: %v, %d requests; want %d uploads", first, len(log), len(want))
	}
	for _, key := range got {
		info, err := c.StatObject(ctx, bucket, key, minio.StatObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ct, cc := wantHeaders(key)
		if info.ContentType != ct || info.Metadata.Get("Cache-Control") != cc {
			t.Errorf("%s: Content-Type %q, Cache-Control %q; want %q, %q", key, info.ContentType, info.Metadata.Get("Cache-Control"), ct, cc)
		}
	}
	if _, err := c.StatObject(ctx, bucket, "_redirects", minio.StatObjectOptions{}); err == nil {
		t.Error("_redirects was uploaded")
	}
	// /L/3 holds the same bytes as /L/3/index.html.
	short := read(t, c, "L/3")
	if page, _ := os.ReadFile(filepath.Join(out, "L/3/index.html")); !bytes.Equal(short, page) || !bytes.Contains(short, []byte("/listen/03-library/")) {
		t.Errorf("L/3 holds %q; want the forwarding page %q", short, page)
	}

	// Order: hashed assets and audio, then other files, then pages.
	stage := func(key string) int {
		switch ct, _ := wantHeaders(key); {
		case strings.HasPrefix(key, "assets/"), strings.HasPrefix(key, "audio/"):
			return 0
		case ct == "text/html; charset=utf-8":
			return 2
		}
		return 1
	}
	for i := 1; i < len(log); i++ {
		if a, b := stage(strings.TrimPrefix(log[i-1], "PUT ")), stage(strings.TrimPrefix(log[i], "PUT ")); a > b {
			t.Errorf("upload order: %q before %q", log[i-1], log[i])
		}
	}

	// The same build again: nothing is uploaded.
	again := s.deploy(t, out)
	if log := s.takeLog(); len(log) != 0 || again.Uploaded != 0 || again.Unchanged != len(want) {
		t.Errorf("second deploy of the same build: %v; requests %q", again, log)
	}

	// One changed file: only it is uploaded.
	os.WriteFile(filepath.Join(src, "static/notice.txt"), []byte("示例 changed notice\n"), 0o644)
	out = buildSite(t, src)
	changed := s.deploy(t, out)
	if log := s.takeLog(); !slices.Equal(log, []string{"PUT notice.txt"}) || changed.Uploaded != 1 {
		t.Errorf("after changing notice.txt: %v; requests %q", changed, log)
	}
	if b := read(t, c, "notice.txt"); string(b) != "示例 changed notice\n" {
		t.Errorf("notice.txt in the store: %q", b)
	}

	// A changed style sheet gets a new name: the new one and the pages that
	// link to it are uploaded, assets first, and the old one is deleted last.
	os.WriteFile(filepath.Join(src, "static/s.css"), []byte("body{color:#000}\n"), 0o644)
	os.Remove(filepath.Join(src, "static/notice.txt"))
	out = buildSite(t, src)
	restyled := s.deploy(t, out)
	log = s.takeLog()
	if len(log) < 3 || !strings.HasPrefix(log[0], "PUT assets/s.") || !strings.HasPrefix(log[len(log)-1], "DELETE ") {
		t.Errorf("after restyling: requests %q", log)
	}
	var deleted []string
	for _, l := range log {
		if key, ok := strings.CutPrefix(l, "DELETE "); ok {
			deleted = append(deleted, key)
		} else if !strings.HasPrefix(l, "PUT assets/") && l != "PUT s.css" && !strings.HasSuffix(l, ".html") {
			t.Errorf("after restyling, %s: only the new style sheet and pages changed", l)
		}
	}
	slices.Sort(deleted) // deleted in parallel
	if len(deleted) != 2 || !strings.HasPrefix(deleted[0], "assets/s.") || deleted[1] != "notice.txt" || restyled.Deleted != 2 {
		t.Errorf("deleted %q (%v); want the old style sheet and notice.txt", deleted, restyled)
	}
	if _, err := c.StatObject(ctx, bucket, "notice.txt", minio.StatObjectOptions{}); err == nil {
		t.Error("notice.txt is still in the store")
	}
}

// TestDryRun prints what would change and changes nothing.
func TestDryRun(t *testing.T) {
	src := makeSite(t)
	out := buildSite(t, src)
	s := newStore(t)
	s.deploy(t, out)
	s.takeLog()
	os.WriteFile(filepath.Join(src, "static/notice.txt"), []byte("示例 changed\n"), 0o644)
	out = buildSite(t, src)
	opt := s.options(out)
	var printed bytes.Buffer
	opt.DryRun, opt.Out = true, &printed
	sum, err := deploy.Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if want := "upload notice.txt (15 B; text/plain; charset=utf-8; public, max-age=0, must-revalidate)\n"; printed.String() != want {
		t.Errorf("dry run printed %q, want %q", printed.String(), want)
	}
	if log := s.takeLog(); len(log) != 0 || sum.Uploaded != 1 || !strings.HasPrefix(sum.String(), "dry run: 1 to upload (15 B), ") {
		t.Errorf("dry run: %v; requests %q", sum, log)
	}
}

// TestProgress: one line overwritten on a terminal, lines otherwise.
func TestProgress(t *testing.T) {
	for _, term := range []bool{true, false} {
		out := buildSite(t, makeSite(t))
		s := newStore(t)
		opt := s.options(out)
		var p bytes.Buffer
		opt.Progress, opt.Terminal = &p, term
		sum, err := deploy.Run(context.Background(), opt)
		if err != nil {
			t.Fatal(err)
		}
		last := "deploy: " + strconv.Itoa(sum.Uploaded) + "/" + strconv.Itoa(sum.Uploaded) + " objects"
		lines := strings.Split(strings.TrimSuffix(p.String(), "\n"), "\n")
		switch {
		case term && (len(lines) != 1 || strings.Count(p.String(), "\r") != sum.Uploaded || !strings.Contains(lines[0], last)):
			t.Errorf("terminal progress: %q", p.String())
		case !term && (strings.Contains(p.String(), "\r") || len(lines) < 2 || !strings.HasPrefix(lines[len(lines)-1], last)):
			t.Errorf("progress in a log: %q", p.String())
		}
	}
}

// TestCredentialsNotPrinted: a store that quotes the key in its error does
// not get it into the message.
func TestCredentialsNotPrinted(t *testing.T) {
	out := buildSite(t, makeSite(t))
	// A store that refuses the key, quoting it and the signature's parts.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidAccessKeyId</Code><Message>The access key %s with secret %s does not exist.</Message><Resource>/%s</Resource></Error>`, accessKey, secretKey, bucket)
	}))
	defer srv.Close()
	opt := deploy.Options{Dir: out, Target: "s3://" + bucket, Endpoint: srv.URL, AccessKey: accessKey, SecretKey: secretKey}
	_, err := deploy.Run(context.Background(), opt)
	if err == nil {
		t.Fatal("a refused key deployed")
	}
	if strings.Contains(err.Error(), accessKey) || strings.Contains(err.Error(), secretKey) {
		t.Errorf("the error shows the credentials: %v", err)
	}
	if !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error: %v", err)
	}
	opt.AccessKey = ""
	if _, err := deploy.Run(context.Background(), opt); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("without credentials: %v", err)
	}
}

// TestNetlifyHeaders keeps netlify.toml's [[headers]] and the table the
// deploy stores objects with in agreement.
func TestNetlifyHeaders(t *testing.T) {
	var cfg struct {
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	if _, err := toml.DecodeFile("../../netlify.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	stored := []string{"Content-Type", "Cache-Control"}
	netlify := map[string]map[string]string{}
	for _, h := range cfg.Headers {
		netlify[h.For] = map[string]string{}
		for _, k := range stored {
			if v, ok := h.Values[k]; ok {
				netlify[h.For][k] = v
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range deploy.Rules {
		seen[r.Pattern] = true
		n := netlify[r.Pattern]
		if r.NetlifyDefault {
			if len(n) > 0 {
				t.Errorf("%s: netlify.toml sets %v, which Netlify would send beside the more specific rules' values", r.Pattern, n)
			}
			if r.Headers["Cache-Control"] != "public, max-age=0, must-revalidate" {
				t.Errorf("%s: %v is not what Netlify sends by default", r.Pattern, r.Headers)
			}
			continue
		}
		for _, k := range stored {
			if r.Headers[k] != n[k] {
				t.Errorf("%s: %s is %q in the deploy's table, %q in netlify.toml", r.Pattern, k, r.Headers[k], n[k])
			}
		}
	}
	for p, n := range netlify {
		if len(n) > 0 && !seen[p] {
			t.Errorf("netlify.toml sets %v on %s; the deploy's table has no rule for it", n, p)
		}
	}
}

func read(t *testing.T, c *minio.Client, key string) []byte {
	t.Helper()
	o, err := c.GetObject(context.Background(), bucket, key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(o); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	return b.Bytes()
}

// TestPrefix: under s3://BUCKET/PREFIX the site's objects get the prefix,
// and objects outside it are never touched.
func TestPrefix(t *testing.T) {
	out := buildSite(t, makeSite(t))
	s := newStore(t)
	c := s.client(t)
	ctx := context.Background()
	for _, key := range []string{"other/keep.txt", "sitemap.xml", "zjx/gone.html"} {
		if _, err := c.PutObject(ctx, bucket, key, strings.NewReader("x"), 1, minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	opt := s.options(out)
	opt.Target = "s3://" + bucket + "/zjx/"
	sum, err := deploy.Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Deleted != 1 {
		t.Errorf("%v; want only zjx/gone.html deleted", sum)
	}
	for _, key := range []string{"other/keep.txt", "sitemap.xml", "zjx/index.html", "zjx/L/3", "zjx/audio/hello.18e21d4dc1.mp3"} {
		if _, err := c.StatObject(ctx, bucket, key, minio.StatObjectOptions{}); err != nil {
			t.Errorf("%s: %v", key, err)
		}
	}
	if _, err := c.StatObject(ctx, bucket, "zjx/gone.html", minio.StatObjectOptions{}); err == nil {
		t.Error("zjx/gone.html, no longer part of the site, was kept")
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string][2]string{
		"s3://zjx":            {"zjx", ""},
		"s3://zjx/":           {"zjx", ""},
		"s3://zjx/site/2026/": {"zjx", "site/2026"},
		"zjx":                 {"", "error"},
		"s3:///site":          {"", "error"},
		"https://zjx.cos":     {"", "error"},
	} {
		b, p, err := deploy.ParseTarget(in)
		if (err != nil) != (want[1] == "error") || (err == nil && (b != want[0] || p != want[1])) {
			t.Errorf("ParseTarget(%q) = %q, %q, %v; want %q", in, b, p, err, want)
		}
	}
}
