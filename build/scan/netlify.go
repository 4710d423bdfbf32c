package scan

import (
	"bufio"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Netlify serves the built site in dir the way Netlify does with the
// build's _redirects: a path with a forced rule ("302!") is redirected
// first, whatever file is there; every other path is served from the files.
func Netlify(dir string) (http.Handler, error) {
	f, err := os.Open(filepath.Join(dir, "_redirects"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rules := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[2] == "302!" {
			rules[fields[0]] = fields[1]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if to, ok := rules[r.URL.Path]; ok {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		files.ServeHTTP(w, r)
	}), nil
}
