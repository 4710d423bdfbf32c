package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// use is one message format found in the code.
type use struct {
	format string
	at     string // file:line of the call
}

// consts are the string constants of the package being read, by name.
var consts map[string]string

// literal is the value of a string literal, of a string constant of the
// same package, or of these joined by +.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		if !ok1 {
			return "", false
		}
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// formats finds the editor-facing formats in the non-test Go files under
// the given folders: the format of (diag.List).Add and Warn, of
// diag.Errorf, Part and Text, of Hintf, literal messages and hints of a
// Diagnostic, and the catalogue's own
// keys in this package (l.Format("...")).
func formats(t *testing.T, roots ...string) []use {
	var out []use
	fset := token.NewFileSet()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			consts = packageConsts(t, filepath.Dir(path))
			inDiag := f.Name.Name == "diag"
			add := func(e ast.Expr) {
				if s, ok := literal(e); ok {
					p := fset.Position(e.Pos())
					out = append(out, use{s, filepath.ToSlash(p.Filename) + ":" + strconv.Itoa(p.Line)})
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					var name, recv string
					switch fn := n.Fun.(type) {
					case *ast.SelectorExpr:
						name = fn.Sel.Name
						if id, ok := fn.X.(*ast.Ident); ok {
							recv = id.Name
						}
					case *ast.Ident:
						name = fn.Name
						if inDiag {
							recv = "diag"
						}
					}
					switch {
					case (name == "Add" || name == "Warn") && len(n.Args) >= 3:
						add(n.Args[2])
					case name == "Newf" && recv == "diag" && len(n.Args) >= 3:
						add(n.Args[2])
					case (name == "Hintf" || name == "warn" || name == "refuse") && len(n.Args) >= 1:
						add(n.Args[0])
					case (name == "Errorf" || name == "Part") && recv == "diag" && len(n.Args) >= 1:
						add(n.Args[0])
					case name == "Text" && recv == "diag" && len(n.Args) >= 2:
						add(n.Args[1])
					case name == "log" && recv == "s" && len(n.Args) >= 1: // build/serve
						add(n.Args[0])
					case name == "say" && len(n.Args) >= 2: // cmd/site
						add(n.Args[1])
					case name == "fail" && f.Name.Name == "main" && len(n.Args) >= 1:
						add(n.Args[0])
					case name == "fail" && f.Name.Name == "check" && len(n.Args) >= 2: // fail(hint, format, ...)
						if s, _ := literal(n.Args[0]); s != "" {
							add(n.Args[0])
						}
						add(n.Args[1])
					case name == "Format" && inDiag && recv == "l" && len(n.Args) == 1:
						add(n.Args[0])
					}
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Hint" && i < len(n.Rhs) {
							add(n.Rhs[i])
						}
					}
				case *ast.KeyValueExpr:
					if id, ok := n.Key.(*ast.Ident); ok && (id.Name == "Hint" || id.Name == "Msg") {
						add(n.Value)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Every message an editor can read has its Chinese, and the catalogue
// holds nothing the code no longer says.
func TestCatalogueComplete(t *testing.T) {
	uses := formats(t, "..", "../../cmd")
	if len(uses) < 50 {
		t.Fatalf("found only %d message formats: is the search still finding the calls?", len(uses))
	}
	used := map[string]bool{}
	for _, u := range uses {
		used[u.format] = true
		if _, ok := chinese[u.format]; !ok {
			t.Errorf("%s: no Chinese for %q", u.at, u.format)
		}
	}
	var unused []string
	for en := range chinese {
		if !used[en] {
			unused = append(unused, en)
		}
	}
	slices.Sort(unused)
	for _, en := range unused {
		t.Errorf("zh.go: %q is in the catalogue but no code uses it", en)
	}
}

// A translation keeps the verbs of its format: the same ones, as many,
// so that no argument goes missing or shows as %!s(MISSING).
func TestCatalogueVerbs(t *testing.T) {
	for en, zh := range chinese {
		a, b := verbs(en), verbs(zh)
		if !slices.Equal(a, b) {
			t.Errorf("%q → %q: verbs %v, translation has %v", en, zh, a, b)
		}
	}
}

// verbs lists a format's verbs in argument order, ignoring explicit indexes
// for the order and keeping the verb letter.
func verbs(f string) []string {
	type v struct {
		i int
		s string
	}
	var vs []v
	n := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			continue
		}
		j := i
		idx := -1
		for j < len(f) && strings.IndexByte("+-# 0123456789.[]", f[j]) >= 0 {
			if f[j] == '[' {
				k := strings.IndexByte(f[j:], ']')
				idx, _ = strconv.Atoi(f[j+1 : j+k])
				idx--
			}
			j++
		}
		if j >= len(f) {
			break
		}
		if idx < 0 {
			idx = n
		}
		n = idx + 1
		vs = append(vs, v{idx, string(f[j])})
		i = j
	}
	slices.SortStableFunc(vs, func(a, b v) int { return a.i - b.i })
	out := make([]string, len(vs))
	for i, x := range vs {
		out[i] = x.s
	}
	return out
}

// packageConsts reads the string constants declared in the folder's Go
// files (a message format kept as a named constant).
func packageConsts(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	saved := consts
	consts = out // a constant made of others
	defer func() { consts = saved }()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || (g.Tok != token.CONST && g.Tok != token.VAR) {
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						if s, ok := literal(vs.Values[i]); ok {
							out[n.Name] = s
						}
					}
				}
			}
		}
	}
	return out
}
