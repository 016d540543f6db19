package iac

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// renderTimeout bounds one chart render: templates are untrusted and Go templates
// can loop for a long time (until 100000000).
const renderTimeout = 20 * time.Second

// chartRoots returns the folders holding a Chart.yaml, outermost first; a chart
// vendored under another chart's charts/ folder is rendered as part of its parent.
func chartRoots(files []SourceFile) []string {
	var roots []string
	for _, f := range files {
		if path.Base(f.Path) == "Chart.yaml" {
			roots = append(roots, path.Dir(f.Path))
		}
	}
	sort.Strings(roots)
	var out []string
	for _, r := range roots {
		if !slices.ContainsFunc(out, func(o string) bool { return within(r, o) }) {
			out = append(out, r)
		}
	}
	return out
}

// within reports whether p is dir or inside it ("." holds everything).
func within(p, dir string) bool {
	return dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

// chartOf returns the chart root a path belongs to, or "".
func chartOf(p string, roots []string) string {
	for _, r := range roots {
		if within(p, r) {
			return r
		}
	}
	return ""
}

// helmInputs renders one chart in-process with Helm's own loader and engine — with
// its default values, then with each ci/*-values.yaml — and returns the Kubernetes
// resources it produces, located at the template file and line that produced them.
// A chart that does not load or render is a note, never a crash.
func helmInputs(root string, all []SourceFile) ([]input, []finding.Note) {
	var bf []*loader.BufferedFile
	files := map[string][]byte{}
	var ciValues []string
	for _, f := range all {
		if !within(f.Path, root) {
			continue
		}
		rel := strings.TrimPrefix(f.Path, root+"/")
		if root == "." {
			rel = f.Path
		}
		bf = append(bf, &loader.BufferedFile{Name: rel, Data: f.Data})
		files[rel] = f.Data
		if path.Dir(rel) == "ci" && strings.HasSuffix(rel, "-values.yaml") {
			ciValues = append(ciValues, rel)
		}
	}
	chartFile := path.Join(root, "Chart.yaml")
	note := func(msg string, args ...any) finding.Note {
		return finding.Note{Check: Name, Kind: "not-rendered", Path: chartFile, Line: 1, Message: fmt.Sprintf(msg, args...)}
	}
	ch, err := loader.LoadFiles(bf)
	if err != nil {
		return nil, []finding.Note{note("could not load this Helm chart, so its templates were not checked: %v", err)}
	}
	fixRandom(ch)
	var notes []finding.Note
	for _, d := range ch.Metadata.Dependencies {
		if !slices.ContainsFunc(ch.Dependencies(), func(c *chart.Chart) bool { return c.Name() == d.Name }) {
			notes = append(notes, note("dependency %q (%s) is not vendored under charts/: it was not rendered or checked (run helm dependency build and commit charts/ to check it)", d.Name, d.Repository))
		}
	}
	sort.Strings(ciValues)
	renders := append([]string{""}, ciValues...)
	var out []input
	for _, vf := range renders {
		var user map[string]any
		what := "default values"
		if vf != "" {
			what = path.Join(root, vf)
			v, err := chartutil.ReadValues(files[vf])
			if err != nil {
				notes = append(notes, note("could not read %s, so the chart was not rendered with it: %v", what, err))
				continue
			}
			user = v
		}
		rendered, err := renderChart(ch, user)
		if err != nil {
			notes = append(notes, note("this Helm chart did not render with its %s, so its templates were not checked with them: %v", what, err))
			continue
		}
		out = append(out, renderedInputs(root, rendered, files, vf)...)
	}
	return out, notes
}

// Helm's random functions (a test pod named "x-{{ randAlphaNum 5 }}", an annotation
// that forces a rollout) would make every scan render other names, and the findings'
// messages, hence the reports, differ for the same input. Helm's engine takes no
// functions of its own, so in the chart's (and its subcharts') template actions each
// call becomes a function of the same arguments with a fixed result: the string
// functions print their length (randAlphaNum 5 is "5"), randInt its two bounds'
// sum, uuidv4 a fixed UUID. Lines are unchanged, so findings keep their lines.
var (
	actionRe = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	// A string literal matches whole (and is kept); a call matches with the character before it.
	randomRe = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`|" + `(^|[^\w.$])(randAlphaNum|randAlpha|randNumeric|randAscii|randBytes|randInt|uuidv4)\b`)
	fixedFor = map[string]string{"randAlphaNum": "toString", "randAlpha": "toString", "randNumeric": "toString",
		"randAscii": "toString", "randBytes": "toString", "randInt": "add", "uuidv4": `"00000000-0000-4000-8000-000000000000"`}
)

func fixRandom(ch *chart.Chart) {
	for _, t := range ch.Templates {
		t.Data = actionRe.ReplaceAllFunc(t.Data, func(action []byte) []byte {
			return randomRe.ReplaceAllFunc(action, func(m []byte) []byte {
				sub := randomRe.FindSubmatch(m)
				if sub[2] == nil {
					return m // a string literal
				}
				return append(slices.Clone(sub[1]), fixedFor[string(sub[2])]...)
			})
		})
	}
	for _, d := range ch.Dependencies() {
		fixRandom(d)
	}
}

// renderChart renders with the engine's defaults: no cluster (lookup returns
// nothing), no DNS, no network, with a time limit.
func renderChart(ch *chart.Chart, user map[string]any) (map[string]string, error) {
	type result struct {
		out map[string]string
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("the template engine panicked: %v", r)}
			}
		}()
		// Copy the chart's values: dependency processing writes into them.
		c := *ch
		if err := chartutil.ProcessDependenciesWithMerge(&c, user); err != nil {
			done <- result{err: err}
			return
		}
		vals, err := chartutil.ToRenderValues(&c, user, chartutil.ReleaseOptions{
			Name: "release", Namespace: "default", Revision: 1, IsInstall: true,
		}, chartutil.DefaultCapabilities)
		if err != nil {
			done <- result{err: err}
			return
		}
		out, err := engine.Engine{}.Render(&c, vals)
		done <- result{out, err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-time.After(renderTimeout):
		return nil, fmt.Errorf("rendering took longer than %s", renderTimeout)
	}
}

// renderedInputs parses every rendered template and maps its lines back to the
// template source. Keys are "<chart name>/templates/x.yaml" or
// "<chart name>/charts/<sub>/templates/x.yaml".
func renderedInputs(root string, rendered map[string]string, files map[string][]byte, values string) []input {
	names := make([]string, 0, len(rendered))
	for n := range rendered {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []input
	for _, n := range names {
		text := rendered[n]
		base := path.Base(n)
		if strings.HasPrefix(base, "_") || !(strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")) || strings.TrimSpace(text) == "" {
			continue
		}
		_, rel, _ := strings.Cut(n, "/") // drop the chart name
		src, ok := files[rel]
		if !ok {
			continue // a template of a packaged (.tgz) subchart: no file to point at
		}
		docs, err := parseYAMLStream([]byte(text))
		if err != nil {
			continue // Helm renders YAML it cannot itself apply: not ours to report
		}
		lm := mapLines(strings.Split(text, "\n"), strings.Split(string(src), "\n"))
		p := path.Join(root, rel)
		for _, d := range docs {
			m, ok := d.Value.(map[string]any)
			if !ok {
				continue
			}
			remap(m, lm)
			for _, in := range resourceInputs(p, d.Index, m) {
				if values != "" {
					in.value["helm_values"] = path.Join(root, values)
				}
				out = append(out, in)
			}
		}
	}
	return out
}

var keyRe = regexp.MustCompile(`^\s*(?:-\s+)*([A-Za-z0-9_.\-/"']+)\s*:`)

// mapLines maps each rendered line (1-based) to the template line that produced it.
// Rendered lines are matched in order to template lines with the same key; a line
// no template line names (from include, toYaml, tpl) maps to the template line that
// last matched, which is the directive that emitted it. Ranges repeat template
// lines, so when no later line matches, the search restarts from the top.
func mapLines(rendered, tmpl []string) []int {
	keys := make([]string, len(tmpl))
	for i, l := range tmpl {
		if m := keyRe.FindStringSubmatch(l); m != nil && !strings.Contains(l[:len(m[0])], "{{") {
			keys[i] = strings.Trim(m[1], `"'`)
		}
	}
	out := make([]int, len(rendered)+1)
	cur := -1
	for i, l := range rendered {
		m := keyRe.FindStringSubmatch(l)
		if m == nil {
			out[i+1] = max(cur, 0) + 1
			continue
		}
		k := strings.Trim(m[1], `"'`)
		found := -1
		for j := cur + 1; j < len(keys); j++ {
			if keys[j] == k {
				found = j
				break
			}
		}
		if found < 0 {
			for j := 0; j <= cur && j < len(keys); j++ {
				if keys[j] == k {
					found = j
				}
			}
			if found >= 0 && found < cur-0 && !isRangeRepeat(tmpl, found, cur) {
				found = -1
			}
		}
		if found >= 0 {
			cur = found
		}
		out[i+1] = max(cur, 0) + 1
	}
	return out
}

// isRangeRepeat holds when a {{ range }} or {{ with }} starts before template line a
// and the text up to line b can loop back to it.
func isRangeRepeat(tmpl []string, a, b int) bool {
	for j := a; j >= 0; j-- {
		if strings.Contains(tmpl[j], "{{") && (strings.Contains(tmpl[j], "range ") || strings.Contains(tmpl[j], "range $")) {
			return true
		}
	}
	return false
}

// remap rewrites the __line__/__lines__/__blocks__ of a parsed document through lm.
func remap(v any, lm []int) {
	at := func(x any) any {
		if n, ok := x.(int); ok && n > 0 && n < len(lm) {
			return lm[n]
		}
		return x
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			switch k {
			case "__line__":
				x[k] = at(e)
			case "__lines__", "__blocks__":
				if m, ok := e.(map[string]any); ok {
					for kk, n := range m {
						m[kk] = at(n)
					}
				}
			default:
				remap(e, lm)
			}
		}
	case []any:
		for _, e := range x {
			remap(e, lm)
		}
	}
}
