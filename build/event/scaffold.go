package event

import (
	"fmt"
	"time"
)

// Scaffold is the text of a new activity file named name (what "site new
// event NAME" writes to content/events/NAME.md): every key, today at 14:00
// in the site's time zone, in space (the first space's slug), and a series
// left in comments. It builds as it is.
func Scaffold(name, space string, today time.Time) string {
	day := today.Format(time.DateOnly)
	return fmt.Sprintf(`---
title: %s             # 活动主题,请改成中文 · the activity's title
summary: ""           # 一句话介绍(可不填)
space: %s             # 在哪个空间:content/spaces/ 里的文件名,如 fandeng
start: %s 14:00   # 开始:日期和时间;只写日期表示全天
end: %s 15:30     # 结束(可不填:默认一小时后)
audience: ""          # 参与对象,如 70周岁以上园区户籍老人
# capacity: 30        # 名额:整数(可不填)
booking:              # 怎么报名
  how: desk           # phone 电话预约 / desk 服务台报名 / none 无需报名 / link 网上报名
  note: ""            # 补充说明,如 提前一天报名;网上报名另写 url: https://…
organizer: ""         # 主办单位(不填即本中心)
status: scheduled     # scheduled 照常 / cancelled 已取消 / postponed 延期 / full 已满
sample: false         # true:示例内容
draft: false          # true:先不发布
# 每周或每月都有的活动:删掉上面的 start 和 end,改用下面几行(去掉行首的 #)。
# repeat:
#   weekly: [周四]           # 星期几,可写几天:[周二, 周四];或者 monthly: 第二个周二 / 10
#   time: "14:00-15:30"
#   from: %s
#   until: %s         # 最后一天,必须写
#   except: []               # 哪几天不办,如 [2027-01-01]
#   extra: []                # 额外加的日子(调休),如 [2027-02-20]
---

在这里写活动内容、温馨提示(如:请携带医保卡)。
`, name, space, day, day, day, time.Date(today.Year(), 12, 31, 0, 0, 0, 0, today.Location()).Format(time.DateOnly))
}
