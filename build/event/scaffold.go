package event

import (
	"time"

	"github.com/zhaojiaxiang/site/build/content"
)

// Scaffold is the text of a new activity file (content.EventText).
func Scaffold(name, space string, today time.Time) string {
	return content.EventText(name, space, today)
}
