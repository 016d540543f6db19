package iac

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// parseDockerfile turns a Dockerfile into the documented input shape (INPUT.md): the
// instructions in order, each with its stage, and the stages with their base images.
func parseDockerfile(data []byte) (map[string]any, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	globalArgs := map[string]string{}
	var (
		instrs []any
		stages []any
		names  = map[string]bool{}
	)
	stage := -1
	for _, n := range res.AST.Children {
		cmd := strings.ToLower(n.Value)
		var args []any
		var argStrs []string
		for a := n.Next; a != nil; a = a.Next {
			args = append(args, a.Value)
			argStrs = append(argStrs, a.Value)
		}
		flags := make([]any, 0, len(n.Flags))
		for _, f := range n.Flags {
			flags = append(flags, f)
		}
		var heredocs []any
		for _, h := range n.Heredocs {
			heredocs = append(heredocs, h.Content)
		}
		if cmd == "from" {
			stage++
			image, name := "", ""
			if len(argStrs) > 0 {
				image = argStrs[0]
			}
			if len(argStrs) >= 3 && strings.EqualFold(argStrs[1], "as") {
				name = argStrs[2]
			}
			resolved := expandArgs(image, globalArgs)
			st := map[string]any{
				"index":     stage,
				"name":      name,
				"image":     resolved,
				"image_raw": image,
				"line":      n.StartLine,
				"stage_ref": names[strings.ToLower(resolved)],
				"scratch":   strings.EqualFold(resolved, "scratch"),
			}
			stages = append(stages, st)
			if name != "" {
				names[strings.ToLower(name)] = true
			}
		}
		if cmd == "arg" && stage < 0 {
			for _, a := range argStrs {
				k, v, _ := strings.Cut(a, "=")
				globalArgs[k] = strings.Trim(v, `"'`)
			}
		}
		instr := map[string]any{
			"cmd":      cmd,
			"args":     orEmpty(args),
			"value":    strings.Join(argStrs, " "),
			"flags":    flags,
			"line":     n.StartLine,
			"end_line": n.EndLine,
			"original": n.Original,
			"stage":    stage,
			"json":     n.Attributes["json"],
		}
		if heredocs != nil {
			instr["heredocs"] = heredocs
		}
		if cmd == "env" || cmd == "label" {
			instr["pairs"] = pairs(argStrs)
		}
		instrs = append(instrs, instr)
	}
	if stage < 0 && len(instrs) > 0 {
		return nil, fmt.Errorf("no FROM instruction: not a Dockerfile a build could use")
	}
	return map[string]any{
		"instructions": orEmpty(instrs),
		"stages":       orEmpty(stages),
	}, nil
}

var argRefRe = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?`)

// expandArgs substitutes global ARG defaults into a FROM image; unknown ones stay as written.
func expandArgs(s string, args map[string]string) string {
	return argRefRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := argRefRe.FindStringSubmatch(m)
		if v, ok := args[sub[1]]; ok && v != "" {
			return v
		}
		if sub[2] != "" {
			return sub[2]
		}
		return m
	})
}

func orEmpty(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
}

// pairs turns the parser's (key, value, separator) triples of ENV and LABEL into
// [{"key": k, "value": v}].
func pairs(args []string) []any {
	out := []any{}
	for i := 0; i+1 < len(args); i += 3 {
		out = append(out, map[string]any{"key": args[i], "value": args[i+1]})
	}
	return out
}
