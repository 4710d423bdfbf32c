package build_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/internal/browser"
	"github.com/zhaojiaxiang/site/build/qr"
	"github.com/zhaojiaxiang/site/build/scan"
	"github.com/zhaojiaxiang/site/build/wall"
)

var placardsOut = flag.String("placards", "", "write the rasterized print pages into this folder, for a person to look at")

// dpi is the resolution the printed PDFs are rasterized at: a modest one, as
// a phone camera sees a code, not a print shop.
const dpi = 150

func px(mm float64) float64 { return mm / 25.4 * dpi }

// TestPrintedPlacards prints the A4 sheet of all placards and each placard's
// own page to PDF in Chromium, rasterizes the PDFs, and checks on the pixels:
// every code decodes to its clip's short URL, is printed at the configured
// size within 1 mm, keeps its quiet zone white, and every placard lies wholly
// on one page, with nothing but placards printed.
func TestPrintedPlacards(t *testing.T) {
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv(browser.Required) == "1" {
			t.Fatalf("%s=1 but pdftoppm was not found: install Debian's poppler-utils package", browser.Required)
		}
		t.Skipf("no pdftoppm (poppler-utils) installed; set %s=1 to make this a failure", browser.Required)
	}
	b := browser.New(t)
	out, s := buildSite(t)
	printAndScan(t, b, pdftoppm, out, s, true)

	// Closer scanning: smaller codes, more placards a sheet, portrait paper.
	near := copySite(t)
	yaml := filepath.Join(near, "content", "site.yaml")
	src, _ := os.ReadFile(yaml)
	os.WriteFile(yaml, bytes.Replace(src, []byte("scanDistance: 80"), []byte("scanDistance: 50"), 1), 0o644)
	cfg := build.Config{Root: os.DirFS(near), Out: filepath.Join(near, "public")}
	if _, err := build.Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	s, _ = build.Assemble(cfg)
	if s.Data.ScanDistance != 50 {
		t.Fatalf("scanDistance is %d after the edit", s.Data.ScanDistance)
	}
	printAndScan(t, b, pdftoppm, cfg.Out, s, false)
}

// printAndScan prints the print section of the site built into out, with
// each placard's own page when singles is set, and checks it on the pixels.
func printAndScan(t *testing.T, b context.Context, pdftoppm, out string, s *build.Site, singles bool) {
	t.Helper()
	base := browser.Serve(t, out)
	size := 0
	for _, c := range s.Data.Clips {
		code, err := qr.Encode(c.ShortURL)
		if err != nil {
			t.Fatal(err)
		}
		size = max(size, code.Size())
	}
	layout, err := wall.NewLayout(s.Data.ScanDistance, size)
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(s.Data.ScanDistance) / 10 * 10; layout.Code < want {
		t.Fatalf("code width %.1f mm is less than a tenth of the scanning distance of %d cm", layout.Code, s.Data.ScanDistance)
	}

	type job struct {
		url    string
		layout wall.Layout
		stops  []int // in placard order
	}
	all := job{url: "/print/", layout: layout}
	var jobs []job
	for _, c := range s.Data.Clips {
		all.stops = append(all.stops, c.Stop)
		if singles {
			jobs = append(jobs, job{url: "/print/" + strconv.Itoa(c.Stop) + "/", layout: layout.Single(), stops: []int{c.Stop}})
		}
	}
	jobs = append([]job{all}, jobs...)

	dir := t.TempDir()
	for _, j := range jobs {
		tab := browser.Tab(t, b, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(base+j.url)); err != nil {
			t.Fatal(err)
		}
		pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
		if err != nil {
			t.Fatalf("%s: printing to PDF: %v", j.url, err)
		}
		name := fmt.Sprintf("print%d-%s", s.Data.ScanDistance, filepath.Base(j.url))
		if j.url == "/print/" {
			name = fmt.Sprintf("print%d-all", s.Data.ScanDistance)
		}
		file := filepath.Join(dir, name+".pdf")
		os.WriteFile(file, pdf, 0o644)
		if msg, err := exec.Command(pdftoppm, "-r", strconv.Itoa(dpi), "-png", file, filepath.Join(dir, name)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm %s: %v\n%s", file, err, msg)
		}
		pages, _ := filepath.Glob(filepath.Join(dir, name+"-*.png"))
		slices.Sort(pages)
		per := j.layout.PerPage()
		if want := (len(j.stops) + per - 1) / per; len(pages) != want {
			t.Fatalf("%s prints on %d pages, want %d (%d placards, %d a sheet)", j.url, len(pages), want, len(j.stops), per)
		}
		for p, png := range pages {
			img := readPNG(t, png)
			if *placardsOut != "" {
				os.MkdirAll(*placardsOut, 0o755)
				data, _ := os.ReadFile(png)
				os.WriteFile(filepath.Join(*placardsOut, filepath.Base(png)), data, 0o644)
			}
			where := fmt.Sprintf("%s page %d", j.url, p+1)
			checkPage(t, where, img, j.layout)
			stops := j.stops[p*per : min((p+1)*per, len(j.stops))]
			var cards []image.Rectangle
			for i := range stops {
				cards = append(cards, cardRect(j.layout, i))
			}
			checkOnlyPlacards(t, where, img, cards)
			for i, n := range stops {
				want := qr.ShortURL(s.Data.ProductionURL, n)
				checkPlacard(t, fmt.Sprintf("%s, placard of stop %d", where, n), img, cards[i], want, j.layout.Code)
			}
		}
	}
}

