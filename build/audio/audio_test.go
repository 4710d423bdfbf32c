package audio

import (
	"bytes"
	"encoding/binary"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fixture is an MP3 under testdata/, made by testdata/make-testdata.sh from
// a 43090-sample (22.05 kHz) espeak-ng recording. The sample counts were read
// with sox (libsox-fmt-mp3, i.e. libmad) and `lame --decode` at the time the
// files were made; the test needs neither tool.
type fixture struct {
	file        string
	frames      int // audio frames; frames*size adds up to the file size
	sampleRate  int
	channels    int
	bitrate     int // 0: VBR, checked loosely
	soxSamples  int64
	lameSamples int64
}

const sourceSeconds = 43090.0 / 22050

var fixtures = []fixture{
	// MPEG-2, no Info frame (LAME leaves it out when the frame is this
	// small). libmad cannot decode the first frame (its bit reservoir points
	// before the file), so sox hears one frame fewer than the file holds.
	{"mpeg2-22k-cbr32-mono.mp3", 77, 22050, 1, 32000, 43776, 43823},
	// MPEG-2 VBR with a Xing frame first: not audio, not counted.
	{"mpeg2-16k-vbr-mono.mp3", 57, 16000, 1, 0, 32832, 31267},
	// MPEG-1 CBR with LAME's "Info" frame first: not audio, not counted.
	// lame --decode trims encoder delay and padding using that frame.
	{"mpeg1-32k-cbr48-stereo.mp3", 56, 32000, 2, 48000, 64512, 62535},
	// MPEG-2.5.
	{"mpeg25-8k-cbr16-mono.mp3", 30, 8000, 1, 16000, 16704, 16751},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// samplesOf converts a duration back to a sample count, rounding.
func samplesOf(d time.Duration, rate int) int64 {
	return (int64(d)*int64(rate) + int64(time.Second)/2) / int64(time.Second)
}

func samplesPerFrame(rate int) int64 {
	if rate >= 32000 {
		return 1152
	}
	return 576
}

func checkFixture(t *testing.T, fx fixture, got Info) {
	t.Helper()
	if got.Frames != fx.frames || got.SampleRate != fx.sampleRate || got.Channels != fx.channels {
		t.Errorf("got %d frames, %d Hz, %d channels; want %d, %d, %d",
			got.Frames, got.SampleRate, got.Channels, fx.frames, fx.sampleRate, fx.channels)
	}
	spf := samplesPerFrame(fx.sampleRate)
	samples := samplesOf(got.Duration, got.SampleRate)
	if want := int64(fx.frames) * spf; samples != want {
		t.Errorf("duration %v is %d samples, want %d (%d frames of %d)", got.Duration, samples, want, fx.frames, spf)
	}
	if d := samples - fx.soxSamples; d < -spf || d > spf {
		t.Errorf("%d samples, sox decodes %d: more than one frame apart", samples, fx.soxSamples)
	}
	// lame --decode drops the decoder delay (529 samples) and, given an
	// Info/Xing frame, the encoder delay and end padding too; all together
	// they are less than three frames.
	if d := samples - fx.lameSamples; d < 0 || d >= 3*spf {
		t.Errorf("%d samples, lame --decode gives %d: off by %d", samples, fx.lameSamples, d)
	}
	if got.Duration.Seconds() < sourceSeconds {
		t.Errorf("duration %v is shorter than the %.3fs source recording", got.Duration, sourceSeconds)
	}
	switch {
	case fx.bitrate != 0 && abs(got.Bitrate-fx.bitrate) > fx.bitrate/200:
		// Padding evens out over the file, but not to the last bit.
		t.Errorf("bitrate %d, want %d", got.Bitrate, fx.bitrate)
	case fx.bitrate == 0 && (got.Bitrate < 8000 || got.Bitrate > 160000):
		t.Errorf("VBR bitrate %d out of range", got.Bitrate)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestProbeFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			data := readFixture(t, fx.file)
			got, err := Probe(data)
			if err != nil {
				t.Fatal(err)
			}
			checkFixture(t, fx, got)
		})
	}
}

// id3v2 builds an ID3v2 tag (version 3 or 4) with a title frame and some
// padding, and a footer if footer is set (ID3v2.4 only).
func id3v2(version byte, title string, padding int, footer bool) []byte {
	var body bytes.Buffer
	body.WriteString("TIT2")
	size := 1 + len(title)
	if version == 4 {
		body.Write(syncsafeBytes(size))
	} else {
		binary.Write(&body, binary.BigEndian, uint32(size))
	}
	body.Write([]byte{0, 0, 3}) // flags, UTF-8
	body.WriteString(title)
	body.Write(make([]byte, padding))

	var flags byte
	if footer {
		flags = 0x10
	}
	tag := append([]byte{'I', 'D', '3', version, 0, flags}, syncsafeBytes(body.Len())...)
	tag = append(tag, body.Bytes()...)
	if footer {
		tag = append(tag, '3', 'D', 'I', version, 0, flags)
		tag = append(tag, syncsafeBytes(body.Len())...)
	}
	return tag
}

