package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhaojiaxiang/site/build/diag"
)

// The output folder belongs to the generator alone. Every build writes
// Marker into it; a folder without one was made by somebody else (a
// "docs" folder of notes, a site checked out by hand), and the build
// refuses to replace it, unless told to with Options.Force. Even then
// nothing it did not make is ever deleted: the folder is moved aside.
// Folders kept beside the output (".public.prev", ".public.old-*") are
// reused or removed only when they carry the marker too.
const (
	Marker     = ".site-build"
	markerText = "This folder is made by `site build` and may be replaced by the next build.\n"
)

// Options say how a build is written.
type Options struct {
	// Root is the site root folder. The output may not be it, lie inside
	// the sources it holds, or hold it. "" skips that check.
	Root string
	// Force replaces an output folder the generator did not make; what
	// was there is moved beside it (see Dir.Aside), never deleted.
	Force bool
}

// Messages about the output folder, meant for editors.
const (
	msgNotOurs     = "%s is already there and was not made by site build; build into an empty folder or a new name, or add -force to move it aside to %s"
	msgNotOursFile = "%s is a file, not a folder made by site build; choose another output name, or add -force to move it aside to %s"
	msgIsRoot      = "%s is the site folder itself; choose an output folder outside content/, layouts/ and static/, such as public"
	msgInSources   = "%s is inside the site's sources (%s); choose an output folder outside content/, layouts/ and static/, such as public"
	msgHoldsRoot   = "%s holds the site folder; choose an output folder inside it, such as public"
)

// refusal is CheckOut's answer: an output the build may not replace.
type refusal struct{ *diag.Message }

func (r refusal) Unwrap() error { return r.Message }

func refuse(format string, args ...any) refusal {
	return refusal{diag.Part(format, args...)}
}

// sources are the site root's folders a build reads.
var sources = []string{"content", "layouts", "static"}

// CheckOut tells whether out may be replaced by a build of the site at
// root: out must not be the site root, lie inside its sources or hold it,
// and an existing out must be empty or made by site build (unless force).
// Errors name out as given.
func CheckOut(out, root string, force bool) error {
	if root != "" {
		if err := checkPlace(out, root); err != nil {
			return err
		}
	}
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case force:
		return nil
	case !st.IsDir():
		return refuse(msgNotOursFile, out, AsideName(out))
	case Ours(out):
		return nil
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return refuse(msgNotOurs, out, AsideName(out))
	}
	return nil
}

// checkPlace refuses an out that is root, inside its sources, or holds it.
func checkPlace(out, root string) error {
	o, err := realPath(out)
	if err != nil {
		return err
	}
	r, err := realPath(root)
	if err != nil {
		return err
	}
	if o == r {
		return refuse(msgIsRoot, out)
	}
	if within(r, o) {
		return refuse(msgHoldsRoot, out)
	}
	for _, s := range sources {
		if src := filepath.Join(r, s); o == src || within(o, src) {
			return refuse(msgInSources, out, s+"/")
		}
	}
	return nil
}

// within tells whether path p lies strictly inside folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realPath is p made absolute with every symbolic link resolved, as far
// as p exists: "-o content/../content" and a link to content/ are both
// content/.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return filepath.Join(abs, rest), nil
		}
		rest = filepath.Join(filepath.Base(abs), rest)
		abs = parent
	}
}

// Ours tells whether dir is a folder a build made: it holds Marker.
func Ours(dir string) bool {
	st, err := os.Lstat(dir)
	if err != nil || !st.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && m.Mode().IsRegular()
}

// Foreign tells whether out is there, holding something a build did not
// make: a build with Options.Force moves it to AsideName(out).
func Foreign(out string) bool {
	st, err := os.Lstat(out)
	return err == nil && !Ours(out) && (!st.IsDir() || !empty(out))
}

// AsideName is where -force moves an output that is not the generator's:
// the first of "docs.old", "docs.old-2", … that does not exist.
func AsideName(out string) string {
	out = filepath.Clean(out)
	for i := 1; ; i++ {
		name := out + ".old"
		if i > 1 {
			name = fmt.Sprintf("%s.old-%d", out, i)
		}
		if _, err := os.Lstat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
	}
}
