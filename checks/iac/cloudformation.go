package iac

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// mayBeCloudFormation is the cheap test run before a YAML or JSON file is parsed as a
// template: a template names AWS resource types or the format version.
func mayBeCloudFormation(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte("AWS::")) ||
		bytes.Contains(data, []byte("Alexa::ASK::"))
}

// cfnTemplate reports whether a parsed document is a CloudFormation (or SAM) template:
// it has AWSTemplateFormatVersion, or a Resources map whose entries have AWS:: types.
func cfnTemplate(m map[string]any) bool {
	if _, ok := m["AWSTemplateFormatVersion"]; ok {
		return true
	}
	res, ok := m["Resources"].(map[string]any)
	if !ok {
		return false
	}
	for k, v := range res {
		if strings.HasPrefix(k, "__") {
			continue
		}
		r, _ := v.(map[string]any)
		if t, _ := r["Type"].(string); strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::") || strings.HasPrefix(t, "Alexa::ASK::") {
			return true
		}
	}
	return false
}

// cfnInput turns one template into the rules' input: its resources, sorted by line,
// with their logical name, type and properties (see INPUT.md).
func cfnInput(rel string, doc yamlDoc, m map[string]any) input {
	res, _ := m["Resources"].(map[string]any)
	lines, _ := res["__lines__"].(map[string]any)
	var resources []any
	for name, v := range res {
		r, ok := v.(map[string]any)
		if strings.HasPrefix(name, "__") || !ok {
			continue
		}
		typ, _ := r["Type"].(string)
		line, _ := lines[name].(int)
		props, ok := r["Properties"].(map[string]any)
		propsLine := line
		if ok {
			rl, _ := r["__lines__"].(map[string]any)
			propsLine, _ = rl["Properties"].(int)
		} else {
			props = map[string]any{"__line__": line, "__lines__": map[string]any{}}
		}
		resources = append(resources, map[string]any{
			"name": name, "type": typ, "line": line, "properties": props, "properties_line": propsLine, "resource": r,
		})
	}
	sort.Slice(resources, func(i, j int) bool {
		return resources[i].(map[string]any)["line"].(int) < resources[j].(map[string]any)["line"].(int)
	})
	params, ok := m["Parameters"].(map[string]any)
	if !ok {
		params = map[string]any{}
	}
	return input{platform: "cloudformation", path: rel, line: doc.Line, value: map[string]any{
		"platform": "cloudformation", "path": rel, "document": doc.Index, "template": m,
		"parameters": params, "resources": orEmpty(resources),
	}}
}

// cfnTypes collects the resource types the CloudFormation rules name ("AWS::S3::Bucket"),
// so a scan can say which resources of a template no rule looks at.
func cfnTypes(modules []ModuleSource) map[string]bool {
	out := map[string]bool{}
	for _, m := range modules {
		if !strings.Contains(m.Text, "package shiftgate.rules.cloudformation.") && !strings.Contains(m.Text, "package shiftgate.lib.cfn") {
			continue
		}
		for _, q := range strings.Split(m.Text, `"`) {
			if strings.Count(q, "::") == 2 && !strings.HasPrefix(q, ":") && !strings.ContainsAny(q, " \n") {
				out[q] = true
			}
		}
	}
	return out
}

// cfnCoverageNote names the resources of a template whose types no rule reads, so a
// template is never reported clean in silence when it was mostly not looked at.
func cfnCoverageNote(in input, known map[string]bool) (finding.Note, bool) {
	res, _ := in.value["resources"].([]any)
	byType := map[string][]string{}
	n := 0
	for _, x := range res {
		r := x.(map[string]any)
		t := r["type"].(string)
		if known[t] || strings.HasPrefix(t, "Custom::") || t == "AWS::CloudFormation::WaitConditionHandle" {
			continue
		}
		byType[t] = append(byType[t], r["name"].(string))
		n++
	}
	if n == 0 {
		return finding.Note{}, false
	}
	types := make([]string, 0, len(byType))
	for t := range byType {
		types = append(types, t)
	}
	slices.Sort(types)
	var parts []string
	for _, t := range types {
		names := byType[t]
		slices.Sort(names)
		if len(names) > 3 {
			names = append(names[:3], "…")
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", t, strings.Join(names, ", ")))
	}
	return finding.Note{Check: Name, Kind: "not-checked", Path: in.path, Line: in.line,
		Message: fmt.Sprintf("%d of %d CloudFormation resources have types no rule checks, so they were not judged: %s",
			n, len(res), strings.Join(parts, "; "))}, true
}
