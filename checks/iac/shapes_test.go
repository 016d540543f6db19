package iac

import (
	"context"
	"testing"
)

// TestDocumentShapes: multi-document files, List items, Tekton Pipelines with embedded
// task specs, composite actions and multi-stage Dockerfiles all report the right line.
func TestDocumentShapes(t *testing.T) {
	eng := newTestEngine(t)
	files := []SourceFile{
		{Path: "k8s/multi.yaml", Data: []byte(`apiVersion: v1
kind: Namespace
metadata:
  name: ops
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: a
      namespace: ops
    spec:
      hostPID: true
      containers:
        - name: a
          image: busybox:1.36
`)},
		{Path: "tekton/pipeline.yaml", Data: []byte(`apiVersion: tekton.dev/v1
kind: Pipeline
metadata:
  name: release
spec:
  params:
    - name: tag
  tasks:
    - name: publish
      taskSpec:
        steps:
          - name: push
            image: alpine:3.20
            script: |
              set -eu
              git tag "$(params.tag)"
`)},
		{Path: "action.yml", Data: []byte(`name: x
description: y
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "${{ github.event.issue.title }}"
`)},
		{Path: "build/Dockerfile.release", Data: []byte(`FROM golang:1.26.1 AS build
USER root
RUN go build ./...
FROM alpine:3.20
USER 10001
`)},
	}
	fs, notes, err := eng.Scan(context.Background(), files)
	if err != nil || len(notes) > 0 {
		t.Fatalf("err %v notes %+v", err, notes)
	}
	for _, w := range []struct {
		rule, path string
		line       int
	}{
		{"K8S-011", "k8s/multi.yaml", 15},
		{"TKN-001", "tekton/pipeline.yaml", 16},
		{"GHA-002", "action.yml", 7},
	} {
		if has(fs, w.rule, w.path, w.line) == nil {
			t.Errorf("no %s at %s:%d:\n%s", w.rule, w.path, w.line, dump(fs))
		}
	}
	// USER root in the build stage does not make the final image run as root.
	for _, f := range fs {
		if f.Path == "build/Dockerfile.release" && (f.Rule == "DKR-004" || f.Rule == "DKR-003") {
			t.Errorf("multi-stage: %s reported for the build stage: %+v", f.Rule, f)
		}
	}
}
