package render

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// PageLimit is how long drawing one page may take before the build gives
// up on it. A page takes well under a millisecond; only a layout that loops
// without end (a range over a huge number) comes near.
const PageLimit = 10 * time.Second

// TooLongError is ExecuteWithin's answer when drawing a page took longer
// than its limit. The drawing goroutine may still be running: html/template
// cannot be stopped from outside, so it is abandoned.
type TooLongError struct {
	Limit time.Duration
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("took longer than %s (a range that never ends?)", e.Limit)
}

// ExecuteWithin runs draw(w), giving up when it takes longer than limit
// (0 means no limit) or when ctx ends, whichever comes first: then it
// returns a *TooLongError or ctx's error at once, without waiting for draw.
//
// After an error, draw may still be writing to w: the caller must not use
// w again, and takes a new buffer for the next page. The engine's render
// loop calls it for every page a layout draws:
//
//	err := render.ExecuteWithin(ctx, render.PageLimit, &buf, j.make)
//	if err != nil {
//		buf = bytes.Buffer{}
//	}
func ExecuteWithin(ctx context.Context, limit time.Duration, w *bytes.Buffer, draw func(*bytes.Buffer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if limit <= 0 && ctx.Done() == nil {
		return draw(w)
	}
	d := getDrawer()
	d.jobs <- job{draw, w}
	var expired <-chan time.Time
	if limit > 0 {
		d.timer.Reset(limit)
		expired = d.timer.C
	}
	select {
	case err := <-d.done:
		d.timer.Stop()
		putDrawer(d)
		return err
	case <-expired:
		d.abandoned.Store(true)
		return &TooLongError{Limit: limit}
	case <-ctx.Done():
		d.timer.Stop()
		d.abandoned.Store(true)
		return ctx.Err()
	}
}

// A drawer is a goroutine that draws pages one after another. It is kept
// between pages: drawing a layout goes deep, and a new goroutine for every
// page would grow a new stack each time (it doubled the time to render a
// site). A drawer given up on is never reused, and ends when its drawing
// does, if ever.
type drawer struct {
	jobs      chan job
	done      chan error
	timer     *time.Timer
	abandoned atomic.Bool
}

type job struct {
	draw func(*bytes.Buffer) error
	w    *bytes.Buffer
}

// idle holds drawers waiting for a page.
var idle = make(chan *drawer, 64)

func getDrawer() *drawer {
	select {
	case d := <-idle:
		return d
	default:
	}
	d := &drawer{jobs: make(chan job), done: make(chan error, 1), timer: time.NewTimer(time.Hour)}
	d.timer.Stop()
	go d.loop()
	return d
}

func putDrawer(d *drawer) {
	select {
	case idle <- d:
	default:
		close(d.jobs)
	}
}

func (d *drawer) loop() {
	for j := range d.jobs {
		d.done <- d.run(j)
		if d.abandoned.Load() {
			return
		}
	}
}

// run draws one page. A panic would end the whole program, preview
// included: it is an error instead.
func (d *drawer) run(j job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the page could not be drawn: %v", r)
		}
	}()
	return j.draw(j.w)
}
