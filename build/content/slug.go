package content

// ValidSlug reports whether s can be the last part of a page's address: small
// latin letters, digits, "-", "_" and ".", starting with a letter or digit.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }
