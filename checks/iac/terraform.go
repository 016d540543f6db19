package iac

import (
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

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

// maxTFNesting bounds how deeply brackets may nest in a .tf file. Real configurations
// stay far below it; a file above it is a parse note instead of a deep recursion.
const maxTFNesting = 100

// maxModuleDepth bounds how many local module calls deep a module is followed.
const maxModuleDepth = 8

// tfFile is one parsed .tf file of a module folder.
type tfFile struct {
	path string
	src  []byte
	body *hclsyntax.Body
}

// parseTerraform parses one .tf file. It is evaluated later, with the rest of its
// folder, once the module's variables and locals are known.
func parseTerraform(rel string, data []byte) (*tfFile, error) {
	if line, depth := tfNesting(data); depth > maxTFNesting {
		return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "nesting too deep",
			Detail:  fmt.Sprintf("brackets nest more than %d levels deep; split the expression", maxTFNesting),
			Subject: &hcl.Range{Filename: rel, Start: hcl.Pos{Line: line, Column: 1}, End: hcl.Pos{Line: line, Column: 1}}}}
	}
	f, diags := hclsyntax.ParseConfig(data, rel, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, diags
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil, fmt.Errorf("%s: not native HCL syntax", rel)
	}
	return &tfFile{path: rel, src: data, body: body}, nil
}

// tfNesting returns the deepest bracket nesting of a file and the line where it is
// first exceeded. Quoted strings are skipped; heredoc text is counted, which only
// overestimates.
func tfNesting(data []byte) (line, deepest int) {
	depth, ln, inStr := 0, 1, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			ln++
			inStr = false
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '(' || c == '[' || c == '{':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest == maxTFNesting+1 {
					line = ln
				}
			}
		case c == ')' || c == ']' || c == '}':
			depth--
		}
	}
	return line, deepest
}

// tfModule evaluates the files of one module folder.
type tfModule struct {
	dir   string
	files []*tfFile
}

// registryModule is what the gate knows of a well-known registry module: the resource
// it wraps and, per major version, the defaults of its inputs where they differ from
// that resource's own (a module that rotates keys unless told not to is judged by
// that, not by the raw aws_kms_key default). The entry with the highest since at or
// below the lowest version the call admits applies (the newest when no version is
// pinned); a call pinned below every entry is not judged, nor is a module not in the
// table.
type registryModule struct {
	resource string
	versions []moduleDefaults
}

type moduleDefaults struct {
	since    int
	defaults map[string]any
}

var registryModules = map[string]registryModule{
	"terraform-aws-modules/s3-bucket/aws": {"aws_s3_bucket", []moduleDefaults{
		{0, map[string]any{"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": false, "restrict_public_buckets": false}},
		{4, map[string]any{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}}}},
	"terraform-aws-modules/rds/aws":            {"aws_db_instance", []moduleDefaults{{3, map[string]any{"storage_encrypted": true, "publicly_accessible": false}}}},
	"terraform-aws-modules/sqs/aws":            {"aws_sqs_queue", []moduleDefaults{{0, nil}, {4, map[string]any{"sqs_managed_sse_enabled": true}}}},
	"terraform-aws-modules/kms/aws":            {"aws_kms_key", []moduleDefaults{{1, map[string]any{"enable_key_rotation": true, "is_enabled": true}}}},
	"terraform-aws-modules/security-group/aws": {"aws_security_group", []moduleDefaults{{0, nil}}},
	"terraform-aws-modules/alb/aws":            {"aws_lb", []moduleDefaults{{0, nil}, {9, map[string]any{"enable_deletion_protection": true, "drop_invalid_header_fields": true}}}},
	"terraform-aws-modules/elb/aws":            {"aws_elb", []moduleDefaults{{0, nil}}},
	"terraform-aws-modules/ec2-instance/aws":   {"aws_instance", []moduleDefaults{{0, nil}}},
	"terraform-aws-modules/vpc/aws":            {"aws_subnet", []moduleDefaults{{0, nil}}},
	"terraform-aws-modules/autoscaling/aws":    {"aws_launch_configuration", []moduleDefaults{{0, nil}}},
}

// defaultsFor picks the defaults of the version a call admits; ok is false when the
// call is pinned below every known version.
func (m registryModule) defaultsFor(version any) (map[string]any, bool) {
	major := lowestMajor(version)
	var pick *moduleDefaults
	for i := range m.versions {
		if major < 0 || m.versions[i].since <= major {
			pick = &m.versions[i]
		}
	}
	if pick == nil {
		return nil, false
	}
	return pick.defaults, true
}

