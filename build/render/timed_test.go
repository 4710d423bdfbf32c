package render

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

var updateTimed = flag.Bool("update", false, "rewrite the .html and .check sections of testdata/timed.txtar")

// TestTimed renders each NAME.md of testdata/timed.txtar and checks its
// stamps against a recording of the length the archive's comment gives
// ("duration: 1m30s"): NAME.html is the HTML, NAME.check the diagnostics
// for the file content/listen/NAME.md, one per line.
func TestTimed(t *testing.T) {
	const file = "testdata/timed.txtar"
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var duration time.Duration
	for _, l := range strings.Split(string(ar.Comment), "\n") {
		if v, ok := strings.CutPrefix(l, "duration: "); ok {
			if duration, err = time.ParseDuration(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if duration == 0 {
		t.Fatal(`the archive's comment gives no "duration: "`)
	}
	md := NewMarkdown()
	want := map[string][]byte{}
	for _, f := range ar.Files {
		want[f.Name] = f.Data
	}
	var out []txtar.File
	for _, f := range ar.Files {
		name, ok := strings.CutSuffix(f.Name, ".md")
		if !ok {
			continue
		}
		var html bytes.Buffer
		if err := md.Convert(&html, f.Data); err != nil {
			t.Fatal(err)
		}
		var check bytes.Buffer
		for _, d := range CheckStamps("content/listen/"+f.Name, Stamps(f.Data), duration) {
			check.WriteString(d.String() + "\n")
		}
		out = append(out, f, txtar.File{Name: name + ".html", Data: html.Bytes()}, txtar.File{Name: name + ".check", Data: check.Bytes()})
		for _, g := range out[len(out)-2:] {
			if w, ok := want[g.Name]; !*updateTimed && (!ok || !bytes.Equal(w, g.Data)) {
				t.Errorf("%s: %s:\n got: %s\nwant: %s", file, g.Name, g.Data, w)
			}
		}
	}
	if *updateTimed {
		ar.Files = out
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestParseStamp(t *testing.T) {
	for in, want := range map[string]int{
		"0:15": 15, "1:02": 62, "12:00": 720, "1:02:03": 3723, "0:00": 0,
		"0:60": -1, "0:5": -1, "1:2:03": -1, "1:02:60": -1, "0:015": -1,
	} {
		if got := parseStamp(in); got != want {
			t.Errorf("parseStamp(%q) = %d, want %d", in, got, want)
		}
	}
	for in, want := range map[int]string{0: "PT0S", 15: "PT15S", 60: "PT1M", 62: "PT1M2S", 3723: "PT1H2M3S", 3600: "PT1H"} {
		if got := isoDuration(in); got != want {
			t.Errorf("isoDuration(%d) = %q, want %q", in, got, want)
		}
	}
}