// checkPage checks the page is the sheet the layout asked for.
func checkPage(t *testing.T, where string, img image.Image, l wall.Layout) {
	t.Helper()
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if math.Abs(float64(w)-px(l.PageW)) > 2 || math.Abs(float64(h)-px(l.PageH)) > 2 {
		t.Errorf("%s is %d×%d px, want A4 %.0f×%.0f mm = %.0f×%.0f px", where, w, h, l.PageW, l.PageH, px(l.PageW), px(l.PageH))
	}
}

// cardRect is where the layout puts the i-th placard of a sheet, in pixels.
func cardRect(l wall.Layout, i int) image.Rectangle {
	x, y := l.Place(i)
	return image.Rect(int(math.Round(px(x))), int(math.Round(px(y))), int(math.Round(px(x+l.CardW))), int(math.Round(px(y+l.CardH))))
}

// checkOnlyPlacards wants ink nowhere but inside the placards, and a cut line
// along each placard's edges: a placard that slid, grew, or was split across
// sheets fails, and so does anything of the screen (links, instructions)
// that reached the paper.
func checkOnlyPlacards(t *testing.T, where string, img image.Image, cards []image.Rectangle) {
	t.Helper()
	const slack = 3 // px, for the rounding of mm to pixels
	stray := 0
	var first image.Point
	bo := img.Bounds()
	for y := bo.Min.Y; y < bo.Max.Y; y++ {
		for x := bo.Min.X; x < bo.Max.X; x++ {
			if lum(img.At(x, y)) > 240 {
				continue
			}
			p := image.Pt(x, y)
			if slices.ContainsFunc(cards, func(r image.Rectangle) bool { return p.In(r.Inset(-slack)) }) {
				continue
			}
			if stray == 0 {
				first = p
			}
			stray++
		}
	}
	if stray > 0 {
		t.Errorf("%s: %d dark pixels outside the placards, the first at %v (%.1f, %.1f mm)", where, stray, first, float64(first.X)/dpi*25.4, float64(first.Y)/dpi*25.4)
	}
	for _, r := range cards {
		edges := map[string]func(i int) image.Point{
			"top":    func(i int) image.Point { return image.Pt(r.Min.X+i, r.Min.Y) },
			"bottom": func(i int) image.Point { return image.Pt(r.Min.X+i, r.Max.Y-1) },
		}
		for name, at := range edges {
			dark := 0
			for i := range r.Dx() {
				p := at(i)
				for d := -slack; d <= slack; d++ {
					if lum(img.At(p.X, p.Y+d)) < 200 {
						dark++
						break
					}
				}
			}
			if dark < r.Dx()/4 {
				t.Errorf("%s: no cut line along the %s of the placard at %v (%d of %d px dark)", where, name, r, dark, r.Dx())
			}
		}
	}
}

