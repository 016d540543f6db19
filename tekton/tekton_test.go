package tekton_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	v1img "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	v1 "github.com/tektoncd/pipeline/pkg/apis/pipeline/v1"
	"github.com/tektoncd/pipeline/pkg/reconciler/taskrun/resources"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
	"github.com/shiftgate/shiftgate/internal/cli"
	"github.com/shiftgate/shiftgate/tekton"
)

// The test binary doubles as the shiftgate binary the Task's script runs.
const asShiftgate = "SHIFTGATE_TEKTON_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asShiftgate) == "1" {
		os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// docs holds every YAML document of this folder, parsed strictly.
type docs struct {
	tasks     map[string]*v1.Task
	pipelines map[string]*v1.Pipeline
	files     map[string]string // object name -> file
}

func load(t *testing.T) *docs {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no YAML in tekton/: %v", err)
	}
	d := &docs{tasks: map[string]*v1.Task{}, pipelines: map[string]*v1.Pipeline{}, files: map[string]string{}}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tm metav1.TypeMeta
		if err := yaml.Unmarshal(data, &tm); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if tm.APIVersion != "tekton.dev/v1" {
			t.Errorf("%s: apiVersion %q, want tekton.dev/v1", f, tm.APIVersion)
		}
		switch tm.Kind {
		case "Task":
			var task v1.Task
			if err := yaml.UnmarshalStrict(data, &task); err != nil {
				t.Fatalf("%s: not a strict v1.Task: %v", f, err)
			}
			d.tasks[task.Name] = &task
			d.files[task.Name] = f
		case "Pipeline":
			var p v1.Pipeline
			if err := yaml.UnmarshalStrict(data, &p); err != nil {
				t.Fatalf("%s: not a strict v1.Pipeline: %v", f, err)
			}
			d.pipelines[p.Name] = &p
			d.files[p.Name] = f
		default:
			t.Errorf("%s: kind %q, want Task or Pipeline", f, tm.Kind)
		}
	}
	return d
}

func TestEveryYAMLValidatesWithTekton(t *testing.T) {
	d := load(t)
	if d.tasks["shiftgate"] == nil || d.tasks["shiftgate-merge"] == nil || len(d.pipelines) == 0 {
		t.Fatalf("want the shiftgate and shiftgate-merge Tasks and a Pipeline, got %v", d.files)
	}
	ctx := context.Background()
	for name, task := range d.tasks {
		task.SetDefaults(ctx)
		if err := task.Validate(ctx); err != nil {
			t.Errorf("%s: Tekton rejects the Task: %v", d.files[name], err)
		}
	}
	for name, p := range d.pipelines {
		p.SetDefaults(ctx)
		if err := p.Validate(ctx); err != nil {
			t.Errorf("%s: Tekton rejects the Pipeline: %v", d.files[name], err)
		}
	}
}

