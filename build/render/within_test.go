package render

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"testing"
	"time"
)

// runaway is a layout that never ends and writes nothing while it runs.
const runaway = `{{range 1000000000}}{{range 1000000000}}{{end}}{{end}}`

func TestExecuteWithinGivesUp(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(runaway))
	var buf bytes.Buffer
	start := time.Now()
	err := ExecuteWithin(context.Background(), 200*time.Millisecond, &buf, func(w *bytes.Buffer) error {
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
	err := ExecuteWithin(ctx, time.Hour, &buf, func(w *bytes.Buffer) error { return tmpl.Execute(w, nil) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error is %v", err)
	}
}

func TestExecuteWithinDraws(t *testing.T) {
	tmpl := template.Must(template.New("x").Parse(`<p>{{.}}</p>`))
	var buf bytes.Buffer
	if err := ExecuteWithin(context.Background(), time.Second, &buf, func(w *bytes.Buffer) error { return tmpl.Execute(w, "a<b") }); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "<p>a&lt;b</p>" {
		t.Errorf("drew %q", buf.String())
	}
}
