// Package content loads a site's content/ folder into typed pages.
//
// # Layout
//
//	content/site.yaml          site-wide settings (Settings)
//	content/_index.md          the home page's text
//	content/spaces/*.md        one page per space of the centre (Space)
//	content/timeline/*.md      one milestone per file (Milestone)
//	content/listen/*.md        one listening clip per file (Clip), its MP3 beside it
//	content/<section>/_index.md   optional title and text of /spaces/, /timeline/, /listen/
//	content/printed.yaml       the QR codes printed for the wall (Printed), optional
//
// A file's name without ".md" is its slug: content/spaces/library.md is the
// page /spaces/library/. The key "slug" overrides it.
//
// # Front matter
//
// Every Markdown file starts with YAML front matter between two "---" lines.
// Each kind of page accepts its own keys and no others, so a misspelled key is
// an error with a suggestion rather than a silently empty value:
//
//	all pages   title (required), summary, slug, draft
//	space       weight (order on the home page, small first)
//	milestone   date (required: 2022-07-01, 2022-07 or 2022), sample
//	clip        stop (required: the number printed on the wall), audio (required: the MP3 beside it),
//	            date (when the recording was published: its date in the podcast feed), sample,
//	            retired (true: the clip is gone but its printed code still leads
//	            somewhere), instead (for a retired clip: where to send readers, a
//	            stop number or a page such as /spaces/library/; the listening
//	            list by default; a retired clip needs no audio)
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
// Bodies are not kept in memory: Load reads every file once for its front
// matter, and Body reads the Markdown again when a page is rendered, so memory
// stays flat however many pages a site has.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
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
	// Lines holds the line of each key in site.yaml, for messages about a value.
	Lines map[string]int
}

// Page is what every kind of page has.
type Page struct {
	Path    string // source file, e.g. "content/spaces/library.md"
	Slug    string
	Title   string
	Summary string
	Draft   bool
	// Lines holds the line of each front-matter key, for messages about a value.
	Lines map[string]int

	bodyOff, bodyLine int
	head              uint64        // checksum of the file up to the body
	reads             *atomic.Int64 // how often the body was read
	body              []byte        // the body as loaded, when kept (see KeepBodies)
	kept              bool
}

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
	if l, ok := p.Lines[key]; ok {
		return l
	}
	return 1
}

// Body reads the page's Markdown again from fsys. The front matter is
// replaced by blank lines, so positions in the body are positions in the file.
func (p *Page) Body(fsys fs.FS) ([]byte, error) {
	return p.AppendBody(nil, fsys)
}

// BodyReads is how many times the body was read since the page was
// loaded. A live preview compares counts to learn whether a body that
// changed is drawn on other pages than the page's own.
func (p *Page) BodyReads() int64 {
	if p.reads == nil {
		return 0
	}
	return p.reads.Load()
}

// SameHead reports whether the file in fsys still starts with the front
// matter it was loaded with, so that only its body can have changed.
func (p *Page) SameHead(fsys fs.FS) bool {
	if p.reads == nil { // not loaded from a file
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
	if p.reads != nil {
		p.reads.Add(1)
	}
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
		return dst[:start], fmt.Errorf("%s changed while the site was being built", p.Path)
	}
	for i := start; i < start+pad; i++ {
		dst[i] = '\n'
	}
	// The body lies at or after dst[start+pad:], in dst's own array or in a
	// normalized copy; append moves it into place either way.
	return append(dst[:start+pad], src[p.bodyOff:]...), nil
}

// Section is the home page or the index of /spaces/, /timeline/ or /listen/.
type Section struct {
	Page
	Exists bool // false when the folder has no _index.md
}

// Space is a room or service of the centre.
type Space struct {
	Page
	Weight int
}

// Milestone is one entry of the regional party-building timeline.
type Milestone struct {
	Page
	Date   Date
	Sample bool
}

// Anchor is the milestone's id on the timeline page: its slug, by default the
// file name, which an editor does not change when fixing a title or a date.
func (m *Milestone) Anchor() string { return m.Slug }