func TestCatalogConventions(t *testing.T) {
	d := load(t)
	check := func(file string, meta metav1.ObjectMeta, desc string) {
		if meta.Labels["app.kubernetes.io/version"] == "" {
			t.Errorf("%s: no app.kubernetes.io/version label", file)
		}
		for _, a := range []string{"tekton.dev/pipelines.minVersion", "tekton.dev/categories", "tekton.dev/tags", "tekton.dev/displayName", "tekton.dev/platforms"} {
			if meta.Annotations[a] == "" {
				t.Errorf("%s: no %s annotation", file, a)
			}
		}
		if strings.TrimSpace(desc) == "" {
			t.Errorf("%s: no description", file)
		}
	}
	for name, task := range d.tasks {
		f := d.files[name]
		check(f, task.ObjectMeta, task.Spec.Description)
		for _, p := range task.Spec.Params {
			if strings.TrimSpace(p.Description) == "" {
				t.Errorf("%s: param %s has no description", f, p.Name)
			}
		}
		for _, r := range task.Spec.Results {
			if strings.TrimSpace(r.Description) == "" {
				t.Errorf("%s: result %s has no description", f, r.Name)
			}
		}
		for _, w := range task.Spec.Workspaces {
			if strings.TrimSpace(w.Description) == "" {
				t.Errorf("%s: workspace %s has no description", f, w.Name)
			}
		}
		// Chains type hints: object results named *_ARTIFACT_OUTPUTS with uri and digest.
		for _, want := range []string{tekton.ResultSARIF, tekton.ResultSBOM} {
			i := slices.IndexFunc(task.Spec.Results, func(r v1.TaskResult) bool { return r.Name == want })
			if i < 0 {
				t.Errorf("%s: no %s result", f, want)
				continue
			}
			r := task.Spec.Results[i]
			if r.Type != v1.ResultsTypeObject || r.Properties["uri"].Type != v1.ParamTypeString || r.Properties["digest"].Type != v1.ParamTypeString {
				t.Errorf("%s: %s must be an object result with string uri and digest: %+v", f, want, r)
			}
		}
		for _, want := range []string{tekton.ResultVerdict, tekton.ResultBlocking, tekton.ResultFindings, tekton.ResultDigest} {
			if !slices.ContainsFunc(task.Spec.Results, func(r v1.TaskResult) bool { return r.Name == want }) {
				t.Errorf("%s: no %s result", f, want)
			}
		}
	}
	for name, p := range d.pipelines {
		f := d.files[name]
		check(f, p.ObjectMeta, p.Spec.Description)
		for _, pp := range p.Spec.Params {
			if strings.TrimSpace(pp.Description) == "" {
				t.Errorf("%s: param %s has no description", f, pp.Name)
			}
		}
	}
	if ws := d.tasks["shiftgate"].Spec.Workspaces; !slices.ContainsFunc(ws, func(w v1.WorkspaceDeclaration) bool { return w.Name == "source" && !w.Optional }) ||
		!slices.ContainsFunc(ws, func(w v1.WorkspaceDeclaration) bool { return w.Name == "signing-key" && w.Optional }) {
		t.Errorf("the shiftgate Task needs a source workspace and an optional signing-key workspace: %+v", ws)
	}
	for _, p := range []string{"policy", "ORG_POLICY", "path", "offline-db", "fail-severity", "mode"} {
		if !slices.ContainsFunc(d.tasks["shiftgate"].Spec.Params, func(s v1.ParamSpec) bool { return s.Name == p }) {
			t.Errorf("the shiftgate Task has no %s param", p)
		}
	}
}

// Steps run unprivileged, and parameters never become script text.
func TestStepsAreUnprivilegedAndScriptsInterpolateNothing(t *testing.T) {
	d := load(t)
	tektonVar := regexp.MustCompile(`\$\((params|workspaces|results|context|tasks|steps|step|artifacts)[.\[]`)
	for name, task := range d.tasks {
		for _, s := range task.Spec.Steps {
			where := fmt.Sprintf("%s: step %s", d.files[name], s.Name)
			sc := s.SecurityContext
			if sc == nil {
				t.Errorf("%s: no securityContext", where)
				continue
			}
			if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 {
				t.Errorf("%s: must run as a non-root user", where)
			}
			if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
				t.Errorf("%s: allowPrivilegeEscalation must be false", where)
			}
			if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
				t.Errorf("%s: readOnlyRootFilesystem must be true", where)
			}
			if sc.Privileged != nil && *sc.Privileged {
				t.Errorf("%s: privileged", where)
			}
			if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, corev1.Capability("ALL")) || len(sc.Capabilities.Add) > 0 {
				t.Errorf("%s: capabilities must drop ALL and add none", where)
			}
			if m := tektonVar.FindString(s.Script); m != "" {
				t.Errorf("%s: the script interpolates %s…: pass it through env instead (a script is an injection sink)", where, m)
			}
		}
	}
}

var varRef = regexp.MustCompile(`\$\((params|workspaces|results|tasks)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_-]+))?(?:\.([A-Za-z0-9_-]+))?`)

