package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"

	"github.com/shiftgate/shiftgate/internal/repofs"
)

// RuleIDs returns the rule ids a section of the policy can name: "sast" (gosec's rules
// and analyzers), "secrets" (gitleaks' rules), "iac" (the built-in pack plus the
// policy's own rule folders) and "other" (rule ids findings carry that no exclude list
// names: licence rules, policy-change rules). An error means the ids could not be
// known, for example because a custom Rego rule does not compile.
type RuleIDs func(section string) ([]string, error)

// Report is what CheckReferences found: errors stop a scan (exit 2); warnings are
// things `policy validate` should say but a scan tolerates (a VEX glob that matches
// nothing yet, a baseline not recorded yet).
type Report struct {
	Errors   Errors
	Warnings Errors
}

// CheckReferences checks what the policy names outside itself, the way a scan of
// root would use it: the folders and files it names exist inside the repository, and
// every rule id in an exclude list, a severity override or an exception is one the
// checks know, with the nearest known id as a hint when it is a typo. Disabled checks
// are not looked at. ids may be nil when no rule id is to be checked.
func (p *Policy) CheckReferences(root string, ids RuleIDs) Report {
	c := refChecker{p: p, root: root, ids: ids, known: map[string][]string{}, failed: map[string]bool{}}
	c.paths()
	c.rules()
	for _, l := range []Errors{c.errs, c.warns} {
		slices.SortStableFunc(l, func(a, b Error) int { return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column)) })
	}
	return Report{Errors: c.errs, Warnings: c.warns}
}

type refChecker struct {
	p      *Policy
	root   string
	ids    RuleIDs
	known  map[string][]string // section → ids, filled on first use
	failed map[string]bool     // sections whose ids could not be known (already reported)
	errs   Errors
	warns  Errors
}

// at returns the node of a key path ("checks", "iac", "rules", 0), or the deepest
// node found on the way (the file's top for the embedded default), so every message
// has a position.
func (c *refChecker) at(path ...any) *yaml.Node {
	n := c.p.doc
	if n == nil {
		return &yaml.Node{Line: 1, Column: 1}
	}
	for _, k := range path {
		var next *yaml.Node
		switch k := k.(type) {
		case string:
			next = mappingValue(n, k)
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return n
}

func (c *refChecker) add(list *Errors, n *yaml.Node, msg, hint string) {
	*list = append(*list, Error{File: c.p.Source, Line: n.Line, Column: n.Column, Message: msg, Hint: hint})
}

// inside resolves a path the policy names against the root: it must stay inside the
// repository, symbolic links included. It returns the absolute path and whether it
// exists.
func (c *refChecker) inside(rel string) (string, bool, error) {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") {
		return "", false, errors.New("is an absolute path")
	}
	root, err := filepath.Abs(c.root)
	if err != nil {
		return "", false, err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	abs := filepath.Join(root, filepath.FromSlash(rel))
	if !repofs.Within(root, abs) {
		return "", false, errors.New("leaves the repository")
	}
	real, err := filepath.EvalSymlinks(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return abs, false, nil
	}
	if err != nil {
		return "", false, err
	}
	if !repofs.Within(root, real) {
		return "", false, errors.New("leaves the repository through a symbolic link")
	}
	return real, true, nil
}

// matchesOnDisk reports whether a glob (relative to the root) matches a file, and an
// error when it points outside the repository.
func (c *refChecker) matchesOnDisk(glob string) (bool, error) {
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(glob)))
	if filepath.IsAbs(glob) || strings.HasPrefix(glob, "/") {
		return false, errors.New("is an absolute path")
	}
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return false, errors.New("leaves the repository")
	}
	root, err := filepath.Abs(c.root)
	if err != nil {
		return false, err
	}
	ms, err := doublestar.Glob(os.DirFS(root), clean, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
	if err != nil {
		return false, err
	}
	return len(ms) > 0, nil
}

