package gate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/checks/registry"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/internal/worker"
)

// fake is a check whose behaviour a test chooses.
type fake struct {
	name string
	run  func(ctx context.Context, env *checks.Env) (*checks.Result, error)
}

func (f fake) Name() string { return f.name }
func (f fake) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	return f.run(ctx, env)
}

func entry(name string, timeout time.Duration, run func(ctx context.Context, env *checks.Env) (*checks.Result, error)) registry.Entry {
	return registry.Entry{
		Name:    name,
		Enabled: func(*policy.Policy) bool { return true },
		Timeout: func(*policy.Policy) time.Duration { return timeout },
		New:     func() checks.Check { return fake{name, run} },
	}
}

func findingsOf(fs ...finding.Finding) func(context.Context, *checks.Env) (*checks.Result, error) {
	return func(context.Context, *checks.Env) (*checks.Result, error) {
		return &checks.Result{Findings: fs}, nil
	}
}

func repo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.go"), []byte("package a\n\nfunc f() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func parse(t *testing.T, src string) *policy.Policy {
	t.Helper()
	p, err := policy.Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCrashTimeoutAndErrorBecomeCheckErrors(t *testing.T) {
	table := []registry.Entry{
		entry("boom", time.Minute, func(context.Context, *checks.Env) (*checks.Result, error) { panic("index out of range") }),
		entry("slow", 50*time.Millisecond, func(ctx context.Context, _ *checks.Env) (*checks.Result, error) {
			time.Sleep(5 * time.Second) // ignores its context: the runner must not wait
			return nil, nil
		}),
		entry("broken", time.Minute, func(context.Context, *checks.Env) (*checks.Result, error) {
			return nil, errors.New("could not read go.mod")
		}),
		entry("good", time.Minute, findingsOf(finding.Finding{Rule: "R1", Severity: finding.Low, Path: "a.go", Line: 3})),
		// Panics on goroutines the check starts (issue 12, part of attack 13): the
		// process survives, and each is that check's error.
		entry("pool", time.Minute, func(context.Context, *checks.Env) (*checks.Result, error) {
			var g errgroup.Group
			g.Go(worker.Protect(func() error { var m map[string]int; m["x"]++; return nil }))
			return nil, g.Wait()
		}),
		entry("fanout", time.Minute, func(context.Context, *checks.Env) (*checks.Result, error) {
			var p worker.Panics
			defer p.Raise()
			done := make(chan struct{})
			go func() { defer close(done); p.Do(func() { panic("deep in a worker") }) }()
			<-done
			return &checks.Result{}, nil
		}),
	}
	start := time.Now()
	res, err := Run(context.Background(), Options{Root: repo(t), Policy: policy.Default(), Table: table})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 4*time.Second {
		t.Fatal("the runner waited for a check past its timeout")
	}
	want := map[string]string{
		"boom":   "the boom check crashed: index out of range",
		"slow":   "the slow check did not finish within 50ms: raise checks.slow.timeout",
		"broken": "broken: could not read go.mod",
		"pool":   "pool: crashed: assignment to entry in nil map",
		"fanout": "the fanout check crashed: crashed: deep in a worker",
	}
	for name, msg := range want {
		c := res.CheckByName(name)
		if c == nil || c.Status != result.StatusError || !strings.Contains(c.Error, msg) {
			t.Errorf("check %s = %+v, want error containing %q", name, c, msg)
		}
	}
	if c := res.CheckByName("good"); c.Status != result.StatusOK || c.Findings != 1 {
		t.Errorf("good check = %+v", c)
	}
	if res.Verdict != result.Error || !strings.Contains(res.Reason, "boom, broken, fanout, pool, slow could not run") {
		t.Errorf("verdict %s: %s", res.Verdict, res.Reason)
	}
	f := res.Findings[0]
	if f.Check != "good" || f.Status != finding.StatusAllowed || len(f.Fingerprint) != 32 {
		t.Errorf("finding = %+v", f)
	}
}

func TestVerdicts(t *testing.T) {
	high := finding.Finding{Rule: "R1", Severity: finding.High, Path: "a.go", Line: 1}
	failing := entry("bad", time.Minute, func(context.Context, *checks.Env) (*checks.Result, error) { return nil, errors.New("no") })
	cases := []struct {
		name    string
		policy  string
		table   []registry.Entry
		verdict result.Verdict
		reason  string
	}{
		{"clean", "version: 1\n", []registry.Entry{entry("c", time.Minute, findingsOf())}, result.Pass, "no finding at or above high severity"},
		{"blocking", "version: 1\n", []registry.Entry{entry("c", time.Minute, findingsOf(high))}, result.Fail, "1 blocking finding(s) at or above high severity"},
		{"below threshold", "version: 1\nfail: {severity: critical}\n", []registry.Entry{entry("c", time.Minute, findingsOf(high))}, result.Pass, "no finding at or above critical"},
		{"blocking wins over error", "version: 1\n", []registry.Entry{entry("c", time.Minute, findingsOf(high)), failing}, result.Fail, "1 blocking"},
		{"error fails closed", "version: 1\n", []registry.Entry{failing}, result.Error, "bad could not run and fail.on_error is fail"},
		{"error warns", "version: 1\nfail: {on_error: warn}\n", []registry.Entry{failing}, result.Pass, "bad could not run (fail.on_error is warn)"},
		{"audit", "version: 1\nmode: audit\n", []registry.Entry{entry("c", time.Minute, findingsOf(high)), failing}, result.Pass, "audit mode: nothing fails the gate (1 finding(s) would block, 1 check(s) failed)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Run(context.Background(), Options{Root: repo(t), Policy: parse(t, c.policy), Table: c.table})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != c.verdict || !strings.Contains(res.Reason, c.reason) {
				t.Fatalf("verdict %s (%s), want %s (%s)", res.Verdict, res.Reason, c.verdict, c.reason)
			}
		})
	}
}

