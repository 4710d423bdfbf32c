package corpus

// hugoFiles draw the corpus with Hugo the way the site's own layouts draw it:
// the same frame, navigation, footer and lists, a fingerprinted style sheet,
// a sitemap and robots.txt. Hugo makes no QR codes and no short-URL pages, so
// it does a little less work than this generator on the same files.
var hugoFiles = map[string]string{
	"config.toml": `baseURL = "https://bench.example.org/"
languageCode = "zh-CN"
title = "测试站点"
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true
# The generator's own layouts/ are not Hugo templates: Hugo reads its own.
layoutDir = "hugo/layouts"
assetDir = "hugo/assets"

[params]
description = "用来测量构建速度的生成内容,不是真实信息。"
address = "测试地址"
hours = "每天 9:00–21:00"
source = "生成的测试内容"
`,
	"hugo/layouts/_default/baseof.html": `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .IsHome}}{{site.Title}}{{else}}{{.Title}} · {{site.Title}}{{end}}</title>
{{with or .Params.summary site.Params.description}}<meta name="description" content="{{.}}">{{end}}
<link rel="canonical" href="{{.Permalink}}">
<meta property="og:site_name" content="{{site.Title}}">
<meta property="og:title" content="{{.Title}}">
{{with or .Params.summary site.Params.description}}<meta property="og:description" content="{{.}}">{{end}}
<meta property="og:url" content="{{.Permalink}}">
<meta property="og:locale" content="zh_CN">
<meta property="og:type" content="{{if eq .Section "listen"}}article{{else}}website{{end}}">
<meta property="og:image" content="{{"listen/cover.png" | absURL}}">
<meta property="og:image:width" content="1400">
<meta property="og:image:height" content="1400">
{{with site.GetPage "/listen"}}<meta property="og:image:alt" content="{{.Title}}">
<link rel="alternate" type="application/rss+xml" title="{{.Title}}(播客)" href="/listen/feed.xml">{{end}}
{{with resources.Get "img/icon.svg" | fingerprint}}<link rel="icon" href="{{.RelPermalink}}" type="image/svg+xml">{{end}}
{{with resources.Get "css/site.css" | fingerprint}}<link rel="stylesheet" href="{{.RelPermalink}}">{{end}}
{{with resources.Get "js/site.js" | fingerprint}}<script src="{{.RelPermalink}}"></script>{{end}}
{{block "head" .}}{{end}}
</head>
<body class="kind-{{.Kind}}">
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <a class="brand" href="/">{{site.Title}}</a>
  <button type="button" class="big-switch" data-big-switch aria-pressed="false" hidden>大字</button>
  <nav aria-label="主要栏目">
    <ul>
      <li><a href="/"{{if .IsHome}} aria-current="page"{{end}}>首页</a></li>
      {{with site.GetPage "/listen"}}<li><a href="{{.RelPermalink}}"{{if eq $.RelPermalink .RelPermalink}} aria-current="page"{{end}}>{{.Title}}</a></li>{{end}}
      {{with site.GetPage "/timeline"}}<li><a href="{{.RelPermalink}}"{{if eq $.RelPermalink .RelPermalink}} aria-current="page"{{end}}>{{.Title}}</a></li>{{end}}
      <li><a href="/spaces/"{{if eq .Section "spaces"}} aria-current="page"{{end}}>中心空间</a></li>
    </ul>
  </nav>
</header>
<main id="main">
{{block "main" .}}{{end}}
</main>
{{partial "footer.html" .}}
</body>
</html>
`,
	"hugo/layouts/partials/footer.html": `<footer class="bottom">
  <p class="name">{{site.Title}}</p>
  <dl>
    {{with site.Params.hours}}<dt>开放时间</dt><dd>{{.}}</dd>{{end}}
    {{with site.Params.address}}<dt>地址</dt><dd>{{.}}</dd>{{end}}
    {{with site.Params.phone}}<dt>电话</dt><dd><a href="tel:{{.}}">{{.}}</a></dd>{{end}}
  </dl>
  {{with site.Params.source}}<p class="source">资料来源:{{.}}</p>{{end}}
</footer>
`,
	"hugo/layouts/index.html": `{{define "main"}}
<section class="intro">
  <h1>{{site.Title}}</h1>
  {{with .Params.summary}}<p class="lead">{{.}}</p>{{end}}
  <p class="hours"><strong>开放时间</strong> {{site.Params.hours}}</p>
  {{.Content}}
</section>

<section class="big-links" aria-label="常用">
  {{with site.GetPage "/listen"}}<a class="big-link" href="{{.RelPermalink}}"><span class="big-title">{{.Title}}</span><span>{{.Params.summary}}</span></a>{{end}}
  {{with site.GetPage "/timeline"}}<a class="big-link" href="{{.RelPermalink}}"><span class="big-title">{{.Title}}</span><span>{{.Params.summary}}</span></a>{{end}}
</section>

<section aria-labelledby="spaces">
  <h2 id="spaces">中心空间</h2>
  <ul class="cards">
  {{range (site.GetPage "/spaces").Pages}}
    <li><a href="{{.RelPermalink}}"><span class="card-title">{{.Title}}</span>{{with .Params.summary}}<span class="card-text">{{.}}</span>{{end}}</a></li>
  {{end}}
  </ul>
</section>
{{end}}
`,
	"hugo/layouts/_default/list.html": `{{define "main"}}
<h1>{{.Title}}</h1>
{{.Content}}
<ul class="cards">
{{range .Pages}}
  <li><a href="{{.RelPermalink}}"><span class="card-title">{{.Title}}</span>{{with .Params.summary}}<span class="card-text">{{.}}</span>{{end}}</a></li>
{{end}}
</ul>
{{end}}
`,
	"hugo/layouts/_default/single.html": `{{define "main"}}
<article>
  <h1>{{.Title}}</h1>
  {{.Content}}
</article>
<p class="back"><a href="/spaces/">← 全部中心空间</a></p>
{{end}}
`,
	"hugo/layouts/listen/list.html": `{{define "main"}}
<h1>{{.Title}}</h1>
{{with .Params.summary}}<p class="lead">{{.}}</p>{{end}}
{{.Content}}
<ol class="stops">
{{range .Pages.ByParam "stop"}}
  <li><a href="{{.RelPermalink}}"><span class="stop-no" aria-label="编号 {{.Params.stop}}">{{printf "%02d" .Params.stop}}</span><span class="stop-title">{{.Title}}</span></a></li>
{{end}}
</ol>
{{end}}
`,
	"hugo/layouts/listen/single.html": `{{define "main"}}
<article class="clip">
  <p class="stop-big" aria-label="编号 {{.Params.stop}}">{{printf "%02d" .Params.stop}}</p>
  <h1>{{.Title}}</h1>
  {{with .Parent.Resources.GetMatch .Params.audio}}<audio controls preload="metadata" src="{{.RelPermalink}}"></audio>{{end}}
  <section class="transcript" aria-labelledby="transcript">
    <h2 id="transcript">文字稿</h2>
    {{.Content}}
  </section>
  <nav class="stop-nav" aria-label="上一站和下一站">
    {{with .NextInSection}}<a rel="prev" href="{{.RelPermalink}}">← {{printf "%02d" .Params.stop}} {{.Title}}</a>{{end}}
    {{with .PrevInSection}}<a rel="next" href="{{.RelPermalink}}">{{printf "%02d" .Params.stop}} {{.Title}} →</a>{{end}}
  </nav>
  <p class="back"><a href="/listen/">← 全部录音</a></p>
</article>
{{end}}
`,
	"hugo/layouts/404.html": `{{define "main"}}
<h1>找不到这个页面</h1>
<p>这个地址没有页面。可能是链接打错了,或者页面已经搬走。</p>
<p><a href="/">回到首页</a> · {{with site.GetPage "/listen"}}<a href="{{.RelPermalink}}">{{.Title}}</a>{{end}}</p>
{{end}}
`,
}
