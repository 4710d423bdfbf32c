// Package deploy uploads a built site to an S3-compatible object store
// (Tencent COS, Huawei OBS, Qiniu Kodo, MinIO; Alibaba OSS through its
// S3-compatible endpoint where the account allows it), for hosting on a
// domain the centre owns in mainland China.
//
// An object store sends no headers but an object's own Content-Type and
// Cache-Control, and has no redirect rules of Netlify's kind. So:
//
//   - each object is stored with the Content-Type and Cache-Control of the
//     one table Rules (netlify.toml's [[headers]] say the same for Netlify),
//     and pages carry their Content-Security-Policy in a meta tag;
//   - each short URL's forwarding page is stored a second time under the
//     extensionless key L/<n> (and l/<n>), served as text/html, so that the
//     /L/3 a printed code holds opens without a trailing slash;
//   - files only Netlify reads (NetlifyOnly: _redirects) are not uploaded.
//
// Only what changed is uploaded. Every object carries the SHA-256 of its
// content and headers in its user metadata ("site-sum"); a deploy lists the
// objects under the prefix and, for one of the same size, reads that sum
// with a HEAD request. A second deploy of the same build uploads nothing.
// Objects are written in stages (see Stage) and objects no longer part of
// the site are deleted last, so a reader never meets a page whose assets
// are missing. Everything under the prefix belongs to the site: an object
// there that the build does not make is deleted.
package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Options say what to deploy where.
type Options struct {
	Dir      string // the built site, e.g. "public"
	Target   string // s3://BUCKET or s3://BUCKET/PREFIX
	Endpoint string // the store's S3 endpoint, e.g. https://cos.ap-shanghai.myqcloud.com
	Region   string // optional; found by asking the store when empty
	// Credentials. They are never printed, not even inside an error.
	AccessKey, SecretKey, SessionToken string
	DryRun                             bool
	// Out gets what a dry run would do, one line an object.
	Out io.Writer
	// Progress, when not nil, gets a progress line while objects are
	// uploaded: one line overwritten with \r when Terminal, otherwise a
	// line every few seconds.
	Progress io.Writer
	Terminal bool
}

// Summary says what a deploy did (or, in a dry run, would do).
type Summary struct {
	Uploaded, Unchanged, Deleted int
	Bytes                        int64 // uploaded
	DryRun                       bool
	Elapsed                      time.Duration
}

func (s Summary) String() string {
	if s.DryRun {
		return fmt.Sprintf("dry run: %d to upload (%s), %d unchanged, %d to delete; nothing was changed", s.Uploaded, size(s.Bytes), s.Unchanged, s.Deleted)
	}
	return fmt.Sprintf("deployed: %d uploaded (%s), %d unchanged, %d deleted, in %s", s.Uploaded, size(s.Bytes), s.Unchanged, s.Deleted, s.Elapsed.Round(time.Millisecond))
}

// ParseTarget splits s3://BUCKET/PREFIX into the bucket and the prefix
// (without slashes at either end; "" for the bucket's root).
func ParseTarget(s string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not written as s3://BUCKET or s3://BUCKET/PREFIX", s)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q names no bucket", s)
	}
	return bucket, strings.Trim(prefix, "/"), nil
}

// Run deploys the built site in opt.Dir to opt.Target.
func Run(ctx context.Context, opt Options) (Summary, error) {
	sum, err := run(ctx, opt)
	return sum, opt.redact(err)
}

