package qr

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// PixelsPerModule is the scale of every PNG the build writes.
const PixelsPerModule = 8

// drawing changes whenever this package draws a code differently, so that
// cached drawings of an older version are not used.
const drawing = "qr 1"

// Drawn is a code drawn as the files the build publishes.
type Drawn struct {
	URL     string
	Version int
	PNG     []byte // PixelsPerModule pixels a module
	SVG     []byte
}

// Size is the width of the symbol in modules, quiet zone included.
func (d *Drawn) Size() int { return 17 + 4*d.Version + 2*QuietZone }

// Cache keeps drawn codes between builds, by content: an entry's key is a
// hash of everything a drawing depends on (the URL, the level, the scale and
// the drawing code's version), so an entry is used only when it would come
// out the same, and a changed URL simply makes a new entry. Within one build
// each URL is drawn at most once. A Cache is safe for concurrent use.
//
// The entries live in one file, read once when the first code is asked
// for and written by Flush: one file instead of one a code, because on
// some disks making hundreds of small files costs more than drawing the
// codes. The file may be deleted at any time; an entry whose checksum does
// not match is drawn again. The zero Cache, or one with an empty folder,
// keeps codes in memory only.
type Cache struct {
	dir string
	mu  sync.Mutex

	read bool              // the file has been read into disk
	disk map[string]*Drawn // entries found in the file
	used map[string]*Drawn // entries this build asked for

	// Computed counts the codes drawn rather than found.
	Computed int
}

// NewCache returns a cache in folder dir, made when first written.
func NewCache(dir string) *Cache { return &Cache{dir: dir} }

// Get returns the drawing of the code for url, computing it only when
// neither this build nor the cache file has it. Encode's errors are
// returned as is.
func (c *Cache) Get(url string) (*Drawn, error) {
	key := cacheKey(url)
	c.mu.Lock()
	if !c.read {
		c.read, c.disk, c.used = true, c.load(), map[string]*Drawn{}
	}
	d, ok := c.used[key]
	if !ok {
		if d, ok = c.disk[key]; ok && d.URL == url {
			c.used[key] = d
		} else {
			ok = false
		}
	}
	c.mu.Unlock()
	if ok {
		return d, nil
	}
	code, err := Encode(url)
	if err != nil {
		return nil, err
	}
	png, err := code.PNG(PixelsPerModule)
	if err != nil {
		return nil, err
	}
	d = &Drawn{URL: url, Version: code.Version, PNG: png, SVG: code.SVG()}
	c.mu.Lock()
	defer c.mu.Unlock()
	if first, ok := c.used[key]; ok {
		return first, nil // drawn at the same time by another caller
	}
	c.used[key] = d
	c.Computed++
	return d, nil
}

func cacheKey(url string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00level %d\x00max %d\x00px %d\x00quiet %d", drawing, url, Level, MaxVersion, PixelsPerModule, QuietZone)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// The file is packMagic and then one entry after another:
//
//	qr <key> <version> <len(url)> <len(png)> <len(svg)>\n
//	<url><png><svg><SHA-256 of everything before it in the entry>
const packMagic = "site qr cache 1\n"

func (c *Cache) path() string { return filepath.Join(c.dir, "codes") }

// load reads the entries of the cache file; it stops at the first one it
// cannot make sense of and skips those whose checksum is wrong.
func (c *Cache) load() map[string]*Drawn {
	out := map[string]*Drawn{}
	if c.dir == "" {
		return out
	}
	b, err := os.ReadFile(c.path())
	if err != nil || !bytes.HasPrefix(b, []byte(packMagic)) {
		return out
	}
	b = b[len(packMagic):]
	for len(b) > 0 {
		head, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok {
			break
		}
		var key string
		var version, nu, np, ns int
		if _, err := fmt.Sscanf(string(head), "qr %s %d %d %d %d", &key, &version, &nu, &np, &ns); err != nil ||
			nu < 0 || np < 0 || ns < 0 || nu+np+ns+sha256.Size > len(rest) {
			break
		}
		n := len(head) + 1 + nu + np + ns
		entry, sum := b[:n], b[n:n+sha256.Size]
		b = b[n+sha256.Size:]
		if want := sha256.Sum256(entry); !bytes.Equal(sum, want[:]) {
			continue
		}
		u, png, svg := rest[:nu], rest[nu:nu+np:nu+np], rest[nu+np:nu+np+ns:nu+np+ns]
		out[key] = &Drawn{URL: string(u), Version: version, PNG: png, SVG: svg}
	}
	return out
}

// Flush writes the codes this build asked for to the cache file, when they
// differ from what it holds; codes no longer asked for are dropped. A cache
// that cannot be written only costs time.
func (c *Cache) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" || !c.read || c.Computed == 0 && len(c.used) == len(c.disk) {
		return // every code used came from the file, and it holds no others
	}
	var b bytes.Buffer
	b.WriteString(packMagic)
	for _, key := range slices.Sorted(maps.Keys(c.used)) {
		d := c.used[key]
		start := b.Len()
		fmt.Fprintf(&b, "qr %s %d %d %d %d\n", key, d.Version, len(d.URL), len(d.PNG), len(d.SVG))
		b.WriteString(d.URL)
		b.Write(d.PNG)
		b.Write(d.SVG)
		sum := sha256.Sum256(b.Bytes()[start:])
		b.Write(sum[:])
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.dir, ".new-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(b.Bytes())
	err = errors.Join(err, tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), c.path())
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}
