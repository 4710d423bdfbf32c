package content

import (
	"regexp"

	"github.com/zhaojiaxiang/site/build/diag"
)

// SlugRule says, for editors, what the last part of a page's address may
// hold; slugRE is the same rule for the code. Every message about a name
// or slug says it with these words.
const SlugRule = `small latin letters, digits, "-", "_" and ".", starting with a letter or digit`

// SlugRuleMsg is SlugRule as an argument of a message, shown in the
// editor's language.
var SlugRuleMsg = diag.Part(SlugRule)

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// ValidSlug reports whether s can be the last part of a page's address
// (SlugRule).
func ValidSlug(s string) bool { return slugRE.MatchString(s) }
