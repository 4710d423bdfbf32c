package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/publish"
	"github.com/zhaojiaxiang/site/build/recording"
	"github.com/zhaojiaxiang/site/build/sitefs"
)

func init() { importers["clip"] = cmdImportClip }

// cmdImportClip is "site import clip NAME RECORDING": a phone recording
// becomes content/listen/NAME.mp3 (package recording) and a draft clip
// page content/listen/NAME.md with the next free stop number. Everything
// is checked before anything is written; an existing file is replaced only
// with -force, and then the page (its transcript, its stop number) is kept
// and only the recording replaced.
func cmdImportClip(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site import clip", stderr)
	title := fl.String("title", "", "the clip's title, as listeners read it (default: NAME)")
	stop := fl.Int("stop", 0, "the number printed on the wall (default: the next never used or printed)")
	force := fl.Bool("force", false, "replace the recording of an existing clip, keeping its page")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: site import clip [-src DIR] [-title T] [-stop N] [-force] NAME RECORDING\n\n"+
			"Turns a recording (M4A, MP3, WAV, AMR, 3GP, Ogg, or a phone video) into content/listen/NAME.mp3\n"+
			"and a draft clip page content/listen/NAME.md. NAME becomes the page's address: small latin\n"+
			"letters, digits and \"-\". Needs ffmpeg.\n\n")
		fl.PrintDefaults()
	}
	if code, ok := fl.parse(flagsFirst(fl, args), 2); !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fl.say(stderr, "site import clip: %s\n", diag.Text(fl.lang, format, a...))
		return 1
	}
	name, src := strings.TrimSuffix(fl.Arg(0), ".md"), fl.Arg(1)
	if !content.ValidSlug(name) {
		return fail("%q cannot be a clip's name: the name becomes the page's address, so use only %s, for example reading-club", name, content.SlugRuleMsg)
	}
	root := *fl.src
	if st, err := os.Stat(filepath.Join(root, "content")); err != nil || !st.IsDir() {
		return fail("there is no content/ folder in %s: run this in the site's folder", root)
	}
	if st, err := os.Stat(src); err != nil {
		return fail("cannot read the recording: %v", err)
	} else if st.IsDir() {
		return fail("%s is a folder: give the recording's file", src)
	}

	// Drafts count too: their stop numbers and names are taken. Read
	// through sitefs, as the build reads: no link leads out of the site.
	fsys, err := sitefs.Open(root)
	if err != nil {
		return fail("%v", err)
	}
	defer fsys.Close()
	site, _ := content.Load(fsys, content.Options{Drafts: true})
	const dir = "content/listen"
	mp3, md := dir+"/"+name+".mp3", dir+"/"+name+".md"
	var same *content.Clip // the clip at md, which -force keeps
	for _, c := range site.Clips {
		switch {
		case c.Path == md:
			same = c
		case c.Slug == name:
			return fail("%s already has the address this clip would get; choose another name", c.Path)
		}
	}
	for _, p := range []string{mp3, md} {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p))); err == nil && !*force {
			return fail("%s already exists; choose another name, or add -force to replace the recording", p)
		}
	}
	if same == nil && fileExists(filepath.Join(root, filepath.FromSlash(md))) {
		return fail("%s exists but is not a clip that loads; fix it or choose another name", md)
	}
	if same != nil {
		if same.Retired || same.Audio == "" {
			return fail("%s is retired: it plays no recording; import under another name", md)
		}
		mp3 = same.Audio // -force replaces the recording the page plays
	}
	number, err := stopFor(site, same, *stop)
	if err != nil {
		return fail("%v", err)
	}

	// A WeChat voice message or a photo is refused before ffmpeg is needed.
	if _, err := recording.SniffFile(src); errors.As(err, new(*fs.PathError)) {
		return fail("cannot read the recording: %v", err)
	} else if err != nil {
		return fail("%s: %v", src, err)
	}
	tools, err := recording.FindTools()
	if err != nil {
		return fail("%v", err)
	}
	fl.say(stdout, "converting %s …\n", src)
	res, err := recording.Convert(ctx, tools, src)
	if err != nil {
		return fail("%s: %v", src, err)
	}
	for _, w := range res.WarningsIn(fl.lang) {
		fl.say(stderr, "site import clip: warning: %s\n", w)
	}

	if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(dir)), 0o755); err != nil {
		return fail("%v", err)
	}
	if err := publish.WriteFileAtomic(filepath.Join(root, filepath.FromSlash(mp3)), res.MP3); err != nil {
		return fail("%v", err)
	}
	fl.say(stdout, "created %s: %s\n", mp3, res.Summary())
	if same != nil {
		fl.say(stdout, "kept %s: its title, stop number %d and transcript are as they were\n", md, same.Stop)
		return 0
	}
	if *title == "" {
		*title = name
	}
	day := now().In(site.Settings.Location).Format("2006-01-02")
	page := fmt.Sprintf(`---
title: %s           # 录音标题 · the clip's title
stop: %d            # 墙上印的编号,不要给别的录音再用 · the number on the wall; never reuse it
audio: %s
date: %s      # 录音发布的日期,播客里显示 · published, for the podcast feed
draft: true        # 写好文字稿后删除这一行 · a draft until the transcript below is written; then remove this line
---

`, content.YAMLString(*title), number, name+".mp3", day)
	if err := publish.WriteFileAtomic(filepath.Join(root, filepath.FromSlash(md)), []byte(page)); err != nil {
		return fail("%v", err)
	}
	fl.say(stdout, "created %s, stop %d, a draft\n", md, number)
	if *title == name {
		fl.say(stdout, "next: give it a Chinese title in %s\n", md)
	}
	fl.say(stdout, "next: below the front matter, write what the recording says, paragraph by paragraph; a paragraph may start with its time, such as [0:15]\n")
	fl.say(stdout, "next: then remove the line \"draft: true\"; its QR code will point at stop %d\n", number)
	return 0
}

