// Package provenance writes provenance.intoto.json: an in-toto Statement v1 with a SLSA
// v1 provenance predicate (in-toto/attestation Go bindings) whose subjects are the
// files a scan produced. The build definition and run details come from the platform
// the scan ran on, read through an injected getenv:
//
//   - GitHub Actions: buildType https://actions.github.io/buildtypes/workflow/v1, the
//     workflow ref, repository and commit, and the run id and attempt as invocation id
//     (the convention of actions/attest-build-provenance).
//   - Tekton: the TaskRun and PipelineRun names and uids, passed to the step as the
//     environment variables SHIFTGATE_TEKTON_NAMESPACE, SHIFTGATE_TEKTON_TASKRUN_NAME,
//     SHIFTGATE_TEKTON_TASKRUN_UID, SHIFTGATE_TEKTON_PIPELINERUN_NAME and
//     SHIFTGATE_TEKTON_PIPELINERUN_UID (from $(context.taskRun.name) and friends).
//   - anywhere else: local, with the git commit, marked unverified.
//
// Only the named variables are read, so no token or secret from the environment can
// reach the statement.
package provenance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	slsa "github.com/in-toto/attestation/go/predicates/provenance/v1"
	intoto "github.com/in-toto/attestation/go/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// File is the statement's name in the out dir.
const File = outdir.Provenance

// PredicateType is SLSA provenance v1.
const PredicateType = "https://slsa.dev/provenance/v1"

// Build types and builder ids.
const (
	GitHubBuildType = "https://actions.github.io/buildtypes/workflow/v1"
	TektonBuildType = "https://shiftgate.dev/buildtypes/tekton/v1"
	LocalBuildType  = "https://shiftgate.dev/buildtypes/local/v1"
	TektonBuilderID = "https://shiftgate.dev/builders/tekton"
	LocalBuilderID  = "https://shiftgate.dev/builders/local/unverified"
)

// The Tekton environment variables (see the package doc).
const (
	EnvTektonNamespace       = "SHIFTGATE_TEKTON_NAMESPACE"
	EnvTektonTaskRunName     = "SHIFTGATE_TEKTON_TASKRUN_NAME"
	EnvTektonTaskRunUID      = "SHIFTGATE_TEKTON_TASKRUN_UID"
	EnvTektonPipelineRunName = "SHIFTGATE_TEKTON_PIPELINERUN_NAME"
	EnvTektonPipelineRunUID  = "SHIFTGATE_TEKTON_PIPELINERUN_UID"
)

// Subject is one file the statement vouches for.
type Subject struct {
	Name   string // the file name in the out dir, or the path the user named
	SHA256 string // hex
}

