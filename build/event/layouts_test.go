package event

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/internal/browser"
	"github.com/zhaojiaxiang/site/build/render"
)

// The site's own layouts and static files, which these tests draw the
// activity pages with. Content comes from testdata only.
const siteRoot = "../.."

// pageData and siteData stand in for what the build gives layouts (.Site
// and the page), with what the activity layouts read.
type pageData struct {
	Site      *siteData
	Kind      string
	Title     string
	Summary   string
	URL       string
	Permalink string
	Content   template.HTML
	Sample    bool
	Event     *Entry
	Space     *content.Space
	Cover     *struct { // a page's cover photo: none here
		URL           string
		Width, Height int
	}
}

type siteData struct {
	content.Settings
	Listen, Timeline *content.Section
	Events           *Calendar
	Cover, FeedURL   string
	CoverSize        int
}

// loadLayouts parses the site's layouts, plus a test layout that draws the
// next-events partial as the home and space pages will.
func loadLayouts(t testing.TB) *render.Layouts {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(siteRoot), "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(siteRoot, p))
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	fsys["layouts/next-test.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}<h2>近期活动</h2>{{template "layouts/partials/next-events.html" (.Site.Events.Next 3)}}{{end}}`)}
	l, errs := render.LoadLayouts(fsys, template.FuncMap{
		"asset": func(name string) string { return "/" + name },
		"abs":   func(p string) string { return "https://example.org/" + strings.TrimPrefix(p, "/") },
		"cover": func(any) template.HTML { return "" },
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return l
}

// loadDir decodes every activity in dir.
func loadDir(t testing.TB, dir string, loc *time.Location) []*content.Event {
	files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var events []*content.Event
	var errs diag.List
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, decodeFile(t, "content/events/"+filepath.Base(f), src, loc, &errs))
	}
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return events
}

// renderSite draws the activity pages for cal into a new folder, with the
// site's static files, and returns it.
func renderSite(t testing.TB, cal *Calendar) string {
	l := loadLayouts(t)
	dir := t.TempDir()
	set := testSettings(cal.Loc)
	set.Hours = "每天 9:00–21:00"
	site := &siteData{Settings: set, Events: cal,
		Listen:   &content.Section{Page: content.Page{Slug: "listen", Title: "党史悦听区"}},
		Timeline: &content.Section{Page: content.Page{Slug: "timeline", Title: "区域党建大事记"}}}
	write := func(kind, url, title string, p *pageData) {
		p.Site, p.Kind, p.URL, p.Title, p.Permalink = site, kind, url, title, "https://example.org"+url
		var buf bytes.Buffer
		if err := l.Execute(&buf, kind, p); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		out := filepath.Join(dir, filepath.FromSlash(url), "index.html")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("events", "/events/", "近期活动", &pageData{})
	write("events-past", "/events/past/", "活动回顾", &pageData{})
	write("print-events", "/print/events/", "活动安排表", &pageData{})
	write("next-test", "/next/", "首页", &pageData{})
	for _, e := range cal.Entries {
		write("event", e.URL(), e.Title, &pageData{Event: e, Sample: e.Sample, Content: "<p>活动内容。</p>"})
	}
	for _, sub := range []string{"css", "js"} {
		files, _ := filepath.Glob(filepath.Join(siteRoot, "static", sub, "*"))
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, sub, filepath.Base(f)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

func readPage(t testing.TB, dir, url string) string {
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(url), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text is a page's words without tags and runs of space, for asserting
// what a reader sees.
func text(html string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

// TestSampleLayouts draws the sample activities at a fixed time and checks
// what each page says.
func TestSampleLayouts(t *testing.T) {
	loc := shanghai(t)
	now := time.Date(2026, 12, 10, 10, 0, 0, 0, loc) // a Thursday
	var errs diag.List
	cal := New(loadDir(t, "testdata/sample-events", loc), testSpaces, testSettings(loc), now, &errs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dir := renderSite(t, cal)
	for _, c := range []struct {
		url  string
		want []string
	}{
		{"/events/", []string{
			"今天 · 12月10日 周四 14:00–15:30 线下读书会 示例 地点 樊登社区中心 对象 社区居民 报名 到服务台报名(到服务台登记,示例)",
			"明天 · 12月11日 周五 15:00–16:30 老年人文化娱乐活动 示例 地点 乐龄生活馆 对象 70周岁以上园区户籍老人",
			"12月12日 周六 9:00–11:30 儿童健康义诊 示例 地点 思享汇教室 对象 辖区居民群众 报名 无需报名,直接参加",
			"12月15日 周二 9:30–11:00 主题党日活动 示例 地点 信仰空间 对象 湖东辖区党建联盟单位 报名 电话预约(号码见服务台)",
			"常设活动 线下读书会 示例 每周四 14:00–15:30 · 樊登社区中心 12月3日至12月31日 · 社区居民",
			"老年人文化娱乐活动 示例 每周二、周五 15:00–16:30 · 乐龄生活馆 12月1日至2027年2月26日 · 70周岁以上园区户籍老人",
		}},
		{"/events/dushuhui/", []string{
			"线下读书会 示例 这是占位的示例内容",
			"时间 每周四 14:00–15:30 12月3日至12月31日 地点 樊登社区中心",
			"主办 兆佳巷区域党群服务中心",
			"接下来的日期 12月10日 周四 14:00–15:30 12月17日 周四 14:00–15:30 12月24日 周四 14:00–15:30 12月31日 周四 14:00–15:30",
		}},
		{"/events/yizhen/", []string{"时间 12月12日 周六 9:00–11:30", "主办 园区儿童医院“童彤”党建项目"}},
		{"/print/events/", []string{
			"活动安排 12月7日至12月20日 本周",
			"12月10日 周四 14:00–15:30 线下读书会 示例 · 樊登社区中心",
			"下周 日期 时间 活动 · 地点 12月15日 周二 9:30–11:00 主题党日活动 示例 · 信仰空间 对象:湖东辖区党建联盟单位 电话预约(号码见服务台)",
			"常设活动 老年人文化娱乐活动 示例 :每周二、周五 15:00–16:30,乐龄生活馆;对象:70周岁以上园区户籍老人;到服务台报名(到乐龄生活馆登记,示例) 线下读书会 示例 :每周四 14:00–15:30,樊登社区中心",
		}},
		{"/next/", []string{"近期活动 今天 · 12月10日 周四 14:00–15:30 线下读书会 示例 · 樊登社区中心 明天 · 12月11日 周五 15:00–16:30 老年人文化娱乐活动"}},
	} {
		html := readPage(t, dir, c.url)
		got := text(html)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s does not say %q; it says:\n%s", c.url, w, got)
			}
		}
	}
	html := readPage(t, dir, "/events/")
	if n := strings.Count(html, `data-end="`); n != len(cal.Listed()) {
		t.Errorf("/events/: %d items with data-end, want %d", n, len(cal.Listed()))
	}
	if !strings.Contains(html, `data-end="2026-12-10T15:30:00&#43;08:00"`) && !strings.Contains(html, `data-end="2026-12-10T15:30:00+08:00"`) {
		t.Errorf("/events/: no data-end for today's 读书会")
	}
	if !strings.Contains(html, `<script type="application/ld+json">[{"@context":"https://schema.org","@type":"Event"`) {
		t.Errorf("/events/: no JSON-LD")
	}
	// Nothing past is listed; the past page is empty at this time.
	if got := text(readPage(t, dir, "/events/past/")); !strings.Contains(got, "还没有活动回顾") {
		t.Errorf("/events/past/: %s", got)
	}
}

// TestStatusShown: cancelled, postponed and full are said in words.
func TestStatusShown(t *testing.T) {
	loc := shanghai(t)
	a, err := txtar.ParseFile("testdata/cases/status.txtar")
	if err != nil {
		t.Fatal(err)
	}
	events, nows, errs := loadCase(t, a, loc)
	cal := New(events, testSpaces, testSettings(loc), nows[0], &errs)
	dir := renderSite(t, cal)
	got := text(readPage(t, dir, "/events/"))
	for _, w := range []string{"14:00–15:00 已取消 取消的讲座", "9:00–10:00 延期 延期的义诊", "14:00–15:00 已满 满员的读书会", "取消的系列 已取消 每周六"} {
		if !strings.Contains(got, w) {
			t.Errorf("/events/ does not say %q:\n%s", w, got)
		}
	}
	if got := text(readPage(t, dir, "/events/a/")); !strings.Contains(got, "取消的讲座 已取消") {
		t.Errorf("/events/a/: %s", got)
	}
}

// TestPhone opens the list on a 375 px phone, built a day before it is
// read: what ended since the build is hidden by the script, 明天 has become
// 今天, nothing is wider than the screen, and every link is a 44 px target.
func TestPhone(t *testing.T) {
	ctx := browser.New(t)
	loc := shanghai(t)
	real := time.Now().In(loc)
	built := real.Add(-24 * time.Hour)
	f := func(t time.Time) string { return t.Format("2006-01-02 15:04") }
	ended := real.Add(-3 * time.Hour).Truncate(time.Minute)
	soon := real.Add(2 * time.Minute).Truncate(time.Minute)
	src := map[string]string{
		"ended.md": fmt.Sprintf("---\ntitle: 已经结束的活动\nspace: fandeng\nstart: %s\nend: %s\n---\n", f(ended), f(real.Add(-30*time.Minute))),
		"soon.md":  fmt.Sprintf("---\ntitle: 马上开始的活动\nspace: elders\nstart: %s\nend: %s\naudience: 70周岁以上园区户籍老人\ncapacity: 30\nbooking: {how: phone, note: 号码见服务台}\n---\n", f(soon), f(soon.Add(2*time.Hour))),
	}
	var events []*content.Event
	var errs diag.List
	for name, s := range src {
		events = append(events, decodeFile(t, "content/events/"+name, []byte(s), loc, &errs))
	}
	cal := New(events, testSpaces, testSettings(loc), built, &errs)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dir := renderSite(t, cal)
	base := browser.Serve(t, dir)

	// As built, both are listed.
	html := readPage(t, dir, "/events/")
	if !strings.Contains(html, "已经结束的活动") || !strings.Contains(html, "马上开始的活动") {
		t.Fatalf("the build did not list both activities:\n%s", text(html))
	}
	tab := browser.Tab(t, ctx, 30*time.Second)
	err := chromedp.Do(tab,
		chromedp.EmulateViewport(375, 667, chromedp.EmulateMobile),
		chromedp.Navigate(base+"/events/"),
		chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Fatal(err)
	}
	const find = `[].slice.call(document.querySelectorAll('.event-title a')).filter(function (a) { return a.textContent === %q; })[0]`
	endedShown := eval[bool](t, tab, fmt.Sprintf(`!!(%s).offsetParent`, fmt.Sprintf(find, "已经结束的活动")))
	soonShown := eval[bool](t, tab, fmt.Sprintf(`!!(%s).offsetParent`, fmt.Sprintf(find, "马上开始的活动")))
	heading := eval[string](t, tab, fmt.Sprintf(`(%s).closest('section').querySelector('h2').textContent`, fmt.Sprintf(find, "马上开始的活动")))
	scrollW := eval[int](t, tab, `document.scrollingElement.scrollWidth`)
	small := eval[[]string](t, tab, `[].slice.call(document.querySelectorAll('main a')).filter(function (a) {
		return a.offsetParent && a.getBoundingClientRect().height < 44; }).map(function (a) { return a.textContent; })`)
	if dir := os.Getenv("SITE_SCREENSHOTS"); dir != "" {
		if png, err := chromedp.Run(tab, chromedp.FullScreenshot(90)); err == nil {
			os.WriteFile(filepath.Join(dir, "events-375.png"), png, 0o644)
		}
	}
	if endedShown {
		t.Error("an activity that ended after the build is still shown")
	}
	if !soonShown {
		t.Error("an activity about to start is not shown")
	}
	want := DateText(soon)
	if Midnight(soon, loc).Equal(Midnight(time.Now(), loc)) {
		want = "今天 · " + want
	} else {
		want = "明天 · " + want
	}
	if heading != want {
		t.Errorf("the day is headed %q on the phone, want %q (the build said %q)", heading, want, ByDay(cal.Upcoming(), built, loc)[len(ByDay(cal.Upcoming(), built, loc))-1].Heading())
	}
	if scrollW > 375 {
		t.Errorf("the page is %d px wide on a 375 px phone", scrollW)
	}
	if len(small) > 0 {
		t.Errorf("links smaller than 44 px: %q", small)
	}
}

func eval[T any](t *testing.T, tab context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestNoticeBoardPrint prints /print/events/ as Chromium would to A4: every
// word on the sheet is at least 16 pt, and it is one page.
func TestNoticeBoardPrint(t *testing.T) {
	ctx := browser.New(t)
	loc := shanghai(t)
	now := time.Date(2026, 12, 10, 10, 0, 0, 0, loc)
	var errs diag.List
	cal := New(loadDir(t, "testdata/sample-events", loc), testSpaces, testSettings(loc), now, &errs)
	dir := renderSite(t, cal)
	base := browser.Serve(t, dir)
	tab := browser.Tab(t, ctx, 30*time.Second)
	err := chromedp.Do(tab,
		chromedp.Navigate(base+"/print/events/"),
		chromedp.Poll[chromedp.Void](`document.readyState === "complete"`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	minPx := eval[float64](t, tab, `(function () { var m = 1e9;
		[].forEach.call(document.querySelectorAll('.sheet *'), function (e) {
			var own = [].some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim() !== ''; });
			if (own && e.offsetParent !== null) { m = Math.min(m, parseFloat(getComputedStyle(e).fontSize)); }
		}); return m; })()`)
	if pt := minPx * 72 / 96; pt < 15.99 {
		t.Errorf("the smallest type on the sheet is %.1f pt, want 16 or more", pt)
	}
	pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Log("no pdfinfo: pages not counted")
		return
	}
	file := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("SITE_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "print-events.pdf"), pdf, 0o644)
	}
	out, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^Pages:\s+1$`).Match(out) {
		t.Errorf("the sheet is not one page:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)`).Match(out) {
		t.Errorf("the sheet is not A4:\n%s", out)
	}
}

// Nav stands in for the navigation the build draws once an item.
func (p *pageData) Nav() template.HTML { return "" }
