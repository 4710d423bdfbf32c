package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/photo"
)

func init() { importers["photo"] = cmdImportPhoto }

// cmdImportPhoto copies phone photos into a page's folder (its bundle), as
// the files to keep in the repository: upright, at most 2400 pixels on the
// long side, without metadata (so no position enters git), under the page's
// name and a number, never the phone's IMG_2041.JPG. A page that is still a
// single file becomes a folder first. Every photo is checked before any is
// written, so a bad one leaves the site as it was.
func cmdImportPhoto(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site import photo", stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: site import photo [-src DIR] PAGE FILE...\n\n"+
			"PAGE is the page the photos are for, as its file under content/ without .md: spaces/library.\n"+
			"Each FILE (a JPEG or PNG from a phone) is saved beside the page, upright, at most %d pixels\n"+
			"and with its metadata (the place it was taken) removed.\n", photo.ImportMaxSide)
		fl.PrintDefaults()
	}
	if code, ok := fl.parse(args, -1); !ok {
		return code
	}
	if fl.NArg() < 2 {
		fl.Usage()
		return 2
	}
	page, ok := photoPage(fl.Arg(0))
	if !ok {
		return fl.fail("%q is not a page: write it as its file under content/ without .md, like spaces/library", fl.Arg(0))
	}
	exists := func(name string) bool { _, err := os.Stat(name); return err == nil }
	// rel is a file's name as the editor sees it from the site's folder.
	rel := func(name string) string {
		if r, err := filepath.Rel(*fl.src, name); err == nil {
			return filepath.ToSlash(r)
		}
		return name
	}
	root := filepath.Join(*fl.src, "content")
	single := filepath.Join(root, filepath.FromSlash(page)+".md")
	bundle := filepath.Join(root, filepath.FromSlash(page))
	index := filepath.Join(bundle, "index.md")
	move := false
	switch {
	case exists(single) && exists(index):
		fl.say(stderr, "site import photo: %s and %s are the same page: keep one of them\n", rel(single), rel(index))
		return 1
	case exists(single):
		move = true
	case !exists(index):
		fl.say(stderr, "site import photo: there is no page %s (looked for %s and %s); start one with \"site new\"\n", page, rel(single), rel(index))
		return 1
	}

	// Check and convert every photo before writing anything.
	type done struct {
		from string
		im   *photo.Imported
	}
	var photos []done
	bad := 0
	for _, f := range fl.Args()[1:] {
		if err := ctx.Err(); err != nil {
			return 1
		}
		src, err := os.ReadFile(f)
		if err == nil {
			var im *photo.Imported
			if im, err = photo.Import(src); err == nil {
				photos = append(photos, done{f, im})
				continue
			}
		} else if errors.Is(err, fs.ErrNotExist) {
			err = errors.New("no such file")
		}
		fl.say(stderr, "%s: %v\n", f, err)
		bad++
	}
	if bad > 0 {
		fl.say(stderr, "site import photo: %d of %d photos could not be taken; nothing was added\n", bad, fl.NArg()-1)
		return 1
	}

	if move {
		if err := os.MkdirAll(bundle, 0o755); err != nil {
			fl.say(stderr, "site import photo: %v\n", err)
			return 1
		}
		if err := os.Rename(single, index); err != nil {
			fl.say(stderr, "site import photo: %v\n", err)
			return 1
		}
		fl.say(stdout, "moved %s to %s: the page's photos are kept in its folder (the page's address stays the same)\n", rel(single), rel(index))
	}
	stem := path.Base(page)
	if !content.ValidSlug(stem) {
		stem = "photo"
	}
	for _, p := range photos {
		name, err := savePhoto(bundle, stem, p.im.Data)
		if err != nil {
			fl.say(stderr, "site import photo: %v\n", err)
			return 1
		}
		note := ""
		if p.im.GPS {
			note = diag.Text(fl.lang, ", the place it was taken removed")
		}
		fl.say(stdout, "%s → %s (%d×%d%s)\n", p.from, rel(filepath.Join(bundle, name)), p.im.Width, p.im.Height, note)
		for _, w := range p.im.Warnings {
			fl.say(stdout, "  warning: %s\n", w)
		}
		fl.say(stdout, "  write in the page: ![说明文字](%s)\n", name)
	}
	fl.say(stdout, "replace 说明文字 with a few words saying what the photo shows: they are read aloud to visitors who cannot see the photo\n")
	return 0
}

// photoPage turns what an editor may type for a page (spaces/library,
// content/spaces/library.md, spaces/library/index.md) into spaces/library.
func photoPage(s string) (string, bool) {
	s = filepath.ToSlash(s)
	s = strings.TrimPrefix(s, "./")
	s = strings.TrimPrefix(s, "content/")
	s = strings.TrimSuffix(s, "/")
	s = strings.TrimSuffix(s, "/index.md")
	s = strings.TrimSuffix(s, ".md")
	if s == "" || s == "." || path.IsAbs(s) || path.Clean(s) != s || strings.HasPrefix(s, "../") || s == ".." {
		return "", false
	}
	return s, true
}

// savePhoto writes data as stem-N.jpg in dir with N one more than any photo
// named so already (a number is never used for two photos, even after one
// was deleted), never over an existing file.
func savePhoto(dir, stem string, data []byte) (string, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(stem) + `-(\d+)\.[A-Za-z]+$`)
	n := 0
	for _, de := range des {
		if m := re.FindStringSubmatch(de.Name()); m != nil {
			if k, err := strconv.Atoi(m[1]); err == nil && k > n {
				n = k
			}
		}
	}
	for {
		n++
		name := fmt.Sprintf("%s-%d.jpg", stem, n)
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(f.Name())
			return "", err
		}
		return name, nil
	}
}
