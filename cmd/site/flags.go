package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zhaojiaxiang/site/build/sitefs"
)

// flags is a subcommand's flag set with the checks every subcommand makes,
// so each reports a misuse the same way and exits 2.
type flags struct {
	*flag.FlagSet
	stderr io.Writer
	src    *string
}

func newFlags(name string, stderr io.Writer) *flags {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	f := &flags{FlagSet: fl, stderr: stderr}
	f.src = fl.String("src", ".", "site root: the folder holding content/, layouts/ and static/")
	return f
}

// parse reads args and, unless the subcommand takes args itself (nargs < 0),
// refuses any left over, then checks that -src is a folder. When ok is false
// the command ends with code: 0 after -h, 2 after a misuse.
func (f *flags) parse(args []string, nargs int) (code int, ok bool) {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	if nargs >= 0 && f.NArg() != nargs {
		if f.NArg() > nargs {
			fmt.Fprintf(f.stderr, "%s: unexpected argument %q\n", f.Name(), f.Arg(nargs))
		} else {
			f.Usage()
		}
		return 2, false
	}
	if st, err := os.Stat(*f.src); err != nil || !st.IsDir() {
		fmt.Fprintf(f.stderr, "%s: %s is not a folder\n", f.Name(), *f.src)
		return 2, false
	}
	return 0, true
}

// root opens the site root -src names: files are read through it, and a
// link leading out of it is an error (package sitefs).
func (f *flags) root() (root *sitefs.FS, code int, ok bool) {
	root, err := sitefs.Open(*f.src)
	if err != nil {
		fmt.Fprintf(f.stderr, "%s: %v\n", f.Name(), err)
		return nil, 2, false
	}
	return root, 0, true
}

// fail prints a misuse found after parsing and returns 2.
func (f *flags) fail(format string, args ...any) int {
	fmt.Fprintf(f.stderr, "%s: %s\n", f.Name(), fmt.Sprintf(format, args...))
	return 2
}
