// Package checks defines what a check is: something that looks at the workspace and
// reports findings, rules and notes. A check never decides pass or fail; the policy
// does. The registry table lives in package registry; each check in its own folder.
package checks

import (
	"context"
	"time"

	"github.com/shiftgate/shiftgate/internal/cache"
	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/goenv"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Env is what a check may look at: the walked workspace, the policy, and the options
// of this scan. Checks must not read flags or the environment themselves.
type Env struct {
	Workspace *workspace.Workspace
	Policy    *policy.Policy
	// OfflineDB is the local OSV database directory (--offline-db), "" for none.
	OfflineDB string
	// Now is the scan's clock, for anything that depends on the date.
	Now time.Time
	// Changed, when not nil, lists the files (slash paths relative to the root) the
	// pre-push hook is judging; only findings in them can block, so a check may skip
	// work that can only produce findings elsewhere. Nil means the whole tree counts.
	Changed map[string]bool
	// Extracted is the dependency extraction (an *extract.Result from package
	// internal/inventory/extract) the gate made once for the deps check and the SBOMs,
	// or ExtractErr why it could not; both nil when the gate did not extract (a check
	// run on its own extracts for itself). It is typed any so that this package, which
	// every check imports, does not pull in osv-scalibr's extractors.
	Extracted  any
	ExtractErr error
	// BaseRules, when not nil, are the custom IaC rule files (checks.iac.rules) as the
	// base commit has them, by slash path: in a pull request they are what the iac
	// check runs, never the change's versions (docs/security.md).
	BaseRules map[string][]byte
	// Base, when not nil, reads files as the base commit has them (a pull request):
	// the deps check's VEX documents count as the base has them.
	Base changes.Base
	// Cache, when not nil, is the analysis cache (internal/cache): a check may keep
	// what it computed under a key of everything that can change it. Nil: no cache.
	Cache *cache.Store
	// Toolchain answers `go env` once per environment for the whole scan (nil: a check
	// asks the go command itself each time).
	Toolchain *goenv.Toolchain
}

// Result is what one check reports.
type Result struct {
	Findings []finding.Finding
	// Rules describe every rule a finding refers to (and may describe more).
	Rules []finding.Rule
	// Notes tell a person what was skipped or could not be analysed.
	Notes []finding.Note
	// Inventory is the dependency inventory (deps check only), reused for SBOMs.
	Inventory *inventory.Inventory
	// Files are out-dir files the check produced, by file name (the image check's
	// SBOMs); the scan writes them with the reports. Checks never write files.
	Files map[string][]byte
}

// Check is one kind of analysis.
type Check interface {
	// Name is the check's stable name: "sast", "secrets", "deps", "iac", "sarif".
	Name() string
	// Run analyses the workspace. An error means the check could not complete; the
	// policy's fail.on_error decides what that does to the gate. Run must return
	// promptly when ctx is done.
	Run(ctx context.Context, env *Env) (*Result, error)
}
