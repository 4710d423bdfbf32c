//go:build !linux

package publish

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// canReuse is false: without a lock against two builds at once, each
// build writes a fresh folder, and the previous output is deleted.
const canReuse = false

func exchange(a, b string) error { return errors.New("not supported") }

// lock does not guard against two builds at once on this system: a folder
// kept from an earlier build is not reused.
func lock(dir string) (unlock func(), ok bool) { return nil, false }

func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// same tells whether the file at full already holds data.
func same(full string, data []byte) sameness {
	st, err := os.Lstat(full)
	if err != nil {
		return missing
	}
	if !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
		return replace
	}
	if st.Size() != int64(len(data)) {
		return changed
	}
	f, err := os.Open(full)
	if err != nil {
		return replace
	}
	defer f.Close()
	buf := getBuf()
	defer putBuf(buf)
	buf.Grow(len(data) + 1)
	if _, err := io.Copy(buf, f); err != nil || !bytes.Equal(buf.Bytes(), data) {
		return changed
	}
	return unchanged
}
