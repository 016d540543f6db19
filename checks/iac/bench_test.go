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

const benchTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "acme-${Env}-data-%d"
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      PubliclyAccessible: true
      BackupRetentionPeriod: 0
`

const benchDockerfile = `FROM golang:1.26 AS build
WORKDIR /src
COPY . .
RUN go build -o /app ./cmd/%d
FROM debian:12
RUN apt-get update && apt-get install -y curl
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`

// BenchmarkScan1000Mixed: 600 Kubernetes manifests, 200 CloudFormation templates and
// 200 Dockerfiles in one scan (target ≤ 2 s CPU).
func BenchmarkScan1000Mixed(b *testing.B) {
	files := manifests(b, 600)
	for i := range 200 {
		files = append(files,
			SourceFile{Path: fmt.Sprintf("cfn/s%03d.yaml", i), Data: []byte(fmt.Sprintf(benchTemplate, i))},
			SourceFile{Path: fmt.Sprintf("svc%03d/Dockerfile", i), Data: []byte(fmt.Sprintf(benchDockerfile, i))})
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

// BenchmarkManyResourcesInOneFile: 2,500 Deployments with findings in one
// multi-document file (issue 12, attack 13). Mapping each finding to its line used to
// rescan (and copy) the file per line per finding; now each file is indexed once.
func BenchmarkManyResourcesInOneFile(b *testing.B) {
	var all strings.Builder
	for i, f := range manifests(b, 2500) {
		if i > 0 {
			all.WriteString("---\n")
		}
		all.Write(f.Data)
	}
	files := []SourceFile{{Path: "k8s/all.yaml", Data: []byte(all.String())}}
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
