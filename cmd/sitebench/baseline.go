package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// baselineContestant makes the contestant for the git revision rev of the
// repository at root: its files are exported into tmp, its site command
// built, and its own sitebench writes its corpus of n pages, with the
// layouts and settings that revision's site command reads.
func baselineContestant(root, tmp, rev string, n int) (*contestant, error) {
	full, err := exec.Command("git", "-C", root, "rev-parse", "--short", rev+"^{commit}").Output()
	if err != nil {
		return nil, fmt.Errorf("not a revision of this repository: %w", err)
	}
	name := strings.TrimSpace(string(full))
	src := filepath.Join(tmp, "baseline-"+name)
	archive := exec.Command("git", "-C", root, "archive", "--format=tar", name)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return nil, err
	}
	archive.Stderr = os.Stderr
	if err := archive.Start(); err != nil {
		return nil, err
	}
	if err := untar(pipe, src); err != nil {
		archive.Wait()
		return nil, err
	}
	if err := archive.Wait(); err != nil {
		return nil, fmt.Errorf("git archive: %w", err)
	}
	bin := filepath.Join(tmp, "site-"+name)
	dir := filepath.Join(tmp, "corpus-"+name)
	for _, args := range [][]string{
		{"build", "-o", bin, "./cmd/site"},
		{"run", "./cmd/sitebench", "-n", fmt.Sprint(n), "-o", dir},
	} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Stdout, cmd.Stderr = src, io.Discard, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
		}
	}
	return &contestant{name: name, baseline: true, cmd: func(out string) *exec.Cmd {
		return exec.Command(bin, "build", "-src", dir, "-o", out)
	}}, nil
}

// untar writes the regular files and folders of a tar stream into dir.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(h.Name) {
			return errors.New("git archive: a path outside the folder: " + h.Name)
		}
		p := filepath.Join(dir, h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
