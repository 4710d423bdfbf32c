package event

import (
	"fmt"
	"strings"

	"github.com/zhaojiaxiang/site/build/content"
)

var nth = map[int]string{1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}

// Describe says in plain words when a series happens:
// 每周四 14:00–15:30, 每周一、周三、周五 15:00–16:00, 每天 9:00–10:00,
// 每月10日 9:00–11:00, 每月第二个周二 9:00–11:00.
func Describe(r *content.Repeat) string {
	var days string
	switch {
	case len(r.Weekly) == 7:
		days = "每天"
	case len(r.Weekly) > 0:
		var names []string
		for _, d := range r.Weekly {
			names = append(names, weekdayNames[d])
		}
		days = "每" + strings.Join(names, "、")
	case r.Monthly.Day > 0:
		days = fmt.Sprintf("每月%d日", r.Monthly.Day)
	default:
		days = "每月" + nth[r.Monthly.Nth] + weekdayNames[r.Monthly.Weekday]
	}
	return days + " " + r.Start.String() + "–" + r.End.String()
}
