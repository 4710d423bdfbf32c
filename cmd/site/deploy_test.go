package main

import (
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestNetlifyConfig reads netlify.toml as Netlify would and checks what the
// site relies on: the build command, the publish folder, previews built with
// their own base URL, MP3s served as audio/mpeg, and long caching only for
// the folders whose file names change with their content.
func TestNetlifyConfig(t *testing.T) {
	var cfg struct {
		Build struct {
			Command     string
			Publish     string
			Environment map[string]string
		}
		Context map[string]struct{ Command string }
		Headers []struct {
			For    string
			Values map[string]string
		}
	}
	md, err := toml.DecodeFile("../../netlify.toml", &cfg)
	if err != nil {
		t.Fatal(err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Errorf("netlify.toml has keys this test does not know: %v", u)
	}
	if cfg.Build.Command != "go run ./cmd/site build" || cfg.Build.Publish != "public" {
		t.Errorf("build: %+v", cfg.Build)
	}
	mod, _ := os.ReadFile("../../go.mod")
	if v := cfg.Build.Environment["GO_VERSION"]; v == "" || !strings.Contains(string(mod), "go "+v) {
		t.Errorf("GO_VERSION %q does not match go.mod", v)
	}
	for _, c := range []string{"deploy-preview", "branch-deploy"} {
		if !strings.Contains(cfg.Context[c].Command, `-baseurl "$DEPLOY_PRIME_URL"`) {
			t.Errorf("%s does not build with its own base URL: %q", c, cfg.Context[c].Command)
		}
	}
	headers := map[string]map[string]string{}
	for _, h := range cfg.Headers {
		headers[h.For] = h.Values
	}
	if headers["/audio/*"]["Content-Type"] != "audio/mpeg" {
		t.Error("MP3s are not served as audio/mpeg")
	}
	for path, v := range headers {
		immutable := strings.Contains(v["Cache-Control"], "immutable")
		if immutable != (path == "/assets/*" || path == "/audio/*") {
			t.Errorf("%s: Cache-Control %q", path, v["Cache-Control"])
		}
	}
	for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "Content-Security-Policy"} {
		if headers["/*"][h] == "" {
			t.Errorf("no %s header", h)
		}
	}
}
