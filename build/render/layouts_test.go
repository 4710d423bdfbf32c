package render

import (
	"html/template"
	"testing"
	"testing/fstest"
)

// TestUses checks which layout files each kind is drawn from: a preview
// draws again only the pages of the kinds a saved layout is used by.
func TestUses(t *testing.T) {
	fsys := fstest.MapFS{
		Base:                         {Data: []byte(`<body>{{block "main" .}}{{end}}{{template "layouts/partials/foot.html" .}}</body>`)},
		"layouts/partials/foot.html": {Data: []byte(`<footer></footer>`)},
		"layouts/clip.html":          {Data: []byte(`{{define "main"}}clip{{end}}`)},
		"layouts/space.html":         {Data: []byte(`{{define "main"}}space{{end}}`)},
	}
	l, errs := LoadLayouts(fsys, template.FuncMap{})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind, file string
		want       bool
	}{
		{"clip", "layouts/clip.html", true},
		{"space", "layouts/clip.html", false},
		{"space", "layouts/space.html", true},
		{"clip", Base, true},
		{"space", "layouts/partials/foot.html", true},
		{"space", "layouts/none.html", false},
	} {
		if got := l.Uses(tc.kind, tc.file); got != tc.want {
			t.Errorf("Uses(%q, %q) = %v, want %v", tc.kind, tc.file, got, tc.want)
		}
	}
}
