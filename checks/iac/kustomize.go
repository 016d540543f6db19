package iac

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/shiftgate/shiftgate/internal/finding"
)

var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

const originAnnotation = "config.kubernetes.io/origin"

// kustomization is one kustomization file: its folder and the local files and
// folders it refers to.
type kustomization struct {
	dir   string
	file  string
	refs  []string // resources, components, bases (folders or files), cleaned repo paths
	patch []string // patch files
}

// kustomizations finds every kustomization in the files and reads what it refers to.
func kustomizations(files []SourceFile) ([]*kustomization, []finding.Note) {
	var out []*kustomization
	var notes []finding.Note
	for _, f := range files {
		if !slices.Contains(kustomizationNames, path.Base(f.Path)) {
			continue
		}
		var k struct {
			Resources             []string `yaml:"resources"`
			Bases                 []string `yaml:"bases"`
			Components            []string `yaml:"components"`
			PatchesStrategicMerge []string `yaml:"patchesStrategicMerge"`
			Patches               []struct {
				Path string `yaml:"path"`
			} `yaml:"patches"`
			PatchesJSON6902 []struct {
				Path string `yaml:"path"`
			} `yaml:"patchesJson6902"`
		}
		if err := yaml.Unmarshal(f.Data, &k); err != nil {
			notes = append(notes, parseNote(f.Path, err, "kustomization"))
			continue
		}
		kz := &kustomization{dir: path.Dir(f.Path), file: f.Path}
		for _, r := range slices.Concat(k.Resources, k.Bases, k.Components) {
			if !remote(r) {
				kz.refs = append(kz.refs, path.Join(kz.dir, r))
			}
		}
		for _, p := range k.PatchesStrategicMerge {
			if !strings.Contains(p, "\n") { // an inline patch is not a file
				kz.patch = append(kz.patch, path.Join(kz.dir, p))
			}
		}
		for _, p := range k.Patches {
			if p.Path != "" {
				kz.patch = append(kz.patch, path.Join(kz.dir, p.Path))
			}
		}
		for _, p := range k.PatchesJSON6902 {
			if p.Path != "" {
				kz.patch = append(kz.patch, path.Join(kz.dir, p.Path))
			}
		}
		out = append(out, kz)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].dir < out[j].dir })
	return out, notes
}

func remote(r string) bool {
	return strings.Contains(r, "://") || strings.HasPrefix(r, "github.com/") || strings.HasPrefix(r, "git@") ||
		strings.HasPrefix(r, "gitlab.com/") || strings.HasPrefix(r, "bitbucket.org/")
}

// kustomizeOwned are the files judged only as part of a build: every file a
// kustomization lists (resources and patches), and every file of a folder it lists.
func kustomizeOwned(ks []*kustomization) map[string]bool {
	owned := map[string]bool{}
	for _, k := range ks {
		owned[k.file] = true
		for _, p := range k.patch {
			owned[p] = true
		}
		for _, r := range k.refs {
			owned[r] = true
		}
	}
	return owned
}

// topKustomizations are those no other kustomization uses as a base or component:
// each is built once, and its bases are judged through it.
func topKustomizations(ks []*kustomization) []*kustomization {
	used := map[string]bool{}
	for _, k := range ks {
		for _, r := range k.refs {
			used[r] = true
		}
	}
	var out []*kustomization
	for _, k := range ks {
		if !used[k.dir] {
			out = append(out, k)
		}
	}
	return out
}

