package build

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/photo"
)

// Photos of page bundles.
//
// A JPEG or PNG beside a page's index.md (or any file named as a photo) is
// not copied: package photo makes its smaller, upright, metadata-free
// variants, once per build on all cores and through a cache folder kept
// between builds, and the plan publishes those beside the page. The
// original never reaches the output. A Markdown image naming the photo is
// drawn with srcset, width and height (photo.WriteHTML); a page's "cover"
// names the photo that stands for it on lists and share cards. A page
// shows only the photos of its own bundle, so that moving or deleting one
// page never breaks another.
//
// Photos in static/ are the editor's own files and are copied as they are;
// one that still says where it was taken is a warning.

// Messages for editors about photos.
const (
	msgPhotoCoverNoBundle = "cover: only a page with a folder of its own has photos: make the page %s/index.md and put the photo beside it"
	msgPhotoCoverMissing  = "cover: %q is not a photo in the page's folder %s/"
	hintPhotoCover        = `add the photo with "site import photo PAGE FILE" and write its file name, such as "cover: jieshuchu.jpg"`
	msgPhotoNoAlt         = "image %q has no text between \"![\" and \"]\": readers who cannot see it, and everyone while it loads, get nothing"
	hintPhotoNoAlt        = "say what it shows, such as ![借书处的书架](%s)"
	msgPhotoLink          = "link %q leads to a photo's original, which is not published"
	msgPhotoElsewhere     = "image %q is a photo in another page's folder: a page shows only the photos in its own folder"
	hintPhotoElsewhere    = "add the photo to this page too, with \"site import photo\", or link to the other page"
	hintPhotoLink         = "show the photo with ![what it shows](%s): a tap on it opens it full size"
	msgPhotoStaticGPS     = "this photo still carries the phone's GPS position (where it was taken) and files of static/ are published as they are, position included: " +
		"put it beside its page with \"site import photo PAGE FILE\", which removes the position"
	msgPhotoUnreadable = "cannot make this photo's files: %v"
)

// photoExts are the names of files taken for photos even when their bytes
// say otherwise, so that a damaged or mislabelled photo is an error, not a
// file published as it is.
var photoExts = []string{".jpg", ".jpeg", ".png", ".heic", ".heif"}

// sitePhotos is what the build knows about the photos of bundles.
type sitePhotos struct {
	proc   *photo.Processor
	of     map[string]*photo.Photo // content path → its variants, Dir set to where they are published
	taken  map[string]bool         // every file treated as a photo, made or not
	cover  map[*content.Page]*photo.Photo
	mu     sync.Mutex
	warned diag.List       // found while rendering: images without alt text
	said   map[string]bool // the warnings in warned, each said once
}

// assemblePhotos makes the files of every photo of every bundle, checks
// covers, and looks for GPS positions in static/.
func (s *Site) assemblePhotos(errs *diag.List) {
	ps := &s.photos
	ps.of, ps.taken, ps.cover = map[string]*photo.Photo{}, map[string]bool{}, map[*content.Page]*photo.Photo{}
	type job struct {
		pg      *content.Page
		file    string
		static  bool
		ph      *photo.Photo
		err     error
		isPhoto bool
		gps     bool
	}
	var jobs []job
	cs := s.Content
	for _, sec := range append([]*content.Section{cs.Home}, cs.Sections...) {
		for _, e := range sec.Entries {
			pg := e.Base()
			for _, f := range s.bundleFiles(pg) {
				jobs = append(jobs, job{pg: pg, file: f})
			}
		}
	}
	for _, name := range s.static {
		if ext := strings.ToLower(path.Ext(name)); ext == ".jpg" || ext == ".jpeg" {
			jobs = append(jobs, job{file: "static/" + name, static: true})
		}
	}
	defer s.assembleCovers(errs)
	// The cache is opened even for a site without photos, so that a build
	// after the last photo went sweeps what was kept for it.
	dir := cacheDir(s.cfg, "photo")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "site-photo-cache")
	}
	proc, err := photo.New(dir, photo.Default)
	if err != nil {
		errs.Add("build", 0, "photo cache: %v", err)
		return
	}
	ps.proc = proc
	content.Parallel(len(jobs), func(i int) {
		j := &jobs[i]
		if j.static {
			j.gps = s.staticHasGPS(j.file)
			return
		}
		if j.isPhoto = s.looksLikePhoto(j.file); !j.isPhoto {
			return
		}
		src, err := fs.ReadFile(s.cfg.Content, j.file)
		if err != nil {
			j.err = err
			return
		}
		j.ph, j.err = proc.Get(path.Base(j.file), src)
	})
	for _, j := range jobs {
		switch {
		case j.static:
			if j.gps {
				errs.Warn(j.file, 0, msgPhotoStaticGPS)
			}
			continue
		case !j.isPhoto:
			continue
		}
		ps.taken[j.file] = true
		if j.err != nil {
			if _, ok := j.err.(*photo.Error); ok {
				errs.Add(j.file, 0, "%v", j.err)
			} else {
				errs.Add(j.file, 0, msgPhotoUnreadable, j.err)
			}
			continue
		}
		j.ph.Dir = "/" + bundleDir(j.pg)
		ps.of[j.file] = j.ph
		if min := photo.Default.Widths[0]; j.ph.Width < min {
			errs.Warn(j.file, 0, photo.MsgNarrow, j.ph.Width, min)
		}
		if j.ph.GPS {
			// The copies never have it; the repository does, for good.
			errs.Warn(j.file, 0, "this photo still carries the phone's GPS position (where it was taken), which stays in the repository's history: delete it and add it again with \"site import photo PAGE FILE\", which removes the position")
		}
	}
}

