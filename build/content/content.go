// Package content loads a site's content/ folder into typed pages.
//
// # Layout
//
//	content/site.yaml                 site-wide settings (Settings)
//	content/printed.yaml              the QR codes printed for the wall (Printed), optional
//	content/_index.md                 the home page's text
//	content/<dir>/_index.md           title and text of the section page /<dir>/, optional
//	content/<dir>/<name>.md           a page, /<dir>/<name>/
//	content/<dir>/<name>/index.md     the same page as a bundle: the files beside
//	                                  it (photos, a clip's MP3) are its own
//	content/<name>.md, content/<name>/index.md   an ordinary page, /<name>/
//
// Every folder of content/ is a section, and the table Kinds says what its
// pages are: content/spaces/ holds spaces (Space), content/timeline/
// milestones (Milestone, each a part of the timeline page at
// /timeline/#<name>), content/listen/ clips (Clip); every other folder, and
// the top of content/, holds ordinary pages (Article): notices, 关于我们,
// directions. Sections are one folder deep.
//
// A page's slug, the last part of its address, is its file name without
// ".md", or its bundle folder's name; the key "slug" overrides it.
//
// # Front matter
//
// Every Markdown file starts with YAML front matter between two "---" lines.
// Each kind of page accepts its own keys and no others, so a misspelled key is
// an error with a suggestion rather than a silently empty value:
//
//	all pages   title (required), summary, slug, draft, sample, cover (a
//	            photo of the page's bundle, by file name, for lists and share
//	            cards)
//	space       weight (order in lists, small first)
//	milestone   date (required: 2022-07-01, 2022-07 or 2022)
//	clip        stop (required: the number printed on the wall), audio (required: the MP3 beside it),
//	            date (when the recording was published: its date in the podcast feed),
//	            retired (true: the clip is gone but its printed code still leads
//	            somewhere), instead (for a retired clip: where to send readers, a
//	            stop number or a page such as /spaces/library/; the listening
//	            list by default; a retired clip needs no audio)
//	page        date, weight (order in its section's list, small first)
//	_index.md   title, summary
//
// "sample: true" marks placeholder content (示例) that an editor must replace;
// the site labels it as such. "draft: true" leaves a page out of the build
// unless drafts are asked for.
//
// The front matter is cut out and the body keeps its place in the file, so a
// line number in a message about the body is the line in the editor's file.
// Dates without a time zone are read in the site's time zone (Asia/Shanghai
// unless site.yaml says otherwise).
//
// Bodies are mostly not kept in memory (see KeepBodies): Load reads every
// file once for its front matter, and AppendBody reads the Markdown again
// when a page is rendered, so memory stays flat however many pages a site has.
package content

import (
	"bytes"
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database

	"gopkg.in/yaml.v3"

	"github.com/zhaojiaxiang/site/build/diag"
)

// SettingsFile is where the site-wide settings live.
const SettingsFile = "content/site.yaml"

// Settings are the site-wide values the templates and the QR codes use.
type Settings struct {
	Title         string
	Description   string
	BaseURL       string // where this build is served, ends in "/"
	ProductionURL string // what printed QR codes point at; never a preview's URL
	Address       string
	Phone         string
	Hours         string // opening hours as people read them
	Opens, Closes string // "09:00", for machine-readable opening hours
	Source        string // credit for the facts on the site
	TimeZone      string
	Location      *time.Location
	// ScanDistance is how far from the wall, in centimetres, a resident
	// stands to scan a code; it sets the size of the printed codes.
	ScanDistance int
	Menu         []MenuItem // the site's navigation
	Theme        string     // a folder with layouts/ and static/ the site builds on, relative to the site root
	Language     string     // of the site's pages, "zh-CN"
	// Titles of the pages the engine makes itself. The two of activities
	// default to the events section's title.
	NotFoundTitle, PrintTitle         string
	PastEventsTitle, EventsBoardTitle string
	// The podcast feed's category, one of Apple's.
	PodcastCategory string
	// ProductionURLPlaceholder marks ProductionURL as not yet the centre's
	// own address: no print run can be recorded while it is set.
	ProductionURLPlaceholder bool
	// ICP is the site's ICP filing number (备案号), e.g. 苏ICP备12345678号-1,
	// and PoliceRecord its public-security filing number (公安备案号), e.g.
	// 苏公网安备 32059002001234号; every page's footer shows them.
	ICP, PoliceRecord string
	// Lines holds the line of each key in site.yaml, for messages about a value.
	Lines Lines
}

