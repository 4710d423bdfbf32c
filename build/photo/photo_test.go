package photo

import (
	"github.com/zhaojiaxiang/site/build/photo/phototest"

	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestReadMeta(t *testing.T) {
	j := encodeJPEG(t, upright(40, 30), 80)
	for _, bo := range []phototest.ByteOrder{binary.BigEndian, binary.LittleEndian} {
		for o := 0; o <= 8; o++ {
			for _, gps := range []bool{false, true} {
				m := ReadMeta(phototest.WithAPP1(j, phototest.EXIF(bo, o, gps)))
				want := Meta{Orientation: max(o, 1), GPS: gps}
				if m != want {
					t.Errorf("%v orientation %d gps %v: read %+v", bo, o, gps, m)
				}
			}
		}
	}
	xmp := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), `<x:xmpmeta><rdf:Description exif:GPSLatitude="31,18.6N"/></x:xmpmeta>`...)
	if m := ReadMeta(phototest.WithAPP1(j, xmp)); !m.GPS || m.Orientation != 1 {
		t.Errorf("XMP position: read %+v", m)
	}
	// Broken EXIF counts as absent, never as a crash.
	for _, cut := range []int{7, 10, 20, 40, 60} {
		e := phototest.EXIF(binary.LittleEndian, 6, true)
		ReadMeta(phototest.WithAPP1(j, e[:cut]))
	}
	if m := ReadMeta(j); m != (Meta{Orientation: 1}) {
		t.Errorf("no EXIF: read %+v", m)
	}

	// PNG keeps EXIF in an eXIf chunk before the image data.
	var p bytes.Buffer
	png.Encode(&p, upright(40, 30))
	pb := p.Bytes()
	if HasGPS(pb) {
		t.Error("a PNG without EXIF has GPS")
	}
	withExif := append([]byte{}, pb[:33]...) // signature and IHDR
	withExif = append(withExif, pngChunk("eXIf", phototest.EXIF(binary.BigEndian, 8, true)[6:])...)
	withExif = append(withExif, pb[33:]...)
	if m := ReadMeta(withExif); m != (Meta{Orientation: 8, GPS: true}) {
		t.Errorf("PNG eXIf: read %+v", m)
	}
}

func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32IEEE(append([]byte(typ), data...))
	binary.Write(&b, binary.BigEndian, crc)
	return b.Bytes()
}

