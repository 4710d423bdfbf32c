package diag

// chinese is the catalogue: each English format the code uses, as written
// in the call (List.Add, List.Warn, Errorf, a Hint, a summary line of the
// site command), and its Chinese for editors. Verbs keep their order unless
// an explicit index such as %[2]s says otherwise. The test in
// catalogue_test.go fails for a format without an entry and for an entry
// no code uses.
var chinese = map[string]string{
	"warning: ": "警告：",
	" (":         "（",
	")":          "）",
}
