package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cli"
	"github.com/shiftgate/shiftgate/internal/github"
	"github.com/shiftgate/shiftgate/internal/github/fakeapi"
	"github.com/shiftgate/shiftgate/internal/testutil"
)

// Issue 12, known gap "without the base commit the Action stops": actions/checkout's
// default depth of 1 leaves the base commit out. The base's policy is then read through
// the contents API at the base SHA, so a pull request that switches its own policy to
// audit mode is still judged by the base's and blocks (was: exit 2).
func TestShallowCheckoutReadsTheBaseThroughTheAPI(t *testing.T) {
	const base = "6dcb09b5b57875f334f61aebed695e2e4193db5e" // the payload's base SHA: not in the clone
	t.Run("implicit", func(t *testing.T) { testShallow(t, nil) })
	t.Run("changed-since the base", func(t *testing.T) { testShallow(t, []string{"--changed-since", base}) })
}

func testShallow(t *testing.T, extra []string) {
	dir := t.TempDir()
	ws := filepath.Join(dir, "workspace")
	testutil.CopyTree(t, "testdata/repo", ws)
	basePolicy, err := os.ReadFile(filepath.Join(ws, ".shiftgate.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	loosened := bytes.Replace(basePolicy, []byte("mode: enforce"), []byte("mode: audit"), 1)
	if err := os.WriteFile(filepath.Join(ws, ".shiftgate.yaml"), loosened, 0o644); err != nil {
		t.Fatal(err)
	}
	// One commit: the pull request's head, as a depth-1 checkout has it.
	git := testutil.Git(t, ws)
	git("init", "-q", "-b", "pr")
	git("add", "-A")
	git("commit", "-q", "-m", "pull request")
	const base = "6dcb09b5b57875f334f61aebed695e2e4193db5e"
	payload, err := os.ReadFile("../testdata/pull_request.json")
	if err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(dir, "event.json")
	if err := os.WriteFile(event, payload, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(ws)
	api := fakeapi.New(t, "octo-org", "payments", token)
	api.SARIFNoPending = true
	api.Contents = map[string]map[string]string{base: {".shiftgate.yaml": string(basePolicy), "app/old.py": "x = 1\n"}}
	api.Files = []fakeapi.File{
		{Filename: ".shiftgate.yaml", Status: "modified", Patch: "@@ -3,1 +3,1 @@\n-mode: enforce\n+mode: audit\n"},
		{Filename: "app/views.py", Status: "added"},
	}
	vars := map[string]string{
		"GITHUB_ACTIONS": "true", "CI": "true", github.ActionEnv: "true",
		"GITHUB_REPOSITORY": "octo-org/payments", "GITHUB_SHA": "e5bd3914e2e596debea16f433f57875b5b90bcd6",
		"GITHUB_REF": "refs/pull/42/merge", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event,
		"GITHUB_API_URL": api.URL, "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "77",
		"GITHUB_WORKSPACE": ws, "GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
		"INPUT_PATH": ".", "INPUT_TOKEN": token, "INPUT_UPLOAD-SARIF": "false", "INPUT_COMMENT": "false", "INPUT_ANNOTATE": "none",
		"INPUT_POLICY": "", "INPUT_FAIL-SEVERITY": "", "INPUT_MODE": "", "INPUT_OFFLINE-DB": "", "INPUT_SIGN-KEY": "",
	}
	var stdout, stderr bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"scan", "--format", "json"}, extra...), &cli.Env{
		Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return vars[k] },
	})
	if code != cli.ExitFail {
		t.Fatalf("exit code %d, want %d: the base's policy (enforce) judges\nstderr:\n%s", code, cli.ExitFail, stderr.String())
	}
	if !strings.Contains(stderr.String(), "read through GitHub's contents API") {
		t.Errorf("the log does not say the base was read through the API:\n%s", stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{`"mode": "enforce"`, `"rule": "POLICY-004"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %s:\n%.2000s", want, out)
		}
	}
	read := false
	for _, r := range api.Requests() {
		if r.Operation == "repos/get-content" {
			read = true
			if r.Query.Get("ref") != base || r.Status != 200 {
				t.Errorf("contents read at %q answered %d, want ref %s", r.Query.Get("ref"), r.Status, base)
			}
		}
	}
	if !read {
		t.Error("the base's policy was not read through the contents API")
	}
	if strings.Contains(strings.Replace(stdout.String(), "::add-mask::"+token+"\n", "", 1)+stderr.String(), token) {
		t.Error("the token reached the output")
	}
}
