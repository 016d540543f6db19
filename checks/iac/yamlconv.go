package iac

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"gopkg.in/yaml.v3"
)

// Limits that keep a hostile YAML file (billion laughs, deep nesting) from exhausting
// memory: aliases are expanded into the input, so the expansion is budgeted.
const (
	maxYAMLDepth = 200
	// maxYAMLNodes bounds the nodes produced from one file, aliases expanded.
	maxYAMLNodes = 200_000
)

// errYAMLBudget is returned when a document is too deep or expands to too many nodes.
var errYAMLBudget = errors.New("document is too deeply nested or expands too many aliases")

// yamlDoc is one document of a YAML stream, converted to the documented input shape.
type yamlDoc struct {
	Index int // 0-based position in the stream
	Line  int // line of the document's first node
	Value any
}

// parseYAMLStream decodes every document of a multi-document YAML file and converts
// each into plain values (see INPUT.md): a mapping carries "__line__" (its first line)
// and "__lines__" (the line of each key); a literal or folded block scalar's first
// content line is in "__blocks__".
func parseYAMLStream(data []byte) ([]yamlDoc, error) {
	return parseYAML(data, false)
}

// parseYAML is parseYAMLStream; with intrinsics set, CloudFormation's short-form tags
// (!Ref x, !GetAtt a.b, !Sub …) become their long JSON form ({"Ref": "x"},
// {"Fn::GetAtt": ["a", "b"]}, {"Fn::Sub": …}).
func parseYAML(data []byte, intrinsics bool) ([]yamlDoc, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []yamlDoc
	budget := maxYAMLNodes
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		root := &n
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		c := converter{budget: &budget, intrinsics: intrinsics}
		v, err := c.convert(root, 0)
		if err != nil {
			return docs, fmt.Errorf("document %d: %w", i+1, err)
		}
		if v == nil {
			continue
		}
		docs = append(docs, yamlDoc{Index: i, Line: root.Line, Value: v})
	}
}

type converter struct {
	budget     *int
	intrinsics bool
}

func (c *converter) convert(n *yaml.Node, depth int) (any, error) {
	if depth > maxYAMLDepth {
		return nil, errYAMLBudget
	}
	if c.intrinsics && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") && n.Kind != yaml.AliasNode {
		return c.intrinsic(n, depth)
	}
	*c.budget--
	if *c.budget < 0 {
		return nil, errYAMLBudget
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return c.convert(n.Alias, depth+1)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.convert(n.Content[0], depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		m := map[string]any{"__line__": n.Line}
		lines := map[string]any{}
		var blocks map[string]any
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
				// "<<: *base" merges the aliased mapping's keys that are not set here.
				merged, err := c.convert(v, depth+1)
				if err != nil {
					return nil, err
				}
				mergeInto(m, lines, merged)
				continue
			}
			key := k.Value
			if k.Kind != yaml.ScalarNode {
				key = fmt.Sprintf("__key_%d__", i/2)
			}
			val, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			m[key] = val
			lines[key] = k.Line
			if v.Kind == yaml.ScalarNode && (v.Style&(yaml.LiteralStyle|yaml.FoldedStyle)) != 0 {
				if blocks == nil {
					blocks = map[string]any{}
				}
				blocks[key] = v.Line + 1
			}
		}
		m["__lines__"] = lines
		if blocks != nil {
			m["__blocks__"] = blocks
		}
		return m, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, nil
}

// intrinsic converts a node tagged with a CloudFormation short form to the long form.
func (c *converter) intrinsic(n *yaml.Node, depth int) (any, error) {
	name := strings.TrimPrefix(n.Tag, "!")
	plain := *n
	plain.Tag = ""
	if n.Kind == yaml.ScalarNode {
		plain.Tag = "!!str"
	}
	v, err := c.convert(&plain, depth+1)
	if err != nil {
		return nil, err
	}
	key := "Fn::" + name
	switch name {
	case "Ref", "Condition":
		key = name
	case "GetAtt":
		if s, ok := v.(string); ok {
			if res, attr, ok := strings.Cut(s, "."); ok {
				v = []any{res, attr}
			}
		}
	}
	return map[string]any{key: v, "__line__": n.Line, "__lines__": map[string]any{key: n.Line}}, nil
}

func mergeInto(m, lines map[string]any, merged any) {
	switch v := merged.(type) {
	case map[string]any:
		ml, _ := v["__lines__"].(map[string]any)
		for k, x := range v {
			if strings.HasPrefix(k, "__") {
				continue
			}
			if _, ok := m[k]; !ok {
				m[k] = x
				if ml != nil {
					lines[k] = ml[k]
				}
			}
		}
	case []any:
		for _, e := range v {
			mergeInto(m, lines, e)
		}
	}
}

// scalar resolves a scalar the way YAML 1.2's core schema does, as yaml.v3 would.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			if f != f || f > 1e300 || f < -1e300 { // NaN and infinities have no JSON form
				return n.Value
			}
			return f
		}
	}
	return n.Value
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// errorLine extracts the line number a parser error names, 0 when none.
func errorLine(err error) int {
	var diags hcl.Diagnostics
	if errors.As(err, &diags) {
		for _, d := range diags {
			if d.Subject != nil {
				return d.Subject.Start.Line
			}
		}
	}
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