func (c *refChecker) paths() {
	p := c.p
	if p.Checks.IaC.Enabled {
		for i, d := range p.Checks.IaC.Rules {
			n := c.at("checks", "iac", "rules", i)
			abs, ok, err := c.inside(d)
			switch {
			case err != nil:
				c.add(&c.errs, n, fmt.Sprintf("checks.iac.rules: %q %v", d, err), "name a folder of .rego files inside the repository, relative to its root")
			case !ok:
				c.add(&c.errs, n, fmt.Sprintf("checks.iac.rules: folder %q does not exist in the repository", d), "create it with your .rego rules, or remove it from the list")
			case !hasRego(abs):
				c.add(&c.errs, n, fmt.Sprintf("checks.iac.rules: no .rego file under %q", d), "put your Rego rules there, or remove it from the list")
			default:
				continue
			}
			// The rule ids of a missing folder cannot be known: say so once, above.
			c.failed["iac"] = true
		}
	}
	if p.Checks.SAST.Enabled {
		for i, g := range p.Checks.SAST.Import {
			c.glob(c.at("checks", "sast", "import", i), "checks.sast.import", g, "no SARIF file is imported from it (fine if an earlier CI step writes it)")
		}
	}
	if p.Checks.Deps.Enabled {
		for i, g := range p.Checks.Deps.VEX {
			c.glob(c.at("checks", "deps", "vex", i), "checks.deps.vex", g, "no VEX statement is applied from it")
		}
	}
	if db := p.Checks.Deps.DB; p.Checks.Deps.Enabled && db != "" {
		// A database is a cache, often outside the repository; --offline-db may name another.
		dir := db
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(c.root, filepath.FromSlash(dir))
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			c.add(&c.warns, c.at("checks", "deps", "db"), fmt.Sprintf("checks.deps.db: %q is not a folder: the deps check will fail unless --offline-db names another", db),
				"fetch one with `shiftgate db pull DIR`; a relative path starts at the repository root")
		}
	}
	if b := p.Baseline; b != "" {
		n := c.at("baseline")
		_, ok, err := c.inside(b)
		switch {
		case err != nil:
			c.add(&c.errs, n, fmt.Sprintf("baseline: %q %v", b, err), "keep the baseline inside the repository, e.g. .shiftgate/baseline.json")
		case !ok && p.Fail.NewOnly:
			c.add(&c.warns, n, fmt.Sprintf("baseline: %q does not exist: with fail.new_only every finding is judged as new", b), "record one with `shiftgate baseline`")
		}
	}
}

func (c *refChecker) glob(n *yaml.Node, key, g, consequence string) {
	ok, err := c.matchesOnDisk(g)
	if err != nil {
		c.add(&c.errs, n, fmt.Sprintf("%s: %q %v", key, g, err), "write a glob relative to the repository root that stays inside it")
		return
	}
	if !ok {
		c.add(&c.warns, n, fmt.Sprintf("%s: %q matches no file in the repository: %s", key, g, consequence), "check the path, relative to the repository root")
	}
}

func hasRego(dir string) bool {
	st, err := os.Stat(dir)
	if err != nil {
		return false
	}
	if !st.IsDir() {
		return strings.HasSuffix(dir, ".rego")
	}
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rego") {
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found
}

// sectionNames says what a section's ids are, for messages.
var sectionNames = map[string]string{"sast": "a gosec", "secrets": "a gitleaks", "iac": "an IaC"}

// lookup returns a section's known ids, reporting once at n when they cannot be known.
func (c *refChecker) lookup(section string, n *yaml.Node) ([]string, bool) {
	if ids, ok := c.known[section]; ok {
		return ids, true
	}
	if c.failed[section] {
		return nil, false
	}
	ids, err := c.ids(section)
	if err != nil {
		c.failed[section] = true
		c.add(&c.errs, c.at("checks", section, "rules"), fmt.Sprintf("checks.%s: %v", section, err), "fix the rule named above, or remove its folder from checks."+section+".rules")
		return nil, false
	}
	c.known[section] = ids
	return ids, true
}

func (c *refChecker) rules() {
	if c.ids == nil {
		return
	}
	p := c.p
	type list struct {
		section string
		on      bool
		ids     []string
	}
	for _, l := range []list{
		{"sast", p.Checks.SAST.Enabled, p.Checks.SAST.Exclude},
		{"secrets", p.Checks.Secrets.Enabled, p.Checks.Secrets.Exclude},
		{"iac", p.Checks.IaC.Enabled, p.Checks.IaC.Exclude},
	} {
		if !l.on {
			continue
		}
		for i, id := range l.ids {
			n := c.at("checks", l.section, "exclude", i)
			known, ok := c.lookup(l.section, n)
			if !ok || containsFold(known, id) {
				continue
			}
			c.add(&c.errs, n, fmt.Sprintf("checks.%s.exclude: %q is not %s rule id", l.section, id, sectionNames[l.section]), unknownHint(id, known, l.section))
		}
	}
	if p.Checks.SAST.Enabled && len(p.Checks.SAST.Import) == 0 {
		// With imported SARIF, a severity override may name another tool's rule.
		keys := make([]string, 0, len(p.Checks.SAST.Severity))
		for k := range p.Checks.SAST.Severity {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n := c.keyNode(k, "checks", "sast", "severity")
			known, ok := c.lookup("sast", n)
			if ok && !containsFold(known, k) {
				c.add(&c.errs, n, fmt.Sprintf("checks.sast.severity: %q is not a gosec rule id", k), unknownHint(k, known, "sast"))
			}
		}
	}
	for i, e := range p.Exceptions {
		if p.Layers != nil && p.ExceptionLayer(i) != LayerRepo {
			continue // an organisation exception is not this file's to fix
		}
		c.exception(c.exceptionIndex(i, e), strings.TrimSpace(e.ID))
	}
}

// exceptionIndex is the position of an exception in the file's exceptions list: with
// an organisation layer the effective list holds others too, so it is found by line.
func (c *refChecker) exceptionIndex(i int, e Exception) int {
	if c.p.Layers == nil {
		return i
	}
	if n := mappingValue(c.p.doc, "exceptions"); n != nil && n.Kind == yaml.SequenceNode {
		for j, item := range n.Content {
			if item.Line == e.Line {
				return j
			}
		}
	}
	return i
}

