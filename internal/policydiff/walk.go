package policydiff

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// RuleSetting is reported for a setting the named rules above do not cover.
const RuleSetting = "POLICY-010"

// direction says how a change of one policy field loosens the gate. Every field of
// policy.Policy is visited by reflection (walk); a field with no entry here counts as
// loosened by any change, and TestEveryFieldIsRanked names a field added without one.
type direction int

const (
	anyChange  direction = iota // any change may loosen (a database, a rule folder, a path)
	named                       // covered by a named rule in Diff
	offLoosens                  // a bool whose false loosens (enabled, required)
	onLoosens                   // a bool whose true loosens (reachability: unreachable findings count less)
	shorter                     // a duration: a shorter one loosens (a 1ns timeout)
	listRemove                  // a list: removing an item loosens (sbom, import)
	listAdd                     // a list: adding an item loosens (licenses.allow)
	allowList                   // an allowlist whose emptiness allows all: adding an item, or emptying it, loosens
	higherRank                  // an enum ranked below: a later value loosens
	pinned                      // a pin (extends): changing or removing it loosens, adding one does not
	ignored                     // cannot loosen the gate (owner of an exception, version)
)

// fields ranks the policy's leaf fields by their yaml path.
var fields = map[string]direction{
	"version":                     ignored,
	"mode":                        named,
	"fail.severity":               named,
	"fail.new_only":               named,
	"fail.on_error":               named,
	"fail.context":                higherRank,
	"baseline":                    anyChange,
	"paths.exclude":               named,
	"paths.max_file_size":         named,
	"checks.sast.enabled":         named,
	"checks.sast.timeout":         shorter,
	"checks.sast.exclude":         named,
	"checks.sast.import":          listRemove,
	"checks.sast.severity":        named,
	"checks.sast.confidence":      higherRank,
	"checks.secrets.enabled":      named,
	"checks.secrets.timeout":      shorter,
	"checks.secrets.exclude":      named,
	"checks.deps.enabled":         named,
	"checks.deps.timeout":         shorter,
	"checks.deps.db":              anyChange,
	"checks.deps.reachability":    onLoosens,
	"checks.deps.unreachable":     named,
	"checks.deps.imported":        higherRank,
	"checks.deps.vex":             named,
	"checks.deps.licenses.allow":  listAdd,
	"checks.deps.licenses.deny":   named,
	"checks.iac.enabled":          named,
	"checks.iac.timeout":          shorter,
	"checks.iac.rules":            anyChange, // custom Rego can break the built-in rules
	"checks.iac.exclude":          named,
	"checks.image.ref":            anyChange, // another image, or none, is judged
	"checks.image.timeout":        shorter,
	"checks.image.ignore_unfixed": onLoosens, // unfixed vulnerabilities stop counting
	"checks.image.base.allow":     allowList,
	"outputs.sbom":                listRemove,
	"outputs.provenance":          offLoosens,
	"outputs.sign.key":            anyChange,
	"outputs.sign.required":       offLoosens,
	"exceptions":                  named,
	// Another organisation policy, another signer, or none: the base's extends is
	// the one that judges a change, and any change of it blocks (docs/org-policy.md).
	"extends.ref":      pinned,
	"extends.digest":   pinned,
	"extends.key":      pinned,
	"extends.identity": pinned,
	"extends.issuer":   pinned,
	// Read only from the organisation layer: in a repository policy it has no effect.
	"exceptions_allow": ignored,
}

// ranks orders the values of higherRank fields, strictest first.
var ranks = map[string][]string{
	"checks.sast.confidence": {"low", "medium", "high"}, // a higher minimum confidence reports less
	"fail.context":           {"block", "allow"},
	"checks.deps.imported":   {"keep", "downgrade"},
}

// rankDefaults is what an unset ranked field means.
var rankDefaults = map[string]string{"fail.context": "allow", "checks.deps.imported": "downgrade"}

