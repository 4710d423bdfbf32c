package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tests read the messages in English, the language they are written
// in; the two tests below choose the language themselves.
func TestMain(m *testing.M) {
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}

// brokenSite is a site whose one page has a stop number that is not a number.
func brokenSite(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, text := range map[string]string{
		"content/site.yaml":    "title: 示例中心\nbaseURL: https://example.org/\n",
		"content/_index.md":    "---\ntitle: 首页\n---\n",
		"content/listen/a.md":  "---\ntitle: 示例录音\nstop: abc\naudio: a.mp3\n---\n文字稿\n",
		"layouts/page.html":    "{{.Title}}",
		"layouts/default.html": "{{.Title}}",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// An editor reads the problems in Chinese, with the file and line first as
// in English.
func TestBuildSpeaksChinese(t *testing.T) {
	root := brokenSite(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"build", "-lang", "zh", "-src", root, "-o", filepath.Join(root, "public")}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr.String())
	}
	out := stderr.String()
	for _, want := range []string{"content/listen/a.md:3: stop：\"abc\" 不是整数", "缺少设置项 \"productionURL\"", "个问题", "没有改动"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "whole number") || strings.Contains(out, "problem") {
		t.Errorf("English left in\n%s", out)
	}
}

// A developer whose LANG is English reads the messages as written.
func TestBuildSpeaksEnglishForLANG(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	root := brokenSite(t)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"build", "-src", root, "-o", filepath.Join(root, "public")}, &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr.String())
	}
	out := stderr.String()
	for _, want := range []string{"content/listen/a.md:3: ", "is not a whole number", "site: 4 problems; "} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	t.Setenv("LANG", "zh_CN.UTF-8")
	stderr.Reset()
	run(context.Background(), []string{"build", "-src", root, "-o", filepath.Join(root, "public")}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "不是整数") {
		t.Errorf("LANG=zh_CN.UTF-8 gives\n%s", stderr.String())
	}
}

// "site new" explains a Chinese name, and says what to do next, in Chinese.
func TestNewSpeaksChinese(t *testing.T) {
	root := brokenSite(t)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"new", "-lang", "zh", "-src", root, "space", "阅览室"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr.String())
	}
	if want := `site new："阅览室" 不能做页面的名字：名字会成为页面的网址，所以只能用小写拉丁字母`; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("got %s\nwant %s…", stderr.String(), want)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"new", "-lang", "zh", "-src", root, "space", "reading"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if want := "已创建 content/spaces/reading.md\n下一步：改好标题，写好正文，然后保存\n"; stdout.String() != want {
		t.Errorf("got %q\nwant %q", stdout.String(), want)
	}
}
