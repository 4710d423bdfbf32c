package browser

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Axe returns the source of axe-core, the accessibility checker, for a test
// to run in a page. `npm ci` in build/browser/testdata installs the version
// that package-lock.json names (.ci/run does this). Without it the test is
// skipped, or fails when SITE_BROWSER_TESTS=1.
func Axe(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "testdata", "node_modules", "axe-core", "axe.min.js")
	src, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv(Required) == "1" {
			t.Fatalf("%s=1 but axe-core is not installed: run npm ci in build/browser/testdata (%v)", Required, err)
		}
		t.Skipf("axe-core is not installed (npm ci in build/browser/testdata); set %s=1 to make this a failure", Required)
	}
	return string(src)
}
