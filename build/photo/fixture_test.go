package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"testing"
)

// The test picture: grey, with a red block in its top-left corner when
// upright, so any turn or mirror moves the block to another corner.
var (
	red  = color.RGBA{220, 20, 20, 255}
	grey = color.RGBA{120, 130, 140, 255}
)

// upright draws the test picture at w×h.
func upright(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := grey
			if x < w/4 && y < h/4 {
				c = red
			}
			copy(m.Pix[m.PixOffset(x, y):], []byte{c.R, c.G, c.B, c.A})
		}
	}
	return m
}

// stored returns what a camera stores for the upright picture m when it
// writes EXIF orientation o, per the EXIF meaning of each value (3: the
// viewer must turn it 180°; 6: turn it 90° clockwise; 8: 90° anticlockwise).
func stored(m *image.RGBA, o int) *image.RGBA {
	switch o {
	case 1:
		return m
	case 3:
		return turnCW(turnCW(m))
	case 6:
		return turnCW(turnCW(turnCW(m))) // the viewer turns it back clockwise
	case 8:
		return turnCW(m)
	}
	panic("orientation not drawn by the test")
}

func turnCW(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	d := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			copy(d.Pix[d.PixOffset(b.Dy()-1-y, x):][:4], m.Pix[m.PixOffset(x, y):][:4])
		}
	}
	return d
}

func encodeJPEG(t testing.TB, m image.Image, q int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withAPP1 puts an APP1 segment holding payload right after the SOI.
func withAPP1(j, payload []byte) []byte {
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, j[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// exifTIFF writes an EXIF block ("Exif\0\0" and a TIFF structure) as a
// phone does: IFD0 with Orientation (0 leaves it out) and, with gps, a GPS
// IFD holding Suzhou's latitude and longitude.
func exifTIFF(bo byteOrder, orientation int, gps bool) []byte {
	type ent struct {
		tag, typ uint16
		count    uint32
		value    []byte // 4 bytes, or data placed after the IFD
	}
	short := func(v uint16) []byte { b := make([]byte, 4); bo.PutUint16(b, v); return b }
	long := func(v uint32) []byte { b := make([]byte, 4); bo.PutUint32(b, v); return b }
	rationals := func(vs ...uint32) []byte {
		var b []byte
		for _, v := range vs {
			b = bo.AppendUint32(b, v)
			b = bo.AppendUint32(b, 1)
		}
		return b
	}
	var t []byte
	if bo.String() == binary.BigEndian.String() {
		t = []byte("MM\x00\x2a")
	} else {
		t = []byte("II\x2a\x00")
	}
	t = bo.AppendUint32(t, 8)
	// writeIFD appends an IFD at the end of t with its out-of-line data
	// after it.
	writeIFD := func(es []ent) {
		start := len(t)
		data := start + 2 + 12*len(es) + 4
		t = bo.AppendUint16(t, uint16(len(es)))
		var tail []byte
		for _, e := range es {
			t = bo.AppendUint16(t, e.tag)
			t = bo.AppendUint16(t, e.typ)
			t = bo.AppendUint32(t, e.count)
			if len(e.value) <= 4 {
				t = append(t, e.value...)
				continue
			}
			t = bo.AppendUint32(t, uint32(data+len(tail)))
			tail = append(tail, e.value...)
		}
		t = bo.AppendUint32(t, 0) // no next IFD
		t = append(t, tail...)
	}
	var ifd0 []ent
	ifd0 = append(ifd0, ent{0x010F, 2, 6, []byte("Apple\x00")}) // Make
	if orientation != 0 {
		ifd0 = append(ifd0, ent{0x0112, 3, 1, short(uint16(orientation))})
	}
	if gps {
		// The GPS IFD follows IFD0 and its Make string.
		gpsAt := 8 + 2 + 12*(len(ifd0)+1) + 4 + 6
		ifd0 = append(ifd0, ent{0x8825, 4, 1, long(uint32(gpsAt))})
	}
	writeIFD(ifd0)
	if gps {
		writeIFD([]ent{
			{0x0000, 1, 4, []byte{2, 2, 0, 0}},
			{0x0001, 2, 2, []byte("N\x00\x00\x00")},
			{0x0002, 5, 3, rationals(31, 18, 36)},
			{0x0003, 2, 2, []byte("E\x00\x00\x00")},
			{0x0004, 5, 3, rationals(120, 43, 12)},
		})
	}
	return append([]byte("Exif\x00\x00"), t...)
}

type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// phoneJPEG is the test picture, upright at w×h, stored as a camera with
// EXIF orientation o stores it, with GPS tags when gps is set.
func phoneJPEG(t testing.TB, w, h, o int, gps bool) []byte {
	j := encodeJPEG(t, stored(upright(w, h), o), 92)
	return withAPP1(j, exifTIFF(binary.BigEndian, o, gps))
}

// exiftool returns the path of exiftool, skipping the test without it
// unless SITE_MEDIA_TESTS=1 makes that a failure.
func exiftool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("exiftool")
	if err != nil {
		if os.Getenv("SITE_MEDIA_TESTS") == "1" {
			t.Fatal("SITE_MEDIA_TESTS=1 but exiftool is not installed: install Debian's libimage-exiftool-perl")
		}
		t.Skip("exiftool not installed; set SITE_MEDIA_TESTS=1 to make this a failure")
	}
	return p
}

// metadataSegments lists the marker bytes of every APPn and COM segment of
// a JPEG: where EXIF, XMP, ICC profiles and comments live.
func metadataSegments(t testing.TB, j []byte) []byte {
	t.Helper()
	var found []byte
	i := 2
	for i+4 <= len(j) {
		if j[i] != 0xFF {
			t.Fatalf("no marker at %d", i)
		}
		m := j[i+1]
		if m == 0xDA {
			return found
		}
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			found = append(found, m)
		}
		i += 2 + int(binary.BigEndian.Uint16(j[i+2:]))
	}
	t.Fatal("no start of scan")
	return nil
}
