// Package publish writes a finished build to disk so that the output folder
// is always a whole site: the one before the build, or the new one.
//
// Files are written into a fresh folder beside the output; only when every
// page has been written without error does Commit swap the two folders. A
// failed or interrupted build leaves the previous output exactly as it was,
// so a web server or a deploy never sees half a site.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Dir is a build being written. Its methods are safe for concurrent use.
type Dir struct {
	out  string // the output folder, e.g. "public"
	tmp  string // where this build is written
	dirs sync.Map
}

// Begin starts writing a build that will replace out.
func Begin(out string) (*Dir, error) {
	out = filepath.Clean(out)
	parent, base := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	// Remove what an earlier, interrupted swap may have left behind.
	old, _ := filepath.Glob(filepath.Join(parent, "."+base+".old-*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Dir{out: out, tmp: tmp}, nil
}

// Path is the folder the build is being written into.
func (d *Dir) Path() string { return d.tmp }

// Write stores data at name, a slash-separated path such as "listen/01/index.html".
func (d *Dir) Write(name string, data []byte) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") {
		return fmt.Errorf("publish: bad output path %q", name)
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(full)
	if _, ok := d.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	return os.WriteFile(full, data, 0o644)
}

// Abort throws the unfinished build away; the output is not touched.
func (d *Dir) Abort() { os.RemoveAll(d.tmp) }

// Commit puts the new build in place of the output.
func (d *Dir) Commit() error {
	if _, err := os.Lstat(d.out); os.IsNotExist(err) {
		return os.Rename(d.tmp, d.out)
	}
	if err := exchange(d.tmp, d.out); err == nil {
		// d.tmp now holds the previous build.
		return os.RemoveAll(d.tmp)
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
	return os.RemoveAll(old)
}