// stopFor is the stop number of the clip: the one asked for, if no other
// clip has it and no placard ever carried it for another page; else the
// clip's own when it exists; else the next one never used or printed.
func stopFor(site *content.Site, same *content.Clip, asked int) (int, error) {
	if asked == 0 {
		if same != nil {
			return same.Stop, nil
		}
		return content.NextStop(site.Clips, site.Printed), nil
	}
	if asked < 0 {
		return 0, fmt.Errorf("-stop %d: a stop number is 1 or more", asked)
	}
	if same != nil && asked != same.Stop {
		return 0, fmt.Errorf("-stop %d: %s already has stop %d, printed on the wall for it; leave -stop out", asked, same.Path, same.Stop)
	}
	if same != nil {
		return asked, nil
	}
	for _, c := range site.Clips {
		if c.Stop == asked {
			return 0, fmt.Errorf("-stop %d: %s has that number; leave -stop out to get the next free one (%d)", asked, c.Path, content.NextStop(site.Clips, site.Printed))
		}
	}
	if codes := site.Printed.Stops()[asked]; len(codes) > 0 {
		return 0, fmt.Errorf("-stop %d: a placard printed on %s carries that number (for %s), and a resident may still scan it; leave -stop out to get the next free one (%d)",
			asked, codes[0].Date, codes[0].Title, content.NextStop(site.Clips, site.Printed))
	}
	return asked, nil
}

// flagsFirst moves the flags in args before the other arguments, so that
// "site import clip NAME FILE -title T" reads as the editor meant it.
func flagsFirst(fl *flags, args []string) []string {
	var flagArgs, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fl.Lookup(name); f != nil && i+1 < len(args) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				flagArgs = append(flagArgs, args[i+1])
				i++
			}
		}
	}
	return append(append(flagArgs, "--"), rest...)
}

func fileExists(p string) bool {
	_, err := os.Lstat(p)
	return !errors.Is(err, fs.ErrNotExist)
}
