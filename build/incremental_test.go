package build

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/corpus"
)

// TestBuilder edits a site the ways an editor does and checks after each
// build that the preview's output is what a clean build makes, and that
// only a change to page text alone (drawn on its own page, or also on the
// timeline or in the feed, as the plan says), or to existing layouts, is
// built in part.
func TestBuilder(t *testing.T) {
	src := t.TempDir()
	if err := corpus.Write(src, 80, os.DirFS("..")); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
		if err != nil || !strings.Contains(string(b), old) {
			t.Fatalf("%s has no %q (%v)", name, old, err)
		}
		write(name, strings.Replace(string(b), old, new, 1))
	}
	write("content/timeline/2022.md", "---\ntitle: 改建后投入使用\ndate: 2022-07\n---\n\n第一段。\n")

	out := filepath.Join(t.TempDir(), "public")
	cfg := Config{Root: os.DirFS(src), Out: out}
	b := NewBuilder(cfg)
	steps := []struct {
		name    string
		change  func()
		changed []string
		partial bool
		fails   bool
	}{
		{"first build", func() {}, nil, false, false},
		{"a page's text", func() { edit("content/spaces/p-000003.md", "\n\n", "\n\n新的一段,**加粗**。\n\n") },
			[]string{"content/spaces/p-000003.md"}, true, false},
		{"two pages' text", func() {
			edit("content/spaces/p-000003.md", "新的一段", "又改了一段")
			edit("content/spaces/p-000004.md", "\n\n", "\n\n## 新标题\n\n")
		}, []string{"content/spaces/p-000003.md", "content/spaces/p-000004.md"}, true, false},
		{"the home page's text", func() { edit("content/_index.md", "\n\n", "\n\n首页的新话。\n\n") },
			[]string{"content/_index.md"}, true, false},
		{"a milestone's text, drawn on the timeline", func() { edit("content/timeline/2022.md", "第一段", "第二段") },
			[]string{"content/timeline/2022.md"}, true, false},
		{"a clip's text, drawn in the podcast feed", func() { edit("content/listen/c-0002.md", "\n\n", "\n\n录音的新文字。\n\n") },
			[]string{"content/listen/c-0002.md"}, true, false},
		{"a page's title", func() { edit("content/spaces/p-000005.md", "title: 测试页 000005", "title: 改过的标题") },
			[]string{"content/spaces/p-000005.md"}, false, false},
		{"a layout most pages are drawn with", func() { edit("layouts/space.html", "<article>", `<article class="edited">`) },
			[]string{"layouts/space.html"}, false, false},
		{"a clip page's layout", func() { edit("layouts/clip.html", `<article class="clip">`, `<article class="clip edited">`) },
			[]string{"layouts/clip.html"}, true, false},
		{"the frame of every page", func() { edit("layouts/base.html", `<a class="skip"`, `<a class="skip edited"`) },
			[]string{"layouts/base.html"}, false, false},
		{"a new static file", func() { write("static/img/new.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`) },
			[]string{"static/img/new.svg"}, false, false},
		{"a layout asking for a static file no page asked for", func() {
			edit("layouts/clip.html", `<article class="clip edited">`, `<article class="clip edited"><img src="{{asset "img/new.svg"}}" alt="">`)
		}, []string{"layouts/clip.html"}, false, false},
		{"a broken layout", func() {
			edit("layouts/clip.html", `<article class="clip edited">`, `<article class="clip edited">{{if}}`)
		},
			[]string{"layouts/clip.html"}, false, true},
		{"the layout fixed", func() { edit("layouts/clip.html", `{{if}}`, ``) },
			[]string{"layouts/clip.html"}, false, false},
		{"a new partial", func() { write("layouts/partials/extra.html", `<p>extra</p>`) },
			[]string{"layouts/partials/extra.html"}, false, false},
		{"a clip page's layout once more", func() {
			edit("layouts/clip.html", `<article class="clip edited">`, `<article class="clip edited again">`)
		},
			[]string{"layouts/clip.html"}, true, false},
		{"a broken front matter", func() { edit("content/spaces/p-000006.md", "weight:", "wieght:") },
			[]string{"content/spaces/p-000006.md"}, false, true},
		{"the text of a page after a failed build", func() { edit("content/spaces/p-000003.md", "又改了一段", "第三次") },
			[]string{"content/spaces/p-000003.md"}, false, true},
		{"the fix", func() { edit("content/spaces/p-000006.md", "wieght:", "weight:") },
			[]string{"content/spaces/p-000006.md"}, false, false},
		{"a page deleted", func() { os.Remove(filepath.Join(src, "content/spaces/p-000007.md")) },
			[]string{"content/spaces/p-000007.md"}, false, false},
		{"a page's text again", func() { edit("content/spaces/p-000003.md", "第三次", "第四次") },
			[]string{"content/spaces/p-000003.md"}, true, false},
		{"nothing new", func() {}, []string{"content/spaces/p-000003.md"}, true, false},
	}
	var good map[string]string
	for _, step := range steps {
		step.change()
		res, err := b.Build(context.Background(), step.changed)
		if step.fails {
			if err == nil {
				t.Fatalf("%s: the build succeeded", step.name)
			}
			if got := readTree(t, out); !maps.Equal(got, good) {
				t.Fatalf("%s: a failed build changed the output", step.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if res.Partial() != step.partial {
			t.Errorf("%s: partial build %v, want %v", step.name, res.Partial(), step.partial)
		}
		good = sameAsCleanBuild(t, step.name, cfg.Root, out)
	}
}