func newProcessor(t testing.TB, dir string) *Processor {
	t.Helper()
	p, err := New(dir, Default)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// corner says which corner of m is red: "top-left", "top-right",
// "bottom-left", "bottom-right", or "" when none or several are.
func corner(m image.Image) string {
	b := m.Bounds()
	isRed := func(fx, fy float64) bool {
		r, g, bl, _ := m.At(b.Min.X+int(fx*float64(b.Dx())), b.Min.Y+int(fy*float64(b.Dy()))).RGBA()
		return r>>8 > 180 && g>>8 < 70 && bl>>8 < 70
	}
	var found []string
	for _, c := range []struct {
		name   string
		fx, fy float64
	}{{"top-left", .1, .1}, {"top-right", .9, .1}, {"bottom-left", .1, .9}, {"bottom-right", .9, .9}} {
		if isRed(c.fx, c.fy) {
			found = append(found, c.name)
		}
	}
	if len(found) != 1 {
		return fmt.Sprint(found)
	}
	return found[0]
}

// TestUpright processes phone photos stored in each orientation, with GPS,
// and decodes what a resident would download: upright, the recipe's widths,
// no metadata at all.
func TestUpright(t *testing.T) {
	p := newProcessor(t, t.TempDir())
	for _, o := range []int{1, 3, 6, 8} {
		src := phoneJPEG(t, 1600, 1200, o, true)
		if !HasGPS(src) {
			t.Fatal("the fixture has no GPS")
		}
		ph, err := p.Get("IMG_2041.JPG", src)
		if err != nil {
			t.Fatal(err)
		}
		if !ph.GPS || len(ph.Warnings) != 0 {
			t.Errorf("orientation %d: GPS %v, warnings %q", o, ph.GPS, ph.Warnings)
		}
		if ph.Width != 1200 || ph.Height != 900 {
			t.Errorf("orientation %d: photo is %d×%d, want 1200×900", o, ph.Width, ph.Height)
		}
		var got []string
		for _, v := range ph.Variants {
			b, err := v.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			m, err := jpeg.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%d×%d", m.Bounds().Dx(), m.Bounds().Dy()))
			if v.Width != m.Bounds().Dx() || v.Height != m.Bounds().Dy() {
				t.Errorf("%s says %d×%d, holds %v", v.Name, v.Width, v.Height, m.Bounds())
			}
			if c := corner(m); c != "top-left" {
				t.Errorf("orientation %d, %s: the red block is %s, want top-left", o, v.Name, c)
			}
			if segs := metadataSegments(t, b); len(segs) != 0 || HasGPS(b) || bytes.Contains(b, []byte("Exif")) {
				t.Errorf("%s keeps metadata segments % X", v.Name, segs)
			}
			if !strings.HasPrefix(v.Name, fmt.Sprintf("IMG_2041.%d.", v.Width)) || !strings.HasSuffix(v.Name, ".jpg") || len(v.Name) != len("IMG_2041.480.0123456789.jpg")+len(fmt.Sprint(v.Width))-3 {
				t.Errorf("name %q", v.Name)
			}
		}
		if s := strings.Join(got, " "); s != "480×360 800×600 1200×900" {
			t.Errorf("orientation %d: sizes %s", o, s)
		}
	}
}

// TestWidths: never larger than the photo; a photo narrower than the
// smallest width is used as it is, with a warning.
func TestWidths(t *testing.T) {
	p := newProcessor(t, t.TempDir())
	for _, c := range []struct {
		w, h, o int
		want    string
		warn    bool
	}{
		{1200, 1600, 6, "480×640 800×1067 1200×1600", false}, // stored 1600×1200 on its side
		{1000, 750, 1, "480×360 800×600 1000×750", false},
		{1200, 900, 1, "480×360 800×600 1200×900", false},
		{480, 360, 1, "480×360", false},
		{300, 200, 1, "300×200", true},
		{200, 300, 6, "200×300", true},
		{801, 601, 1, "480×360 800×600 801×601", false},
	} {
		ph, err := p.Get("a.jpg", phoneJPEG(t, c.w, c.h, c.o, false))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range ph.Variants {
			got = append(got, fmt.Sprintf("%d×%d", v.Width, v.Height))
		}
		if s := strings.Join(got, " "); s != c.want || (len(ph.Warnings) > 0) != c.warn {
			t.Errorf("%d×%d orientation %d: %s, warnings %q; want %s", c.w, c.h, c.o, s, ph.Warnings, c.want)
		}
	}
	ph, _ := p.Get("small.jpg", phoneJPEG(t, 300, 200, 1, false))
	if want := "the photo is only 300 pixels wide, less than the 480 a phone needs: it is shown at that size and may look blurred; use a larger photo if there is one"; len(ph.Warnings) != 1 || ph.Warnings[0] != want {
		t.Errorf("warning %q", ph.Warnings)
	}
}

// TestPNG: a PNG with transparency comes out on white, as JPEG.
func TestPNG(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
	for i := 3; i < len(m.Pix); i += 4 {
		m.Pix[i-3], m.Pix[i] = 200, 0 // transparent
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	ph, err := newProcessor(t, t.TempDir()).Get("screen.png", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	out, _ := ph.Variants[0].Bytes()
	j, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if r, g, bl, _ := j.At(10, 10).RGBA(); r>>8 < 245 || g>>8 < 245 || bl>>8 < 245 {
		t.Errorf("transparent became %v, want white", j.At(10, 10))
	}
	if ph.Variants[0].Name[:len("screen.480.")] != "screen.480." {
		t.Errorf("name %s", ph.Variants[0].Name)
	}
}

// TestCache: a second build decodes nothing; a damaged entry is made again;
// Sweep removes what the build did not use.
func TestCache(t *testing.T) {
	dir := t.TempDir()
	a := phoneJPEG(t, 1600, 1200, 6, true)
	b := phoneJPEG(t, 1000, 800, 1, false)

	first := newProcessor(t, dir)
	pa, err := first.Get("a.jpg", a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.Get("b.jpg", b); err != nil {
		t.Fatal(err)
	}
	if first.Decodes() != 2 {
		t.Fatalf("first build decoded %d photos, want 2", first.Decodes())
	}

	second := newProcessor(t, dir)
	pa2, err := second.Get("a.jpg", a)
	if err != nil {
		t.Fatal(err)
	}
	if second.Decodes() != 0 {
		t.Errorf("a rebuild decoded %d photos", second.Decodes())
	}
	if fmt.Sprint(pa) != fmt.Sprint(pa2) {
		t.Errorf("cached photo differs:\n%+v\n%+v", pa, pa2)
	}
	// The same photo under another name is the same entry.
	if pc, _ := second.Get("c.jpg", a); second.Decodes() != 0 || pc.Variants[0].Name[:6] != "c.480." {
		t.Errorf("same bytes, other name: %d decodes, %s", second.Decodes(), pc.Variants[0].Name)
	}
	// Only a's entry was asked for: b's files go, and a write that was
	// interrupted; a file the cache did not make stays.
	os.WriteFile(filepath.Join(dir, ".123456.txt.new-42"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(dir, "NOTES"), []byte("kept"), 0o644)
	n, err := second.Sweep()
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 { // b's entry file, its three widths, the half-written file
		t.Errorf("sweep removed %d files, want 5", n)
	}
	if err := os.Remove(filepath.Join(dir, "NOTES")); err != nil {
		t.Error("sweep removed a file it did not make")
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 4 {
		t.Errorf("cache holds %d files after sweep, want 4: %v", len(files), files)
	}

	// A damaged file: one flipped byte in a width, then a cut entry file.
	damage := func(name string, f func([]byte) []byte) {
		t.Helper()
		old, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f(bytes.Clone(old)), 0o644); err != nil {
			t.Fatal(err)
		}
		p := newProcessor(t, dir)
		ph, err := p.Get("a.jpg", a)
		if err != nil {
			t.Fatal(err)
		}
		if p.Decodes() != 1 {
			t.Errorf("damaged %s: decoded %d times, want 1", filepath.Base(name), p.Decodes())
		}
		if fmt.Sprint(ph) != fmt.Sprint(pa) {
			t.Errorf("redrawn photo differs:\n%+v\n%+v", ph, pa)
		}
		if now, _ := os.ReadFile(name); !bytes.Equal(now, old) {
			t.Errorf("%s was not redrawn", filepath.Base(name))
		}
	}
	damage(pa.Variants[1].File, func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b })
	damage(strings.TrimSuffix(pa.Variants[0].File, ".480.jpg")+".txt", func(b []byte) []byte { return b[:len(b)-10] })
	damage(strings.TrimSuffix(pa.Variants[0].File, ".480.jpg")+".txt", func(b []byte) []byte {
		return bytes.Replace(b, []byte("gps true"), []byte("gps fals"), 1)
	})
	os.Remove(pa.Variants[2].File)
	if p := newProcessor(t, dir); func() bool { p.Get("a.jpg", a); return p.Decodes() != 1 }() {
		t.Error("a missing width was not redrawn")
	}
}

// TestConcurrent: many workers asking for the same few photos decode each
// once (run with -race).
func TestConcurrent(t *testing.T) {
	p := newProcessor(t, t.TempDir())
	srcs := [][]byte{phoneJPEG(t, 900, 600, 1, false), phoneJPEG(t, 900, 600, 3, false), phoneJPEG(t, 600, 900, 8, true)}
	var wg sync.WaitGroup
	names := make([]string, 12)
	for i := range 12 {
		wg.Go(func() {
			ph, err := p.Get("x.jpg", srcs[i%3])
			if err != nil {
				t.Error(err)
				return
			}
			names[i] = ph.Variants[0].Name
		})
	}
	wg.Wait()
	if p.Decodes() != 3 {
		t.Errorf("decoded %d times, want 3", p.Decodes())
	}
	for i := range names {
		if names[i] != names[i%3] {
			t.Errorf("worker %d got %s, worker %d %s", i, names[i], i%3, names[i%3])
		}
	}
}

// TestBadInput: each kind of bad file, with the message the editor reads.
// Nothing is written to the cache for them.
func TestBadInput(t *testing.T) {
	good := encodeJPEG(t, upright(64, 48), 80)
	var pngb bytes.Buffer
	png.Encode(&pngb, upright(64, 48))

	// A header promising 10000×7000 pixels: the SOF0 segment's size fields.
	huge := append([]byte{}, good...)
	sof := bytes.Index(huge, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(huge[sof+5:], 7000)
	binary.BigEndian.PutUint16(huge[sof+7:], 10000)

	heic := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 100)...)
	big := append(append([]byte{}, good...), make([]byte, 41<<20)...)

	for _, c := range []struct {
		name string
		src  []byte
		kind error
		msg  string
	}{
		{"text", []byte("这不是照片\n"), ErrNotPhoto, "not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)"},
		{"empty", nil, ErrNotPhoto, "not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)"},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), ErrNotPhoto, "not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00"), ErrNotPhoto, "not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)"},
		{"heic", heic, ErrHEIC, "this is an iPhone HEIC photo, which the site cannot read: send it again as JPEG, or make the iPhone save JPEG from now on (设置 › 相机 › 格式 › 兼容性最佳) and take it again"},
		{"truncated jpeg", good[:len(good)*2/3], ErrDamaged, "the photo is damaged or cut short: copy it from the phone again"},
		{"jpeg header only", good[:20], ErrDamaged, "the photo is damaged or cut short: copy it from the phone again"},
		{"truncated png", pngb.Bytes()[:pngb.Len()/2], ErrDamaged, "the photo is damaged or cut short: copy it from the phone again"},
		{"over 60 MP", huge, ErrTooManyPixels, "the photo is 10000×7000 pixels (70 megapixels); the site takes up to 60 megapixels: save it smaller and add it again"},
		{"over 40 MB", big, ErrTooLarge, "the file is 41.0 MB; the site takes photos up to 40 MB: save it smaller and add it again"},
	} {
		dir := t.TempDir()
		p := newProcessor(t, dir)
		_, err := p.Get("x.jpg", c.src)
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, c.kind) || err.Error() != c.msg {
			t.Errorf("%s: got %v\nwant %s", c.name, err, c.msg)
		}
		if p.Decodes() > 0 && c.kind != ErrDamaged {
			t.Errorf("%s: decoded before refusing", c.name)
		}
		if files, _ := os.ReadDir(dir); len(files) != 0 {
			t.Errorf("%s: the cache holds %d files", c.name, len(files))
		}
		if _, err := Import(c.src); err == nil || err.Error() != c.msg {
			t.Errorf("%s: Import says %v", c.name, err)
		}
	}
}

