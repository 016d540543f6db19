package iac

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// manifests returns n Kubernetes manifests: Deployments from the clean fixture
// repository and the vulnerable one, renamed so each is distinct.
func manifests(b *testing.B, n int) []SourceFile {
	b.Helper()
	var srcs [][]byte
	for _, p := range []string{"../../testdata/repos/iac-clean/k8s/deployment.yaml", "../../testdata/repos/iac-vulnerable/k8s/deployment.yaml"} {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, data)
	}
	out := make([]SourceFile, n)
	for i := range out {
		doc := strings.Replace(string(srcs[i%len(srcs)]), "name: payments", fmt.Sprintf("name: payments-%d", i), 1)
		out[i] = SourceFile{Path: fmt.Sprintf("k8s/m%04d.yaml", i), Data: []byte(doc)}
	}
	return out
}

// BenchmarkScan1000Manifests: parse and evaluate 1,000 Kubernetes manifests with the
// whole rule pack, compiled once (the target is under 3 s per scan).
func BenchmarkScan1000Manifests(b *testing.B) {
	files := manifests(b, 1000)
	eng := newTestEngine(b)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		fs, _, err := eng.Scan(context.Background(), files)
		if err != nil || len(fs) == 0 {
			b.Fatal(err, len(fs))
		}
	}
	// CPU time tells the cost apart from waiting on a busy shared machine.
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkScan1000MixedManifests: 1,000 files, half Kubernetes manifests and half
// Terraform modules (one folder each, from the clean and vulnerable fixture
// repositories), so the Terraform resolution and the AWS, Azure and GCP rule families
// are part of the measured cost (target: under 2 s CPU per scan).
func BenchmarkScan1000MixedManifests(b *testing.B) {
	files := manifests(b, 500)
	var tfs [][]byte
	for _, p := range []string{"../../testdata/repos/iac-clean/infra/main.tf", "../../testdata/repos/iac-vulnerable/infra/main.tf"} {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		tfs = append(tfs, data)
	}
	for i := range 500 {
		files = append(files, SourceFile{Path: fmt.Sprintf("infra/m%04d/main.tf", i), Data: tfs[i%len(tfs)]})
	}
	eng := newTestEngine(b)
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		fs, _, err := eng.Scan(context.Background(), files)
		if err != nil || len(fs) == 0 {
			b.Fatal(err, len(fs))
		}
	}
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCompileRulePack measures the once-per-scan cost of compiling the pack.
func BenchmarkCompileRulePack(b *testing.B) {
	for b.Loop() {
		newTestEngine(b)
	}
}