// Clip is one recording of the listening area.
type Clip struct {
	Page
	Stop   int    // the number printed on the wall
	Audio  string // path of the MP3 in the site's file system
	Date   Date   // when it was published; zero when the editor gave none
	Sample bool
	// Retired clips are gone from the listening list, but their short URL
	// still forwards, to a page that says so and points to Instead.
	Retired bool
	Instead string // a stop number or a site path; "" for the listening list
}

// Site is everything in content/.
type Site struct {
	Settings   Settings
	Home       Section
	Spaces     Section
	Timeline   Section
	Listen     Section
	SpaceList  []*Space     // by weight, then title
	Milestones []*Milestone // by date, then file
	Clips      []*Clip      // by stop number, retired ones included
	Printed    *Printed     // nil when content/printed.yaml does not exist
}

// Options change what Load keeps.
type Options struct {
	Drafts bool // keep pages marked draft: true
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Load reads content/ from fsys (a site root). The list holds every problem
// found, errors and warnings; the Site is complete only when it has no errors.
func Load(fsys fs.FS, opt Options) (*Site, diag.List) {
	var errs diag.List
	s := &Site{}
	s.Settings = loadSettings(fsys, &errs)

	var files []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(p, 0, "cannot read: %v", err)
			return nil
		}
		name := d.Name()
		if p != "content" && (strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~")) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // editors' swap and backup files
		}
		if badLink(p, d, &errs) {
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		errs.Add("content", 0, "cannot read: %v", err)
	}

	// Reading and parsing front matter is most of the work for a large site:
	// spread it over the cores, then put results back in file order. Twice
	// as many workers as cores: each waits in system calls to open and read
	// its file, and meanwhile another keeps the core busy.
	type result struct {
		page any
		errs diag.List
	}
	results := make([]result, len(files))
	var budget atomic.Int64 // for bodies kept in memory
	budget.Store(KeepBodies)
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				var e diag.List
				results[i].page = loadFile(fsys, files[i], &s.Settings, &e, &budget)
				results[i].errs = e
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	for i, r := range results {
		errs = append(errs, r.errs...)
		switch p := r.page.(type) {
		case *Section:
			switch path.Dir(files[i]) {
			case "content":
				s.Home = *p
			case "content/spaces":
				s.Spaces = *p
			case "content/timeline":
				s.Timeline = *p
			case "content/listen":
				s.Listen = *p
			}
		case *Space:
			if keep(&p.Page, opt) {
				s.SpaceList = append(s.SpaceList, p)
			}
		case *Milestone:
			if keep(&p.Page, opt) {
				s.Milestones = append(s.Milestones, p)
			}
		case *Clip:
			if keep(&p.Page, opt) {
				s.Clips = append(s.Clips, p)
			}
		}
	}
	s.defaults()
	s.sort()
	s.checkClips(fsys, &errs)
	s.Printed = loadPrinted(fsys, &errs)
	return s, errs
}

func keep(p *Page, opt Options) bool { return !p.Draft || opt.Drafts }

func (s *Site) defaults() {
	def := func(sec *Section, slug, title string) {
		sec.Slug = slug
		if sec.Title == "" {
			sec.Title = title
		}
	}
	def(&s.Home, "", s.Settings.Title)
	def(&s.Spaces, "spaces", "中心空间")
	def(&s.Timeline, "timeline", "区域党建大事记")
	def(&s.Listen, "listen", "党史悦听区")
}

