package qr

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
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

// Cache keeps drawn codes between builds, by content: an entry's name is a
// hash of everything a drawing depends on (the URL, the level, the scale and
// the drawing code's version), so an entry is used only when it would come
// out the same, and a changed URL simply makes a new entry. Entries are files
// in a folder that may be deleted at any time; a damaged entry is noticed by
// its checksum and drawn again. Within one build each URL is drawn at most
// once. The zero Cache, or one with an empty folder, keeps codes in memory
// only. A Cache is safe for concurrent use.
type Cache struct {
	dir string
	mu  sync.Mutex
	mem map[string]*Drawn

	// Computed counts the codes drawn rather than found.
	Computed int
}

// NewCache returns a cache in folder dir, made when first written.
func NewCache(dir string) *Cache { return &Cache{dir: dir} }

// Get returns the drawing of the code for url, computing it only when
// neither memory nor the folder has it. Encode's errors are returned as is.
func (c *Cache) Get(url string) (*Drawn, error) {
	key := cacheKey(url)
	c.mu.Lock()
	if d, ok := c.mem[key]; ok {
		c.mu.Unlock()
		return d, nil
	}
	c.mu.Unlock()
	d := c.load(key, url)
	if d == nil {
		code, err := Encode(url)
		if err != nil {
			return nil, err
		}
		png, err := code.PNG(PixelsPerModule)
		if err != nil {
			return nil, err
		}
		d = &Drawn{URL: url, Version: code.Version, PNG: png, SVG: code.SVG()}
		c.store(key, d)
		c.mu.Lock()
		c.Computed++
		c.mu.Unlock()
	}
	c.mu.Lock()
	if c.mem == nil {
		c.mem = map[string]*Drawn{}
	}
	c.mem[key] = d
	c.mu.Unlock()
	return d, nil
}

func cacheKey(url string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00level %d\x00max %d\x00px %d\x00quiet %d", drawing, url, Level, MaxVersion, PixelsPerModule, QuietZone)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// An entry file is: "qr <version> <len(png)>\n", the PNG, the SVG, and the
// SHA-256 of the URL and everything before it.
func (c *Cache) path(key string) string { return filepath.Join(c.dir, key+".qr") }

func (c *Cache) load(key, url string) *Drawn {
	if c.dir == "" {
		return nil
	}
	b, err := os.ReadFile(c.path(key))
	if err != nil || len(b) < sha256.Size {
		return nil
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if want := checksum(url, body); !bytes.Equal(sum, want[:]) {
		return nil
	}
	head, rest, ok := bytes.Cut(body, []byte("\n"))
	if !ok {
		return nil
	}
	var version, n int
	if _, err := fmt.Sscanf(string(head), "qr %d %d", &version, &n); err != nil || n < 0 || n > len(rest) {
		return nil
	}
	return &Drawn{URL: url, Version: version, PNG: rest[:n:n], SVG: rest[n:]}
}

func checksum(url string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(url))
	h.Write([]byte{0})
	h.Write(body)
	var s [sha256.Size]byte
	h.Sum(s[:0])
	return s
}

// store writes an entry; a cache that cannot be written only costs time.
func (c *Cache) store(key string, d *Drawn) {
	if c.dir == "" {
		return
	}
	var b bytes.Buffer
	b.WriteString("qr " + strconv.Itoa(d.Version) + " " + strconv.Itoa(len(d.PNG)) + "\n")
	b.Write(d.PNG)
	b.Write(d.SVG)
	sum := checksum(d.URL, b.Bytes())
	b.Write(sum[:])
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
		err = os.Rename(tmp.Name(), c.path(key))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}
