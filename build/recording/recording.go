// Package recording turns a community worker's phone recording into the
// MP3 a clip plays: one format every phone's WeChat plays (MP3, constant
// 64 kbit/s, mono, 44.1 kHz), at one loudness, so that elders listening on
// a phone speaker in a busy hall hear every clip equally well.
//
// It recognises a file by its content (Sniff), not its name, and hands the
// work to ffmpeg, which only importing needs (the build and "site check"
// do not). Convert, in order:
//
//  1. probes the file (ffprobe) and refuses one shorter than 3 seconds;
//  2. measures it: loudness, clipping, a dead channel of a stereo file,
//     pauses inside, and warns in plain words of what will not sound
//     right (longer than 5 minutes, telephone quality, very quiet,
//     clipped, long pauses, one silent channel: then the live channel is
//     used alone instead of the two averaged);
//  3. processes it: mono, rumble below 80 Hz removed, silence at both ends
//     trimmed, a gain that brings any recording to the same working level,
//     gentle compression and a limiter, then ffmpeg's loudnorm in two
//     passes to −16 LUFS integrated as dual-mono (−19 on a plain mono
//     meter), true peak −1.5 dBTP; the second pass must stay linear (a
//     plain gain): when loudnorm falls back to its dynamic mode, the
//     conversion fails rather than deliver a pumping sound;
//  4. encodes MP3 CBR 64 kbit/s mono 44.1 kHz without metadata or ID3 tags;
//  5. measures the result again (ebur128) and reads its duration with the
//     site's own MP3 reader (package audio), as the build will.
//
// Nothing is written but temporary files; the caller writes the result.
package recording

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/diag"
)

// Targets of the conversion.
const (
	TargetLUFS  = -16.0 // integrated, dual-mono
	TargetTP    = -1.5  // dBTP, before encoding
	MaxTP       = -1.0  // dBTP, allowed after MP3 encoding (which adds a little)
	Tolerance   = 1.0   // LU around TargetLUFS the result must be within
	Bitrate     = 64    // kbit/s
	SampleRate  = 44100 // Hz
	MinDuration = 3 * time.Second
	LongWarning = 5 * time.Minute

	quietLUFS   = -35.0 // below: raising it raises the noise too
	silenceDB   = -45   // dBFS: quieter than this is silence
	deadDB      = -70.0 // RMS dBFS of a channel with nothing on it
	workingLUFS = -24.0 // the level the compressor is set for
)

// Messages for editors, kept together so they are easy to find.
const (
	msgNoFFmpeg = "importing a recording needs ffmpeg, which is not installed; " +
		"install it and run the command again: on Debian or Ubuntu \"sudo apt-get install ffmpeg\"; " +
		"on Windows or macOS download it from https://ffmpeg.org/download.html and put ffmpeg and ffprobe on the PATH"
	msgTooShort   = "the recording is only %.1f seconds long: a clip needs at least 3 seconds; record it again"
	msgNoSound    = "the file has no sound in it"
	msgSilent     = "the recording is silent: nothing louder than background hiss was found"
	msgLong       = "the recording is %s long: over 5 minutes is long for listeners standing at the wall; 1 to 3 minutes suits them best"
	msgPhoneRate  = "the recording was made at %d kHz, telephone quality: it will sound muffled; if you can, record it again with the phone's recorder app set to its best quality"
	msgQuiet      = "the recording is very quiet (%.0f LUFS): making it loud enough also makes its background noise loud; if you can, record it again in a quiet room, the phone about 20 cm from the mouth"
	msgClipped    = "the recording is too loud in places (clipped): those places will sound harsh; if you can, record it again with the phone a little farther from the mouth"
	msgPauses     = "the recording has %d pause(s) longer than a second inside it, the first at %s: the clip keeps them; cut them out if they are not meant"
	msgDeadLeft   = "the left channel of this stereo recording is silent: only the right channel is used"
	msgDeadRight  = "the right channel of this stereo recording is silent: only the left channel is used"
	msgNotLinear  = "the loudness could not be set without squashing the sound (ffmpeg's loudnorm chose %q, not \"linear\"); this recording needs a person's ear: try recording again closer to the mouth"
	msgOutOfRange = "after conversion the clip measures %.1f LUFS and %.1f dBTP, outside −16 ± 1 LUFS and ≤ −1 dBTP; this is a fault in the conversion, please report it with the recording"
)

