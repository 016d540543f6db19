package deps

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/licensecheck"
	"golang.org/x/mod/module"

	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// License rule ids.
const (
	RuleLicenseDenied     = "LICENSE-DENIED"
	RuleLicenseNotAllowed = "LICENSE-NOT-ALLOWED"
)

// knownLicenseText is what licensecheck says of LICENSE files that many modules carry
// byte for byte (the Go Authors' BSD texts of every golang.org/x module and go-cmp, the Apache
// 2.0 text of most Kubernetes and OpenTelemetry modules), keyed by the file's
// SHA-256. licensecheck compiles its matcher on first use, about a second of CPU per
// process; a module whose licence is one of these does not need it, so a module whose
// dependencies all carry them pays nothing. TestKnownLicenseTexts runs licensecheck
// on each text (testdata/licenses/<sha256>.txt) and must agree.
func knownLicenseText(sum string) ([]string, bool) {
	switch sum {
	case "911f8f5782931320f5b8d1160a76365b83aea6447ee6c04fa6d5591467db9dad", // golang.org/x/*: "Copyright 2009 The Go Authors."
		"2d36597f7117c38b006835ae7f537487207d8ec407aa9d9980794b2030cbc067", // older golang.org/x/*: "Copyright (c) 2009 The Go Authors."
		"17b5d209ba8f9684257ecfcff87df6ceda6194143a8fbd074f29727cff6f0c40": // github.com/google/go-cmp: "Copyright (c) 2017 The Go Authors."
		return []string{"BSD-3-Clause"}, true
	case "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30", // Apache 2.0 (k8s.io/*)
		"c71d239df91726fc519c6eb72d318ec65820627232b2f796219e87dcf35d0ab4", // Apache 2.0 (go.opentelemetry.io/*)
		"b40930bbcf80744c86c46a12bc9da056641d722716c378f5659b9e555ef833e1": // Apache 2.0 (sigs.k8s.io/*)
		return []string{"Apache-2.0"}, true
	}
	return nil, false
}

// goModCache is where the go command keeps module sources.
func goModCache() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		return filepath.Join(filepath.SplitList(gp)[0], "pkg", "mod")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, "go", "pkg", "mod")
	}
	return ""
}

// licenseKind is the analysis cache's kind for one Go module version's licences.
const licenseKind = "deps-license"

// licenseEntry is what the analysis cache keeps for one module version: the SPDX ids
// goLicenses found (none is an answer too).
type licenseEntry struct {
	IDs []string
}

// licenseClassifier classifies the LICENSE files of Go modules in the module cache.
// A known text (knownLicenseText) needs nothing more. Any other text goes to
// licensecheck, whose first use in a process compiles its matcher (about a second of
// CPU), so its answer for the module is kept in the analysis cache, keyed by the
// module version, the name and SHA-256 of every licence file read, and the tool (which
// pins licensecheck's version): a later scan reads it back and, when every module
// hits, never builds the matcher. A changed byte in any of those files is a new key.
type licenseClassifier struct {
	modCache string
	store    *cache.Store // nil: no analysis cache
	// scan is licensecheck.Scan; tests count its calls.
	scan func([]byte) licensecheck.Coverage
}

// licenseFile is one licence file of a module version, read whole.
type licenseFile struct {
	name string
	body []byte
	sum  [sha256.Size]byte
}

