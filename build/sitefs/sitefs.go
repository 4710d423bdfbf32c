// Package sitefs opens a site root folder as the fs.FS the engine reads,
// so that nothing outside the folder can reach the site.
//
// os.DirFS follows a symbolic link wherever it leads: a link in static/ to
// /proc/self/environ would publish the build's environment. Here every
// file is opened through os.Root, which refuses a link that leads out of
// the folder (or is absolute), or, on Linux, inside a folder opened that
// way and without following any link (in_linux.go). The error names the
// file as the editor sees it, "static/env: this is a link to a place
// outside the site folder". A link that stays inside the folder works like
// the file or folder it points to, also when listing a folder, so
// fs.WalkDir goes into a linked folder (content/spaces as a link to
// another folder of the site) instead of silently skipping it.
package sitefs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// MsgOutside is what an editor is told about a link leading out of the site.
const MsgOutside = "this is a link to a place outside the site folder"

// OutsideError is the error for a file whose link leads out of the site.
type OutsideError struct {
	Path string // slash-separated, relative to the site root
}

func (e *OutsideError) Error() string { return e.Path + ": " + MsgOutside }

// Is makes errors.Is(err, fs.ErrPermission) true: the file may not be read.
func (e *OutsideError) Is(target error) bool { return target == fs.ErrPermission }

// FS is a site root. Close it when done. It is safe for concurrent use.
type FS struct {
	root *os.Root
	fsys fs.FS

	// dirs are the folders files were opened in, each opened once through
	// the root and kept open: a file is then opened inside its folder in
	// one system call that follows no link (see in_linux.go), rather than one for
	// every part of its path; a build opens every page twice. nil for a
	// folder that could not be opened that way.
	mu   sync.Mutex
	dirs map[string]*os.File
}

// Open opens the site root folder dir.
func Open(dir string) (*FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: r, fsys: r.FS(), dirs: map[string]*os.File{}}, nil
}

// Close releases the folder.
func (f *FS) Close() error {
	f.mu.Lock()
	for _, r := range f.dirs {
		r.Close()
	}
	clear(f.dirs)
	f.mu.Unlock()
	return f.root.Close()
}

// in returns the folder dir of the site, opened through the root, or nil.
func (f *FS) in(dir string) *os.File {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.dirs[dir]; ok {
		return d
	}
	d, err := f.root.Open(dir)
	if err != nil {
		d = nil // no such folder: open through the site root, which says so
	}
	f.dirs[dir] = d
	return d
}

func (f *FS) Open(name string) (fs.File, error) {
	if fs.ValidPath(name) && name != "." {
		if d := f.in(path.Dir(name)); d != nil {
			// A link is opened through the site root: one leading out of
			// the folder may still stay in the site.
			if file, err := openIn(d, path.Base(name), name, f); err == nil {
				return file, nil
			}
		}
	}
	file, err := f.fsys.Open(name)
	return file, outside(name, err)
}

func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var buf bytes.Buffer
	if st, err := file.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < 1<<30 {
		buf.Grow(int(st.Size()) + bytes.MinRead) // read in one go, as os.ReadFile does
	}
	_, err = buf.ReadFrom(file)
	return buf.Bytes(), err
}

func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if fs.ValidPath(name) && name != "." {
		if d := f.in(path.Dir(name)); d != nil {
			if st, err := statIn(d, path.Base(name)); err == nil {
				return st, nil
			}
		}
	}
	st, err := fs.Stat(f.fsys, name)
	return st, outside(name, err)
}

// ReadDir lists a folder. An entry that is a link inside the site is
// listed as what it points to; a link leading out stays a link, and
// opening it is an OutsideError.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	var ents []fs.DirEntry
	dir, err := f.Open(name)
	if err == nil {
		if d, ok := dir.(fs.ReadDirFile); ok {
			ents, err = d.ReadDir(-1)
		} else {
			ents, err = fs.ReadDir(f.fsys, name)
		}
		dir.Close()
	}
	if err != nil {
		return nil, outside(name, err)
	}
	slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	for i, e := range ents {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		p := e.Name()
		if name != "." {
			p = name + "/" + p
		}
		if st, err := fs.Stat(f.fsys, p); err == nil {
			ents[i] = linked{fs.FileInfoToDirEntry(st), e.Name()}
		}
	}
	return ents, nil
}

// linked is a directory entry for a link inside the site, under its own name.
type linked struct {
	fs.DirEntry
	name string
}

func (l linked) Name() string { return l.name }

// outside turns os.Root's error for a path leading out into an OutsideError.
func outside(name string, err error) error {
	if err == nil {
		return nil
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok && strings.Contains(pe.Err.Error(), "path escapes from parent") {
		return &OutsideError{Path: name}
	}
	return err
}
