// Package publish writes a finished build to disk so that the output folder
// is always a whole site: the one before the build, or the new one.
//
// Files are written into a folder beside the output; only when every page
// has been written without error does Commit swap the two folders. A failed
// or interrupted build leaves the previous output exactly as it was, so a
// web server or a deploy never sees half a site.
//
// # Rebuilds
//
// The folder a build is written into is the build before last: after a
// swap, the previous output is not deleted but kept beside the new one as
// ".<out>.prev" (".public.prev" for "public"). The next build writes into that
// folder in place: a file whose bytes are already there is left alone, a file
// that changed is rewritten, and files that the new build does not make are
// removed before the swap. Every file is compared by its content, so a
// folder an earlier build left half-written, or one somebody edited, still
// ends up byte-identical to a clean build. Deleting and creating many
// thousands of files is the slow part of a build on most disks; this way a
// rebuild touches only what changed, and the swap stays one atomic step. The
// kept folder costs disk space as large as the site, and may be deleted at
// any time: the next build then writes a fresh folder. Reuse needs Linux,
// which swaps two folders in one step and lets a build lock the folder it
// writes; elsewhere every build writes a fresh folder.
//
// # Whose folder
//
// The output folder is the generator's alone. Every build writes Marker
// into it, and a build replaces an existing output only when it carries
// the marker or is empty: a folder of somebody else's files, or a file,
// is refused (CheckOut), and with Options.Force moved aside, never
// deleted. Folders beside the output are reused or removed only with the
// marker too. An output may not be the site root, lie inside its sources
// or hold it.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Dir is a build being written. Its methods are safe for concurrent use.
type Dir struct {
	out    string // the output folder, e.g. "public"
	prev   string // where the build before last is kept, e.g. ".public.prev"
	tmp    string // where this build is written
	reuse  bool   // tmp is the build before last, updated in place
	dirs   sync.Map
	unlock func()

	given string // out as the caller named it, for messages
	force bool
	aside string // where Commit moved an output that was not the generator's

	mu    sync.Mutex
	wrote map[string]bool // with reuse: every file of this build
}

// Begin starts writing a build that will replace out. It refuses an
// existing out that a build did not make (see Marker).
func Begin(out string) (*Dir, error) { return BeginWith(out, Options{}) }

// BeginWith is Begin with options: the site root, whose folders out may
// not be, and whether to replace an output that is not the generator's.
func BeginWith(out string, opt Options) (*Dir, error) {
	if err := CheckOut(out, opt.Root, opt.Force); err != nil {
		return nil, err
	}
	given := out
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot make the folder for %s: %w", given, cause(err))
	}
	// Remove what an earlier, interrupted swap may have left behind, when
	// a build made it.
	old, _ := filepath.Glob(filepath.Join(parent, "."+base+".old-*"))
	for _, o := range old {
		if Ours(o) {
			os.RemoveAll(o)
		}
	}
	d := &Dir{out: out, given: given, force: opt.Force, prev: filepath.Join(parent, "."+base+".prev")}
	if err := d.begin(parent, base); err != nil {
		return nil, err
	}
	if err := d.Write(Marker, []byte(markerText)); err != nil {
		d.Abort()
		return nil, err
	}
	return d, nil
}

// begin picks the folder the build is written into.
func (d *Dir) begin(parent, base string) error {
	if Ours(d.prev) {
		// Another build writing into the same folder at the same time
		// holds the lock; this one then starts a fresh folder.
		if unlock, ok := lock(d.prev); ok {
			d.tmp, d.reuse, d.unlock, d.wrote = d.prev, true, unlock, map[string]bool{}
			return nil
		}
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("cannot write beside %s: %w", d.given, cause(err))
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("cannot write beside %s: %w", d.given, cause(err))
	}
	d.tmp, d.unlock = tmp, func() {}
	return nil
}

// Aside is where Commit moved an output that a build had not made
// (Options.Force), or "".
func (d *Dir) Aside() string { return d.aside }

// Write stores data at name, a slash-separated path such as "listen/01/index.html".
// An error names the file in the output as the caller named it, never the
// temporary folder it is written into.
func (d *Dir) Write(name string, data []byte) error {
	if err := d.write(name, data); err != nil {
		return fmt.Errorf("cannot write %s in %s: %w", name, d.given, cause(err))
	}
	return nil
}

func (d *Dir) write(name string, data []byte) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(name))
	if d.reuse {
		d.mu.Lock()
		d.wrote[name] = true
		d.mu.Unlock()
		switch same(full, data) {
		case unchanged:
			return nil
		case replace:
			// Another name for the same file may be in the live output:
			// give this name a file of its own rather than change that one.
			os.RemoveAll(full)
		}
	}
	dir := filepath.Dir(full)
	if d.reuse {
		// Folders are nearly all there already: no need to remember them.
		if err := d.mkdir(dir); err != nil {
			return err
		}
	} else if _, ok := d.dirs.Load(dir); !ok {
		if err := d.mkdir(dir); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	return writeFile(full, data)
}