// kustomizeInputs builds one overlay with kustomize's krusty over an in-memory copy
// of the repository's files (so nothing outside the repository is read), plugins
// and exec functions disabled, remote bases and Helm inflation removed. Each built
// resource's fields are located in the file that set them: the patch that last set
// a field, else the base resource it came from.
func kustomizeInputs(top *kustomization, all []*kustomization, files []SourceFile) ([]input, []finding.Note) {
	fs := filesys.MakeFsInMemory()
	byPath := map[string][]byte{}
	var notes []finding.Note
	for _, f := range files {
		data := f.Data
		if slices.Contains(kustomizationNames, path.Base(f.Path)) {
			var dropped []string
			data, dropped = safeKustomization(f.Data)
			for _, d := range dropped {
				notes = append(notes, finding.Note{Check: Name, Kind: "not-checked", Path: f.Path, Line: 1,
					Message: fmt.Sprintf("%s is not fetched or run when building this kustomization, so what it adds was not checked", d)})
			}
		}
		byPath[f.Path] = f.Data
		if err := fs.WriteFile("/"+f.Path, data); err != nil {
			return nil, []finding.Note{{Check: Name, Kind: "not-rendered", Path: top.file, Line: 1, Message: fmt.Sprintf("could not stage the files for kustomize: %v", err)}}
		}
	}
	opts := krusty.MakeDefaultOptions()
	opts.PluginConfig = types.DisabledPluginConfig()
	opts.LoadRestrictions = types.LoadRestrictionsRootOnly
	rm, err := krusty.MakeKustomizer(opts).Run(fs, "/"+top.dir)
	if err != nil {
		return nil, append(notes, finding.Note{Check: Name, Kind: "not-rendered", Path: top.file, Line: 1,
			Message: fmt.Sprintf("kustomize could not build this overlay, so its resources were not checked: %v", err)})
	}
	patches := patchDocs(top, all, byPath)
	var out []input
	for i, r := range rm.Resources() {
		m, err := r.Map()
		if err != nil {
			continue
		}
		origin := ""
		if ann, ok := r.GetAnnotations()[originAnnotation]; ok {
			var o struct {
				Path string `yaml:"path"`
			}
			if yaml.Unmarshal([]byte(ann), &o) == nil && o.Path != "" {
				origin = path.Join(top.dir, o.Path)
			}
			stripAnnotation(m, originAnnotation)
		}
		if _, ok := byPath[origin]; !ok {
			origin = top.file // generated (configMapGenerator…): the kustomization made it
		}
		kind, _ := m["kind"].(string)
		name := r.GetName()
		base := findDoc(byPath[origin], kind, name)
		var ps []located
		for _, p := range patches {
			if d := findDoc(byPath[p], kind, name); d != nil {
				ps = append(ps, located{p, d})
			}
		}
		lt := &lineTable{}
		start := located{origin, base}
		v := lt.annotate(m, start, ps, nil)
		for _, in := range resourceInputs(origin, i, v.(map[string]any)) {
			in.locs = lt.locs
			out = append(out, in)
		}
	}
	return out, notes
}

// safeKustomization returns the kustomization with remote resources and Helm chart
// inflation removed and origin annotations switched on, and what was removed.
func safeKustomization(data []byte) ([]byte, []string) {
	var k map[string]any
	if yaml.Unmarshal(data, &k) != nil || k == nil {
		return data, nil
	}
	var dropped []string
	for _, key := range []string{"resources", "bases", "components"} {
		list, _ := k[key].([]any)
		kept := list[:0]
		for _, e := range list {
			if s, ok := e.(string); ok && remote(s) {
				dropped = append(dropped, fmt.Sprintf("remote %s %q", strings.TrimSuffix(key, "s"), s))
				continue
			}
			kept = append(kept, e)
		}
		if list != nil {
			k[key] = kept
		}
	}
	for _, key := range []string{"helmCharts", "helmChartInflationGenerator", "generators", "transformers", "validators"} {
		if _, ok := k[key]; ok {
			dropped = append(dropped, fmt.Sprintf("%s (plugins and Helm inflation are disabled)", key))
			delete(k, key)
		}
	}
	bm, _ := k["buildMetadata"].([]any)
	k["buildMetadata"] = append(bm, "originAnnotations")
	out, err := yaml.Marshal(k)
	if err != nil {
		return data, nil
	}
	return out, dropped
}

func stripAnnotation(m map[string]any, key string) {
	md, _ := m["metadata"].(map[string]any)
	ann, _ := md["annotations"].(map[string]any)
	delete(ann, key)
	if ann != nil && len(ann) == 0 {
		delete(md, "annotations")
	}
}

// patchDocs lists the patch files that apply to a build: the top kustomization's and
// those of the local kustomizations it builds on.
func patchDocs(top *kustomization, all []*kustomization, files map[string][]byte) []string {
	byDir := map[string]*kustomization{}
	for _, k := range all {
		byDir[k.dir] = k
	}
	var out []string
	seen := map[string]bool{}
	var walk func(k *kustomization)
	walk = func(k *kustomization) {
		if seen[k.dir] {
			return
		}
		seen[k.dir] = true
		for _, r := range k.refs {
			if b := byDir[r]; b != nil {
				walk(b)
			}
		}
		out = append(out, k.patch...) // bases' patches first: the overlay's apply last
	}
	walk(top)
	return out
}

