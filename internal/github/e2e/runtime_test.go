package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/shiftgate/shiftgate/internal/github/fakeapi"
	"github.com/shiftgate/shiftgate/internal/testutil"
	"github.com/shiftgate/shiftgate/internal/testutil/container"
)

// runnerUID is the uid of the runner user on GitHub-hosted runners: it owns the
// checkout and the folders the runner mounts into a container action.
const runnerUID = 1001

// TestActionInTheImageRuntime runs the Action's container the way the Actions runner
// runs a Docker container action: the image's entrypoint with action.yml's args and
// env, the image's user, the checkout at /github/workspace, HOME=/github/home, the
// event at /github/workflow/event.json, the file commands in /github/file_commands,
// every input as INPUT_*, the runner's GITHUB_* and RUNNER_* variables, a writable
// container layer, and the network (here: the local GitHub stand-in).
func TestActionInTheImageRuntime(t *testing.T) {
	img := container.Load(t)
	var action struct {
		Inputs map[string]struct {
			Default string `yaml:"default"`
		} `yaml:"inputs"`
		Runs struct {
			Using string            `yaml:"using"`
			Env   map[string]string `yaml:"env"`
			Args  []string          `yaml:"args"`
		} `yaml:"runs"`
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &action); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if action.Runs.Using != "docker" {
		t.Fatalf("action.yml runs.using = %q, want docker", action.Runs.Using)
	}

	host := t.TempDir()
	ws, home, workflow, files := filepath.Join(host, "workspace"), filepath.Join(host, "_github_home"),
		filepath.Join(host, "_github_workflow"), filepath.Join(host, "_runner_file_commands")
	fixture := filepath.Join("..", "..", "..", "testdata", "repos", "runtime")
	testutil.CopyTree(t, fixture, ws)
	vendor := exec.Command("go", "mod", "vendor")
	vendor.Dir = ws
	vendor.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := vendor.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor (scripts/runtime-test.sh downloads the fixture's modules first): %v\n%s", err, out)
	}
	// A checkout as actions/checkout makes it with fetch-depth 0: the base commit (main.go
	// without the line the pull request adds) and the head. In a pull request the base
	// branch's policy judges, so its commit must be in the checkout (issue 12).
	git := testutil.Git(t, ws)
	mainGo, err := os.ReadFile(filepath.Join(ws, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	var baseLines []string
	for _, l := range strings.SplitAfter(string(mainGo), "\n") {
		if !strings.Contains(l, "InsecureSkipVerify") {
			baseLines = append(baseLines, l)
		}
	}
	testutil.WriteFile(t, ws, "main.go", strings.Join(baseLines, ""))
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	testutil.WriteFile(t, ws, "main.go", string(mainGo))
	git("add", "-A")
	git("commit", "-q", "-m", "pull request")
	testutil.WriteFile(t, ws, ".osvdb/osv-scalibr/Go/all.zip",
		string(testutil.ZipDir(t, filepath.Join("..", "..", "..", "checks", "deps", "testdata", "osv", "Go"))))
	event, err := os.ReadFile(filepath.Join("..", "testdata", "pull_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	testutil.WriteFile(t, workflow, "event.json", strings.ReplaceAll(string(event), "6dcb09b5b57875f334f61aebed695e2e4193db5e", base))
	for _, d := range []string{home, files} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The runner creates the file-command files before the step starts.
	const id = "8f3c2a71-5b0e-4d8e-9b1a-2f6d0c4e7a90"
	for _, f := range []string{"set_output_", "set_env_", "add_path_", "step_summary_", "save_state_"} {
		testutil.WriteFile(t, files, f+id, "")
	}
	for _, d := range []string{ws, home, workflow, files} {
		container.Chown(t, d, runnerUID, runnerUID)
	}

	api := fakeapi.New(t, "octo-org", "payments", token)
	api.SARIFNoPending = true
	tlsLine := testutil.LineOf(t, filepath.Join(fixture, "main.go"), "InsecureSkipVerify")
	api.Files = []fakeapi.File{{Filename: "main.go", Status: "modified",
		Patch: fmt.Sprintf("@@ -%d,0 +%d,1 @@\n+\tconf := &tls.Config{InsecureSkipVerify: true}\n", tlsLine-1, tlsLine)}}

	env := []string{
		"HOME=/github/home", "CI=true", "GITHUB_ACTIONS=true", "GITHUB_ACTION=__shiftgate_shiftgate",
		"GITHUB_ACTION_REPOSITORY=shiftgate/shiftgate", "GITHUB_ACTION_REF=v0.1.0", "GITHUB_ACTOR=octocat",
		"GITHUB_REPOSITORY=octo-org/payments", "GITHUB_REPOSITORY_OWNER=octo-org", "GITHUB_EVENT_NAME=pull_request",
		"GITHUB_EVENT_PATH=/github/workflow/event.json", "GITHUB_WORKSPACE=/github/workspace",
		"GITHUB_SHA=e5bd3914e2e596debea16f433f57875b5b90bcd6", "GITHUB_REF=refs/pull/42/merge",
		"GITHUB_REF_NAME=42/merge", "GITHUB_HEAD_REF=feature", "GITHUB_BASE_REF=main",
		"GITHUB_SERVER_URL=https://github.com", "GITHUB_API_URL=" + api.URL, "GITHUB_GRAPHQL_URL=" + api.URL + "/graphql",
		"GITHUB_RUN_ID=77", "GITHUB_RUN_NUMBER=3", "GITHUB_RUN_ATTEMPT=1", "GITHUB_JOB=gate", "GITHUB_WORKFLOW=security",
		"GITHUB_WORKFLOW_REF=octo-org/payments/.github/workflows/security.yml@refs/pull/42/merge",
		"GITHUB_RETENTION_DAYS=90",
		"GITHUB_OUTPUT=/github/file_commands/set_output_" + id, "GITHUB_ENV=/github/file_commands/set_env_" + id,
		"GITHUB_PATH=/github/file_commands/add_path_" + id, "GITHUB_STEP_SUMMARY=/github/file_commands/step_summary_" + id,
		"GITHUB_STATE=/github/file_commands/save_state_" + id,
		// The runner passes its own paths, which do not exist in the container.
		"RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_NAME=GitHub Actions 2", "RUNNER_ENVIRONMENT=github-hosted",
		"RUNNER_TEMP=/home/runner/work/_temp", "RUNNER_TOOL_CACHE=/opt/hostedtoolcache", "RUNNER_WORKSPACE=/home/runner/work/payments",
	}
	inputs := map[string]string{"token": token, "offline-db": ".osvdb"}
	for name, in := range action.Inputs {
		v, ok := inputs[name]
		if !ok {
			v = in.Default
		}
		env = append(env, "INPUT_"+strings.ToUpper(name)+"="+v)
	}
	for k, v := range action.Runs.Env {
		env = append(env, k+"="+v)
	}
	slices.Sort(env[len(env)-len(action.Inputs)-len(action.Runs.Env):])

	var stdout, stderr strings.Builder
	res := img.Run(t, container.Run{
		Env:  container.MergeEnv(img.Config.Env, env...),
		Dir:  "/github/workspace",
		Args: append(slices.Clone(img.Config.Entrypoint), action.Runs.Args...),
		Mounts: []container.Mount{{Host: ws, Path: "/github/workspace"}, {Host: home, Path: "/github/home"},
			{Host: workflow, Path: "/github/workflow"}, {Host: files, Path: "/github/file_commands"}},
		Network: true, Stdout: &stdout, Stderr: &stderr,
	})
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", res.Code, stdout.String(), stderr.String())
	if res.Code != 1 {
		t.Errorf("exit %d, want 1 (the gate fails on the fixture's findings)", res.Code)
	}
	outputs := readOutputs(t, filepath.Join(files, "set_output_"+id))
	if outputs["verdict"] != "fail" || outputs["blocking-count"] == "0" || outputs["sarif-path"] != ".shiftgate/out/shiftgate.sarif" {
		t.Errorf("outputs %v, want verdict fail with blocking findings and the SARIF's path", outputs)
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("file=main.go,line=%d", tlsLine)) {
		t.Errorf("no annotation on main.go:%d, the line the pull request changed", tlsLine)
	}
	summary, _ := os.ReadFile(filepath.Join(files, "step_summary_"+id))
	if !strings.Contains(string(summary), "fail") {
		t.Errorf("job summary:\n%s", summary)
	}
	if runs := api.CheckRuns(); len(runs) != 1 || runs[0].Conclusion != "failure" {
		t.Errorf("check runs = %+v, want one, failed", runs)
	}
	var cats []string
	for _, u := range api.Uploads() {
		runs, _ := u.SARIF["runs"].([]any)
		for _, r := range runs {
			ad, _ := r.(map[string]any)["automationDetails"].(map[string]any)
			id, _ := ad["id"].(string)
			cats = append(cats, id)
		}
	}
	for _, want := range []string{"shiftgate/sast/", "shiftgate/deps/"} {
		if !slices.Contains(cats, want) {
			t.Errorf("uploaded categories %q lack %s", cats, want)
		}
	}
	if v := api.Violations(); len(v) > 0 {
		t.Errorf("requests that break GitHub's API description: %q", v)
	}
	container.CheckFixtureReport(t, filepath.Join(ws, ".shiftgate", "out", "shiftgate.json"), tlsLine)
	// A container action may write its own layer; only /tmp and the Go caches the
	// image's ENV names (GOCACHE, GOPATH: its user's home) are expected there.
	allowed := []string{"/tmp/"}
	for _, kv := range img.Config.Env {
		if k, v, _ := strings.Cut(kv, "="); k == "GOCACHE" || k == "GOPATH" {
			allowed = append(allowed, v+"/")
		}
	}
	for _, p := range res.Written {
		if !slices.ContainsFunc(allowed, func(a string) bool { return strings.HasPrefix(p+"/", a) }) {
			t.Errorf("the action wrote %s in the container, outside the workspace, /github/home, the file commands and %q", p, allowed)
		}
	}
	// The checkout belongs to the runner's uid: git, run here as root, must be told it is safe.
	st, err := exec.Command("git", "-C", ws, "-c", "safe.directory=*", "status", "--porcelain", "--untracked-files=all",
		"--", ".", ":!.shiftgate/", ":!.osvdb/").CombinedOutput()
	if err != nil || len(st) > 0 {
		t.Errorf("the action changed the checkout outside .shiftgate/ (%v):\n%s", err, st)
	}
}