// checkPlacard decodes the code inside a placard and measures it.
func checkPlacard(t *testing.T, where string, img image.Image, card image.Rectangle, want string, codeMM float64) {
	t.Helper()
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(card.Inset(int(px(2))))
	res, err := scan.Image(sub)
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	if res.Text != want {
		t.Errorf("%s: the code reads %q, want %q", where, res.Text, want)
	}
	pts := res.Points // bottom-left, top-left, top-right finder centres
	if len(pts) < 3 {
		t.Fatalf("%s: decoder gave %d finder points", where, len(pts))
	}
	off := sub.Bounds().Min
	bl := image.Pt(off.X+int(pts[0].GetX()), off.Y+int(pts[0].GetY()))
	tl := image.Pt(off.X+int(pts[1].GetX()), off.Y+int(pts[1].GetY()))
	tr := image.Pt(off.X+int(pts[2].GetX()), off.Y+int(pts[2].GetY()))

	// The symbol's outer edges: from a finder pattern's centre outwards to
	// the last dark pixel before the quiet zone. Finder centres are 3.5
	// modules in from the edges, which gives a first estimate of a module.
	code, _ := qr.Encode(want)
	modules := code.Size() - 2*qr.QuietZone
	guess := math.Hypot(float64(tr.X-tl.X), float64(tr.Y-tl.Y)) / float64(modules-7)
	left := edge(img, tl, -1, 0, guess)
	right := edge(img, tr, 1, 0, guess)
	top := edge(img, tl, 0, -1, guess)
	bottom := edge(img, bl, 0, 1, guess)
	wmm := float64(right.X-left.X+1) / dpi * 25.4
	hmm := float64(bottom.Y-top.Y+1) / dpi * 25.4
	t.Logf("%s: code printed %.2f × %.2f mm (want %.0f)", where, wmm, hmm, codeMM)
	if math.Abs(wmm-codeMM) > 1 || math.Abs(hmm-codeMM) > 1 {
		t.Errorf("%s: the code is printed %.1f × %.1f mm, want %.0f mm within 1 mm", where, wmm, hmm, codeMM)
	}

	// The quiet zone: four modules of white all round, inside the cut line.
	mod := float64(right.X-left.X+1) / float64(modules)
	q := int(mod * qr.QuietZone)
	inner := image.Rect(left.X, top.Y, right.X+1, bottom.Y+1)
	outer := inner.Inset(-q)
	if !outer.In(card) {
		t.Errorf("%s: the quiet zone %v reaches over the cut line %v", where, outer, card)
	}
	ink := 0
	for y := outer.Min.Y; y < outer.Max.Y; y++ {
		for x := outer.Min.X; x < outer.Max.X; x++ {
			if !image.Pt(x, y).In(inner.Inset(-1)) && lum(img.At(x, y)) < 200 {
				ink++
			}
		}
	}
	if ink > 0 {
		t.Errorf("%s: %d dark pixels in the quiet zone", where, ink)
	}
}

// edge walks from p in direction (dx, dy) over the finder pattern (dark,
// light, dark rings, each a module wide) and returns the last dark pixel
// before a run of light longer than two modules: the symbol's outer edge on
// that side.
func edge(img image.Image, p image.Point, dx, dy int, module float64) image.Point {
	last := p
	light := 0
	for q := p; q.In(img.Bounds()); q = q.Add(image.Pt(dx, dy)) {
		if lum(img.At(q.X, q.Y)) < 128 {
			last, light = q, 0
			continue
		}
		if light++; float64(light) > 2*module {
			break
		}
	}
	return last
}

