package serve

import (
	"context"

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
		if b == nil || c.Out != cfg.Out || c.BaseURL != cfg.BaseURL || c.Drafts != cfg.Drafts || c.Cache != cfg.Cache {
			b, cfg, changed = build.NewBuilder(c), c, nil
		}
		return b.Build(ctx, changed)
	}
}
