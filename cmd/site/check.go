package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/zhaojiaxiang/site/build/check"
)

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site check", stderr)
	drafts := fl.Bool("drafts", false, "check pages marked draft: true as well")
	if code, ok := fl.parse(args, 0); !ok {
		return code
	}
	cfg, ok := fl.config()
	if !ok {
		return 2
	}
	// The photos "site build" made are reused, not made again.
	cfg.Cache = filepath.Join(*fl.src, ".public.cache")
	sum, list := check.Site(ctx, cfg, check.Options{Drafts: *drafts, Now: now()})
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
