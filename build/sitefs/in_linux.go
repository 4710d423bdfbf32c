package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"time"

	"golang.org/x/sys/unix"
)

// A build opens tens of thousands of files. os.Root opens each by walking
// its path, makes it ready for Go's network poller (which a file on disk
// never uses), and lists a folder with one more system call for every
// entry. Inside a folder that was itself opened through the root, a name
// without a slash opened with O_NOFOLLOW cannot lead out of the site: it
// is a file or folder of that folder, or the call fails with ELOOP for a
// link and the caller goes through the root. These use the system calls
// alone.

// openIn opens the file base of the folder d. name is its path in fsys.
func openIn(d *os.File, base, name string, fsys *FS) (fs.File, error) {
	for {
		fd, err := unix.Openat(int(d.Fd()), base, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &file{fd: fd, name: name, fsys: fsys}, nil
	}
}

// statIn describes the file base of the folder d, unless it is a link.
func statIn(d *os.File, base string) (fs.FileInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(int(d.Fd()), base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, err
	}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		return nil, errors.ErrUnsupported // through the root
	}
	return &info{name: base, st: st}, nil
}

// file is a file or folder opened by openIn.
type file struct {
	fd   int
	name string
	fsys *FS
	dir  *os.File // for ReadDir, made on first use
}

func (f *file) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(f.fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *file) Stat() (fs.FileInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstat(f.fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: err}
	}
	return &info{name: path.Base(f.name), st: st}, nil
}

// ReadDir lists the folder. Each entry's type comes from the listing
// itself; its Info is looked up through the site root.
func (f *file) ReadDir(n int) ([]fs.DirEntry, error) {
	if f.dir == nil {
		fd, err := unix.Dup(f.fd)
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: err}
		}
		unix.CloseOnExec(fd)
		f.dir = os.NewFile(uintptr(fd), f.name)
	}
	ents, err := f.dir.ReadDir(n)
	for i, e := range ents {
		ents[i] = entry{DirEntry: e, path: f.name + "/" + e.Name(), fsys: f.fsys}
	}
	return ents, err
}

func (f *file) Close() error {
	if f.fd < 0 {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	if f.dir != nil {
		f.dir.Close()
	}
	err := unix.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}

// entry is a listed file whose Info, which os would look up by a path
// relative to the working folder, is looked up through the site root.
type entry struct {
	fs.DirEntry
	path string
	fsys *FS
}

func (e entry) Info() (fs.FileInfo, error) { return e.fsys.root.Lstat(e.path) }

// info describes a file from its stat_t.
type info struct {
	name string
	st   unix.Stat_t
}

func (i *info) Name() string       { return i.name }
func (i *info) Size() int64        { return i.st.Size }
func (i *info) ModTime() time.Time { return time.Unix(i.st.Mtim.Unix()) }
func (i *info) IsDir() bool        { return i.Mode().IsDir() }
func (i *info) Sys() any           { return &i.st }

func (i *info) Mode() fs.FileMode {
	m := fs.FileMode(i.st.Mode & 0o777)
	switch i.st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		m |= fs.ModeDir
	case unix.S_IFLNK:
		m |= fs.ModeSymlink
	case unix.S_IFIFO:
		m |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		m |= fs.ModeSocket
	case unix.S_IFCHR:
		m |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		m |= fs.ModeDevice
	}
	if i.st.Mode&unix.S_ISUID != 0 {
		m |= fs.ModeSetuid
	}
	if i.st.Mode&unix.S_ISGID != 0 {
		m |= fs.ModeSetgid
	}
	if i.st.Mode&unix.S_ISVTX != 0 {
		m |= fs.ModeSticky
	}
	return m
}