// assembleCovers finds the photo each page's "cover" names.
func (s *Site) assembleCovers(errs *diag.List) {
	ps := &s.photos
	s.Content.All(func(pg *content.Page) {
		if pg.Cover == "" {
			return
		}
		if pg.Bundle == "" {
			errs.Add(pg.Path, pg.Line("cover"), msgPhotoCoverNoBundle, strings.TrimSuffix(pg.Path, path.Ext(pg.Path)))
			return
		}
		file := path.Join(pg.Bundle, pg.Cover)
		if ph := ps.of[file]; ph != nil && strings.HasPrefix(file, pg.Bundle+"/") {
			ps.cover[pg] = ph
			return
		}
		if ps.taken[file] {
			return // the photo itself has been reported
		}
		errs.Add(pg.Path, pg.Line("cover"), msgPhotoCoverMissing, pg.Cover, pg.Bundle)
		(*errs)[len(*errs)-1].Hint = hintPhotoCover
	})
}

// bundleFiles lists the files of a page's bundle that are published beside
// it (or, for photos, whose variants are): not its Markdown, not hidden
// files, not a clip's own audio.
func (s *Site) bundleFiles(pg *content.Page) []string {
	if pg.Bundle == "" {
		return nil
	}
	audio := ""
	if c := s.clipOf[pg]; c != nil {
		audio = c.Audio
	}
	var out []string
	for _, f := range pg.Files {
		if f != audio && !strings.EqualFold(path.Ext(f), ".md") {
			out = append(out, f)
		}
	}
	return out
}

// looksLikePhoto tells whether a bundle file is taken for a photo: its
// first bytes say JPEG, PNG or HEIC, or its name says it is one.
func (s *Site) looksLikePhoto(name string) bool {
	for _, ext := range photoExts {
		if strings.EqualFold(path.Ext(name), ext) {
			return true
		}
	}
	f, err := s.cfg.Content.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64)
	n, _ := io.ReadFull(f, head)
	return photo.Sniff(head[:n]) != photo.Unknown
}

// photoTaken tells whether dest, written on page p, names a file of a
// bundle taken for a photo that the build could not make.
func (s *Site) photoTaken(p *content.Page, dest string) bool {
	f := s.photoFile(p, dest)
	return f != "" && s.photos.taken[f] && s.photos.of[f] == nil
}

// photoFile is the file of content/ a relative Markdown destination
// written on page p names, or "".
func (s *Site) photoFile(p *content.Page, dest string) string {
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return ""
	}
	base := p.Bundle
	if base == "" {
		base = path.Dir(p.Path)
	}
	return path.Join(base, u.Path)
}

// photoAt is the photo of page p's own bundle that a Markdown destination
// written on p names, or nil.
func (s *Site) photoAt(p *content.Page, dest string) *photo.Photo {
	if len(s.photos.of) == 0 || p.Bundle == "" {
		return nil
	}
	f := s.photoFile(p, dest)
	if !strings.HasPrefix(f, p.Bundle+"/") {
		return nil
	}
	return s.photos.of[f]
}

