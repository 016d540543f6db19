package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shiftgate/shiftgate/internal/changes"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/gate"
	"github.com/shiftgate/shiftgate/internal/github"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports"
	"github.com/shiftgate/shiftgate/reports/jsonreport"
	"github.com/shiftgate/shiftgate/reports/markdown"
	"github.com/shiftgate/shiftgate/reports/sarif"
	"github.com/shiftgate/shiftgate/reports/text"
)

// scanOptions are the scan command's flags.
type scanOptions struct {
	root         string
	policyFile   string
	outDir       string
	offlineDB    string
	changedSince string
	format       string
	failSeverity string
	mode         string
	noColor      bool
	quiet        bool
	timings      bool
	supply       supplyOptions
}

var formats = []string{"text", "json", "sarif", "markdown"}

func runScan(ctx context.Context, args []string, env *Env) (int, error) {
	return scan(ctx, args, env, false)
}

// scan is `shiftgate scan`. narrow is set by the pre-push hook: with --changed-since,
// checks may skip work whose findings could not block (see checks.Env.Changed).
func scan(ctx context.Context, args []string, env *Env, narrow bool) (int, error) {
	// In the GitHub Action, the inputs become flags, and the token is masked before
	// anything is printed.
	args, inputErrs := github.ActionScanArgs(env.Getenv, args)
	if len(inputErrs) > 0 {
		return 0, usagef("invalid action input: %s", strings.Join(inputErrs, "; "))
	}
	ghEnv, inActions := github.FromEnv(env.Getenv)
	if inActions {
		ghEnv.MaskToken(env.Stdout)
	}
	var o scanOptions
	fs := newFlags("scan", env, "scan [flags] [PATH]")
	fs.StringVar(&o.policyFile, "policy", "", "policy file (default: PATH/.shiftgate.yaml if present, else the embedded default policy)")
	fs.StringVar(&o.outDir, "out", "", "directory for every report file (default: PATH/.shiftgate/out)")
	fs.StringVar(&o.offlineDB, "offline-db", "", "local OSV database directory (DIR/osv-scalibr/<Ecosystem>/all.zip or DIR/osv-scanner/<Ecosystem>/all.zip)")
	fs.StringVar(&o.changedSince, "changed-since", "", "only block on findings in files changed since this git REF")
	fs.StringVar(&o.format, "format", "text", "what goes to stdout: "+strings.Join(formats, "|")+" (report files are always written)")
	fs.StringVar(&o.failSeverity, "fail-severity", "", "override the policy's fail.severity: critical|high|medium|low|info")
	fs.StringVar(&o.mode, "mode", "", "override the policy's mode: enforce|audit")
	fs.BoolVar(&o.noColor, "no-color", false, "never colour the terminal output (NO_COLOR is honoured too)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	fs.BoolVar(&o.timings, "timings", false, "record each check's duration in shiftgate.json (makes the file differ between runs)")
	addSupplyFlags(fs, &o.supply)
	pos, err := parse(fs, args)
	if err != nil {
		return 0, err
	}
	switch len(pos) {
	case 0:
		o.root = "."
	case 1:
		o.root = pos[0]
	default:
		return 0, usagef("scan takes one PATH, got %d: %q", len(pos), pos)
	}
	if !slices.Contains(formats, o.format) {
		return 0, usagef("unknown --format %q: use one of %s", o.format, strings.Join(formats, ", "))
	}
	st, err := os.Stat(o.root)
	if err != nil {
		return 0, fmt.Errorf("cannot read the target %q: %w", o.root, err)
	}
	if !st.IsDir() {
		return 0, usagef("the target %q is not a directory: give the repository's root folder", o.root)
	}
	changed, err := changedSince(ctx, o.root, o.changedSince)
	if err != nil {
		return 0, err
	}
	p, err := loadPolicy(o.root, o.policyFile)
	if err != nil {
		return 0, err
	}
	if o.failSeverity != "" {
		if _, err := finding.ParseSeverity(o.failSeverity); err != nil {
			return 0, usagef("--fail-severity: %v", err)
		}
		p.Fail.Severity = strings.ToLower(o.failSeverity)
	}
	if o.mode != "" {
		if o.mode != "enforce" && o.mode != "audit" {
			return 0, usagef("unknown --mode %q: use enforce or audit", o.mode)
		}
		p.Mode = o.mode
	}
	if o.outDir == "" {
		o.outDir = filepath.Join(o.root, ".shiftgate", "out")
	}
	if p.Source != policy.EmbeddedSource {
		p.Source = displayPath(o.root, p.Source)
	}
	if err := checkReferences(ctx, nil, o.root, p); err != nil {
		return 0, err
	}

	supply, err := newSupplyChain(ctx, env, o.supply, p, o.root, o.outDir)
	if err != nil {
		return 0, err
	}
	prog := newProgress(env, o.quiet)
	res, err := gate.Run(ctx, gate.Options{
		Root: o.root, Policy: p, OutDir: o.outDir, OfflineDB: o.offlineDB, Changed: narrowTo(narrow, changed),
		Now: env.now(), Tool: result.Tool{Name: "shiftgate", Version: Version()},
		Progress: prog.event,
	})
	prog.stop()
	if err != nil {
		return 0, fmt.Errorf("cannot scan %q: %w", o.root, err)
	}
	if err := gateNewAndChanged(ctx, o.root, o.policyFile, changed, p, res, env.now()); err != nil {
		return 0, err
	}
	if !o.timings {
		for i := range res.Checks {
			res.Checks[i].DurationMs = 0
		}
	}
	supply.judge(res)
	_, writeErr := reports.WriteAll(o.outDir, res)
	if err := supply.write(ctx, res); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	if err := render(env, o, res); err != nil {
		writeErr = errors.Join(writeErr, err)
	}
	if inActions {
		// Publishing never changes the verdict: API failures are warnings in the log.
		sarifBytes, _ := os.ReadFile(filepath.Join(o.outDir, "shiftgate.sarif"))
		if err := github.Publish(ctx, ghEnv, res, github.Reports{SARIF: sarifBytes, OutDir: o.outDir, Root: o.root}, env.Stdout); err != nil {
			fmt.Fprintf(env.Stderr, "shiftgate: %v\n", err)
		}
	}
	code := verdictCode(res.Verdict)
	if writeErr != nil {
		fmt.Fprintf(env.Stderr, "shiftgate: %v\n", writeErr)
		if code == ExitPass {
			code = ExitError
		}
	}
	return code, nil
}

func render(env *Env, o scanOptions, res *result.Result) error {
	switch o.format {
	case "json":
		return jsonreport.Write(env.Stdout, res)
	case "sarif":
		return sarif.Write(env.Stdout, res)
	case "markdown":
		return markdown.Write(env.Stdout, res)
	default:
		color := env.IsTerminal && !o.noColor && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"
		return text.Write(env.Stdout, res, text.Options{Color: color})
	}
}

// loadPolicy finds the policy: the flag, else PATH/.shiftgate.yaml, else the default.
func loadPolicy(root, file string) (*policy.Policy, error) {
	if file == "" {
		candidate := filepath.Join(root, policy.FileName)
		if _, err := os.Stat(candidate); err == nil {
			file = candidate
		} else {
			return policy.Default(), nil
		}
	}
	p, err := policy.Load(file)
	if err != nil {
		var perrs policy.Errors
		if errors.As(err, &perrs) {
			return nil, fmt.Errorf("invalid policy:\n%w", err)
		}
		return nil, err
	}
	return p, nil
}

// displayPath shows a path relative to the root when it is inside it.
func displayPath(root, p string) string {
	ar, err1 := filepath.Abs(root)
	ap, err2 := filepath.Abs(p)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(ar, ap); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(p)
}

// progress prints check progress on stderr, only once a scan has run for a second.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	running map[string]bool
	shown   bool
	timer   *time.Timer
	off     bool
}

