package wall

import (
	"strings"
	"testing"

	"github.com/zhaojiaxiang/site/build/content"
)

func TestOwnDomain(t *testing.T) {
	for _, tc := range []struct {
		url         string
		placeholder bool
		want        string // "" when codes may be recorded
	}{
		{"HTTPS://ZHAOJIAXIANG.NETLIFY.APP", false, "on netlify.app, a domain Netlify owns"},
		{"https://centre.github.io", false, "on github.io"},
		{"https://zjx.pages.dev/", false, "on pages.dev"},
		{"https://ZJX.OSS-CN-SHANGHAI.ALIYUNCS.COM", false, "on aliyuncs.com"},
		{"https://zjx-125.cos.ap-shanghai.myqcloud.com", false, "on myqcloud.com"},
		{"https://vercel.app", false, "on vercel.app"},
		{"https://ZJX.EXAMPLE.CN", true, "marked as a placeholder"},
		{"https://ZJX.EXAMPLE.CN", false, ""},
		// A name that merely ends like a platform is the centre's own.
		{"https://mynetlify.app.example.cn", false, ""},
		{"https://notgithub.io.cn", false, ""},
	} {
		set := &content.Settings{ProductionURL: tc.url, ProductionURLPlaceholder: tc.placeholder, Lines: content.Lines{{Key: "productionURL", Line: 9}, {Key: "productionURLPlaceholder", Line: 10}}}
		errs := OwnDomain(set)
		if tc.want == "" {
			if len(errs) > 0 {
				t.Errorf("%s: %v", tc.url, errs)
			}
			continue
		}
		if len(errs) != 1 || !strings.Contains(errs[0].String(), tc.want) || !strings.Contains(errs[0].Hint, "备案") {
			t.Errorf("%s (placeholder %v): %v\nwant one error containing %q", tc.url, tc.placeholder, errs, tc.want)
		}
	}
	errs := OwnDomain(&content.Settings{ProductionURL: "HTTPS://ZHAOJIAXIANG.NETLIFY.APP", ProductionURLPlaceholder: true, Lines: content.Lines{{Key: "productionURL", Line: 9}, {Key: "productionURLPlaceholder", Line: 10}}})
	if len(errs) != 2 || !strings.HasPrefix(errs[0].String(), "content/site.yaml:10: ") || !strings.HasPrefix(errs[1].String(), "content/site.yaml:9: ") {
		t.Errorf("both reasons, each at its line: %v", errs)
	}
}

// TestRecordOwnDomain: Record itself refuses a platform's domain, whoever calls it.
func TestRecordOwnDomain(t *testing.T) {
	clips := []*content.Clip{{Stop: 3}}
	clips[0].Title, clips[0].Slug = "甲", "a"
	set := &content.Settings{ProductionURL: "https://zjx.github.io"}
	if _, err := Record(set, clips, "2025-03-01", nil); err == nil || !strings.Contains(err.Error(), "github.io") {
		t.Errorf("recording for github.io: %v", err)
	}
	set.ProductionURL = "HTTPS://ZJX.EXAMPLE.CN"
	run, err := Record(set, clips, "2025-03-01", nil)
	if err != nil || len(run.Codes) != 1 || run.Codes[0].URL != "https://ZJX.EXAMPLE.CN/L/3" {
		t.Errorf("recording for the centre's domain: %+v, %v", run, err)
	}
}
