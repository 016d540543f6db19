package iac

import (
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/policy"
)

const userCFNRule = `package shiftgate.rules.cloudformation.ACME_CFN_001

import data.shiftgate.lib.cfn

metadata := {
	"id": "ACME-CFN-001",
	"title": "Buckets are named acme-*",
	"severity": "medium",
	"description": "Bucket names carry the company prefix.",
	"remediation": "Name the bucket acme-<team>-<purpose>.",
	"references": ["https://wiki.acme.example/naming"],
	"cwe": ["CWE-1099"],
}

deny contains {"msg": sprintf("%s is not named acme-*", [cfn.name(r)]), "line": cfn.line(r, "BucketName")} if {
	some r in cfn.resources_of({"AWS::S3::Bucket"})
	not startswith(cfn.prop(r, "BucketName"), "acme-")
}
`

// TestUserRulesNewInputs: a repository's own Rego rules run on the new input kinds
// through the check itself — a CloudFormation rule on a template, and a Kubernetes
// rule on a Helm chart's rendered templates and a Kustomize overlay, each finding at
// the source line that set the field.
func TestUserRulesNewInputs(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"policy/rego/images.rego":        userRule,
		"policy/rego/buckets.rego":       userCFNRule,
		"infra/stack.yaml":               "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"logs-${AWS::AccountId}\"\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n",
		"chart/Chart.yaml":               "apiVersion: v2\nname: web\nversion: 0.1.0\n",
		"chart/values.yaml":              "image: nginx:1.27\n",
		"chart/templates/_helpers.tpl":   "{{- define \"web.name\" -}}web{{- end }}\n",
		"chart/templates/pod.yaml":       "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ include \"web.name\" . }}\nspec:\n  containers:\n    - name: web\n      image: {{ .Values.image }}\n",
		"deploy/base/kustomization.yaml": "resources:\n  - pod.yaml\n",
		"deploy/base/pod.yaml":           "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: registry.acme.example/api:1.0\n",
		"deploy/prod/kustomization.yaml": "resources:\n  - ../base\npatches:\n  - path: image.yaml\n",
		"deploy/prod/image.yaml":         "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: docker.io/library/api:1.0\n",
	})
	res := runCheck(t, dir, func(p *policy.Policy) { p.Checks.IaC.Rules = []string{"policy/rego"} })
	for _, w := range []struct {
		rule, path string
		line       int
		msg        string
	}{
		{"ACME-CFN-001", "infra/stack.yaml", 6, "AWS::S3::Bucket Logs is not named acme-*"},
		{"ACME-001", "chart/templates/pod.yaml", 8, `container "web" uses nginx:1.27`},
		{"ACME-001", "deploy/prod/image.yaml", 8, `docker.io/library/api:1.0`},
	} {
		f := has(res.Findings, w.rule, w.path, w.line)
		if f == nil || !strings.Contains(f.Message, w.msg) {
			t.Errorf("want %s at %s:%d (%q); got:\n%s", w.rule, w.path, w.line, w.msg, dump(res.Findings))
		}
	}
	for _, f := range res.Findings {
		if f.Rule == "ACME-CFN-001" && f.Path == "infra/stack.yaml" && f.Line == 10 {
			t.Errorf("acme-data is correctly named: %+v", f)
		}
		if f.Rule == "ACME-001" && f.Path == "deploy/base/pod.yaml" {
			t.Errorf("the base's image is replaced by the overlay's patch: %+v", f)
		}
	}
}
