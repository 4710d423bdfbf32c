package publish

import "golang.org/x/sys/unix"

// exchange swaps two folders in one step, so the output path never
// stops existing, not even for a moment.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
