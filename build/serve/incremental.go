package serve

import (
	"context"
	"io/fs"

	"github.com/zhaojiaxiang/site/build"
)

// Incremental returns a Builder that keeps the site between builds and,
// when only the text of pages changed, renders just those pages again
// (build.Builder). It is the server's default.
func Incremental() Builder {
	var (
		b   *build.Builder
		cfg build.Config
	)
	return func(ctx context.Context, c build.Config, changed []string) (*build.Result, error) {
		if b == nil || !sameConfig(c, cfg) {
			b, cfg, changed = build.NewBuilder(c), c, nil
		}
		return b.Build(ctx, changed)
	}
}

// sameConfig tells whether two configurations build the same site into
// the same place. Comparing the fs.FS values with == would panic for one
// of an uncomparable type (an fstest.MapFS): such a one is never the same.
func sameConfig(a, b build.Config) bool {
	return a.Out == b.Out && a.BaseURL == b.BaseURL && a.Drafts == b.Drafts &&
		a.Cache == b.Cache && a.Force == b.Force && a.Now.Equal(b.Now) && sameFS(a.Root, b.Root)
}

func sameFS(a, b fs.FS) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
