// Package deps is the dependency check: it builds the inventory with osv-scalibr's
// extractors, matches it against OSV (the OSV API by default, or a local database of
// per-ecosystem all.zip files), asks govulncheck whether Go vulnerabilities are
// reachable, applies OpenVEX statements and checks licenses against the policy.
//
// Conventions (see also docs/design.md, "shiftgate.json"):
//   - One finding per vulnerability per package per manifest. Records that name each
//     other as aliases are merged. The rule id is the primary id: the GO id when the
//     group has one (what govulncheck and pkg.go.dev use), else the GHSA id, else the
//     smallest id. Every other id (CVE, GHSA, PYSEC, …) is listed in Aliases.
//   - Severity is the worst of every CVSS vector (scored) and database rating in the
//     group. Go records carry none: when no alias record in the database has one, the
//     finding is high and its message says so.
//   - checks.deps.unreachable: downgrade lowers an unreachable Go vulnerability by one
//     level; ignore presets status "vex" with the reason (the same statement goes into
//     vex.openvex.json); keep leaves it as it is.
package deps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/licensecheck"
	"github.com/google/osv-scalibr/enricher/vulnmatch/osvlocal"
	osvpb "github.com/ossf/osv-schema/bindings/go/osvschema"
	"golang.org/x/sync/errgroup"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
	"github.com/shiftgate/shiftgate/internal/osvapi"
	"github.com/shiftgate/shiftgate/internal/osvdb"
	"github.com/shiftgate/shiftgate/internal/worker"
)

// Name is the check's name.
const Name = "deps"

// vulnFetchers bounds the concurrent record fetches from the OSV API.
const vulnFetchers = 8

// Options configure the check beyond the policy; the zero value is the default.
type Options struct {
	// HTTPClient and APIBase reach the OSV API (default https://api.osv.dev).
	HTTPClient *http.Client
	APIBase    string
	// CacheDir caches OSV records fetched from the API ("" = the user cache dir).
	CacheDir string
	// GoVersion overrides the local Go version used for the standard library.
	GoVersion string
	// GoEnv is extra environment for govulncheck (tests set GOPROXY=off; goenv.Safe still applies).
	GoEnv []string
	// ReachMemory bounds the memory of govulncheck's call-graph pass in bytes (0: the
	// SHIFTGATE_REACH_MEMORY environment variable, else half the memory limit). A module
	// estimated to need more is judged at package level, with a note.
	ReachMemory int64
}

// Check is the deps check.
type Check struct {
	opts Options
	// scanLicense replaces licensecheck.Scan (nil: licensecheck.Scan); tests count calls.
	scanLicense func([]byte) licensecheck.Coverage
}

// New returns the check with default options.
func New() *Check { return &Check{} }

// NewWithOptions returns the check with options (tests, and the CLI for the API URL).
func NewWithOptions(o Options) *Check { return &Check{opts: o} }

// Name is "deps".
func (c *Check) Name() string { return Name }

// pkgRef is one package in one manifest, with its matches.
type pkgRef struct {
	found extract.Found
	vulns []*osvdb.Record
	// unconfirmed are ids the OSV API matched that the local range check did not.
	unconfirmed []string
}

