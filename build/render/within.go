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

// grace is how long, once a build is stopping, a drawing may still run
// before it counts as stuck and is left behind.
const grace = 200 * time.Millisecond

// TooLongError is Wait's answer when a drawing took longer than the limit.
type TooLongError struct {
	Limit  time.Duration
	Worker int // the worker whose drawing it was
}

func (e *TooLongError) Error() string {
	return fmt.Sprintf("took longer than %s (a range that never ends?)", e.Limit)
}

// A Watch keeps time on the drawings of a fixed number of workers, each
// drawing on its own goroutine. Watching costs a drawing two atomic stores:
// no goroutine to hand it to and no timer of its own, which cost about as
// much as drawing a small page. html/template cannot be stopped from
// outside, so a drawing given up on is left running, with its worker, and
// the build goes on without them.
//
// Each worker calls Draw for each drawing and Exit when it has no more;
// one goroutine calls Wait.
type Watch struct {
	limit   time.Duration
	epoch   time.Time
	workers []watched
	exited  atomic.Int32
	allOut  chan struct{}
}

type watched struct {
	started atomic.Int64 // since epoch, plus one, when drawing; 0 when not
	exited  atomic.Bool
}

// NewWatch watches n workers, with a limit for each drawing (0: none).
func NewWatch(n int, limit time.Duration) *Watch {
	return &Watch{limit: limit, epoch: time.Now(), workers: make([]watched, n), allOut: make(chan struct{})}
}

// Draw runs draw(buf) as worker i's drawing. A panic is an error: it would
// end the whole program, the preview included.
func (w *Watch) Draw(i int, buf *bytes.Buffer, draw func(*bytes.Buffer) error) (err error) {
	wk := &w.workers[i]
	wk.started.Store(int64(time.Since(w.epoch)) + 1)
	defer wk.started.Store(0)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the page could not be drawn: %v", r)
		}
	}()
	return draw(buf)
}

// Exit says worker i draws no more.
func (w *Watch) Exit(i int) {
	if !w.workers[i].exited.Swap(true) && int(w.exited.Add(1)) == len(w.workers) {
		close(w.allOut)
	}
}

// Wait returns nil once every worker has exited. When a drawing runs past
// the limit, it calls cancel (so the others stop) and returns a
// *TooLongError; when ctx ends, ctx's error. In both cases it first waits
// for the workers that are not stuck in a drawing, so that none is still
// writing when it returns.
func (w *Watch) Wait(ctx context.Context, cancel context.CancelFunc) error {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	done := ctx.Done()
	var cause error
	for {
		if cause == nil && ctx.Err() != nil {
			cause = context.Cause(ctx)
		}
		now := time.Since(w.epoch)
		waiting := false
		for i := range w.workers {
			wk := &w.workers[i]
			if wk.exited.Load() {
				continue
			}
			s := wk.started.Load()
			took := now - time.Duration(s-1)
			if s != 0 && cause == nil && w.limit > 0 && took > w.limit {
				cause = &TooLongError{Limit: w.limit, Worker: i}
				cancel()
			}
			if s == 0 || cause == nil || took <= grace {
				waiting = true
			}
		}
		if !waiting {
			return cause
		}
		select {
		case <-w.allOut:
			return cause
		case <-tick.C:
		case <-done:
			done = nil
		}
	}
}
