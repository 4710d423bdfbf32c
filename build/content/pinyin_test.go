package content

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mozillazg/go-pinyin"
)

// TestPinyinTable checks pinyin.dat against go-pinyin, character by
// character; -update writes it again from go-pinyin.
func TestPinyinTable(t *testing.T) {
	args := pinyin.NewArgs() // no tones, most common reading
	want := make([]string, pinyinLast-pinyinFirst+1)
	for r := rune(pinyinFirst); r <= pinyinLast; r++ {
		if py := pinyin.SinglePinyin(r, args); len(py) > 0 && ValidSlug(py[0]) {
			want[r-pinyinFirst] = py[0]
		}
	}
	if *update {
		var syl []string
		for _, s := range want {
			if s != "" {
				syl = append(syl, s)
			}
		}
		slices.Sort(syl)
		syl = slices.Compact(syl)
		line := map[string]int{}
		for i, s := range syl {
			line[s] = i + 1
		}
		var b strings.Builder
		b.WriteString(strings.Join(syl, "\n") + "\n\n")
		for _, s := range want {
			n := line[s]
			b.WriteByte(byte(n >> 8))
			b.WriteByte(byte(n))
		}
		if err := os.WriteFile("pinyin.dat", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote pinyin.dat: run the test again without -update")
		return
	}
	bad := 0
	for i, w := range want {
		r := rune(pinyinFirst + i)
		if got := pinyinOf(r); got != w {
			if bad++; bad <= 10 {
				t.Errorf("%c (U+%04X): %q, go-pinyin says %q", r, r, got, w)
			}
		}
	}
	if bad > 10 {
		t.Errorf("and %d more: run go test ./build/content -run PinyinTable -update", bad-10)
	}
}