func syncsafeBytes(n int) []byte {
	return []byte{byte(n >> 21 & 0x7F), byte(n >> 14 & 0x7F), byte(n >> 7 & 0x7F), byte(n & 0x7F)}
}

func id3v1(title string) []byte {
	tag := make([]byte, 128)
	copy(tag, "TAG")
	copy(tag[3:33], title)
	tag[127] = 255
	return tag
}

func apev2() []byte {
	item := []byte("\x05\x00\x00\x00\x00\x00\x00\x00Title\x00hello")
	header := func(isHeader bool) []byte {
		h := make([]byte, 32)
		copy(h, "APETAGEX")
		binary.LittleEndian.PutUint32(h[8:], 2000)
		binary.LittleEndian.PutUint32(h[12:], uint32(len(item)+32))
		binary.LittleEndian.PutUint32(h[16:], 1)
		flags := uint32(1) << 31 // has header
		if isHeader {
			flags |= 1 << 29
		}
		binary.LittleEndian.PutUint32(h[20:], flags)
		return h
	}
	return append(append(header(true), item...), header(false)...)
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// frameStarts lists the byte offset of every frame in a fixture, walked
// with the package's own header parser.
func frameStarts(t *testing.T, b []byte) []int {
	t.Helper()
	var starts []int
	for pos := 0; pos < len(b); {
		f, ok := parseHeader(b[pos:])
		if !ok {
			t.Fatalf("no frame header at byte %d", pos)
		}
		starts = append(starts, pos)
		pos += f.size
	}
	return starts
}

func TestProbeTags(t *testing.T) {
	fx := fixtures[1] // VBR: Xing frame first, so tag skipping must land on it exactly
	audio := readFixture(t, fx.file)
	cases := []struct {
		name string
		data []byte
	}{
		{"ID3v2.3 at start", cat(id3v2(3, "你好", 1000, false), audio)},
		{"ID3v2.4 with footer at start", cat(id3v2(4, "你好", 0, true), audio)},
		{"two ID3v2 tags at start", cat(id3v2(3, "a", 10, false), id3v2(4, "b", 0, false), audio)},
		{"ID3v1 at end", cat(audio, id3v1("hello"))},
		{"APEv2 and ID3v1 at end", cat(audio, apev2(), id3v1("hello"))},
		{"ID3v2.4 appended at end", cat(audio, id3v2(4, "end", 0, true))},
		{"every tag", cat(id3v2(4, "x", 20, true), audio, apev2(), id3v1("y"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Probe(c.data)
			if err != nil {
				t.Fatal(err)
			}
			checkFixture(t, fx, got)
		})
	}
}

func TestID3v2Size(t *testing.T) {
	for _, tag := range [][]byte{
		id3v2(3, "title", 0, false),
		id3v2(3, "title", 300, false),
		id3v2(4, "title", 0, false),
		id3v2(4, "title", 200, true),
	} {
		if got := id3v2Size(cat(tag, []byte{0xFF, 0xFB, 0x90, 0x00})); got != len(tag) {
			t.Errorf("id3v2Size = %d, want %d (flags %#x)", got, len(tag), tag[5])
		}
	}
	for _, b := range []string{"", "ID3", "ID3\x04\x00\x00\x00\x00\x80\x00", "ID3\xFF\x00\x00\x00\x00\x00\x00", "TAG\x04\x00\x00\x00\x00\x00\x00"} {
		if got := id3v2Size([]byte(b)); got != 0 {
			t.Errorf("id3v2Size(%q) = %d, want 0", b, got)
		}
	}
}

func TestProbeGarbageBetweenFrames(t *testing.T) {
	fx := fixtures[0]
	audio := readFixture(t, fx.file)
	starts := frameStarts(t, audio)
	junk := []byte{0, 0xFF, 0xFF, 0x12, 0xFF}
	var b []byte
	b = append(b, junk...) // before the first frame too
	for i, s := range starts {
		end := len(audio)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		b = append(b, audio[s:end]...)
		if i%10 == 5 {
			b = append(b, junk[:1+(i/10)%len(junk)]...)
		}
	}
	if len(b) < len(audio)+20 {
		t.Fatalf("only %d junk bytes inserted", len(b)-len(audio))
	}
	got, err := Probe(b)
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, fx, got)

	// Trailing junk is ignored as well.
	got, err = Probe(cat(audio, []byte("\n\x00\x00garbage\xFF")))
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, fx, got)
}

