package github

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"
)

// Annotate values: which findings become annotations and enter the PR comment's list.
const (
	AnnotateChanged = "changed" // findings on lines the pull request changed (default)
	AnnotateAll     = "all"     // every finding
	AnnotateNone    = "none"    // no annotations
)

// Inputs are the action's inputs. Each maps one-to-one to a scan flag or a publisher
// setting; action.yml declares the same names (a test holds them together).
type Inputs struct {
	Policy       string // --policy
	OrgPolicy    string // --org-policy
	Path         string // the scan's PATH argument
	FailSeverity string // --fail-severity
	Mode         string // --mode
	OfflineDB    string // --offline-db
	Image        string // --image
	SignKey      string // --sign-key
	ChangedSince string // --changed-since
	Token        string // API token (default ${{ github.token }})
	UploadSARIF  bool   // upload SARIF to code scanning (default true)
	Comment      bool   // keep one sticky PR comment (default true)
	Annotate     string // changed | all | none (default changed)
}

// inputSpec is one row of the input table: the action.yml name, the scan flag it
// becomes (empty for publisher settings), and where its value is stored.
type inputSpec struct {
	name    string
	flag    string
	str     func(*Inputs) *string
	boolean func(*Inputs) *bool
	// allowed lists the accepted values of a string input; nil accepts any.
	allowed []string
}

// inputSpecs is the input table, in action.yml order.
func inputSpecs() []inputSpec {
	return []inputSpec{
		{name: "policy", flag: "--policy", str: func(in *Inputs) *string { return &in.Policy }},
		{name: "org-policy", flag: "--org-policy", str: func(in *Inputs) *string { return &in.OrgPolicy }},
		{name: "path", str: func(in *Inputs) *string { return &in.Path }},
		{name: "fail-severity", flag: "--fail-severity", str: func(in *Inputs) *string { return &in.FailSeverity }},
		{name: "mode", flag: "--mode", str: func(in *Inputs) *string { return &in.Mode }},
		{name: "offline-db", flag: "--offline-db", str: func(in *Inputs) *string { return &in.OfflineDB }},
		{name: "image", flag: "--image", str: func(in *Inputs) *string { return &in.Image }},
		{name: "sign-key", flag: "--sign-key", str: func(in *Inputs) *string { return &in.SignKey }},
		{name: "changed-since", flag: "--changed-since", str: func(in *Inputs) *string { return &in.ChangedSince }},
		{name: "token", str: func(in *Inputs) *string { return &in.Token }},
		{name: "upload-sarif", boolean: func(in *Inputs) *bool { return &in.UploadSARIF }},
		{name: "comment", boolean: func(in *Inputs) *bool { return &in.Comment }},
		{name: "annotate", str: func(in *Inputs) *string { return &in.Annotate },
			allowed: []string{AnnotateChanged, AnnotateAll, AnnotateNone}},
	}
}

func (s inputSpec) set(in *Inputs, v string) error {
	if s.boolean != nil {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("input %q: %q is not a boolean: use true or false", s.name, v)
		}
		*s.boolean(in) = b
		return nil
	}
	if s.allowed != nil {
		v = strings.ToLower(v)
		if !slices.Contains(s.allowed, v) {
			return fmt.Errorf("input %q: unknown value %q: use %s", s.name, v, strings.Join(s.allowed, ", "))
		}
	}
	*s.str(in) = v
	return nil
}

// InputNames lists the inputs the code reads, in action.yml order.
func InputNames() []string {
	var names []string
	for _, s := range inputSpecs() {
		names = append(names, s.name)
	}
	return names
}

// DefaultInputs are the values an input takes when it is empty or unset.
func DefaultInputs() Inputs {
	return Inputs{Path: ".", UploadSARIF: true, Comment: true, Annotate: AnnotateChanged}
}

// ReadInputs reads every input (INPUT_<NAME>). An empty input keeps its default; a bad
// value keeps the default too and is returned as an error message naming the input.
func ReadInputs(a *githubactions.Action) (Inputs, []string) {
	in := DefaultInputs()
	var errs []string
	for _, s := range inputSpecs() {
		v := a.GetInput(s.name)
		if v == "" {
			continue
		}
		if err := s.set(&in, v); err != nil {
			errs = append(errs, err.Error())
		}
	}
	return in, errs
}

// ScanArgs returns the `shiftgate scan` arguments the inputs stand for: flags first,
// then the PATH. Empty inputs add nothing, so the scan's own defaults apply.
func (in Inputs) ScanArgs() []string {
	var args []string
	for _, s := range inputSpecs() {
		if s.flag == "" {
			continue
		}
		if v := *s.str(&in); v != "" {
			args = append(args, s.flag, v)
		}
	}
	path := in.Path
	if path == "" {
		path = "."
	}
	return append(args, path)
}

// OutputNames lists the step outputs Publish writes, in action.yml order.
func OutputNames() []string {
	return []string{"verdict", "blocking-count", "findings-count", "sarif-path", "sbom-path"}
}

// ActionEnv is the variable action.yml sets in the container (runs.env) so the binary
// knows it runs as the shiftgate action and takes its scan settings from the inputs.
const ActionEnv = "SHIFTGATE_ACTION"

// ActionScanArgs returns the scan arguments of an action run: when shiftgate runs as the
// action (GITHUB_ACTIONS and SHIFTGATE_ACTION are "true") and the scan command got no
// arguments of its own, the inputs' equivalent flags and PATH; otherwise args unchanged.
// The returned messages are invalid inputs, to be reported as usage errors.
func ActionScanArgs(getenv func(string) string, args []string) ([]string, []string) {
	if getenv == nil || getenv("GITHUB_ACTIONS") != "true" || getenv(ActionEnv) != "true" || len(args) > 0 {
		return args, nil
	}
	in, errs := ReadInputs(githubactions.New(githubactions.WithGetenv(getenv)))
	return in.ScanArgs(), errs
}
