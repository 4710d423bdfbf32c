//go:build !linux

package publish

import (
	"errors"
	"io/fs"
)

func exchange(a, b string) error { return errors.New("not supported") }

// lock does not guard against two builds at once on this system: a folder
// kept from an earlier build is not reused.
func lock(dir string) (unlock func(), ok bool) { return nil, false }

func shared(st fs.FileInfo) bool { return false }
