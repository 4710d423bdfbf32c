package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// importers are the kinds of file "site import" takes into the site, each
// registered by the file that implements it.
var importers = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	kinds := slices.Sorted(maps.Keys(importers))
	if len(args) == 0 || importers[args[0]] == nil {
		fmt.Fprintf(stderr, "usage: site import %s ...\n", strings.Join(kinds, "|"))
		return 2
	}
	return importers[args[0]](ctx, args[1:], stdout, stderr)
}
