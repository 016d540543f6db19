package iac

import (
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/policy"
)

// greedyRule allocates without bound: a comprehension over a billion numbers (issue
// 12, attack 7: 3 GB before the bound).
const greedyRule = `package shiftgate.rules.kubernetes.GREEDY

metadata := {"id": "GREEDY-001", "title": "allocates without bound", "severity": "low"}

big := [x | some x in numbers.range(1, 1000000000)]

deny contains "never" if count(big) == 3
`

// doublingRule doubles a string 24 times: each step is one builtin call, 1 GiB at
// the end, 2 GiB held in all.
const doublingRule = `package shiftgate.rules.kubernetes.DOUBLING

metadata := {"id": "DOUBLING-001", "title": "doubles a string", "severity": "low"}

s0 := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
s1 := concat("", [s0, s0])
s2 := concat("", [s1, s1])
s3 := concat("", [s2, s2])
s4 := concat("", [s3, s3])
s5 := concat("", [s4, s4])
s6 := concat("", [s5, s5])
s7 := concat("", [s6, s6])
s8 := concat("", [s7, s7])
s9 := concat("", [s8, s8])
s10 := concat("", [s9, s9])
s11 := concat("", [s10, s10])
s12 := concat("", [s11, s11])
s13 := concat("", [s12, s12])
s14 := concat("", [s13, s13])
s15 := concat("", [s14, s14])
s16 := concat("", [s15, s15])
s17 := concat("", [s16, s16])
s18 := concat("", [s17, s17])
s19 := concat("", [s18, s18])
s20 := concat("", [s19, s19])
s21 := concat("", [s20, s20])
s22 := concat("", [s21, s21])
s23 := concat("", [s22, s22])
s24 := concat("", [s23, s23])

deny contains "never" if count(s24) == 3
`

// peakHeap samples the heap's object bytes until stop is closed and returns the most
// it saw above what it was when called.
func peakHeap(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	start := read()
	go func() {
		var peak uint64
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > start && v-start > peak {
				peak = v - start
			}
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func TestGreedyUserRuleIsBoundedInMemory(t *testing.T) {
	for _, tc := range []struct{ id, rule string }{{"GREEDY-001", greedyRule}, {"DOUBLING-001", doublingRule}} {
		t.Run(tc.id, func(t *testing.T) { testGreedyRule(t, tc.id, tc.rule) })
	}
}

func testGreedyRule(t *testing.T, id, rule string) {
	if testing.Short() {
		t.Skip("allocates up to the bound")
	}
	dir := writeTree(t, map[string]string{
		"pod.yaml":                privileged,
		"policy/rego/greedy.rego": rule,
	})
	stop := make(chan struct{})
	peak := peakHeap(stop)
	start := time.Now()
	res := runCheck(t, dir, func(p *policy.Policy) { p.Checks.IaC.Rules = []string{"policy/rego"} })
	close(stop)
	grew := <-peak
	t.Logf("the greedy rule grew the heap by at most %d MiB in %v", grew>>20, time.Since(start).Round(time.Millisecond))
	if grew > 3*userEvalMemory {
		t.Errorf("a custom rule grew the heap by %d MiB, past three times the bound of %d MiB", grew>>20, userEvalMemory>>20)
	}
	builtin, noted := false, false
	for _, f := range res.Findings {
		builtin = builtin || f.Rule == "K8S-001" && f.Path == "pod.yaml"
	}
	for _, n := range res.Notes {
		noted = noted || n.Kind == "rule-error" && strings.Contains(n.Message, id) && strings.Contains(n.Message, "memory")
	}
	if !builtin {
		t.Errorf("the greedy rule blinded the built-in rules:\n%s", dump(res.Findings))
	}
	if !noted {
		t.Errorf("no rule-error note names %s and its memory bound: %+v", id, res.Notes)
	}
}