// Page is what every kind of page has.
type Page struct {
	Path    string // source file, e.g. "content/spaces/library.md"
	Slug    string
	Title   string
	Summary string
	Draft   bool
	Sample  bool // placeholder content (示例) that an editor must replace
	// Bundle is the page's own folder, "content/spaces/library", when the
	// page is an index.md with its files beside it; "" for a single file.
	Bundle string
	// Files are the files of the bundle but its Markdown, as the loader
	// found them: "content/spaces/library/jieshuchu.jpg".
	Files []string
	// Cover is a photo of the bundle, by its file name, that stands for the
	// page on lists, the home page and share cards; "" for none.
	Cover string
	// Lines holds the line of each front-matter key, for messages about a value.
	Lines Lines

	bodyOff, bodyLine int
	head              uint64 // checksum of the file up to the body
	loaded            bool   // from a file
	body              []byte // the body as loaded, when kept (see KeepBodies)
	kept              bool
	url               string
}

// Base is the page itself: every kind embeds Page.
func (p *Page) Base() *Page { return p }

// Fields of a section's _index.md are the common ones alone.
func (s *Section) Fields(*Settings) []Field { return nil }

// KeepBodies is how many bytes of page bodies Load keeps in memory, so that
// rendering need not read those files again. It is small: for a site of a
// thousand pages, opening every file a second time is a twentieth of the
// build, while a large site's bodies would double its memory.
const KeepBodies = 3 << 20

// ForgetBody makes the next AppendBody read the file again, as after the
// file was saved.
func (p *Page) ForgetBody() { p.body, p.kept = nil, false }

// Line returns the line of key in the front matter, or 1.
func (p *Page) Line(key string) int {
	if l := p.Lines.At(key); l > 0 {
		return l
	}
	return 1
}

// Body reads the page's Markdown again from fsys. The front matter is
// replaced by blank lines, so positions in the body are positions in the file.
func (p *Page) Body(fsys fs.FS) ([]byte, error) {
	return p.AppendBody(nil, fsys)
}

// SameHead reports whether the file in fsys still starts with the front
// matter it was loaded with, so that only its body can have changed.
func (p *Page) SameHead(fsys fs.FS) bool {
	if !p.loaded {
		return false
	}
	src, err := fs.ReadFile(fsys, p.Path)
	if err != nil {
		return false
	}
	src = normalize(src)
	if p.bodyOff > len(src) || p.bodyOff > 0 && src[p.bodyOff-1] != '\n' && len(src) != p.bodyOff {
		return false // shorter, or a body after a closing "---" that ended the file
	}
	return headSum(src[:p.bodyOff]) == p.head
}

