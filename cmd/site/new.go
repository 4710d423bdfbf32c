package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/scaffold"
)

// now is the clock of "site new" and "site check"; tests set it.
var now = time.Now

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("site new", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: site new [-src DIR] %s NAME\n\nNAME becomes the page's address: small latin letters, digits and \"-\".\n", strings.Join(scaffold.Kinds, "|"))
		fl.PrintDefaults()
	}
	src := fl.String("src", ".", "site root: the folder holding content/")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 2 {
		fl.Usage()
		return 2
	}
	p, err := scaffold.New(*src, fl.Arg(0), fl.Arg(1), now())
	if err != nil {
		fmt.Fprintf(stderr, "site new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\n", p.Path)
	for _, n := range p.Notes {
		fmt.Fprintf(stdout, "next: %s\n", n)
	}
	return 0
}
