package tekton_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/testutil/container"
	"github.com/shiftgate/shiftgate/tekton"
)

// The step's user and group (the Task's securityContext, checked below).
const stepUID, stepGID = 65532, 65532

// runtimeWorkspace is a source workspace as a git-clone Task leaves it for the step:
// the runtime fixture committed in a repository, an offline OSV database beside it
// (the sandbox has no network), owned by the step's user (the pod's fsGroup).
func runtimeWorkspace(t *testing.T, vendor bool) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "source")
	testutil.CopyTree(t, filepath.Join("..", "testdata", "repos", "runtime"), ws)
	if vendor {
		cmd := exec.Command("go", "mod", "vendor")
		cmd.Dir = ws
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go mod vendor (scripts/runtime-test.sh downloads the fixture's modules first): %v\n%s", err, out)
		}
	}
	git := testutil.Git(t, ws)
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "fixture")
	testutil.WriteFile(t, ws, ".osvdb/osv-scalibr/Go/all.zip",
		string(testutil.ZipDir(t, filepath.Join("..", "checks", "deps", "testdata", "osv", "Go"))))
	container.Chown(t, ws, stepUID, stepGID)
	return ws
}

// TestStepInTheImageRuntime runs the Task's step script, exactly as tekton/shiftgate.yaml
// writes it after Tekton's substitution, inside the image's filesystem the way a
// Kubernetes node runs it: as uid 65532, root filesystem read-only, /tmp an emptyDir,
// the workspaces and /tekton/results the only other writable places, no network.
func TestStepInTheImageRuntime(t *testing.T) {
	img := container.Load(t)
	task := load(t).tasks["shiftgate"]
	sc := task.Spec.Steps[0].SecurityContext
	if sc == nil || sc.RunAsUser == nil || *sc.RunAsUser != stepUID || sc.RunAsGroup == nil || *sc.RunAsGroup != stepGID ||
		sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Fatalf("the step's securityContext is not what this test runs: %+v", sc)
	}
	for _, tc := range []struct {
		name  string
		cache bool // bind the cache workspace, its module cache filled by an earlier run
	}{
		{name: "no cache workspace (vendored modules)"},
		{name: "cache workspace", cache: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := runtimeWorkspace(t, !tc.cache)
			dir := t.TempDir()
			tmp, results, scripts, cache := filepath.Join(dir, "tmp"), filepath.Join(dir, "results"), filepath.Join(dir, "scripts"), filepath.Join(dir, "cache")
			for _, d := range []string{tmp, results, scripts, cache} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			// An emptyDir and Tekton's results folder are writable by every user.
			for _, d := range []string{tmp, results} {
				if err := os.Chmod(d, 0o1777); err != nil {
					t.Fatal(err)
				}
			}
			var workspaces []string
			mounts := []container.Mount{{Host: ws, Path: "/workspace/source"}, {Host: tmp, Path: "/tmp"},
				{Host: results, Path: "/tekton/results"}, {Host: scripts, Path: "/tekton/scripts", ReadOnly: true}}
			if tc.cache {
				fillModuleCache(t, filepath.Join(cache, "go-mod"))
				container.Chown(t, cache, stepUID, stepGID)
				workspaces = append(workspaces, "cache")
				mounts = append(mounts, container.Mount{Host: cache, Path: "/workspace/cache"})
				// The org-policy workspace as a ConfigMap volume mounts it: read-only, each
				// key a link into "..data", a link to kubelet's timestamped folder.
				org := configMapVolume(t, filepath.Join(dir, "org"), map[string]string{"policy.yaml": "version: 1\n"})
				workspaces = append(workspaces, "org-policy")
				mounts = append(mounts, container.Mount{Host: org, Path: "/workspace/org-policy", ReadOnly: true})
			}
			step := resolveStep(task, v1.Params{strParam("offline-db", ".osvdb")}, workspaces...)
			// Tekton writes the script to a file and runs it; its #! line picks the shell.
			if err := os.WriteFile(filepath.Join(scripts, "script-0"), []byte(step.Script), 0o755); err != nil {
				t.Fatal(err)
			}
			var env []string
			for _, e := range step.Env {
				env = append(env, e.Name+"="+e.Value)
			}
			before := container.Tree(t, ws, outDir)
			var stdout, stderr strings.Builder
			start := time.Now()
			res := img.Run(t, container.Run{
				User: "65532:65532", Env: container.MergeEnv(img.Config.Env, env...), Dir: step.WorkingDir,
				Args: []string{"/tekton/scripts/script-0"}, Mounts: mounts, ReadOnlyRoot: true,
				Stdout: &stdout, Stderr: &stderr,
			})
			t.Logf("exit %d after %s\nstdout:\n%s\nstderr:\n%s", res.Code, time.Since(start).Round(time.Second), stdout.String(), stderr.String())
			if res.Code != 1 {
				t.Errorf("exit %d, want 1 (the gate fails on the fixture's findings; on-fail is fail)", res.Code)
			}
			got := map[string]string{}
			for _, r := range task.Spec.Results {
				b, err := os.ReadFile(filepath.Join(results, r.Name))
				if err != nil {
					t.Errorf("result %s was not written: %v", r.Name, err)
				}
				got[r.Name] = string(b)
			}
			if got["verdict"] != "fail" || got["blocking-count"] == "0" || got["blocking-count"] == "" {
				t.Errorf("results %v, want verdict fail with blocking findings", got)
			}
			report := filepath.Join(ws, ".shiftgate", "out", "shiftgate.json")
			if want := sha256File(t, report); got["report-digest"] != want {
				t.Errorf("report-digest = %q, want %s", got["report-digest"], want)
			}
			var sarif tekton.ArtifactOutput
			if err := json.Unmarshal([]byte(got[tekton.ResultSARIF]), &sarif); err != nil || sarif.URI != ".shiftgate/out/shiftgate.sarif" ||
				sarif.Digest != sha256File(t, filepath.Join(ws, sarif.URI)) {
				t.Errorf("%s = %s (%v), want the SARIF's path and digest", tekton.ResultSARIF, got[tekton.ResultSARIF], err)
			}
			container.CheckFixtureReport(t, report, testutil.LineOf(t, filepath.Join("..", "testdata", "repos", "runtime", "main.go"), "InsecureSkipVerify"))
			if len(res.Written) > 0 {
				t.Errorf("the step wrote to the image's filesystem: %q", res.Written)
			}
			if tc.cache {
				// The organisation policy from the ConfigMap judged the scan.
				var rep struct {
					OrgPolicy *struct{ Ref, From, Digest string } `json:"orgPolicy"`
				}
				if b, err := os.ReadFile(report); err != nil || json.Unmarshal(b, &rep) != nil || rep.OrgPolicy == nil ||
					rep.OrgPolicy.Ref != "/workspace/org-policy" || rep.OrgPolicy.From != "runner" || !strings.HasPrefix(rep.OrgPolicy.Digest, "sha256:") {
					t.Errorf("shiftgate.json's orgPolicy = %+v (%v), want the org-policy workspace, from the runner", rep.OrgPolicy, err)
				}
				// The analysis cache is kept in the cache workspace, for the next run.
				for _, kind := range []string{"sast-package", "secrets-file", "iac-check"} {
					if st, err := os.Stat(filepath.Join(cache, "shiftgate-analysis", kind)); err != nil || !st.IsDir() {
						t.Errorf("no %s entries in the cache workspace's shiftgate-analysis: %v", kind, err)
					}
				}
			}
			after := container.Tree(t, ws, outDir)
			for p, v := range after {
				if before[p] != v {
					t.Errorf("the step changed %s in the workspace, outside its out dir", p)
				}
			}
			for p := range before {
				if _, ok := after[p]; !ok {
					t.Errorf("the step removed %s from the workspace", p)
				}
			}
			if tc.cache {
				if entries, _ := os.ReadDir(filepath.Join(cache, "go-build")); len(entries) == 0 {
					t.Errorf("the bound cache workspace holds no Go build cache: the step did not use it")
				}
			}
		})
	}
}