func headSum(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

// AppendBody is Body appending to dst, so a caller rendering many pages can
// use one buffer for all of them.
func (p *Page) AppendBody(dst []byte, fsys fs.FS) ([]byte, error) {
	if p.kept {
		for range p.bodyLine - 1 {
			dst = append(dst, '\n')
		}
		return append(dst, p.body...), nil
	}
	f, err := fsys.Open(p.Path)
	if err != nil {
		return dst, err
	}
	defer f.Close()
	// Read the whole file after the place the body will start, then move
	// the body into place behind its blank lines.
	start := len(dst)
	pad := max(p.bodyLine-1, 0)
	size := 512
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		size = int(st.Size()) + 1
	}
	dst = slices.Grow(dst, pad+size)
	n := start + pad
	for {
		if n == cap(dst) {
			dst = slices.Grow(dst[:n], 4096)
		}
		m, err := f.Read(dst[n:cap(dst)])
		n += m
		if err == io.EOF {
			break
		}
		if err != nil {
			return dst[:start], err
		}
	}
	dst = dst[:n]
	src := normalize(dst[start+pad:])
	if p.bodyOff > len(src) {
		return dst[:start], diag.Errorf("%s changed while the site was being built", p.Path)
	}
	for i := start; i < start+pad; i++ {
		dst[i] = '\n'
	}
	// The body lies at or after dst[start+pad:], in dst's own array or in a
	// normalized copy; append moves it into place either way.
	return append(dst[:start+pad], src[p.bodyOff:]...), nil
}

// Section is a folder of content/: the home page (content/ itself), or the
// index of /spaces/, /timeline/, /listen/ or any other folder, such as
// /notices/. Its text and title come from the folder's _index.md.
type Section struct {
	Page
	Exists bool  // false when the folder has no _index.md
	Kind   *Kind // the kind of its pages
	Dir    string
	// Entries are its pages, in the kind's order; drafts only when asked for.
	Entries []Entry
}

// Pages are the section's pages, for layouts.
func (s *Section) Pages() []Entry { return s.Entries }

// Site is everything in content/.
type Site struct {
	Settings Settings
	Home     *Section   // content/ itself; its pages are ordinary pages such as content/about.md
	Sections []*Section // every other folder, by folder name
	Spaces   *Section
	Timeline *Section
	Listen   *Section
	// Every page loaded from a file, sections' _index.md included, in file order.
	Pages      []Entry
	SpaceList  []*Space     // by weight, then file
	Milestones []*Milestone // by date, then file
	Clips      []*Clip      // by stop number, retired ones included
	Events     []*Event     // by file
	Printed    *Printed     // nil when content/printed.yaml does not exist

	fsys fs.FS
}

// has tells whether the site has the file name (relative to the site root).
func (s *Site) has(name string) bool {
	st, err := fs.Stat(s.fsys, name)
	return err == nil && !st.IsDir()
}

// Section returns the section of the folder content/<dir>, or nil.
func (s *Site) Section(dir string) *Section {
	if dir == "" {
		return s.Home
	}
	for _, sec := range s.Sections {
		if sec.Dir == dir {
			return sec
		}
	}
	return nil
}

// Options change what Load keeps.
type Options struct {
	Drafts bool // keep pages marked draft: true
}

// source is one Markdown file to load, and where it goes.
type source struct {
	path   string // content/spaces/library/index.md
	dir    string // its section's folder under content/, "spaces"; "" for the top
	slug   string // from the file or bundle name
	bundle string // the bundle folder, content/spaces/library; "" for a single file
	index  bool   // the section's _index.md
}

