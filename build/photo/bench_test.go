package photo

import (
	"github.com/zhaojiaxiang/site/build/photo/phototest"

	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const benchPhotos = 20

// benchPhotoFiles makes 20 photos of 4000×3000 (12 MP, a phone's size):
// shapes, gradients and sensor-like noise, so they compress like photos
// (3–5 MB at quality 92) rather than like flat test cards; a third are
// stored on their side (orientation 6) and all carry GPS, as a phone's do.
// Making them takes a minute of CPU, so they are kept in the system's
// temporary folder (photo-bench-v1, 80 MB) for the next run; the photos
// depend only on the code below, so bump the folder's version with it.
func benchPhotoFiles(b *testing.B) []string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "photo-bench-v1")
	done := filepath.Join(dir, "complete")
	if _, err := os.Stat(done); err != nil {
		tmp, err := os.MkdirTemp("", "photo-bench-new-")
		if err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for i := range benchPhotos {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				o := 1
				if i%3 == 0 {
					o = 6
				}
				j := noisyJPEG(b, 4000, 3000, uint64(i))
				j = phototest.WithAPP1(j, phototest.EXIF(binary.BigEndian, o, true))
				if err := os.WriteFile(filepath.Join(tmp, fmt.Sprintf("p%02d.jpg", i)), j, 0o644); err != nil {
					b.Error(err)
				}
			})
		}
		wg.Wait()
		os.WriteFile(filepath.Join(tmp, "complete"), nil, 0o644)
		os.RemoveAll(dir)
		if err := os.Rename(tmp, dir); err != nil {
			b.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jpg"))
	if len(files) != benchPhotos {
		b.Fatalf("%s holds %d photos, want %d: remove it", dir, len(files), benchPhotos)
	}
	return files
}

func noisyJPEG(t testing.TB, w, h int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 11))
	m := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	// A few soft discs over a gradient, then noise on every pixel.
	type disc struct{ x, y, r, y0, cb, cr int }
	discs := make([]disc, 12)
	for i := range discs {
		discs[i] = disc{r.IntN(w), r.IntN(h), 200 + r.IntN(900), r.IntN(200), 60 + r.IntN(140), 60 + r.IntN(140)}
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 40 + 150*x/w + 30*y/h
			for _, d := range discs {
				if dx, dy := x-d.x, y-d.y; dx*dx+dy*dy < d.r*d.r {
					v = (v + d.y0) / 2
				}
			}
			v += r.IntN(25) - 12
			m.Y[y*m.YStride+x] = uint8(min(max(v, 0), 255))
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			cb, cr := 128, 128
			for _, d := range discs {
				if dx, dy := 2*x-d.x, 2*y-d.y; dx*dx+dy*dy < d.r*d.r {
					cb, cr = d.cb, d.cr
				}
			}
			m.Cb[y*m.CStride+x] = uint8(cb + r.IntN(9) - 4)
			m.Cr[y*m.CStride+x] = uint8(cr + r.IntN(9) - 4)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 92}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// processAll gets every photo through p with two workers, as the engine
