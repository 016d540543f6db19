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
//
// One bad document does not lose the others: yaml.v3's decoder cannot go on past a
// syntax error, so then every document (the text between "---" lines) is decoded on
// its own; the documents that parse are returned with a *docErrors naming each one
// that did not, at its line in the file.
func parseYAML(data []byte, intrinsics bool) ([]yamlDoc, error) {
	budget := maxYAMLNodes
	docs, _, err := decodeYAML(data, intrinsics, 0, 0, &budget)
	if err == nil || errors.Is(err, errYAMLBudget) {
		return docs, err
	}
	budget = maxYAMLNodes
	docs = nil
	var bad docErrors
	index := 0
	for _, ch := range splitYAMLDocs(data) {
		got, n, err := decodeYAML(ch.data, intrinsics, ch.line, index, &budget)
		docs = append(docs, got...)
		if err != nil {
			if errors.Is(err, errYAMLBudget) {
				return docs, err
			}
			bad = append(bad, docError{Index: index, Line: ch.line + max(errorLine(err), 1), Err: err})
			n = max(n+1, 1)
		}
		index += n
	}
	if len(bad) == 0 {
		return docs, err
	}
	return docs, bad
}

// decodeYAML decodes the documents of data; off is the line data starts after in its
// file (node lines are shifted by it) and first the index of its first document. It
// returns the documents, how many it read, and the first error.
func decodeYAML(data []byte, intrinsics bool, off, first int, budget *int) ([]yamlDoc, int, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []yamlDoc
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, i, nil
		}
		if err != nil {
			return docs, i, err
		}
		root := &n
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		c := converter{budget: budget, intrinsics: intrinsics, off: off}
		v, err := c.convert(root, 0)
		if err != nil {
			return docs, i, fmt.Errorf("document %d: %w", first+i+1, err)
		}
		if v == nil {
			continue
		}
		docs = append(docs, yamlDoc{Index: first + i, Line: root.Line + off, Value: v})
	}
}

// yamlChunk is the text of one document and the number of lines before it.
type yamlChunk struct {
	data []byte
	line int
}

// splitYAMLDocs cuts a stream at its document markers ("---" at the start of a line),
// each marker starting the next document, in one pass.
func splitYAMLDocs(data []byte) []yamlChunk {
	var out []yamlChunk
	start, startLine, line := 0, 0, 0
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n')
		next := len(data)
		if end >= 0 {
			next = pos + end + 1
		}
		l := data[pos:next]
		if bytes.HasPrefix(l, []byte("---")) && (len(l) == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\n' || l[3] == '\r') && pos > start {
			out = append(out, yamlChunk{data: data[start:pos], line: startLine})
			start, startLine = pos, line
		}
		line++
		pos = next
	}
	return append(out, yamlChunk{data: data[start:], line: startLine})
}

// docError is one document of a stream that could not be parsed.
type docError struct {
	Index, Line int // 0-based position in the stream; its line in the file
	Err         error
}

// docErrors lists the documents of a stream that could not be parsed; the others were.
type docErrors []docError

func (d docErrors) Error() string {
	var parts []string
	for _, e := range d {
		parts = append(parts, fmt.Sprintf("document %d at line %d: %s", e.Index+1, e.Line, yamlPosRe.ReplaceAllString(e.Err.Error(), "")))
	}
	return strings.Join(parts, "; ")
}

type converter struct {
	budget     *int
	intrinsics bool
	off        int // lines before the document in its file
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
		m := map[string]any{"__line__": n.Line + c.off}
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
			lines[key] = k.Line + c.off
			if v.Kind == yaml.ScalarNode && (v.Style&(yaml.LiteralStyle|yaml.FoldedStyle)) != 0 {
				if blocks == nil {
					blocks = map[string]any{}
				}
				blocks[key] = v.Line + c.off + 1
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
	return map[string]any{key: v, "__line__": n.Line + c.off, "__lines__": map[string]any{key: n.Line + c.off}}, nil
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

// yamlPosRe is yaml.v3's "yaml: line N: " prefix, whose line counts from the document.
var yamlPosRe = regexp.MustCompile(`^yaml: line \d+: `)

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