// Load reads content/ from fsys (a site root). The list holds every problem
// found, errors and warnings; the Site is complete only when it has no errors.
func Load(fsys fs.FS, opt Options) (*Site, diag.List) {
	var errs diag.List
	s := &Site{fsys: fsys}
	s.Settings = loadSettings(fsys, &errs)
	files, own := walk(fsys, &errs)

	// Reading and parsing front matter is most of the work for a large site:
	// spread it over the cores, then put results back in file order. Twice
	// as many workers as cores: each waits in system calls to open and read
	// its file, and meanwhile another keeps the core busy.
	results := make([]struct {
		page Entry
		errs diag.List
	}, len(files))
	var budget atomic.Int64 // for bodies kept in memory
	budget.Store(KeepBodies)
	Parallel(len(files), func(i int) {
		results[i].page = loadFile(fsys, files[i], &s.Settings, &results[i].errs, &budget)
	})

	sections := map[string]*Section{}
	section := func(dir string) *Section {
		if sec := sections[dir]; sec != nil {
			return sec
		}
		sec := &Section{Dir: dir, Kind: kindOf(dir)}
		sec.Slug = dir
		sec.url = "/"
		if dir != "" {
			sec.url = "/" + dir + "/"
			sec.Title = dir
		}
		sections[dir] = sec
		return sec
	}
	s.Home = section("")
	s.Home.Title = s.Settings.Title
	for _, k := range Kinds {
		if k.Dir != "" && !k.Optional {
			section(k.Dir)
		}
	}
	for i, r := range results {
		errs = append(errs, r.errs...)
		if r.page == nil {
			continue
		}
		f := files[i]
		sec := section(f.dir)
		if f.index {
			s.Pages = append(s.Pages, r.page)
			title := sec.Title
			sec.Page = *r.page.Base()
			if sec.Title == "" {
				sec.Title = title
			}
			sec.Exists, sec.Slug = true, f.dir
			sec.url = "/"
			if f.dir != "" {
				sec.url = "/" + f.dir + "/"
			}
			continue
		}
		p := r.page.Base()
		p.Files = own[p.Bundle]
		if p.Draft && !opt.Drafts {
			continue
		}
		s.Pages = append(s.Pages, r.page)
		if sec.Kind.Layout == "" {
			p.url = sec.url + "#" + p.Slug
		} else {
			p.url = sec.url + p.Slug + "/"
		}
		sec.Entries = append(sec.Entries, r.page)
	}
	for _, dir := range slices.Sorted(maps.Keys(sections)) {
		sec := sections[dir]
		slices.SortStableFunc(sec.Entries, sec.Kind.Order)
		if dir != "" {
			s.Sections = append(s.Sections, sec)
		}
		for _, e := range sec.Entries {
			switch p := e.(type) {
			case *Space:
				s.SpaceList = append(s.SpaceList, p)
			case *Milestone:
				s.Milestones = append(s.Milestones, p)
			case *Clip:
				s.Clips = append(s.Clips, p)
			case *Event:
				s.Events = append(s.Events, p)
			}
		}
	}
	s.Spaces, s.Timeline, s.Listen = sections["spaces"], sections["timeline"], sections["listen"]
	s.checkClips(fsys, &errs)
	if len(s.Events) > 0 {
		spaces := map[string]bool{}
		for _, sp := range s.SpaceList {
			spaces[sp.Slug] = true
		}
		CheckEvents(s.Events, spaces, &errs)
	}
	s.Printed = loadPrinted(fsys, &errs)
	s.resolveMenu(&errs)
	return s, errs
}

