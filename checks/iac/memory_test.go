package iac

import (
	"context"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
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

// manyRule builds 20,000 strings of 64 KiB in a comprehension, 1.25 GiB in all, one
// small allocation per evaluation step: fast on any machine, so the memory bound, not
// the time bound, stops it.
const manyRule = `package shiftgate.rules.kubernetes.MANY

metadata := {"id": "MANY-001", "title": "many strings", "severity": "low"}

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

big := [concat("", [s10, x]) | some i in numbers.range(1, 20000); x := sprintf("%d", [i])]

deny contains "never" if count(big) == 3
`

// peakHeap samples the heap's object bytes until stop is closed and returns the most
// it saw above what it was when called.
func peakHeap(stop <-chan struct{}, limit uint64, over func()) <-chan uint64 {
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
				if peak > limit {
					over() // the bound did not hold: stop before the machine runs out
				}
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
	for _, tc := range []struct{ id, rule string }{{"GREEDY-001", greedyRule}, {"DOUBLING-001", doublingRule}, {"MANY-001", manyRule}} {
		t.Run(tc.id, func(t *testing.T) { testGreedyRule(t, tc.id, tc.rule) })
	}
}

// testGreedyRule evaluates the rule with the built-in pack over a privileged Pod. The
// time bound is lengthened to 5 minutes, so that on a loaded machine too it is the
// memory bound that stops the rule.
func testGreedyRule(t *testing.T, id, rule string) {
	if testing.Short() {
		t.Skip("allocates up to the bound")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	modules, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := NewEngine(ctx, append(modules, ModuleSource{Name: "policy/rego/greedy.rego", Text: rule}), nil)
	if err != nil {
		t.Fatal(err)
	}
	eng.userTimeout = 5 * time.Minute
	stop := make(chan struct{})
	peak := peakHeap(stop, 4*userEvalMemory, cancel)
	start := time.Now()
	found, notes, err := eng.Scan(ctx, []SourceFile{{Path: "pod.yaml", Data: []byte(privileged)}})
	close(stop)
	grew := <-peak
	if err != nil {
		t.Fatalf("%v (the heap grew by %d MiB: the test stopped the rule past four times the bound)", err, grew>>20)
	}
	t.Logf("%s grew the heap by at most %d MiB in %v", id, grew>>20, time.Since(start).Round(time.Millisecond))
	if grew > 3*userEvalMemory {
		t.Errorf("a custom rule grew the heap by %d MiB, past three times the bound of %d MiB", grew>>20, userEvalMemory>>20)
	}
	builtin, noted := false, false
	for _, f := range found {
		builtin = builtin || f.Rule == "K8S-001" && f.Path == "pod.yaml"
	}
	for _, n := range notes {
		noted = noted || n.Kind == "rule-error" && strings.Contains(n.Message, id) && strings.Contains(n.Message, "memory")
	}
	if !builtin {
		t.Errorf("%s blinded the built-in rules:\n%s", id, dump(found))
	}
	if !noted {
		t.Errorf("no rule-error note names %s and its memory bound: %+v", id, notes)
	}
}
