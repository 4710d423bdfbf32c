package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/scaffold"
)

// now is the clock of "site new" and "site check"; tests set it.
var now = time.Now

func cmdNew(args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site new", stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: site new [-src DIR] %s NAME\n\nNAME becomes the page's address: %s.\n", strings.Join(scaffold.Kinds(), "|"), content.SlugRule)
		fl.PrintDefaults()
	}
	if code, ok := fl.parse(args, 2); !ok {
		return code
	}
	p, err := scaffold.New(*fl.src, fl.Arg(0), fl.Arg(1), now())
	if err != nil {
		fl.say(stderr, "site new: %v\n", err)
		return 1
	}
	fl.say(stdout, "created %s\n", p.Path)
	for _, n := range p.Notes {
		fl.say(stdout, "next: %s\n", diag.Known(n))
	}
	return 0
}