// walk finds every Markdown file of content/ and says what it is.
//
//	content/_index.md               the home page's text
//	content/about.md                an ordinary page, /about/
//	content/<dir>/_index.md         the section page /<dir>/
//	content/<dir>/<name>.md         a page of the kind of <dir>, /<dir>/<name>/
//	content/<dir>/<name>/index.md   the same page as a bundle: the files
//	                                beside it are its own (photos, its MP3)
//	content/<name>/index.md         an ordinary page as a bundle, /<name>/
func walk(fsys fs.FS, errs *diag.List) ([]source, map[string][]string) {
	var files []source
	bundles := map[string]bool{}
	own := map[string][]string{} // bundle folder → its other files
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(p, 0, "cannot read: %v", unwrapPath(err))
			return nil
		}
		name := d.Name()
		if p != "content" && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // editors' swap and backup files
		}
		if badLink(p, d, errs) {
			return nil
		}
		rel := strings.TrimPrefix(p, "content/")
		parts := strings.Split(rel, "/")
		if d.IsDir() {
			if p == "content" {
				return nil
			}
			if st, err := fs.Stat(fsys, p+"/index.md"); err == nil && !st.IsDir() {
				bundles[p] = true
			}
			// A folder inside a bundle holds the bundle's files; a folder
			// two deep that is no bundle is a place the site does not know.
			inBundle := bundles[path.Dir(p)] || bundles[path.Dir(path.Dir(p))]
			if len(parts) >= 2 && !bundles[p] && !inBundle {
				errs.Add(p, 0, "a folder inside a section must be a page's own folder, with an index.md")
				(*errs)[len(*errs)-1].Hint = "sections are one level deep: content/notices/x.md, or content/notices/x/index.md with its photos beside it"
				return fs.SkipDir
			}
			return nil
		}
		if ext := path.Ext(name); ext != ".md" {
			// Linux, where the site is built, tells "a.MD" from "a.md"
			// where Windows and macOS do not: one spelling for all.
			if strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown") {
				errs.Add(p, 0, "a page's file name must end in \".md\", in small letters; this file would not be published")
				errs.Hintf("rename it to %q", strings.ToLower(strings.TrimSuffix(name, ext))+".md")
				return nil
			}
			for _, b := range []string{path.Dir(p), path.Dir(path.Dir(p))} {
				if bundles[b] {
					own[b] = append(own[b], p)
					break
				}
			}
			return nil
		}
		dir := path.Dir(p)
		switch {
		case bundles[dir] && name == "index.md":
			parent := strings.TrimPrefix(path.Dir(dir), "content")
			files = append(files, source{path: p, dir: strings.TrimPrefix(parent, "/"), slug: path.Base(dir), bundle: dir})
		case bundles[dir] || bundles[path.Dir(dir)]:
			errs.Add(p, 0, "a page's folder holds one page, its index.md; this file would not be published")
			(*errs)[len(*errs)-1].Hint = "move it out of the folder to make it a page of its own"
		case len(parts) > 2:
			// reported with its folder
		case name == "_index.md":
			files = append(files, source{path: p, dir: strings.TrimPrefix(strings.TrimPrefix(dir, "content"), "/"), index: true})
		default:
			files = append(files, source{path: p, dir: strings.TrimPrefix(strings.TrimPrefix(dir, "content"), "/"), slug: name[:len(name)-len(".md")]})
		}
		return nil
	})
	if err != nil {
		errs.Add("content", 0, "cannot read: %v", err)
	}
	return files, own
}

// Parallel calls f(0) … f(n-1) on twice as many workers as cores. Every
// job of a build (reading a file, drawing a page and writing it) ends in
// system calls long enough for Go to give the core to another goroutine;
// with one worker a core there would be none ready to take it.
func Parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(n, 2*runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// A MenuItem is one link of the site's navigation, from "menu:" in site.yaml.
type MenuItem struct {
	Title string
	URL   string // a page or section of the site
	line  int
}

// resolveMenu checks that every menu item leads to a page, and takes the
// page's title for an item that has none.
func (s *Site) resolveMenu(errs *diag.List) {
	for i := range s.Settings.Menu {
		m := &s.Settings.Menu[i]
		title, ok := s.Lookup(m.URL)
		if !ok {
			errs.Add(SettingsFile, m.line, "menu: %s is not a page of this site", m.URL)
			(*errs)[len(*errs)-1].Hint = "write the address of a page or section, such as /listen/ or /about/"
			continue
		}
		if m.Title == "" {
			m.Title = title
		}
	}
}

// Lookup returns the title of the page or section at the site path url.
func (s *Site) Lookup(url string) (title string, ok bool) {
	if url == "/" {
		return s.Home.Title, true
	}
	for _, sec := range s.Sections {
		if sec.URL() == url {
			return sec.Title, true
		}
		for _, e := range sec.Entries {
			if p := e.Base(); p.URL() == url {
				return p.Title, true
			}
		}
	}
	for _, e := range s.Home.Entries {
		if p := e.Base(); p.URL() == url {
			return p.Title, true
		}
	}
	return "", false
}

// All calls f for every page of the site that comes from a file, with the
// address it is shown at: section pages (when their _index.md exists), then
// each section's pages.
func (s *Site) All(f func(p *Page)) {
	for _, sec := range append([]*Section{s.Home}, s.Sections...) {
		if sec.Exists {
			f(&sec.Page)
		}
		for _, e := range sec.Entries {
			f(e.Base())
		}
	}
}

// checkClips reports stop numbers used twice and audio files that are missing.
func (s *Site) checkClips(fsys fs.FS, errs *diag.List) {
	byStop := map[int]*Clip{}
	for _, c := range s.Clips {
		if first, ok := byStop[c.Stop]; ok {
			errs.Add(c.Path, c.Line("stop"), "stop number %d is already used by %s", c.Stop, first.Path)
			continue
		}
		byStop[c.Stop] = c
		if c.Audio == "" {
			continue
		}
		if st, err := fs.Stat(fsys, c.Audio); err != nil || st.IsDir() {
			errs.Add(c.Path, c.Line("audio"), "audio file %s does not exist", c.Audio)
		}
	}
}

// fileBufs hold a file while its front matter is read: a site's files are
// read one after another, and a new buffer for each is garbage to collect.
var fileBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// ReadInto reads the file name of fsys into buf, which a caller reading
// many files reuses.
func ReadInto(buf *bytes.Buffer, fsys fs.FS, name string) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = buf.ReadFrom(f)
	return err
}

