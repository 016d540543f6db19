package iac

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// tfFindings scans Terraform files and returns "rule path:line message" per finding.
func tfFindings(t *testing.T, files map[string]string) []string {
	t.Helper()
	eng := newTestEngine(t)
	var srcs []SourceFile
	for p, d := range files {
		srcs = append(srcs, SourceFile{Path: p, Data: []byte(d)})
	}
	slices.SortFunc(srcs, func(a, b SourceFile) int { return strings.Compare(a.Path, b.Path) })
	fs, notes, err := eng.Scan(context.Background(), srcs)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) > 0 {
		t.Fatalf("notes: %+v", notes)
	}
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d %s", f.Rule, f.Path, f.Line, f.Message))
	}
	return out
}

func wantFinding(t *testing.T, got []string, want string) {
	t.Helper()
	if !slices.Contains(got, want) {
		t.Errorf("missing %q in:\n%s", want, strings.Join(got, "\n"))
	}
}

func noRule(t *testing.T, got []string, rule string) {
	t.Helper()
	for _, g := range got {
		if strings.HasPrefix(g, rule+" ") {
			t.Errorf("unexpected %s", g)
		}
	}
}

func TestTerraformVariablesAndLocals(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"infra/variables.tf": "variable \"acl\" {\n  default = \"public-read\"\n}\nvariable \"open\" {}\n",
		"infra/main.tf": `locals {
  prefix = "acme"
  acl    = var.acl
  name   = "${local.prefix}-logs"
}

resource "aws_s3_bucket" "logs" {
  bucket = local.name
  acl    = local.acl
}

resource "aws_s3_bucket" "unknown" {
  bucket = "x"
  acl    = var.open
}
`,
	})
	wantFinding(t, got, "TF-001 infra/main.tf:9 aws_s3_bucket.logs grants the public-read ACL")
	for _, g := range got {
		if strings.HasPrefix(g, "TF-001") && strings.Contains(g, "unknown") {
			t.Errorf("a variable without a default must stay unknown: %s", g)
		}
	}
}

func TestTerraformDynamicBlocks(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"sg/main.tf": `variable "ports" {
  default = [22, 443]
}

resource "aws_security_group" "web" {
  name = "web"
  dynamic "ingress" {
    for_each = var.ports
    iterator = p
    content {
      from_port   = p.value
      to_port     = p.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
`,
	})
	wantFinding(t, got, "TF-004 sg/main.tf:14 aws_security_group.web opens port 22 to the internet")
	noRule(t, got, "TF-005")
}

func TestTerraformLocalModuleIsFollowedWithItsArguments(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"live/main.tf": `module "public" {
  source = "../modules/bucket"
  acl    = "public-read-write"
}

module "private" {
  source = "../modules/bucket"
}

module "none" {
  source = "../modules/bucket"
  count  = 0
  acl    = "authenticated-read"
}
`,
		"modules/bucket/main.tf": `variable "acl" {
  default = "private"
}

resource "aws_s3_bucket" "this" {
  bucket = "b"
  acl    = var.acl
}
`,
	})
	wantFinding(t, got, "TF-001 modules/bucket/main.tf:7 module.public.aws_s3_bucket.this grants the public-read-write ACL")
	n := 0
	for _, g := range got {
		if strings.HasPrefix(g, "TF-001") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("TF-001 found %d times, want once (only the public call): %v", n, got)
	}
}

func TestTerraformRegistryModuleJudgedByItsDefaults(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"kms/main.tf": `variable "rotate" {
  default = true
}

module "kms" {
  source              = "terraform-aws-modules/kms/aws"
  version             = "~> 3.0"
  enable_key_rotation = var.rotate
}

module "kms_default" {
  source = "terraform-aws-modules/kms/aws"
}

module "kms_off" {
  source              = "terraform-aws-modules/kms/aws"
  enable_key_rotation = false
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
`,
	})
	var tf018 []string
	for _, g := range got {
		if strings.HasPrefix(g, "TF-018") {
			tf018 = append(tf018, g)
		}
	}
	want := []string{"TF-018 kms/main.tf:15 module.kms_off does not rotate its key material"}
	if !slices.Equal(tf018, want) {
		t.Errorf("TF-018 = %v, want %v", tf018, want)
	}
	for _, g := range got {
		if strings.Contains(g, "aws_kms_key.") {
			t.Errorf("a message names a resource that does not exist in the code: %s", g)
		}
	}
}

func TestTerraformSeparateBucketResources(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"s3/main.tf": `resource "aws_s3_bucket" "b" {
  bucket = "acme"
}

resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
`,
	})
	noRule(t, got, "TF-030")
}

func TestTerraformDeepNesting(t *testing.T) {
	deep := "locals {\n  x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n"
	assertBounded(t, "deep/main.tf", deep)
}

func TestTerraformRegistryModuleVersionDecidesItsDefaults(t *testing.T) {
	got := tfFindings(t, map[string]string{
		"q/main.tf": `module "old" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 2.0"
  name    = "old"
}

module "current" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 4.0"
  name    = "current"
}
`,
	})
	var tf020 []string
	for _, g := range got {
		if strings.HasPrefix(g, "TF-020") {
			tf020 = append(tf020, g)
		}
	}
	want := []string{"TF-020 q/main.tf:1 module.old is not encrypted"}
	if !slices.Equal(tf020, want) {
		t.Errorf("TF-020 = %v, want %v (v2 of the module had no SSE default, v4 turns SSE-SQS on)", tf020, want)
	}
}