func TestWriteHTML(t *testing.T) {
	ph := &Photo{Width: 1200, Height: 900, Variants: []Variant{
		{Width: 480, Height: 360, Name: "jieshuchu.480.0123456789.jpg"},
		{Width: 800, Height: 600, Name: "jieshuchu.800.abcdef0123.jpg"},
		{Width: 1200, Height: 900, Name: "jieshuchu.1200.9876543210.jpg"},
	}}
	var b strings.Builder
	WriteHTML(&b, ph, `借书处 "一楼" <左>`, false)
	want := `<a class="photo" href="jieshuchu.1200.9876543210.jpg"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="jieshuchu.800.abcdef0123.jpg" data-srcset="jieshuchu.480.0123456789.jpg 480w, jieshuchu.800.abcdef0123.jpg 800w, jieshuchu.1200.9876543210.jpg 1200w" sizes="(max-width: 736px) calc(100vw - 32px), 704px" width="1200" height="900" alt="借书处 &#34;一楼&#34; &lt;左&gt;" decoding="async"><noscript><img src="jieshuchu.800.abcdef0123.jpg" srcset="jieshuchu.480.0123456789.jpg 480w, jieshuchu.800.abcdef0123.jpg 800w, jieshuchu.1200.9876543210.jpg 1200w" sizes="(max-width: 736px) calc(100vw - 32px), 704px" width="1200" height="900" alt="借书处 &#34;一楼&#34; &lt;左&gt;" loading="lazy" decoding="async"></noscript></a>`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}

	small := &Photo{Width: 300, Height: 200, Dir: "/spaces/活动室/", Variants: []Variant{{Width: 300, Height: 200, Name: "小 图,1.300.0123456789.jpg"}}}
	b.Reset()
	WriteHTML(&b, small, "", true)
	want = `<a class="photo" href="/spaces/%E6%B4%BB%E5%8A%A8%E5%AE%A4/%E5%B0%8F%20%E5%9B%BE%2C1.300.0123456789.jpg"><img src="/spaces/%E6%B4%BB%E5%8A%A8%E5%AE%A4/%E5%B0%8F%20%E5%9B%BE%2C1.300.0123456789.jpg" width="300" height="200" alt="" fetchpriority="high"></a>`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestImport: a phone photo becomes an upright JPEG of at most 2400 pixels
