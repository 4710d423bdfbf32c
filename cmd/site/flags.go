package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/event"
)

// flags is a subcommand's flag set with the checks every subcommand makes,
// so each reports a misuse the same way and exits 2.
type flags struct {
	*flag.FlagSet
	stderr io.Writer
	src    *string
	theme  *string
	now    *string
	langs  *string
	// lang is the language of the command's messages, known after parse.
	lang diag.Lang
}

func newFlags(name string, stderr io.Writer) *flags {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(stderr)
	f := &flags{FlagSet: fl, stderr: stderr}
	f.src = fl.String("src", ".", "site root: the folder holding content/, layouts/ and static/")
	f.theme = fl.String("theme", "", "a folder with layouts/ and static/ the site builds on (default: theme in content/site.yaml)")
	f.langs = fl.String("lang", "", "language of the messages: zh or en (default zh, or en when LANG starts with en)")
	f.now = fl.String("now", "", "build as on this day, YYYY-MM-DD in the site's time zone (default today), for the lists of activities")
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
	f.lang = diag.EnvLang()
	if *f.langs != "" {
		l, ok := diag.ParseLang(*f.langs)
		if !ok {
			fmt.Fprintf(f.stderr, "%s: -lang: %q is neither zh nor en\n", f.Name(), *f.langs)
			return 2, false
		}
		f.lang = l
	}
	if nargs >= 0 && f.NArg() != nargs {
		if f.NArg() > nargs {
			f.say(f.stderr, "%s: unexpected argument %q\n", f.Name(), f.Arg(nargs))
		} else {
			f.Usage()
		}
		return 2, false
	}
	if st, err := os.Stat(*f.src); err != nil || !st.IsDir() {
		f.say(f.stderr, "%s: %s is not a folder\n", f.Name(), *f.src)
		return 2, false
	}
	return 0, true
}

// config opens the site (and its theme) for the engine.
func (f *flags) config() (build.Config, bool) {
	cfg, _, err := build.Open(*f.src, *f.theme)
	if err != nil {
		f.say(f.stderr, "%s: %v\n", f.Name(), err)
		return cfg, false
	}
	if *f.now != "" {
		set, _ := content.LoadSettings(cfg.Root)
		if cfg.Now, err = event.ParseNow(*f.now, set.Location); err != nil {
			fmt.Fprintf(f.stderr, "%s: -now: %v\n", f.Name(), err)
			return cfg, false
		}
	}
	return cfg, true
}

// fail prints a misuse found after parsing and returns 2.
func (f *flags) fail(format string, args ...any) int {
	f.say(f.stderr, "%s: %s\n", f.Name(), diag.Text(f.lang, format, args...))
	return 2
}

// say prints a message for the editor in the command's language; its
// format is a key of the catalogue in build/diag/zh.go.
func (f *flags) say(w io.Writer, format string, args ...any) {
	fmt.Fprint(w, diag.Text(f.lang, format, args...))
}