// mkdir makes dir and its parents. In a reused folder a file may stand
// where a folder is now wanted: it is removed.
func (d *Dir) mkdir(dir string) error {
	// Most folders are made after their parent: one system call instead
	// of MkdirAll's three.
	if err := os.Mkdir(dir, 0o755); err == nil {
		return nil
	}
	err := os.MkdirAll(dir, 0o755)
	if err == nil || !d.reuse {
		return err
	}
	rel, _ := filepath.Rel(d.tmp, dir)
	p := d.tmp
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		if st, err := os.Lstat(p); err == nil && !st.IsDir() {
			os.Remove(p)
		}
	}
	return os.MkdirAll(dir, 0o755)
}

type sameness int

const (
	missing   sameness = iota // nothing there
	unchanged                 // the same bytes are there
	changed                   // a file with other bytes: write over it
	replace                   // remove what is there first
)

var readBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer {
	b := readBufs.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 { // a rare large file's buffer is not kept
		readBufs.Put(b)
	}
}

// Abort throws the unfinished build away; the output is not touched.
// A reused folder is kept for the next build.
func (d *Dir) Abort() {
	if !d.reuse {
		os.RemoveAll(d.tmp)
	}
	d.unlock()
}

// Commit puts the new build in place of the output.
func (d *Dir) Commit() error {
	err := d.commit()
	if _, ok := errors.AsType[refusal](err); ok {
		return err
	}
	if err != nil {
		return fmt.Errorf("cannot put the new build in place of %s: %w", d.given, cause(err))
	}
	return nil
}

// cause is an error without the path it names: the folders a build
// writes are temporary, and an editor knows only the output's name.
func cause(err error) error {
	if e, ok := errors.AsType[*os.PathError](err); ok {
		return e.Err
	}
	if e, ok := errors.AsType[*os.LinkError](err); ok {
		return e.Err
	}
	return err
}

func (d *Dir) commit() error {
	defer d.unlock()
	if d.reuse {
		if err := d.prune(); err != nil {
			return err
		}
	}
	_, err := os.Lstat(d.out)
	if os.IsNotExist(err) {
		return os.Rename(d.tmp, d.out)
	}
	if err == nil && Foreign(d.out) {
		// Not the generator's: never replaced, never deleted, unless
		// forced, and then moved aside.
		if !d.force {
			return CheckOut(d.given, "", false)
		}
		aside := AsideName(d.out)
		if err := os.Rename(d.out, aside); err != nil {
			return err
		}
		if err := os.Rename(d.tmp, d.out); err != nil {
			os.Rename(aside, d.out)
			return err
		}
		d.aside = aside
		return nil
	}
	if err := exchange(d.tmp, d.out); err == nil {
		// d.tmp now holds the previous build: keep it for the next one.
		return d.keep(d.tmp)
	}
	parent, base := filepath.Split(d.out)
	old, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := os.Rename(d.out, old); err != nil {
		return err
	}
	if err := os.Rename(d.tmp, d.out); err != nil {
		os.Rename(old, d.out) // put the previous build back
		return err
	}
	return d.keep(old)
}

// keep makes the folder old the one the next build is written into.
// Only a folder a build made is ever removed; an empty one the editor
// gave is.
func (d *Dir) keep(old string) error {
	if old == d.prev {
		return nil
	}
	if !Ours(old) {
		return os.Remove(old) // empty: CheckOut accepted it
	}
	if !canReuse {
		return os.RemoveAll(old)
	}
	if err := os.Rename(old, d.prev); err != nil {
		return os.RemoveAll(old)
	}
	return nil
}

// empty tells whether dir is a folder with nothing in it.
func empty(dir string) bool {
	ents, err := os.ReadDir(dir)
	return err == nil && len(ents) == 0
}

// prune removes from a reused folder what this build did not write.
// The folder is reused only when it carries Marker.
func (d *Dir) prune() error {
	if !Ours(d.tmp) {
		return fmt.Errorf("%s was not made by site build", d.tmp)
	}
	need := map[string]bool{".": true}
	for name := range d.wrote {
		for dir := path.Dir(name); !need[dir]; dir = path.Dir(dir) {
			need[dir] = true
		}
	}
	root := os.DirFS(d.tmp)
	return fs.WalkDir(root, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if !need[p] {
				if err := os.RemoveAll(filepath.Join(d.tmp, filepath.FromSlash(p))); err != nil {
					return err
				}
				return fs.SkipDir
			}
			return nil
		}
		if !d.wrote[p] {
			return os.Remove(filepath.Join(d.tmp, filepath.FromSlash(p)))
		}
		return nil
	})
}

// Replace changes one file of a published output: a live preview's way to
// show an edit without a whole build. A reader sees the old file or the
// new one, never half of it (WriteFileAtomic). A file that already holds
// data is not touched.
func Replace(out, name string, data []byte) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	full := filepath.Join(out, filepath.FromSlash(name))
	if same(full, data) == unchanged {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(full, data)
}

// WriteFileAtomic replaces the file name with data in one step: the bytes
// go into a new file beside it that is renamed over it, so a crash or a
// reader sees the old file or the new one, never half of either. The file
// gets mode 0644.
func WriteFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".new-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
