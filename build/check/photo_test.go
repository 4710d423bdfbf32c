package check

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/photo/phototest"
	"github.com/zhaojiaxiang/site/build/txtartest"
)

// TestPhotos checks a page with photos beside it: one with alt text is
// fine (its original is not published, and that is no broken image), one
// without is an error at its line.
func TestPhotos(t *testing.T) {
	root := txtartest.FS(t, ".", txtartest.Parse(t, "testdata/base.txtar"))
	root["content/spaces/hall/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 大厅\ncover: a.jpg\n---\n\n![大厅的服务台](a.jpg)\n\n![](b.jpg)\n")}
	root["content/spaces/hall/a.jpg"] = &fstest.MapFile{Data: phototest.Phone(t, 800, 600, 6, false, 1)}
	root["content/spaces/hall/b.jpg"] = &fstest.MapFile{Data: phototest.Phone(t, 800, 600, 1, false, 2)}
	_, list := Site(context.Background(), build.Config{Root: root, Cache: t.TempDir()}, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	var errs []string
	for _, d := range list.Errors() {
		errs = append(errs, d.String())
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], `content/spaces/hall/index.md:8: image "b.jpg" has no text between "![" and "]"`) {
		t.Errorf("diagnostics:\n%s\nwant one error for the photo without alt text at line 8", strings.Join(errs, "\n"))
	}
}
