package osvdb

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// WriteGoVulnDB writes recs as a Go vulnerability database in the vuln.go.dev v1
// layout (index/db.json, index/modules.json, index/vulns.json, ID/<id>.json) under dir,
// for govulncheck's -db file:// source. Only records with a Go ecosystem entry are
// written, each as stored; a non-GO record that is an alias of a GO record present is
// safeID is what an OSV id may be before it becomes a file name in the database.
var safeID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// left out (the GO record has the symbols).
func WriteGoVulnDB(dir string, recs []*Record) error {
	type vulnRef struct {
		ID       string `json:"id"`
		Modified string `json:"modified"`
		Fixed    string `json:"fixed,omitempty"`
	}
	type module struct {
		Path  string    `json:"path"`
		Vulns []vulnRef `json:"vulns"`
	}
	type vulnMeta struct {
		ID       string   `json:"id"`
		Modified string   `json:"modified"`
		Aliases  []string `json:"aliases,omitempty"`
	}
	if err := os.MkdirAll(filepath.Join(dir, "index"), 0o755); err != nil {
		return fmt.Errorf("could not create the Go vulnerability database in %q: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "ID"), 0o755); err != nil {
		return fmt.Errorf("could not create the Go vulnerability database in %q: %w", dir, err)
	}
	modules := map[string]*module{}
	var vulns []vulnMeta
	latest := time.Time{}
	for _, r := range ForGovulncheck(recs) {
		isGo := false
		mod := r.Vuln.GetModified().AsTime().UTC()
		if mod.After(latest) {
			latest = mod
		}
		modStr := mod.Format(time.RFC3339)
		for _, a := range r.Vuln.GetAffected() {
			if a.GetPackage().GetEcosystem() != "Go" {
				continue
			}
			isGo = true
			name := a.GetPackage().GetName()
			m := modules[name]
			if m == nil {
				m = &module{Path: name}
				modules[name] = m
			}
			if slices.ContainsFunc(m.Vulns, func(v vulnRef) bool { return v.ID == r.ID }) {
				continue
			}
			m.Vulns = append(m.Vulns, vulnRef{ID: r.ID, Modified: modStr})
		}
		if !isGo {
			continue
		}
		if !safeID.MatchString(r.ID) {
			return fmt.Errorf("the OSV record id %q is not a valid id (letters, digits, '.', '_', '-'): refusing to write it as a file name", r.ID)
		}
		vulns = append(vulns, vulnMeta{ID: r.ID, Modified: modStr, Aliases: r.Vuln.GetAliases()})
		if err := os.WriteFile(filepath.Join(dir, "ID", r.ID+".json"), r.JSON, 0o644); err != nil {
			return fmt.Errorf("could not write %s to the Go vulnerability database: %w", r.ID, err)
		}
	}
	var mods []*module
	for _, m := range modules {
		slices.SortFunc(m.Vulns, func(a, b vulnRef) int { return strings.Compare(a.ID, b.ID) })
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *module) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(vulns, func(a, b vulnMeta) int { return strings.Compare(a.ID, b.ID) })
	if mods == nil {
		mods = []*module{}
	}
	if vulns == nil {
		vulns = []vulnMeta{}
	}
	files := map[string]any{
		"db.json":      map[string]string{"modified": latest.Format(time.RFC3339)},
		"modules.json": mods,
		"vulns.json":   vulns,
	}
	for name, v := range files {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "index", name), b, 0o644); err != nil {
			return fmt.Errorf("could not write index/%s of the Go vulnerability database: %w", name, err)
		}
	}
	return nil
}

// ForGovulncheck is the records of recs that WriteGoVulnDB gives govulncheck: a GHSA
// (or other) copy of a Go advisory carries no symbol information; next to its GO
// record it would make govulncheck call every use of the module vulnerable, so it is
// left out.
func ForGovulncheck(recs []*Record) []*Record {
	goIDs := map[string]bool{}
	for _, r := range recs {
		if strings.HasPrefix(r.ID, "GO-") {
			goIDs[r.ID] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(recs), func(r *Record) bool {
		return !strings.HasPrefix(r.ID, "GO-") && slices.ContainsFunc(r.Vuln.GetAliases(), func(a string) bool { return goIDs[a] })
	})
}