var majorRe = regexp.MustCompile(`[0-9]+`)

// lowestMajor is the lowest major version a module version constraint admits
// ("~> 2.0", ">= 3.1, < 5", "4.2.0"); -1 when there is no constraint or it is
// not a literal.
func lowestMajor(v any) int {
	s, ok := v.(string)
	if !ok || strings.Contains(s, "var.") {
		return -1
	}
	low := -1
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "<") || strings.HasPrefix(part, "!=") {
			continue
		}
		if m := majorRe.FindString(part); m != "" {
			n, err := strconv.Atoi(m)
			if err == nil && (low < 0 || n < low) {
				low = n
			}
		}
	}
	return low
}

// terraformInputs builds one input per root module folder. A folder that another
// scanned folder calls as a local module (source "./…") is judged through each call,
// with the variables the call sets, not on its own defaults.
func terraformInputs(order []string, dirs map[string][]*tfFile) []input {
	called := map[string]bool{}
	for _, dir := range order {
		for _, f := range dirs[dir] {
			for _, b := range f.body.Blocks {
				if b.Type != "module" {
					continue
				}
				if src, ok := localSource(dir, b.Body); ok && src != dir {
					if _, scanned := dirs[src]; scanned {
						called[src] = true
					}
				}
			}
		}
	}
	reached := map[string]bool{}
	var inputs []input
	for _, dir := range order {
		if called[dir] {
			continue
		}
		inputs = append(inputs, moduleInput(dir, dirs, reached))
	}
	// A folder only reachable through a cycle of calls is judged on its own.
	for _, dir := range order {
		if called[dir] && !reached[dir] {
			inputs = append(inputs, moduleInput(dir, dirs, reached))
		}
	}
	return inputs
}

func moduleInput(dir string, dirs map[string][]*tfFile, reached map[string]bool) input {
	m := &tfModule{dir: dir, files: dirs[dir]}
	res := &tfResult{}
	m.eval(nil, "", dirs, []string{dir}, reached, res)
	first := ""
	if len(m.files) > 0 {
		first = m.files[0].path
	}
	byType := map[string]any{}
	for _, r := range res.resources {
		t, _ := r.(map[string]any)["type"].(string)
		list, _ := byType[t].([]any)
		byType[t] = append(list, r)
	}
	return input{platform: "terraform", path: first, line: 1, value: map[string]any{
		"platform": "terraform", "path": first, "dir": dir,
		"blocks": orEmpty(res.blocks), "resources": orEmpty(res.resources), "data": orEmpty(res.data),
		"by_type": byType,
	}}
}

type tfResult struct{ blocks, resources, data []any }

