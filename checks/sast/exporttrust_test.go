package sast

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cache"
)

// An export data path kept by an earlier run names a file outside the go command's
// build cache as it is now (GOCACHE moved, and the old folder now holds what someone
// else wrote there, such as a folder of the checkout): the loader must not read it.
// Here the file is the export data of another h, whose N is an int32: read, it hides
// gosec's G115 (int64 to int32) in a. The loader read it before.
func TestRootLoaderReadsExportDataOnlyFromTheBuildCache(t *testing.T) {
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"h/h.go": "package h\n\n// N is wide.\nvar N int64\n",
		"a/a.go": "package a\n\nimport \"example.com/m/h\"\n\n// F narrows.\nfunc F() int32 { return int32(h.N) }\n",
	}
	mod := writeFiles(t, files)
	files["h/h.go"] = "package h\n\n// N is narrow.\nvar N int32\n"
	foreign := writeFiles(t, files)
	cmd := exec.Command("go", "list", "-export", "-trimpath", "-f", "{{.Export}}", "./h")
	cmd.Dir = foreign
	cmd.Env = append(os.Environ(), "GOCACHE="+filepath.Join(foreign, "old-gocache"), "GOFLAGS=", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	planted := strings.TrimSpace(string(out))

	store, err := cache.Open(t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{Cache: store}
	ctx := context.Background()
	local, err := e.LocalGoVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gomod, _ := os.ReadFile(filepath.Join(mod, "go.mod"))
	keys, base, err := e.packageKeys(ctx, mod, "example.com/m", gomod, nil, local)
	if err != nil {
		t.Fatal(err)
	}
	exports := &exportCache{store: store, base: base, modPath: "example.com/m", keys: keys, gocache: e.buildCacheDir(ctx)}
	k, ok := exports.key("example.com/m/h", nil)
	if !ok {
		t.Fatal("no key for example.com/m/h")
	}
	store.Put(exportKind, k, planted)
	mine, theirs, err := loadBothWith(t, e, mod, []string{"./a"}, exports)
	if err != nil {
		t.Fatalf("the root loader gave up: %v", err)
	}
	want := describeOut(e.check(ctx, mod, theirs))
	if !strings.Contains(want, "G115") {
		t.Fatalf("the fixture lost its finding:\n%s", want)
	}
	if got := describeOut(e.check(ctx, mod, mine)); got != want {
		t.Errorf("the root loader read export data outside the build cache:\n--- root loader\n%s--- go/packages\n%s", got, want)
	}
}

// buildCacheDir finds the folder the go command uses (a relative XDG_CACHE_HOME turns
// its cache off: no folder, nothing believed); inBuildCache believes only output files
// of its layout in it.
func TestBuildCacheDirAndLayout(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"HOME=/h", "GOCACHE=/c"}, "/c"},
		{[]string{"HOME=/h", "GOCACHE=off"}, ""},
		{[]string{"HOME=/h", "GOCACHE=rel"}, ""},
		{[]string{"HOME=/h", "XDG_CACHE_HOME=/x"}, "/x/go-build"},
		{[]string{"HOME=/h", "XDG_CACHE_HOME=rel"}, ""},
		{[]string{}, ""},
	} {
		if runtime.GOOS != "linux" {
			t.Skip("the user cache folder is the Linux one here")
		}
		e := &Engine{Env: append(c.env, "PATH="+os.Getenv("PATH"))}
		if got := e.buildCacheDir(context.Background()); got != c.want {
			t.Errorf("buildCacheDir(%q) = %q, want %q", c.env, got, c.want)
		}
	}
	id := strings.Repeat("ab", 32)
	c := &exportCache{gocache: "/c"}
	for file, want := range map[string]bool{
		"/c/ab/" + id + "-d":            true,
		"/c/ab/" + id + "-a":            false,
		"/c/cd/" + id + "-d":            false,
		"/c/../c/ab/" + id + "-d":       true,
		"/d/ab/" + id + "-d":            false,
		"/c/ab/../../d/ab/" + id + "-d": false,
		"/c/ab/x/" + id + "-d":          false,
		"c/ab/" + id + "-d":             false,
	} {
		if got := c.inBuildCache(file); got != want {
			t.Errorf("inBuildCache(%q) = %v, want %v", file, got, want)
		}
	}
}