func lum(c color.Color) uint8 { return color.GrayModel.Convert(c).(color.Gray).Y }

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestPrintSection reads the print pages as files: every live clip has a
// placard with its code, instruction and typed short URL; the listening list
// links to the section for staff.
func TestPrintSection(t *testing.T) {
	out, s := buildSite(t)
	all := readFile(t, out, "print/index.html")
	for _, c := range s.Data.Clips {
		one := readFile(t, out, "print/"+strconv.Itoa(c.Stop)+"/index.html")
		for _, page := range []string{all, one} {
			for _, want := range []string{`aria-label="` + c.ShortURL + `"`, c.Title, "微信扫一扫 收听", strings.ToLower(s.Data.ProductionURL[len("HTTPS://"):]) + qr.ShortPath(c.Stop)} {
				if !strings.Contains(page, want) {
					t.Errorf("the print page of stop %d has no %q", c.Stop, want)
				}
			}
		}
	}
	if !strings.Contains(all, "@page { size: ") || !strings.Contains(all, "mm; margin: ") {
		t.Error("print/index.html sets no page size and margins in mm")
	}
	reg, err := os.ReadFile("../content/printed.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p, errs := content.ParsePrinted(reg); len(errs) > 0 || !bytes.Equal(p.Format(), reg) {
		t.Errorf("content/printed.yaml is not as \"site print record\" writes it (%v)", errs)
	}
	if !strings.Contains(readFile(t, out, "listen/index.html"), `href="/print/"`) {
		t.Error("the listening list has no link to the print section")
	}
}

// TestRetiredStop retires clip 3 the way the README says. Its printed code
// and its printed number still lead somewhere: scanning forwards to a page
// that says the clip was retired and links to stop 5, and typing 3 into the
// listening page's form lands there too. The clip is gone from the list,
// the print section, the feed and the sitemap.
func TestRetiredStop(t *testing.T) {
	dir := copySite(t)
	f := filepath.Join(dir, "content/listen/03-library.md")
	src, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(src, []byte("audio: 03-library.mp3"), []byte("retired: true\ninstead: 5"), 1), 0o644)
	cfg := build.Config{Root: os.DirFS(dir), Out: filepath.Join(dir, "public")}
	if _, err := build.Build(context.Background(), cfg); err != nil {
		t.Fatalf("retiring a clip must build:\n%v", err)
	}
	out := cfg.Out
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	page := follow(t, srv.URL+"/L/3")
	for _, want := range []string{"<h1>图书馆借书还书</h1>", "这段录音已经停用了", `href="/listen/05-how-to-listen/"`, "怎样扫码收听"} {
		if !strings.Contains(page, want) {
			t.Errorf("scanning the retired code leads to a page without %q", want)
		}
	}
	if !strings.Contains(readFile(t, out, "_redirects"), "/L/3     /listen/03-library/ 302!") {
		t.Error("_redirects does not forward /L/3 to the retired page")
	}
	for _, name := range []string{"print/index.html", "listen/feed.xml", "sitemap.xml"} {
		if strings.Contains(readFile(t, out, name), "/listen/03-library/") || strings.Contains(readFile(t, out, name), "图书馆借书还书") {
			t.Errorf("%s still shows the retired clip", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "print/3")); err == nil {
		t.Error("the retired clip still has a placard")
	}

	b := browser.New(t)
	origin := browser.Serve(t, out)
	tab := browser.Tab(t, b, 30*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(origin+"/listen/")); err != nil {
		t.Fatal(err)
	}
	if vis, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`[...document.querySelectorAll('a[href="/listen/03-library/"]')].some(a => a.offsetParent !== null)`)); vis {
		t.Error("the listening list shows the retired clip")
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS("#stop-input"), "3"), chromedp.Click(chromedp.CSS(".stop-form button"))); err != nil {
		t.Fatal(err)
	}
	if got := waitPath(tab, "/listen/03-library/"); got != "/listen/03-library/" {
		t.Errorf("typing the retired stop 3 led to %s", got)
	}
}

// copySite copies the test site (testdata/site, with the repository's
// layouts and static files) into a temporary folder, so a test may change it.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for sub, from := range map[string]string{"content": "testdata/site/content", "layouts": "../layouts", "static": "../static"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