// Digest hashes a file into a subject with the given name.
func Digest(path, name string) (Subject, error) {
	f, err := os.Open(path)
	if err != nil {
		return Subject{}, fmt.Errorf("could not read %q: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return Subject{}, fmt.Errorf("could not read %q: %w", path, err)
	}
	return Subject{Name: name, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Options is what a statement says.
type Options struct {
	Getenv      func(string) string
	Source      source.Info
	ToolVersion string
	// Policy and Mode are the scan's parameters: where the policy came from, enforce|audit.
	Policy, Mode string
	Subjects     []Subject
}

// Platform names where the scan runs: "github", "tekton" or "local".
func Platform(getenv func(string) string) string {
	switch {
	case getenv("GITHUB_ACTIONS") == "true" && getenv("GITHUB_RUN_ID") != "":
		return "github"
	case getenv(EnvTektonTaskRunName) != "" || getenv(EnvTektonPipelineRunName) != "":
		return "tekton"
	}
	return "local"
}

// Statement builds and validates the in-toto statement.
func Statement(o Options) (*intoto.Statement, error) {
	if len(o.Subjects) == 0 {
		return nil, fmt.Errorf("provenance needs at least one subject")
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	scan := map[string]any{"policy": o.Policy, "mode": o.Mode}
	var (
		buildType, builderID, invocation string
		external                         = map[string]any{"shiftgate": scan}
		internal                         = map[string]any{}
		deps                             []*intoto.ResourceDescriptor
	)
	if rd := sourceDescriptor(o.Source); rd != nil {
		deps = append(deps, rd)
	}
	switch Platform(getenv) {
	case "github":
		server := strings.TrimSuffix(or(getenv("GITHUB_SERVER_URL"), "https://github.com"), "/")
		repo := getenv("GITHUB_REPOSITORY")
		workflowRef := getenv("GITHUB_WORKFLOW_REF") // owner/repo/.github/workflows/ci.yml@refs/heads/main
		path := strings.TrimPrefix(strings.SplitN(workflowRef, "@", 2)[0], repo+"/")
		buildType = GitHubBuildType
		builderID = server + "/" + workflowRef
		external["workflow"] = map[string]any{"ref": getenv("GITHUB_REF"), "repository": server + "/" + repo, "path": path}
		internal["github"] = nonEmpty(map[string]any{
			"event_name":          getenv("GITHUB_EVENT_NAME"),
			"repository_id":       getenv("GITHUB_REPOSITORY_ID"),
			"repository_owner_id": getenv("GITHUB_REPOSITORY_OWNER_ID"),
			"runner_environment":  getenv("RUNNER_ENVIRONMENT"),
		})
		invocation = fmt.Sprintf("%s/%s/actions/runs/%s/attempts/%s", server, repo, getenv("GITHUB_RUN_ID"), or(getenv("GITHUB_RUN_ATTEMPT"), "1"))
		if sha := getenv("GITHUB_SHA"); sha != "" {
			deps = []*intoto.ResourceDescriptor{{
				Uri:    "git+" + server + "/" + repo + "@" + getenv("GITHUB_REF"),
				Digest: map[string]string{"gitCommit": sha},
			}}
		}
	case "tekton":
		buildType, builderID = TektonBuildType, TektonBuilderID
		external["tekton"] = nonEmpty(map[string]any{
			"namespace":   getenv(EnvTektonNamespace),
			"taskRun":     getenv(EnvTektonTaskRunName),
			"pipelineRun": getenv(EnvTektonPipelineRunName),
		})
		internal["tekton"] = nonEmpty(map[string]any{
			"taskRunUid":     getenv(EnvTektonTaskRunUID),
			"pipelineRunUid": getenv(EnvTektonPipelineRunUID),
		})
		invocation = or(getenv(EnvTektonTaskRunUID), getenv(EnvTektonPipelineRunUID))
	default:
		buildType, builderID = LocalBuildType, LocalBuilderID
		internal["unverified"] = true
		internal["note"] = "produced outside a CI platform: nothing but the person who ran it vouches for these build details"
	}

	ext, err := structpb.NewStruct(external)
	if err != nil {
		return nil, fmt.Errorf("could not build the provenance's external parameters: %w", err)
	}
	in, err := structpb.NewStruct(internal)
	if err != nil {
		return nil, fmt.Errorf("could not build the provenance's internal parameters: %w", err)
	}
	pred := &slsa.Provenance{
		BuildDefinition: &slsa.BuildDefinition{
			BuildType:            buildType,
			ExternalParameters:   ext,
			InternalParameters:   in,
			ResolvedDependencies: deps,
		},
		RunDetails: &slsa.RunDetails{
			Builder: &slsa.Builder{Id: builderID, Version: map[string]string{"shiftgate": o.ToolVersion}},
		},
	}
	if invocation != "" {
		pred.RunDetails.Metadata = &slsa.BuildMetadata{InvocationId: invocation}
	}
	if err := pred.Validate(); err != nil {
		return nil, fmt.Errorf("invalid SLSA provenance: %w", err)
	}
	predJSON, err := protojson.Marshal(pred)
	if err != nil {
		return nil, fmt.Errorf("could not encode the SLSA provenance: %w", err)
	}
	predStruct := &structpb.Struct{}
	if err := protojson.Unmarshal(predJSON, predStruct); err != nil {
		return nil, fmt.Errorf("could not encode the SLSA provenance: %w", err)
	}
	st := &intoto.Statement{Type: intoto.StatementTypeUri, PredicateType: PredicateType, Predicate: predStruct}
	for _, s := range o.Subjects {
		st.Subject = append(st.Subject, &intoto.ResourceDescriptor{Name: s.Name, Digest: map[string]string{"sha256": s.SHA256}})
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("invalid in-toto statement: %w", err)
	}
	return st, nil
}

// Marshal writes the statement as protojson, re-encoded with encoding/json so the
// bytes are the same run after run (protojson varies its white space on purpose).
func Marshal(st *intoto.Statement) ([]byte, error) {
	raw, err := protojson.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("could not encode the in-toto statement: %w", err)
	}
	return buf.Bytes(), nil
}

// Parse reads a statement written by Marshal (or anyone else).
func Parse(b []byte) (*intoto.Statement, error) {
	st := &intoto.Statement{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("not an in-toto statement: %w", err)
	}
	return st, nil
}

// sourceDescriptor names the checked-out source: its URL at the commit, or the commit alone.
func sourceDescriptor(s source.Info) *intoto.ResourceDescriptor {
	if s.Commit == "" {
		return nil
	}
	rd := &intoto.ResourceDescriptor{Digest: map[string]string{"gitCommit": s.Commit}}
	if s.URL != "" {
		rd.Uri = "git+" + s.URL + "@" + or(s.Ref, s.Commit)
	} else {
		rd.Name = s.Name
	}
	return rd
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nonEmpty(m map[string]any) map[string]any {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}