// ErrNoFFmpeg says that ffmpeg or ffprobe is missing, and how to install it.
var ErrNoFFmpeg = diag.Errorf(msgNoFFmpeg)

// Tools are the ffmpeg programs a conversion runs.
type Tools struct {
	FFmpeg, FFprobe string
}

// FindTools looks for ffmpeg and ffprobe on the PATH.
func FindTools() (Tools, error) {
	var t Tools
	var err error
	if t.FFmpeg, err = exec.LookPath("ffmpeg"); err != nil {
		return t, ErrNoFFmpeg
	}
	if t.FFprobe, err = exec.LookPath("ffprobe"); err != nil {
		return t, ErrNoFFmpeg
	}
	return t, nil
}

// Result is a converted recording.
type Result struct {
	MP3      []byte
	Format   Format        // of the recording
	Duration time.Duration // of the MP3, as package audio reads it
	Loudness float64       // LUFS, integrated, dual-mono, of the MP3
	TruePeak float64       // dBTP of the MP3
	Trimmed  time.Duration // silence cut from both ends

	warnings []*diag.Message // what will not sound right, in plain words
}

// WarningsIn are the warnings, what will not sound right, in language l.
func (r *Result) WarningsIn(l diag.Lang) []string {
	out := make([]string, len(r.warnings))
	for i, w := range r.warnings {
		out[i] = w.In(l)
	}
	return out
}

// Summary is one line for the editor: 时长 2:14,响度 −16.2 LUFS,已去掉首尾 2.5 秒静音.
func (r *Result) Summary() string {
	s := fmt.Sprintf("时长 %s,响度 %.1f LUFS", clock(r.Duration), r.Loudness)
	if r.Trimmed >= 100*time.Millisecond {
		s += fmt.Sprintf(",已去掉首尾 %.1f 秒静音", r.Trimmed.Seconds())
	}
	return s
}

// input is what ffprobe and a first measurement learn of a recording.
type input struct {
	duration   time.Duration
	sampleRate int
	channels   int
	codec      string
	video      bool
}

// SniffFile is Sniff on the start of the file src. An error reading it is
// an *fs.PathError.
func SniffFile(src string) (Format, error) {
	f, err := os.Open(src)
	if err != nil {
		return Format{}, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return Format{}, &fs.PathError{Op: "read", Path: src, Err: err}
	}
	return Sniff(head[:n])
}

// Convert turns the recording in the file src into a clip's MP3. It
// returns an error, and nothing else, when the recording is refused.
// ctx stops ffmpeg (Ctrl+C); each run of ffmpeg is bounded in time too.
func Convert(ctx context.Context, t Tools, src string) (*Result, error) {
	format, err := SniffFile(src)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, err
	}
	in := "file:" + abs // a name such as "-x.m4a" or "a:b" is a file all the same
	c := &conversion{ctx: ctx, tools: t, in: in, res: &Result{Format: format}}
	if err := c.probe(); err != nil {
		return nil, err
	}
	if c.info.duration < MinDuration {
		return nil, diag.Errorf(msgTooShort, c.info.duration.Seconds())
	}
	if err := c.measure(); err != nil {
		return nil, err
	}
	if err := c.process(); err != nil {
		return nil, err
	}
	return c.res, nil
}

type conversion struct {
	ctx   context.Context
	tools Tools
	in    string
	info  input
	mono  string // the pan filter that makes the sound mono
	res   *Result

	loudness float64 // of the recording, LUFS dual-mono
}

func (c *conversion) warn(format string, args ...any) {
	w := diag.Part(format, args...)
	c.res.warnings = append(c.res.warnings, w)
}

// limit bounds one run of ffmpeg: generous for the recording's length, so
// that only a hung process reaches it.
func (c *conversion) limit() time.Duration {
	return time.Minute + 4*c.info.duration
}