func TestProbeIgnoresXingCount(t *testing.T) {
	fx := fixtures[1]
	b := bytes.Clone(readFixture(t, fx.file))
	i := bytes.Index(b[:64], []byte("Xing"))
	if i < 0 || binary.BigEndian.Uint32(b[i+4:])&1 == 0 {
		t.Fatal("fixture has no Xing frame count")
	}
	binary.BigEndian.PutUint32(b[i+8:], 5000) // a lie
	got, err := Probe(b)
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, fx, got)
}

func TestProbeVBRHeaderFrame(t *testing.T) {
	cases := []struct {
		name   string
		header uint32
		tag    string
		offset int
	}{
		{"MPEG-1 stereo Xing", 0xFFFB9000, "Xing", 4 + 32},
		{"MPEG-1 mono Info", 0xFFFB90C0, "Info", 4 + 17},
		{"MPEG-1 mono Info after CRC", 0xFFFA90C0, "Info", 4 + 2 + 17},
		{"MPEG-2 stereo Xing", 0xFFF38400, "Xing", 4 + 17},
		{"MPEG-2 mono Info", 0xFFF384C0, "Info", 4 + 9},
		{"MPEG-2.5 mono Xing", 0xFFE314C0, "Xing", 4 + 9},
		{"MPEG-1 VBRI", 0xFFFB9000, "VBRI", 4 + 32},
		{"MPEG-2 mono VBRI", 0xFFF384C0, "VBRI", 4 + 32},
	}
	const n = 20
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := synth(t, c.header, n+1)
			copy(b[c.offset:], c.tag)
			got, err := Probe(b)
			if err != nil {
				t.Fatal(err)
			}
			if got.Frames != n {
				t.Errorf("%d frames, want %d: the %s frame counted as audio", got.Frames, n, c.tag)
			}
			// The same bytes anywhere else are audio data.
			b = synth(t, c.header, n+1)
			copy(b[c.offset+1:], c.tag)
			if got, _ := Probe(b); got.Frames != n+1 {
				t.Errorf("%d frames, want %d with %s misplaced", got.Frames, n+1, c.tag)
			}
		})
	}
}

// synth builds n frames of silence-like payload with the given header.
func synth(t *testing.T, header uint32, n int) []byte {
	t.Helper()
	var h [4]byte
	binary.BigEndian.PutUint32(h[:], header)
	f, ok := parseHeader(h[:])
	if !ok {
		t.Fatalf("bad header %08x", header)
	}
	frame := make([]byte, f.size)
	copy(frame, h[:])
	return bytes.Repeat(frame, n)
}

