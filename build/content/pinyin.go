package content

import (
	_ "embed"
	"strings"
	"sync"
)

// pinyinData is the reading without tones of each Chinese character from
// U+3400 to U+9FFF (Extension A and the common block), as go-pinyin gives
// it (its most common reading; ü written v): the syllables, one a line, an
// empty line, then for each character the syllable's line number, 0 for
// none, in two bytes, most significant first. TestPinyinTable checks it
// against go-pinyin and writes it again with -update.
//
// It is a table rather than go-pinyin itself because the build only needs
// a reading when a name is wrong, while go-pinyin fills a map of 40,000
// entries whenever the command starts: megabytes of memory and milliseconds
// of every build.
//
//go:embed pinyin.dat
var pinyinData string

const pinyinFirst, pinyinLast = 0x3400, 0x9fff

var pinyinTable = sync.OnceValues(func() ([]string, string) {
	head, idx, _ := strings.Cut(pinyinData, "\n\n")
	return append([]string{""}, strings.Split(head, "\n")...), idx
})

// pinyinOf is the reading of r without tones, or "".
func pinyinOf(r rune) string {
	if r < pinyinFirst || r > pinyinLast {
		return ""
	}
	syl, idx := pinyinTable()
	i := 2 * int(r-pinyinFirst)
	if i+1 >= len(idx) {
		return ""
	}
	n := int(idx[i])<<8 | int(idx[i+1])
	if n >= len(syl) {
		return ""
	}
	return syl[n]
}
