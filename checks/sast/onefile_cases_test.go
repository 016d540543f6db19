package sast

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cache"
)

// oneFileCases are modules whose package a changes (a comment is added to a/a.go)
// while package z stays: the scan with the cache of the commit before must report
// what a scan without the cache reports.
var oneFileCases = map[string]map[string]string{
	"build tags": {
		"a/a.go":       "package a\n\nvar X = 1\n",
		"a/a_linux.go": "//go:build linux\n\npackage a\n\nimport \"os/exec\"\n\nfunc F(s string) error { return exec.Command(s).Run() }\n",
		"a/a_other.go": "//go:build !linux\n\npackage a\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
	},
	"import cycle": {
		"a/a.go": "package a\n\nimport \"example.com/m/c\"\n\nvar X = c.Y\n",
		"c/c.go": "package c\n\nimport \"example.com/m/a\"\n\nvar Y = 1\n\nvar _ = a.X\n",
	},
	"only tests beside": {
		"a/a.go":        "package a\n\nvar X = 1\n",
		"t/t_test.go":   "package t\n\nimport \"testing\"\n\nfunc TestT(*testing.T) {}\n",
		"x/x.go":        "//go:build never\n\npackage x\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
		"sub/go.mod":    "module example.com/m/sub\n\ngo 1.22\n",
		"sub/s.go":      "package sub\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
		"_skip/s.go":    "package skip\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
		"testdata/t.go": "package td\n\nimport \"crypto/md5\"\n\nvar _ = md5.New\n",
	},
	"embed in root": {
		"a/a.go":    "package a\n\nimport (\n\t\"embed\"\n\t_ \"embed\"\n)\n\n//go:embed d\nvar FS embed.FS\n\nvar (\n\t//go:embed d/x.txt\n\tS string\n\t//go:embed d/x.txt\n\tB []byte\n)\n",
		"a/d/x.txt": "password=hunter2\n",
	},
	"cgo package imported": {
		"a/a.go": "package a\n\nimport \"example.com/m/c\"\n\nvar X = c.Y\n",
		"c/c.go": "package c\n\n// #include <stdio.h>\nimport \"C\"\n\nvar Y = 1\n",
	},
	"embed of an int": {
		"a/a.go":  "package a\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar N int\n",
		"a/x.txt": "x\n",
	},
	"embed with an initializer": {
		"a/a.go":  "package a\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar S string = \"y\"\n",
		"a/x.txt": "x\n",
	},
	"embed inside a function": {
		"a/a.go":  "package a\n\nimport _ \"embed\"\n\nfunc F() string {\n\t//go:embed x.txt\n\tvar s string\n\treturn s\n}\n",
		"a/x.txt": "x\n",
	},
	"embed of two vars": {
		"a/a.go":  "package a\n\nimport _ \"embed\"\n\n//go:embed x.txt\nvar S, T string\n",
		"a/x.txt": "x\n",
	},
	"misplaced noinline": {
		"a/a.go": "package a\n\n//go:noinline\nvar X = 1\n",
	},
	"cgo directive": {
		"a/a.go": "package a\n\n//go:cgo_import_dynamic libc_getpid getpid \"libc.so.6\"\n\nvar X = 1\n",
	},
	"wasmimport": {
		"a/a.go": "package a\n\n//go:wasmimport env f\nfunc f()\n",
	},
	"big frame": {
		"a/a.go": "package a\n\nfunc F() int {\n\tvar x [1 << 40]byte\n\treturn len(x)\n}\n",
	},
	"big global": {
		"a/a.go": "package a\n\nvar X [1 << 62]byte\n",
	},
	"go line newer": {
		"go.mod": "module example.com/m\n\ngo 1.99\n",
		"a/a.go": "package a\n\nimport \"os/exec\"\n\nfunc F(s string) error { return exec.Command(s).Run() }\n",
	},
	"toolchain line": {
		"go.mod": "module example.com/m\n\ngo 1.22\n\ntoolchain go1.99.1\n",
		"a/a.go": "package a\n\nimport \"os/exec\"\n\nfunc F(s string) error { return exec.Command(s).Run() }\n",
	},
	"old go line loopvar": {
		"go.mod": "module example.com/m\n\ngo 1.20\n",
		"a/a.go": "package a\n\nfunc F(xs []int) []*int {\n\tvar out []*int\n\tfor _, x := range xs {\n\t\tout = append(out, &x)\n\t}\n\treturn out\n}\n",
	},
	"generic": {
		"a/a.go": "package a\n\nimport \"example.com/m/z\"\n\nfunc F() int { return z.Max(1, 2) }\n",
	},
	"name differs": {
		"a/a.go": "package other\n\nimport \"os/exec\"\n\nfunc F(s string) error { return exec.Command(s).Run() }\n",
	},
	"main": {
		"a/a.go": "package main\n\nimport \"os/exec\"\n\nfunc main() { _ = exec.Command(\"x\").Run() }\n",
	},
	"ignore file": {
		"a/a.go":   "package a\n\nvar X = 1\n",
		"a/gen.go": "//go:build ignore\n\npackage main\n\nimport \"os/exec\"\n\nfunc main() { _ = exec.Command(\"x\").Run() }\n",
	},
	"internal": {
		"a/a.go":          "package a\n\nimport \"example.com/m/internal/i\"\n\nvar X = i.Y\n",
		"internal/i/i.go": "package i\n\nvar Y = 1\n",
	},
	"unused label via compiler": {
		"a/a.go": "package a\n\nfunc F() {\n\tgoto L\n\tx := 1\n\t_ = x\nL:\n}\n",
	},
	"duplicate case": {
		"a/a.go": "package a\n\nfunc F(x int) int {\n\tswitch x {\n\tcase 1, 1:\n\t\treturn 1\n\t}\n\treturn 0\n}\n",
	},
	"linkname with unsafe": {
		"a/a.go": "package a\n\nimport _ \"unsafe\"\n\n//go:linkname nanotime runtime.nanotime\nfunc nanotime() int64\n",
	},
	"linkname to nothing": {
		"a/a.go": "package a\n\nimport _ \"unsafe\"\n\n//go:linkname nothere runtime.nanotime\n\nvar X = 1\n",
	},
	"bad noescape": {
		"a/a.go": "package a\n\n//go:noescape\nfunc F() {}\n",
	},
	"uintptrkeepalive outside the runtime": {
		"a/a.go": "package a\n\n//go:uintptrkeepalive\nfunc F(p uintptr) {}\n",
	},
	"init cycle via method": {
		"a/a.go": "package a\n\ntype T struct{}\n\nfunc (T) m() int { return x }\n\nvar x = T{}.m()\n",
	},
}

