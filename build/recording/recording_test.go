package recording

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhaojiaxiang/site/build/audio"
	"github.com/zhaojiaxiang/site/build/diag"
)

// RequiredEnv turns a skipped media test into a failure, as CI sets it.
const RequiredEnv = "SITE_MEDIA_TESTS"

// needTools finds ffmpeg (and espeak-ng when speech is true), skipping the
// test without them unless SITE_MEDIA_TESTS=1.
func needTools(t *testing.T, speech bool) Tools {
	t.Helper()
	tools, err := FindTools()
	missing := ""
	if err != nil {
		missing = "ffmpeg"
	} else if _, err := exec.LookPath("espeak-ng"); speech && err != nil {
		missing = "espeak-ng"
	}
	if missing != "" {
		if os.Getenv(RequiredEnv) == "1" {
			t.Fatalf("%s=1 but %s is not installed: apt-get install %s", RequiredEnv, missing, missing)
		}
		t.Skipf("%s is not installed; set %s=1 to make this a failure", missing, RequiredEnv)
	}
	return tools
}

// sh runs a program for the test and returns its stderr and stdout.
func sh(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func ff(t *testing.T, args ...string) string {
	t.Helper()
	return sh(t, "ffmpeg", append([]string{"-nostdin", "-hide_banner", "-nostats", "-v", "info", "-y"}, args...)...)
}

// seconds is the length of a sound file as ffprobe reads it.
func seconds(t *testing.T, file string) time.Duration {
	t.Helper()
	out := sh(t, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file)
	f, err := strconv.ParseFloat(strings.TrimSpace(out), 64)
	if err != nil {
		t.Fatalf("ffprobe %s: %q", file, out)
	}
	return time.Duration(f * float64(time.Second))
}

// speech makes a few sentences of Mandarin with espeak-ng and returns the
// file and how long the speaking lasts, its own silence at both ends left out.
func speech(t *testing.T, dir string) (string, time.Duration) {
	raw := filepath.Join(dir, "espeak.wav")
	sh(t, "espeak-ng", "-v", "cmn", "-s", "150", "-w", raw, "大家好,欢迎来到兆佳巷区域党群服务中心。这里有社区工作站,图书馆和乐龄生活馆。")
	wav := filepath.Join(dir, "speech.wav")
	trim := "silenceremove=start_periods=1:start_threshold=-50dB"
	ff(t, "-i", raw, "-af", trim+",areverse,"+trim+",areverse", wav)
	return wav, seconds(t, wav)
}

// ebur128 measures a file as ffmpeg's meter does: integrated loudness
// (dual-mono) and true peak.
func ebur128(t *testing.T, file string) (lufs, peak float64) {
	t.Helper()
	out := ff(t, "-i", file, "-af", "ebur128=peak=true:dualmono=true", "-f", "null", "-")
	_, sum, _ := strings.Cut(out, "Summary:")
	i := regexp.MustCompile(`I:\s+(-?[\d.]+) LUFS`).FindStringSubmatch(sum)
	p := regexp.MustCompile(`Peak:\s+(-?[\d.]+) dBFS`).FindStringSubmatch(sum)
	if i == nil || p == nil {
		t.Fatalf("no ebur128 summary for %s:\n%s", file, out)
	}
	lufs, _ = strconv.ParseFloat(i[1], 64)
	peak, _ = strconv.ParseFloat(p[1], 64)
	return lufs, peak
}

// amrFrames writes an AMR-NB file of n 12.2 kbit/s frames. Debian's ffmpeg
// decodes AMR but cannot encode it, so the frames are random codec
// parameters: a harsh, loud, 8 kHz sound, as hard a case as a phone makes.
func amrFrames(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := []byte("#!AMR\n")
	for range n {
		b = append(b, 0x3C) // mode 7 (12.2 kbit/s), quality bit set
		for range 31 {
			b = append(b, byte(r.Uint32()))
		}
	}
	return b
}

// TestConvert turns recordings of each kind a phone or a PC makes into
// clips and measures them as a listener's phone will play them.
func TestConvert(t *testing.T) {
	if testing.Short() {
		t.Skip("converting recordings takes a while")
	}
	tools := needTools(t, true)
	dir := t.TempDir()
	wav, span := speech(t, dir)
	noise := func(d string) []string {
		return []string{"-f", "lavfi", "-i", "anoisesrc=d=" + d + ":c=pink:a=0.002:r=48000"}
	}
	// A Voice Memo: speech between 2 s and 3 s of room noise, 48 kHz stereo AAC.
	padded := func(name, gain string) string {
		out := filepath.Join(dir, name)
		args := append(noise("2"), "-i", wav)
		args = append(args, noise("3")...)
		ff(t, append(args, "-filter_complex",
			"[1]aresample=48000[s];[0][s][2]concat=n=3:v=0:a=1,volume="+gain+",pan=stereo|c0=c0|c1=c0",
			"-c:a", "aac", "-b:a", "96k", out)...)
		return out
	}
	amr := filepath.Join(dir, "rec.amr")
	if err := os.WriteFile(amr, amrFrames(300), 0o644); err != nil {
		t.Fatal(err)
	}
	video := filepath.Join(dir, "video.mp4")
	ff(t, "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-i", wav, "-shortest",
		"-c:v", "mpeg4", "-c:a", "aac", "-ac", "2", "-ar", "48000", video)
	stereo := filepath.Join(dir, "left-silent.wav")
	ff(t, "-i", wav, "-af", "pan=stereo|c0=0*c0|c1=c0", "-ar", "44100", stereo)
	pcwav := filepath.Join(dir, "pc.wav")
	ff(t, "-i", wav, "-ar", "44100", "-ac", "1", "-c:a", "pcm_s16le", pcwav)
	ogg := filepath.Join(dir, "rec.ogg")
	ff(t, "-i", wav, "-c:a", "libopus", "-b:a", "32k", ogg)
	// Speech, 2 s of quiet room, the speech again.
	pause := filepath.Join(dir, "pause.wav")
	ff(t, append(append([]string{"-i", wav}, noise("2")...), "-i", wav, "-filter_complex",
		"[0]aresample=48000[a];[2]aresample=48000[b];[a][1][b]concat=n=3:v=0:a=1", pause)...)
	// Recorded too close: 20 dB over full scale, cut off at 16 bits.
	clipped := filepath.Join(dir, "clipped.wav")
	ff(t, "-i", wav, "-af", "volume=20dB", "-c:a", "pcm_s16le", clipped)

	for _, c := range []struct {
		name     string
		file     string
		format   Format
		speech   time.Duration // how long the result must be, ± 0.1 s
		warnings []string      // part of each warning, in order
	}{
		{"voice-memo.m4a", padded("memo.m4a", "-8dB"), MP4, span, nil},
		{"very-quiet.m4a", padded("quiet.m4a", "-30dB"), MP4, span, []string{"very quiet"}},
		{"android.amr", amr, AMR, 6 * time.Second, []string{"8 kHz, telephone quality"}},
		{"pc.wav", pcwav, WAV, span, nil},
		{"left-silent.wav", stereo, WAV, span, []string{"left channel of this stereo recording is silent"}},
		{"phone-video.mp4", video, MP4, span, nil},
		{"opus.ogg", ogg, Ogg, span, nil},
		{"pause.wav", pause, WAV, 2*span + 2*time.Second, []string{"1 pause(s) longer than a second inside it, the first at"}},
		{"clipped.wav", clipped, WAV, span, []string{"too loud in places (clipped)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Convert(context.Background(), tools, c.file)
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != c.format {
				t.Errorf("format %q, want %q", res.Format.Name, c.format.Name)
			}
			warnings := res.WarningsIn(diag.English)
			if len(warnings) != len(c.warnings) {
				t.Errorf("warnings %q, want ones saying %q", warnings, c.warnings)
			} else {
				for i, w := range c.warnings {
					if !strings.Contains(warnings[i], w) {
						t.Errorf("warning %q, want one saying %q", warnings[i], w)
					}
				}
			}
			out := filepath.Join(t.TempDir(), "clip.mp3")
			if err := os.WriteFile(out, res.MP3, 0o644); err != nil {
				t.Fatal(err)
			}
			lufs, peak := ebur128(t, out)
			if math.Abs(lufs-TargetLUFS) > Tolerance {
				t.Errorf("integrated loudness %.1f LUFS (dual-mono), want %.0f ± %.0f", lufs, TargetLUFS, Tolerance)
			}
			if peak > MaxTP {
				t.Errorf("true peak %.1f dBTP, want at most %.1f", peak, MaxTP)
			}
			info, err := audio.Probe(res.MP3)
			if err != nil {
				t.Fatal(err)
			}
			if info.Channels != 1 || info.SampleRate != 44100 || math.Abs(float64(info.Bitrate-64000)) > 640 {
				t.Errorf("MP3 of %d channel(s), %d Hz, %d bit/s; want mono, 44100 Hz, 64000 bit/s", info.Channels, info.SampleRate, info.Bitrate)
			}
			probe := sh(t, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,channels,bit_rate", "-of", "csv=p=0", out)
			if strings.TrimSpace(probe) != "mp3,1,64000" {
				t.Errorf("ffprobe reads %q, want mp3,1,64000", probe)
			}
			if bytes.HasPrefix(res.MP3, []byte("ID3")) || len(res.MP3) > 128 && bytes.HasPrefix(res.MP3[len(res.MP3)-128:], []byte("TAG")) {
				t.Error("the MP3 carries ID3 tags")
			}
			if d := res.Duration - c.speech; d < -100*time.Millisecond || d > 100*time.Millisecond {
				t.Errorf("clip lasts %v, the speech %v: want within 0.1 s", res.Duration, c.speech)
			}
			if res.Duration != info.Duration || math.Abs(res.Loudness-lufs) > 0.05 {
				t.Errorf("result says %v and %.1f LUFS; the MP3 lasts %v and measures %.1f LUFS", res.Duration, res.Loudness, info.Duration, lufs)
			}
			t.Logf("%s; true peak %.1f dBTP; %d bytes", res.Summary(), peak, len(res.MP3))
		})
	}
}

// TestRefuse: recordings that cannot make a clip are refused with a
// message that says why, and what to do.
func TestRefuse(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// No ffmpeg needed to refuse these: Sniff reads the first bytes.
	for file, want := range map[string]string{
		write("voice.silk", []byte("\x02#!SILK_V3\x0c\x00\x8a\x1f")):   "录音机",
		write("voice.amr", []byte("#!SILK_V3\x0c\x00\x8a\x1f")):        "WeChat voice message",
		write("notes.m4a", []byte("这不是录音,是一段文字。")):                     "not MP3, M4A/MP4/3GP/MOV, AMR, WAV or Ogg",
		write("scan.mp3", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")): "it is a PDF document",
	} {
		_, err := Convert(context.Background(), Tools{FFmpeg: "/nonexistent", FFprobe: "/nonexistent"}, file)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a refusal saying %q", filepath.Base(file), err, want)
		}
	}
	if testing.Short() {
		return
	}
	tools := needTools(t, false)
	short := filepath.Join(dir, "short.m4a")
	ff(t, "-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "aac", short)
	if _, err := Convert(context.Background(), tools, short); err == nil || !strings.Contains(err.Error(), "only 1.0 seconds long") {
		t.Errorf("a 1-second recording: %v, want it refused as too short", err)
	}
	silent := filepath.Join(dir, "silent.wav")
	ff(t, "-f", "lavfi", "-i", "anullsrc=r=44100:cl=mono", "-t", "5", silent)
	if _, err := Convert(context.Background(), tools, silent); err == nil || !strings.Contains(err.Error(), "silent") {
		t.Errorf("a silent recording: %v, want it refused as silent", err)
	}
	// Ctrl+C: a cancelled context stops ffmpeg.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Convert(ctx, tools, silent); !errors.Is(err, context.Canceled) {
		t.Errorf("after Ctrl+C: %v, want context.Canceled", err)
	}
}

// TestNoFFmpeg: without ffmpeg, the message says how to install it.
func TestNoFFmpeg(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := FindTools()
	if !errors.Is(err, ErrNoFFmpeg) {
		t.Fatalf("FindTools with an empty PATH: %v", err)
	}
	for _, want := range []string{"sudo apt-get install ffmpeg", "https://ffmpeg.org/download.html", "Windows or macOS"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

func TestSummary(t *testing.T) {
	r := &Result{Duration: 134*time.Second + 400*time.Millisecond, Loudness: -16.2, Trimmed: 2500 * time.Millisecond}
	if got, want := r.Summary(), "时长 2:14,响度 -16.2 LUFS,已去掉首尾 2.5 秒静音"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
	r.Trimmed = 0
	if got, want := r.Summary(), "时长 2:14,响度 -16.2 LUFS"; got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}
