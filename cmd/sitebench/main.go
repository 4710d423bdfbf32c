// Command sitebench measures the site generator against Hugo and against the
// least work any generator must do.
//
//	sitebench -n N -o DIR           write a corpus of N pages into DIR
//	sitebench -n N -compare         build one with site, the floor and hugo
//	sitebench -compare -baseline REV   and with site as it was at git revision REV
//
// The corpus (package build/corpus) is at once a site for this generator and
// a Hugo site. -compare writes it into a temporary folder (or -o), builds
// the site command from this module, and then, round after round, builds the
// corpus with each contestant in turn, in a different order each round:
//
//	site    the real command, "site build"
//	floor   sitebench itself in a bare loop: read, split front matter,
//	        goldmark, one template, write, on as many workers as cores
//	hugo    "hugo --quiet", when hugo is on PATH
//	REV     with -baseline: the site command of that revision of this
//	        repository, on the corpus and layouts that revision's sitebench
//	        writes; the direct answer to "is it slower than before?", since
//	        the floor moves with the layouts and the machine
//
// Each contestant is a child process, so its peak memory is the kernel's own
// count (getrusage's ru_maxrss). Each round times, for each contestant, a
// first build from nothing (no output, no caches), a rebuild over that
// output, and another rebuild (for site the steady state: it then updates
// the build it kept beside the output); before every timed run the file
// system is synced, so one contestant's deleted or written files do not
// slow the next. It prints the machine, the versions, the median time and
// peak memory of each, and the median of the ratios paired within a round.
//
// Run it from the module's root: it copies the site's layouts/ and static/
// into the corpus and builds ./cmd/site.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/zhaojiaxiang/site/build/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of pages")
	out := flag.String("o", "", "write the corpus into this folder")
	compare := flag.Bool("compare", false, "build the corpus with site, the floor and hugo, and compare")
	runs := flag.Int("runs", 5, "rounds of builds with -compare")
	baseline := flag.String("baseline", "", "with -compare, also build with the site command of this git revision")
	floorSrc := flag.String("floor", "", "internal: run the floor on this corpus (with -floor-out)")
	floorOut := flag.String("floor-out", "", "internal: output of the floor")
	flag.Parse()

	if *floorSrc != "" {
		if err := floor(*floorSrc, *floorOut); err != nil {
			fail(err)
		}
		return
	}
	if !*compare {
		if *out == "" {
			fmt.Fprintln(os.Stderr, "sitebench: give -o DIR to write a corpus, or -compare")
			os.Exit(2)
		}
		if err := writeCorpus(*out, *n); err != nil {
			fail(err)
		}
		spaces, clips := corpus.Counts(*n)
		fmt.Printf("wrote %d pages (%d clips with MP3) into %s\n", spaces+clips, clips, *out)
		return
	}
	if err := runCompare(*n, *runs, *out, *baseline); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "sitebench: %v\n", err)
	os.Exit(1)
}

// moduleRoot is the folder of go.mod, where layouts/ and cmd/site are.
func moduleRoot() (string, error) {
	b, err := exec.Command("go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(b))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", errors.New("run sitebench inside the site's module (go run ./cmd/sitebench)")
	}
	return filepath.Dir(gomod), nil
}

func writeCorpus(dir string, n int) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	return corpus.Write(dir, n, os.DirFS(root))
}

// contestant is one way of building the corpus.
type contestant struct {
	name     string
	baseline bool // site at an earlier revision
	cmd      func(out string) *exec.Cmd
	out      string
	// results per round
	first, rebuild, again []sample
}

type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