// Every param, workspace and result a Task or Pipeline refers to is declared, and
// every Task the Pipeline uses is given what it requires.
func TestEveryReferenceIsDeclared(t *testing.T) {
	d := load(t)
	for name, task := range d.tasks {
		f := d.files[name]
		data, _ := os.ReadFile(f)
		for _, m := range varRef.FindAllStringSubmatch(string(data), -1) {
			switch m[1] {
			case "params":
				if !slices.ContainsFunc(task.Spec.Params, func(p v1.ParamSpec) bool { return p.Name == m[2] }) {
					t.Errorf("%s: %s refers to an undeclared param", f, m[0])
				}
			case "workspaces":
				if !slices.ContainsFunc(task.Spec.Workspaces, func(w v1.WorkspaceDeclaration) bool { return w.Name == m[2] }) {
					t.Errorf("%s: %s refers to an undeclared workspace", f, m[0])
				}
			case "results":
				if !slices.ContainsFunc(task.Spec.Results, func(r v1.TaskResult) bool { return r.Name == m[2] }) {
					t.Errorf("%s: %s refers to an undeclared result", f, m[0])
				}
			default:
				t.Errorf("%s: %s has no meaning in a Task", f, m[0])
			}
		}
		for _, s := range task.Spec.Steps {
			for _, vm := range s.VolumeMounts {
				if !slices.ContainsFunc(task.Spec.Volumes, func(v corev1.Volume) bool { return v.Name == vm.Name }) {
					t.Errorf("%s: step %s mounts undeclared volume %s", f, s.Name, vm.Name)
				}
			}
		}
	}
	for name, p := range d.pipelines {
		f := d.files[name]
		data, _ := os.ReadFile(f)
		for _, m := range varRef.FindAllStringSubmatch(string(data), -1) {
			switch m[1] {
			case "params":
				if !slices.ContainsFunc(p.Spec.Params, func(pp v1.ParamSpec) bool { return pp.Name == m[2] }) {
					t.Errorf("%s: %s refers to an undeclared param", f, m[0])
				}
			case "tasks":
				i := slices.IndexFunc(p.Spec.Tasks, func(pt v1.PipelineTask) bool { return pt.Name == m[2] })
				if i < 0 || m[3] != "results" {
					t.Errorf("%s: %s refers to an unknown pipeline task", f, m[0])
					continue
				}
				task := d.tasks[p.Spec.Tasks[i].TaskRef.Name]
				if task == nil || !slices.ContainsFunc(task.Spec.Results, func(r v1.TaskResult) bool { return r.Name == m[4] }) {
					t.Errorf("%s: %s refers to a result the Task does not declare", f, m[0])
				}
			default:
				t.Errorf("%s: %s is not allowed here", f, m[0])
			}
		}
		for _, pt := range p.Spec.Tasks {
			if pt.TaskRef == nil || d.tasks[pt.TaskRef.Name] == nil {
				t.Errorf("%s: task %s refers to a Task not in tekton/", f, pt.Name)
				continue
			}
			task := d.tasks[pt.TaskRef.Name]
			given := map[string]bool{}
			params := slices.Clone(pt.Params)
			if pt.Matrix != nil {
				params = append(params, pt.Matrix.Params...)
			}
			for _, pp := range params {
				given[pp.Name] = true
				if !slices.ContainsFunc(task.Spec.Params, func(s v1.ParamSpec) bool { return s.Name == pp.Name }) {
					t.Errorf("%s: task %s passes param %s, which Task %s does not declare", f, pt.Name, pp.Name, task.Name)
				}
			}
			for _, s := range task.Spec.Params {
				if s.Default == nil && !given[s.Name] {
					t.Errorf("%s: task %s does not pass the required param %s", f, pt.Name, s.Name)
				}
			}
			bound := map[string]bool{}
			for _, wb := range pt.Workspaces {
				bound[wb.Name] = true
				if !slices.ContainsFunc(task.Spec.Workspaces, func(w v1.WorkspaceDeclaration) bool { return w.Name == wb.Name }) {
					t.Errorf("%s: task %s binds workspace %s, which Task %s does not declare", f, pt.Name, wb.Name, task.Name)
				}
				if !slices.ContainsFunc(p.Spec.Workspaces, func(w v1.PipelineWorkspaceDeclaration) bool { return w.Name == wb.Workspace }) {
					t.Errorf("%s: task %s uses pipeline workspace %s, which is not declared", f, pt.Name, wb.Workspace)
				}
			}
			for _, w := range task.Spec.Workspaces {
				if !w.Optional && !bound[w.Name] {
					t.Errorf("%s: task %s does not bind the required workspace %s", f, pt.Name, w.Name)
				}
			}
		}
	}
}

