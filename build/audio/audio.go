// Package audio reads the length of an MP3 recording from the file itself.
//
// The site prints each clip's duration next to its player. Editors swap the
// sample recordings for real ones, and a duration typed by hand into front
// matter goes stale the moment the file changes; so the generator reads it at
// build time instead. It walks every MPEG audio frame header and adds up the
// samples, which is exact for CBR and VBR files alike and needs no decoder:
// a Xing/Info/VBRI header is not trusted for the count, because tools that
// cut or re-tag files often leave it wrong.
package audio

import (
	"errors"
	"fmt"
	"time"
)

// Info describes an MPEG audio stream as read from its frame headers.
type Info struct {
	Duration   time.Duration // exact: total samples / sample rate, summed over every frame
	Frames     int           // audio frames, not counting a Xing/Info/VBRI header frame
	SampleRate int           // Hz, of the first frame
	Channels   int           // 1 or 2
	Bitrate    int           // average, bits per second (bytes of audio frames*8/duration)
}

// MPEG version, as encoded in header bits 19-20.
const (
	mpeg25 = 0
	mpeg2  = 2
	mpeg1  = 3
)

// Bitrates in kbit/s, indexed by [row][bitrate index]; index 0 ("free
// format") and 15 (forbidden) are rejected before lookup.
var bitrates = [5][16]int{
	{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 0}, // MPEG-1 Layer I
	{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 0},    // MPEG-1 Layer II
	{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0},     // MPEG-1 Layer III
	{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 0},    // MPEG-2/2.5 Layer I
	{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0},         // MPEG-2/2.5 Layer II & III
}

// Sample rates in Hz, indexed by [version][sample rate index].
var sampleRates = [4][3]int{
	mpeg25: {11025, 12000, 8000},
	1:      {0, 0, 0}, // reserved version
	mpeg2:  {22050, 24000, 16000},
	mpeg1:  {44100, 48000, 32000},
}

// sameStream masks the header bits that cannot change between frames of one
// stream: sync, version, layer and sample rate.
const sameStream = 0xFFE00000 | 3<<19 | 3<<17 | 3<<10

// frame is one decoded 4-byte frame header.
type frame struct {
	header     uint32
	version    int // mpeg1, mpeg2 or mpeg25
	layer      int // 1, 2 or 3
	crc        bool
	sampleRate int
	samples    int // samples per channel in this frame
	size       int // bytes, header included
	channels   int
}

// parseHeader decodes the frame header at the start of b. ok is false if b
// is too short or the bytes are not a valid header (free-format bitrate,
// which would need a scan for the next frame to learn its size, counts as
// invalid).
func parseHeader(b []byte) (f frame, ok bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return f, false
	}
	h := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	version := int(h >> 19 & 3)
	layerBits := int(h >> 17 & 3)
	brIndex := int(h >> 12 & 15)
	srIndex := int(h >> 10 & 3)
	if version == 1 || layerBits == 0 || brIndex == 0 || brIndex == 15 || srIndex == 3 || h&3 == 2 {
		return f, false
	}
	f.header = h
	f.version = version
	f.layer = 4 - layerBits
	f.crc = h>>16&1 == 0
	f.sampleRate = sampleRates[version][srIndex]
	f.channels = 2
	if h>>6&3 == 3 {
		f.channels = 1
	}
	padding := int(h >> 9 & 1)

	var row int
	switch {
	case version == mpeg1:
		row = f.layer - 1
	case f.layer == 1:
		row = 3
	default:
		row = 4
	}
	bitrate := bitrates[row][brIndex] * 1000

	switch {
	case f.layer == 1:
		f.samples = 384
		f.size = (12*bitrate/f.sampleRate + padding) * 4
	case f.layer == 3 && version != mpeg1:
		f.samples = 576
		f.size = 72*bitrate/f.sampleRate + padding
	default:
		f.samples = 1152
		f.size = 144*bitrate/f.sampleRate + padding
	}
	return f, true
}

