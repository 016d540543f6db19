package iac

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite RULES.md from the rule pack's metadata")

// TestRulesDoc keeps RULES.md (the list of built-in rules) in step with the rules'
// metadata: run `go test ./checks/iac -run RulesDoc -update` after changing a rule.
func TestRulesDoc(t *testing.T) {
	eng := newTestEngine(t)
	var b bytes.Buffer
	b.WriteString("# Built-in IaC rules\n\nGenerated from the rules' metadata by `go test ./checks/iac -run RulesDoc -update`.\n")
	b.WriteString("Switch a rule off with `checks.iac.exclude: [ID]`; suppress one finding with `# shiftgate:ignore ID reason`.\n")
	b.WriteString("Terraform rule ids name the cloud: TF-nnn for AWS, TF-AZ-nnn for Azure (azurerm), TF-GCP-nnn for Google Cloud; numbers are never reused.\n")
	for _, p := range platforms {
		fmt.Fprintf(&b, "\n## %s\n\n| id | severity | title | CWE |\n|---|---|---|---|\n", p)
		for _, m := range eng.Rules() {
			if m.Platform == p {
				fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", m.ID, m.Severity, strings.ReplaceAll(m.Title, "|", "\\|"), strings.Join(m.CWE, ", "))
			}
		}
	}
	if *update {
		if err := os.WriteFile("RULES.md", b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Fatal("RULES.md is out of date: run go test ./checks/iac -run RulesDoc -update")
	}
}