// loadFile loads one page. Its body is kept in memory when budget, the
// bytes of bodies still to keep, allows.
func loadFile(fsys fs.FS, f source, set *Settings, errs *diag.List, budget *atomic.Int64) Entry {
	p := f.path
	buf := fileBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare large file's buffer is not kept
			fileBufs.Put(buf)
		}
	}()
	buf.Reset()
	if err := ReadInto(buf, fsys, p); err != nil {
		errs.Add(p, 0, "cannot read: %v", unwrapPath(err))
		return nil
	}
	if d := checkEncoding(p, buf.Bytes()); d != nil {
		*errs = append(*errs, *d)
		return nil
	}
	src := normalize(buf.Bytes()) // nothing loaded keeps a slice of it
	fm, fmLine, off, bodyLine, d := split(p, src)
	if d != nil {
		*errs = append(*errs, *d)
		return nil
	}
	var e Entry
	if f.index {
		e = &Section{}
	} else {
		e = kindOf(f.dir).New()
	}
	page := e.Base()
	*page = Page{Path: p, Slug: f.slug, Bundle: f.bundle, bodyOff: off, bodyLine: bodyLine,
		head: headSum(src[:off]), loaded: true}
	if n := int64(len(src) - off); budget.Add(-n) >= 0 {
		page.body, page.kept = bytes.Clone(src[off:]), true
	} else {
		budget.Add(n)
	}
	fields := append(commonFields(page, f.index), e.Fields(set)...)
	if at, ok := e.(interface {
		fieldsAt(path string, fmLine int, set *Settings, errs *diag.List) []Field
	}); ok {
		fields = append(fields, at.fieldsAt(p, fmLine, set, errs)...)
	}
	var readable bool
	page.Lines, readable = decode(p, fm, fmLine, fields, errs)
	if fin, ok := e.(finisher); ok {
		fin.finish(path.Dir(p), fmLine, readable, errs)
	}
	if !f.index && !slugRE.MatchString(page.Slug) {
		line := page.Line("slug")
		if page.Lines.Has("slug") {
			errs.Add(p, line, "slug %q can only use %s", page.Slug, SlugRuleMsg)
			if s := SuggestSlug(page.Slug); s != "" {
				errs.Hintf("such as \"slug: %s\"", s)
			}
		} else {
			what := "file name"
			if f.bundle != "" {
				what = "folder name"
			}
			errs.Add(p, 1, "the %s %q becomes the page's address, so it can only use %s", what, f.slug, SlugRuleMsg)
			(*errs)[len(*errs)-1].Hint = `rename it, or add a key such as "slug: library"`
			if s := SuggestSlug(f.slug); s != "" {
				to := s + ".md"
				if f.bundle != "" {
					to = s
				}
				errs.Hintf("rename it to %s, or add the key \"slug: %s\"", to, s)
			}
		}
	}
	return e
}

