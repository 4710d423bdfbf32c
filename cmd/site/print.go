package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/zhaojiaxiang/site/build"
	"github.com/zhaojiaxiang/site/build/content"
	"github.com/zhaojiaxiang/site/build/publish"
	"github.com/zhaojiaxiang/site/build/wall"
)

const printUsage = `usage: site print record [-src DIR] [-date YYYY-MM-DD] [-stops N,N,...]

After printing placards from /print/ and putting them on the wall, record the
codes in content/printed.yaml. From then on the build refuses any change that
would break them. Commit the file with the rest of the content.
`

func cmdPrint(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "record" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, printUsage)
			return 0
		}
		fmt.Fprint(stderr, printUsage)
		return 2
	}
	fl := newFlags("site print record", stderr)
	date := fl.String("date", "", "the day the placards were printed, as 2025-03-01 (default today)")
	stops := fl.String("stops", "", "only these stop numbers, e.g. 3,5 (default every clip in the listening list)")
	if code, ok := fl.parse(args[1:], 0); !ok {
		return code
	}
	var only []int
	for f := range strings.FieldsFuncSeq(*stops, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			return fl.fail("-stops: %q is not a stop number", f)
		}
		only = append(only, n)
	}

	cfg, ok := fl.config()
	if !ok {
		return 2
	}
	s, errs := build.Assemble(cfg)
	// Codes are printed only for an address the centre owns: once recorded,
	// productionURL can never change.
	errs = append(errs, wall.OwnDomain(&s.Content.Settings)...)
	if err := errs.Err(); err != nil {
		list := errs.Errors().Sort()
		for _, d := range list {
			fmt.Fprintln(stderr, d.In(fl.lang))
		}
		if len(list) == 1 {
			fl.say(stderr, "site: 1 problem; nothing was recorded\n")
		} else {
			fl.say(stderr, "site: %d problems; nothing was recorded\n", len(list))
		}
		fl.say(stderr, "site: hint: fix these first, so that what is recorded is what the site serves\n")
		return 1
	}
	day := *date
	if day == "" {
		day = time.Now().In(s.Content.Settings.Location).Format(time.DateOnly)
	}
	run, err := wall.Record(&s.Content.Settings, s.Content.Clips, day, only)
	if err != nil {
		fl.say(stderr, "site print record: %v\n", err)
		return 2
	}
	reg := s.Content.Printed
	if reg == nil {
		reg = &content.Printed{}
	}
	for _, r := range reg.Runs {
		if r.Date == run.Date && sameCodes(r.Codes, run.Codes) {
			fl.say(stdout, "the print run of %s is already in %s; nothing changed\n", run.Date, content.PrintedFile)
			return 0
		}
	}
	reg.Runs = append(reg.Runs, run)
	file := filepath.Join(*fl.src, filepath.FromSlash(content.PrintedFile))
	if err := publish.WriteFileAtomic(file, reg.Format()); err != nil {
		fl.say(stderr, "site print record: %v\n", err)
		return 1
	}
	nums := make([]string, len(run.Codes))
	for i, c := range run.Codes {
		nums[i] = strconv.Itoa(c.Stop)
	}
	if len(run.Codes) == 1 {
		fl.say(stdout, "recorded 1 printed code (stop %s) of %s in %s\n", strings.Join(nums, ", "), run.Date, content.PrintedFile)
	} else {
		fl.say(stdout, "recorded %d printed codes (stops %s) of %s in %s\n", len(run.Codes), strings.Join(nums, ", "), run.Date, content.PrintedFile)
	}
	fl.say(stdout, "commit the file with the rest of the content: from now on the build keeps these codes working\n")
	return 0
}

// sameCodes compares two runs' codes, ignoring where they are in the file.
func sameCodes(a, b []content.PrintedCode) bool {
	key := func(cs []content.PrintedCode) [][4]string {
		var out [][4]string
		for _, c := range cs {
			out = append(out, [4]string{strconv.Itoa(c.Stop), c.URL, c.Title, c.Page})
		}
		return out
	}
	return reflect.DeepEqual(key(a), key(b))
}