// Run runs the check.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	ws := env.Workspace
	cfg := env.Policy.Checks.Deps
	// The gate extracts the inventory once for this check and the SBOMs.
	ex, _ := env.Extracted.(*extract.Result)
	err := env.ExtractErr
	if ex == nil && err == nil {
		ex, err = extract.Run(ctx, ws, extract.Options{GoVersion: c.opts.GoVersion, Toolchain: env.Toolchain})
	}
	if err != nil {
		return nil, fmt.Errorf("could not build the dependency inventory: %w", err)
	}
	res := &checks.Result{Inventory: ex.Inventory, Notes: ex.Notes}
	// A manifest that cannot be read or parsed hides its packages: never a silent pass.
	var unreadable []error
	for _, n := range ex.Notes {
		if n.Kind == "parse" && (env.Changed == nil || env.Changed[n.Path]) {
			unreadable = append(unreadable, fmt.Errorf("%s: %s", n.Path, n.Message))
		}
	}
	found, notes := toMatch(ex.Found, env.Changed)
	res.Notes = append(res.Notes, notes...)
	if len(found) == 0 {
		return res, errors.Join(unreadable...)
	}
	defer func() { res.Inventory = ex.Inventory }() // licenses below rebuild it
	// Licences are classified beside matching and reachability: they depend on neither.
	// A module's licences come from the analysis cache when an earlier scan classified
	// the same files (licenseClassifier).
	lc := &licenseClassifier{modCache: goModCache(), store: env.Cache, scan: c.scanLicense}
	lics := make(chan [][]string, 1)
	go func() {
		var out [][]string
		if err := worker.Run(func() { out = classifyLicenses(ws, lc, ex.Found) }); err != nil {
			out = nil // a crash in classification leaves licences unknown, not the check
		}
		lics <- out
	}()
	dbDir := env.OfflineDB
	if dbDir == "" && cfg.DB != "" {
		dbDir = cfg.DB
		if !filepath.IsAbs(dbDir) {
			dbDir = filepath.Join(ws.Root(), filepath.FromSlash(dbDir))
		}
	}
	refs, goRecs, errs := c.match(ctx, found, dbDir)
	var unconfirmed []string
	for _, r := range refs {
		for _, id := range r.unconfirmed {
			unconfirmed = append(unconfirmed, fmt.Sprintf("%s for %s@%s (%s)", id, r.found.Package.Name, r.found.Package.Version, r.found.Manifest))
		}
	}
	if len(unconfirmed) > 0 {
		res.Notes = append(res.Notes, finding.Note{Kind: "deps", Message: fmt.Sprintf(
			"the OSV API matched %d vulnerability record(s) whose affected ranges do not include the locked version, so they are not reported: %s",
			len(unconfirmed), strings.Join(unconfirmed, ", "))})
	}
	errs = append(unreadable, errs...)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	res.Findings, res.Rules = vulnFindings(ws, refs)
	if cfg.Reachability && len(goRecs) > 0 {
		if err := c.reachability(ctx, env.Toolchain, ws, goRecs, res, cfg.Unreachable, cfg.Imported); err != nil {
			errs = append(errs, err)
		}
	}
	if len(cfg.VEX) > 0 {
		if err := applyVEX(ctx, ws, cfg.VEX, env.Base, res); err != nil {
			errs = append(errs, err)
		}
	}
	lf, lr, err := c.licenses(ws, ex, <-lics, cfg.Licenses.Allow, cfg.Licenses.Deny)
	if err != nil {
		errs = append(errs, err)
	}
	res.Findings = append(res.Findings, lf...)
	res.Rules = append(res.Rules, lr...)
	for i := range res.Findings {
		res.Findings[i].Check = Name
	}
	finding.Sort(res.Findings)
	slices.SortFunc(res.Rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	res.Rules = slices.CompactFunc(res.Rules, func(a, b finding.Rule) bool { return a.ID == b.ID })
	if len(errs) > 0 {
		return res, errors.Join(errs...)
	}
	return res, nil
}

// match finds the vulnerabilities of every package. It returns the Go records (for
// govulncheck's database) and one error per ecosystem that could not be matched.
func (c *Check) match(ctx context.Context, found []extract.Found, dbDir string) ([]*pkgRef, []*osvdb.Record, []error) {
	byEco := map[string][]int{}
	var ecos []string
	for i, f := range found {
		e := f.Package.Ecosystem
		if _, ok := byEco[e]; !ok {
			ecos = append(ecos, e)
		}
		byEco[e] = append(byEco[e], i)
	}
	slices.Sort(ecos)
	refs := make([]*pkgRef, len(found))
	for i := range found {
		refs[i] = &pkgRef{found: found[i]}
	}
	var errs []error
	var goRecs []*osvdb.Record
	if dbDir == "" {
		goRecs, errs = c.matchOnline(ctx, refs)
		return refs, goRecs, errs
	}
	for _, eco := range ecos {
		names := map[string]bool{}
		for _, i := range byEco[eco] {
			names[found[i].Package.Name] = true // PyPI names are normalised by the extraction
		}
		ix, err := osvdb.Load(dbDir, eco, func(n string) bool { return names[n] })
		if err != nil {
			errs = append(errs, fmt.Errorf("%s packages were not checked: %w", eco, err))
			continue
		}
		for _, i := range byEco[eco] {
			refs[i].vulns = affecting(ix.Lookup(found[i].Package.Name), refs[i].found)
		}
		if eco == "Go" {
			goRecs = ix.All()
		}
	}
	return refs, goRecs, errs
}