func stopNumber(p *int) func(n *yaml.Node) error {
	set := integer(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if *p < 1 || *p > 999 {
			return diag.Errorf("%d is not a stop number from 1 to 999", *p)
		}
		return nil
	}
}

// instead is a stop number or a path on the site.
func instead(p *string) func(n *yaml.Node) error {
	set := nonEmpty(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if stop, err := strconv.Atoi(*p); err == nil && stop >= 1 && stop <= 999 && (*p)[0] != '+' {
			return nil
		}
		// A page of the site starts with exactly one "/": browsers read
		// "//host/" and "/\host/" as another site's address.
		if !strings.HasPrefix(*p, "/") || strings.HasPrefix(*p, "//") || strings.Contains(*p, `\`) {
			v := *p
			*p = "" // said here: not looked up again as a page
			return diag.Errorf("%q is neither a stop number nor a page of this site such as /spaces/library/", v)
		}
		return nil
	}
}

// centimetres is a scanning distance: from arm's length to across a room.
func centimetres(p *int) func(n *yaml.Node) error {
	set := integer(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if *p < 20 || *p > 500 {
			return diag.Errorf("%d is not a distance in centimetres from 20 to 500", *p)
		}
		return nil
	}
}

func audioFile(p *string) func(n *yaml.Node) error {
	set := nonEmpty(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if strings.Contains(*p, "/") || strings.Contains(*p, `\`) || !strings.HasSuffix(strings.ToLower(*p), ".mp3") {
			return diag.Errorf("%q must be the name of an .mp3 file in the same folder", *p)
		}
		return nil
	}
}

// LoadSettings reads content/site.yaml alone.
func LoadSettings(fsys fs.FS) (Settings, diag.List) {
	var errs diag.List
	s := loadSettings(fsys, &errs)
	return s, errs
}

func loadSettings(fsys fs.FS, errs *diag.List) Settings {
	s := Settings{TimeZone: "Asia/Shanghai", ScanDistance: 80, Language: "zh-CN", NotFoundTitle: "404", PrintTitle: "QR"}
	src, err := fs.ReadFile(fsys, SettingsFile)
	if err != nil {
		errs.Add(SettingsFile, 0, "cannot read the site settings: %v", unwrapPath(err))
		s.Location, _ = time.LoadLocation(s.TimeZone)
		return s
	}
	if d := checkEncoding(SettingsFile, src); d != nil {
		*errs = append(*errs, *d)
		s.Location, _ = time.LoadLocation(s.TimeZone)
		return s
	}
	src = normalize(src)
	s.Lines, _ = decode(SettingsFile, src, 1, []Field{
		{Name: "title", Required: true, Set: nonEmpty(&s.Title)},
		{Name: "description", Set: str(&s.Description)},
		{Name: "baseURL", Required: true, Set: absURL(&s.BaseURL)},
		{Name: "productionURL", Required: true, Set: absURL(&s.ProductionURL)},
		{Name: "productionURLPlaceholder", Set: boolean(&s.ProductionURLPlaceholder)},
		{Name: "icp", Set: str(&s.ICP)},
		{Name: "policeRecord", Set: str(&s.PoliceRecord)},
		{Name: "address", Set: str(&s.Address)},
		{Name: "phone", Set: str(&s.Phone)},
		{Name: "hours", Set: str(&s.Hours)},
		{Name: "opens", Set: clock(&s.Opens)},
		{Name: "closes", Set: clock(&s.Closes)},
		{Name: "source", Set: str(&s.Source)},
		{Name: "timeZone", Set: nonEmpty(&s.TimeZone)},
		{Name: "scanDistance", Set: centimetres(&s.ScanDistance)},
		{Name: "menu", Set: menu(&s.Menu, errs)},
		{Name: "theme", Set: str(&s.Theme)},
		{Name: "language", Set: nonEmpty(&s.Language)},
		{Name: "notFoundTitle", Set: nonEmpty(&s.NotFoundTitle)},
		{Name: "printTitle", Set: nonEmpty(&s.PrintTitle)},
		{Name: "pastEventsTitle", Set: nonEmpty(&s.PastEventsTitle)},
		{Name: "eventsBoardTitle", Set: nonEmpty(&s.EventsBoardTitle)},
		{Name: "podcastCategory", Set: nonEmpty(&s.PodcastCategory)},
	}, errs)
	loc, err := time.LoadLocation(s.TimeZone)
	if s.TimeZone == "Local" {
		// Go's name for the machine's own zone: the same site would
		// show other dates on a laptop in Suzhou and on Netlify.
		err = errLocalZone
	}
	if err != nil {
		line := s.Lines.At("timeZone")
		errs.Add(SettingsFile, line, "timeZone: %q is not a time zone such as Asia/Shanghai", s.TimeZone)
		(*errs)[len(*errs)-1].Hint = "write an IANA time zone name, the same on every computer, such as Asia/Shanghai"
		loc, _ = time.LoadLocation("Asia/Shanghai")
	}
	s.Location = loc
	s.BaseURL = strings.TrimRight(s.BaseURL, "/") + "/"
	s.ProductionURL = strings.TrimRight(s.ProductionURL, "/")
	return s
}

var errLocalZone = errors.New("the machine's own time zone")

// unwrapPath drops the operation and path from err: the message names the file already.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// CheckURL reports whether u is an absolute http or https URL without query or fragment.
func CheckURL(u string) error {
	v, err := url.Parse(u)
	if err != nil || (strings.ToLower(v.Scheme) != "http" && strings.ToLower(v.Scheme) != "https") || v.Host == "" {
		return diag.Errorf("%q is not a web address such as https://example.org/", u)
	}
	if v.RawQuery != "" || v.Fragment != "" {
		return diag.Errorf("%q must not have a \"?\" or \"#\" part", u)
	}
	return nil
}

// menu decodes "menu:", a list of items with a page and an optional title.
func menu(p *[]MenuItem, errs *diag.List) func(n *yaml.Node) error {
	return func(n *yaml.Node) error {
		if n.Kind != yaml.SequenceNode {
			return diag.Errorf(`expected a list of items, each starting with "- page: /…"`)
		}
		for _, it := range n.Content {
			var m MenuItem
			if it.Kind != yaml.MappingNode {
				errs.Add(SettingsFile, it.Line, `menu: expected "page:" and "title:" lines`)
				continue
			}
			m.line = it.Line
			decodeMap(SettingsFile, it, 1, it.Line, []Field{
				{Name: "page", Required: true, Set: sitePath(&m.URL)},
				{Name: "title", Set: str(&m.Title)},
			}, errs)
			*p = append(*p, m)
		}
		return nil
	}
}

func absURL(p *string) func(n *yaml.Node) error {
	set := nonEmpty(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		return CheckURL(*p)
	}
}

var clockRE = regexp.MustCompile(`^([01][0-9]|2[0-4]):[0-5][0-9]$`)

func clock(p *string) func(n *yaml.Node) error {
	set := str(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if *p != "" && !clockRE.MatchString(*p) {
			return diag.Errorf("%q is not a time of day such as 09:00", *p)
		}
		return nil
	}
}

// URL is the page's address on the site: "/spaces/library/", or
// "/timeline/#2017-start" for a page that is part of its section's page.
func (p *Page) URL() string { return p.url }

// SetURL gives a page made outside Load its address.
func (p *Page) SetURL(u string) { p.url = u }
