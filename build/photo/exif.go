package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Meta is what the site reads from a photo's EXIF: how to turn it upright,
// and whether it says where it was taken.
type Meta struct {
	// Orientation is the EXIF value 1 to 8; 1 (upright) when absent or invalid.
	Orientation int
	// GPS is true when the photo holds a latitude or longitude, in EXIF or XMP.
	GPS bool
}

// ReadMeta reads the EXIF of a JPEG (APP1) or PNG (eXIf chunk). It reads only
// the two tags the site needs, so it is a few dozen lines rather than a
// library; anything malformed counts as absent. Go's decoders ignore EXIF
// orientation (golang/go#4341), which is why phone photos come out sideways
// unless it is applied.
func ReadMeta(src []byte) Meta {
	m := Meta{Orientation: 1}
	switch Sniff(src) {
	case JPEG:
		jpegMeta(src, &m)
	case PNG:
		pngMeta(src, &m)
	}
	return m
}

// HasGPS reports whether a photo file still carries a position, for the
// build's warning about photos in content/.
func HasGPS(src []byte) bool { return ReadMeta(src).GPS }

var (
	exifHeader = []byte("Exif\x00\x00")
	xmpHeader  = []byte("http://ns.adobe.com/xap/1.0/\x00")
)

// jpegMeta walks the marker segments up to the start of the image data.
func jpegMeta(b []byte, m *Meta) {
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xFF {
			return
		}
		marker := b[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return
		}
		seg := b[i+4 : i+2+n]
		if marker == 0xE1 {
			switch {
			case bytes.HasPrefix(seg, exifHeader):
				tiffMeta(seg[len(exifHeader):], m)
			case bytes.HasPrefix(seg, xmpHeader):
				if bytes.Contains(seg, []byte("GPSLatitude")) || bytes.Contains(seg, []byte("GPSLongitude")) {
					m.GPS = true
				}
			}
		}
		i += 2 + n
	}
}

// pngMeta looks for an eXIf chunk before the image data.
func pngMeta(b []byte, m *Meta) {
	i := 8
	for i+12 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || i+12+n > len(b) || typ == "IDAT" {
			return
		}
		data := b[i+8 : i+8+n]
		switch typ {
		case "eXIf":
			if crc32.ChecksumIEEE(b[i+4:i+8+n]) == binary.BigEndian.Uint32(b[i+8+n:]) {
				tiffMeta(data, m)
			}
		case "iTXt":
			if bytes.HasPrefix(data, []byte("XML:com.adobe.xmp\x00")) && bytes.Contains(data, []byte("GPSLatitude")) {
				m.GPS = true
			}
		}
		i += 12 + n
	}
}

const (
	tagOrientation = 0x0112
	tagGPSIFD      = 0x8825
	tagGPSLatRef   = 0x0001
	tagGPSLonRef   = 0x0004
)

// tiffMeta reads Orientation and the GPS pointer from IFD0 of a TIFF
// structure, then whether the GPS IFD has a latitude or longitude.
func tiffMeta(t []byte, m *Meta) {
	if len(t) < 8 {
		return
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return
	}
	if bo.Uint16(t[2:]) != 42 {
		return
	}
	gps := uint32(0)
	eachEntry(t, bo, bo.Uint32(t[4:]), func(tag, typ uint16, count uint32, value []byte) {
		switch {
		case tag == tagOrientation && typ == 3 && count == 1:
			if o := int(bo.Uint16(value)); o >= 1 && o <= 8 {
				m.Orientation = o
			}
		case tag == tagGPSIFD && (typ == 4 || typ == 13) && count == 1:
			gps = bo.Uint32(value)
		}
	})
	if gps != 0 {
		eachEntry(t, bo, gps, func(tag, _ uint16, _ uint32, _ []byte) {
			if tag >= tagGPSLatRef && tag <= tagGPSLonRef {
				m.GPS = true
			}
		})
	}
}

// eachEntry calls f for every entry of the IFD at off; value is the entry's
// 4-byte value field.
func eachEntry(t []byte, bo binary.ByteOrder, off uint32, f func(tag, typ uint16, count uint32, value []byte)) {
	if off < 8 || uint64(off)+2 > uint64(len(t)) {
		return
	}
	n := int(bo.Uint16(t[off:]))
	p := int(off) + 2
	for k := 0; k < n && p+12 <= len(t); k++ {
		e := t[p : p+12]
		f(bo.Uint16(e), bo.Uint16(e[2:]), bo.Uint32(e[4:]), e[8:12])
		p += 12
	}
}
