package main

import (
	"bytes"
	"encoding/hex"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/photo"
)

// phonePhoto is a JPEG as an iPhone held upright stores it: the picture on
// its side (EXIF orientation 6) and the place it was taken (a GPS IFD).
// Upright it is w×h with a red block in its top-left corner.
func phonePhoto(t *testing.T, w, h int) []byte {
	t.Helper()
	// Stored turned a quarter anticlockwise: h×w, red block bottom-left.
	m := image.NewRGBA(image.Rect(0, 0, h, w))
	for y := range w {
		for x := range h {
			c := color.RGBA{120, 130, 140, 255}
			if x < h/4 && y >= w-w/4 {
				c = color.RGBA{220, 20, 20, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// APP1: Exif, little-endian TIFF; IFD0: Orientation 6 and a GPS IFD
	// pointer (38); GPS IFD: GPSLatitudeRef "N".
	exif, _ := hex.DecodeString("ffe10040" + "457869660000" + "49492a0008000000" +
		"0200" + "120103000100000006000000" + "258804000100000026000000" + "00000000" +
		"0100" + "01000200020000004e000000" + "00000000")
	return append(append(append([]byte{}, b.Bytes()[:2]...), exif...), b.Bytes()[2:]...)
}

func TestImportPhoto(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content/spaces/library.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(page, []byte("---\ntitle: 图书馆\n---\n正文\n"), 0o644)
	phone := filepath.Join(dir, "DCIM")
	os.MkdirAll(phone, 0o755)
	a := phonePhoto(t, 1800, 3200)
	if !photo.HasGPS(a) || photo.ReadMeta(a).Orientation != 6 {
		t.Fatalf("the fixture reads as %+v", photo.ReadMeta(a))
	}
	os.WriteFile(filepath.Join(phone, "IMG_2041.JPG"), a, 0o644)
	os.WriteFile(filepath.Join(phone, "IMG_2042.JPG"), phonePhoto(t, 400, 300), 0o644)

	code, stdout, stderr := siteRun("import", "photo", "-src", dir, "spaces/library", filepath.Join(phone, "IMG_2041.JPG"), filepath.Join(phone, "IMG_2042.JPG"))
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := `moved content/spaces/library.md to content/spaces/library/index.md: the page's photos are kept in its folder (the page's address stays the same)
PHONE/IMG_2041.JPG → content/spaces/library/library-1.jpg (1350×2400, the place it was taken removed)
  write in the page: ![说明文字](library-1.jpg)
PHONE/IMG_2042.JPG → content/spaces/library/library-2.jpg (400×300, the place it was taken removed)
  warning: the photo is only 400 pixels wide, less than the 480 a phone needs: it is shown at that size and may look blurred; use a larger photo if there is one
  write in the page: ![说明文字](library-2.jpg)
replace 说明文字 with a few words saying what the photo shows: they are read aloud to visitors who cannot see the photo
`
	if got := strings.ReplaceAll(stdout, phone, "PHONE"); got != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, want)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "content/spaces/library/index.md")); err != nil || !strings.Contains(string(b), "图书馆") {
		t.Errorf("page not moved: %v", err)
	}
	if _, err := os.Stat(page); err == nil {
		t.Error("the single-file page is still there")
	}
	got, err := os.ReadFile(filepath.Join(dir, "content/spaces/library/library-1.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if photo.HasGPS(got) || bytes.Contains(got, []byte("Exif")) || photo.ReadMeta(got).Orientation != 1 {
		t.Error("the imported photo keeps metadata")
	}
	m, err := jpeg.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	r, g, _, _ := m.At(50, 50).RGBA()
	r2, _, _, _ := m.At(1300, 2350).RGBA()
	if m.Bounds().Dx() != 1350 || m.Bounds().Dy() != 2400 || r>>8 < 180 || g>>8 > 70 || r2>>8 > 180 {
		t.Errorf("imported %v; top-left %v, bottom-right %v: not upright", m.Bounds(), m.At(50, 50), m.At(1300, 2350))
	}

	// Again: the next number, never over a file; the phone's name never.
	os.Remove(filepath.Join(dir, "content/spaces/library/library-1.jpg"))
	code, stdout, _ = siteRun("import", "photo", "-src", dir, "content/spaces/library/index.md", filepath.Join(phone, "IMG_2041.JPG"))
	if code != 0 || !strings.Contains(stdout, "![说明文字](library-3.jpg)") || strings.HasPrefix(stdout, "moved") {
		t.Errorf("second import: exit %d\n%s", code, stdout)
	}
}

func TestImportPhotoRefuses(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content/spaces/library"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/spaces/library/index.md"), []byte("---\ntitle: 图书馆\n---\n"), 0o644)
	good := filepath.Join(dir, "good.jpg")
	os.WriteFile(good, phonePhoto(t, 600, 800), 0o644)
	text := filepath.Join(dir, "notes.jpg")
	os.WriteFile(text, []byte("不是照片"), 0o644)
	heic := filepath.Join(dir, "IMG_1.HEIC")
	os.WriteFile(heic, []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), 0o644)
	missing := filepath.Join(dir, "gone.jpg")

	for _, c := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"spaces/library", good, text, heic, missing}, 1, `DIR/notes.jpg: not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)
DIR/IMG_1.HEIC: this is an iPhone HEIC photo, which the site cannot read: send it again as JPEG, or make the iPhone save JPEG from now on (设置 › 相机 › 格式 › 兼容性最佳) and take it again
DIR/gone.jpg: no such file
site import photo: 3 of 4 photos could not be taken; nothing was added
`},
		{[]string{"spaces/reading", good}, 1, "site import photo: there is no page spaces/reading (looked for content/spaces/reading.md and content/spaces/reading/index.md); start one with \"site new\"\n"},
		{[]string{"../secret", good}, 2, "site import photo: \"../secret\" is not a page: write it as its file under content/ without .md, like spaces/library\n"},
		{[]string{"spaces/library"}, 2, "usage: site import photo"},
	} {
		code, stdout, stderr := siteRun(append([]string{"import", "photo", "-src", dir}, c.args...)...)
		stderr = strings.ReplaceAll(stderr, dir, "DIR")
		if code != c.code || !strings.HasPrefix(stderr, c.stderr) || stdout != "" {
			t.Errorf("%v: exit %d\nstderr:\n%s\nwant:\n%s\nstdout: %q", c.args, code, stderr, c.stderr, stdout)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "content/spaces/library/*.jpg")); len(files) != 0 {
		t.Errorf("a refused import added %v", files)
	}
}

