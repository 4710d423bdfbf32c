// Command site builds the Zhaojia Lane centre's web site.
//
//	site build [-src DIR] [-o DIR] [-baseurl URL] [-drafts] [-force]
//	site print record [-src DIR] [-date YYYY-MM-DD] [-stops N,N,...]
//	site serve [-src DIR] [-addr 127.0.0.1:1313] [-poll INTERVAL] [-drafts]
//	site check [-src DIR] [-drafts]
//	site new space|milestone|clip NAME
//
// Exit status: 0 when the site was built, 1 when the content has problems
// (each printed as "path:line: message"), 2 when the command was used wrongly.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/publish"
)

const usage = `usage: site <command> [flags]

commands:
  build    build the site into public/
  print    record printed QR codes: site print record
  serve    preview the site while you edit it; pages reload on save
  check    look for problems, including links that go nowhere
  new      start a new page: site new space|milestone|clip NAME
  import   take a recording or photos into the site: site import clip|photo ...
  deploy   upload the built site to an S3-compatible store: site deploy -to s3://BUCKET -endpoint URL

Run "site <command> -h" for a command's flags.
`

func main() {
	// Ctrl+C or a service manager's stop ends "site serve" cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The first signal asks the command to stop cleanly (a build removes its
	// unfinished folder); a second one ends it at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, with its exit status, so tests can call it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "print":
		return cmdPrint(ctx, args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "deploy":
		return cmdDeploy(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprint(stderr, diag.Text(diag.EnvLang(), "site: unknown command %q\n\n", args[0]), usage)
	return 2
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site build", stderr)
	out := fl.String("o", "public", "output folder, replaced only when the build succeeds")
	baseURL := fl.String("baseurl", "", "address the site is served at, overriding site.yaml (for deploy previews)")
	drafts := fl.Bool("drafts", false, "include pages marked draft: true")
	force := fl.Bool("force", false, "build into -o even when it holds files site build did not make: they are moved aside, never deleted")
	if code, ok := fl.parse(args, 0); !ok {
		return code
	}
	if err := publish.CheckOut(*out, *fl.src, *force); err != nil {
		return fl.fail("%v", err)
	}
	cfg, ok := fl.config()
	if !ok {
		return 2
	}
	cfg.Out, cfg.BaseURL, cfg.Drafts, cfg.Force = *out, *baseURL, *drafts, *force
	res, err := build.Build(ctx, cfg)
	code := report(fl, stdout, stderr, res, err, *out)
	if code == 0 && res.Aside != "" {
		fl.say(stdout, "what was in %s before is now in %s\n", *out, res.Aside)
	}
	return code
}

// report prints the outcome of a build and returns the exit status.
func report(fl *flags, stdout, stderr io.Writer, res *build.Result, err error, out string) int {
	if list, ok := errors.AsType[diag.List](err); ok {
		for _, d := range list {
			fmt.Fprintln(stderr, d.In(fl.lang))
		}
		if len(list) == 1 {
			fl.say(stderr, "site: 1 problem; %s was not changed\n", out)
		} else {
			fl.say(stderr, "site: %d problems; %s was not changed\n", len(list), out)
		}
		return 1
	}
	if err != nil {
		fl.say(stderr, "site: %v\n", err)
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.In(fl.lang))
	}
	fl.say(stdout, "built %d pages, %d clips, %d QR codes (%d files) into %s in %s\n",
		res.Pages, res.Clips, res.QRCodes, res.Files, out, res.Elapsed.Round(time.Millisecond))
	return 0
}