// stepRun is the outcome of running a Task's step the way Tekton does.
type stepRun struct {
	code           int
	stdout, stderr string
	results        map[string]string
}

// copyDir copies the fixture repository into a fresh workspace folder.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// resolveStep is the Task's first step after Tekton's own substitution of params,
// workspaces (source and the named optional ones bound, at /workspace/NAME) and results.
func resolveStep(task *v1.Task, params v1.Params, workspaces ...string) v1.Step {
	spec := task.Spec.DeepCopy()
	tr := &v1.TaskRun{Spec: v1.TaskRunSpec{Params: params,
		Workspaces: []v1.WorkspaceBinding{{Name: "source", EmptyDir: &corev1.EmptyDirVolumeSource{}}}}}
	for _, name := range workspaces {
		tr.Spec.Workspaces = append(tr.Spec.Workspaces, v1.WorkspaceBinding{Name: name, EmptyDir: &corev1.EmptyDirVolumeSource{}})
	}
	spec = resources.ApplyParameters(spec, tr, spec.Params...)
	spec = resources.ApplyWorkspaces(context.Background(), spec, spec.Workspaces, tr.Spec.Workspaces, nil)
	spec = resources.ApplyResults(spec)
	return spec.Steps[0]
}

// runStep resolves the Task's first step with Tekton's own substitution of params,
// workspaces and results, "mounts" the workspace and /tmp on temporary folders, and
// runs its script with bash, the test binary standing in for the shiftgate binary.
// extra binds more workspaces (name → folder), as a TaskRun would.
func runStep(t *testing.T, task *v1.Task, params v1.Params, ws string, extra ...[2]string) stepRun {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	tmp := t.TempDir()
	mounts := [][2]string{{"/workspace/source", ws}, {"/tmp", filepath.Join(tmp, "tmp-mount")}}
	var names []string
	for _, e := range extra {
		names = append(names, e[0])
		mounts = append(mounts, [2]string{"/workspace/" + e[0], e[1]})
	}
	step := resolveStep(task, params, names...)

	mount := func(s string) string {
		for _, m := range mounts {
			if s == m[0] || strings.HasPrefix(s, m[0]+"/") {
				return m[1] + strings.TrimPrefix(s, m[0])
			}
		}
		return s
	}
	bin := filepath.Join(tmp, "bin")
	resultsDir := filepath.Join(tmp, "results")
	for _, d := range []string{bin, resultsDir, filepath.Join(tmp, "tmp-mount")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, filepath.Join(bin, "shiftgate")); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(step.Script, "#!/bin/sh\n") {
		t.Fatalf("step %s: the script must start with #!/bin/sh", step.Name)
	}
	script := filepath.Join(tmp, "script.sh")
	if err := os.WriteFile(script, []byte(step.Script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{script}, step.Args...)...)
	cmd.Dir = mount(step.WorkingDir)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), asShiftgate+"=1", "TEKTON_RESULTS_DIR="+resultsDir)
	for _, e := range step.Env {
		cmd.Env = append(cmd.Env, e.Name+"="+mount(e.Value))
	}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	r := stepRun{stdout: out.String(), stderr: errb.String(), results: map[string]string{}}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(resultsDir)
	type message struct {
		Key   string `json:"key"`
		Value string `json:"value"`
		Type  int    `json:"type"`
	}
	var termination []message
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(resultsDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		r.results[e.Name()] = string(b)
		termination = append(termination, message{Key: e.Name(), Value: string(b), Type: 1})
	}
	// The results travel in the termination message, which Tekton caps at 4 KiB.
	if b, _ := json.Marshal(termination); len(b) >= tekton.MaxResultsBytes {
		t.Errorf("the results take %d bytes of the %d-byte termination message", len(b), tekton.MaxResultsBytes)
	}
	for _, res := range task.Spec.Results {
		if _, ok := r.results[res.Name]; !ok {
			t.Errorf("result %s was not written (exit %d)\nstderr: %s", res.Name, r.code, r.stderr)
		}
	}
	return r
}

