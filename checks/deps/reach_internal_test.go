package deps

import (
	"testing"

	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// The example call path is the shortest, then the first in byte order, whatever order
// govulncheck reports its traces in: the same module gives the same report bytes.
func TestExamplePathIsStable(t *testing.T) {
	paths := []struct {
		p string
		n int
	}{{"main.c → x.B → v.F", 3}, {"main.a → v.F", 2}, {"main.b → v.F", 2}, {"main.d → y.E → z.G → v.F", 4}}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}} {
		var r reach
		for _, i := range order {
			if better(paths[i].p, paths[i].n, r) {
				r = reach{reachable: true, path: paths[i].p, steps: paths[i].n}
			}
		}
		if r.path != "main.a → v.F" {
			t.Errorf("order %v chose %q, want the shortest, then the first in byte order", order, r.path)
		}
	}
}

// A path through a call the call graph over-approximates says so and names the step.
func TestApproximatedNamesTheStep(t *testing.T) {
	direct := []frame{{Package: "golang.org/x/text/language", Function: "Parse"}, {Package: "example.com/m", Function: "load"}, {Package: "example.com/m", Function: "main"}}
	if got := approximated(direct); got != "" {
		t.Errorf("a path of direct calls is reported approximated via %q", got)
	}
	viaOnce := []frame{{Package: "golang.org/x/text/language", Function: "Parse"}, {Package: "example.com/m", Function: "init$1"}, {Package: "sync", Receiver: "*Once", Function: "Do"}, {Package: "example.com/m", Function: "main"}}
	if got := approximated(viaOnce); got != "sync.Once.Do" {
		t.Errorf("approximated = %q, want sync.Once.Do", got)
	}
}

// A record that names no vulnerable symbols for a module makes an import count as a
// call: the finding is "imported", not "reachable".
func TestNamesSymbols(t *testing.T) {
	recs := []*osvdb.Record{
		{ID: "GO-1", JSON: []byte(`{"affected":[{"package":{"name":"golang.org/x/crypto"},"ecosystem_specific":{"imports":[{"path":"golang.org/x/crypto/openpgp"}]}}]}`)},
		{ID: "GO-2", JSON: []byte(`{"affected":[{"package":{"name":"golang.org/x/text"},"ecosystem_specific":{"imports":[{"path":"golang.org/x/text/language","symbols":["Parse"]}]}}]}`)},
	}
	if namesSymbols(recs, "GO-1", "golang.org/x/crypto") {
		t.Error("GO-1 names no symbols")
	}
	if !namesSymbols(recs, "GO-2", "golang.org/x/text") {
		t.Error("GO-2 names Parse")
	}
	if !namesSymbols(recs, "GO-3", "golang.org/x/text") {
		t.Error("an unknown record must not weaken the claim")
	}
}
