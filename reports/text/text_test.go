package text

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/result"
)

// A check's error is wrapped, never cut: the fix is at its end ("pass --offline-db DIR
// (or set checks.deps.db)" was cut just before the fix).
func TestCheckErrorIsWrappedNotCut(t *testing.T) {
	msg := "deps: could not reach the OSV API at https://api.osv.dev (dial tcp: lookup api.osv.dev: no such host): without network access pass --offline-db DIR (or set checks.deps.db in .shiftgate.yaml) with a database from shiftgate db pull"
	res := &result.Result{Verdict: result.Error, Reason: "check(s) deps could not run",
		Checks: []result.Check{{Name: "deps", Status: result.StatusError, Error: msg}}}
	var b bytes.Buffer
	if err := Write(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	var joined []string
	for _, l := range strings.Split(b.String(), "\n") {
		if len([]rune(l)) > 100 {
			t.Errorf("line over 100 characters: %q", l)
		}
		joined = append(joined, strings.TrimSpace(l))
	}
	if !strings.Contains(strings.Join(joined, " "), msg) {
		t.Errorf("the error is not there in full:\n%s", b.String())
	}
}