// matches reports whether g can follow f in the same stream.
func (f *frame) matches(g *frame) bool {
	return f.header&sameStream == g.header&sameStream
}

// isVBRHeader reports whether the frame at the start of b (described by f)
// is a Xing, Info (LAME's CBR variant of Xing) or VBRI header frame rather
// than audio. Encoders write such a frame first; decoders play it as
// silence or skip it, so it must not count towards the duration.
func isVBRHeader(b []byte, f *frame) bool {
	if f.layer != 3 {
		return false
	}
	b = b[:f.size]
	// Xing/Info sits right after the side information.
	side := 32
	switch {
	case f.version == mpeg1 && f.channels == 1:
		side = 17
	case f.version != mpeg1 && f.channels == 2:
		side = 17
	case f.version != mpeg1:
		side = 9
	}
	offsets := [2]int{4 + side, 4 + side + 2} // some writers leave room for a CRC
	for _, off := range offsets {
		if off+4 <= len(b) {
			if tag := string(b[off : off+4]); tag == "Xing" || tag == "Info" {
				return true
			}
		}
	}
	// VBRI (Fraunhofer) is always 32 bytes after the header.
	return len(b) >= 40 && string(b[36:40]) == "VBRI"
}

// id3v2Size returns the total size of an ID3v2 tag at the start of b (header,
// body and optional footer), or 0 if b does not start with one.
func id3v2Size(b []byte) int {
	if len(b) < 10 || string(b[:3]) != "ID3" || b[3] == 0xFF || b[4] == 0xFF ||
		b[6]|b[7]|b[8]|b[9] >= 0x80 {
		return 0
	}
	n := 10 + syncsafe(b[6:10])
	if b[5]&0x10 != 0 { // footer present (ID3v2.4)
		n += 10
	}
	return n
}

func syncsafe(b []byte) int {
	return int(b[0])<<21 | int(b[1])<<14 | int(b[2])<<7 | int(b[3])
}

// trimTrailer strips the tags that may follow the audio: ID3v1 ("TAG", 128
// bytes, possibly preceded by the 227-byte "TAG+" extension), APEv2 and
// Lyrics3v2 tags, and an appended ID3v2.4 tag (found by its "3DI" footer).
// Taggers stack these in several orders, so it repeats until none is left.
func trimTrailer(b []byte) []byte {
	for {
		n := len(b)
		switch {
		case n >= 128 && string(b[n-128:n-125]) == "TAG":
			b = b[:n-128]
			if n := len(b); n >= 227 && string(b[n-227:n-223]) == "TAG+" {
				b = b[:n-227]
			}
		case n >= 32 && string(b[n-32:n-24]) == "APETAGEX":
			// The size counts items and footer; a header adds 32 more.
			size := int(uint32(b[n-20]) | uint32(b[n-19])<<8 | uint32(b[n-18])<<16 | uint32(b[n-17])<<24)
			if b[n-9]&0x80 != 0 {
				size += 32
			}
			if size < 32 || size > n {
				return b
			}
			b = b[:n-size]
		case n >= 15 && string(b[n-9:]) == "LYRICS200":
			size, ok := decimal(b[n-15 : n-9])
			if !ok || size+15 > n {
				return b
			}
			b = b[:n-size-15]
		case n >= 20 && string(b[n-10:n-7]) == "3DI" && b[n-4]|b[n-3]|b[n-2]|b[n-1] < 0x80:
			size := syncsafe(b[n-4:]) + 20
			if size > n {
				return b
			}
			b = b[:n-size]
		default:
			return b
		}
	}
}