func TestProbeLayers(t *testing.T) {
	cases := []struct {
		name     string
		header   uint32
		size     int
		wantRate int
		wantBR   int
		spf      int
		channels int
	}{
		// MPEG-1 Layer I, 48 kHz, 384 kbit/s, stereo: 12*384000/48000*4 bytes.
		{"MPEG-1 Layer I", 0xFFFFC400, 384, 48000, 384000, 384, 2},
		// MPEG-1 Layer II, 48 kHz, 192 kbit/s, mono: 144*192000/48000 bytes.
		{"MPEG-1 Layer II", 0xFFFDA4C0, 576, 48000, 192000, 1152, 1},
		// MPEG-1 Layer III, 32 kHz, 128 kbit/s: 144*128000/32000 bytes.
		{"MPEG-1 Layer III", 0xFFFB9800, 576, 32000, 128000, 1152, 2},
		// MPEG-2 Layer III, 24 kHz, 64 kbit/s, mono: 72*64000/24000.
		{"MPEG-2 Layer III", 0xFFF384C0, 192, 24000, 64000, 576, 1},
		// MPEG-2 Layer II, 16 kHz, 32 kbit/s: 144*32000/16000 = 288.
		{"MPEG-2 Layer II", 0xFFF54800, 288, 16000, 32000, 1152, 2},
		// MPEG-2.5 Layer III, 12 kHz, 8 kbit/s, mono: 72*8000/12000 = 48.
		{"MPEG-2.5 Layer III", 0xFFE314C0, 48, 12000, 8000, 576, 1},
	}
	const n = 50
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := synth(t, c.header, n)
			if len(b) != c.size*n {
				t.Fatalf("frame size %d, want %d", len(b)/n, c.size)
			}
			got, err := Probe(b)
			if err != nil {
				t.Fatal(err)
			}
			want := Info{
				Duration:   time.Duration(int64(n*c.spf) * int64(time.Second) / int64(c.wantRate)),
				Frames:     n,
				SampleRate: c.wantRate,
				Channels:   c.channels,
				Bitrate:    c.wantBR,
			}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestProbePadding(t *testing.T) {
	// 44.1 kHz, 128 kbit/s: 417.96 bytes a frame, so encoders pad 24 of
	// every 25 frames. Alternate padded (418) and unpadded (417) frames.
	var b []byte
	for i := range 40 {
		h := uint32(0xFFFB9000)
		if i%2 == 0 {
			h |= 1 << 9
		}
		b = append(b, synth(t, h, 1)...)
	}
	if len(b) != 20*418+20*417 {
		t.Fatalf("padded frames: %d bytes", len(b))
	}
	got, err := Probe(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Frames != 40 || got.Duration != time.Duration(40*1152)*time.Second/44100 {
		t.Errorf("got %+v", got)
	}
}

func TestProbeErrors(t *testing.T) {
	stereo := readFixture(t, fixtures[2].file)
	cbr := readFixture(t, fixtures[0].file)
	starts := frameStarts(t, cbr)
	last := starts[len(starts)-1]

	random := make([]byte, 256<<10)
	rand.New(rand.NewSource(1)).Read(random)

	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an MP3 file: it is empty"},
		{"text", []byte("---\ntitle: 欢迎\naudio: 01-welcome.mp3\n---\n\n欢迎来到兆佳巷区域党群服务中心。\n"), "not an MP3 file: no MPEG audio frame found"},
		{"random bytes", random, "not an MP3 file: no MPEG audio frame found"},
		{"one stray frame header in text", cat([]byte("hello "), synth(t, 0xFFFB9000, 1)[:100], []byte(" world")), "not an MP3 file: no MPEG audio frame found"},
		{"one whole frame after text", cat([]byte("hello "), synth(t, 0xFFFB9000, 1)), "not an MP3 file: no MPEG audio frame found"},
		{"WAV", cat([]byte("RIFF\x24\x00\x00\x00WAVEfmt "), bytes.Repeat([]byte{0xFF, 0xFF, 0xFE, 0xFF}, 4000)), "not an MP3 file"},
		{"only an ID3v2 tag", id3v2(3, "t", 100, false), "not an MP3 file: it holds tags but no audio"},
		{"only tags", cat(id3v2(4, "t", 0, false), apev2(), id3v1("x")), "not an MP3 file: it holds tags but no audio"},
		{"only the Info frame", stereo[:frameStarts(t, stereo)[1]], "no audio frames"},
		{"truncated ID3v2 tag", id3v2(3, "title", 1000, false)[:500], "truncated ID3v2 tag at byte 0"},
		{"truncated in the last frame", cbr[:last+50], "truncated frame at byte " + strconv.Itoa(last)},
		{"truncated in a middle frame", cbr[:starts[40]+64], "truncated frame at byte " + strconv.Itoa(starts[40])},
		{"truncated in a frame header", cbr[:last+2], "truncated frame at byte " + strconv.Itoa(last)},
		{"truncated after an ID3v2 tag", cat(id3v2(3, "t", 0, false), cbr[:last+50]), "truncated frame at byte " + strconv.Itoa(last+len(id3v2(3, "t", 0, false)))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Probe(c.data)
			if err == nil {
				t.Fatalf("no error; got %+v", got)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			if got != (Info{}) {
				t.Errorf("got %+v with the error", got)
			}
		})
	}
}

func TestProbeNoAllocs(t *testing.T) {
	data := readFixture(t, fixtures[0].file)
	allocs := testing.AllocsPerRun(20, func() {
		if _, err := Probe(data); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per Probe, want 0", allocs)
	}
}

func BenchmarkProbe(b *testing.B) {
	data := readFixture(b, fixtures[0].file)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Probe(data); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzProbe(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.mp3"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/3])
		f.Add(cat(id3v2(4, "t", 4, true), b[:1000], apev2(), id3v1("x")))
	}
	f.Add([]byte{})
	f.Add([]byte("ID3\x04\x00\x10\x00\x00\x00\x00"))
	f.Add([]byte("\xFF\xFB\x90\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := Probe(data)
		if err != nil {
			return
		}
		if info.Frames <= 0 || info.Duration <= 0 || info.SampleRate <= 0 ||
			(info.Channels != 1 && info.Channels != 2) || info.Bitrate <= 0 {
			t.Errorf("Probe accepted data but returned %+v", info)
		}
	})
}
