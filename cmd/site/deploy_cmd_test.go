package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// TestDeployCommand runs "site deploy" as an editor would, against an
// in-process S3 server: the credentials come from the environment and never
// appear in what the command prints.
func TestDeployCommand(t *testing.T) {
	out := t.TempDir()
	for name, data := range map[string]string{
		"index.html":                   "<!doctype html><title>首页</title>",
		"L/3/index.html":               `<meta http-equiv="refresh" content="0; url=/listen/03-library/">`,
		"listen/03-library/index.html": "<h1>3</h1>",
		"audio/03.0123456789.mp3":      "ID3",
		"_redirects":                   "/L/3 /listen/03-library/ 302!\n",
	} {
		name = filepath.Join(out, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, []byte(data), 0o644)
	}
	backend := s3mem.New()
	backend.CreateBucket("zjx")
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	defer srv.Close()
	const key, secret = "AKIDCOMMANDTEST00001", "commandTestSecret/0001"

	args := []string{"deploy", "-to", "s3://zjx/site", "-endpoint", srv.URL, "-o", out}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if code, _, stderr := siteRun(args...); code != 2 || !strings.Contains(stderr, "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") {
		t.Errorf("without credentials: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := siteRun("deploy", "-endpoint", srv.URL); code != 2 || !strings.Contains(stderr, "-to and -endpoint are required") {
		t.Errorf("without -to: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := siteRun("deploy", "-to", "zjx", "-endpoint", srv.URL); code != 2 || !strings.Contains(stderr, "s3://BUCKET") {
		t.Errorf("-to zjx: exit %d\n%s", code, stderr)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", key)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	code, stdout, stderr := siteRun(args...)
	// Five objects: four files and the extensionless L/3; not _redirects.
	if code != 0 || !strings.HasPrefix(stdout, "deployed: 5 uploaded (") || !strings.Contains(stderr, "deploy: 5/5 objects") {
		t.Errorf("deploy: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	code, stdout, stderr = siteRun(append(args, "-dry-run")...)
	if code != 0 || !strings.HasPrefix(stdout, "dry run: 0 to upload (0 B), 5 unchanged, 0 to delete; nothing was changed") {
		t.Errorf("dry run after deploying: exit %d\nstdout %q\nstderr %q", code, stdout, stderr)
	}
	// A bucket that is not there.
	code, stdout2, stderr2 := siteRun("deploy", "-to", "s3://nope", "-endpoint", srv.URL, "-o", out)
	if code != 1 || !strings.Contains(stderr2, "there is no bucket nope") {
		t.Errorf("missing bucket: exit %d\n%s", code, stderr2)
	}
	for _, s := range []string{stdout, stderr, stdout2, stderr2} {
		if strings.Contains(s, key) || strings.Contains(s, secret) {
			t.Errorf("the command printed the credentials: %q", s)
		}
	}
}