// with no metadata.
func TestImport(t *testing.T) {
	src := phoneJPEG(t, 3000, 4000, 6, true) // stored 4000×3000 on its side
	im, err := Import(src)
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 1800 || im.Height != 2400 || im.SrcW != 3000 || im.SrcH != 4000 || !im.GPS {
		t.Errorf("imported %+v", im)
	}
	m, err := jpeg.Decode(bytes.NewReader(im.Data))
	if err != nil {
		t.Fatal(err)
	}
	if m.Bounds().Dx() != 1800 || m.Bounds().Dy() != 2400 || corner(m) != "top-left" {
		t.Errorf("imported %v, red block %s", m.Bounds(), corner(m))
	}
	if segs := metadataSegments(t, im.Data); len(segs) != 0 || HasGPS(im.Data) {
		t.Errorf("imported photo keeps % X", segs)
	}
	small, err := Import(phoneJPEG(t, 640, 480, 3, false))
	if err != nil || small.Width != 640 || small.Height != 480 {
		t.Fatalf("small: %+v %v", small, err)
	}
	if m, _ := jpeg.Decode(bytes.NewReader(small.Data)); corner(m) != "top-left" {
		t.Errorf("small photo's red block is %s", corner(m))
	}
}

// TestExiftool: photos tagged by exiftool (as a phone or a photo app would)
// come out upright, and exiftool finds nothing in the outputs.
func TestExiftool(t *testing.T) {
	tool := exiftool(t)
	dir := t.TempDir()
	p := newProcessor(t, filepath.Join(dir, "cache"))
	for _, o := range []int{3, 6, 8} {
		name := filepath.Join(dir, fmt.Sprintf("o%d.jpg", o))
		os.WriteFile(name, encodeJPEG(t, phototest.Stored(upright(1600, 1200), o), 90), 0o644)
		cmd := exec.Command(tool, "-q", "-overwrite_original", fmt.Sprintf("-Orientation#=%d", o),
			"-GPSLatitude=31.31", "-GPSLatitudeRef=N", "-GPSLongitude=120.72", "-GPSLongitudeRef=E",
			"-XMP-dc:Title=示例", "-Make=Apple", name)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		src, _ := os.ReadFile(name)
		if m := ReadMeta(src); m != (Meta{Orientation: o, GPS: true}) {
			t.Errorf("exiftool's orientation %d: read %+v", o, m)
		}
		ph, err := p.Get(name, src)
		if err != nil {
			t.Fatal(err)
		}
		im, err := Import(src)
		if err != nil {
			t.Fatal(err)
		}
		imported := filepath.Join(dir, fmt.Sprintf("imported%d.jpg", o))
		os.WriteFile(imported, im.Data, 0o644)
		files := []string{imported}
		for _, v := range ph.Variants {
			files = append(files, v.File)
			b, _ := v.Bytes()
			if m, _ := jpeg.Decode(bytes.NewReader(b)); corner(m) != "top-left" {
				t.Errorf("orientation %d, %s: red block %s", o, v.Name, corner(m))
			}
		}
		// Everything exiftool finds beyond the file's own properties and
		// the JPEG frame is metadata that should not be there.
		args := append([]string{"-a", "-G0", "-s", "-e", "--File:all", "--ExifTool:all", "--Composite:all"}, files...)
		out, err := exec.Command(tool, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		for _, line := range strings.Split(string(out), "\n") {
			if line != "" && !strings.HasPrefix(line, "========") && !strings.Contains(line, "image files read") {
				t.Errorf("exiftool finds metadata in an output: %s", line)
			}
		}
	}
}

func crc32IEEE(b []byte) uint32 { return crc32.ChecksumIEEE(b) }

// FuzzReadMeta: any bytes, however broken, read as some Meta and never
// crash the build.
func FuzzReadMeta(f *testing.F) {
	j := encodeJPEG(f, upright(16, 16), 80)
	f.Add(phototest.WithAPP1(j, phototest.EXIF(binary.BigEndian, 6, true)))
	f.Add(phototest.WithAPP1(j, phototest.EXIF(binary.LittleEndian, 8, true)))
	var p bytes.Buffer
	png.Encode(&p, upright(8, 8))
	f.Add(p.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		m := ReadMeta(b)
		if m.Orientation < 1 || m.Orientation > 8 {
			t.Errorf("orientation %d", m.Orientation)
		}
		Sniff(b)
	})
}

