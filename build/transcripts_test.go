package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestUnusedAudio: an MP3 in content/listen/ that no clip plays is a
// warning, not an error; one beside a draft clip of the same name is not.
func TestUnusedAudio(t *testing.T) {
	mp3, err := os.ReadFile("audio/testdata/mpeg2-22k-cbr32-mono.mp3")
	if err != nil {
		t.Fatal(err)
	}
	root := caseFS(t, "basic")
	root["content/listen/hello.mp3"] = &fstest.MapFile{Data: mp3}
	root["content/listen/old-take.mp3"] = &fstest.MapFile{Data: mp3}
	root["content/listen/reading-club.mp3"] = &fstest.MapFile{Data: mp3}
	root["content/listen/reading-club.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 读书会\nstop: 7\naudio: reading-club.mp3\ndate: 2026-12-01\ndraft: true\n---\n")}
	res, err := Build(context.Background(), Config{Root: root, Out: filepath.Join(t.TempDir(), "public")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	want := `content/listen/old-take.mp3: warning: no clip plays this recording, so it is not on the site (name it in a clip's "audio:", or delete it)`
	if strings.Join(got, "\n") != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}

	// With drafts, the imported clip's empty transcript is a warning: the
	// preview still builds.
	res, err = Build(context.Background(), Config{Root: root, Out: filepath.Join(t.TempDir(), "public"), Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	want = want + "\n" + `content/listen/reading-club.md: warning: the transcript (文字稿) is empty (below the front matter, write what the recording says, paragraph by paragraph)`
	if strings.Join(got, "\n") != want {
		t.Errorf("warnings with drafts:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}