// run runs ffmpeg with args and returns what it wrote to stderr.
func (c *conversion) run(name string, args ...string) (string, error) {
	limit := c.limit()
	ctx, cancel := context.WithTimeout(c.ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	switch {
	case c.ctx.Err() != nil:
		return "", fmt.Errorf("stopped: %w", c.ctx.Err())
	case ctx.Err() != nil:
		return "", diag.Errorf("%s took longer than %s and was stopped", filepath.Base(name), limit)
	case err != nil:
		return "", fmt.Errorf("%s failed (%w): %s", filepath.Base(name), err, lastLines(stderr.String(), 5))
	}
	return stderr.String(), nil
}

func (c *conversion) ffmpeg(args ...string) (string, error) {
	return c.run(c.tools.FFmpeg, append([]string{"-nostdin", "-hide_banner", "-nostats", "-threads", strconv.Itoa(runtime.GOMAXPROCS(0))}, args...)...)
}

// probe reads the recording's first sound stream with ffprobe.
func (c *conversion) probe() error {
	out, err := c.run(c.tools.FFprobe, "-v", "error", "-show_entries",
		"format=duration:stream=codec_type,codec_name,sample_rate,channels,duration", "-of", "json", c.in)
	if err != nil {
		return err
	}
	var p struct {
		Streams []struct {
			CodecType  string `json:"codec_type"`
			CodecName  string `json:"codec_name"`
			SampleRate string `json:"sample_rate"`
			Channels   int    `json:"channels"`
			Duration   string `json:"duration"`
		}
		Format struct{ Duration string }
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		return fmt.Errorf("reading what ffprobe says: %w", err)
	}
	found := false
	for _, s := range p.Streams {
		if s.CodecType == "video" {
			c.info.video = true
		}
		if s.CodecType != "audio" || found {
			continue
		}
		found = true
		c.info.codec = s.CodecName
		c.info.sampleRate, _ = strconv.Atoi(s.SampleRate)
		c.info.channels = s.Channels
		d := s.Duration
		if d == "" || d == "N/A" {
			d = p.Format.Duration
		}
		sec, _ := strconv.ParseFloat(d, 64)
		c.info.duration = time.Duration(sec * float64(time.Second))
	}
	if !found || c.info.channels == 0 {
		return diag.Errorf(msgNoSound)
	}
	return nil
}

// measure looks at the recording as it is and warns of what will not sound
// right; it also chooses how to make it mono.
func (c *conversion) measure() error {
	in := c.info
	if in.duration > LongWarning {
		c.warn(msgLong, clock(in.duration))
	}
	if in.sampleRate > 0 && in.sampleRate <= 8000 {
		c.warn(msgPhoneRate, in.sampleRate/1000)
	}
	// Each channel's level, and clipping, before mixing.
	out, err := c.ffmpeg("-i", c.in, "-map", "0:a:0", "-af", "astats=measure_overall=none", "-f", "null", "-")
	if err != nil {
		return err
	}
	chans := parseAstats(out)
	clipped := false
	for _, ch := range chans {
		if ch.flat > 0 && ch.peak >= -0.1 {
			clipped = true
		}
	}
	if clipped {
		c.warn(msgClipped)
	}
	c.mono = "pan=mono|c0=c0"
	switch {
	case len(chans) == 2 && chans[0].rms < deadDB && chans[1].rms >= deadDB:
		c.mono = "pan=mono|c0=c1"
		c.warn(msgDeadLeft)
	case len(chans) == 2 && chans[1].rms < deadDB && chans[0].rms >= deadDB:
		c.warn(msgDeadRight)
	case in.channels > 1:
		var terms []string
		for i := range in.channels {
			terms = append(terms, fmt.Sprintf("%.6g*c%d", 1/float64(in.channels), i))
		}
		c.mono = "pan=mono|c0=" + strings.Join(terms, "+")
	}
	// Loudness of the mono sound.
	out, err = c.ffmpeg("-i", c.in, "-map", "0:a:0", "-af", c.mono+",ebur128=peak=true:dualmono=true", "-f", "null", "-")
	if err != nil {
		return err
	}
	m, err := parseEBUR128(out)
	if err != nil {
		return err
	}
	if m.integrated <= -69 {
		return diag.Errorf(msgSilent)
	}
	c.loudness = m.integrated
	if m.integrated < quietLUFS {
		c.warn(msgQuiet, m.integrated)
	}
	// Pauses inside it, heard at the working level, as trimming does.
	out, err = c.ffmpeg("-i", c.in, "-map", "0:a:0", "-af",
		fmt.Sprintf("%s,%s,silencedetect=noise=%ddB:d=1", c.mono, c.gain(), silenceDB), "-f", "null", "-")
	if err != nil {
		return err
	}
	if pauses := innerSilences(out, in.duration); len(pauses) > 0 {
		c.warn(msgPauses, len(pauses), clock(pauses[0]))
	}
	return nil
}

// gain brings the recording to the working level, so that the silence
// threshold and the compressor mean the same for a quiet recording as for
// a loud one.
func (c *conversion) gain() string {
	return fmt.Sprintf("volume=%.2fdB", math.Max(-20, math.Min(40, workingLUFS-c.loudness)))
}

// chain is the processing before loudnorm, limiting peaks to limit (linear).
func (c *conversion) chain(limit float64) string {
	trim := fmt.Sprintf("silenceremove=start_periods=1:start_threshold=%ddB:start_silence=0.02", silenceDB)
	return strings.Join([]string{
		c.mono,
		"highpass=f=80",
		c.gain(),
		trim, "areverse", trim, "areverse",
		"acompressor=threshold=-30dB:ratio=3:attack=5:release=150:makeup=6dB",
		fmt.Sprintf("alimiter=limit=%.4f:level=false", limit),
	}, ",")
}

// loudnormJSON is what loudnorm prints at the end of a run.
type loudnormJSON struct {
	InputI        string `json:"input_i"`
	InputTP       string `json:"input_tp"`
	InputLRA      string `json:"input_lra"`
	InputThresh   string `json:"input_thresh"`
	TargetOffset  string `json:"target_offset"`
	Normalization string `json:"normalization_type"`
}

func (c *conversion) process() error {
	base := fmt.Sprintf("loudnorm=I=%g:TP=%g:LRA=11:dual_mono=true:print_format=json", TargetLUFS, TargetTP)
	// Pass 1 measures. The gain loudnorm will apply must leave the peaks
	// under the target, or it turns dynamic: if they would not, limit the
	// peaks lower and measure again.
	limit := 0.5
	var p1 loudnormJSON
	for try := 0; ; try++ {
		out, err := c.ffmpeg("-i", c.in, "-map", "0:a:0", "-af", c.chain(limit)+","+base, "-f", "null", "-")
		if err != nil {
			return err
		}
		if p1, err = parseLoudnorm(out); err != nil {
			return err
		}
		i, _ := strconv.ParseFloat(p1.InputI, 64)
		tp, _ := strconv.ParseFloat(p1.InputTP, 64)
		peak := TargetTP - 0.5 - (TargetLUFS - i) // the highest peak the gain leaves room for, dBFS
		if tp <= peak+0.2 || try == 3 {
			break
		}
		limit = math.Max(0.0625, math.Min(limit, math.Pow(10, peak/20))) // alimiter's range
	}
	dir, err := os.MkdirTemp("", "site-recording-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	mp3 := filepath.Join(dir, "clip.mp3")
	if lra, _ := strconv.ParseFloat(p1.InputLRA, 64); lra == 0 {
		// loudnorm takes a measured range of 0 for "not measured" and
		// turns dynamic; a steady sound has a range of 0 all the same.
		p1.InputLRA = "0.01"
	}
	pass2 := fmt.Sprintf("%s:measured_I=%s:measured_TP=%s:measured_LRA=%s:measured_thresh=%s:offset=%s:linear=true",
		base, p1.InputI, p1.InputTP, p1.InputLRA, p1.InputThresh, p1.TargetOffset)
	out, err := c.ffmpeg("-i", c.in, "-map", "0:a:0", "-vn", "-sn", "-dn", "-af", c.chain(limit)+","+pass2,
		"-ar", strconv.Itoa(SampleRate), "-ac", "1", "-c:a", "libmp3lame", "-b:a", strconv.Itoa(Bitrate)+"k",
		"-map_metadata", "-1", "-map_chapters", "-1", "-id3v2_version", "0", "-write_id3v1", "0", "-fflags", "+bitexact",
		"-f", "mp3", "-y", "file:"+mp3)
	if err != nil {
		return err
	}
	p2, err := parseLoudnorm(out)
	if err != nil {
		return err
	}
	if p2.Normalization != "linear" {
		return diag.Errorf(msgNotLinear, p2.Normalization)
	}
	// Measure the result as a listener's phone will play it.
	out, err = c.ffmpeg("-i", "file:"+mp3, "-af", "ebur128=peak=true:dualmono=true", "-f", "null", "-")
	if err != nil {
		return err
	}
	m, err := parseEBUR128(out)
	if err != nil {
		return err
	}
	if math.Abs(m.integrated-TargetLUFS) > Tolerance || m.truePeak > MaxTP {
		return diag.Errorf(msgOutOfRange, m.integrated, m.truePeak)
	}
	data, err := os.ReadFile(mp3)
	if err != nil {
		return err
	}
	info, err := audio.Probe(data)
	if err != nil {
		return fmt.Errorf("the converted clip cannot be read back: %w", err)
	}
	c.res.MP3 = data
	c.res.Duration = info.Duration
	c.res.Loudness = m.integrated
	c.res.TruePeak = m.truePeak
	c.res.Trimmed = max(0, c.info.duration-info.Duration)
	return nil
}

// channel is what astats says of one channel.
type channel struct {
	rms, peak, flat float64
}

var astatsLine = regexp.MustCompile(`\[Parsed_astats_\d+ @ [^\]]*\] (.*)`)

// parseAstats reads the per-channel statistics astats prints at the end.
func parseAstats(out string) []channel {
	var chans []channel
	for _, m := range astatsLine.FindAllStringSubmatch(out, -1) {
		k, v, ok := strings.Cut(m[1], ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if k == "Channel" {
			chans = append(chans, channel{rms: math.Inf(-1), peak: math.Inf(-1)})
			continue
		}
		if len(chans) == 0 {
			continue
		}
		ch := &chans[len(chans)-1]
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			f = math.Inf(-1) // "-inf"
		}
		switch k {
		case "RMS level dB":
			ch.rms = f
		case "Peak level dB":
			ch.peak = f
		case "Flat factor":
			ch.flat = f
		}
	}
	return chans
}

// measured is ebur128's summary.
type measured struct {
	integrated, truePeak float64
}

var (
	ebuI    = regexp.MustCompile(`(?m)^\s+I:\s+(-?[\d.]+|-inf) LUFS`)
	ebuPeak = regexp.MustCompile(`(?m)^\s+Peak:\s+(-?[\d.]+|-inf) dBFS`)
)

// parseEBUR128 reads the summary ebur128 prints when a run ends.
func parseEBUR128(out string) (measured, error) {
	_, sum, ok := strings.Cut(out, "Summary:")
	i := ebuI.FindStringSubmatch(sum)
	p := ebuPeak.FindStringSubmatch(sum)
	if !ok || i == nil || p == nil {
		return measured{}, fmt.Errorf("no loudness summary in ffmpeg's output: %s", lastLines(out, 5))
	}
	var m measured
	m.integrated, _ = strconv.ParseFloat(i[1], 64)
	m.truePeak, _ = strconv.ParseFloat(p[1], 64)
	if i[1] == "-inf" {
		m.integrated = math.Inf(-1)
	}
	if p[1] == "-inf" {
		m.truePeak = math.Inf(-1)
	}
	return m, nil
}

// parseLoudnorm reads the JSON loudnorm prints at the end of stderr.
func parseLoudnorm(out string) (loudnormJSON, error) {
	var l loudnormJSON
	at := strings.LastIndex(out, "[Parsed_loudnorm")
	if at < 0 {
		return l, fmt.Errorf("no loudnorm measurement in ffmpeg's output: %s", lastLines(out, 5))
	}
	start := strings.Index(out[at:], "{")
	end := strings.LastIndex(out, "}")
	if start < 0 || end < at+start {
		return l, fmt.Errorf("no loudnorm measurement in ffmpeg's output: %s", lastLines(out, 5))
	}
	if err := json.Unmarshal([]byte(out[at+start:end+1]), &l); err != nil {
		return l, fmt.Errorf("reading loudnorm's measurement: %w", err)
	}
	return l, nil
}

var (
	silenceStart = regexp.MustCompile(`silence_start: (-?[\d.]+)`)
	silenceEnd   = regexp.MustCompile(`silence_end: (-?[\d.]+)`)
)

// innerSilences lists where the pauses silencedetect found begin, leaving
// out those at the very start and end, which are trimmed.
func innerSilences(out string, d time.Duration) []time.Duration {
	starts := silenceStart.FindAllStringSubmatch(out, -1)
	ends := silenceEnd.FindAllStringSubmatch(out, -1)
	var inner []time.Duration
	for i, s := range starts {
		if i >= len(ends) {
			break // runs to the end
		}
		a, _ := strconv.ParseFloat(s[1], 64)
		b, _ := strconv.ParseFloat(ends[i][1], 64)
		if a <= 0.05 || b >= d.Seconds()-0.05 {
			continue
		}
		inner = append(inner, time.Duration(a*float64(time.Second)))
	}
	return inner
}

// clock writes d as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
