package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zhaojiaxiang/site/build/check"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("site check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site root: the folder holding content/, layouts/ and static/")
	drafts := fl.Bool("drafts", false, "check pages marked draft: true as well")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "site check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if st, err := os.Stat(*src); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "site check: %s is not a folder\n", *src)
		return 2
	}
	sum, list := check.Site(ctx, os.DirFS(*src), check.Options{Drafts: *drafts, Now: now()})
	for _, d := range list {
		fmt.Fprintln(stderr, d)
	}
	errs, warns := len(list.Errors()), len(list.Warnings())
	if errs > 0 {
		fmt.Fprintf(stderr, "site: %d %s", errs, plural(errs, "problem", "problems"))
		if warns > 0 {
			fmt.Fprintf(stderr, " and %d %s", warns, plural(warns, "warning", "warnings"))
		}
		fmt.Fprintln(stderr)
		return 1
	}
	fmt.Fprintf(stdout, "checked %d pages and %d links: ", sum.Pages, sum.Links)
	if warns > 0 {
		fmt.Fprintf(stdout, "no problems, %d %s\n", warns, plural(warns, "warning", "warnings"))
	} else {
		fmt.Fprintln(stdout, "no problems")
	}
	return 0
}