// moduleLicenseFiles reads the LICENSE, LICENCE and COPYING files at the top of a
// module version in the module cache (nil when it is not there: nothing is downloaded).
// Files over 1 MiB are not licences; they are left out, as unreadable ones are.
func moduleLicenseFiles(modCache, mod, version string) []licenseFile {
	if modCache == "" || mod == "stdlib" {
		return nil
	}
	esc, err := module.EscapePath(mod)
	if err != nil {
		return nil
	}
	escVer, err := module.EscapeVersion("v" + strings.TrimPrefix(version, "v"))
	if err != nil {
		return nil
	}
	dir := filepath.Join(modCache, filepath.FromSlash(esc)+"@"+escVer)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var files []licenseFile
	for _, e := range entries {
		n := strings.ToUpper(e.Name())
		if e.IsDir() || !(strings.HasPrefix(n, "LICENSE") || strings.HasPrefix(n, "LICENCE") || strings.HasPrefix(n, "COPYING")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || len(b) > 1<<20 {
			continue
		}
		files = append(files, licenseFile{name: e.Name(), body: b, sum: sha256.Sum256(b)})
	}
	return files
}

// goLicenses is the licence of a module version in the module cache: the SPDX ids of
// its licence files that licensecheck covers at 75% or more, or that are known texts.
func (lc *licenseClassifier) goLicenses(mod, version string) []string {
	files := moduleLicenseFiles(lc.modCache, mod, version)
	unknown := slices.ContainsFunc(files, func(f licenseFile) bool {
		_, ok := knownLicenseText(hex.EncodeToString(f.sum[:]))
		return !ok
	})
	var key cache.Key
	if unknown {
		// licensecheck would run: the cache may hold its answer for these very files.
		h := lc.store.Hasher(licenseKind).String("module", mod+"@"+version)
		for _, f := range files {
			h.String("file", f.name).Bytes("sha256", f.sum[:])
		}
		key = h.Sum()
		var e licenseEntry
		if lc.store.Get(licenseKind, key, &e) {
			return e.IDs
		}
	}
	scan := lc.scan
	if scan == nil {
		scan = licensecheck.Scan
	}
	var ids []string
	for _, f := range files {
		if known, ok := knownLicenseText(hex.EncodeToString(f.sum[:])); ok {
			ids = append(ids, known...)
			continue
		}
		cov := scan(f.body)
		if cov.Percent < 75 {
			continue
		}
		for _, m := range cov.Match {
			ids = append(ids, m.ID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if unknown {
		lc.store.Put(licenseKind, key, licenseEntry{IDs: ids})
	}
	return ids
}

// npmLicenses reads the license fields of a package-lock.json (v2/v3 "packages").
func npmLicenses(ws *workspace.Workspace, rel string) map[string]string {
	b, err := ws.ReadFile(rel)
	if err != nil {
		return nil
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
			License any    `json:"license"`
		} `json:"packages"`
	}
	if json.Unmarshal(b, &lock) != nil {
		return nil
	}
	out := map[string]string{}
	for k, p := range lock.Packages {
		i := strings.LastIndex(k, "node_modules/")
		if i < 0 {
			continue
		}
		if s, ok := p.License.(string); ok && s != "" {
			out[k[i+len("node_modules/"):]+"@"+p.Version] = s
		}
	}
	return out
}

// classifyLicenses finds the licence of every package in found where the lockfile
// or the module source states it, without changing found: the deps check runs it
// beside matching and reachability (licensecheck compiles its matcher on first use,
// about a second of CPU), then applies the answer with licenses.
func classifyLicenses(ws *workspace.Workspace, lc *licenseClassifier, found []extract.Found) [][]string {
	npm := map[string]map[string]string{}
	out := make([][]string, len(found))
	for i, f := range found {
		p := f.Package
		switch {
		case p.Ecosystem == "Go" && len(p.Licenses) == 0:
			out[i] = lc.goLicenses(p.Name, p.Version)
		case p.Ecosystem == "npm" && len(p.Licenses) == 0 && path.Base(f.Manifest) == "package-lock.json":
			m, ok := npm[f.Manifest]
			if !ok {
				m = npmLicenses(ws, f.Manifest)
				npm[f.Manifest] = m
			}
			if l := m[p.Name+"@"+p.Version]; l != "" {
				out[i] = []string{l}
			}
		}
	}
	return out
}

// licenses fills in the licences classifyLicenses found, rebuilds the inventory, and
// judges them against allow and deny.
func (c *Check) licenses(ws *workspace.Workspace, ex *extract.Result, found [][]string, allow, deny []string) ([]finding.Finding, []finding.Rule, error) {
	for i := range ex.Found {
		if i < len(found) && len(found[i]) > 0 {
			ex.Found[i].Package.Licenses = found[i]
		}
	}
	ex.Inventory = extract.Build(ex.Found)
	if len(allow) == 0 && len(deny) == 0 {
		return nil, nil, nil
	}
	var fs []finding.Finding
	for _, f := range ex.Found {
		p := f.Package
		for _, lic := range p.Licenses {
			rule, why := judgeLicense(lic, allow, deny)
			if rule == "" {
				continue
			}
			sev := finding.High
			if rule == RuleLicenseNotAllowed {
				sev = finding.Medium
			}
			snippet := ws.Line(f.Manifest, f.Line)
			if strings.TrimSpace(snippet) == "" {
				snippet = p.Name + "@" + p.Version
			}
			fs = append(fs, finding.Finding{
				Check: Name, Rule: rule, Severity: sev, Path: f.Manifest, Line: f.Line,
				Message: fmt.Sprintf("%s@%s (%s) is licensed %s, which %s.", p.Name, p.Version, p.Ecosystem, lic, why),
				Package: &finding.Package{Ecosystem: p.Ecosystem, Name: p.Name, Version: p.Version, PURL: p.PURL},
				Snippet: snippet + " " + lic,
			})
		}
	}
	rules := []finding.Rule{
		{ID: RuleLicenseDenied, Name: "LicenseDenied", Title: "Dependency license is denied by the policy",
			Description: "A dependency's license (from its lockfile metadata or its module source) is listed in checks.deps.licenses.deny.",
			Help:        "Replace the dependency, or obtain it under another license. If the license is acceptable, remove it from checks.deps.licenses.deny.", Severity: finding.High, Tags: []string{"license"}},
		{ID: RuleLicenseNotAllowed, Name: "LicenseNotAllowed", Title: "Dependency license is not in the allowed list",
			Description: "checks.deps.licenses.allow lists the licenses dependencies may have; this one is not among them.",
			Help:        "Replace the dependency, or add its license to checks.deps.licenses.allow after review.", Severity: finding.Medium, Tags: []string{"license"}},
	}
	return fs, rules, nil
}

// licenseTerms splits an SPDX expression into its alternatives (OR) of conjunctions (AND).
func licenseTerms(expr string) [][]string {
	expr = strings.NewReplacer("(", " ", ")", " ").Replace(expr)
	var alts [][]string
	for _, alt := range splitWord(expr, "OR") {
		var ids []string
		for _, id := range splitWord(alt, "AND") {
			id, _, _ = strings.Cut(strings.TrimSpace(id), " WITH ")
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			alts = append(alts, ids)
		}
	}
	return alts
}

func splitWord(s, word string) []string {
	var out []string
	fields := strings.Fields(s)
	cur := []string{}
	for _, f := range fields {
		if strings.EqualFold(f, word) {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
			continue
		}
		cur = append(cur, f)
	}
	return append(out, strings.Join(cur, " "))
}

func inList(id string, list []string) bool {
	return slices.ContainsFunc(list, func(l string) bool {
		return strings.EqualFold(strings.TrimSpace(l), id) || strings.EqualFold(strings.TrimSpace(l), id+"-only")
	})
}

// judgeLicense says which rule a license expression breaks, if any. An expression is
// denied when every alternative contains a denied license, and not allowed when no
// alternative consists only of allowed licenses.
func judgeLicense(expr string, allow, deny []string) (string, string) {
	alts := licenseTerms(expr)
	if len(alts) == 0 {
		return "", ""
	}
	if len(deny) > 0 && len(alts) > 0 && !slices.ContainsFunc(alts, func(ids []string) bool {
		return !slices.ContainsFunc(ids, func(id string) bool { return inList(id, deny) })
	}) {
		return RuleLicenseDenied, "checks.deps.licenses.deny lists"
	}
	if len(allow) > 0 && !slices.ContainsFunc(alts, func(ids []string) bool {
		return !slices.ContainsFunc(ids, func(id string) bool { return !inList(id, allow) })
	}) {
		return RuleLicenseNotAllowed, "checks.deps.licenses.allow does not list"
	}
	return "", ""
}
