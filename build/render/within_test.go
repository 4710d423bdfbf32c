package render

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"testing"
	"time"
)

// executeWithin draws with one watched worker, as the engine's render loop
// does with many.
func executeWithin(ctx context.Context, limit time.Duration, w *bytes.Buffer, draw func(*bytes.Buffer) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watch := NewWatch(1, limit)
	var err error
	go func() {
		defer watch.Exit(0)
		err = watch.Draw(0, w, draw)
	}()
	if werr := watch.Wait(ctx, cancel); werr != nil {
		return werr
	}
	return err
}

// runaway is a layout that never ends and writes nothing while it runs.
const runaway = `{{range 1000000000}}{{range 1000000000}}{{end}}{{end}}`

func TestExecuteWithinGivesUp(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(runaway))
	var buf bytes.Buffer
	start := time.Now()
	err := executeWithin(context.Background(), 200*time.Millisecond, &buf, func(w *bytes.Buffer) error {
		return tmpl.Execute(w, nil)
	})
	if tl, ok := errors.AsType[*TooLongError](err); !ok || tl.Error() != "took longer than 200ms (a range that never ends?)" {
		t.Fatalf("error is %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("gave up after %s", d)
	}
}

func TestExecuteWithinCancel(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(runaway))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	var buf bytes.Buffer
	err := executeWithin(ctx, time.Hour, &buf, func(w *bytes.Buffer) error { return tmpl.Execute(w, nil) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error is %v", err)
	}
}

func TestExecuteWithinDraws(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(`<p>{{.}}</p>`))
	var buf bytes.Buffer
	if err := executeWithin(context.Background(), time.Second, &buf, func(w *bytes.Buffer) error { return tmpl.Execute(w, "a<b") }); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "<p>a&lt;b</p>" {
		t.Errorf("drew %q", buf.String())
	}
}

// BenchmarkWatchedDraw is the cost the time limit adds to drawing a page
// (compare BenchmarkExecuteDirect).
func BenchmarkWatchedDraw(b *testing.B) {
	tmpl := template.Must(template.New("x").Parse(`{{define "r"}}{{if .}}<b>{{template "r" (slice . 1)}}</b>{{end}}{{end}}<p>{{template "r" .}}</p>`))
	draw := func(w *bytes.Buffer) error { return tmpl.Execute(w, "0123456789012345678901234567890123456789") }
	var buf bytes.Buffer
	watch := NewWatch(1, time.Minute)
	for b.Loop() {
		buf.Reset()
		if err := watch.Draw(0, &buf, draw); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExecuteDirect(b *testing.B) {
	tmpl := template.Must(template.New("x").Parse(`{{define "r"}}{{if .}}<b>{{template "r" (slice . 1)}}</b>{{end}}{{end}}<p>{{template "r" .}}</p>`))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := tmpl.Execute(&buf, "0123456789012345678901234567890123456789"); err != nil {
			b.Fatal(err)
		}
	}
}
