// Package scaffold starts new pages for editors: "site new space NAME"
// writes a file with the front matter a space needs, and so on for
// milestones and clips. The file builds as it is, so an editor can save it,
// see it in the preview and fill it in from there.
//
//	space      content/spaces/NAME.md     title, weight after the last space
//	milestone  content/timeline/NAME.md   title, today's date in the site's time zone
//	clip       content/listen/NAME.md     title, the next stop number never used or
//	                                      printed, audio NAME.mp3, today's date;
//	                                      a draft until NAME.mp3 is next to it
//
// NAME becomes the page's address, so it must be a slug; an existing file
// is never overwritten.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/zhaojiaxiang/site/build/content"
)

// Kinds are the kinds of page New makes, in the order "site new" lists them.
var Kinds = []string{"space", "milestone", "clip"}

var folders = map[string]string{
	"space":     "content/spaces",
	"milestone": "content/timeline",
	"clip":      "content/listen",
}

// Page is a page New created.
type Page struct {
	Path  string   // slash-separated, relative to the site root
	Notes []string // what the editor should do next
}

// New creates the file for a new page of kind (space, milestone, clip)
// called name in the site whose root folder is root. now is today, for a
// milestone's date.
func New(root, kind, name string, now time.Time) (*Page, error) {
	dir, ok := folders[kind]
	if !ok {
		return nil, fmt.Errorf("%q is not a kind of page: use %s", kind, strings.Join(Kinds, ", "))
	}
	name = strings.TrimSuffix(name, ".md")
	if err := checkName(name); err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Join(root, "content")); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("there is no content/ folder in %s: run this in the site's folder", root)
	}
	fsys := os.DirFS(root)
	// Drafts count too: their stop numbers and addresses are taken.
	site, _ := content.Load(fsys, content.Options{Drafts: true})
	p := &Page{Path: path.Join(dir, name+".md")}
	if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p.Path))); err == nil {
		return nil, fmt.Errorf("%s already exists; choose another name, or open that file", p.Path)
	}
	if other := taken(site, kind, name); other != "" {
		return nil, fmt.Errorf("%s already has the address this page would get; choose another name", other)
	}

	var text string
	switch kind {
	case "space":
		weight := 10
		for _, sp := range site.SpaceList {
			weight = max(weight, (sp.Weight/10+1)*10)
		}
		text = fmt.Sprintf(`---
title: %s           # 页面标题,请改成中文名称 · the page's title
weight: %d          # 首页上的顺序,小的在前 · order on the home page, small first
# summary: 一句话介绍,显示在首页。
---

在这里写正文。可以用 ## 小标题、列表和表格。
`, name, weight)
		p.Notes = append(p.Notes, "change the title, write the text, and save")
	case "milestone":
		day := now.In(site.Settings.Location).Format("2006-01-02")
		text = fmt.Sprintf(`---
title: %s           # 大事记标题,请改成中文 · the milestone's title
date: %s      # 2022-07-01、2022-07 或 2022:知道多少写多少
---

在这里写这件事。
`, name, day)
		p.Notes = append(p.Notes, "change the title and the date, write what happened, and save")
	case "clip":
		stop := content.NextStop(site.Clips, site.Printed)
		day := now.In(site.Settings.Location).Format("2006-01-02")
		audio := name + ".mp3"
		draft := ""
		if _, err := fs.Stat(fsys, path.Join(dir, audio)); err != nil {
			draft = "draft: true        # 放好录音后删除这一行 · remove once the MP3 is in place\n"
			p.Notes = append(p.Notes, fmt.Sprintf("put the recording at %s/%s, then remove the line \"draft: true\"", dir, audio))
		}
		text = fmt.Sprintf(`---
title: %s           # 录音标题,请改成中文 · the clip's title
stop: %d            # 墙上印的编号,不要给别的录音再用 · the number on the wall; never reuse it
audio: %s
date: %s      # 录音发布的日期,播客里显示 · published, for the podcast feed
%s---

文字稿:录音里说的话,一段一段写下来。
`, name, stop, audio, day, draft)
		p.Notes = append(p.Notes, fmt.Sprintf("its QR code will point at stop %d", stop))
	}
	f, err := os.OpenFile(filepath.Join(root, filepath.FromSlash(p.Path)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(dir)), 0o755); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(filepath.Join(root, filepath.FromSlash(p.Path)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%s already exists; choose another name, or open that file", p.Path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return nil, err
	}
	return p, f.Close()
}

// taken returns the file of a page of kind whose address is name, or "".
func taken(site *content.Site, kind, name string) string {
	switch kind {
	case "space":
		for _, sp := range site.SpaceList {
			if sp.Slug == name {
				return sp.Path
			}
		}
	case "milestone":
		for _, m := range site.Milestones {
			if m.Slug == name {
				return m.Path
			}
		}
	case "clip":
		for _, c := range site.Clips {
			if c.Slug == name {
				return c.Path
			}
		}
	}
	return ""
}

// checkName explains what is wrong with a name that cannot be an address.
func checkName(name string) error {
	if content.ValidSlug(name) {
		return nil
	}
	if name == "" {
		return fmt.Errorf("give the new page a name, such as library")
	}
	msg := fmt.Sprintf("%q cannot be a page's name: the name becomes the page's address, so use only small latin letters, digits and \"-\"", name)
	if s := suggest(name); s != "" && s != name {
		return fmt.Errorf("%s, for example %s", msg, s)
	}
	return fmt.Errorf("%s; write a Chinese name in pinyin, for example tushuguan for 图书馆", msg)
}

// suggest turns name into a slug where that is obvious: "Table Tennis" is table-tennis.
func suggest(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}