// findDoc returns the parsed document of the given kind whose name is the built
// name, or is contained in it (a namePrefix/nameSuffix was added).
func findDoc(data []byte, kind, name string) map[string]any {
	if data == nil {
		return nil
	}
	docs, err := parseYAMLStream(data)
	if err != nil {
		return nil
	}
	var best map[string]any
	for _, d := range docs {
		m, ok := d.Value.(map[string]any)
		if !ok || m["kind"] != kind {
			continue
		}
		md, _ := m["metadata"].(map[string]any)
		n, _ := md["name"].(string)
		if n == name {
			return m
		}
		if n != "" && strings.Contains(name, n) && best == nil {
			best = m
		}
	}
	return best
}

// located is a parsed document (or a part of one) and the file it is in.
type located struct {
	path string
	doc  map[string]any
}

// loc is a file and a line in it.
type loc struct {
	path string
	line int
}

// lineTable numbers the (file, line) places of one built resource: rules see these
// numbers as lines, and the engine turns them back into places.
type lineTable struct {
	locs map[int]loc
	ids  map[loc]int
}

func (t *lineTable) id(l loc) int {
	if t.ids == nil {
		t.ids, t.locs = map[loc]int{}, map[int]loc{}
	}
	if n, ok := t.ids[l]; ok {
		return n
	}
	n := len(t.ids) + 1
	t.ids[l], t.locs[n] = n, l
	return n
}

// annotate gives a built value the __line__/__lines__ keys rules read, each the
// place of the patch that set the key last, else of the base, else of the parent.
func (t *lineTable) annotate(v any, base located, patches []located, parent *loc) any {
	switch x := v.(type) {
	case map[string]any:
		// A mapping is where its base defines it (a missing field is the base's to
		// set); its keys are where the last patch, else the base, set them.
		here := placeOf(base, nil, "", parent)
		if base.doc == nil {
			here = placeOf(base, patches, "", parent)
		}
		lines := map[string]any{}
		out := map[string]any{"__line__": t.id(here)}
		for k, e := range x {
			kl := placeOf(base, patches, k, &here)
			lines[k] = t.id(kl)
			out[k] = t.annotate(e, child(base, k), childAll(patches, k), &kl)
		}
		out["__lines__"] = lines
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = t.annotate(e, item(base, e, i), itemAll(patches, e, i), parent)
		}
		return out
	}
	return v
}

// placeOf is where key (or, for "", the mapping itself) is set: the last patch that
// has it, else the base, else the parent.
func placeOf(base located, patches []located, key string, parent *loc) loc {
	for i := len(patches) - 1; i >= 0; i-- {
		if l, ok := lineIn(patches[i], key); ok {
			return l
		}
	}
	if l, ok := lineIn(base, key); ok {
		return l
	}
	if parent != nil {
		return *parent
	}
	return loc{base.path, 1}
}

func lineIn(d located, key string) (loc, bool) {
	if d.doc == nil {
		return loc{}, false
	}
	if key == "" {
		n, ok := d.doc["__line__"].(int)
		return loc{d.path, n}, ok
	}
	ls, _ := d.doc["__lines__"].(map[string]any)
	n, ok := ls[key].(int)
	return loc{d.path, n}, ok
}

func child(d located, k string) located {
	m, _ := d.doc[k].(map[string]any)
	if m == nil {
		if l, ok := d.doc[k].([]any); ok {
			return located{d.path, map[string]any{"__list__": l}}
		}
	}
	return located{d.path, m}
}

func childAll(ds []located, k string) []located {
	var out []located
	for _, d := range ds {
		if c := child(d, k); c.doc != nil {
			out = append(out, c)
		}
	}
	return out
}

// item finds the list element of d matching the built element: by "name" when the
// elements have names (strategic merge keys), else by position.
func item(d located, built any, i int) located {
	list, _ := d.doc["__list__"].([]any)
	bm, _ := built.(map[string]any)
	if name, ok := bm["name"]; ok {
		for _, e := range list {
			if em, ok := e.(map[string]any); ok && em["name"] == name {
				return located{d.path, em}
			}
		}
		return located{d.path, nil}
	}
	if i < len(list) {
		if em, ok := list[i].(map[string]any); ok {
			return located{d.path, em}
		}
	}
	return located{d.path, nil}
}

func itemAll(ds []located, built any, i int) []located {
	var out []located
	for _, d := range ds {
		if c := item(d, built, i); c.doc != nil {
			out = append(out, c)
		}
	}
	return out
}
