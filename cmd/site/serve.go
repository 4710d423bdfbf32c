package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/zhaojiaxiang/site/build/serve"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site serve", stderr)
	addr := fl.String("addr", "127.0.0.1:1313", "address to listen on; 0.0.0.0:1313 lets phones on the same network open the preview")
	poll := fl.Duration("poll", 0, "look for changes at this interval (e.g. 500ms) instead of waiting for the system to report them; for WSL, Docker and network drives")
	drafts := fl.Bool("drafts", false, "include pages marked draft: true")
	if code, ok := fl.parse(args, 0); !ok {
		return code
	}
	if *poll < 0 {
		return fl.fail("-poll must be a positive interval such as 500ms")
	}
	cfg, ok := fl.config()
	if !ok {
		return 2
	}
	s, err := serve.New(serve.Config{Root: *fl.src, Theme: *fl.theme, Now: cfg.Now, Drafts: *drafts, Poll: *poll, Log: stderr, Lang: fl.lang})
	if err != nil {
		fmt.Fprintf(stderr, "site serve: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fl.say(stderr, "site serve: %v\n", err)
		fl.say(stderr, "site: hint: is another preview running? try -addr 127.0.0.1:1314\n")
		return 1
	}
	urls := serve.URLs(ln.Addr())
	fl.say(stdout, "preview at %s\n", urls[0])
	if len(urls) > 1 {
		fl.say(stdout, "on this computer: %s\n", urls[len(urls)-1])
		for _, u := range urls[1 : len(urls)-1] {
			fl.say(stdout, "also at %s\n", u)
		}
		fl.say(stdout, "anyone on the same network can open it: stop with Ctrl+C when you are done\n")
	} else {
		fl.say(stdout, "pages reload when you save a file; stop with Ctrl+C\n")
	}
	if *poll > 0 {
		fl.say(stdout, "looking for changes every %s\n", poll.Round(time.Millisecond))
	}
	if err := s.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "site serve: %v\n", err)
		return 1
	}
	return 0
}
