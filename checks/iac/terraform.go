package iac

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// tfFunctions are the pure Terraform functions evaluated while reading a file, so
// jsonencode({...}) policies become JSON text rules can parse. Nothing reads files or
// the network.
func tfFunctions() map[string]function.Function {
	return map[string]function.Function{
		"jsonencode": stdlib.JSONEncodeFunc,
		"lower":      stdlib.LowerFunc,
		"upper":      stdlib.UpperFunc,
		"format":     stdlib.FormatFunc,
		"concat":     stdlib.ConcatFunc,
		"merge":      stdlib.MergeFunc,
		"join":       stdlib.JoinFunc,
		"tostring":   stdlib.MakeToFunc(cty.String),
		"tonumber":   stdlib.MakeToFunc(cty.Number),
		"tobool":     stdlib.MakeToFunc(cty.Bool),
		"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	}
}

// parseTerraform parses one .tf file into its top-level blocks (INPUT.md). Attribute
// values are evaluated when they are constant; anything that depends on a variable, a
// resource or an unknown function is kept as its source text.
func parseTerraform(rel string, data []byte) ([]any, error) {
	f, diags := hclsyntax.ParseConfig(data, rel, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("%s: not native HCL syntax", rel)
	}
	ctx := &hcl.EvalContext{Functions: tfFunctions()}
	var out []any
	for _, b := range body.Blocks {
		labels := make([]any, 0, len(b.Labels))
		for _, l := range b.Labels {
			labels = append(labels, l)
		}
		out = append(out, map[string]any{
			"block":  b.Type,
			"labels": labels,
			"path":   rel,
			"line":   b.TypeRange.Start.Line,
			"body":   convertBody(b.Body, data, ctx),
		})
	}
	return out, nil
}

func convertBody(b *hclsyntax.Body, src []byte, ctx *hcl.EvalContext) map[string]any {
	m := map[string]any{"__line__": b.SrcRange.Start.Line}
	lines := map[string]any{}
	names := make([]string, 0, len(b.Attributes))
	for name := range b.Attributes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := b.Attributes[name]
		m[name] = convertExpr(a.Expr, src, ctx)
		lines[name] = a.SrcRange.Start.Line
	}
	for _, blk := range b.Blocks {
		nb := convertBody(blk.Body, src, ctx)
		nb["__line__"] = blk.TypeRange.Start.Line
		if len(blk.Labels) > 0 {
			ls := make([]any, 0, len(blk.Labels))
			for _, l := range blk.Labels {
				ls = append(ls, l)
			}
			nb["__labels__"] = ls
		}
		list, _ := m[blk.Type].([]any)
		m[blk.Type] = append(list, nb)
		if _, ok := lines[blk.Type]; !ok {
			lines[blk.Type] = blk.TypeRange.Start.Line
		}
	}
	m["__lines__"] = lines
	return m
}

// convertExpr evaluates a constant expression to plain values. Object and tuple
// constructors are converted item by item so one unknown item does not hide the
// rest; an expression that cannot be evaluated becomes its source text.
func convertExpr(e hclsyntax.Expression, src []byte, ctx *hcl.EvalContext) any {
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		m := map[string]any{"__line__": x.SrcRange.Start.Line}
		lines := map[string]any{}
		for _, it := range x.Items {
			kv, diags := it.KeyExpr.Value(nil)
			var key string
			if diags.HasErrors() || !kv.IsKnown() || kv.IsNull() || kv.Type() != cty.String {
				key = sourceText(it.KeyExpr.Range(), src)
			} else {
				key = kv.AsString()
			}
			m[key] = convertExpr(it.ValueExpr, src, ctx)
			lines[key] = it.KeyExpr.Range().Start.Line
		}
		m["__lines__"] = lines
		return m
	case *hclsyntax.TupleConsExpr:
		out := make([]any, 0, len(x.Exprs))
		for _, el := range x.Exprs {
			out = append(out, convertExpr(el, src, ctx))
		}
		return out
	}
	v, diags := e.Value(ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		if fc, ok := e.(*hclsyntax.FunctionCallExpr); ok && fc.Name == "jsonencode" && len(fc.Args) == 1 {
			// jsonencode of a document with references (a policy naming
			// aws_s3_bucket.b.arn): encode what is known, references as their text.
			if b, err := json.Marshal(stripMeta(convertExpr(fc.Args[0], src, ctx))); err == nil {
				return string(b)
			}
		}
		return sourceText(e.Range(), src)
	}
	if v.IsNull() {
		return nil
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return sourceText(e.Range(), src)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return sourceText(e.Range(), src)
	}
	return out
}

func sourceText(r hcl.Range, src []byte) string {
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(src[r.Start.Byte:r.End.Byte])
}

// stripMeta removes the __line__/__lines__ keys the input shape adds to objects.
func stripMeta(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if k == "__line__" || k == "__lines__" {
				continue
			}
			out[k] = stripMeta(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripMeta(e)
		}
		return out
	}
	return v
}
