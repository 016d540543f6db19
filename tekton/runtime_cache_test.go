package tekton_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"

	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/testutil/container"
)

// TestStepOneFileChangeWithTheKeptCacheInTheImageRuntime runs the Task's step twice
// on one cache workspace, as two TaskRuns on one PVC do: the first on the fixture with
// a second package (tool/), the second on a fresh clone where tool/tool.go changed.
// The second run's packages that did not change are cache hits, and the changed one
// loads through the SAST root loader, which reads the export data paths the first run
// kept (under the workspace's go-build, the GOCACHE the step sets) instead of asking
// the go command: none of those entries is written again, some are read. Its
// shiftgate.json is byte for byte that of a run of the same tree on a cache workspace
// holding only the module cache.
func TestStepOneFileChangeWithTheKeptCacheInTheImageRuntime(t *testing.T) {
	img := container.Load(t)
	task := load(t).tasks["shiftgate"]
	base := t.TempDir()
	kept := filepath.Join(base, "kept")
	fresh := filepath.Join(base, "fresh")
	for _, d := range []string{kept, fresh} {
		fillModuleCache(t, filepath.Join(d, "go-mod"))
		container.Chown(t, d, stepUID, stepGID)
	}
	tool := "package tool\n\nimport \"golang.org/x/text/language\"\n\n// Tag parses a tag.\nfunc Tag(s string) string { return language.Make(s).String() }\n"
	changed := "package tool\n\nimport (\n\t\"crypto/md5\"\n\n\t\"golang.org/x/text/language\"\n)\n\n// Tag parses a tag.\nfunc Tag(s string) string { return language.Make(s).String() }\n\n// Sum is weak.\nfunc Sum(b []byte) [16]byte { return md5.Sum(b) }\n"

	first := runStepOn(t, img, task, workspaceWith(t, tool), kept)
	if !bytes.Contains(first, []byte(`"rule": "G402"`)) {
		t.Fatalf("the first run has no G402:\n%s", first)
	}
	exports := filepath.Join(kept, "shiftgate-analysis", "sast-export")
	before := inodes(t, exports)
	if len(before) == 0 {
		t.Fatal("the first run kept no sast-export entry in the cache workspace")
	}
	start := time.Now().Add(-time.Second)
	second := runStepOn(t, img, task, workspaceWith(t, changed), kept)
	cold := runStepOn(t, img, task, workspaceWith(t, changed), fresh)
	if !bytes.Contains(cold, []byte(`"path": "tool/tool.go"`)) || !bytes.Contains(cold, []byte(`"rule": "G501"`)) {
		t.Fatalf("the run without the analysis cache has no G501 in tool/tool.go:\n%s", cold)
	}
	if !bytes.Equal(second, cold) {
		t.Errorf("the one-file run on the kept cache reported other bytes than a run without it:\n--- kept\n%s\n--- without\n%s", second, cold)
	}
	read, rewritten := 0, 0
	for p, ino := range inodes(t, exports) {
		old, ok := before[p]
		switch {
		case ok && old != ino:
			rewritten++
		case ok:
			if st, err := os.Stat(p); err == nil && st.ModTime().After(start) {
				read++
			}
		}
	}
	t.Logf("sast-export entries: %d kept by the first run, %d read and %d written again by the one-file run", len(before), read, rewritten)
	if read == 0 || rewritten > 0 {
		t.Errorf("the one-file run read %d and wrote again %d of the %d sast-export entries the first run kept: want some read and none written (the root loader, not go/packages)", read, rewritten, len(before))
	}
}

// workspaceWith is the runtime fixture with tool/tool.go holding src.
func workspaceWith(t *testing.T, src string) string {
	t.Helper()
	ws := runtimeWorkspace(t, false)
	testutil.WriteFile(t, ws, "tool/tool.go", src) // a change not yet committed, as a pre-push scan sees it
	container.Chown(t, ws, stepUID, stepGID)
	return ws
}

// runStepOn runs the step on the source workspace ws with the cache workspace cache
// bound, and returns its shiftgate.json.
func runStepOn(t *testing.T, img *container.Image, task *v1.Task, ws, cache string) []byte {
	t.Helper()
	dir := t.TempDir()
	tmp, results, scripts := filepath.Join(dir, "tmp"), filepath.Join(dir, "results"), filepath.Join(dir, "scripts")
	for _, d := range []string{tmp, results, scripts} {
		if err := os.Mkdir(d, 0o1777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o1777); err != nil {
			t.Fatal(err)
		}
	}
	step := resolveStep(task, v1.Params{strParam("offline-db", ".osvdb")}, "cache")
	if err := os.WriteFile(filepath.Join(scripts, "script-0"), []byte(step.Script), 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range step.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	var stdout, stderr strings.Builder
	res := img.Run(t, container.Run{
		User: "65532:65532", Env: container.MergeEnv(img.Config.Env, env...), Dir: step.WorkingDir,
		Args: []string{"/tekton/scripts/script-0"}, ReadOnlyRoot: true, Stdout: &stdout, Stderr: &stderr,
		Mounts: []container.Mount{{Host: ws, Path: "/workspace/source"}, {Host: tmp, Path: "/tmp"},
			{Host: results, Path: "/tekton/results"}, {Host: scripts, Path: "/tekton/scripts", ReadOnly: true},
			{Host: cache, Path: "/workspace/cache"}},
	})
	if res.Code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", res.Code, stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(ws, ".shiftgate", "out", "shiftgate.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// inodes maps every file under dir to its inode: an entry written again is renamed
// over the old one, a new inode.
func inodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if st, err := os.Stat(p); err == nil {
				out[p] = st.Sys().(*syscall.Stat_t).Ino
			}
		}
		return nil
	})
	return out
}
