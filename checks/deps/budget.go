package deps

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// heapPerSourceByte is the memory govulncheck's symbol pass takes per byte of Go source
// it loads (syntax, types, SSA and the call graph of every package in the closure of
// its patterns, the standard library included), measured as the whole gate's peak RSS:
// sigs.k8s.io/metrics-server v0.6.3 (43 MiB of source, 3.3-3.6 GB: 72-78 B/B) and
// cli/cli (35 MiB, 3.1-3.3 GB: up to 88 B/B with SAST's load beside it); rounded up so
// that the estimate errs high (docs/performance.md, "Reachability").
const heapPerSourceByte = 90

// defaultBudget is the symbol pass's memory budget when neither the environment nor
// the machine says otherwise.
const defaultBudget = 4 << 30

// memoryBudget is how many bytes the symbol pass may take: Options.ReachMemory, else
// SHIFTGATE_REACH_MEMORY (the runner's setting; a pull request cannot raise it), else
// half of the memory the process may use (the cgroup limit of a container or a
// Tekton pod, else the machine's memory), else 4 GiB.
func (c *Check) memoryBudget() (int64, string, error) {
	if c.opts.ReachMemory > 0 {
		return c.opts.ReachMemory, "Options.ReachMemory", nil
	}
	if v := strings.TrimSpace(os.Getenv("SHIFTGATE_REACH_MEMORY")); v != "" {
		n, err := parseBytes(v)
		if err != nil {
			return 0, "", fmt.Errorf("SHIFTGATE_REACH_MEMORY=%q: %w (write a size such as 1536MiB or 2GiB)", v, err)
		}
		return n, "SHIFTGATE_REACH_MEMORY", nil
	}
	if n := machineMemory(); n > 0 {
		return n / 2, "half of the memory limit", nil
	}
	return defaultBudget, "the default", nil
}

// ReachBudget is the memory budget of the call-graph pass and where it comes from, as
// memoryBudget decides it: what a result kept to package level depends on besides its
// inputs (the analysis cache keys such a result on it).
func (c *Check) ReachBudget() (int64, string, error) { return c.memoryBudget() }

// parseBytes reads "1536MiB", "2GiB", "1.5GiB", "800MB" or a plain number of bytes.
func parseBytes(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f*mult > 1<<50 {
		return 0, errors.New("not a positive size")
	}
	return int64(f * mult), nil
}

// machineMemory is the memory this process may use: the cgroup's limit (v2, then v1)
// when there is one, else the machine's total; 0 when neither can be read.
func machineMemory() int64 {
	var limit int64
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(p); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && n < 1<<50 {
				limit = n
				break
			}
		}
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				if kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64); err == nil && kb > 0 {
					if total := kb << 10; limit == 0 || total < limit {
						limit = total
					}
				}
				break
			}
		}
	}
	return limit
}

// symbolPlan is what the symbol pass will analyse: the module's packages that import
// vulnerable code, directly or not, and what loading them from source costs.
type symbolPlan struct {
	top         []string // package patterns for govulncheck: only packages whose dependencies include a vulnerable one
	skipped     int      // the module's packages left out: they cannot reach vulnerable code
	sourceBytes int64    // Go source in the closure of top, the standard library included
	packages    int      // packages in that closure
}

// estimate is the memory the symbol pass is expected to take.
func (p *symbolPlan) estimate() int64 { return p.sourceBytes * heapPerSourceByte }

// formatBytes renders a size for a note: "2.3 GiB", "512 MiB".
func formatBytes(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MiB", n>>20)
}