func runCompare(n, runs int, dir, baseline string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "sitebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dir == "" {
		dir = filepath.Join(tmp, "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "site.yaml")); err != nil {
		fmt.Printf("writing a corpus of %d pages into %s\n", n, dir)
		if err := writeCorpus(dir, n); err != nil {
			return err
		}
	}
	siteBin := filepath.Join(tmp, "site")
	build := exec.Command("go", "build", "-o", siteBin, "./cmd/site")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/site: %w", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cs := []*contestant{
		{name: "site", cmd: func(out string) *exec.Cmd { return exec.Command(siteBin, "build", "-src", dir, "-o", out) }},
		{name: "floor", cmd: func(out string) *exec.Cmd { return exec.Command(self, "-floor", dir, "-floor-out", out) }},
	}
	if baseline != "" {
		c, err := baselineContestant(root, tmp, baseline, n)
		if err != nil {
			return fmt.Errorf("baseline %s: %w", baseline, err)
		}
		cs = append(cs, c)
	}
	hugoVersion := "not installed: skipped"
	if hugo, err := exec.LookPath("hugo"); err == nil {
		v, _ := exec.Command(hugo, "version").Output()
		hugoVersion = strings.TrimSpace(string(v))
		cs = append(cs, &contestant{name: "hugo", cmd: func(out string) *exec.Cmd {
			return exec.Command(hugo, "--quiet", "-s", dir, "-d", out)
		}})
	}
	for _, c := range cs {
		c.out = filepath.Join(tmp, "out-"+c.name)
	}

	printMachine(hugoVersion, n)
	for r := range runs {
		order := append(slices.Clone(cs[r%len(cs):]), cs[:r%len(cs)]...)
		for _, c := range order {
			// A first build starts from nothing: no output, nothing kept
			// beside it (site's previous build and QR cache), no Hugo
			// resource cache.
			kept, _ := filepath.Glob(filepath.Join(filepath.Dir(c.out), "."+filepath.Base(c.out)+".*"))
			for _, p := range append(kept, c.out, filepath.Join(dir, "resources")) {
				if err := os.RemoveAll(p); err != nil {
					return err
				}
			}
			for _, b := range []struct {
				what string
				to   *[]sample
			}{{"first build", &c.first}, {"rebuild", &c.rebuild}, {"another rebuild", &c.again}} {
				s, err := run(c.cmd(c.out))
				if err != nil {
					return fmt.Errorf("%s, %s: %w", c.name, b.what, err)
				}
				*b.to = append(*b.to, s)
			}
		}
		fmt.Printf("round %d/%d:", r+1, runs)
		for _, c := range cs {
			fmt.Printf("  %s %s/%s/%s", c.name, secs(c.first[r].wall), secs(c.rebuild[r].wall), secs(c.again[r].wall))
		}
		fmt.Printf("  (first/rebuild/again; load %s)\n", loadAvg())
	}
	os.RemoveAll(filepath.Join(dir, ".hugo_build.lock"))
	os.RemoveAll(filepath.Join(dir, "resources"))
	report(cs, n, runs)
	return nil
}

// run syncs the file system, then times cmd and reads its peak memory.
func run(cmd *exec.Cmd) (sample, error) {
	syscall.Sync()
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%v\n%s", err, stderr.Bytes())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var rss int64
	if ru != nil {
		rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return sample{wall, rss}, nil
}

func printMachine(hugo string, n int) {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "unknown"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	goV, _ := exec.Command("go", "version").Output()
	spaces, clips := corpus.Counts(n)
	fmt.Printf("machine: %d cores (GOMAXPROCS %d), %s, %s memory\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), cpu, mem)
	fmt.Printf("go: %s\nhugo: %s\n", strings.TrimSpace(string(goV)), hugo)
	fmt.Printf("corpus: %d pages (%d clips with MP3 and QR code); load average before: %s\n", spaces+clips, clips, loadAvg())
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func report(cs []*contestant, n, runs int) {
	fmt.Printf("\nmedians of %d rounds, %d pages:\n\n", runs, n)
	fmt.Println("| build | first build | rebuild | another rebuild | peak memory (first / rebuild / another) |")
	fmt.Println("| --- | --- | --- | --- | --- |")
	for _, c := range cs {
		fmt.Printf("| %s | %s | %s | %s | %s / %s / %s |\n", c.name,
			secs(median(c.first, wall)), secs(median(c.rebuild, wall)), secs(median(c.again, wall)),
			mib(median(c.first, rss)), mib(median(c.rebuild, rss)), mib(median(c.again, rss)))
	}
	fmt.Println("\nmedian of the ratios paired within a round:")
	fmt.Println()
	fmt.Println("| ratio | first build | rebuild | another rebuild |")
	fmt.Println("| --- | --- | --- | --- |")
	for _, a := range cs {
		if a != cs[0] && !a.baseline {
			continue
		}
		for _, c := range cs {
			if c == a || a.baseline && (c.baseline || c == cs[0]) {
				continue
			}
			fmt.Printf("| %s / %s | %.2f | %.2f | %.2f |\n", a.name, c.name,
				ratio(a.first, c.first), ratio(a.rebuild, c.rebuild), ratio(a.again, c.again))
		}
	}
}

func wall(s sample) int64 { return int64(s.wall) }
func rss(s sample) int64  { return s.rss }

func median(ss []sample, f func(sample) int64) int64 {
	v := make([]int64, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ratio(a, b []sample) float64 {
	r := make([]float64, len(a))
	for i := range a {
		r[i] = float64(a[i].wall) / float64(b[i].wall)
	}
	slices.Sort(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

func secs[D ~int64](d D) string {
	return fmt.Sprintf("%.2f s", time.Duration(d).Seconds())
}

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
