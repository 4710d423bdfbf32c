package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zhaojiaxiang/site/build/content"
)

// recipe is a kind of page that exists only in this test: adding a kind is
// one type, one entry in content.Kinds and its layouts.
type recipe struct {
	content.Page
	Serves int
}

func (r *recipe) Fields(*content.Settings) []content.Field {
	return []content.Field{{Name: "serves", Required: true, Help: "how many people it feeds", Set: content.Int(&r.Serves)}}
}

func TestKindOnlyInTest(t *testing.T) {
	kind := &content.Kind{Name: "recipe", Dir: "recipes", Layout: "recipe", List: "recipes",
		New:   func() content.Entry { return new(recipe) },
		Order: func(a, b content.Entry) int { return a.(*recipe).Serves - b.(*recipe).Serves },
	}
	content.Kinds = append([]*content.Kind{kind}, content.Kinds...)
	t.Cleanup(func() {
		content.Kinds = slices.DeleteFunc(content.Kinds, func(k *content.Kind) bool { return k == kind })
	})

	root := caseFS(t, "kind/recipes")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Config{Root: root, Out: out}); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, "recipes/dumplings/index.html"))
	list, _ := os.ReadFile(filepath.Join(out, "recipes/index.html"))
	if !strings.Contains(string(page), "<h1>饺子</h1><p>4 人份</p><p>包饺子。</p>") {
		t.Errorf("recipes/dumplings/index.html:\n%s", page)
	}
	if !strings.Contains(string(list), `<a href="/recipes/noodles/">面条 2</a><a href="/recipes/dumplings/">饺子 4</a>`) {
		t.Errorf("recipes/index.html does not list the recipes in order:\n%s", list)
	}
	sitemap, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if !strings.Contains(string(sitemap), "https://example.org/recipes/dumplings/") {
		t.Errorf("the sitemap does not list the recipe:\n%s", sitemap)
	}

	// The kind's keys are strict, as every kind's are.
	root["content/recipes/soup.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 汤\nserve: 3\n---\n")}
	_, err := Build(context.Background(), Config{Root: root, Out: out})
	want := `content/recipes/soup.md:2: missing key "serves"
content/recipes/soup.md:3: unknown key "serve" (did you mean "serves"?)`
	if err == nil || err.Error() != want {
		t.Errorf("a misspelled key: %v\nwant\n%s", err, want)
	}
}
