package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/shiftgate/shiftgate/internal/policy"
)

// yamlBlock is one ```yaml block of a Markdown file and the line it starts on.
type yamlBlock struct {
	line int
	text string
}

func yamlBlocks(md string) []yamlBlock {
	var out []yamlBlock
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```yaml" {
			continue
		}
		start := i + 1
		var body []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			body = append(body, lines[i])
		}
		out = append(out, yamlBlock{line: start + 1, text: strings.Join(body, "\n") + "\n"})
	}
	return out
}

// TestREADMEPolicies copies every policy example of README.md (a ```yaml block with a
// top-level version key) into a fixture repository, validates it and scans with it, as
// a newcomer who copies it verbatim would: the scan must judge (exit 0 or 1), every
// check must run, and the example must not silently scan less than the default policy.
func TestREADMEPolicies(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	def := policy.Default()
	n := 0
	for _, b := range yamlBlocks(string(readme)) {
		var top map[string]any
		if err := yaml.Unmarshal([]byte(b.text), &top); err != nil {
			t.Errorf("README.md:%d: a yaml block that does not parse: %v", b.line, err)
			continue
		}
		if _, ok := top["version"]; !ok {
			continue // a workflow or a Tekton snippet, not a policy
		}
		n++
		t.Run(fmt.Sprintf("README.md:%d", b.line), func(t *testing.T) {
			repo := filepath.Join(t.TempDir(), "repo")
			if err := os.CopyFS(repo, os.DirFS(filepath.Join("testdata", "readme-repo"))); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(repo, policy.FileName)
			if err := os.WriteFile(file, []byte(b.text), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := policy.Load(file)
			if err != nil {
				t.Fatalf("the example is not a valid policy:\n%v", err)
			}
			for _, g := range def.Paths.Exclude {
				if !slices.Contains(p.Paths.Exclude, g) {
					t.Errorf("paths.exclude drops the default's %q: a copied example would silently scan more (or say so in the example)", g)
				}
			}
			if strings.Contains(b.text, "changed:") {
				if diff := unmarkedChanges(t, b.text); diff != "" {
					t.Errorf("the example differs from the default policy on a line not marked \"changed:\":\n%s", diff)
				}
			}
			ctx := context.Background()
			var stdout, stderr bytes.Buffer
			if code := Main(ctx, []string{"policy", "validate", repo}, nil, &stdout, &stderr); code != ExitPass {
				t.Fatalf("policy validate exited %d:\n%s%s", code, stdout.String(), stderr.String())
			}
			out := filepath.Join(t.TempDir(), "out")
			stdout.Reset()
			stderr.Reset()
			code := Main(ctx, []string{"scan", "--quiet", "--no-color", "--out", out, repo}, nil, &stdout, &stderr)
			if code != ExitPass && code != ExitFail {
				t.Fatalf("scan exited %d, want a verdict (0 or 1):\n%s%s", code, stdout.String(), stderr.String())
			}
			data, err := os.ReadFile(filepath.Join(out, "shiftgate.json"))
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				Checks   []struct{ Name, Status, Error string }
				Findings []struct{ Check, Rule, Path string }
			}
			if err := json.Unmarshal(data, &res); err != nil {
				t.Fatal(err)
			}
			for _, c := range res.Checks {
				if c.Status == "error" {
					t.Errorf("check %s could not run with the README's policy: %s", c.Name, c.Error)
				}
			}
			// The fixture's privileged container is found: the IaC check really ran.
			if !slices.ContainsFunc(res.Findings, func(f struct{ Check, Rule, Path string }) bool {
				return f.Rule == "K8S-001" && f.Path == "deploy/app.yaml"
			}) {
				t.Errorf("no K8S-001 finding in deploy/app.yaml; findings: %+v", res.Findings)
			}
		})
	}
	if n == 0 {
		t.Fatal("README.md has no policy example: the test would prove nothing")
	}
}

// unmarkedChanges puts the default's value back wherever the example marks a line
// "changed:" and returns how the result still differs from the default policy, "" when
// it does not: an example that says what it changes must change nothing else.
func unmarkedChanges(t *testing.T, example string) string {
	t.Helper()
	var ex, def yaml.Node
	if err := yaml.Unmarshal([]byte(example), &ex); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(policy.Starter(), &def); err != nil {
		t.Fatal(err)
	}
	restore(ex.Content[0], def.Content[0])
	restored, err := yaml.Marshal(&ex)
	if err != nil {
		t.Fatal(err)
	}
	p, err := policy.Parse("README example", restored)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := yaml.Marshal(p)
	want, _ := yaml.Marshal(policy.Default())
	if bytes.Equal(got, want) {
		return ""
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	var out []string
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			out = append(out, "  default: "+w, "  example: "+g)
		}
	}
	return strings.Join(out, "\n")
}

// restore replaces, in the example's mapping ex, every value whose line is marked
// "changed:" by the default's value (or drops the key when the default has none).
func restore(ex, def *yaml.Node) {
	if ex.Kind != yaml.MappingNode {
		return
	}
	var kept []*yaml.Node
	for i := 0; i+1 < len(ex.Content); i += 2 {
		k, v := ex.Content[i], ex.Content[i+1]
		var dv *yaml.Node
		if def != nil && def.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(def.Content); j += 2 {
				if def.Content[j].Value == k.Value {
					dv = def.Content[j+1]
				}
			}
		}
		if strings.Contains(k.LineComment, "changed:") || strings.Contains(v.LineComment, "changed:") {
			if dv == nil {
				continue
			}
			v = dv
		} else {
			restore(v, dv)
		}
		kept = append(kept, k, v)
	}
	ex.Content = kept
}
