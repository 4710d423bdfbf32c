package serve

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build/corpus"
)

// BenchmarkSaveToReload measures what an editor waits for: from writing a
// Markdown file of the repository's site to the reload message arriving at
// a client of the reload stream, over real HTTP on loopback, with real
// fsnotify events, the batching pause and a full rebuild in between.
// It reports the median and the 90th percentile; ns/op is the mean.
//
//	go test ./build/serve -run '^$' -bench SaveToReload -benchtime 200x
func BenchmarkSaveToReload(b *testing.B) {
	p := start(b, site(b), Config{})
	reloads(b, p, func(i int) {
		p.write("content/spaces/library.md", space("图书馆", fmt.Sprintf("第 %d 次保存。", i)))
	})
}

var corpusPages = flag.Int("pages", 10000, "pages in the corpus of BenchmarkSaveToReloadCorpus")

// BenchmarkSaveToReloadCorpus is BenchmarkSaveToReload on a generated site
// of -pages pages (package corpus), saving new text in one page.
//
//	go test ./build/serve -run '^$' -bench SaveToReloadCorpus -benchtime 200x
func BenchmarkSaveToReloadCorpus(b *testing.B) {
	dir := b.TempDir()
	if err := corpus.Write(dir, *corpusPages, os.DirFS("../..")); err != nil {
		b.Fatal(err)
	}
	const page = "content/spaces/p-000001.md"
	orig, err := os.ReadFile(filepath.Join(dir, page))
	if err != nil {
		b.Fatal(err)
	}
	p := start(b, dir, Config{})
	reloads(b, p, func(i int) {
		p.write(page, string(orig)+fmt.Sprintf("\n第 %d 次保存。\n", i))
	})
}

// BenchmarkLayoutToReloadCorpus is the same for a change to a layout, which
// every space page of the corpus is drawn with: a whole build that rewrites
// the files whose bytes changed.
//
//	go test ./build/serve -run '^$' -bench LayoutToReloadCorpus -benchtime 10x
func BenchmarkLayoutToReloadCorpus(b *testing.B) {
	layoutToReload(b, "layouts/space.html", "<article>")
}

// BenchmarkClipLayoutToReloadCorpus changes the layout of clip pages, one
// page in twenty of the corpus: only they are drawn again.
func BenchmarkClipLayoutToReloadCorpus(b *testing.B) {
	layoutToReload(b, "layouts/clip.html", `<article class="clip">`)
}

func layoutToReload(b *testing.B, layout, tag string) {
	dir := b.TempDir()
	if err := corpus.Write(dir, *corpusPages, os.DirFS("../..")); err != nil {
		b.Fatal(err)
	}
	orig, err := os.ReadFile(filepath.Join(dir, layout))
	if err != nil || !strings.Contains(string(orig), tag) {
		b.Fatalf("%s has no %s (%v)", layout, tag, err)
	}
	p := start(b, dir, Config{})
	reloads(b, p, func(i int) {
		edited := strings.TrimSuffix(tag, ">") + fmt.Sprintf(` data-edit="%d">`, i)
		p.write(layout, strings.Replace(string(orig), tag, edited, 1))
	})
}

// reloads times, for each benchmark iteration, from save(i) to the reload
// message reaching the client, and reports the median and 90th percentile.
func reloads(b *testing.B, p *preview, save func(i int)) {
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		save(i)
		e := p.next()
		if e.name != "reload" {
			b.Fatalf("got %s, want reload", e.name)
		}
		times = append(times, e.at.Sub(start))
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(times[len(times)/2]), "median-ms")
	b.ReportMetric(ms(times[len(times)*9/10]), "p90-ms")
}
