//go:build !linux

package sitefs

import (
	"errors"
	"io/fs"
	"os"
)

// On other systems every file is opened through the site root.

func openIn(d *os.File, base, name string, fsys *FS) (fs.File, error) {
	return nil, errors.ErrUnsupported
}

func statIn(d *os.File, base string) (fs.FileInfo, error) {
	return nil, errors.ErrUnsupported
}
