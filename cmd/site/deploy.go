package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/zhaojiaxiang/site/build/deploy"
)

const deployUsage = `usage: site deploy -to s3://BUCKET[/PREFIX] -endpoint URL [-dry-run] [-o public]

Uploads the built site (run "site build" first) to an S3-compatible object
store: Tencent COS, Huawei OBS, Qiniu Kodo, MinIO, Alibaba OSS through its
S3-compatible endpoint. Only changed files are uploaded; objects under the
prefix that are no longer part of the site are deleted. _redirects is never
uploaded. The credentials come from the environment:

  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY   the store's access key (required)
  AWS_SESSION_TOKEN                          for temporary keys (optional)
  AWS_REGION                                 e.g. ap-shanghai (optional)

Example:
  site deploy -to s3://zjx-1250000000 -endpoint https://cos.ap-shanghai.myqcloud.com

Flags:
`

func cmdDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlags("site deploy", stderr)
	fl.Usage = func() {
		fmt.Fprint(fl.Output(), deployUsage)
		fl.PrintDefaults()
	}
	to := fl.String("to", "", "where to: s3://BUCKET or s3://BUCKET/PREFIX")
	endpoint := fl.String("endpoint", "", "the store's S3 endpoint, e.g. https://cos.ap-shanghai.myqcloud.com")
	dryRun := fl.Bool("dry-run", false, "only print what would be uploaded and deleted")
	out := fl.String("o", "public", "the built site to upload")
	if code, ok := fl.parse(args, 0); !ok {
		return code
	}
	if *to == "" || *endpoint == "" {
		return fl.fail("-to and -endpoint are required (see site deploy -h)")
	}
	if _, _, err := deploy.ParseTarget(*to); err != nil {
		return fl.fail("-to: %v", err)
	}
	opt := deploy.Options{
		Dir:          *out,
		Target:       *to,
		Endpoint:     *endpoint,
		Region:       os.Getenv("AWS_REGION"),
		AccessKey:    os.Getenv("AWS_ACCESS_KEY_ID"),
		SecretKey:    os.Getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken: os.Getenv("AWS_SESSION_TOKEN"),
		DryRun:       *dryRun,
		Out:          stdout,
		Progress:     stderr,
		Terminal:     terminal(stderr),
	}
	if opt.AccessKey == "" || opt.SecretKey == "" {
		return fl.fail("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the store's access key")
	}
	sum, err := deploy.Run(ctx, opt)
	if err != nil {
		fmt.Fprintf(stderr, "site deploy: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, sum)
	return 0
}

// terminal tells whether w is a terminal, where a progress line can be
// overwritten in place.
func terminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