// walk visits every leaf field of two policies (structs are entered, anything else is
// a leaf) and reports the changes the named rules do not cover.
func (d *differ) walk(old, cur reflect.Value, path []string, yamlPath []string) {
	t := old.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "-" || name == "" || !sf.IsExported() {
			continue
		}
		p := append(slices.Clone(path), name)
		o, c := old.Field(i), cur.Field(i)
		if sf.Type.Kind() == reflect.Struct {
			d.walk(o, c, p, p)
			continue
		}
		key := strings.Join(p, ".")
		dir, known := fields[key]
		if !known {
			dir = anyChange
		}
		if msg := loosened(key, dir, o, c); msg != "" {
			d.add(RuleSetting, finding.Medium, msg, key, p...)
		}
	}
}

// loosened says how cur loosens old for one field, or "".
func loosened(key string, dir direction, o, c reflect.Value) string {
	if dir == named || dir == ignored || reflect.DeepEqual(o.Interface(), c.Interface()) {
		return ""
	}
	show := func(v reflect.Value) string { return fmt.Sprintf("%v", v.Interface()) }
	switch dir {
	case offLoosens:
		if o.Bool() && !c.Bool() {
			return fmt.Sprintf("%s turned off", key)
		}
		return ""
	case onLoosens:
		if !o.Bool() && c.Bool() {
			return fmt.Sprintf("%s turned on: unreachable vulnerabilities count less (checks.deps.unreachable)", key)
		}
		return ""
	case shorter:
		od, e1 := time.ParseDuration(o.String())
		cd, e2 := time.ParseDuration(c.String())
		if c.String() == "" || (e1 == nil && e2 == nil && cd >= od) || (o.String() == "" && e2 == nil && cd >= 10*time.Minute) {
			return ""
		}
		return fmt.Sprintf("%s shortened to %s (was %s): a check that cannot finish is an error, and fail.on_error decides", key, c.String(), orDefault(o.String()))
	case allowList:
		oi, ci := strs(o), strs(c)
		if len(oi) == 0 {
			return "" // from allowing anything to a list: tighter
		}
		if len(ci) == 0 {
			return fmt.Sprintf("%s emptied (was %q): anything is allowed", key, oi)
		}
		return loosened(key, listAdd, o, c)
	case listRemove, listAdd:
		oi, ci := strs(o), strs(c)
		from, to := oi, ci
		verb := "drops"
		if dir == listAdd {
			from, to, verb = ci, oi, "adds"
		}
		var gone []string
		for _, s := range from {
			if !slices.Contains(to, s) {
				gone = append(gone, s)
			}
		}
		if len(gone) == 0 {
			return ""
		}
		return fmt.Sprintf("%s %s %q", key, verb, gone)
	case pinned:
		if o.String() == "" {
			return "" // a new organisation layer tightens; it judges from the next change on
		}
		if c.String() == "" {
			return fmt.Sprintf("%s removed (was %s): the organisation policy no longer judges this repository", key, o.String())
		}
		return fmt.Sprintf("%s changed from %s to %s: the organisation policy of the base branch judges this change", key, o.String(), c.String())
	case higherRank:
		r := ranks[key]
		norm := func(v string) string {
			if v == "" {
				return rankDefaults[key]
			}
			return v
		}
		if slices.Index(r, norm(c.String())) <= slices.Index(r, norm(o.String())) {
			return ""
		}
		return fmt.Sprintf("%s raised from %s to %s: fewer findings are reported", key, orDefault(o.String()), c.String())
	}
	return fmt.Sprintf("%s changed from %s to %s: the base branch's value judges this change", key, orDefault(show(o)), orDefault(show(c)))
}

func strs(v reflect.Value) []string {
	if v.Kind() != reflect.Slice {
		return nil
	}
	out := make([]string, v.Len())
	for i := range out {
		out[i] = fmt.Sprint(v.Index(i).Interface())
	}
	return out
}
