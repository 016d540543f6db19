package goenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Facts are what `go env` says of the go command an environment runs: the facts that
// change an analysis of Go code (the standard library's version, the target platform,
// the experiments on).
type Facts struct {
	GOVERSION, GOOS, GOARCH, GOEXPERIMENT string
	// Levels are the microarchitecture levels the go command reports ("GOAMD64=v1",
	// defaults included): they select files by build tags (amd64.v3), so a change of
	// GOAMD64 must change every key that holds Facts.
	Levels string
	// GOCACHE is the build cache folder the go command uses ("off" when it has none).
	// Not part of String: a cache that moved does not change an analysis.
	GOCACHE string
}

// String is the facts as one line, "go1.26.8 linux amd64" (the experiments last, when
// any), for cache keys.
func (f Facts) String() string {
	return strings.Join(strings.Fields(strings.Join([]string{f.GOVERSION, f.GOOS, f.GOARCH, f.GOEXPERIMENT, f.Levels}, " ")), " ")
}

// factsTimeout bounds one `go env`.
const factsTimeout = 30 * time.Second

// Toolchain asks the go command for its Facts once per environment, for one scan: the
// inventory, the sast and deps checks and their cache keys each need the Go version,
// and each `go env` is a process start on the critical path. The zero value is ready;
// a nil *Toolchain asks every time (a check run on its own). Safe for concurrent use:
// callers asking at the same time share one go command.
//
// The memo is keyed by the environment the command runs with, GOFLAGS emptied: the
// gate's GOFLAGS differ by purpose (-buildvcs=false for gosec's load, -mod=readonly or
// -mod=vendor for govulncheck) and carry only build flags, which `go env` never reads
// for these variables. The command runs in os.TempDir(): with
// GOTOOLCHAIN=local and GOENV=off no file of a repository can change these answers,
// and outside one no go.mod or go.work is read at all.
type Toolchain struct {
	mu    sync.Mutex
	asked map[string]*factsCall
}

type factsCall struct {
	done  chan struct{}
	facts Facts
	err   error
}

// Facts returns the go command's Facts in environment env (a Safe result). A failure
// is not kept: the next caller asks again.
func (t *Toolchain) Facts(ctx context.Context, env []string) (Facts, error) {
	env = factsEnv(env)
	if t == nil {
		return goEnvFacts(ctx, env)
	}
	key := strings.Join(env, "\x00")
	t.mu.Lock()
	if t.asked == nil {
		t.asked = map[string]*factsCall{}
	}
	c, ok := t.asked[key]
	if !ok {
		c = &factsCall{done: make(chan struct{})}
		t.asked[key] = c
		// The command is shared: one caller's cancelled context must not fail the
		// others, and every caller still returns as soon as its own is done.
		go func() {
			c.facts, c.err = goEnvFacts(context.WithoutCancel(ctx), env)
			if c.err != nil {
				t.mu.Lock()
				delete(t.asked, key)
				t.mu.Unlock()
			}
			close(c.done)
		}()
	}
	t.mu.Unlock()
	select {
	case <-c.done:
		return c.facts, c.err
	case <-ctx.Done():
		return Facts{}, ctx.Err()
	}
}

// String is Facts as one line, "" when the go command cannot be run (the analyses that
// need it then fail on their own): what cache keys hold.
func (t *Toolchain) String(ctx context.Context, env []string) string {
	f, err := t.Facts(ctx, env)
	if err != nil {
		return ""
	}
	return f.String()
}

// factsEnv is env with GOFLAGS empty (the gate's own, as Safe gives every go command;
// no GOFLAGS of the runner's), the last value of each variable kept, sorted: the
// memo's key and the command's environment.
func factsEnv(env []string) []string {
	last := map[string]string{}
	for _, kv := range env {
		if k, _, ok := strings.Cut(kv, "="); ok {
			last[k] = kv
		}
	}
	last["GOFLAGS"] = "GOFLAGS="
	out := make([]string, 0, len(last))
	for _, kv := range last {
		out = append(out, kv)
	}
	slices.Sort(out)
	return out
}

// goEnvFacts runs `go env` once.
func goEnvFacts(ctx context.Context, env []string) (Facts, error) {
	ctx, cancel := context.WithTimeout(ctx, factsTimeout)
	defer cancel()
	// The microarchitecture variables, defaults included (GOAMD64=v1).
	levelVars := []string{"GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64", "GORISCV64", "GOWASM"}
	cmd := exec.CommandContext(ctx, "go", append(append([]string{"env", "GOVERSION", "GOOS", "GOARCH", "GOEXPERIMENT"}, levelVars...), "GOCACHE")...)
	cmd.Env = env
	cmd.Dir = os.TempDir()
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return Facts{}, fmt.Errorf("go env: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if want := 5 + len(levelVars); len(lines) != want {
		return Facts{}, fmt.Errorf("go env printed %d lines for %d variables: %q", len(lines), want, out)
	}
	var levels []string
	for i, name := range levelVars {
		if v := strings.TrimSpace(lines[4+i]); v != "" {
			levels = append(levels, name+"="+v)
		}
	}
	return Facts{GOVERSION: strings.TrimSpace(lines[0]), GOOS: lines[1], GOARCH: lines[2], GOEXPERIMENT: lines[3], Levels: strings.Join(levels, ","),
		GOCACHE: strings.TrimSpace(lines[len(lines)-1])}, nil
}
