package content

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/zhaojiaxiang/site/build/diag"
)

// A Kind is one kind of page. The table Kinds is the one place that says,
// for every kind, where its files live, what its pages' addresses are, which
// front-matter keys it takes, which layouts draw it and what "site new"
// writes. Loading, the check that no two pages share an address, every list
// of all pages, "site new", "site check", the preview's partial rebuilds and
// the list of layouts a site needs all read it.
//
// Adding a kind is one type (a struct embedding Page, with a Fields method
// for its own keys), one entry here, and one layout.
type Kind struct {
	Name string // what "site new" calls it: "space"
	// Dir is the kind's folder under content/, "spaces". The kind with no
	// Dir is the ordinary page, which lives in every other folder, and at
	// the top of content/.
	Dir string
	// Layout draws each page of the kind. Empty for a kind whose pages are
	// parts of their section's page, reached at "#<slug>" (milestones).
	Layout string
	// List is the layout of the section page that lists the kind's pages.
	List string
	// Optional kinds have a section only when content/<Dir>/ holds files;
	// the others always have one, which layouts may link to.
	Optional bool
	// New returns an empty page of the kind, for the loader to fill.
	New func() Entry
	// Order sorts the pages of a section of this kind.
	Order func(a, b Entry) int
	// Scaffold writes the text of a new page for "site new": front matter
	// with every key an editor fills in, and a line of body.
	Scaffold func(s *Site, name string, today time.Time) (text string, notes []string)
}

// An Entry is a page of some kind: a struct that embeds Page.
type Entry interface {
	// Base is the part every kind has.
	Base() *Page
	// Fields are the front-matter keys of the kind beyond the common ones
	// (title, summary, slug, draft, sample), decoding into the entry.
	Fields(set *Settings) []Field
}

// A Field is one front-matter key a kind of page accepts.
type Field struct {
	Name     string
	Required bool
	Help     string // what the key means, for editors
	Set      func(n *yaml.Node) error
}

// finisher is an Entry with checks that need the whole front matter.
type finisher interface {
	// finish checks what the keys say together; readable is false when
	// the front matter could not be read as keys.
	finish(dir string, fmLine int, readable bool, errs *diag.List)
}

// Kinds is the table of kinds. The ordinary page comes last: it is the
// kind of every folder the others do not claim.
var Kinds = []*Kind{
	{
		Name: "space", Dir: "spaces", Layout: "space", List: "section",
		New:      func() Entry { return new(Space) },
		Order:    byWeight,
		Scaffold: scaffoldSpace,
	},
	{
		Name: "milestone", Dir: "timeline", List: "timeline",
		New: func() Entry { return new(Milestone) },
		Order: func(a, b Entry) int {
			x, y := a.(*Milestone), b.(*Milestone)
			return cmp.Or(x.Date.Compare(y.Date.Time), strings.Compare(x.Path, y.Path))
		},
		Scaffold: scaffoldMilestone,
	},
	{
		Name: "clip", Dir: "listen", Layout: "clip", List: "listen",
		New: func() Entry { return new(Clip) },
		Order: func(a, b Entry) int {
			x, y := a.(*Clip), b.(*Clip)
			return cmp.Or(x.Stop-y.Stop, strings.Compare(x.Path, y.Path))
		},
		Scaffold: scaffoldClip,
	},
	{
		Name: "event", Dir: "events", Layout: "event", List: "events", Optional: true,
		New: func() Entry { return new(Event) },
		Order: func(a, b Entry) int {
			return strings.Compare(a.Base().Path, b.Base().Path)
		},
		Scaffold: scaffoldEvent,
	},
	{
		Name: "page", Layout: "page", List: "section",
		New: func() Entry { return new(Article) },
		// By weight, then newest first: a section of notices reads as a
		// notice board.
		Order: func(a, b Entry) int {
			x, y := a.(*Article), b.(*Article)
			return cmp.Or(x.Weight-y.Weight, y.Date.Compare(x.Date.Time), strings.Compare(x.Path, y.Path))
		},
		Scaffold: scaffoldArticle,
	},
}