// does on this two-core machine; each worker reads its photo itself, so no
// more than two sources are in memory at once.
func processAll(b *testing.B, p *Processor, files []string) {
	var wg sync.WaitGroup
	next := make(chan string)
	for range 2 {
		wg.Go(func() {
			for f := range next {
				src, err := os.ReadFile(f)
				if err != nil {
					b.Error(err)
					continue
				}
				if _, err := p.Get(filepath.Base(f), src); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
}

// resetPeak starts the process's peak resident memory (VmHWM) afresh, so
// making the benchmark's photos does not count.
func resetPeak() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakMiB is the process's peak resident memory since resetPeak, or -1.
func peakMiB() float64 {
	kb := vmHWM("/proc/self/status")
	if kb == 0 {
		return -1
	}
	return float64(kb) / 1024
}

// cpuTime is the CPU time this process has used, user and system. On a
// machine shared with other work it varies less than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM reads the peak resident memory in kB from a /proc status file.
func vmHWM(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// BenchmarkFirstBuild20 makes 480, 800 and 1200 px JPEGs of 20 12-MP
// photos into an empty cache, with two workers. Reported: seconds for the
// 20, milliseconds a photo, and the process's peak resident memory.
func BenchmarkFirstBuild20(b *testing.B) {
	files := benchPhotoFiles(b)
	var cpu time.Duration
	debug.FreeOSMemory()
	resetPeak()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir, err := os.MkdirTemp("", "photo-cache-")
		if err != nil {
			b.Fatal(err)
		}
		p, _ := New(dir, Default)
		before := cpuTime()
		b.StartTimer()
		processAll(b, p, files)
		b.StopTimer()
		cpu += cpuTime() - before
		if p.Decodes() != len(files) {
			b.Fatalf("decoded %d photos, want %d", p.Decodes(), len(files))
		}
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/build")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(files)), "ms/photo")
	b.ReportMetric(peakMiB(), "peak-MiB")
}

// BenchmarkCached is a rebuild with unchanged photos, one photo an
// operation: read the source, hash it, find and check its cache entry.
func BenchmarkCached(b *testing.B) {
	files := benchPhotoFiles(b)
	dir := b.TempDir()
	p, _ := New(dir, Default)
	processAll(b, p, files)
	b.ResetTimer()
	p, _ = New(dir, Default)
	for i := range b.N {
		f := files[i%len(files)]
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Get(filepath.Base(f), src); err != nil {
			b.Fatal(err)
		}
	}
	if p.Decodes() != 0 {
		b.Fatalf("a rebuild decoded %d photos", p.Decodes())
	}
}

// BenchmarkHugoFirstBuild20 has Hugo make the same three widths of the same
// 20 photos (.Resize "480x q75" and so on, Hugo's default box filter), from
// an empty resource cache each time: the target is to be no slower.
// It is skipped when hugo is not installed (Debian's hugo is 0.111).
// Reported: seconds for the 20, and Hugo's peak resident memory.
func BenchmarkHugoFirstBuild20(b *testing.B) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		b.Skip("hugo not installed (apt-get install hugo)")
	}
	files := benchPhotoFiles(b)
	site := b.TempDir()
	for _, f := range files {
		os.MkdirAll(filepath.Join(site, "assets/p"), 0o755)
		if err := os.Link(f, filepath.Join(site, "assets/p", filepath.Base(f))); err != nil {
			b.Fatal(err)
		}
	}
	write := func(name, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(site, name)), 0o755)
		os.WriteFile(filepath.Join(site, name), []byte(s), 0o644)
	}
	write("config.toml", "baseURL = 'http://example.org/'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', '404']\n")
	write("content/_index.md", "---\ntitle: photos\n---\n")
	write("layouts/index.html", `{{ range resources.Match "p/*.jpg" }}`+
		`{{ with .Resize "480x q75" }}{{ .RelPermalink }} {{ end }}`+
		`{{ with .Resize "800x q75" }}{{ .RelPermalink }} {{ end }}`+
		`{{ with .Resize "1200x q75" }}{{ .RelPermalink }}{{ end }}`+"\n{{ end }}")
	var peak int64
	var cpu time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		os.RemoveAll(filepath.Join(site, "resources"))
		os.RemoveAll(filepath.Join(site, "public"))
		cmd := exec.Command(hugo, "--quiet", "-s", site, "--cacheDir", filepath.Join(site, "cache"))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		b.StartTimer()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		// Hugo's own peak: rusage of a child started by a Go process counts
		// the parent's memory too, so read the child's VmHWM while it runs.
		done := make(chan error)
		go func() { done <- cmd.Wait() }()
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	wait:
		for {
			select {
			case err := <-done:
				if err != nil {
					b.Fatalf("%v: %s", err, out.Bytes())
				}
				break wait
			case <-time.After(20 * time.Millisecond):
				if kb := vmHWM(status); kb > peak {
					peak = kb
				}
			}
		}
		b.StopTimer()
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if got, _ := filepath.Glob(filepath.Join(site, "public/p/*.jpg")); len(got) != 3*len(files) {
			b.Fatalf("hugo made %d files, want %d", len(got), 3*len(files))
		}
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/build")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/build")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(files)), "ms/photo")
	b.ReportMetric(float64(peak)/1024, "peak-MiB")
}