func TestDisabledChecksAreSkippedAndStaleExceptionsNoted(t *testing.T) {
	off := entry("off", time.Minute, findingsOf())
	off.Enabled = func(*policy.Policy) bool { return false }
	p := parse(t, "version: 1\nexceptions:\n  - {id: NOPE, reason: gone}\n")
	res, err := Run(context.Background(), Options{Root: repo(t), Policy: p, Table: []registry.Entry{off}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.CheckByName("off"); c.Status != result.StatusSkipped {
		t.Fatalf("off = %+v", c)
	}
	found := false
	for _, n := range res.Notes {
		if n.Kind == "exception" && n.Line == 3 && strings.Contains(n.Message, `"NOPE" matched no finding`) {
			found = true
		}
	}
	if !found {
		t.Fatalf("no stale-exception note in %+v", res.Notes)
	}
}

func TestUnreadableTargetIsAnError(t *testing.T) {
	if _, err := Run(context.Background(), Options{Root: filepath.Join(t.TempDir(), "missing"), Policy: policy.Default(), Table: []registry.Entry{}}); err == nil {
		t.Fatal("scanning a missing directory succeeded")
	}
}

func TestOutDirInsideRootIsNotScanned(t *testing.T) {
	root := repo(t)
	out := filepath.Join(root, "reports")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "old.json"), []byte("{}"), 0o644)
	var seen []string
	table := []registry.Entry{entry("c", time.Minute, func(_ context.Context, env *checks.Env) (*checks.Result, error) {
		for _, f := range env.Workspace.Files() {
			seen = append(seen, f.Path)
		}
		return &checks.Result{}, nil
	})}
	if _, err := Run(context.Background(), Options{Root: root, OutDir: out, Policy: policy.Default(), Table: table}); err != nil {
		t.Fatal(err)
	}
	for _, p := range seen {
		if strings.HasPrefix(p, "reports/") {
			t.Fatalf("the out dir was walked: %v", seen)
		}
	}
}
