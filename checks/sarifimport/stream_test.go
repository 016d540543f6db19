package sarifimport

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// writeLog writes a SARIF log of n results to root/rel, each carrying pad bytes the
// import does not keep (a code flow's worth of properties), with "results" before
// "tool" as the SARIF SDK's converters write it. It returns the file's size.
func writeLog(t testing.TB, root, rel string, n, pad int) int64 {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	blob := strings.Repeat("x", pad)
	fmt.Fprint(w, `{"version": "2.1.0", "runs": [{"results": [`)
	for i := range n {
		if i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"ruleId": "GEN-%d", "level": "error", "message": {"text": "finding %d"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "cmd/run.go"}, "region": {"startLine": 12}}}], "properties": {"blob": %q}}`, i%7, i, blob)
	}
	fmt.Fprint(w, `], "tool": {"driver": {"name": "gen", "rules": [{"id": "GEN-0", "shortDescription": {"text": "generated"}}]}}}]}`)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	return st.Size()
}

// heapPeak samples the heap's object bytes every millisecond until stop is closed and
// returns the most it grew above where it was at the call.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(s); return s[0].Value.Uint64() }
	start := read()
	go func() {
		var peak uint64
		tk := time.NewTicker(time.Millisecond)
		defer tk.Stop()
		for {
			if v := read(); v > start && v-start > peak {
				peak = v - start
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-tk.C:
			}
		}
	}()
	return out
}

// Issue 12, attack 13 / known gap: a log larger than paths.max_file_size is imported
// without being held in memory (was: read whole, 1.2 GB; then: refused past the cap).
func TestLargeLogIsStreamed(t *testing.T) {
	root := repo(t)
	const n = 4000
	size := writeLog(t, root, "build/big.sarif", n, 16<<10)
	stop := make(chan struct{})
	peak := heapPeak(stop)
	res, err := run(t, root, "build/big.sarif")
	close(stop)
	grew := <-peak
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a %d MiB log grew the heap by at most %d MiB", size>>20, grew>>20)
	if len(res.Findings) != n {
		t.Fatalf("%d findings, want %d", len(res.Findings), n)
	}
	if f := res.Findings[n-1]; f.Path != "cmd/run.go" || f.Line != 12 || f.Rule != "GEN-6" && f.Rule != fmt.Sprintf("GEN-%d", (n-1)%7) {
		t.Errorf("last finding = %s %s:%d", f.Rule, f.Path, f.Line)
	}
	if grew > uint64(size)/4 {
		t.Errorf("importing a %d MiB log grew the heap by %d MiB: it is held, not streamed", size>>20, grew>>20)
	}
}

func TestTooManyResultsIsAnError(t *testing.T) {
	root := repo(t)
	writeLog(t, root, "many.sarif", maxResults+1, 0)
	_, err := run(t, root, "many.sarif")
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("many.sarif: more than %d results", maxResults)) {
		t.Fatalf("error = %v, want the result cap named", err)
	}
}

func TestOneHugeValueIsAnError(t *testing.T) {
	root := repo(t)
	put(t, root, "huge.sarif", `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A", "message": {"text": "`+strings.Repeat("a", maxValue+1<<20)+`"}}]}]}`)
	_, err := run(t, root, "huge.sarif")
	if err == nil || !strings.Contains(err.Error(), "huge.sarif:1:") || !strings.Contains(err.Error(), "a single value is larger than") {
		t.Fatalf("error = %v, want the value cap named with its position", err)
	}
}

// BenchmarkImportLargeLog reports the allocations of importing a 32 MiB log: bytes
// allocated per run stay a fraction of the file's size times the two passes.
func BenchmarkImportLargeLog(b *testing.B) {
	root, err := filepath.EvalSymlinks(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	put(b, root, "cmd/run.go", strings.Repeat("\n", 11)+"\texec.Command(\"sh\", \"-c\", input)\n")
	size := writeLog(b, root, "big.sarif", 2000, 16<<10)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := run(b, root, "big.sarif"); err != nil {
			b.Fatal(err)
		}
	}
}

// A structural error names its position and the kind of token found, never its text.
func TestStructuralErrorDoesNotQuoteTheLog(t *testing.T) {
	root := repo(t)
	put(t, root, "s.sarif", `{"version": "2.1.0", "runs": "ghp_MARKERsecret"}`)
	_, err := run(t, root, "s.sarif")
	if err == nil || !strings.Contains(err.Error(), "s.sarif:1:") || strings.Contains(err.Error(), "MARKER") {
		t.Fatalf("error = %v, want a position and no quote of the log", err)
	}
}