func run(ctx context.Context, opt Options) (Summary, error) {
	start := time.Now()
	sum := Summary{DryRun: opt.DryRun}
	bucket, prefix, err := ParseTarget(opt.Target)
	if err != nil {
		return sum, err
	}
	objs, err := Plan(opt.Dir, prefix)
	if err != nil {
		return sum, err
	}
	client, err := opt.client()
	if err != nil {
		return sum, err
	}
	ok, err := client.BucketExists(ctx, bucket)
	if err != nil {
		return sum, fmt.Errorf("reaching bucket %s at %s: %w", bucket, opt.Endpoint, err)
	}
	if !ok {
		return sum, fmt.Errorf("there is no bucket %s at %s", bucket, opt.Endpoint)
	}

	// What the store holds now.
	remote := map[string]int64{}
	listPrefix := prefix
	if listPrefix != "" {
		listPrefix += "/"
	}
	for o := range client.ListObjects(ctx, bucket, minio.ListObjectsOptions{Prefix: listPrefix, Recursive: true}) {
		if o.Err != nil {
			return sum, fmt.Errorf("listing bucket %s: %w", bucket, o.Err)
		}
		remote[o.Key] = o.Size
	}

	// An object of the same size is up to date when its stored sum is ours.
	stale := make([]bool, len(objs))
	err = each(ctx, len(objs), func(i int) error {
		o := objs[i]
		n, ok := remote[o.Key]
		if !ok || n != o.Size {
			stale[i] = true
			return nil
		}
		info, err := client.StatObject(ctx, bucket, o.Key, minio.StatObjectOptions{})
		if err != nil {
			return fmt.Errorf("reading %s: %w", o.Key, err)
		}
		stale[i] = metadata(info.UserMetadata, "site-sum") != o.Sum
		return nil
	})
	if err != nil {
		return sum, err
	}
	var uploads []Object
	for i, o := range objs {
		if stale[i] {
			uploads = append(uploads, o)
			sum.Bytes += o.Size
		}
	}
	sum.Uploaded, sum.Unchanged = len(uploads), len(objs)-len(uploads)
	keep := map[string]bool{}
	for _, o := range objs {
		keep[o.Key] = true
	}
	var deletes []string
	for k := range remote {
		if !keep[k] {
			deletes = append(deletes, k)
		}
	}
	slices.Sort(deletes)
	sum.Deleted = len(deletes)

	if opt.DryRun {
		w := opt.Out
		if w == nil {
			w = io.Discard
		}
		for _, o := range uploads {
			fmt.Fprintf(w, "upload %s (%s; %s; %s)\n", o.Key, size(o.Size), o.ContentType, o.CacheControl)
		}
		for _, k := range deletes {
			fmt.Fprintf(w, "delete %s\n", k)
		}
		sum.Elapsed = time.Since(start)
		return sum, nil
	}

	p := &progress{w: opt.Progress, term: opt.Terminal, total: len(uploads) + len(deletes), start: time.Now()}
	for st := Assets; st <= Pages; st++ {
		var stage []Object
		for _, o := range uploads {
			if o.Stage == st {
				stage = append(stage, o)
			}
		}
		err := each(ctx, len(stage), func(i int) error {
			o := stage[i]
			data, err := os.ReadFile(filepath.Join(opt.Dir, filepath.FromSlash(o.Source)))
			if err != nil {
				return err
			}
			if int64(len(data)) != o.Size {
				return fmt.Errorf("%s changed while deploying; build again and deploy again", o.Source)
			}
			_, err = client.PutObject(ctx, bucket, o.Key, bytes.NewReader(data), o.Size, minio.PutObjectOptions{
				ContentType:  o.ContentType,
				CacheControl: o.CacheControl,
				UserMetadata: map[string]string{"site-sum": o.Sum},
			})
			if err != nil {
				return fmt.Errorf("uploading %s: %w", o.Key, err)
			}
			p.done(o.Size)
			return nil
		})
		if err != nil {
			p.end()
			return sum, err
		}
	}
	err = each(ctx, len(deletes), func(i int) error {
		if err := client.RemoveObject(ctx, bucket, deletes[i], minio.RemoveObjectOptions{}); err != nil {
			return fmt.Errorf("deleting %s: %w", deletes[i], err)
		}
		p.done(0)
		return nil
	})
	p.end()
	sum.Elapsed = time.Since(start)
	return sum, err
}

func (opt Options) client() (*minio.Client, error) {
	u, err := url.Parse(opt.Endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("endpoint %q is not written as https://HOST, e.g. https://cos.ap-shanghai.myqcloud.com", opt.Endpoint)
	}
	if opt.AccessKey == "" || opt.SecretKey == "" {
		return nil, errors.New("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	lookup := minio.BucketLookupAuto
	if virtualHosted(u.Hostname()) {
		lookup = minio.BucketLookupDNS
	}
	return minio.New(u.Host, &minio.Options{
		Creds:        credentials.NewStaticV4(opt.AccessKey, opt.SecretKey, opt.SessionToken),
		Secure:       u.Scheme == "https",
		Region:       opt.Region,
		BucketLookup: lookup,
	})
}

// virtualHosted tells whether the store at host addresses buckets only as
// BUCKET.host: Alibaba OSS does, and Tencent COS and Huawei OBS prefer it.
func virtualHosted(host string) bool {
	for _, d := range []string{".aliyuncs.com", ".myqcloud.com", ".tencentcos.cn", ".myhuaweicloud.com"} {
		if strings.HasSuffix(host, d) {
			return true
		}
	}
	return false
}

// redact takes the credentials out of err's message: a store may quote a
// key in an error, and the message ends up in logs.
func (opt Options) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	for _, s := range []string{opt.SecretKey, opt.SessionToken, opt.AccessKey} {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	if msg == err.Error() {
		return err
	}
	return errors.New(msg)
}

func metadata(m map[string]string, key string) string {
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return ""
}

// workers is how many requests are in flight at once.
const workers = 8

// each calls f(0) … f(n-1) on a few goroutines and returns the first error;
// after an error no new call starts.
func each(ctx context.Context, n int, f func(i int) error) error {
	var (
		mu    sync.Mutex
		next  int
		first error
		wg    sync.WaitGroup
	)
	for range min(workers, n) {
		wg.Go(func() {
			for {
				mu.Lock()
				if first == nil {
					first = ctx.Err()
				}
				if first != nil || next == n {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}

// progress writes how far the uploads and deletions are.
type progress struct {
	w     io.Writer
	term  bool
	total int
	start time.Time

	mu    sync.Mutex
	n     int
	bytes int64
	last  time.Time
	shown bool
}

const every = 2 * time.Second // between lines when not a terminal

func (p *progress) done(bytes int64) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	p.bytes += bytes
	now := time.Now()
	switch {
	case p.term:
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line())
		p.shown = true
	case now.Sub(p.last) >= every || p.n == p.total:
		fmt.Fprintln(p.w, p.line())
		p.last = now
	}
}

func (p *progress) line() string {
	return fmt.Sprintf("deploy: %d/%d objects, %s uploaded", p.n, p.total, size(p.bytes))
}

// end finishes the overwritten line on a terminal.
func (p *progress) end() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.term && p.shown {
		fmt.Fprintln(p.w)
	}
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