// localSource returns the folder a module block's source names when it is local.
func localSource(dir string, body *hclsyntax.Body) (string, bool) {
	a, ok := body.Attributes["source"]
	if !ok {
		return "", false
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	src := v.AsString()
	if !strings.HasPrefix(src, "./") && !strings.HasPrefix(src, "../") {
		return "", false
	}
	return path.Clean(path.Join(dir, src)), true
}

// eval resolves the module's variables (the caller's known arguments, else their
// defaults) and locals, converts its blocks, and follows local module calls.
// prefix is the module address ("module.app.") of a called module.
func (m *tfModule) eval(args map[string]cty.Value, prefix string, dirs map[string][]*tfFile, stack []string, reached map[string]bool, res *tfResult) {
	reached[m.dir] = true
	ctx := &hcl.EvalContext{Functions: tfFunctions(), Variables: map[string]cty.Value{}}
	vars := map[string]cty.Value{}
	var locals []*hclsyntax.Attribute
	for _, f := range m.files {
		for _, b := range f.body.Blocks {
			switch {
			case b.Type == "variable" && len(b.Labels) == 1:
				name := b.Labels[0]
				if v, ok := args[name]; ok {
					vars[name] = v
				} else if d, ok := b.Body.Attributes["default"]; ok {
					if v, diags := d.Expr.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() {
						vars[name] = v
					}
				}
			case b.Type == "locals":
				for _, a := range sortedAttrs(b.Body) {
					locals = append(locals, a)
				}
			}
		}
	}
	ctx.Variables["var"] = cty.ObjectVal(vars)
	// Locals may refer to each other: evaluate in passes until nothing new resolves.
	known := map[string]cty.Value{}
	for range len(locals) + 1 {
		progress := false
		ctx.Variables["local"] = cty.ObjectVal(known)
		for _, a := range locals {
			if _, ok := known[a.Name]; ok {
				continue
			}
			if v, diags := a.Expr.Value(ctx); !diags.HasErrors() && v.IsWhollyKnown() {
				known[a.Name] = v
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(known)

	for _, f := range m.files {
		for _, b := range f.body.Blocks {
			labels := make([]any, 0, len(b.Labels))
			for _, l := range b.Labels {
				labels = append(labels, l)
			}
			body := convertBody(b.Body, f.src, ctx, 0)
			blk := map[string]any{"block": b.Type, "labels": labels, "path": f.path, "line": b.TypeRange.Start.Line, "body": body}
			if prefix == "" {
				res.blocks = append(res.blocks, blk)
			}
			switch {
			case b.Type == "module" && len(b.Labels) == 1:
				m.module(b, body, f, ctx, prefix, dirs, stack, reached, res)
			case (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2:
				if absent(b.Body, ctx) {
					continue
				}
				r := map[string]any{"type": b.Labels[0], "name": b.Labels[1], "path": f.path,
					"line": b.TypeRange.Start.Line, "config": body,
					"address": prefix + b.Labels[0] + "." + b.Labels[1]}
				if prefix != "" {
					r["module_call"] = strings.TrimSuffix(prefix, ".")
				}
				if b.Type == "resource" {
					res.resources = append(res.resources, r)
				} else {
					res.data = append(res.data, r)
				}
			}
		}
	}
}

// module handles one module call: a local folder is followed with the call's
// arguments; a well-known registry module stands for the resource it wraps, with the
// module's own input defaults; anything else is not judged.
func (m *tfModule) module(b *hclsyntax.Block, body map[string]any, f *tfFile, ctx *hcl.EvalContext, prefix string, dirs map[string][]*tfFile, stack []string, reached map[string]bool, res *tfResult) {
	name := b.Labels[0]
	if absent(b.Body, ctx) {
		return
	}
	if dir, ok := localSource(m.dir, b.Body); ok {
		files, scanned := dirs[dir]
		if !scanned || len(stack) > maxModuleDepth || slices.Contains(stack, dir) {
			return
		}
		args := map[string]cty.Value{}
		for n, a := range b.Body.Attributes {
			if v, diags := a.Expr.Value(ctx); !diags.HasErrors() && v.IsWhollyKnown() {
				args[n] = v
			}
		}
		child := &tfModule{dir: dir, files: files}
		child.eval(args, prefix+"module."+name+".", dirs, append(slices.Clip(stack), dir), reached, res)
		return
	}
	src, _ := body["source"].(string)
	reg, ok := registryModules[strings.TrimSuffix(strings.SplitN(src, "?", 2)[0], "/")]
	if !ok {
		reg, ok = registryModules[strings.TrimPrefix(src, "registry.terraform.io/")]
	}
	if !ok {
		return
	}
	defaults, ok := reg.defaultsFor(body["version"])
	if !ok {
		return
	}
	config := make(map[string]any, len(body)+len(defaults))
	for k, v := range body {
		config[k] = v
	}
	for k, v := range defaults {
		if _, set := config[k]; !set {
			config[k] = v
		}
	}
	res.resources = append(res.resources, map[string]any{"type": reg.resource, "name": name, "path": f.path,
		"line": b.TypeRange.Start.Line, "config": config, "module": src, "address": prefix + "module." + name})
}

// absent holds when count or for_each makes a block create nothing (count = 0,
// an empty for_each), as far as it is known.
func absent(body *hclsyntax.Body, ctx *hcl.EvalContext) bool {
	if a, ok := body.Attributes["count"]; ok {
		if v, diags := a.Expr.Value(ctx); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.Number {
			if n, _ := v.AsBigFloat().Int64(); n == 0 {
				return true
			}
		}
	}
	if a, ok := body.Attributes["for_each"]; ok {
		if v, diags := a.Expr.Value(ctx); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() && v.CanIterateElements() && v.LengthInt() == 0 {
			return true
		}
	}
	return false
}

func sortedAttrs(b *hclsyntax.Body) []*hclsyntax.Attribute {
	out := make([]*hclsyntax.Attribute, 0, len(b.Attributes))
	for _, a := range b.Attributes {
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y *hclsyntax.Attribute) int { return strings.Compare(x.Name, y.Name) })
	return out
}

func convertBody(b *hclsyntax.Body, src []byte, ctx *hcl.EvalContext, depth int) map[string]any {
	m := map[string]any{"__line__": b.SrcRange.Start.Line}
	lines := map[string]any{}
	for _, a := range sortedAttrs(b) {
		m[a.Name] = convertExpr(a.Expr, src, ctx)
		lines[a.Name] = a.SrcRange.Start.Line
		if t, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok {
			// The line of each item of a list written out: "members[1]".
			for i, el := range t.Exprs {
				lines[fmt.Sprintf("%s[%d]", a.Name, i)] = el.Range().Start.Line
			}
		}
	}
	add := func(typ string, line int, nb map[string]any) {
		list, _ := m[typ].([]any)
		m[typ] = append(list, nb)
		if _, ok := lines[typ]; !ok {
			lines[typ] = line
		}
	}
	for _, blk := range b.Blocks {
		if depth >= maxTFNesting {
			break
		}
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			for _, nb := range expandDynamic(blk, src, ctx, depth) {
				add(blk.Labels[0], blk.TypeRange.Start.Line, nb)
			}
			continue
		}
		nb := convertBody(blk.Body, src, ctx, depth+1)
		nb["__line__"] = blk.TypeRange.Start.Line
		if len(blk.Labels) > 0 {
			ls := make([]any, 0, len(blk.Labels))
			for _, l := range blk.Labels {
				ls = append(ls, l)
			}
			nb["__labels__"] = ls
		}
		add(blk.Type, blk.TypeRange.Start.Line, nb)
	}
	m["__lines__"] = lines
	return m
}

// expandDynamic turns a dynamic "x" block into the x blocks it generates: one per
// element of a known for_each (the iterator bound to its key and value), or a single
// block whose iterator references stay source text when for_each is not known. The
// blocks carry the lines of the content block.
func expandDynamic(blk *hclsyntax.Block, src []byte, ctx *hcl.EvalContext, depth int) []map[string]any {
	var content *hclsyntax.Block
	for _, c := range blk.Body.Blocks {
		if c.Type == "content" {
			content = c
			break
		}
	}
	if content == nil {
		return nil
	}
	iter := blk.Labels[0]
	if a, ok := blk.Body.Attributes["iterator"]; ok {
		if t := hcl.ExprAsKeyword(a.Expr); t != "" {
			iter = t
		}
	}
	one := func(c *hcl.EvalContext) map[string]any {
		nb := convertBody(content.Body, src, c, depth+1)
		nb["__line__"] = content.TypeRange.Start.Line
		return nb
	}
	fe, ok := blk.Body.Attributes["for_each"]
	if !ok {
		return nil
	}
	v, diags := fe.Expr.Value(ctx)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return []map[string]any{one(ctx)}
	}
	var out []map[string]any
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		child := ctx.NewChild()
		child.Variables = map[string]cty.Value{iter: cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})}
		out = append(out, one(child))
		if len(out) >= 1000 {
			break
		}
	}
	return out
}

