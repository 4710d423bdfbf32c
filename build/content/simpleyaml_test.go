package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlCases are front matters the shortcut must read as yaml.v3 does, or
// leave to it.
var yamlCases = []string{
	"title: 图书馆\nweight: 20\nsummary: 园区图书馆兆佳巷分馆,藏书近 1 万册。\n",
	"title: 甲\n\n# a comment\nstop: 3\naudio: 03-library.mp3\nsample: true\n",
	"title: a:b\n", "title: a: b\n", "title: a #b\n", "title: a# b\n", "title: 'quoted'\n",
	"title: \"quoted\"\n", "title: it's\n", "title: [a]\n", "title: a, b [c] {d}\n",
	"title: -1\n", "weight: -1\n", "title: ~\n", "title: null\n", "draft: yes\n",
	"title: &a x\n", "title: *a\n", "title: !!str 1\n", "title: |\n  x\n", "title: >\n  x\n",
	"title: x \n", "title:  two spaces\n", "title:\tx\n", "title: a\tb\n", "title:x\n", "title:\n",
	"title: a\n  continued\n", "  title: indented\n", "title: a\ntitle: b\n", "- a\n- b\n",
	"title: 1e3\n", "date: 2022-07-01\n", "date: 2022-07\n", "date: 2022-07-01 10:00\n",
	"title: x\u0085y\n", "title: x\u2028y\n", "title: \ufeffx\n", "title: x\x7fy\n", "title: \xff\n",
	"title: a\r\n", "title: %x\n", "title: @x\n", "title: `x`\n", "title: x|y>z\n",
	"? title\n: x\n", "title: x\n...\n", "title: x\n---\n", "{title: x}\n", "", "\n\n", "# only\n",
	"Title_2: x\n", "_x: y\n", "1a: y\n", "title: 测试页 000001\nweight: 1\nsummary: 青年乒乓球\n",
}

func FuzzSimpleMapping(f *testing.F) {
	for _, c := range yamlCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, fm string) { sameAsYAML(t, fm) })
}

// TestSimpleMappingOnSites compares the shortcut with yaml.v3 on every page
// of the repository's site.
func TestSimpleMappingOnSites(t *testing.T) {
	n := 0
	err := fs.WalkDir(os.DirFS("../testdata/site"), "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(filepath.Join("../testdata/site", p))
		if err != nil {
			return err
		}
		fm, _, _, _, diag := split(p, normalize(src))
		if diag != nil {
			t.Fatal(diag)
		}
		if sameAsYAML(t, string(fm)) {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("the shortcut read none of the site's pages")
	}
}

// sameAsYAML fails when the shortcut reads fm differently from yaml.v3,
// and reports whether it read it at all.
func sameAsYAML(t *testing.T, fm string) bool {
	t.Helper()
	got, ok := simpleMapping([]byte(fm))
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &doc); err != nil {
		t.Fatalf("%q: read by the shortcut, but yaml.v3 says %v", fm, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		t.Fatalf("%q: read by the shortcut, but yaml.v3 does not see a mapping", fm)
	}
	want := doc.Content[0]
	if len(got.Content) != len(want.Content) {
		t.Fatalf("%q: %d nodes, yaml.v3 %d", fm, len(got.Content), len(want.Content))
	}
	for i, w := range want.Content {
		g := got.Content[i]
		if g.Kind != w.Kind || g.Value != w.Value || g.Line != w.Line {
			t.Errorf("%q: node %d is %v %q line %d, yaml.v3 has %v %q line %d", fm, i, g.Kind, g.Value, g.Line, w.Kind, w.Value, w.Line)
		}
	}
	return true
}