// TestGrey: a black-and-white JPEG (one plane) comes out grey, at the
// recipe's widths.
func TestGrey(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 1000, 500))
	for i := range g.Pix {
		g.Pix[i] = uint8(i % 200)
	}
	ph, err := newProcessor(t, t.TempDir()).Get("grey.jpg", encodeJPEG(t, g, 90))
	if err != nil {
		t.Fatal(err)
	}
	if len(ph.Variants) != 3 || ph.Width != 1000 || ph.Height != 500 {
		t.Fatalf("%+v", ph)
	}
	b, _ := ph.Variants[1].Bytes()
	m, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r, gr, bl, _ := m.At(400, 200).RGBA(); m.Bounds().Dx() != 800 || absDiff(r, gr) > 0x300 || absDiff(gr, bl) > 0x300 {
		t.Errorf("%v: colour %v, want grey", m.Bounds(), m.At(400, 200))
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestBaseName(t *testing.T) {
	for in, want := range map[string]string{
		"jieshuchu.jpg": "jieshuchu", "photos/IMG_2041.JPG": "IMG_2041", "借书 处,1.jpeg": "借书-处-1",
		"javascript:x.jpg": "javascript-x", ".jpg": ".jpg", "": "photo", "a.b.png": "a.b",
	} {
		if got := baseName(in); got != want {
			t.Errorf("baseName(%q) = %q, want %q", in, got, want)
		}
	}
}
