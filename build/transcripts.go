package build

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
	"github.com/zhaojiaxiang/site/build/render"
)

// Checks of the assemble stage on what goes with a clip's audio: its
// transcript, which deaf and hard-of-hearing residents read instead of
// listening, and MP3 files that no clip plays.

// checkTranscript reports a clip whose transcript is empty (a warning for a
// draft, which an import leaves so), and the start
// times of its paragraphs ("[0:15] …") that do not increase or do not fall
// inside its recording of length d (zero: unread, order alone is checked).
func (s *Site) checkTranscript(c *content.Clip, d time.Duration) diag.List {
	body, err := c.Body(s.cfg.Content)
	if err != nil {
		return nil // content.Load has said so
	}
	if len(bytes.TrimSpace(body)) == 0 {
		var errs diag.List
		if c.Draft { // just imported: a preview with drafts still builds
			errs.Warn(c.Path, 0, "the transcript (文字稿) is empty")
		} else {
			errs.Add(c.Path, 0, "the transcript (文字稿) is empty")
		}
		errs[0].Hint = "below the front matter, write what the recording says, paragraph by paragraph"
		return errs
	}
	return render.CheckStamps(c.Path, render.Stamps(body), d)
}

// unusedAudio warns of MP3 files in content/listen/ that no clip plays:
// they are not published. An MP3 with a Markdown file of the same name
// beside it (or an index.md, in a bundle) belongs to a draft clip.
func (s *Site) unusedAudio() diag.List {
	used := map[string]bool{}
	for _, c := range s.Content.Clips {
		used[c.Audio] = true
	}
	var errs diag.List
	fs.WalkDir(s.cfg.Content, "content/listen", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(path.Ext(p), ".mp3") || used[p] {
			return nil
		}
		dir := path.Dir(p)
		for _, md := range []string{strings.TrimSuffix(p, path.Ext(p)) + ".md", path.Join(dir, "index.md")} {
			if _, err := fs.Stat(s.cfg.Content, md); err == nil {
				return nil
			}
		}
		errs.Warn(p, 0, "no clip plays this recording, so it is not on the site")
		errs[len(errs)-1].Hint = `name it in a clip's "audio:", or delete it`
		return nil
	})
	return errs
}
