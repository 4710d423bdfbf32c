package photo

import (
	"github.com/zhaojiaxiang/site/build/publish"

	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Processor makes the published files of photos, through a cache folder
// that outlives builds (beside the output, and in the host's build cache).
// An entry is keyed by the SHA-256 of the photo's bytes and the recipe,
// never by a file time, which a checkout resets; so a rebuild with the same
// photos decodes nothing, and a changed photo or recipe is made again.
//
// The folder holds, for each entry, "<key>.<width>.jpg" for every width
// and "<key>.txt" listing them with their SHA-256, itself ending with a
// checksum; an entry whose files do not match is made again. Files are
// written to a temporary name and renamed, so an interrupted build leaves no
// half-written entry.
//
// Get is safe for concurrent use. Concurrent decodes share a budget of
// pixels, so however many workers call Get, memory stays bounded; the same
// photo asked for twice at once is made once.
type Processor struct {
	dir    string
	recipe Recipe
	budget *budget

	decodes atomic.Int64

	mu    sync.Mutex
	used  map[string]bool
	calls map[string]*call
}

type call struct {
	done chan struct{}
	e    *entry
	err  error
}

// DecodeBudget is how many pixels may be decoded at once: two 12 MP
// photos (a decoded 12 MP JPEG is 18 MB, and its scaling needs about as
// much again). A larger photo waits until it can be decoded alone.
const DecodeBudget = 25_000_000

// New returns a Processor keeping its cache in dir, which it creates.
func New(dir string, r Recipe) (*Processor, error) {
	if len(r.Widths) == 0 || r.Quality < 1 || r.Quality > 100 {
		return nil, fmt.Errorf("photo recipe %v: needs widths and a quality from 1 to 100", r)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Processor{dir: dir, recipe: r, budget: newBudget(DecodeBudget),
		used: map[string]bool{}, calls: map[string]*call{}}, nil
}

// Photo is a processed photo: the files to publish and what the build
// should tell the editor.
type Photo struct {
	// Width and Height of the largest variant, upright.
	Width, Height int
	// Variants, smallest first; the last is the largest.
	Variants []Variant
	// Warnings for the editor (a photo narrower than the smallest width).
	Warnings []string
	// GPS is true when the source file holds the position it was taken at.
	// No variant does; the warning is about the source in the repository.
	GPS bool
	// Dir is put before each variant's Name in HTML: "" when the files are
	// published beside the page that shows them, "/spaces/library/" for a
	// photo shown on another page (a cover on a list).
	Dir string
}

// Variant is one published file of a photo.
type Variant struct {
	Width, Height int
	// Name is the file name to publish it under: the source's name, the
	// width and a hash of the content, e.g. "jieshuchu.800.3f2a9c01be.jpg",
	// so it can be served as immutable and never collides.
	Name string
	// File is where the bytes are in the cache; copy or link it into the
	// output. It is kept until a Sweep after a build that does not use it.
	File string
}

// Bytes reads the variant's file from the cache.
func (v Variant) Bytes() ([]byte, error) { return os.ReadFile(v.File) }

// Decodes is how many photos this Processor has decoded: 0 on a rebuild
// whose photos are all in the cache.
func (p *Processor) Decodes() int { return int(p.decodes.Load()) }

// Get returns the processed photo for the file called name (its base name
// names the variants) with contents src, from the cache or made now. A bad
// photo returns an *Error whose message is for the editor.
func (p *Processor) Get(name string, src []byte) (*Photo, error) {
	key := p.key(src)
	p.mu.Lock()
	p.used[key] = true
	c, ok := p.calls[key]
	if !ok {
		c = &call{done: make(chan struct{})}
		p.calls[key] = c
	}
	p.mu.Unlock()
	if ok {
		<-c.done
	} else {
		c.e, c.err = p.entry(key, src)
		p.mu.Lock()
		delete(p.calls, key)
		p.mu.Unlock()
		close(c.done)
	}
	if c.err != nil {
		return nil, c.err
	}
	return c.e.photo(p.dir, key, name), nil
}

func (p *Processor) key(src []byte) string {
	h := sha256.New()
	h.Write(src)
	h.Write([]byte{0})
	h.Write([]byte(p.recipe.String()))
	return hex.EncodeToString(h.Sum(nil))
}

// entry loads key's cache entry, or makes it from src when it is missing
// or damaged.
func (p *Processor) entry(key string, src []byte) (*entry, error) {
	if e, err := p.load(key); err == nil {
		return e, nil
	}
	w, h, err := check(src)
	if err != nil {
		return nil, err
	}
	px := int64(w) * int64(h)
	p.budget.acquire(px)
	p.decodes.Add(1)
	d, err := decode(src)
	var e *entry
	var files [][]byte
	if err == nil {
		e = &entry{GPS: d.meta.GPS}
		var sizes []size
		var warning string
		sizes, files, warning, err = p.recipe.render(d)
		if warning != "" {
			e.Warnings = append(e.Warnings, warning)
		}
		for _, s := range sizes {
			e.Variants = append(e.Variants, entryVariant{W: s.w, H: s.h})
		}
	}
	p.budget.release(px)
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		sum := sha256.Sum256(f)
		e.Variants[i].Sum = hex.EncodeToString(sum[:])
		if err := publish.WriteFileAtomic(p.variantFile(key, e.Variants[i].W), f); err != nil {
			return nil, err
		}
	}
	if err := publish.WriteFileAtomic(filepath.Join(p.dir, key+".txt"), e.marshal()); err != nil {
		return nil, err
	}
	return e, nil
}

func (p *Processor) variantFile(key string, w int) string {
	return filepath.Join(p.dir, key+"."+strconv.Itoa(w)+".jpg")
}

// load reads key's entry and checks every file of it against its checksum.
func (p *Processor) load(key string) (*entry, error) {
	b, err := os.ReadFile(filepath.Join(p.dir, key+".txt"))
	if err != nil {
		return nil, err
	}
	e, err := unmarshal(b)
	if err != nil {
		return nil, err
	}
	for _, v := range e.Variants {
		f, err := os.ReadFile(p.variantFile(key, v.W))
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(f); hex.EncodeToString(sum[:]) != v.Sum {
			return nil, errors.New("damaged cache entry")
		}
	}
	return e, nil
}

// Sweep removes from the cache every entry this Processor has not been
// asked for, and leftovers of interrupted writes. Call it after a build
// that succeeded and asked for every photo of the site.
func (p *Processor) Sweep() (removed int, err error) {
	des, err := os.ReadDir(p.dir)
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, de := range des {
		name := de.Name()
		key, _, _ := strings.Cut(name, ".")
		// publish.WriteFileAtomic writes ".<name>.new-…" and renames it.
		partial := strings.HasPrefix(name, ".") && strings.Contains(name, ".new-")
		stale := partial || (isKey(key) && !p.used[key])
		if !stale || de.IsDir() {
			continue
		}
		if err := os.Remove(filepath.Join(p.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed++
	}
	return removed, nil
}

func isKey(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// entry is what the cache keeps about a photo besides its files.
type entry struct {
	GPS      bool
	Warnings []string
	Variants []entryVariant
}

type entryVariant struct {
	W, H int
	Sum  string // hex SHA-256 of the file
}

func (e *entry) photo(dir, key, name string) *Photo {
	base := baseName(name)
	ph := &Photo{GPS: e.GPS, Warnings: e.Warnings}
	for _, v := range e.Variants {
		ph.Variants = append(ph.Variants, Variant{
			Width: v.W, Height: v.H,
			Name: fmt.Sprintf("%s.%d.%s.jpg", base, v.W, v.Sum[:10]),
			File: filepath.Join(dir, key+"."+strconv.Itoa(v.W)+".jpg"),
		})
	}
	top := ph.Variants[len(ph.Variants)-1]
	ph.Width, ph.Height = top.Width, top.Height
	return ph
}

// baseName is name without folder or extension, with anything that would
// need quoting in a srcset (spaces, commas) or could read as a scheme (a
// colon) replaced by "-".
func baseName(name string) string {
	name = filepath.Base(filepath.ToSlash(name))
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if name == "" || name == "." {
		name = "photo"
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || strings.ContainsRune(",;:\"'<>&?#%/\\", r) {
			return '-'
		}
		return r
	}, name)
}

// The entry file is a few lines of text ending with the SHA-256 of the
// lines before it, so a torn or damaged file is recognised and redrawn.
func (e *entry) marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "photo cache 1\ngps %t\n", e.GPS)
	for _, w := range e.Warnings {
		fmt.Fprintf(&b, "warning %s\n", strconv.Quote(w))
	}
	for _, v := range e.Variants {
		fmt.Fprintf(&b, "variant %d %d %s\n", v.W, v.H, v.Sum)
	}
	sum := sha256.Sum256(b.Bytes())
	fmt.Fprintf(&b, "sum %x\n", sum)
	return b.Bytes()
}

func unmarshal(b []byte) (*entry, error) {
	i := bytes.LastIndex(b, []byte("sum "))
	if i < 0 || fmt.Sprintf("sum %x\n", sha256.Sum256(b[:i])) != string(b[i:]) {
		return nil, errors.New("damaged cache entry")
	}
	e := &entry{}
	sc := bufio.NewScanner(bytes.NewReader(b[:i]))
	for sc.Scan() {
		word, rest, _ := strings.Cut(sc.Text(), " ")
		switch word {
		case "gps":
			e.GPS = rest == "true"
		case "warning":
			w, err := strconv.Unquote(rest)
			if err != nil {
				return nil, err
			}
			e.Warnings = append(e.Warnings, w)
		case "variant":
			var v entryVariant
			if _, err := fmt.Sscanf(rest, "%d %d %s", &v.W, &v.H, &v.Sum); err != nil || len(v.Sum) != 64 {
				return nil, errors.New("damaged cache entry")
			}
			e.Variants = append(e.Variants, v)
		}
	}
	if len(e.Variants) == 0 {
		return nil, errors.New("damaged cache entry")
	}
	return e, nil
}

// budget is a semaphore counted in pixels.
type budget struct {
	mu    sync.Mutex
	cond  *sync.Cond
	free  int64
	total int64
}

func newBudget(n int64) *budget {
	b := &budget{free: n, total: n}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *budget) acquire(n int64) {
	n = min(n, b.total)
	b.mu.Lock()
	for b.free < n {
		b.cond.Wait()
	}
	b.free -= n
	b.mu.Unlock()
}

func (b *budget) release(n int64) {
	n = min(n, b.total)
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	b.cond.Broadcast()
}
