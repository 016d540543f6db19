package provenance

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	slsa "github.com/in-toto/attestation/go/predicates/provenance/v1"
	intoto "github.com/in-toto/attestation/go/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/shiftgate/shiftgate/internal/attest/source"
)

const sha = "0123456789abcdef0123456789abcdef01234567"

// secrets are set in every environment the tests build a statement in; none may appear.
var secrets = map[string]string{
	"GITHUB_TOKEN":                   "ghs_SECRETgithubtoken000000000000000000",
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "SECRET-oidc-request-token",
	"ACTIONS_RUNTIME_TOKEN":          "SECRET-runtime-token",
	"COSIGN_PASSWORD":                "SECRET-cosign-password",
	"SHIFTGATE_SIGNING_KEY":          "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----SECRET",
	"AWS_SECRET_ACCESS_KEY":          "SECRET-aws",
}

func env(vars map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return secrets[k]
	}
}

func subjects() []Subject {
	return []Subject{
		{Name: "shiftgate.json", SHA256: strings.Repeat("ab", 32)},
		{Name: "sbom.cdx.json", SHA256: strings.Repeat("cd", 32)},
	}
}

// decode gives the statement as generic JSON, to compare structure rather than bytes.
func decode(t *testing.T, o Options) map[string]any {
	t.Helper()
	st, err := Statement(o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range secrets {
		if bytes.Contains(b, []byte(v)) || bytes.Contains(b, []byte("SECRET")) {
			t.Errorf("the statement contains the value of %s:\n%s", k, b)
		}
	}
	again, _ := Marshal(st)
	if !bytes.Equal(b, again) {
		t.Error("Marshal is not deterministic")
	}
	// Strictly (no unknown field) an in-toto Statement v1 whose predicate is SLSA v1.
	var strict intoto.Statement
	if err := protojson.Unmarshal(b, &strict); err != nil {
		t.Fatalf("not a strict in-toto statement: %v", err)
	}
	predJSON, _ := protojson.Marshal(strict.GetPredicate())
	var pred slsa.Provenance
	if err := protojson.Unmarshal(predJSON, &pred); err != nil {
		t.Fatalf("the predicate is not strict SLSA provenance v1: %v", err)
	}
	if err := pred.Validate(); err != nil {
		t.Errorf("SLSA provenance: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func get(m any, path ...string) any {
	for _, p := range path {
		mm, ok := m.(map[string]any)
		if !ok {
			return nil
		}
		m = mm[p]
	}
	return m
}

func githubEnv(event string) func(string) string {
	return env(map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "2",
		"GITHUB_REPOSITORY": "acme/app", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_SHA": sha,
		"GITHUB_REF": "refs/heads/main", "GITHUB_WORKFLOW_REF": "acme/app/.github/workflows/ci.yml@refs/heads/main",
		"GITHUB_EVENT_NAME": event, "GITHUB_REPOSITORY_ID": "99", "GITHUB_REPOSITORY_OWNER_ID": "7",
		"RUNNER_ENVIRONMENT": "github-hosted",
	})
}

// TestGitHubPushIsWorkflowV1Exactly: on a push, the predicate is GitHub's workflow/v1
// buildType exactly as its specification (actions/buildtypes workflow/v1) writes it:
// no key more, none less, each value where the specification puts it.
func TestGitHubPushIsWorkflowV1Exactly(t *testing.T) {
	m := decode(t, Options{Getenv: githubEnv("push"), ToolVersion: "v1.2.3", Policy: ".shiftgate.yaml", Mode: "enforce", Subjects: subjects()})
	for k, want := range map[string]any{"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://slsa.dev/provenance/v1"} {
		if m[k] != want {
			t.Errorf("%s = %v, want %v", k, m[k], want)
		}
	}
	var want map[string]any
	if err := json.Unmarshal([]byte(`{
  "buildDefinition": {
    "buildType": "https://actions.github.io/buildtypes/workflow/v1",
    "externalParameters": {
      "runner_environment": "github-hosted",
      "workflow": {"ref": "refs/heads/main", "repository": "https://github.com/acme/app", "path": ".github/workflows/ci.yml"}
    },
    "internalParameters": {"github": {"event_name": "push", "repository_id": "99", "repository_owner_id": "7"}},
    "resolvedDependencies": [{"uri": "git+https://github.com/acme/app@refs/heads/main", "digest": {"gitCommit": "`+sha+`"}}]
  },
  "runDetails": {
    "builder": {"id": "https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main", "version": {"shiftgate": "v1.2.3"}},
    "metadata": {"invocationId": "https://github.com/acme/app/actions/runs/4242/attempts/2"}
  }
}`), &want); err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(m["predicate"], "", "  ")
	exp, _ := json.MarshalIndent(want, "", "  ")
	if !bytes.Equal(got, exp) {
		t.Errorf("the predicate is not workflow/v1 as specified:\n%s\nwant:\n%s", got, exp)
	}
	subj := m["subject"].([]any)
	if len(subj) != 2 || get(subj[0], "name") != "shiftgate.json" || get(subj[0], "digest", "sha256") != strings.Repeat("ab", 32) {
		t.Errorf("subjects %v", subj)
	}
}

// TestGitHubPullRequestIsNotWorkflowV1: workflow/v1 MUST NOT be used on pull_request
// (or any event it does not list): shiftgate's own buildType describes those runs.
func TestGitHubPullRequestIsNotWorkflowV1(t *testing.T) {
	for _, event := range []string{"pull_request", "pull_request_target", "repository_dispatch", "schedule"} {
		m := decode(t, Options{Getenv: githubEnv(event), Policy: ".shiftgate.yaml", Mode: "enforce", Subjects: subjects()})
		p := m["predicate"]
		for _, c := range []struct {
			path []string
			want any
		}{
			{[]string{"buildDefinition", "buildType"}, BuildType},
			{[]string{"buildDefinition", "externalParameters", "platform"}, "github"},
			{[]string{"buildDefinition", "externalParameters", "policy"}, ".shiftgate.yaml"},
			{[]string{"buildDefinition", "externalParameters", "github", "event_name"}, event},
			{[]string{"buildDefinition", "externalParameters", "github", "workflow", "path"}, ".github/workflows/ci.yml"},
			{[]string{"buildDefinition", "internalParameters", "github", "runner_environment"}, "github-hosted"},
			{[]string{"runDetails", "builder", "id"}, "https://github.com/acme/app/.github/workflows/ci.yml@refs/heads/main"},
		} {
			if got := get(p, c.path...); got != c.want {
				t.Errorf("%s: %s = %v, want %q", event, strings.Join(c.path, "."), got, c.want)
			}
		}
	}
}

func TestWorkflowPath(t *testing.T) {
	for _, c := range [][4]string{
		{"acme/app/.github/workflows/ci.yml@refs/heads/main", "acme/app", "refs/heads/main", ".github/workflows/ci.yml"},
		{"acme/app/.github/workflows/a@b.yml@refs/heads/x@y", "acme/app", "refs/heads/x@y", ".github/workflows/a@b.yml"},
		{"acme/app/.github/workflows/ci.yml@refs/tags/v1", "acme/app", "", ".github/workflows/ci.yml"},
	} {
		if got := workflowPath(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("workflowPath(%q) = %q, want %q", c[0], got, c[3])
		}
	}
}

func TestTekton(t *testing.T) {
	m := decode(t, Options{
		Getenv: env(map[string]string{
			EnvTektonNamespace: "ci", EnvTektonTaskRunName: "build-x7", EnvTektonTaskRunUID: "uid-task",
			EnvTektonPipelineRunName: "build", EnvTektonPipelineRunUID: "uid-pipe",
		}),
		Source:   source.Info{Name: "app", URL: "https://git.example/app", Commit: sha, Ref: "refs/heads/main"},
		Subjects: subjects(),
	})
	p := m["predicate"]
	for _, c := range []struct {
		path []string
		want string
	}{
		{[]string{"buildDefinition", "buildType"}, BuildType},
		{[]string{"buildDefinition", "externalParameters", "platform"}, "tekton"},
		{[]string{"buildDefinition", "externalParameters", "tekton", "taskRun"}, "build-x7"},
		{[]string{"buildDefinition", "externalParameters", "tekton", "pipelineRun"}, "build"},
		{[]string{"buildDefinition", "internalParameters", "tekton", "pipelineRunUid"}, "uid-pipe"},
		{[]string{"runDetails", "builder", "id"}, TektonBuilderID},
		{[]string{"runDetails", "metadata", "invocationId"}, "uid-task"},
	} {
		if got := get(p, c.path...); got != c.want {
			t.Errorf("%s = %v, want %q", strings.Join(c.path, "."), got, c.want)
		}
	}
	deps := get(p, "buildDefinition", "resolvedDependencies").([]any)
	if get(deps[0], "uri") != "git+https://git.example/app@refs/heads/main" || get(deps[0], "digest", "gitCommit") != sha {
		t.Errorf("resolved dependencies %v", deps)
	}
}

func TestLocalIsUnverified(t *testing.T) {
	m := decode(t, Options{Getenv: env(nil), Source: source.Info{Name: "app", Commit: sha}, Subjects: subjects()})
	p := m["predicate"]
	if get(p, "buildDefinition", "buildType") != BuildType || get(p, "runDetails", "builder", "id") != LocalBuilderID {
		t.Errorf("want the local build type and builder, got %v", p)
	}
	if get(p, "buildDefinition", "internalParameters", "unverified") != true {
		t.Errorf("a local statement must be marked unverified: %v", p)
	}
	deps := get(p, "buildDefinition", "resolvedDependencies").([]any)
	if get(deps[0], "digest", "gitCommit") != sha {
		t.Errorf("want the git commit, got %v", deps)
	}
}

func TestNoSubjects(t *testing.T) {
	if _, err := Statement(Options{}); err == nil {
		t.Error("a statement without subjects must be refused")
	}
}

// The organisation policy that judged the scan is a resolved dependency, after the
// source (on GitHub, after the workflow/v1 source descriptor), so an auditor can prove
// which policy judged a release.
func TestOrgPolicyIsAResolvedDependency(t *testing.T) {
	org := Dependency{Name: "organisation-policy", URI: "oci://ghcr.io/acme/policy", SHA256: strings.Repeat("cd", 32)}
	for _, getenv := range []func(string) string{githubEnv("push"), func(string) string { return "" }} {
		m := decode(t, Options{Getenv: getenv, ToolVersion: "v1", Policy: ".shiftgate.yaml", Mode: "enforce", Subjects: subjects(), OrgPolicy: org})
		deps, _ := get(m["predicate"], "buildDefinition", "resolvedDependencies").([]any)
		if len(deps) == 0 {
			t.Fatalf("no resolvedDependencies: %v", m["predicate"])
		}
		last := deps[len(deps)-1]
		if get(last, "name") != "organisation-policy" || get(last, "uri") != org.URI || get(last, "digest", "sha256") != org.SHA256 {
			t.Errorf("last resolved dependency = %v, want the organisation policy", last)
		}
	}
	m := decode(t, Options{Getenv: githubEnv("push"), ToolVersion: "v1", Policy: ".shiftgate.yaml", Mode: "enforce", Subjects: subjects()})
	if deps, _ := get(m["predicate"], "buildDefinition", "resolvedDependencies").([]any); len(deps) != 1 {
		t.Errorf("without an organisation policy: %d resolved dependencies, want the source only", len(deps))
	}
}
