package github

import (
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// actionFile is action.yml at the repository root.
const actionFile = "../../action.yml"

type actionYAML struct {
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
	} `yaml:"outputs"`
	Runs struct {
		Using string            `yaml:"using"`
		Image string            `yaml:"image"`
		Env   map[string]string `yaml:"env"`
		Args  []string          `yaml:"args"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionYAML {
	t.Helper()
	b, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	var a actionYAML
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %v", actionFile, err)
	}
	return a
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// TestEveryInputIsRead proves each input action.yml declares is read by the code: set
// on its own, it changes what the scan or the publisher does.
func TestEveryInputIsRead(t *testing.T) {
	a := readAction(t)
	declared := keys(a.Inputs)
	read := slices.Sorted(slices.Values(InputNames()))
	if !slices.Equal(declared, read) {
		t.Fatalf("action.yml inputs %q, code reads %q", declared, read)
	}
	base := func(k string) string {
		switch k {
		case "GITHUB_ACTIONS", ActionEnv:
			return "true"
		}
		return ""
	}
	defaults := DefaultInputs()
	baseArgs, _ := ActionScanArgs(base, nil)
	for _, name := range declared {
		// A value other than the default, valid for the input.
		value := map[string]string{"upload-sarif": "false", "comment": "false", "annotate": "all",
			"fail-severity": "critical", "mode": "audit", "path": "services/api"}[name]
		if value == "" {
			value = "x-" + name
		}
		getenv := func(k string) string {
			if k == "INPUT_"+strings.ToUpper(name) {
				return value
			}
			return base(k)
		}
		env, ok := FromEnv(getenv)
		if !ok {
			t.Fatal("FromEnv")
		}
		args, errs := ActionScanArgs(getenv, nil)
		if len(errs) > 0 || len(env.InputErrors) > 0 {
			t.Errorf("input %s=%q: %q %q", name, value, errs, env.InputErrors)
		}
		changed := env.Inputs != defaults || !slices.Equal(args, baseArgs)
		if !changed {
			t.Errorf("input %q is declared in action.yml but setting it changes nothing", name)
		}
		if d := a.Inputs[name].Default; d != nil && *d != "" && name != "token" {
			if got := defaultOf(name); got != strings.ToLower(*d) {
				t.Errorf("input %q: action.yml default %q, code default %q", name, *d, got)
			}
		}
	}
	if d := a.Inputs["token"].Default; d == nil || *d != "${{ github.token }}" {
		t.Errorf("token default = %v, want ${{ github.token }}", d)
	}
}

// defaultOf renders the code's default for an input as action.yml would write it.
func defaultOf(name string) string {
	in := DefaultInputs()
	for _, s := range inputSpecs() {
		if s.name != name {
			continue
		}
		if s.boolean != nil {
			if *s.boolean(&in) {
				return "true"
			}
			return "false"
		}
		return *s.str(&in)
	}
	return ""
}

// TestEveryOutputIsWritten proves Publish writes each output action.yml declares, and
// nothing else.
func TestEveryOutputIsWritten(t *testing.T) {
	a := readAction(t)
	if declared, written := keys(a.Outputs), slices.Sorted(slices.Values(OutputNames())); !slices.Equal(declared, written) {
		t.Fatalf("action.yml outputs %q, code writes %q", declared, written)
	}
	h := newHarness(t, "pull_request.json")
	h.publish(testResult())
	outs := h.outputs()
	if got := keys(outs); !slices.Equal(got, keys(a.Outputs)) {
		t.Errorf("GITHUB_OUTPUT has %q, action.yml declares %q", got, keys(a.Outputs))
	}
	for name, v := range outs {
		if v == "" {
			t.Errorf("output %q is empty", name)
		}
	}
}

func TestActionRunsTheContainer(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "docker" || a.Runs.Image != "Dockerfile" || a.Runs.Env[ActionEnv] != "true" || !slices.Equal(a.Runs.Args, []string{"scan"}) {
		t.Errorf("runs = %+v, want the Dockerfile image running `scan` with %s=true", a.Runs, ActionEnv)
	}
}

func TestActionScanArgs(t *testing.T) {
	vars := map[string]string{"GITHUB_ACTIONS": "true", ActionEnv: "true", "INPUT_POLICY": "ci/gate.yaml", "INPUT_PATH": "services/api",
		"INPUT_FAIL-SEVERITY": "medium", "INPUT_MODE": "audit", "INPUT_OFFLINE-DB": ".osv", "INPUT_TOKEN": "secret", "INPUT_ANNOTATE": "all"}
	getenv := func(k string) string { return vars[k] }
	args, errs := ActionScanArgs(getenv, nil)
	want := []string{"--policy", "ci/gate.yaml", "--fail-severity", "medium", "--mode", "audit", "--offline-db", ".osv", "services/api"}
	if !slices.Equal(args, want) || len(errs) != 0 {
		t.Errorf("args = %q (%q), want %q", args, errs, want)
	}
	// Explicit arguments win; outside the action nothing changes.
	if got, _ := ActionScanArgs(getenv, []string{"--format", "json", "."}); !slices.Equal(got, []string{"--format", "json", "."}) {
		t.Errorf("explicit args replaced: %q", got)
	}
	vars[ActionEnv] = ""
	if got, _ := ActionScanArgs(getenv, nil); got != nil {
		t.Errorf("outside the action: %q", got)
	}
}

// TestActionValidator runs @action-validator/cli on action.yml and the example
// workflow when CI provides it (SHIFTGATE_ACTION_VALIDATOR, see .ci/run).
func TestActionValidator(t *testing.T) {
	bin := os.Getenv("SHIFTGATE_ACTION_VALIDATOR")
	if bin == "" {
		t.Skip("SHIFTGATE_ACTION_VALIDATOR is not set (CI installs @action-validator/cli@0.6.0 and sets it)")
	}
	docs := filepath.Join(t.TempDir(), "docs-workflow.yml")
	if err := os.WriteFile(docs, []byte(docsWorkflow(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	files := []string{actionFile, docs}
	if wf, _ := filepath.Glob("../../.github/workflows/*.yml"); len(wf) > 0 {
		files = append(files, wf...)
	}
	for _, f := range files {
		var out bytes.Buffer
		cmd := exec.CommandContext(context.Background(), bin, f)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Errorf("action-validator %s: %v\n%s", f, err, out.String())
		}
	}
}

// docsWorkflow is the copy-paste workflow in docs/github-action.md.
func docsWorkflow(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/github-action.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```yaml\n")
	wf, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/github-action.md has no yaml block")
	}
	return wf
}

