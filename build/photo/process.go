package photo

import (
	"github.com/zhaojiaxiang/site/build/diag"

	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"strconv"
	"strings"
)

// Recipe is how a photo becomes the files a page links to. The cache key
// holds all of it, so changing any field redraws every photo; Version is
// for a change in the code that the other fields do not show.
type Recipe struct {
	Version int
	// Widths, smallest first, in pixels of the upright photo. A photo is
	// never made wider than it is: one narrower than a width gets its own
	// width as its largest instead.
	Widths []int
	// Quality of the JPEG encoder, 1 to 100.
	Quality int
}

// Default is the site's recipe: three widths for phones at 1×, 2× and 3×
// (360–430 CSS pixels wide), JPEG at quality 75, about 230 KB at 1200
// pixels.
//
// Only JPEG: WebP would save about a fifth of the bytes, but the only pure-Go
// encoder runs libwebp as WebAssembly and costs about twice the JPEG time for
// each photo, and the first build must not be slower than Hugo's. A WebP
// <source> can be added later behind a new Version.
var Default = Recipe{Version: 1, Widths: []int{480, 800, 1200}, Quality: 75}

func (r Recipe) String() string {
	ws := make([]string, len(r.Widths))
	for i, w := range r.Widths {
		ws[i] = strconv.Itoa(w)
	}
	return fmt.Sprintf("photo recipe v%d widths=%s jpeg q%d", r.Version, strings.Join(ws, ","), r.Quality)
}

// size is a width and height in pixels.
type size struct{ w, h int }

// plan returns the output sizes for an upright photo of w×h, smallest
// first, and a warning when the photo is narrower than the smallest width.
func (r Recipe) plan(w, h int) (sizes []size, warning string) {
	scaled := func(ow int) size { return size{ow, max(1, (h*ow+w/2)/w)} }
	for _, rw := range r.Widths {
		if rw < w {
			sizes = append(sizes, scaled(rw))
		}
	}
	if top := min(w, r.Widths[len(r.Widths)-1]); len(sizes) == 0 || sizes[len(sizes)-1].w < top {
		sizes = append(sizes, scaled(top))
	}
	if w < r.Widths[0] {
		warning = fmt.Sprintf(MsgNarrow, w, r.Widths[0])
	}
	return sizes, warning
}

// decoded is a photo read from its file: the stored image (not yet upright),
// its EXIF, and its upright size.
type decoded struct {
	planes [3]plane
	meta   Meta
	w, h   int // upright
}

// decode checks and decodes src. The caller holds a share of the decode
// budget for w×h pixels.
func decode(src []byte) (*decoded, error) {
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, bad(ErrDamaged, diag.Part(msgDamaged))
	}
	d := &decoded{planes: toPlanes(img), meta: ReadMeta(src)}
	d.w, d.h = img.Bounds().Dx(), img.Bounds().Dy()
	if swaps(d.meta.Orientation) {
		d.w, d.h = d.h, d.w
	}
	return d, nil
}

// upright scales the decoded photo to the upright size w×h and turns it.
func (d *decoded) upright(w, h int) ycc {
	sw, sh := w, h
	if swaps(d.meta.Orientation) {
		sw, sh = h, w
	}
	return scaleTo(d.planes, sw, sh).orient(d.meta.Orientation)
}

// render makes every size of the recipe from the decoded photo: the largest
// from the original, each smaller one from the largest (as sharp, and far
// less work than going back to the original).
func (r Recipe) render(d *decoded) (sizes []size, files [][]byte, warning string, err error) {
	sizes, warning = r.plan(d.w, d.h)
	top := sizes[len(sizes)-1]
	big := d.upright(top.w, top.h)
	d.planes = [3]plane{} // let the collector have the original while the rest is made
	files = make([][]byte, len(sizes))
	for i, s := range sizes {
		m := big
		if s != top {
			m = scaleTo(big, s.w, s.h)
		}
		if files[i], err = encode(m.image(), r.Quality); err != nil {
			return nil, nil, "", err
		}
	}
	return sizes, files, warning, nil
}

// encode writes m as a baseline JPEG. image/jpeg writes no metadata at all:
// no EXIF, GPS, XMP or colour profile, so every output is stripped.
func encode(m image.Image, q int) ([]byte, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		return nil, fmt.Errorf("encoding jpeg: %w", err)
	}
	return b.Bytes(), nil
}

// Import limits, for photos an editor adds to the repository: big enough to
// make every width of any recipe later, small enough (about 1 MB) that the
// repository does not grow by a phone's megabytes per photo.
const (
	ImportMaxSide = 2400
	ImportQuality = 85
)

// Imported is a photo made ready for the repository.
type Imported struct {
	Data          []byte // JPEG, upright, no metadata
	Width, Height int    // of Data
	SrcW, SrcH    int    // of the original, upright
	GPS           bool   // the original said where it was taken
	Warnings      []*diag.Message
}

// Import turns a phone photo into the file to keep beside its page: upright,
// at most ImportMaxSide pixels on its long side, JPEG at ImportQuality, with
// no metadata (no GPS position enters git). It refuses what the build
// refuses, with the same messages.
func Import(src []byte) (*Imported, error) {
	if _, _, err := check(src); err != nil {
		return nil, err
	}
	d, err := decode(src)
	if err != nil {
		return nil, err
	}
	w, h := d.w, d.h
	if long := max(w, h); long > ImportMaxSide {
		if w >= h {
			w, h = ImportMaxSide, max(1, (h*ImportMaxSide+long/2)/long)
		} else {
			w, h = max(1, (w*ImportMaxSide+long/2)/long), ImportMaxSide
		}
	}
	im := &Imported{Width: w, Height: h, SrcW: d.w, SrcH: d.h, GPS: d.meta.GPS}
	if d.w < Default.Widths[0] {
		im.Warnings = append(im.Warnings, diag.Part(MsgNarrow, d.w, Default.Widths[0]))
	}
	m := d.upright(w, h)
	d.planes = [3]plane{}
	if im.Data, err = encode(m.image(), ImportQuality); err != nil {
		return nil, err
	}
	return im, nil
}
