package wall

import (
	"net/url"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/diag"
)

// platformDomains are domains that a hosting platform owns and lends to its
// customers as <name>.<domain>. A printed code must work for years, so its
// address must be on a domain the centre owns: a platform's domain cannot be
// ICP-filed (备案), may be unreachable from parts of mainland China, is often
// shown behind a warning page or blocked in WeChat, and goes away with the
// account. This is the one list of them; the object stores' default domains
// are here too, since they serve pages as downloads.
var platformDomains = []struct{ domain, owner string }{
	{"netlify.app", "Netlify"},
	{"netlify.com", "Netlify"},
	{"github.io", "GitHub Pages"},
	{"gitlab.io", "GitLab Pages"},
	{"gitee.io", "Gitee Pages"},
	{"vercel.app", "Vercel"},
	{"now.sh", "Vercel"},
	{"pages.dev", "Cloudflare Pages"},
	{"workers.dev", "Cloudflare Workers"},
	{"web.app", "Firebase Hosting"},
	{"firebaseapp.com", "Firebase Hosting"},
	{"surge.sh", "Surge"},
	{"onrender.com", "Render"},
	{"azurestaticapps.net", "Azure Static Web Apps"},
	{"amazonaws.com", "Amazon S3"},
	{"cloudfront.net", "Amazon CloudFront"},
	{"aliyuncs.com", "Alibaba Cloud OSS"},
	{"myqcloud.com", "Tencent Cloud COS"},
	{"tencentcos.cn", "Tencent Cloud COS"},
	{"myhuaweicloud.com", "Huawei Cloud OBS"},
	{"clouddn.com", "Qiniu Kodo"},
	{"qiniucdn.com", "Qiniu"},
	{"bcebos.com", "Baidu Cloud BOS"},
}

// PlatformDomain tells whether host is a platform's domain or a name under
// one, and which platform owns it.
func PlatformDomain(host string) (domain, owner string, ok bool) {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	for _, p := range platformDomains {
		if h == p.domain || strings.HasSuffix(h, "."+p.domain) {
			return p.domain, p.owner, true
		}
	}
	return "", "", false
}

// OwnDomain reports why codes must not be printed for the production URL
// yet: it is on a platform's domain, or site.yaml marks it as a placeholder
// (productionURLPlaceholder: true). Once a print run is recorded the address
// can never change, so this is checked before recording one.
func OwnDomain(set *content.Settings) diag.List {
	var errs diag.List
	why := diag.Part("printed codes keep their address for years, and once a print run is recorded productionURL can never change")
	todo := diag.Part(`choose a short domain the centre owns, preferably .cn, file it for ICP (备案) through the host that will serve it, set productionURL to it; README, "Deploying in mainland China", explains each step`)
	if set.ProductionURLPlaceholder {
		todo = diag.Part(`choose a short domain the centre owns, preferably .cn, file it for ICP (备案) through the host that will serve it, set productionURL to it, and remove productionURLPlaceholder; README, "Deploying in mainland China", explains each step`)
	}
	if set.ProductionURLPlaceholder {
		errs.Add(content.SettingsFile, set.Lines.At("productionURLPlaceholder"),
			"productionURL %s is marked as a placeholder: %s", set.ProductionURL, why)
		errs.Hintf("%v", todo)
	}
	u, err := url.Parse(set.ProductionURL)
	if err != nil {
		return errs
	}
	if domain, owner, ok := PlatformDomain(u.Host); ok {
		errs.Add(content.SettingsFile, set.Lines.At("productionURL"),
			"productionURL %s is on %s, a domain %s owns: it cannot be ICP-filed (备案), may be unreachable in parts of mainland China or shown behind a warning in WeChat, and is lost with the account; %s", set.ProductionURL, domain, owner, why)
		errs.Hintf("%v", todo)
	}
	return errs
}