// TestDocsWorkflowIsLeastPrivilege checks the README workflow grants only what
// publishing needs, pins third-party actions by commit and uses the action.
func TestDocsWorkflowIsLeastPrivilege(t *testing.T) {
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Permissions map[string]string `yaml:"permissions"`
			Steps       []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(docsWorkflow(t)), &wf); err != nil {
		t.Fatal(err)
	}
	if len(wf.Permissions) != 0 {
		t.Errorf("workflow-level permissions %v, want {}", wf.Permissions)
	}
	job, ok := wf.Jobs["gate"]
	if !ok {
		t.Fatal("no gate job")
	}
	want := map[string]string{"contents": "read", "checks": "write", "security-events": "write", "pull-requests": "write"}
	if !maps.Equal(job.Permissions, want) {
		t.Errorf("job permissions %v, want %v", job.Permissions, want)
	}
	usesAction := false
	for _, s := range job.Steps {
		if s.Uses == "shiftgate/shiftgate@v1" {
			usesAction = true
		} else if s.Uses != "" && !regexp.MustCompile(`@[0-9a-f]{40}$`).MatchString(s.Uses) {
			t.Errorf("%s is not pinned to a commit", s.Uses)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("an expression pasted into a script: %q", s.Run)
		}
	}
	if !usesAction {
		t.Error("the workflow does not use shiftgate/shiftgate@v1")
	}
}
