package content

import "testing"

func TestSuggestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"阅览室":          "yuelanshi",
		"图书馆":          "tushuguan",
		"党群服务中心":       "dangqunfuwuzhongxin",
		"Table Tennis": "table-tennis",
		"3号楼":          "3-haolou",
		"阅览室 2":        "yuelanshi-2",
		"绿地":           "lvdi",
		"library":      "library",
		"!!!":          "",
	} {
		if got := SuggestSlug(name); got != want {
			t.Errorf("SuggestSlug(%q) = %q, want %q", name, got, want)
		}
	}
}