func (s *Site) sort() {
	slices.SortStableFunc(s.SpaceList, func(a, b *Space) int {
		if a.Weight != b.Weight {
			return a.Weight - b.Weight
		}
		return strings.Compare(a.Path, b.Path)
	})
	slices.SortStableFunc(s.Milestones, func(a, b *Milestone) int {
		if c := a.Date.Compare(b.Date.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	slices.SortStableFunc(s.Clips, func(a, b *Clip) int {
		if a.Stop != b.Stop {
			return a.Stop - b.Stop
		}
		return strings.Compare(a.Path, b.Path)
	})
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

func readInto(buf *bytes.Buffer, fsys fs.FS, name string) error {
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
func loadFile(fsys fs.FS, p string, set *Settings, errs *diag.List, budget *atomic.Int64) any {
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	kind := ""
	switch {
	case name == "_index.md" && (dir == "content" || dir == "content/spaces" || dir == "content/timeline" || dir == "content/listen"):
		kind = "section"
	case dir == "content/spaces":
		kind = "space"
	case dir == "content/timeline":
		kind = "milestone"
	case dir == "content/listen":
		kind = "clip"
	default:
		errs.Add(p, 0, "this file is not in a place the site knows: spaces go in content/spaces/, milestones in content/timeline/, clips in content/listen/")
		return nil
	}
	buf := fileBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare large file's buffer is not kept
			fileBufs.Put(buf)
		}
	}()
	buf.Reset()
	if err := readInto(buf, fsys, p); err != nil {
		errs.Add(p, 0, "cannot read: %v", err)
		return nil
	}
	src := normalize(buf.Bytes()) // nothing loaded keeps a slice of it
	fm, fmLine, off, bodyLine, d := split(p, src)
	if d != nil {
		*errs = append(*errs, *d)
		return nil
	}
	page := Page{Path: p, Slug: strings.TrimSuffix(name, ".md"), bodyOff: off, bodyLine: bodyLine,
		head: headSum(src[:off]), reads: new(atomic.Int64)}
	if n := int64(len(src) - off); budget.Add(-n) >= 0 {
		page.body, page.kept = bytes.Clone(src[off:]), true
	} else {
		budget.Add(n)
	}
	fields := []field{
		{name: "title", required: kind != "section", set: nonEmpty(&page.Title)},
		{name: "summary", set: str(&page.Summary)},
	}
	if kind != "section" {
		fields = append(fields,
			field{name: "slug", set: str(&page.Slug)},
			field{name: "draft", set: boolean(&page.Draft)})
	}
	var out any
	switch kind {
	case "section":
		sec := &Section{Exists: true}
		decodeInto(&sec.Page, &page, p, fm, fmLine, fields, errs)
		out = sec
	case "space":
		sp := &Space{}
		fields = append(fields, field{name: "weight", set: integer(&sp.Weight)})
		decodeInto(&sp.Page, &page, p, fm, fmLine, fields, errs)
		out = sp
	case "milestone":
		m := &Milestone{}
		fields = append(fields,
			field{name: "date", required: true, set: date(&m.Date, set.Location)},
			field{name: "sample", set: boolean(&m.Sample)})
		decodeInto(&m.Page, &page, p, fm, fmLine, fields, errs)
		out = m
	case "clip":
		c := &Clip{}
		var audio string
		fields = append(fields,
			field{name: "stop", required: true, set: stopNumber(&c.Stop)},
			field{name: "audio", set: audioFile(&audio)},
			field{name: "date", set: date(&c.Date, set.Location)},
			field{name: "sample", set: boolean(&c.Sample)},
			field{name: "retired", set: boolean(&c.Retired)},
			field{name: "instead", set: instead(&c.Instead)})
		before := len(*errs)
		decodeInto(&c.Page, &page, p, fm, fmLine, fields, errs)
		unreadable := slices.ContainsFunc((*errs)[before:], func(d diag.Diagnostic) bool { return strings.HasPrefix(d.Msg, "front matter") })
		_, hasAudio := page.Lines["audio"]
		if !hasAudio && !c.Retired && !unreadable {
			errs.Add(p, fmLine, "missing key %q", "audio")
		}
		if _, ok := page.Lines["instead"]; ok && !c.Retired {
			errs.Add(p, page.Line("instead"), "instead: only a retired clip sends readers elsewhere")
			(*errs)[len(*errs)-1].Hint = `add "retired: true", or remove "instead"`
		}
		if audio != "" {
			c.Audio = path.Join(dir, audio)
		}
		out = c
	}
	if kind != "section" && !slugRE.MatchString(page.Slug) {
		line := page.Line("slug")
		if _, ok := page.Lines["slug"]; ok {
			errs.Add(p, line, "slug %q can only use small latin letters, digits, \"-\" and \".\"", page.Slug)
		} else {
			errs.Add(p, 1, "the file name %q becomes the page's address, so it can only use small latin letters, digits, \"-\" and \".\"", name)
			(*errs)[len(*errs)-1].Hint = `rename the file, or add a key such as "slug: library"`
		}
	}
	return out
}

func decodeInto(dst, page *Page, p string, fm []byte, fmLine int, fields []field, errs *diag.List) {
	page.Lines = decode(p, fm, fmLine, fields, errs)
	*dst = *page
}

func stopNumber(p *int) func(n *yaml.Node) error {
	set := integer(p)
	return func(n *yaml.Node) error {
		if err := set(n); err != nil {
			return err
		}
		if *p < 1 || *p > 999 {
			return fmt.Errorf("%d is not a stop number from 1 to 999", *p)
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
		if _, err := strconv.Atoi(*p); err != nil && !strings.HasPrefix(*p, "/") {
			return fmt.Errorf("%q is neither a stop number nor a page of this site such as /spaces/library/", *p)
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
			return fmt.Errorf("%d is not a distance in centimetres from 20 to 500", *p)
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
			return fmt.Errorf("%q must be the name of an .mp3 file in the same folder", *p)
		}
		return nil
	}
}

func loadSettings(fsys fs.FS, errs *diag.List) Settings {
	s := Settings{TimeZone: "Asia/Shanghai", ScanDistance: 80}
	src, err := fs.ReadFile(fsys, SettingsFile)
	if err != nil {
		errs.Add(SettingsFile, 0, "cannot read the site settings: %v", unwrapPath(err))
		s.Location, _ = time.LoadLocation(s.TimeZone)
		return s
	}
	src = normalize(src)
	s.Lines = decode(SettingsFile, src, 1, []field{
		{name: "title", required: true, set: nonEmpty(&s.Title)},
		{name: "description", set: str(&s.Description)},
		{name: "baseURL", required: true, set: absURL(&s.BaseURL)},
		{name: "productionURL", required: true, set: absURL(&s.ProductionURL)},
		{name: "address", set: str(&s.Address)},
		{name: "phone", set: str(&s.Phone)},
		{name: "hours", set: str(&s.Hours)},
		{name: "opens", set: clock(&s.Opens)},
		{name: "closes", set: clock(&s.Closes)},
		{name: "source", set: str(&s.Source)},
		{name: "timeZone", set: nonEmpty(&s.TimeZone)},
		{name: "scanDistance", set: centimetres(&s.ScanDistance)},
	}, errs)
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		line := s.Lines["timeZone"]
		errs.Add(SettingsFile, line, "timeZone: %q is not a time zone such as Asia/Shanghai", s.TimeZone)
		loc, _ = time.LoadLocation("Asia/Shanghai")
	}
	s.Location = loc
	s.BaseURL = strings.TrimRight(s.BaseURL, "/") + "/"
	s.ProductionURL = strings.TrimRight(s.ProductionURL, "/")
	return s
}

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
		return fmt.Errorf("%q is not a web address such as https://example.org/", u)
	}
	if v.RawQuery != "" || v.Fragment != "" {
		return fmt.Errorf("%q must not have a \"?\" or \"#\" part", u)
	}
	return nil
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
			return fmt.Errorf("%q is not a time of day such as 09:00", *p)
		}
		return nil
	}
}

// URL is the site path of a page, e.g. "/spaces/library/".
func (s *Space) URL() string { return "/spaces/" + s.Slug + "/" }

// URL is the site path of a clip's page, e.g. "/listen/01-welcome/".
func (c *Clip) URL() string { return "/listen/" + c.Slug + "/" }

// URL is the milestone's place on the timeline page.
func (m *Milestone) URL() string { return "/timeline/#" + m.Anchor() }

// URL is the site path of a section, e.g. "/listen/", or "/" for the home page.
func (s *Section) URL() string {
	if s.Slug == "" {
		return "/"
	}
	return "/" + s.Slug + "/"
}