// KindNamed returns the kind called name, or nil.
func KindNamed(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// kindOf returns the kind of the pages in the folder content/<dir>.
func kindOf(dir string) *Kind {
	var plain *Kind
	for _, k := range Kinds {
		if k.Dir == dir && dir != "" {
			return k
		}
		if k.Dir == "" {
			plain = k
		}
	}
	return plain
}

// byWeight orders pages by their weight, then by the file they come from.
func byWeight(a, b Entry) int {
	return cmp.Or(weight(a)-weight(b), strings.Compare(a.Base().Path, b.Base().Path))
}

func weight(e Entry) int {
	if w, ok := e.(interface{ Order() int }); ok {
		return w.Order()
	}
	return 0
}

// Space is a room or service of the centre.
type Space struct {
	Page
	Weight int
}

// Order is where the space comes in lists: small first.
func (s *Space) Order() int { return s.Weight }

// Fields are a space's own keys.
func (s *Space) Fields(*Settings) []Field {
	return []Field{{Name: "weight", Help: "order in lists, small first", Set: integer(&s.Weight)}}
}

// Milestone is one entry of the regional party-building timeline.
type Milestone struct {
	Page
	Date Date
}

// Anchor is the milestone's id on the timeline page: its slug, by default the
// file name, which an editor does not change when fixing a title or a date.
func (m *Milestone) Anchor() string { return m.Slug }

// Fields are a milestone's own keys.
func (m *Milestone) Fields(set *Settings) []Field {
	return []Field{{Name: "date", Required: true, Help: "2022-07-01, 2022-07 or 2022: as precise as you know", Set: date(&m.Date, set.Location)}}
}

// Clip is one recording of the listening area.
type Clip struct {
	Page
	Stop  int    // the number printed on the wall
	Audio string // path of the MP3 in the site's file system
	Date  Date   // when it was published; zero when the editor gave none
	// Retired clips are gone from the listening list, but their short URL
	// still forwards, to a page that says so and points to Instead.
	Retired bool
	Instead string // a stop number or a site path; "" for the listening list

	audio string // as written in the front matter
}

// Fields are a clip's own keys.
func (c *Clip) Fields(set *Settings) []Field {
	return []Field{
		{Name: "stop", Required: true, Help: "the number printed on the wall; never give it to another clip", Set: stopNumber(&c.Stop)},
		{Name: "audio", Help: "the MP3 file beside this page", Set: audioFile(&c.audio)},
		{Name: "date", Help: "when it was published: its date in the podcast feed", Set: date(&c.Date, set.Location)},
		{Name: "retired", Help: "true: the clip leaves the listening list; its printed code still leads somewhere", Set: boolean(&c.Retired)},
		{Name: "instead", Help: "for a retired clip: a stop number or a page such as /spaces/library/", Set: instead(&c.Instead)},
	}
}

func (c *Clip) finish(dir string, fmLine int, readable bool, errs *diag.List) {
	if !c.Lines.Has("audio") && !c.Retired && readable {
		errs.Add(c.Path, fmLine, "missing key %q", "audio")
	}
	if c.Lines.Has("instead") && !c.Retired {
		errs.Add(c.Path, c.Line("instead"), "instead: only a retired clip sends readers elsewhere")
		(*errs)[len(*errs)-1].Hint = `add "retired: true", or remove "instead"`
	}
	if c.audio != "" {
		c.Audio = dir + "/" + c.audio
	}
}

// Article is an ordinary page: 关于我们, a notice, directions. It lives in
// any folder of content/ that no other kind claims, or at its top.
type Article struct {
	Page
	Date   Date
	Weight int
}

// Order is where the page comes in its section's list: small first.
func (a *Article) Order() int { return a.Weight }

// Fields are an ordinary page's own keys.
func (a *Article) Fields(set *Settings) []Field {
	return []Field{
		{Name: "date", Help: "when it was written or published: 2026-12-01", Set: date(&a.Date, set.Location)},
		{Name: "weight", Help: "order in its section's list, small first", Set: integer(&a.Weight)},
	}
}

// commonFields are the keys every page has.
func commonFields(p *Page, section bool) []Field {
	f := make([]Field, 0, 12) // room for the kind's own keys
	f = append(f,
		Field{Name: "title", Required: !section, Help: "the page's title", Set: nonEmpty(&p.Title)},
		Field{Name: "summary", Help: "one line for lists and share cards", Set: str(&p.Summary)},
	)
	if section {
		return f
	}
	return append(f,
		Field{Name: "slug", Help: "the last part of the page's address, instead of the file name", Set: str(&p.Slug)},
		Field{Name: "draft", Help: "true leaves the page out of the site", Set: boolean(&p.Draft)},
		Field{Name: "sample", Help: "true marks placeholder content (示例) that an editor must replace", Set: boolean(&p.Sample)},
		Field{Name: "cover", Help: "a photo in the page's folder that stands for the page on lists and share cards, such as jieshuchu.jpg", Set: str(&p.Cover)},
	)
}

// Exported setters, for kinds defined outside this package.

// String decodes a key's text into p.
func String(p *string) func(*yaml.Node) error { return str(p) }

// Int decodes a whole number into p.
func Int(p *int) func(*yaml.Node) error { return integer(p) }

// Bool decodes true or false into p.
func Bool(p *bool) func(*yaml.Node) error { return boolean(p) }

// DateIn decodes a date into p, in the site's time zone loc.
func DateIn(p *Date, loc *time.Location) func(*yaml.Node) error { return date(p, loc) }

// scaffold texts. Each builds as it is, so an editor can save it, see it in
// the preview and fill it in from there.

func scaffoldSpace(s *Site, name string, _ time.Time) (string, []string) {
	w := 10
	for _, sp := range s.SpaceList {
		w = max(w, (sp.Weight/10+1)*10)
	}
	return fmt.Sprintf(`---
title: %s           # 页面标题,请改成中文名称 · the page's title
weight: %d          # 首页上的顺序,小的在前 · order on the home page, small first
# summary: 一句话介绍,显示在首页。
---

在这里写正文。可以用 ## 小标题、列表和表格。
`, name, w), []string{diag.Part("change the title, write the text, and save").String()}
}

func scaffoldMilestone(s *Site, name string, today time.Time) (string, []string) {
	return fmt.Sprintf(`---
title: %s           # 大事记标题,请改成中文 · the milestone's title
date: %s      # 2022-07-01、2022-07 或 2022:知道多少写多少
---

在这里写这件事。
`, name, today.In(s.Settings.Location).Format(time.DateOnly)), []string{diag.Part("change the title and the date, write what happened, and save").String()}
}

// clipText is the page of a new clip: stop number, audio file and date
// filled in; draft is its "draft:" line, or "".
func clipText(title string, stop int, audio string, day string, draft string) string {
	return fmt.Sprintf(`---
title: %s           # 录音标题,请改成中文 · the clip's title
stop: %d            # 墙上印的编号,不要给别的录音再用 · the number on the wall; never reuse it
audio: %s
date: %s      # 录音发布的日期,播客里显示 · published, for the podcast feed
%s---

文字稿:录音里说的话,一段一段写下来。
`, title, stop, audio, day, draft)
}

func scaffoldClip(s *Site, name string, today time.Time) (string, []string) {
	stop := NextStop(s.Clips, s.Printed)
	audio := name + ".mp3"
	var notes []string
	draft := ""
	if !s.has("content/listen/" + audio) {
		draft = "draft: true        # 放好录音后删除这一行 · remove once the MP3 is in place\n"
		notes = append(notes, fmt.Sprintf("put the recording at content/listen/%s, then remove the line \"draft: true\"", audio))
	}
	notes = append(notes, fmt.Sprintf("its QR code will point at stop %d", stop))
	return clipText(name, stop, audio, today.In(s.Settings.Location).Format(time.DateOnly), draft), notes
}

func scaffoldArticle(s *Site, name string, today time.Time) (string, []string) {
	return fmt.Sprintf(`---
title: %s           # 页面标题,请改成中文 · the page's title
date: %s      # 写好或发布的日期
# summary: 一句话介绍,显示在栏目列表里。
---

在这里写正文。
`, name, today.In(s.Settings.Location).Format(time.DateOnly)), []string{diag.Part("change the title, write the text, and save").String()}
}
