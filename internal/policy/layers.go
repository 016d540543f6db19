package policy

import (
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Layer is where a setting of the effective policy came from: embedded default <
// organisation < repository (docs/org-policy.md).
type Layer string

// The layers, weakest first.
const (
	LayerDefault Layer = "default"
	LayerOrg     Layer = "org"
	LayerRepo    Layer = "repo"
)

// Layers records how an effective policy was resolved from an organisation layer and
// a repository layer (package policylayer).
type Layers struct {
	// Org is the organisation policy as loaded; OrgRef names it as given (the runner's
	// --org-policy, or the repository's extends.ref), OrgFrom says which ("runner" or
	// "extends"), and OrgDigest is its sha256 digest.
	Org       *Policy
	OrgRef    string
	OrgFrom   string
	OrgDigest string
	// Repo is the repository policy as written (read over the embedded default), or
	// the embedded default when the repository has none.
	Repo *Policy
	// Decided maps each setting's yaml path (LeafPaths) to the layer whose value the
	// effective policy holds.
	Decided map[string]Layer
	// Exceptions says, for each exception of the effective policy, which layer wrote it.
	Exceptions []Layer
}

// DecidedBy names the layer whose value of the setting at path (a LeafPaths entry, or
// a key below one: checks.sast.severity.G101) the policy holds.
func (p *Policy) DecidedBy(path string) Layer {
	if p.Layers != nil {
		for k := path; k != ""; {
			if l, ok := p.Layers.Decided[k]; ok {
				return l
			}
			i := strings.LastIndexByte(k, '.')
			if i < 0 {
				break
			}
			k = k[:i]
		}
		return LayerDefault
	}
	if p.Source != EmbeddedSource && p.Sets(path) {
		return LayerRepo
	}
	return LayerDefault
}

// ExceptionLayer names the layer that wrote the policy's i-th exception.
func (p *Policy) ExceptionLayer(i int) Layer {
	if p.Layers != nil && i < len(p.Layers.Exceptions) {
		return p.Layers.Exceptions[i]
	}
	if p.Source == EmbeddedSource {
		return LayerDefault
	}
	return LayerRepo
}

// Sets reports whether the policy's file writes the key at path (dot-separated yaml
// keys), with a value that is not empty.
func (p *Policy) Sets(path string) bool {
	n := p.doc
	for _, k := range strings.Split(path, ".") {
		n = mappingValue(n, k)
		if n == nil {
			return false
		}
	}
	return !(n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// Line is the line of the key at path in the policy's file, or of the deepest key of
// it that is there; 0 when the file writes none of it.
func (p *Policy) Line(path string) int {
	return KeyLine(p.doc, strings.Split(path, "."))
}

// KeyLine returns the line of the deepest key of path present in the YAML document
// doc (a mapping), 0 when doc holds none of it.
func KeyLine(doc *yaml.Node, path []string) int {
	n, line := doc, 0
	for _, k := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			break
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				line, next = n.Content[i].Line, n.Content[i+1]
				break
			}
		}
		n = next
	}
	return line
}

// LeafPaths lists the yaml paths of every leaf setting of Policy: structs are
// entered, anything else (a value, a list, a map) is a leaf.
func LeafPaths() []string {
	var out []string
	var visit func(t reflect.Type, prefix string)
	visit = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name == "-" || name == "" || !sf.IsExported() {
				continue
			}
			if sf.Type.Kind() == reflect.Struct {
				visit(sf.Type, prefix+name+".")
				continue
			}
			out = append(out, prefix+name)
		}
	}
	visit(reflect.TypeOf(Policy{}), "")
	return out
}

// Field returns the leaf setting at path (a LeafPaths entry) of the policy, settable.
func (p *Policy) Field(path string) (reflect.Value, bool) {
	v := reflect.ValueOf(p).Elem()
	for _, k := range strings.Split(path, ".") {
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		found := false
		t := v.Type()
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
			if name == k && name != "-" {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			return reflect.Value{}, false
		}
	}
	return v, true
}
