package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SuggestSlug turns a name into an address an editor can take as it is:
// Chinese characters become their pinyin without tones ("阅览室" is
// yuelanshi), Latin words are kept in small letters, and anything else
// (spaces, punctuation) becomes a "-" between them ("Table Tennis" is
// table-tennis, "3号楼" is 3-haolou). A character with several readings
// gets its most common one, which the editor may still correct. It
// returns "" when nothing of name can be written so.
func SuggestSlug(name string) string {
	var b strings.Builder
	const (
		none = iota
		latin
		han
	)
	last, gap := none, false
	for _, r := range strings.ToLower(name) {
		part, class := "", none
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			part, class = string(r), latin
		case unicode.Is(unicode.Han, r):
			if py := pinyinOf(r); py != "" {
				part, class = py, han
			}
		}
		if part == "" {
			gap = true
			continue
		}
		if b.Len() > 0 && (gap || class != last) {
			b.WriteByte('-')
		}
		b.WriteString(part)
		last, gap = class, false
	}
	return b.String()
}
