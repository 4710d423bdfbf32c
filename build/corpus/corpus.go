// Package corpus writes a large, deterministic test site for measuring the
// build: the same Markdown files are at once a site for this generator and a
// site for Hugo, so the two can be timed on exactly the same input.
//
// A corpus of n pages holds, under content/:
//
//	spaces/p-NNNNNN.md   pages of 1.5–3 KB of Chinese text with a heading,
//	                     a list and a link, in front matter title, weight, summary
//	listen/c-NNNN.md     every 20th page is a clip: the same kind of text, a
//	                     stop number and an MP3 beside it (at most 999 clips,
//	                     the largest stop number the site accepts)
//	site.yaml, _index.md and the sections' _index.md
//
// Beside content/ it writes layouts/ and static/ for this generator (copied
// from the site root it is given, so the real layouts are measured) and
// config.toml and hugo/ (layouts and assets) for Hugo, drawing the same
// pages with the same markup. The text is filler: "测试页" pages whose words
// come from a fixed list in a fixed pseudo-random order, so two corpora of the
// same size are byte-identical.
package corpus

import (
	_ "embed"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// ClipEvery is how many pages there are for each clip.
const ClipEvery = 20

// MaxClips is the largest stop number a clip may have.
const MaxClips = 999

//go:embed clip.mp3
var clipMP3 []byte

// Counts says how many pages of each kind a corpus of n pages has.
func Counts(n int) (spaces, clips int) {
	clips = min(n/ClipEvery, MaxClips)
	return n - clips, clips
}

// Write creates a corpus of n pages in dir. site is a site root whose
// layouts/ and static/ are copied for this generator.
func Write(dir string, n int, site fs.FS) error {
	w := &writer{dir: dir}
	for _, sub := range []string{"layouts", "static"} {
		err := fs.WalkDir(site, sub, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(site, p)
			if err != nil {
				return err
			}
			w.file(p, data)
			if name, ok := strings.CutPrefix(p, "static/"); ok {
				w.file("hugo/assets/"+name, data) // Hugo fingerprints from assets/
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("copying the site's %s: %w", sub, err)
		}
	}
	w.text("content/site.yaml", siteYAML)
	w.text("content/_index.md", "---\ntitle: 测试站点\nsummary: 用来测量构建速度的生成内容。\n---\n\n"+para(rand.New(rand.NewPCG(0, 0)), 3))
	w.text("content/spaces/_index.md", "---\ntitle: 中心空间\nsummary: 全部测试页。\n---\n\n这里列出全部测试页。\n")
	w.text("content/listen/_index.md", "---\ntitle: 党史悦听区\nsummary: 扫码即听。\n---\n\n这里列出全部测试录音。\n")
	w.text("content/timeline/_index.md", "---\ntitle: 区域党建大事记\n---\n\n测试站点没有大事记。\n")
	for name, text := range hugoFiles {
		w.text(name, text)
	}

	spaces, clips := Counts(n)
	rnd := rand.New(rand.NewPCG(1, uint64(n)))
	si, ci := 0, 0
	for i := range n {
		if (i%ClipEvery == ClipEvery-1 && ci < clips) || si == spaces {
			ci++
			name := fmt.Sprintf("content/listen/c-%04d", ci)
			w.text(name+".md", fmt.Sprintf("---\ntitle: 测试录音 %04d\nstop: %d\naudio: c-%04d.mp3\ndate: 2024-%02d-%02d\nsummary: %s\n---\n\n%s",
				ci, ci, ci, 1+ci%12, 1+ci%28, sentence(rnd), body(rnd)))
			w.file(name+".mp3", clipMP3)
			continue
		}
		si++
		w.text(fmt.Sprintf("content/spaces/p-%06d.md", si), fmt.Sprintf("---\ntitle: 测试页 %06d\nweight: %d\nsummary: %s\n---\n\n%s",
			si, si, sentence(rnd), body(rnd)))
	}
	return w.err
}

type writer struct {
	dir  string
	made map[string]bool
	err  error
}

func (w *writer) text(name, s string) { w.file(name, []byte(s)) }

func (w *writer) file(name string, data []byte) {
	if w.err != nil {
		return
	}
	full := filepath.Join(w.dir, filepath.FromSlash(name))
	if d := path.Dir(name); !w.made[d] {
		if w.err = os.MkdirAll(filepath.Dir(full), 0o755); w.err != nil {
			return
		}
		if w.made == nil {
			w.made = map[string]bool{}
		}
		w.made[d] = true
	}
	w.err = os.WriteFile(full, data, 0o644)
}

var words = strings.Fields(`社区 居民 服务 中心 党员 志愿者 活动 图书馆 阅读 书籍 老人 儿童 青年 家庭 邻里
	工作站 窗口 业务 就业 文化 学习 讲座 音乐 舞蹈 书画 乒乓球 健身 茶室 会客 议事 协商 治理 共建 单位
	楼道 花园 绿植 墙面 展板 照片 故事 历史 时间 每天 周末 上午 下午 晚上 开放 预约 报名 参加 组织
	欢迎 方便 温馨 热闹 安静 整洁 明亮 宽敞 舒适 便利 及时 认真 耐心 细致 热情 积极 主动 共同 一起`)

var ends = []string{"。", "。", "。", ",", ",", ";", "!"}

// sentence is a short line of words, without a final mark.
func sentence(r *rand.Rand) string {
	var b strings.Builder
	for range 6 + r.IntN(8) {
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// para is a paragraph of about n sentences.
func para(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(sentence(r))
		if i == n-1 {
			b.WriteString("。\n")
		} else {
			b.WriteString(ends[r.IntN(len(ends))])
		}
	}
	return b.String()
}

// body is 1.5–3 KB of Markdown: paragraphs, a heading, a list, emphasis and a link.
func body(r *rand.Rand) string {
	target := 1500 + r.IntN(1500)
	var b strings.Builder
	for b.Len() < target {
		switch r.IntN(6) {
		case 0:
			fmt.Fprintf(&b, "## %s\n\n", words[r.IntN(len(words))]+words[r.IntN(len(words))])
		case 1:
			for range 2 + r.IntN(3) {
				fmt.Fprintf(&b, "- %s\n", sentence(r))
			}
			b.WriteString("\n")
		case 2:
			fmt.Fprintf(&b, "%s**%s**%s[%s](/spaces/)。\n\n", sentence(r), words[r.IntN(len(words))], sentence(r), words[r.IntN(len(words))])
		default:
			b.WriteString(para(r, 3+r.IntN(4)))
			b.WriteString("\n")
		}
	}
	return b.String()
}

const siteYAML = `title: 测试站点
description: 用来测量构建速度的生成内容,不是真实信息。
baseURL: https://bench.example.org/
productionURL: HTTPS://BENCH.EXAMPLE.ORG
address: 测试地址
hours: 每天 9:00–21:00
opens: "09:00"
closes: "21:00"
source: 生成的测试内容
menu:
  - page: /
    title: 首页
  - page: /listen/
  - page: /timeline/
  - page: /spaces/
notFoundTitle: 找不到这个页面
printTitle: 打印二维码牌
podcastCategory: History
`
