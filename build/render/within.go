package render

import (
	"bytes"
	"context"
	"fmt"
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
	done := make(chan error, 1)
	go func() {
		// A panic here would end the whole program, preview included.
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("the page could not be drawn: %v", r)
			}
		}()
		done <- draw(w)
	}()
	var expired <-chan time.Time
	if limit > 0 {
		t := time.NewTimer(limit)
		defer t.Stop()
		expired = t.C
	}
	select {
	case err := <-done:
		return err
	case <-expired:
		return &TooLongError{Limit: limit}
	case <-ctx.Done():
		return ctx.Err()
	}
}
