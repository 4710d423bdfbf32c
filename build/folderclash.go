package build

import (
	"path"
	"strings"

	"github.com/zhaojiaxiang/site/build/diag"
)

// folderClashes reports an output that needs, as one of its folders, the
// path of a file the build also makes: a clip with "slug: feed.xml" is
// drawn at listen/feed.xml/index.html, where the podcast feed is the file
// listen/feed.xml. Writing both would fail deep in the writer, naming a
// temporary folder; said here, the message names the page and the file.
func (p *planner) folderClashes() diag.List {
	var errs diag.List
	said := map[[2]string]bool{} // a page's QR codes are in its folder too: once is enough
	files := make(map[string]*output, len(p.out))
	for i := range p.out {
		if o := &p.out[i]; o.make != nil {
			files[o.name] = o
		}
	}
	for i := range p.out {
		o := &p.out[i]
		if o.make == nil {
			continue
		}
		for dir := path.Dir(o.name); dir != "." && dir != "/"; dir = path.Dir(dir) {
			f, ok := files[dir]
			if !ok {
				continue
			}
			// Said at the page or the editor's file, not at what the build makes.
			at, line := o.source, 0
			if o.page != nil {
				line = o.page.Line("slug")
			} else if !strings.HasPrefix(at, "content/") && !strings.HasPrefix(at, "static/") {
				at = f.source
			}
			if said[[2]string{at, dir}] {
				break
			}
			said[[2]string{at, dir}] = true
			errs.Add(at, line, "/%s/ would be a folder for %s, but the build makes the file /%s (from %s); a file and a folder cannot share an address", dir, o.source, dir, f.source)
			errs[len(errs)-1].Hint = "change the slug or the file name"
			break
		}
	}
	return errs
}
