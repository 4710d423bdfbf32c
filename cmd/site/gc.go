package main

import (
	"os"
	"runtime/debug"
)

// The garbage collector's defaults suit a server that runs for days; a
// build is done in seconds and makes mostly short-lived garbage, and on a
// small machine collecting half as often saves a tenth of the build. The
// memory limit keeps a very large site from growing past a few hundred MiB:
// near it the collector simply runs more often. GOGC and GOMEMLIMIT in the
// environment still win.
func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
}