func decimal(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// syncAt reports whether a stream frame starts at b[i]: a valid header
// (matching ref, if given) whose frame fits and is followed either by
// another matching header or by the end of the audio data. Requiring two
// frames in a row keeps a stray 0xFF byte in random data from passing as
// MPEG audio.
func syncAt(b []byte, i int, ref *frame) (frame, bool) {
	f, ok := parseHeader(b[i:])
	if !ok || (ref != nil && !ref.matches(&f)) {
		return f, false
	}
	next := i + f.size
	if next > len(b) {
		return f, false
	}
	if next == len(b) {
		// A lone frame that fills the data exactly is a valid stream only
		// when it is the whole stream; mid-stream a second frame is needed.
		return f, ref != nil || i == 0
	}
	g, ok := parseHeader(b[next:])
	return f, ok && f.matches(&g)
}

// resync finds the next position at or after i where a frame matching ref
// (or any frame, if ref is nil) starts and is confirmed by the next one.
func resync(b []byte, i int, ref *frame) (int, frame, bool) {
	for ; i+4 <= len(b); i++ {
		if b[i] != 0xFF {
			continue
		}
		if f, ok := syncAt(b, i, ref); ok {
			return i, f, true
		}
	}
	return len(b), frame{}, false
}

// Probe parses data (a whole MP3 file) and returns its Info. ID3v2 tags
// before the audio and ID3v1, APEv2 and Lyrics3 tags after it are skipped.
// The stream is taken to start at the first frame header that is followed
// by a second one right where the first frame ends (or that is the only
// frame), so stray 0xFF bytes in other data do not pass for MP3. Garbage
// between frames is skipped the same way; garbage after the last frame is
// ignored, but a frame cut short by the end of the file is an error. The
// error, if any, says in plain words what is wrong.
func Probe(data []byte) (Info, error) {
	if len(data) == 0 {
		return Info{}, errors.New("not an MP3 file: it is empty")
	}
	// Leading ID3v2 tags; some taggers write more than one.
	start := 0
	for {
		n := id3v2Size(data[start:])
		if n == 0 {
			break
		}
		if n > len(data)-start {
			return Info{}, fmt.Errorf("truncated ID3v2 tag at byte %d: it claims %d bytes, only %d left", start, n, len(data)-start)
		}
		start += n
	}
	b := trimTrailer(data[start:])

	pos, first, ok := resync(b, 0, nil)
	if !ok {
		if len(b) == 0 {
			return Info{}, errors.New("not an MP3 file: it holds tags but no audio")
		}
		return Info{}, errors.New("not an MP3 file: no MPEG audio frame found")
	}

	var frames, samples, bytes int64
	if isVBRHeader(b[pos:], &first) {
		pos += first.size
	}
	for pos < len(b) {
		f, ok := parseHeader(b[pos:])
		if ok && first.matches(&f) {
			if pos+f.size > len(b) {
				return Info{}, fmt.Errorf("truncated frame at byte %d: the header says %d bytes, only %d left", start+pos, f.size, len(b)-pos)
			}
			frames++
			samples += int64(f.samples)
			bytes += int64(f.size)
			pos += f.size
			continue
		}
		// Not a frame of this stream. An ID3v2 tag between frames (from
		// files joined end to end) is skipped whole.
		if n := id3v2Size(b[pos:]); n > 0 && n <= len(b)-pos {
			pos += n
			continue
		}
		// Otherwise skip garbage up to the next confirmed frame.
		next, _, found := resync(b, pos+1, &first)
		if !found {
			if len(b)-pos < 4 && frames > 0 && b[pos] == 0xFF {
				return Info{}, fmt.Errorf("truncated frame at byte %d: only %d bytes of a frame header left", start+pos, len(b)-pos)
			}
			break // trailing junk
		}
		pos = next
	}
	if frames == 0 {
		return Info{}, errors.New("not an MP3 file: only a Xing/Info header frame, no audio frames")
	}

	sr := int64(first.sampleRate)
	info := Info{
		Duration:   time.Duration(samples/sr)*time.Second + time.Duration(samples%sr*int64(time.Second)/sr),
		Frames:     int(frames),
		SampleRate: first.sampleRate,
		Channels:   first.channels,
		Bitrate:    int((bytes*8*sr + samples/2) / samples),
	}
	return info, nil
}