// keyNode is the key node of a mapping entry, for positions.
func (c *refChecker) keyNode(key string, path ...any) *yaml.Node {
	m := c.at(path...)
	if m.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i]
			}
		}
	}
	return m
}

var (
	fingerprintID = regexp.MustCompile(`^[0-9a-f]{32}(:[0-9]+)?$`)
	// Vulnerability ids as OSV writes them: GHSA-xxxx-xxxx-xxxx, CVE-2024-1234,
	// GO-2024-1234, PYSEC-2024-1, RUSTSEC-2024-0001, and any PREFIX-<digit>… of the
	// other OSV databases (MAL-, DLA-, USN-, OSV-…).
	strictVulnID  = regexp.MustCompile(`(?i)^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,}|GO-\d{4}-\d{4,}|PYSEC-\d{4}-\d+|RUSTSEC-\d{4}-\d{4})$`)
	genericVulnID = regexp.MustCompile(`^[A-Z][A-Za-z]+-\d[\w.:-]*$`)
	// A package: a purl (pkg:deb/debian/libssl3), or ECOSYSTEM[:RELEASE]/NAME.
	purlID    = regexp.MustCompile(`^pkg:[a-z][a-z0-9.+-]*/\S+$`)
	packageID = regexp.MustCompile(`^([A-Za-z][A-Za-z .]*[A-Za-z])(:[^/\s]+)?/[^/\s]+$`)
)

// packageEcosystems are the OSV ecosystems an ECOSYSTEM/NAME exception id may name
// as OSV spells them (case-sensitive: go/sql-injection is a rule id, not a Go package).
var packageEcosystems = []string{"AlmaLinux", "Alpine", "Bitnami", "Chainguard", "crates.io", "Debian", "Go",
	"Hex", "Mageia", "Maven", "npm", "NuGet", "openSUSE", "Packagist", "Photon OS", "Pub", "PyPI",
	"Red Hat", "Rocky Linux", "RubyGems", "SUSE", "Ubuntu", "Wolfi"}

// isPackageID reports whether an exception id names a package (policy.Exception
// matches it against a finding's package).
func isPackageID(id string) bool {
	if purlID.MatchString(id) {
		return true
	}
	m := packageID.FindStringSubmatch(id)
	return m != nil && slices.Contains(packageEcosystems, m[1])
}

// exception checks one exception id: a fingerprint or a well-formed vulnerability id
// passes; otherwise it must be a rule id some check knows.
func (c *refChecker) exception(i int, id string) {
	if fingerprintID.MatchString(id) || strictVulnID.MatchString(id) || isPackageID(id) {
		return
	}
	n := c.at("exceptions", i, "id")
	var all []string
	for _, s := range []struct {
		section string
		on      bool
	}{{"sast", c.p.Checks.SAST.Enabled}, {"other", true}, {"secrets", c.p.Checks.Secrets.Enabled}, {"iac", c.p.Checks.IaC.Enabled}} {
		// Cheapest first: the IaC ids need the Rego rules compiled.
		if !s.on {
			continue
		}
		ids, ok := c.lookup(s.section, n)
		if !ok {
			return
		}
		if containsFold(ids, id) {
			return
		}
		all = append(all, ids...)
	}
	near := Nearest(id, all)
	if near == "" && (genericVulnID.MatchString(id) || len(c.p.Checks.SAST.Import) > 0 && c.p.Checks.SAST.Enabled) {
		return // another OSV database's id, or a rule of an imported SARIF file
	}
	hint := "name a rule id (e.g. G401, aws-access-token, K8S-001), a vulnerability id or alias (GHSA-…, CVE-…, GO-…), a package (pkg:deb/debian/libssl3 or Debian/libssl3), or a finding's fingerprint from shiftgate.json"
	if near != "" {
		hint = fmt.Sprintf("did you mean %q?", near)
	}
	c.add(&c.errs, n, fmt.Sprintf("exception id %q matches no rule id, vulnerability id or fingerprint shiftgate knows", id), hint)
}

func unknownHint(id string, known []string, section string) string {
	if near := Nearest(id, known); near != "" {
		return fmt.Sprintf("did you mean %q?", near)
	}
	switch section {
	case "sast":
		return "gosec's rule ids: " + strings.Join(known, ", ")
	case "iac":
		return "the IaC rule ids are listed by `shiftgate policy explain` and in docs; remove the id or correct it"
	}
	return "the known ids are gitleaks' default rule ids (for example generic-api-key, aws-access-token, private-key)"
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, strings.TrimSpace(s)) })
}

// Nearest returns the candidate closest to s (ignoring case) when it is close enough
// to be a typo, else "". Ties go to the first candidate in sorted order.
func Nearest(s string, candidates []string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	sorted := slices.Clone(candidates)
	slices.Sort(sorted)
	best, bestD := "", -1
	for _, c := range sorted {
		d := levenshtein(s, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	// A typo is one or two edits, or up to a third of a long id.
	if bestD < 0 || bestD == 0 || bestD > max(2, len(s)/3) || bestD >= len(s) {
		return ""
	}
	return best
}
