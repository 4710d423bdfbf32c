package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/photo/phototest"
)

// photoSite is the layouts of testdata/_base.txtar with a home page that
// shows covers on its cards and a frame that names the share picture, a
// site.yaml, and files.
func photoSite(t testing.TB, files map[string]string) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/_base.txtar")
	if err != nil {
		t.Fatal(err)
	}
	root := fstest.MapFS{}
	for _, f := range ar.Files {
		root[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	root["layouts/base.html"] = &fstest.MapFile{Data: []byte(`<html lang="zh-CN"><title>{{.Title}}</title>` +
		`{{with .Cover}}<meta property="og:image" content="{{abs .URL}}"><meta property="og:image:width" content="{{.Width}}"><meta property="og:image:height" content="{{.Height}}">{{end}}` +
		"\n{{block \"main\" .}}{{end}}\n")}
	root["layouts/home.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{range .Site.Spaces}}<a href="{{.URL}}">{{cover .}}{{.Title}}</a>{{end}}{{end}}`)}
	root["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: 测试中心\nbaseURL: https://example.org/\nproductionURL: HTTPS://EXAMPLE.ORG\n")}
	for name, data := range files {
		root[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return root
}

const libraryPage = `---
title: 图书馆
cover: jieshuchu.jpg
---

![借书处](jieshuchu.jpg)

借书处在一楼。

![书架](shujia.jpg)

![](menkou.jpg)

![门口](/img/door.jpg)
`

// TestPhotos builds a site whose library has three phone photos beside its
// page and one in static/, and looks at what a resident's phone gets.
func TestPhotos(t *testing.T) {
	jieshuchu := phototest.Phone(t, 1600, 1200, 6, true, 1) // GPS: a warning
	shujia := phototest.Phone(t, 900, 1200, 3, false, 2)
	menkou := phototest.Phone(t, 400, 300, 8, false, 3) // narrower than 480: a warning
	door := phototest.Phone(t, 300, 200, 1, true, 4)
	root := photoSite(t, map[string]string{
		"content/spaces/library/index.md":      libraryPage,
		"content/spaces/library/jieshuchu.jpg": string(jieshuchu),
		"content/spaces/library/shujia.jpg":    string(shujia),
		"content/spaces/library/menkou.jpg":    string(menkou),
		"static/img/door.jpg":                  string(door),
	})
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	cfg := Config{Root: root, Out: out}
	b := NewBuilder(cfg)
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatalf("the site does not build:\n%v", err)
	}
	var warnings []string
	for _, w := range res.Warnings {
		warnings = append(warnings, w.String())
	}
	got := strings.Join(warnings, "\n")
	for _, want := range []string{
		"content/spaces/library/jieshuchu.jpg: warning: this photo still carries the phone's GPS position",
		"content/spaces/library/menkou.jpg: warning: the photo is only 400 pixels wide",
		`content/spaces/library/index.md:12: warning: image "menkou.jpg" has no text`,
		"static/img/door.jpg: warning: this photo still carries the phone's GPS position",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no warning %q in:\n%s", want, got)
		}
	}
	if len(res.Warnings) != 4 {
		t.Errorf("%d warnings, want 4:\n%s", len(res.Warnings), got)
	}
	if d := b.site.photos.proc.Decodes(); d != 3 {
		t.Errorf("the first build decoded %d photos, want 3", d)
	}

	// The originals are not published; their smaller copies are, upright,
	// at the right widths, with no metadata.
	lib := filepath.Join(out, "spaces", "library")
	for _, name := range []string{"jieshuchu.jpg", "shujia.jpg", "menkou.jpg"} {
		if _, err := os.Stat(filepath.Join(lib, name)); err == nil {
			t.Errorf("the original %s is published", name)
		}
	}
	for name, want := range map[string][][2]int{
		"jieshuchu": {{480, 360}, {800, 600}, {1200, 900}},
		"shujia":    {{480, 640}, {800, 1067}, {900, 1200}},
		"menkou":    {{400, 300}},
	} {
		files, _ := filepath.Glob(filepath.Join(lib, name+".*.jpg"))
		slices.SortFunc(files, func(a, b string) int { return len(a) - len(b) }) // 480 and 800 before 1200
		if len(files) != len(want) {
			t.Errorf("%s: published %v, want %d files", name, files, len(want))
			continue
		}
		for i, f := range files {
			data, _ := os.ReadFile(f)
			m, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if s := m.Bounds().Size(); s.X != want[i][0] || s.Y != want[i][1] {
				t.Errorf("%s is %v, want %v", filepath.Base(f), s, want[i])
			}
			if !redTopLeft(m) {
				t.Errorf("%s is not upright: its top-left corner is not red", filepath.Base(f))
			}
			if bytes.Contains(data, []byte("Exif")) || bytes.Contains(data, []byte{0xFF, 0xE1}) {
				t.Errorf("%s keeps EXIF", filepath.Base(f))
			}
		}
	}
	if _, err := os.Stat(filepath.Join(out, "img", "door.jpg")); err != nil {
		t.Errorf("the photo of static/ is not copied as it is: %v", err)
	}

	html := readOut(t, out, "spaces/library/index.html")
	// A photo further down has its addresses in data- attributes for the
	// script, and a <noscript> copy that loads lazily without it.
	noscript := regexp.MustCompile(`<noscript>(<img [^>]*>)</noscript>`)
	copies := noscript.FindAllStringSubmatch(html, -1)
	imgs := regexp.MustCompile(`<img [^>]*>`).FindAllString(noscript.ReplaceAllString(html, ""), -1)
	if len(imgs) != 4 || len(copies) != 2 {
		t.Fatalf("%d images on the page and %d copies without script, want 4 and 2:\n%s", len(imgs), len(copies), html)
	}
	for _, want := range []string{
		`src="/spaces/library/jieshuchu.800.`,
		`srcset="/spaces/library/jieshuchu.480.`,
		`sizes="`, `width="1200" height="900"`, `alt="借书处"`, `fetchpriority="high"`,
	} {
		if !strings.Contains(imgs[0], want) {
			t.Errorf("first photo: no %s in %s", want, imgs[0])
		}
	}
	if strings.Contains(imgs[0], "lazy") || strings.Contains(imgs[0], "data-src") {
		t.Errorf("the first photo waits: %s", imgs[0])
	}
	for _, want := range []string{`width="900" height="1200"`, `alt="书架"`, `data-src="/spaces/library/shujia.800.`, `decoding="async"`, `900w`} {
		if !strings.Contains(imgs[1], want) {
			t.Errorf("second photo: no %s in %s", want, imgs[1])
		}
	}
	if strings.Contains(imgs[1], ` srcset=`) {
		t.Errorf("the second photo has addresses the browser would fetch before the script: %s", imgs[1])
	}
	for _, want := range []string{`srcset="/spaces/library/shujia.480.`, `loading="lazy"`, `alt="书架"`} {
		if !strings.Contains(copies[0][1], want) {
			t.Errorf("second photo without script: no %s in %s", want, copies[0][1])
		}
	}
	if !strings.Contains(imgs[2], `alt=""`) || strings.Contains(imgs[2], "srcset") {
		t.Errorf("a photo narrower than the smallest width: %s", imgs[2])
	}
	if imgs[3] != `<img src="/img/door.jpg" alt="门口">` {
		t.Errorf("an image of static/ is not a plain <img>: %s", imgs[3])
	}
	if !regexp.MustCompile(`<a class="photo" href="/spaces/library/jieshuchu\.1200\.[0-9a-f]{10}\.jpg"><img`).MatchString(html) {
		t.Errorf("the first photo is not a link to its largest file:\n%s", html)
	}
	if !regexp.MustCompile(`<meta property="og:image" content="https://example.org/spaces/library/jieshuchu\.1200\.[0-9a-f]{10}\.jpg"><meta property="og:image:width" content="1200"><meta property="og:image:height" content="900">`).MatchString(html) {
		t.Errorf("the cover is not the share picture:\n%s", html)
	}
	home := readOut(t, out, "index.html")
	if !regexp.MustCompile(`<a href="/spaces/library/"><img class="card-photo" src="/spaces/library/jieshuchu\.480\.[0-9a-f]{10}\.jpg" width="480" height="360" alt="" loading="lazy" decoding="async">图书馆</a>`).MatchString(home) {
		t.Errorf("the home page's card has no cover:\n%s", home)
	}

	// A rebuild with the same photos decodes none, and makes the same files.
	before := readTreeBytes(t, out)
	b2 := NewBuilder(cfg)
	if _, err := b2.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if d := b2.site.photos.proc.Decodes(); d != 0 {
		t.Errorf("a rebuild with unchanged photos decoded %d", d)
	}
	if after := readTreeBytes(t, out); !maps.Equal(before, after) {
		t.Error("a rebuild made other files")
	}

	// A photo no longer in the site leaves the cache after a whole build.
	cache := filepath.Join(dir, ".public.cache", "photo")
	n := len(globCache(t, cache))
	delete(root, "content/spaces/library/shujia.jpg")
	root["content/spaces/library/index.md"] = &fstest.MapFile{Data: []byte(strings.Replace(libraryPage, "![书架](shujia.jpg)", "", 1))}
	b3 := NewBuilder(cfg)
	if _, err := b3.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if m := len(globCache(t, cache)); m != n-4 { // three widths and the entry
		t.Errorf("the cache holds %d files after the photo went, %d before; want 4 fewer", m, n)
	}
	if files, _ := filepath.Glob(filepath.Join(lib, "shujia.*")); len(files) > 0 {
		t.Errorf("a deleted photo is still published: %v", files)
	}
}

// redTopLeft tells whether the test picture's red block is in m's top-left
// corner and not in the others.
func redTopLeft(m image.Image) bool {
	b := m.Bounds()
	red := func(x, y int) bool {
		r, g, _, _ := m.At(x, y).RGBA()
		return r>>8 > 180 && g>>8 < 80
	}
	w, h := b.Dx(), b.Dy()
	return red(w/10, h/10) && !red(w-w/10, h/10) && !red(w/10, h-h/10) && !red(w-w/10, h-h/10)
}

func readOut(t *testing.T, out, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readTreeBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return nil
	})
	return m
}

