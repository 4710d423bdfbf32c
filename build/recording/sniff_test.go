package recording

import (
	"errors"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name string
		head string
		want Format
		err  string // part of the refusal, "" when taken
	}{
		{"mp3 with ID3", "ID3\x04\x00\x00\x00\x00\x00\x00", MP3, ""},
		{"mp3 frame", "\xFF\xFB\x50\xC4\x00", MP3, ""},
		{"m4a", "\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00", MP4, ""},
		{"3gp", "\x00\x00\x00\x18ftyp3gp4\x00\x00\x00\x00", MP4, ""},
		{"mov", "\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00", MP4, ""},
		{"amr-nb", "#!AMR\n\x3c", AMR, ""},
		{"amr-wb", "#!AMR-WB\n", AMR, ""},
		{"wav", "RIFF\x24\x08\x00\x00WAVEfmt ", WAV, ""},
		{"ogg", "OggS\x00\x02", Ogg, ""},
		{"silk", "#!SILK_V3\x0c\x00", SILK, "WeChat voice message"},
		{"silk after 0x02", "\x02#!SILK_V3\x0c\x00", SILK, "录音机"},
		{"pdf", "%PDF-1.7\n", Format{}, "it is a PDF document"},
		{"text", "hello, world", Format{}, "not MP3, M4A/MP4/3GP/MOV, AMR, WAV or Ogg (it begins 68 65 6c 6c 6f 2c 20 77)"},
		{"avi", "RIFF\x24\x08\x00\x00AVI LIST", Format{}, "it begins 52 49 46 46"},
		{"empty", "", Format{}, "the file is empty"},
	} {
		got, err := Sniff([]byte(c.head))
		if got != c.want {
			t.Errorf("%s: Sniff = %q, want %q", c.name, got.Name, c.want.Name)
		}
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.err)
		}
	}
	if _, err := Sniff([]byte("#!SILK_V3")); !errors.Is(err, ErrWeChat) {
		t.Errorf("SILK: %v, want ErrWeChat", err)
	}
}