// affecting keeps the records whose ranges include the package's version, using
// osv-scalibr's matcher (its semantic version comparison per ecosystem).
func affecting(cands []*osvdb.Record, f extract.Found) []*osvdb.Record {
	var out []*osvdb.Record
	for _, r := range cands {
		if len(osvlocal.VulnerabilitiesAffectingPackage([]*osvpb.Vulnerability{r.Vuln}, f.Extracted)) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func (c *Check) matchOnline(ctx context.Context, refs []*pkgRef) ([]*osvdb.Record, []error) {
	cacheDir := c.opts.CacheDir
	if cacheDir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cacheDir = filepath.Join(d, "shiftgate", "osv")
		}
	}
	cl := osvapi.New(c.opts.APIBase, cacheDir)
	if c.opts.HTTPClient != nil {
		cl.HTTP = c.opts.HTTPClient
	}
	qs := make([]osvapi.Query, len(refs))
	for i, r := range refs {
		qs[i] = osvapi.Query{Ecosystem: r.found.Package.Ecosystem, Name: r.found.Package.Name, Version: r.found.Package.Version}
	}
	ans, err := cl.QueryBatch(ctx, qs)
	if err != nil {
		return nil, []error{fmt.Errorf("no dependency was checked: the OSV API at %s is unreachable and no offline database is set; "+
			"pass --offline-db DIR (or set checks.deps.db) with a database fetched by `shiftgate db pull DIR`, or allow access to the API (%w)", cl.BaseURL, err)}
	}
	// Fetch every distinct record once, several at a time (a repository with many
	// vulnerabilities would otherwise wait on one round trip after another), then
	// attach them in query order so the result does not depend on scheduling.
	var ids []osvapi.VulnRef
	seen := map[string]bool{}
	for _, vs := range ans {
		for _, v := range vs {
			if !seen[v.ID] {
				seen[v.ID] = true
				ids = append(ids, v)
			}
		}
	}
	fetched := make([]*osvdb.Record, len(ids))
	fetchErrs := make([]error, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(vulnFetchers)
	for k, v := range ids {
		g.Go(worker.Protect(func() error {
			b, err := cl.Vuln(gctx, v)
			if err != nil {
				fetchErrs[k] = fmt.Errorf("could not fetch %s from the OSV API: %w", v.ID, err)
				return nil
			}
			pv, err := osvdb.Unmarshal(b)
			if err != nil {
				fetchErrs[k] = fmt.Errorf("the OSV API's record %s is not valid: %w", v.ID, err)
				return nil
			}
			fetched[k] = &osvdb.Record{ID: pv.GetId(), JSON: b, Vuln: pv}
			return nil
		}))
	}
	_ = g.Wait() // every goroutine returns nil; failures are in fetchErrs
	recs := map[string]*osvdb.Record{}
	var errs []error
	for k, v := range ids {
		recs[v.ID] = fetched[k]
		if fetchErrs[k] != nil {
			errs = append(errs, fetchErrs[k])
		}
	}
	for i, vs := range ans {
		for _, v := range vs {
			if r := recs[v.ID]; r != nil {
				// The API matched already; the local matcher confirms the version.
				if ok := affecting([]*osvdb.Record{r}, refs[i].found); len(ok) > 0 {
					refs[i].vulns = append(refs[i].vulns, ok...)
				} else {
					refs[i].unconfirmed = append(refs[i].unconfirmed, v.ID)
				}
			}
		}
	}
	var goRecs []*osvdb.Record
	for _, r := range recs {
		if r != nil && slices.ContainsFunc(r.Vuln.GetAffected(), func(a *osvpb.Affected) bool { return a.GetPackage().GetEcosystem() == "Go" }) {
			goRecs = append(goRecs, r)
		}
	}
	slices.SortFunc(goRecs, func(a, b *osvdb.Record) int { return cmp.Compare(a.ID, b.ID) })
	return goRecs, errs
}

// toMatch picks the packages to match against OSV, with notes on what it left out. A
// package without a version (installed from a git URL or a local path) has no range
// to match; it stays in the inventory and a note names it. The same package at the
// same version twice in one manifest (a requirements.txt pin under two environment
// markers) is one package there: the first line stands. In the pre-push hook (changed
// not nil) a dependency finding sits at its manifest, so only the manifests being
// pushed can hold a blocking one; the rest is CI's full scan.
func toMatch(all []extract.Found, changed map[string]bool) ([]extract.Found, []finding.Note) {
	var notes []finding.Note
	var unversioned []string
	type inManifest struct{ eco, name, version, manifest string }
	seen := map[inManifest]bool{}
	found := slices.DeleteFunc(slices.Clone(all), func(f extract.Found) bool {
		if f.Package.Version == "" {
			unversioned = append(unversioned, f.Package.Name+" ("+f.Manifest+")")
			return true
		}
		k := inManifest{f.Package.Ecosystem, f.Package.Name, f.Package.Version, f.Manifest}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
	if len(unversioned) > 0 {
		notes = append(notes, finding.Note{Kind: "deps", Message: fmt.Sprintf(
			"%d package(s) have no version to match against OSV (installed from a git URL or a path), not checked: %s",
			len(unversioned), strings.Join(unversioned, ", "))})
	}
	if changed != nil {
		before := len(found)
		found = slices.DeleteFunc(found, func(f extract.Found) bool { return !changed[f.Manifest] })
		if len(found) < before {
			notes = append(notes, finding.Note{Kind: "deps", Message: fmt.Sprintf(
				"pre-push: %d package(s) in manifests that this push does not change were not matched; CI's full scan checks them", before-len(found))})
		}
	}
	return found, notes
}
