package build

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/corpus"
	"github.com/zhaojiaxiang/site/build/publish"
	"github.com/zhaojiaxiang/site/build/qr"
)

// The benchmarks build a generated corpus (package corpus) with the site's
// own layouts; -pages sets its size:
//
//	go test ./build -run '^$' -bench . -pages 10000
var benchPages = flag.Int("pages", 1000, "pages in the benchmarks' corpus")

// benchSite writes a corpus into a temporary folder and returns its root.
func benchSite(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := corpus.Write(dir, *benchPages, os.DirFS("..")); err != nil {
		b.Fatal(err)
	}
	return dir
}

func assembled(b *testing.B, dir string) *Site {
	b.Helper()
	s, errs := Assemble(Config{Root: os.DirFS(dir), Out: filepath.Join(dir, "public")})
	if err := errs.Err(); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLoad reads every page's front matter.
func BenchmarkLoad(b *testing.B) {
	root := os.DirFS(benchSite(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := content.Load(root, content.Options{}); errs.Err() != nil {
			b.Fatal(errs.Err())
		}
	}
}

// BenchmarkAssemble loads the site and checks it as a whole: layouts, URLs,
// audio and QR codes.
func BenchmarkAssemble(b *testing.B) {
	dir := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		assembled(b, dir)
	}
}

// BenchmarkRender draws every file of the site and throws the bytes away.
func BenchmarkRender(b *testing.B) {
	s := assembled(b, benchSite(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Render(context.Background(), func(string, []byte) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQR computes one code and draws its PNG and SVG.
func BenchmarkQR(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c, err := qr.Encode("HTTPS://BENCH.EXAMPLE.ORG/L/123")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.PNG(8); err != nil {
			b.Fatal(err)
		}
		c.SVG()
	}
}

// BenchmarkWrite writes the rendered files of the site over the previous
// output and swaps them in, as a rebuild does.
func BenchmarkWrite(b *testing.B) {
	dir := benchSite(b)
	s := assembled(b, dir)
	type file struct {
		name string
		data []byte
	}
	var files []file
	if _, err := s.Render(context.Background(), func(name string, data []byte) error {
		files = append(files, file{name, append([]byte(nil), data...)})
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	b.ReportAllocs()
	for b.Loop() {
		d, err := publish.Begin(out)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if err := d.Write(f.name, f.data); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild is the whole build over the previous output.
func BenchmarkBuild(b *testing.B) {
	dir := benchSite(b)
	cfg := Config{Root: os.DirFS(dir), Out: filepath.Join(dir, "public")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildFirst is the whole build from nothing: no output, no
// previous build kept beside it, no QR cache.
func BenchmarkBuildFirst(b *testing.B) {
	dir := benchSite(b)
	cfg := Config{Root: os.DirFS(dir), Out: filepath.Join(dir, "public")}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		for _, p := range []string{"public", ".public.prev", ".public.cache"} {
			os.RemoveAll(filepath.Join(dir, p))
		}
		syscall.Sync()
		b.StartTimer()
		if _, err := Build(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}