// compilerRejects are the cases of oneFileCases whose package a does not build: the
// embed, directive and size cases only the compiler rejects (go/types accepts them),
// the last four go/types rejects too.
var compilerRejects = map[string]bool{
	"linkname to nothing": true, "init cycle via method": true, "import cycle": true, "cgo package imported": true, "wasmimport": true, "duplicate case": true, "unused label via compiler": true,
	"embed of an int": true, "embed with an initializer": true, "embed inside a function": true,
	"embed of two vars": true, "misplaced noinline": true, "bad noescape": true,
	"uintptrkeepalive outside the runtime": true, "big global": true,
}

// Each case is scanned, a comment is added to a/a.go, and the scan with the cache
// (package a loads through the root loader or go/packages, z comes from the cache) must
// report what a scan without it reports: the same findings, notes and load errors. The
// embed, directive and size cases are errors only the compiler reports: the root
// loader passed them as clean packages before (8 of these cases failed).
func TestOneChangedFileFindsWhatAColdScanFindsOnEdgeCases(t *testing.T) {
	for name, files := range oneFileCases {
		t.Run(name, func(t *testing.T) {
			all := map[string]string{
				"go.mod": "module example.com/m\n\ngo 1.22\n",
				"z/z.go": "package z\n\nimport \"crypto/md5\"\n\n// Max is generic.\nfunc Max[T int | float64](a, b T) T {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n\nvar _ = md5.New\n",
			}
			for k, v := range files {
				all[k] = v
			}
			root := writeFiles(t, all)
			store, err := cache.Open(t.TempDir(), 0)
			if err != nil {
				t.Fatal(err)
			}
			scanWith(t, root, store)
			p := filepath.Join(root, "a", "a.go")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, append(b, "\n// changed\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			got := scanWith(t, root, store)
			want := scanWith(t, root, nil)
			if broken := strings.Contains(want, "could not fully analyse"); broken != compilerRejects[name] {
				t.Errorf("the cold scan says the package is broken: %v, want %v (the fixture no longer tests what it should):\n%s", broken, compilerRejects[name], want)
			}
			if got != want {
				t.Errorf("with the cache:\n%s\nwithout:\n%s", got, want)
			}
		})
	}
}

// The root loader still loads a root whose //go:embed lines stand where the compiler
// takes them (compilerOnly leaves only the others to go/packages).
func TestRootLoaderLoadsPlainEmbeds(t *testing.T) {
	files := map[string]string{"go.mod": "module example.com/m\n\ngo 1.22\n"}
	for k, v := range oneFileCases["embed in root"] {
		files[k] = v
	}
	mine, theirs, err := loadBoth(t, &Engine{}, writeFiles(t, files), []string{"./a"})
	if err != nil {
		t.Fatalf("the root loader gave up: %v", err)
	}
	if got, want := describe(mine), describe(theirs); got != want {
		t.Errorf("loaded packages differ\n--- root loader\n%s\n--- go/packages\n%s", got, want)
	}
}
