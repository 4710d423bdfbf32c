package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site root whose files go into the build.
var watched = []string{"content", "layouts", "static"}

// A watcher sends the site-relative, slash-separated path of every file or
// folder that may have changed. It says nothing about what the change was:
// the build reads the files again anyway, so a rename, a delete and a write
// all mean the same thing, "look again".
type watcher interface {
	run(ctx context.Context, changed chan<- string) error
}

// ignored tells whether a change to name cannot affect the site: editors'
// swap, backup and lock files. None of them is a file the build reads (the
// loader skips names that start with "." or end in "~", and the others are
// not Markdown, layouts or files a page names), so ignoring them only saves
// rebuilds.
func ignored(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(base, ".") || // vim .x.swp, emacs .#x, .DS_Store
		strings.HasPrefix(base, "#") || // emacs #x# autosave
		strings.HasSuffix(base, "~") || // backup files
		strings.Contains(base, "___jb_") || // JetBrains safe write
		base == "4913" // vim checks whether it may write in the folder
}

// inSite reports whether rel (slash-separated, relative to the root) is in
// one of the watched folders or is one of them.
func inSite(rel string) bool {
	for _, d := range watched {
		if rel == d || strings.HasPrefix(rel, d+"/") {
			return true
		}
	}
	return false
}

// events watches with the operating system's change notifications.
//
// fsnotify watches single folders, so every folder under the watched ones
// gets its own watch, and a folder created later is added the moment its
// creation is seen, before the rebuild that follows reads it. The root
// itself is watched too, so content/, layouts/ or static/ may appear later.
type events struct {
	root string
}

func (e events) run(ctx context.Context, changed chan<- string) error {
	w, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		return err
	}
	defer w.Close()
	if err := w.Add(e.root); err != nil {
		return err
	}
	for _, d := range watched {
		e.addTree(w, filepath.Join(e.root, d), nil)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Too many events to keep: some were lost, so look at everything.
				changed <- "content"
				continue
			}
			return err
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, err := filepath.Rel(e.root, ev.Name)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(rel)
			if !inSite(rel) || ignored(rel) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					// A new folder may already hold files written before its
					// watch existed: report them too.
					e.addTree(w, ev.Name, func(p string) { send(ctx, changed, p) })
				}
			}
			send(ctx, changed, rel)
		}
	}
}

// addTree watches dir and every folder below it, calling found for each
// file it meets (when found is not nil).
func (e events) addTree(w *fsnotify.Watcher, dir string, found func(rel string)) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone again, or unreadable: nothing to watch
		}
		if p != dir && ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			w.Add(p)
		} else if found != nil {
			if rel, err := filepath.Rel(e.root, p); err == nil {
				found(filepath.ToSlash(rel))
			}
		}
		return nil
	})
}

func send(ctx context.Context, ch chan<- string, p string) {
	select {
	case ch <- p:
	case <-ctx.Done():
	}
}

// polling looks at every file's size and time at an interval, for folders
// where change notifications never arrive: WSL, Docker bind mounts, network
// drives.
type polling struct {
	root     string
	interval time.Duration
}

type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

func (p polling) snapshot() map[string]stamp {
	snap := map[string]stamp{}
	for _, d := range watched {
		filepath.WalkDir(filepath.Join(p.root, d), func(name string, de fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if ignored(de.Name()) && de.Name() != d {
				if de.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			info, err := de.Info()
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(p.root, name)
			snap[filepath.ToSlash(rel)] = stamp{info.Size(), info.ModTime(), info.Mode()}
			return nil
		})
	}
	return snap
}

func (p polling) run(ctx context.Context, changed chan<- string) error {
	old := p.snapshot()
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		cur := p.snapshot()
		for name, s := range cur {
			if o, ok := old[name]; !ok || o != s {
				send(ctx, changed, name)
			}
		}
		for name := range old {
			if _, ok := cur[name]; !ok {
				send(ctx, changed, name)
			}
		}
		old = cur
	}
}