// TestPhotoFromPhoneToSite is an editor's whole way with a photo: a phone
// photo (on its side, with the place it was taken) goes into a page with
// "site import photo", the page shows it with "![借书处](…)", and the
// built site has it upright and small, never the original, with no
// warning and nothing for "site check" to say.
func TestPhotoFromPhoneToSite(t *testing.T) {
	dir := site(t)
	phone := filepath.Join(t.TempDir(), "IMG_2041.JPG")
	os.WriteFile(phone, phonePhoto(t, 3000, 2000), 0o644)
	// A page of the test site, made a single file so the import makes it a folder.
	page := filepath.Join(dir, "content/spaces/photo-room.md")
	os.WriteFile(page, []byte("---\ntitle: 照片测试室(示例)\nweight: 99\nsample: true\n---\n\n正文。\n"), 0o644)
	if code, _, stderr := siteRun("import", "photo", "-src", dir, "spaces/photo-room", phone); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	index := filepath.Join(dir, "content/spaces/photo-room/index.md")
	os.WriteFile(index, []byte("---\ntitle: 照片测试室(示例)\nweight: 99\nsample: true\ncover: photo-room-1.jpg\n---\n\n![借书处](photo-room-1.jpg)\n"), 0o644)
	out := filepath.Join(dir, "public")
	code, stdout, stderr := siteRun("build", "-src", dir, "-o", out)
	if code != 0 || strings.Contains(stderr, "photo") {
		t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "spaces/photo-room/photo-room-1.jpg")); err == nil {
		t.Error("the original is published")
	}
	files, _ := filepath.Glob(filepath.Join(out, "spaces/photo-room/photo-room-1.*.jpg"))
	if len(files) != 3 {
		t.Fatalf("published %v, want three sizes", files)
	}
	html, _ := os.ReadFile(filepath.Join(out, "spaces/photo-room/index.html"))
	if !strings.Contains(string(html), `alt="借书处"`) || !strings.Contains(string(html), "srcset=") {
		t.Errorf("the page does not show the photo:\n%s", html)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		m, err := jpeg.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		w, h := m.Bounds().Dx(), m.Bounds().Dy()
		r, g, _, _ := m.At(w/10, h/10).RGBA()
		if w <= h || r>>8 < 180 || g>>8 > 70 || photo.HasGPS(b) {
			t.Errorf("%s: %d×%d, top-left %v: not upright, or keeps GPS", filepath.Base(f), w, h, m.At(w/10, h/10))
		}
	}
	if code, stdout, stderr := siteRun("check", "-src", dir); code != 0 {
		t.Errorf("check: exit %d\n%s%s", code, stdout, stderr)
	}
}