func strParam(name, value string) v1.Param {
	return v1.Param{Name: name, Value: *v1.NewStructuredValues(value)}
}

func sha256File(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func artifact(t *testing.T, r stepRun, name string) tekton.ArtifactOutput {
	t.Helper()
	var a tekton.ArtifactOutput
	if err := json.Unmarshal([]byte(r.results[name]), &a); err != nil {
		t.Fatalf("%s = %q: %v", name, r.results[name], err)
	}
	return a
}

func TestScanStepRunsLikeTekton(t *testing.T) {
	task := load(t).tasks["shiftgate"]
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)

	r := runStep(t, task, v1.Params{strParam("on-fail", "continue")}, ws)
	if r.code != 0 {
		t.Fatalf("on-fail continue: exit %d, want 0\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for k, want := range map[string]string{"verdict": "fail", "blocking-count": "1", "findings-count": "1"} {
		if r.results[k] != want {
			t.Errorf("result %s = %q, want %q", k, r.results[k], want)
		}
	}
	if want := sha256File(t, filepath.Join(ws, ".shiftgate/out/shiftgate.json")); r.results["report-digest"] != want {
		t.Errorf("report-digest = %q, want %s", r.results["report-digest"], want)
	}
	sarif := artifact(t, r, tekton.ResultSARIF)
	if sarif.URI != ".shiftgate/out/shiftgate.sarif" || sarif.Digest != sha256File(t, filepath.Join(ws, sarif.URI)) {
		t.Errorf("SARIF_ARTIFACT_OUTPUTS = %+v, want the SARIF's workspace path and digest", sarif)
	}
	sbom := artifact(t, r, tekton.ResultSBOM)
	if sbom.URI != "" && sbom.Digest != sha256File(t, filepath.Join(ws, sbom.URI)) {
		t.Errorf("SBOM_ARTIFACT_OUTPUTS = %+v: the digest does not match the file", sbom)
	}
	if !strings.Contains(r.stdout, "go/sql-injection app/db.go:4:2") {
		t.Errorf("the log does not show the blocking finding:\n%s", r.stdout)
	}

	// By default a failing gate fails the step, with its exit code, and results are still written.
	r = runStep(t, task, v1.Params{strParam("fail-severity", "high")}, ws)
	if r.code != 1 || r.results["verdict"] != "fail" {
		t.Errorf("on-fail fail: exit %d, verdict %q; want 1 and fail", r.code, r.results["verdict"])
	}
	// Audit mode passes.
	r = runStep(t, task, v1.Params{strParam("mode", "audit")}, ws)
	if r.code != 0 || r.results["verdict"] != "pass" || r.results["blocking-count"] != "1" {
		t.Errorf("audit: exit %d, results %v; want 0, pass, 1 blocking", r.code, r.results)
	}
}

// A param value is data, never shell: Tekton substitutes it into the env only.
func TestParamsCannotInjectShell(t *testing.T) {
	task := load(t).tasks["shiftgate"]
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	pwned := filepath.Join(t.TempDir(), "pwned")
	for _, p := range []v1.Param{
		strParam("path", "$(touch "+pwned+")"),
		strParam("policy", `x"; touch `+pwned+`; echo "`),
		strParam("fail-severity", "`touch "+pwned+"`"),
		strParam("ORG_POLICY", `$(touch `+pwned+`)`),
	} {
		r := runStep(t, task, v1.Params{p}, ws)
		if _, err := os.Stat(pwned); err == nil {
			t.Fatalf("param %s = %q ran a command", p.Name, p.Value.StringVal)
		}
		if r.code != 2 || r.results["verdict"] != "error" {
			t.Errorf("param %s = %q: exit %d, verdict %q; want 2 (nothing judged) and error", p.Name, p.Value.StringVal, r.code, r.results["verdict"])
		}
	}
}

// The Pipeline's fan-out: the shiftgate Task per module with on-fail continue, then the
// merge Task with the modules as its array param.
func TestFanOutAndMergeStepsRunLikeTekton(t *testing.T) {
	d := load(t)
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	for _, module := range []string{".", "svc"} {
		r := runStep(t, d.tasks["shiftgate"], v1.Params{strParam("path", module), strParam("on-fail", "continue")}, ws)
		if r.code != 0 {
			t.Fatalf("module %s: exit %d\n%s", module, r.code, r.stderr)
		}
	}
	modules := v1.Param{Name: "modules", Value: *v1.NewStructuredValues(".", "svc")}
	r := runStep(t, d.tasks["shiftgate-merge"], v1.Params{modules}, ws)
	if r.code != 1 {
		t.Errorf("merge: exit %d, want 1 (the root module fails)\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	for k, want := range map[string]string{"verdict": "fail", "blocking-count": "1", "findings-count": "2"} {
		if r.results[k] != want {
			t.Errorf("merged result %s = %q, want %q", k, r.results[k], want)
		}
	}
	merged, err := os.ReadFile(filepath.Join(ws, ".shiftgate/merged/shiftgate.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"path": "svc/main.go"`, `"path": "app/db.go"`} {
		if !strings.Contains(string(merged), want) {
			t.Errorf("merged shiftgate.json lacks %s", want)
		}
	}
	if a := artifact(t, r, tekton.ResultSARIF); a.URI != ".shiftgate/merged/shiftgate.sarif" {
		t.Errorf("merged SARIF uri = %q", a.URI)
	}
}

// With the optional signing-key workspace bound (a Secret with cosign.key and
// cosign.password), the step signs the reports; shiftgate verify accepts them.
func TestScanStepSignsWithTheSigningKeyWorkspace(t *testing.T) {
	task := load(t).tasks["shiftgate"]
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	priv, pub, err := sign.GenerateKeyPair([]byte("tekton-test"))
	if err != nil {
		t.Fatal(err)
	}
	secret := t.TempDir()
	os.WriteFile(filepath.Join(secret, "cosign.key"), priv, 0o600)
	os.WriteFile(filepath.Join(secret, "cosign.password"), []byte("tekton-test"), 0o600)
	pubFile := filepath.Join(t.TempDir(), "cosign.pub")
	os.WriteFile(pubFile, pub, 0o644)

	r := runStep(t, task, v1.Params{strParam("on-fail", "continue")}, ws, [2]string{"signing-key", secret})
	if r.code != 0 || r.results["verdict"] != "fail" {
		t.Fatalf("exit %d, verdict %q\nstderr: %s", r.code, r.results["verdict"], r.stderr)
	}
	out := filepath.Join(ws, ".shiftgate/out")
	if _, err := os.Stat(filepath.Join(out, "shiftgate.sarif.sig")); err != nil {
		t.Errorf("the SARIF was not signed: %v", err)
	}
	var stdout, stderr strings.Builder
	if code := cli.Main(context.Background(), []string{"verify", "--key", pubFile, out}, nil, &stdout, &stderr); code != 0 {
		t.Errorf("shiftgate verify: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	// A key that is not one fails the step: nothing is judged unsigned by mistake.
	os.WriteFile(filepath.Join(secret, "cosign.key"), []byte("not a key"), 0o600)
	r = runStep(t, task, v1.Params{strParam("on-fail", "continue")}, ws, [2]string{"signing-key", secret})
	if r.code != 2 || !strings.Contains(r.stderr, "cosign.key") {
		t.Errorf("a bad key: exit %d, want 2 naming the key\n%s", r.code, r.stderr)
	}
}

// TestStaleReportIsNeverTheVerdict: a shiftgate.json with "verdict": "pass" left in
// the workspace's out dir (an earlier run, or committed by the change under test) must
// not become the result of a scan that judged nothing.
func TestStaleReportIsNeverTheVerdict(t *testing.T) {
	task := load(t).tasks["shiftgate"]
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	stale := filepath.Join(ws, ".shiftgate", "out", "shiftgate.json")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte(`{"schemaVersion": "1", "verdict": "pass", "summary": {"findings": 0, "blocking": 0}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runStep(t, task, v1.Params{strParam("fail-severity", "severe")}, ws)
	if r.code != 2 || r.results["verdict"] != "error" {
		t.Errorf("exit %d, verdict %q: want 2 and error, not the stale report's pass", r.code, r.results["verdict"])
	}
}

// The shiftgate-image Task scans an image a previous step built — an OCI layout in the
// workspace, or a registry reference — with the source, in one verdict, and emits
// Chains' IMAGE_URL / IMAGE_DIGEST for exactly the image it judged.
func TestImageStepRunsLikeTekton(t *testing.T) {
	task := load(t).tasks["shiftgate-image"]
	if task == nil {
		t.Fatal("no shiftgate-image Task in tekton/")
	}
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	if err := imagetest.OfflineDB(filepath.Join(ws, "osvdb")); err != nil {
		t.Fatal(err)
	}
	vuln, err := imagetest.Named("debian-vulnerable")
	if err != nil {
		t.Fatal(err)
	}
	clean, err := imagetest.Named("debian-clean")
	if err != nil {
		t.Fatal(err)
	}
	for dir, img := range map[string]v1img.Image{"build/vuln": vuln, "build/clean": clean} {
		if err := imagetest.WriteLayout(filepath.Join(ws, dir), img); err != nil {
			t.Fatal(err)
		}
	}
	wantDigest, _ := vuln.Digest()

	// The source alone has one high finding: audit the source, judge the image.
	params := func(img string) v1.Params {
		return v1.Params{strParam("IMAGE", img), strParam("offline-db", "osvdb"), strParam("on-fail", "continue")}
	}
	r := runStep(t, task, params("build/vuln"), ws)
	if r.code != 0 || r.results["verdict"] != "fail" {
		t.Fatalf("vulnerable image: exit %d, verdict %q\nstderr: %s", r.code, r.results["verdict"], r.stderr)
	}
	if !strings.Contains(r.stdout, "libssl3") || !strings.Contains(r.stdout, "DSA-5532-1") {
		t.Errorf("the log does not show the image's libssl3 finding:\n%s", r.stdout)
	}
	if r.results["IMAGE_DIGEST"] != wantDigest.String() || r.results["IMAGE_URL"] != "" {
		t.Errorf("OCI layout: IMAGE_URL %q, IMAGE_DIGEST %q; want empty and %s", r.results["IMAGE_URL"], r.results["IMAGE_DIGEST"], wantDigest)
	}
	report, err := os.ReadFile(filepath.Join(ws, ".shiftgate/out/shiftgate.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), `"path": "app/db.go"`) || !strings.Contains(string(report), `"check": "image"`) {
		t.Errorf("one verdict should hold the source's and the image's findings")
	}
	if r.results["blocking-count"] != "4" {
		t.Errorf("vulnerable image: blocking-count %s, want 4 (the source's SQL injection and libssl3's three advisories)", r.results["blocking-count"])
	}

	// The clean twin leaves only the source's finding.
	cleanDigest, _ := clean.Digest()
	r = runStep(t, task, params("build/clean"), ws)
	if r.results["blocking-count"] != "1" || r.results["IMAGE_DIGEST"] != cleanDigest.String() {
		t.Errorf("clean twin: blocking %s, digest %s; want 1 (the source's) and %s", r.results["blocking-count"], r.results["IMAGE_DIGEST"], cleanDigest)
	}

	// A registry image pinned by digest (a build Task's IMAGE_URL@IMAGE_DIGEST).
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	repo := strings.TrimPrefix(srv.URL, "http://") + "/team/app"
	tag, err := name.NewTag(repo + ":1")
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.Write(tag, vuln); err != nil {
		t.Fatal(err)
	}
	r = runStep(t, task, params(repo+"@"+wantDigest.String()), ws)
	if r.results["verdict"] != "fail" || r.results["IMAGE_URL"] != repo || r.results["IMAGE_DIGEST"] != wantDigest.String() {
		t.Errorf("registry: exit %d, results %v; want fail, IMAGE_URL %s, IMAGE_DIGEST %s\nstderr: %s", r.code, r.results, repo, wantDigest, r.stderr)
	}
	// A tag is resolved to the manifest it names.
	r = runStep(t, task, params(repo+":1"), ws)
	if r.results["IMAGE_URL"] != repo || r.results["IMAGE_DIGEST"] != wantDigest.String() {
		t.Errorf("registry tag: IMAGE_URL %q, IMAGE_DIGEST %q", r.results["IMAGE_URL"], r.results["IMAGE_DIGEST"])
	}

	// An image that is not there: nothing judged, the step fails, no image results.
	r = runStep(t, task, params("build/missing"), ws)
	if r.code != 2 || r.results["verdict"] != "error" || r.results["IMAGE_DIGEST"] != "" || !strings.Contains(r.stderr, "build/missing") {
		t.Errorf("missing image: exit %d, results %v; want 2, error, no digest\nstderr: %s", r.code, r.results, r.stderr)
	}
	// IMAGE is data, never shell.
	pwned := filepath.Join(t.TempDir(), "pwned")
	for _, v := range []string{"$(touch " + pwned + ")", "x; touch " + pwned, "`touch " + pwned + "`"} {
		r = runStep(t, task, params(v), ws)
		if _, err := os.Stat(pwned); err == nil {
			t.Fatalf("IMAGE = %q ran a command", v)
		}
		if r.code != 2 || r.results["verdict"] != "error" {
			t.Errorf("IMAGE = %q: exit %d, verdict %q; want 2 and error", v, r.code, r.results["verdict"])
		}
	}
	// IMAGE given empty is a clear error too.
	r = runStep(t, task, params(""), ws)
	if r.code != 2 || !strings.Contains(r.stderr, "IMAGE param") {
		t.Errorf("empty IMAGE: exit %d\nstderr: %s", r.code, r.stderr)
	}
}

// The organisation policy reaches the step from the org-policy workspace (a ConfigMap)
// or the ORG_POLICY param: the repository policy that loosens it fails the step with a
// POLICY-ORG finding, and the provenance records the organisation policy's digest.
func TestScanStepAppliesTheOrgPolicy(t *testing.T) {
	task := load(t).tasks["shiftgate"]
	ws := t.TempDir()
	copyDir(t, "testdata/repo", ws)
	// The repository raises its fail severity to critical; the organisation says high.
	if err := os.WriteFile(filepath.Join(ws, ".shiftgate.yaml"), []byte("version: 1\nfail: {severity: critical}\nchecks:\n  sast:\n    import: [\"reports/*.sarif\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	org := t.TempDir()
	if err := os.WriteFile(filepath.Join(org, "policy.yaml"), []byte("version: 1\nfail: {severity: high}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, params := range map[string]v1.Params{
		"workspace": {strParam("on-fail", "continue")},
		"param":     {strParam("on-fail", "continue"), strParam("ORG_POLICY", "/workspace/org-policy/policy.yaml")},
	} {
		r := runStep(t, task, params, ws, [2]string{"org-policy", org})
		if r.code != 0 || r.results["verdict"] != "fail" {
			t.Fatalf("%s: exit %d, verdict %q; want 0 (continue) and fail\nstderr: %s", name, r.code, r.results["verdict"], r.stderr)
		}
		report, err := os.ReadFile(filepath.Join(ws, ".shiftgate/out/shiftgate.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(report), `"rule": "POLICY-ORG-001"`) || !strings.Contains(string(report), "fail.severity: the repository policy sets critical") {
			t.Errorf("%s: no POLICY-ORG-001 finding for the raised fail severity in shiftgate.json", name)
		}
		prov, err := os.ReadFile(filepath.Join(ws, ".shiftgate/out/provenance.intoto.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(prov), `"organisation-policy"`) {
			t.Errorf("%s: the provenance does not record the organisation policy:\n%s", name, prov)
		}
	}
	// Without the workspace or the param, the repository's own policy judges.
	r := runStep(t, task, v1.Params{strParam("on-fail", "continue")}, ws)
	if report, _ := os.ReadFile(filepath.Join(ws, ".shiftgate/out/shiftgate.json")); strings.Contains(string(report), "POLICY-ORG") {
		t.Errorf("no organisation policy, yet a POLICY-ORG finding (verdict %q)", r.results["verdict"])
	}
}
