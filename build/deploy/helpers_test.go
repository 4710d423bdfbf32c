package deploy_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/deploy"
	"github.com/zhaojiaxiang/site/build/txtartest"
)

const (
	bucket    = "zjx-site"
	accessKey = "AKIDTESTACCESSKEY0001"
	secretKey = "testSecretKey/Do+Not+Print0001"
)

// makeSite writes testdata/site.txtar into a new folder and returns it.
func makeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	txtartest.Write(t, dir, txtartest.FS(t, ".", txtartest.Parse(t, "testdata/site.txtar")))
	return dir
}

// buildSite builds the site at src into src/public and returns the output.
func buildSite(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(src, "public")
	if _, err := build.Build(context.Background(), build.Config{Root: os.DirFS(src), Out: out}); err != nil {
		t.Fatal(err)
	}
	return out
}

// store is an in-process S3 server (gofakes3, kept in memory) with one
// bucket. It logs each object written or deleted, in order.
type store struct {
	*httptest.Server
	mu  sync.Mutex
	log []string // "PUT key", "DELETE key"
}

// cacheControl is where the test server keeps an object's Cache-Control:
// gofakes3 keeps only the Content-Type and x-amz-* headers of an upload,
// where S3, COS and OSS keep Cache-Control too. The server below moves the
// header there on upload and back on download, as those stores behave.
const cacheControl = "X-Amz-Test-Cache-Control"

func newStore(t *testing.T) *store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	fake := gofakes3.New(backend).Server()
	s := &store{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/"+bucket+"/")
		if key != r.URL.Path && (r.Method == http.MethodPut || r.Method == http.MethodDelete) {
			s.mu.Lock()
			s.log = append(s.log, r.Method+" "+key)
			s.mu.Unlock()
		}
		if v := r.Header.Get("Cache-Control"); v != "" && r.Method == http.MethodPut {
			r.Header.Set(cacheControl, v)
		}
		hw := &headerWriter{ResponseWriter: w}
		fake.ServeHTTP(hw, r)
		if !hw.wrote {
			hw.WriteHeader(http.StatusOK)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// headerWriter turns the kept Cache-Control back into the header.
type headerWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *headerWriter) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if v := w.Header().Get(cacheControl); v != "" {
		w.Header().Set("Cache-Control", v)
		w.Header().Del(cacheControl)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *headerWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// takeLog returns the objects written and deleted since the last call.
func (s *store) takeLog() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.log
	s.log = nil
	return l
}

func (s *store) client(t *testing.T) *minio.Client {
	t.Helper()
	c, err := minio.New(strings.TrimPrefix(s.URL, "http://"), &minio.Options{Creds: credentials.NewStaticV4(accessKey, secretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (s *store) options(out string) deploy.Options {
	return deploy.Options{
		Dir:       out,
		Target:    "s3://" + bucket,
		Endpoint:  s.URL,
		AccessKey: accessKey,
		SecretKey: secretKey,
	}
}

func (s *store) deploy(t *testing.T, out string) deploy.Summary {
	t.Helper()
	sum, err := deploy.Run(context.Background(), s.options(out))
	if err != nil {
		t.Fatal(err)
	}
	return sum
}