func globCache(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cache in %s: %v", dir, err)
	}
	return files
}

// TestBadPhotos: each bad input is an error naming the file (and its line
// where there is one), and nothing is published.
func TestBadPhotos(t *testing.T) {
	good := string(phototest.Phone(t, 600, 400, 1, false, 5))
	page := func(body string) string { return "---\ntitle: 图书馆\n---\n\n" + body + "\n" }
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"not an image", map[string]string{
			"content/spaces/library/index.md":      page("![借书处](jieshuchu.jpg)"),
			"content/spaces/library/jieshuchu.jpg": "这不是照片",
		}, "content/spaces/library/jieshuchu.jpg: not a photo"},
		{"truncated", map[string]string{
			"content/spaces/library/index.md":      page("![借书处](jieshuchu.jpg)"),
			"content/spaces/library/jieshuchu.jpg": good[:len(good)/2],
		}, "content/spaces/library/jieshuchu.jpg: the photo is damaged or cut short"},
		{"heic", map[string]string{
			"content/spaces/library/index.md":      page("![借书处](IMG_2041.HEIC)"),
			"content/spaces/library/IMG_2041.HEIC": "\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + strings.Repeat("\x00", 64),
		}, "content/spaces/library/IMG_2041.HEIC: this is an iPhone HEIC photo"},
		{"missing", map[string]string{
			"content/spaces/library/index.md":      page("![借书处](jieshuchu.jpg)\n\n![书架](shujia.jpg)"),
			"content/spaces/library/jieshuchu.jpg": good,
		}, `content/spaces/library/index.md:7: image "shujia.jpg" goes nowhere`},
		{"cover not in the bundle", map[string]string{
			"content/spaces/library/index.md":      "---\ntitle: 图书馆\ncover: other.jpg\n---\n\n![借书处](jieshuchu.jpg)\n",
			"content/spaces/library/jieshuchu.jpg": good,
			"content/spaces/hall/other.jpg":        good,
			"content/spaces/hall/index.md":         page("大厅"),
		}, `content/spaces/library/index.md:3: cover: "other.jpg" is not a photo in the page's folder content/spaces/library/`},
		{"cover of a page without a folder", map[string]string{
			"content/spaces/hall.md": "---\ntitle: 大厅\ncover: hall.jpg\n---\n",
		}, `content/spaces/hall.md:3: cover: only a page with a folder of its own has photos`},
		{"a photo of another page", map[string]string{
			"content/spaces/library/index.md":      page("![借书处](jieshuchu.jpg)"),
			"content/spaces/library/jieshuchu.jpg": good,
			"content/spaces/hall/index.md":         page("![借书处](../library/jieshuchu.jpg)"),
		}, `content/spaces/hall/index.md:5: image "../library/jieshuchu.jpg" is a photo in another page's folder`},
		{"a link to the original", map[string]string{
			"content/spaces/library/index.md":      page("[看大图](jieshuchu.jpg)"),
			"content/spaces/library/jieshuchu.jpg": good,
		}, `content/spaces/library/index.md:5: link "jieshuchu.jpg" leads to a photo's original`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			_, err := Build(context.Background(), Config{Root: photoSite(t, c.files), Out: out})
			list, ok := errors.AsType[diag.List](err)
			if !ok {
				t.Fatalf("the build did not fail with diagnostics: %v", err)
			}
			if !strings.Contains(list.Error(), c.want) {
				t.Errorf("no %q in:\n%v", c.want, list)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("the failed build published something")
			}
		})
	}
}

// BenchmarkPhotoRebuild builds again a site whose one page has 20 photos
// (2400×1800, as "site import photo" leaves them) with the cache of the
// build before: what a photo costs a build when nothing about it changed
// (target: 10 ms or less). ms/photo is the whole build's time over 20.
func BenchmarkPhotoRebuild(b *testing.B) {
	files := map[string]string{}
	var md strings.Builder
	md.WriteString("---\ntitle: 图书馆\n---\n\n")
	for i := range 20 {
		name := fmt.Sprintf("p%d.jpg", i)
		files["content/spaces/library/"+name] = string(phototest.Phone(b, 2400, 1800, 6, false, uint64(i)))
		fmt.Fprintf(&md, "![照片 %d](%s)\n\n", i, name)
	}
	files["content/spaces/library/index.md"] = md.String()
	cfg := Config{Root: photoSite(b, files), Out: filepath.Join(b.TempDir(), "public")}
	if _, err := Build(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N)/20, "ms/photo")
}
