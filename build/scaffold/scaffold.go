// Package scaffold starts new pages for editors: "site new KIND NAME"
// writes a file with the front matter that kind of page needs, as the kind's
// entry in content.Kinds says (its Scaffold). The file builds as it is, so
// an editor can save it, see it in the preview and fill it in from there.
//
//	space      content/spaces/NAME.md     title, weight after the last space
//	milestone  content/timeline/NAME.md   title, today's date in the site's time zone
//	clip       content/listen/NAME.md     title, the next stop number never used or
//	                                      printed, audio NAME.mp3, today's date;
//	                                      a draft until NAME.mp3 is next to it
//	page       content/NAME.md, or content/DIR/NAME.md for NAME "DIR/NAME":
//	                                      an ordinary page with title and date
//
// NAME becomes the page's address, so it must be a slug; an existing file
// is never overwritten.
package scaffold

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/sitefs"
)

// Kinds are the kinds of page New makes, in the order "site new" lists them.
func Kinds() []string {
	var out []string
	for _, k := range content.Kinds {
		if k.Scaffold != nil {
			out = append(out, k.Name)
		}
	}
	return out
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
	k := content.KindNamed(kind)
	if k == nil || k.Scaffold == nil {
		return nil, diag.Errorf("%q is not a kind of page: use %s", kind, strings.Join(Kinds(), ", "))
	}
	name = strings.TrimSuffix(name, ".md")
	dir := "content/" + k.Dir
	if k.Dir == "" {
		// An ordinary page goes at the top of content/, or in the section
		// its name starts with: "notices/open-day".
		dir = "content"
		if d, n, ok := strings.Cut(name, "/"); ok {
			if err := checkName(d); err != nil {
				return nil, err
			}
			for _, o := range content.Kinds {
				if o.Dir == d {
					return nil, diag.Errorf("content/%s/ holds pages of the kind %q: use \"site new %s NAME\"", d, o.Name, o.Name)
				}
			}
			dir, name = "content/"+d, n
		}
	}
	if err := checkName(name); err != nil {
		return nil, err
	}
	if st, err := os.Stat(filepath.Join(root, "content")); err != nil || !st.IsDir() {
		return nil, diag.Errorf("there is no content/ folder in %s: run this in the site's folder", root)
	}
	// The site is read, and the new file written, through the site folder
	// alone: a link in content/ leading out of it reaches nothing.
	fsys, err := sitefs.Open(root)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	// Drafts count too: their stop numbers and addresses are taken.
	site, _ := content.Load(fsys, content.Options{Drafts: true})
	p := &Page{Path: path.Join(dir, name+".md")}
	for _, f := range []string{p.Path, path.Join(dir, name, "index.md")} {
		if _, err := os.Lstat(filepath.Join(root, filepath.FromSlash(f))); err == nil {
			return nil, diag.Errorf("%s already exists; choose another name, or open that file", f)
		}
	}
	if sec := site.Section(strings.TrimPrefix(strings.TrimPrefix(dir, "content"), "/")); sec != nil {
		for _, e := range sec.Entries {
			if e.Base().Slug == name {
				return nil, diag.Errorf("%s already has the address this page would get; choose another name", e.Base().Path)
			}
		}
	}
	text, notes := k.Scaffold(site, name, now)
	p.Notes = notes
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := r.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// O_EXCL: an existing file is never overwritten, even one made since
	// the check above.
	f, err := r.OpenFile(p.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, diag.Errorf("%s already exists; choose another name, or open that file", p.Path)
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

// checkName explains what is wrong with a name that cannot be an address.
func checkName(name string) error {
	if content.ValidSlug(name) {
		return nil
	}
	if name == "" {
		return diag.Errorf("give the new page a name, such as library")
	}
	if s := suggest(name); s != "" && s != name {
		return diag.Errorf("%q cannot be a page's name: the name becomes the page's address, so use only %s, for example %s", name, content.SlugRuleMsg, s)
	}
	return diag.Errorf("%q cannot be a page's name: the name becomes the page's address, so use only %s; write a Chinese name in pinyin, for example tushuguan for 图书馆", name, content.SlugRuleMsg)
}

// suggest turns name into a slug: "Table Tennis" is table-tennis, 阅览室 is yuelanshi.
func suggest(name string) string { return content.SuggestSlug(name) }
