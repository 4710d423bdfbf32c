// Package wall is about the placards on the centre's wall: how big a printed
// QR code must be, how placards are laid out on A4 paper, and the promise
// that a code once printed keeps leading somewhere.
//
// # Placards
//
// A resident scans from about a forearm's length to a few steps away. The rule
// of thumb for phone cameras is a code at least one tenth as wide as the
// distance, so the code itself (without its white border) is printed
// scanDistance÷10 wide: 80 mm for the default 80 cm, read from content/site.yaml.
// Around it stays the quiet zone of qr.QuietZone modules, and around that a
// margin of Gutter mm before the cut line, so scissors never eat the border a
// camera needs.
//
// A placard holds, top to bottom: the centre's name, the stop number in large
// type, the clip's title, the code, "微信扫一扫 收听", and the short URL in type
// for whoever cannot scan. Its size follows from the code's; NewLayout puts as
// many placards as fit on an A4 sheet, turning it to landscape when more fit
// that way, and never splits one across two sheets.
//
// # Printed codes are a promise
//
// content/printed.yaml (content.Printed) records each print run: the stop
// numbers printed, the URL each code holds, the clip's title and page at the
// time, and the date. "site print record" appends a run after printing. Check
// compares the site with every run and refuses a change that would break a
// code on the wall:
//
//   - the production URL no longer gives the URL a printed code holds;
//   - a printed stop number has no clip any more (retire the clip instead:
//     "retired: true" keeps its code alive, forwarding to a page that says so);
//   - a printed clip was given another number, or its number was given to a
//     different clip;
//   - a file in static/ would replace the forward of a printed code.
//
// The stop number is the key. A clip is the same clip when it keeps its page
// address or its title from any run in which its number was printed, so an
// editor may rename a clip's file and address, or fix its title, freely; only
// changing both at once, without printing new placards, looks like a
// different clip.
package wall

import (
	"math"

	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/qr"
)

const quietZone = qr.QuietZone

// A4 paper in millimetres, portrait.
const (
	PaperW = 210.0
	PaperH = 297.0
)

// Margin is the blank edge of every sheet, in millimetres: more than office
// printers need, so a printer never shifts or shrinks the page.
const Margin = 10.0

// Gutter is the white between a code's quiet zone and the cut line, left and
// right, in millimetres.
const Gutter = 8.0

// TextHeight is the height of the placard's lines of type above and below the
// code, with their padding, in millimetres. The print stylesheet draws them in
// exactly this height (static/css/print.css).
const TextHeight = 67.0

// Layout is where placards go on paper. Lengths are in millimetres.
type Layout struct {
	Distance  int     // scanning distance in centimetres
	Code      float64 // width of a code without its quiet zone
	Landscape bool
	PageW     float64 // the sheet as printed: 297 wide when landscape
	PageH     float64
	Margin    float64
	CardW     float64 // one placard, cut line to cut line
	CardH     float64
	Cols      int
	Rows      int
}

// NewLayout lays out placards for a scanning distance in centimetres and the
// widest code's size in modules, quiet zone included.
func NewLayout(distance, size int) (Layout, error) {
	l := Layout{Distance: distance, Code: float64(distance), Margin: Margin}
	box := l.Box(size)
	l.CardW = round(box + 2*Gutter)
	l.CardH = round(box + TextHeight)
	fit := func(w, h float64) (int, int) {
		return int((w - 2*Margin) / l.CardW), int((h - 2*Margin) / l.CardH)
	}
	c, r := fit(PaperW, PaperH)
	lc, lr := fit(PaperH, PaperW)
	l.PageW, l.PageH, l.Cols, l.Rows = PaperW, PaperH, c, r
	if lc*lr > c*r {
		l.Landscape, l.PageW, l.PageH, l.Cols, l.Rows = true, PaperH, PaperW, lc, lr
	}
	if l.Cols*l.Rows == 0 {
		return l, diag.Errorf("a code for %d cm must be %d mm wide, and its placard (%.0f × %.0f mm) does not fit on A4 paper", distance, distance, l.CardW, l.CardH)
	}
	return l, nil
}

// MaxDistance is the largest scanning distance whose placards fit on A4.
func MaxDistance(size int) int {
	d := 20
	for {
		if _, err := NewLayout(d+1, size); err != nil {
			return d
		}
		d++
	}
}

// Module is the width of one module of a code with size modules (quiet zone
// included), so that the code without its quiet zone is exactly Code wide.
func (l Layout) Module(size int) float64 { return l.Code / float64(size-2*quietZone) }

// Box is the printed width of a code of size modules, quiet zone included.
func (l Layout) Box(size int) float64 { return l.Module(size) * float64(size) }

// Single is the layout of a sheet holding one placard, in its middle.
func (l Layout) Single() Layout {
	l.Cols, l.Rows = 1, 1
	return l
}

// PerPage is how many placards one sheet holds.
func (l Layout) PerPage() int { return l.Cols * l.Rows }

// Sheet is the part of the page inside the margins. It is kept 1 mm short of
// the page so rounding in the browser never pushes it onto a second sheet.
func (l Layout) SheetW() float64 { return l.PageW - 2*l.Margin }

// SheetH is the height of a sheet's printable area, 1 mm short (see SheetW).
func (l Layout) SheetH() float64 { return l.PageH - 2*l.Margin - 1 }

// Place is the top-left corner, on the page, of the i-th placard of a sheet:
// placards fill rows left to right, the whole grid centred on the page.
func (l Layout) Place(i int) (x, y float64) {
	gw, gh := float64(l.Cols)*l.CardW, float64(l.Rows)*l.CardH
	x0 := l.Margin + (l.SheetW()-gw)/2
	y0 := l.Margin + (l.SheetH()-gh)/2
	return x0 + float64(i%l.Cols)*l.CardW, y0 + float64(i/l.Cols)*l.CardH
}

func round(mm float64) float64 { return math.Ceil(mm*10) / 10 }
