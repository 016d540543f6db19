package goenv

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// standInGo puts a `go` on PATH that logs each call to the returned file, then runs
// the real go command, unless the file named by the returned fail path exists.
func standInGo(t *testing.T) (logf, fail string) {
	t.Helper()
	realGo, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	bin, dir := t.TempDir(), t.TempDir()
	logf, fail = filepath.Join(dir, "go.log"), filepath.Join(dir, "fail")
	script := "#!/bin/sh\necho \"GOOS=$GOOS GOFLAGS=${GOFLAGS-unset} $*\" >> '" + logf + "'\n" +
		"[ -e '" + fail + "' ] && { echo 'go: broken' >&2; exit 1; }\nexec '" + realGo + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return logf, fail
}

func calls(t *testing.T, logf string) []string {
	t.Helper()
	b, err := os.ReadFile(logf)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// TestToolchainAsksOncePerEnvironment: callers at the same time, and callers whose
// environments differ only in GOFLAGS (the gate's per-purpose build flags), share one
// `go env`; another environment (here another GOOS) is asked on its own and answered
// for itself; a failure is not kept; a nil Toolchain asks every time.
func TestToolchainAsksOncePerEnvironment(t *testing.T) {
	logf, fail := standInGo(t)
	ctx := context.Background()
	tc := &Toolchain{}
	var wg sync.WaitGroup
	got := make([]Facts, 8)
	for i := range got {
		wg.Go(func() {
			flags := []string{"-buildvcs=false", "-mod=readonly", "-mod=vendor", ""}[i%4]
			f, err := tc.Facts(ctx, Safe(nil, flags))
			if err != nil {
				t.Error(err)
			}
			got[i] = f
		})
	}
	wg.Wait()
	if c := calls(t, logf); len(c) != 1 || !strings.HasSuffix(c[0], "GOFLAGS= env GOVERSION GOOS GOARCH GOEXPERIMENT GO386 GOAMD64 GOARM GOARM64 GOMIPS GOMIPS64 GOPPC64 GORISCV64 GOWASM GOCACHE") {
		t.Fatalf("8 callers, 4 GOFLAGS: go ran %d times, want once with GOFLAGS empty: %q", len(c), c)
	}
	for _, f := range got {
		if f != got[0] || !strings.HasPrefix(f.GOVERSION, "go") || f.GOOS == "" || f.GOARCH == "" {
			t.Fatalf("facts %+v, %+v", f, got[0])
		}
	}
	if s := tc.String(ctx, Safe(nil, "")); s != got[0].String() || !strings.HasPrefix(s, got[0].GOVERSION+" "+got[0].GOOS+" "+got[0].GOARCH) {
		t.Errorf("String = %q, facts %+v", s, got[0])
	}
	other := "windows"
	if got[0].GOOS == "windows" {
		other = "linux"
	}
	f, err := tc.Facts(ctx, Safe(nil, "", "GOOS="+other))
	if err != nil || f.GOOS != other {
		t.Errorf("another environment: %+v, %v; want GOOS=%s", f, err, other)
	}
	if c := calls(t, logf); len(c) != 2 {
		t.Errorf("another environment: go ran %d times in all, want 2", len(c))
	}

	// A failure is reported, and not kept.
	if err := os.WriteFile(fail, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	env := Safe(nil, "", "GOARCH=arm64")
	if _, err := tc.Facts(ctx, env); err == nil || !strings.Contains(err.Error(), "go: broken") {
		t.Errorf("a failing go command: err = %v, want its stderr", err)
	}
	if s := tc.String(ctx, env); s != "" {
		t.Errorf("a failing go command: String = %q, want \"\"", s)
	}
	os.Remove(fail)
	if f, err := tc.Facts(ctx, env); err != nil || f.GOARCH != "arm64" {
		t.Errorf("after the failure: %+v, %v: the failure was kept", f, err)
	}
	if c := calls(t, logf); len(c) != 5 {
		t.Errorf("go ran %d times in all, want 5 (two failures, then one call)", len(c))
	}

	// No memo: every call asks.
	var none *Toolchain
	for range 2 {
		if _, err := none.Facts(ctx, Safe(nil, "")); err != nil {
			t.Fatal(err)
		}
	}
	if c := calls(t, logf); len(c) != 7 {
		t.Errorf("a nil Toolchain: go ran %d times in all, want 7", len(c))
	}
}

// A caller whose context is cancelled gets its error at once, and neither fails the
// command the others share nor leaves the error in the memo: the next caller gets the
// facts from the same single `go env`.
func TestToolchainCancelledCallerKeepsNothing(t *testing.T) {
	logf, _ := standInGo(t)
	tc := &Toolchain{}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	// (It gets the facts instead only if `go env` ended first: select picks either.)
	if _, err := tc.Facts(cancelled, Safe(nil, "")); err != nil && err != context.Canceled {
		t.Fatalf("a cancelled caller: err = %v, want context.Canceled", err)
	}
	f, err := tc.Facts(context.Background(), Safe(nil, "-mod=readonly"))
	if err != nil || !strings.HasPrefix(f.GOVERSION, "go") {
		t.Fatalf("the next caller: %+v, %v", f, err)
	}
	if c := calls(t, logf); len(c) != 1 {
		t.Errorf("go ran %d times, want once (the cancelled caller's command is shared)", len(c))
	}
}

// GOAMD64 and its kin pick files by build tags (amd64.v3), so they are in the facts
// every analysis key holds: a scan with GOAMD64=v3 never reads the v1 scan's entries.
func TestArchitectureLevelIsInTheFacts(t *testing.T) {
	tc := &Toolchain{}
	ctx := context.Background()
	v1, err := tc.Facts(ctx, Safe([]string{"GOAMD64=v1"}, ""))
	if err != nil {
		t.Fatal(err)
	}
	v3, err := tc.Facts(ctx, Safe([]string{"GOAMD64=v3"}, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v1.String(), "GOAMD64=v1") || !strings.Contains(v3.String(), "GOAMD64=v3") || v1.String() == v3.String() {
		t.Fatalf("facts with GOAMD64=v1: %q, with v3: %q: want the level in each, and different", v1, v3)
	}
}
