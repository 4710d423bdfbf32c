package deploy

import (
	"github.com/zhaojiaxiang/site/build/publish"

	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/qr"
)

// A Stage is when an object is uploaded. A reader who opens a page while a
// deploy runs must find what it links to: the assets and recordings, whose
// names change with their content, go first, then the other files, then the
// pages; objects no longer part of the site are deleted last.
type Stage int

const (
	Assets Stage = iota // hashed names: /assets/, /audio/
	Files               // everything that is not a page
	Pages               // HTML, and the extensionless short URLs
)

func (s Stage) String() string {
	return [...]string{"assets", "files", "pages"}[s]
}

// NetlifyOnly are files of the build that only Netlify reads; on any other
// host they would be served as public files, so they are never uploaded.
var NetlifyOnly = []string{"_redirects", "_headers"}

// notPublished are files of the build that are not part of the site: the
// mark that says a folder is the generator's (publish.Marker).
var notPublished = []string{publish.Marker}

// An Object is one object the site needs in the store.
type Object struct {
	Key          string // object key, the prefix included, e.g. "site/L/3"
	Source       string // the file of the build it holds, e.g. "L/3/index.html"
	Size         int64
	ContentType  string
	CacheControl string
	// Sum is the hex SHA-256 of the content and both headers. It is stored
	// with the object (user metadata "site-sum"), so a later deploy knows
	// an object is up to date, headers included, without reading it back.
	Sum   string
	Stage Stage
}

// Plan lists the objects the built site in dir needs, under prefix ("" for
// the bucket's root), in upload order: by stage, then by key.
//
// Besides every file of the build but NetlifyOnly, each short URL's
// forwarding page L/<n>/index.html (and l/<n>/index.html) is stored a second
// time under the extensionless key L/<n>, as text/html: an object store
// answers /L/3 only with an object of that name (COS gives 404, OSS with
// default settings too), while a code on the wall holds /L/3.
func Plan(dir, prefix string) ([]Object, error) {
	prefix = strings.Trim(prefix, "/")
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return nil, fmt.Errorf("%s holds no built site (no index.html): run \"site build\" first", dir)
	}
	var objs []Object
	add := func(key, source string, data []byte) {
		ct, cc := Headers("/" + key)
		if key != source {
			ct = HTML // a short URL's forwarding page
		}
		if prefix != "" {
			key = prefix + "/" + key
		}
		h := sha256.New()
		h.Write([]byte(ct + "\n" + cc + "\n"))
		h.Write(data)
		st := Files
		switch {
		case cc == Immutable:
			st = Assets
		case ct == HTML:
			st = Pages
		}
		objs = append(objs, Object{Key: key, Source: source, Size: int64(len(data)), ContentType: ct, CacheControl: cc, Sum: hex.EncodeToString(h.Sum(nil)), Stage: st})
	}
	fsys := os.DirFS(dir)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if slices.Contains(NetlifyOnly, p) || slices.Contains(notPublished, p) {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file", filepath.Join(dir, filepath.FromSlash(p)))
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		add(p, p, data)
		if short, ok := shortURL(p); ok {
			add(short, p, data)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(objs, func(a, b Object) int {
		if a.Stage != b.Stage {
			return int(a.Stage - b.Stage)
		}
		return strings.Compare(a.Key, b.Key)
	})
	return objs, nil
}

// shortURL tells whether p is the forwarding page of a short URL, such as
// "L/3/index.html" or "l/3/index.html", and gives the short URL's key, "L/3".
func shortURL(p string) (string, bool) {
	dir, ok := strings.CutSuffix(p, "/index.html")
	if !ok {
		return "", false
	}
	_, num, ok := strings.Cut(dir, "/")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 {
		return "", false
	}
	if slices.Contains(qr.ShortPaths(n), "/"+dir) {
		return dir, true
	}
	return "", false
}
