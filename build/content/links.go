package content

import (
	"io/fs"

	"github.com/zhaojiaxiang/site/build/diag"
)

// msgLinkOutside is the problem with a link in content/ that leads out of
// the site root, or to nothing.
const msgLinkOutside = "this is a link to a place outside the site folder, or to nothing; put the file or folder itself here"

// badLink reports a directory entry met while walking content/ that is
// still a symbolic link. A site root opened with package sitefs lists a
// link inside the site as what it points to, so what is left leads out of
// the site (or nowhere): reported here rather than silently skipped, which
// would drop a whole folder of pages when content/spaces is such a link.
func badLink(p string, d fs.DirEntry, errs *diag.List) bool {
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	errs.Add(p, 0, msgLinkOutside)
	return true
}