// photoElsewhere tells whether dest, written on page p, names a photo of
// another page's bundle, which p may not show: each page's photos are its
// own, so moving or deleting one page never breaks another.
func (s *Site) photoElsewhere(p *content.Page, dest string) bool {
	return s.photoAt(p, dest) == nil && s.photos.of[s.photoFile(p, dest)] != nil
}

// pageImages draws the photos of one rendering of one page's Markdown: the
// first loads at once, the others when scrolled to.
type pageImages struct {
	s     *Site
	p     *content.Page
	drawn bool
}

func (im *pageImages) Image(w io.Writer, dest, alt string) (bool, error) {
	ph := im.s.photoAt(im.p, dest)
	if ph == nil {
		return false, nil
	}
	first := !im.drawn
	im.drawn = true
	return true, photo.WriteHTML(w, ph, alt, first)
}

// metaBytes is how much of a JPEG holds its metadata: the EXIF segment is
// at most 64 KiB, and it comes before the picture.
const metaBytes = 256 << 10

// staticHasGPS tells whether the JPEG name of static/ carries a position,
// reading only its start: static/ is published as it is, and read on
// every build.
func (s *Site) staticHasGPS(name string) bool {
	f, err := s.cfg.Static.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, metaBytes)
	n, _ := io.ReadFull(f, head)
	return photo.HasGPS(head[:n])
}

// checkAlt reports images without alt text: a warning for the build, an
// error for "site check" (when lenient).
func (s *Site) checkAlt(alt diag.List) {
	if len(alt) == 0 {
		return
	}
	if s.noted != nil {
		s.note(alt)
		return
	}
	for i := range alt {
		alt[i].Severity = diag.Warning
	}
	s.photos.mu.Lock()
	defer s.photos.mu.Unlock()
	if s.photos.said == nil {
		s.photos.said = map[string]bool{}
	}
	for _, d := range alt {
		// A page drawn again (the preview, the podcast feed) says it once.
		if key := d.String(); !s.photos.said[key] {
			s.photos.said[key] = true
			s.photos.warned = append(s.photos.warned, d)
		}
	}
}

// renderWarnings are the warnings found while rendering.
func (s *Site) renderWarnings() diag.List {
	s.photos.mu.Lock()
	defer s.photos.mu.Unlock()
	return append(diag.List(nil), s.photos.warned...)
}

// noAlt is the diagnostic for an image without alt text.
func noAlt(p *content.Page, line int, dest string) diag.Diagnostic {
	return diag.Diagnostic{Path: p.Path, Line: line, Msg: fmt.Sprintf(msgPhotoNoAlt, dest), Hint: fmt.Sprintf(hintPhotoNoAlt, dest)}
}

// sweepPhotos removes from the cache the photos this build did not use:
// only after a whole build that succeeded, which asked for every photo.
func (s *Site) sweepPhotos() {
	if s.photos.proc != nil {
		s.photos.proc.Sweep() // a stale entry left behind costs only disk
	}
}

// Picture is a photo as a layout uses it: the cover of a page.
type Picture struct {
	URL           string // path of the largest variant on the site
	Width, Height int    // of the largest variant
	Small         string // path of the smallest variant, for cards
	SmallWidth    int
	SmallHeight   int
}

// picture is the cover of page p, or nil.
func (s *Site) picture(p *content.Page) *Picture {
	ph := s.photos.cover[p]
	if ph == nil {
		return nil
	}
	top, small := ph.Variants[len(ph.Variants)-1], ph.Variants[0]
	return &Picture{
		URL: variantURL(ph, top), Width: top.Width, Height: top.Height,
		Small: variantURL(ph, small), SmallWidth: small.Width, SmallHeight: small.Height,
	}
}

func variantURL(ph *photo.Photo, v photo.Variant) string {
	return (&url.URL{Path: ph.Dir + v.Name}).EscapedPath()
}

// coverHTML is the small picture of a page's cover on a card of a list,
// for the layouts' {{cover .}}; "" when the page has none. It says
// nothing the card's title does not: its alt text is empty.
func (s *Site) coverHTML(e any) template.HTML {
	b, ok := e.(interface{ Base() *content.Page })
	if !ok {
		return ""
	}
	pic := s.picture(b.Base())
	if pic == nil {
		return ""
	}
	return template.HTML(fmt.Sprintf(`<img class="card-photo" src="%s" width="%d" height="%d" alt="" loading="lazy" decoding="async">`,
		html.EscapeString(pic.Small), pic.SmallWidth, pic.SmallHeight))
}