// configMapVolume lays files out in dir as kubelet's atomic writer does for a
// ConfigMap volume: the files in a timestamped folder, "..data" a link to it, and each
// key a link to "..data/KEY".
func configMapVolume(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	stamp := "..2026_11_30_03_00_00.123456789"
	if err := os.MkdirAll(filepath.Join(dir, stamp), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(stamp, filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	for k, v := range files {
		if err := os.WriteFile(filepath.Join(dir, stamp, k), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..data", k), filepath.Join(dir, k)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// outDir skips the step's out dir in a workspace listing.
func outDir(rel string) bool { return rel == ".shiftgate" }

// fillModuleCache downloads the fixture's modules into dir, as an earlier run with the
// cache workspace would have left them (from this machine's module cache: no network).
func fillModuleCache(t *testing.T, dir string) {
	t.Helper()
	hostCache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = filepath.Join("..", "testdata", "repos", "runtime")
	cmd.Env = append(os.Environ(), "GOMODCACHE="+dir, "GOFLAGS=-mod=mod -modcacherw",
		"GOPROXY=file://"+filepath.Join(strings.TrimSpace(string(hostCache)), "cache", "download"), "GONOSUMDB=*", "GOSUMDB=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("filling the module cache: %v\n%s", err, out)
	}
}

// TestImageTaskStepInTheImageRuntime runs the shiftgate-image Task's step the same way
// on an image a previous step left in the workspace as an OCI layout (a real Debian 12
// package database with a vulnerable libssl3): no registry, no network, and the scan
// is osv-scalibr over the layers, so the case is cheap.
func TestImageTaskStepInTheImageRuntime(t *testing.T) {
	img := container.Load(t)
	task := load(t).tasks["shiftgate-image"]
	ws := filepath.Join(t.TempDir(), "source")
	testutil.WriteFile(t, ws, "README.md", "an application whose image a build step left in build/oci\n")
	vuln, err := imagetest.Named("debian-vulnerable")
	if err != nil {
		t.Fatal(err)
	}
	if err := imagetest.WriteLayout(filepath.Join(ws, "build", "oci"), vuln); err != nil {
		t.Fatal(err)
	}
	if err := imagetest.OfflineDB(filepath.Join(ws, ".osvdb")); err != nil {
		t.Fatal(err)
	}
	container.Chown(t, ws, stepUID, stepGID)
	dir := t.TempDir()
	tmp, results, scripts := filepath.Join(dir, "tmp"), filepath.Join(dir, "results"), filepath.Join(dir, "scripts")
	for _, d := range []string{tmp, results, scripts} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{tmp, results} {
		if err := os.Chmod(d, 0o1777); err != nil {
			t.Fatal(err)
		}
	}
	step := resolveStep(task, v1.Params{strParam("IMAGE", "build/oci"), strParam("offline-db", ".osvdb")})
	if err := os.WriteFile(filepath.Join(scripts, "script-0"), []byte(step.Script), 0o755); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, e := range step.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	before := container.Tree(t, ws, outDir)
	var stdout, stderr strings.Builder
	res := img.Run(t, container.Run{
		User: "65532:65532", Env: container.MergeEnv(img.Config.Env, env...), Dir: step.WorkingDir,
		Args: []string{"/tekton/scripts/script-0"}, ReadOnlyRoot: true, Stdout: &stdout, Stderr: &stderr,
		Mounts: []container.Mount{{Host: ws, Path: "/workspace/source"}, {Host: tmp, Path: "/tmp"},
			{Host: results, Path: "/tekton/results"}, {Host: scripts, Path: "/tekton/scripts", ReadOnly: true}},
	})
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", res.Code, stdout.String(), stderr.String())
	if res.Code != 1 {
		t.Errorf("exit %d, want 1 (the image's libssl3 fails the gate)", res.Code)
	}
	got := map[string]string{}
	for _, r := range task.Spec.Results {
		b, err := os.ReadFile(filepath.Join(results, r.Name))
		if err != nil {
			t.Errorf("result %s was not written: %v", r.Name, err)
		}
		got[r.Name] = string(b)
	}
	want, _ := vuln.Digest()
	if got["verdict"] != "fail" || got[tekton.ResultImageDigest] != want.String() || got[tekton.ResultImageURL] != "" {
		t.Errorf("results %v, want verdict fail, IMAGE_DIGEST %s and no IMAGE_URL (an OCI layout)", got, want)
	}
	if !strings.Contains(stdout.String(), "libssl3") {
		t.Errorf("the log does not show the libssl3 finding")
	}
	if len(res.Written) > 0 {
		t.Errorf("the step wrote to the image's filesystem: %q", res.Written)
	}
	after := container.Tree(t, ws, outDir)
	for p, v := range after {
		if before[p] != v {
			t.Errorf("the step changed %s in the workspace, outside its out dir", p)
		}
	}
}