// convertExpr evaluates a constant expression to plain values. Object and tuple
// constructors are converted item by item so one unknown item does not hide the
// rest; an expression that cannot be evaluated becomes its source text.
func convertExpr(e hclsyntax.Expression, src []byte, ctx *hcl.EvalContext) any {
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		// Like a YAML mapping, an object is at the line of its first key.
		line := x.SrcRange.Start.Line
		if len(x.Items) > 0 {
			line = x.Items[0].KeyExpr.Range().Start.Line
		}
		m := map[string]any{"__line__": line}
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
		if t, ok := e.(*hclsyntax.TemplateExpr); ok && !t.IsStringLiteral() {
			// A heredoc or string with references ("${aws_sqs_queue.q.arn}"): keep the
			// text with the known parts filled in and the others as written, so a
			// policy in it is still JSON.
			return templateText(t, src, ctx)
		}
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

func templateText(t *hclsyntax.TemplateExpr, src []byte, ctx *hcl.EvalContext) string {
	var b strings.Builder
	for _, p := range t.Parts {
		if v, diags := p.Value(ctx); !diags.HasErrors() && v.IsWhollyKnown() && !v.IsNull() && v.Type() == cty.String {
			b.WriteString(v.AsString())
			continue
		}
		b.WriteString("${" + sourceText(p.Range(), src) + "}")
	}
	return b.String()
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
