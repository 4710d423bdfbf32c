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
		fmt.Fprintln(stderr, d.In(fl.lang))
	}
	errs, warns := len(list.Errors()), len(list.Warnings())
	if errs > 0 {
		if errs == 1 {
			fl.say(stderr, "site: 1 problem")
		} else {
			fl.say(stderr, "site: %d problems", errs)
		}
		switch {
		case warns == 1:
			fl.say(stderr, " and 1 warning")
		case warns > 1:
			fl.say(stderr, " and %d warnings", warns)
		}
		fmt.Fprintln(stderr)
		return 1
	}
	switch {
	case warns == 1:
		fl.say(stdout, "checked %d pages and %d links: no problems, 1 warning\n", sum.Pages, sum.Links)
	case warns > 1:
		fl.say(stdout, "checked %d pages and %d links: no problems, %d warnings\n", sum.Pages, sum.Links, warns)
	default:
		fl.say(stdout, "checked %d pages and %d links: no problems\n", sum.Pages, sum.Links)
	}
	return 0
}