func newProgress(env *Env, quiet bool) *progress {
	p := &progress{w: env.Stderr, start: time.Now(), running: map[string]bool{}, off: quiet}
	if !quiet {
		p.timer = time.AfterFunc(time.Second, p.announce)
	}
	return p
}

func (p *progress) announce() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.off {
		return
	}
	p.shown = true
	var names []string
	for n, r := range p.running {
		if r {
			names = append(names, n)
		}
	}
	if len(names) > 0 {
		slices.Sort(names)
		fmt.Fprintf(p.w, "shiftgate: scanning… running: %s\n", strings.Join(names, ", "))
	}
}

func (p *progress) event(e gate.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !e.Done {
		p.running[e.Check] = true
		return
	}
	p.running[e.Check] = false
	if p.shown && !p.off {
		status := fmt.Sprintf("%d finding(s)", e.Findings)
		if e.Err != nil {
			status = "error"
		}
		fmt.Fprintf(p.w, "shiftgate: %s done in %.1fs, %s\n", e.Check, e.Duration.Seconds(), status)
	}
}

func (p *progress) stop() {
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Lock()
	p.off = true
	p.mu.Unlock()
}

// narrowTo is the set of changed files a narrowed scan passes to the checks.
func narrowTo(narrow bool, set *changes.Set) map[string]bool {
	if !narrow || set == nil {
		return nil
	}
	m := map[string]bool{}
	for _, p := range set.Paths() {
		m[p] = true
	}
	return m
}
