package recording

import (
	"bytes"
	"fmt"

	"github.com/zhaojiaxiang/site/build/diag"
)

// A Format is a kind of sound file, told from its first bytes.
type Format struct {
	Name string // as an editor knows it: "M4A (MP4)", "AMR", …
	// Container formats that may hold a video: the sound is taken from it.
	MayBeVideo bool
}

// The formats Sniff knows.
var (
	MP3  = Format{Name: "MP3"}
	MP4  = Format{Name: "M4A/MP4 (iPhone Voice Memos, Android recorders, phone videos)", MayBeVideo: true}
	AMR  = Format{Name: "AMR (Android recorders)"}
	WAV  = Format{Name: "WAV"}
	Ogg  = Format{Name: "Ogg (Opus or Vorbis)"}
	SILK = Format{Name: "WeChat voice message (SILK)"}
)

// Messages for editors, kept together so they are easy to find.
var (
	// ErrWeChat refuses a WeChat voice message: no browser plays SILK and
	// Debian's ffmpeg cannot decode it.
	ErrWeChat = diag.Errorf("this is a WeChat voice message (SILK), which no phone browser can play and which cannot be converted here; " +
		"record it again with the phone's own recorder app (录音机 on Android, 语音备忘录 / Voice Memos on iPhone) and import that file")
)

const (
	errUnknown = "this is not a recording this command can read: not MP3, M4A/MP4/3GP/MOV, AMR, WAV or Ogg (%s); " +
		"record with the phone's own recorder app (录音机 / 语音备忘录), or save the recording as MP3, M4A or WAV"
	errEmpty = "the file is empty"
)

// Sniff tells the format of a recording from its first bytes (a few
// hundred are plenty), never from its name: phones and WeChat name files
// loosely, and a renamed file keeps its content.
func Sniff(head []byte) (Format, error) {
	switch {
	case len(head) == 0:
		return Format{}, diag.Errorf(errEmpty)
	case bytes.HasPrefix(head, []byte("#!SILK_V3")), bytes.HasPrefix(head, []byte("\x02#!SILK_V3")):
		return SILK, ErrWeChat
	case bytes.HasPrefix(head, []byte("#!AMR")): // "#!AMR\n" and "#!AMR-WB\n"
		return AMR, nil
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return MP4, nil
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WAVE":
		return WAV, nil
	case bytes.HasPrefix(head, []byte("OggS")):
		return Ogg, nil
	case bytes.HasPrefix(head, []byte("ID3")):
		return MP3, nil
	case len(head) >= 2 && head[0] == 0xFF && head[1]&0xE0 == 0xE0 && head[1]&0x06 != 0: // MPEG audio frame sync, layer set
		return MP3, nil
	}
	return Format{}, diag.Errorf(errUnknown, describe(head))
}

// describe names what an unknown file looks like, for the editor's message.
func describe(head []byte) string {
	for _, k := range []struct{ magic, name string }{
		{"%PDF", "it is a PDF document"},
		{"\xFF\xD8\xFF", "it is a JPEG photo"},
		{"\x89PNG", "it is a PNG picture"},
		{"PK\x03\x04", "it is a ZIP archive or an Office document"},
		{"fLaC", "it is FLAC audio"},
		{"\x1A\x45\xDF\xA3", "it is a WebM or MKV file"},
		{"0&\xB2\x75", "it is a WMA/WMV file"},
	} {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return k.name
		}
	}
	n := min(len(head), 8)
	return fmt.Sprintf("it begins % x", head[:n])
}
