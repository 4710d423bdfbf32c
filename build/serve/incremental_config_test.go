package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/zhaojiaxiang/site/build"
)

// An fs.FS of an uncomparable type (a map) must not make the builder
// panic when it compares one build's configuration with the last.
func TestIncrementalUncomparableFS(t *testing.T) {
	b := Incremental()
	root := fstest.MapFS{"content/site.yaml": {Data: []byte("title: x\n")}}
	cfg := build.Config{Root: root, Out: filepath.Join(t.TempDir(), "public")}
	for range 2 {
		b(context.Background(), cfg, []string{"content/site.yaml"})
	}
	if sameConfig(cfg, cfg) {
		t.Error("a map FS compared equal: == would have panicked")
	}
	var fsys fs.FS = os.DirFS(".")
	cfg.Root = fsys
	if !sameConfig(cfg, cfg) {
		t.Error("the same comparable FS compared unequal")
	}
	other := cfg
	other.Drafts = true
	if sameConfig(cfg, other) {
		t.Error("-drafts changed, yet the configuration is the same")
	}
}
