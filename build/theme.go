package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/sitefs"
)

// Open makes the Config's file systems for the site in the folder root.
//
// A site may build on a theme: a folder with layouts/ and static/ that
// another site (this repository, say) provides. It is named by "theme:" in
// content/site.yaml, relative to the site's folder, or by theme when that is
// not empty. A file of the site's own layouts/ or static/ wins over the
// theme's file of the same name, as in Hugo; content/ is always the site's.
//
// Files are read through package sitefs, so no path or symbolic link leads
// outside the site's folder (or the theme's).
func Open(root, theme string) (Config, string, error) {
	site, err := sitefs.Open(root)
	if err != nil {
		return Config{}, "", err
	}
	cfg := Config{Root: site}
	if theme == "" {
		set, _ := content.LoadSettings(cfg.Root)
		if set.Theme != "" {
			theme = filepath.FromSlash(set.Theme)
			if !filepath.IsAbs(theme) {
				theme = filepath.Join(root, theme)
			}
		}
	}
	if theme == "" {
		return cfg, "", nil
	}
	th, err := sitefs.Open(theme)
	if err != nil {
		return Config{}, "", fmt.Errorf("theme %s: %w", theme, errors.Unwrap(err))
	}
	cfg.Layouts = overlay{site, th}
	cfg.Static = overlay{site, th}
	return cfg, theme, nil
}

// overlay is file systems laid over each other: a name is looked up in
// each in turn, and a folder lists the files of all.
type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	var first error
	for _, f := range o {
		file, err := f.Open(name)
		if err == nil {
			return file, nil
		}
		if first == nil || !errors.Is(err, fs.ErrNotExist) {
			first = err
		}
	}
	return nil, first
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	var (
		out   []fs.DirEntry
		found bool
		first error
	)
	for _, f := range o {
		entries, err := fs.ReadDir(f, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && first == nil {
				first = err
			}
			continue
		}
		found = true
		for _, e := range entries {
			if !slices.ContainsFunc(out, func(x fs.DirEntry) bool { return x.Name() == e.Name() }) {
				out = append(out, e)
			}
		}
	}
	if !found {
		if first == nil {
			first = &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
		}
		return nil, first
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
