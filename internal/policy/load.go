package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"gopkg.in/yaml.v3"
)

// MaxSize bounds the policy file; a policy is a page of YAML, not a data set.
const MaxSize = 1 << 20

// Error is one problem in a policy file, with its position and how to fix it.
type Error struct {
	File    string
	Line    int
	Column  int
	Message string
	Hint    string
}

func (e Error) Error() string {
	s := fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Errors is every problem found in one policy file.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Default returns the embedded default policy.
func Default() *Policy {
	p, err := Parse(EmbeddedSource, starter)
	if err != nil {
		panic(fmt.Sprintf("the embedded default policy is invalid: %v", err)) // a build defect, caught by tests
	}
	return p
}

// Load reads and validates a policy file. Keys it does not set keep the default's values.
func Load(path string) (*Policy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("could not read policy %q: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("could not read policy %q: %w", path, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("policy %q is larger than %d bytes: is it the right file?", path, MaxSize)
	}
	return Parse(path, data)
}

// Parse validates and decodes policy YAML. name is used in error messages. Keys it does
// not set keep the embedded default's values.
func Parse(name string, data []byte) (*Policy, error) {
	var base *Policy
	if name != EmbeddedSource {
		base = Default()
	}
	return parseOver(base, name, data)
}

// ParseOver validates and decodes policy YAML whose unset keys keep base's values
// instead of the default's: the repository layer read over the organisation layer.
// base is not changed.
func ParseOver(base *Policy, name string, data []byte) (*Policy, error) {
	return parseOver(base.Clone(), name, data)
}

// Clone returns a deep copy of the policy as it is now (changes made after parsing
// included), with its file's position information.
func (p *Policy) Clone() *Policy {
	out, err := yaml.Marshal(p)
	c := &Policy{}
	if err == nil {
		err = yaml.Unmarshal(out, c)
	}
	if err != nil {
		panic(fmt.Sprintf("policy %s does not round-trip through YAML: %v", p.Source, err)) // a defect
	}
	for i := range c.Exceptions {
		c.Exceptions[i].Line = p.Exceptions[i].Line
	}
	c.Source, c.Layers, c.doc, c.data = p.Source, p.Layers, p.doc, p.data
	c.OrgRules = slices.Clone(p.OrgRules)
	return c
}

// Data returns the bytes the policy was read from (nil for one built in code).
func (p *Policy) Data() []byte { return p.data }

func parseOver(base *Policy, name string, data []byte) (*Policy, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Errors{{File: name, Line: 1, Column: 1, Message: "the policy file is empty", Hint: "start from `shiftgate init`, which writes a commented policy"}}
		}
		return nil, yamlSyntaxError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Errors{{File: name, Line: extra.Line, Column: extra.Column, Message: "the policy file holds more than one YAML document", Hint: "remove the second `---` document"}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	v := validator{file: name}
	v.check(root, reflect.TypeOf(Policy{}), tags{})
	if len(v.errs) > 0 {
		return nil, v.errs
	}
	p := base
	if p == nil {
		p = &Policy{}
	}
	p.Source, p.doc, p.data, p.Layers = "", nil, nil, nil
	if err := root.Decode(p); err != nil {
		return nil, yamlSyntaxError(name, err)
	}
	if n := mappingValue(root, "exceptions"); n != nil && n.Kind == yaml.SequenceNode && len(n.Content) == len(p.Exceptions) {
		for i := range p.Exceptions {
			p.Exceptions[i].Line = n.Content[i].Line
		}
	}
	if p.Version != 1 {
		n := mappingValue(root, "version")
		return nil, Errors{{File: name, Line: n.Line, Column: n.Column, Message: fmt.Sprintf("unsupported policy version %d", p.Version), Hint: "this shiftgate reads version: 1"}}
	}
	if errs := checkLayerKeys(name, root, p); len(errs) > 0 {
		return nil, errs
	}
	p.Source = name
	p.doc = root
	p.data = data
	return p, nil
}

// checkLayerKeys validates what extends and exceptions_allow say together.
func checkLayerKeys(name string, root *yaml.Node, p *Policy) Errors {
	var errs Errors
	at := func(path ...string) (int, int) {
		n := root
		for _, k := range path {
			if m := mappingValue(n, k); m != nil {
				n = m
			}
		}
		return n.Line, n.Column
	}
	fail := func(msg, hint string, path ...string) {
		l, c := at(path...)
		errs = append(errs, Error{File: name, Line: l, Column: c, Message: msg, Hint: hint})
	}
	if mappingValue(root, "extends") != nil && p.Extends.Set() {
		e := p.Extends
		switch {
		case e.Ref == "":
			fail("extends: missing key \"ref\"", "name the organisation policy: an OCI reference, a URL or a path", "extends")
		case e.Digest == "":
			fail("extends: missing key \"digest\"", "pin the organisation policy: digest: sha256:<64 hex digits>, as `shiftgate policy bundle` prints it", "extends")
		case e.Key == "" && e.Identity == "":
			fail("extends: say who signed the organisation policy", "give key: (a public key) or identity: and issuer: (keyless)", "extends")
		case e.Key != "" && e.Identity != "":
			fail("extends: give key: or identity:, not both", "a public key, or a keyless identity and issuer", "extends", "identity")
		case e.Identity != "" && e.Issuer == "":
			fail("extends: missing key \"issuer\"", "a keyless identity needs its OIDC issuer, e.g. https://token.actions.githubusercontent.com", "extends")
		case e.Issuer != "" && e.Identity == "":
			fail("extends: issuer: without identity:", "give the signer's identity too, or use key:", "extends", "issuer")
		}
	}
	if n := mappingValue(root, "exceptions_allow"); n != nil && n.Kind == yaml.SequenceNode && len(n.Content) == len(p.ExceptionsAllow) {
		for i, a := range p.ExceptionsAllow {
			item := n.Content[i]
			if a.MaxDays < 0 {
				v := mappingValue(item, "max_days")
				errs = append(errs, Error{File: name, Line: v.Line, Column: v.Column, Message: "exceptions_allow: max_days must be positive", Hint: "the most days an exception may last, e.g. 90"})
			}
			if len(a.IDs) == 0 {
				errs = append(errs, Error{File: name, Line: item.Line, Column: item.Column, Message: "exceptions_allow: ids is empty", Hint: "name the rule ids or globs (\"G4*\", \"CVE-*\") repositories may except"})
			}
			for _, id := range a.IDs {
				if _, err := path.Match(id, ""); err != nil || strings.TrimSpace(id) == "" {
					errs = append(errs, Error{File: name, Line: item.Line, Column: item.Column, Message: fmt.Sprintf("exceptions_allow: invalid id pattern %s", short(id)), Hint: "a rule id or a glob such as \"G4*\"; close every ["})
				}
			}
		}
	}
	return errs
}

var (
	yamlLine   = regexp.MustCompile(`line (\d+)`)
	yamlQuoted = regexp.MustCompile("`[^`]*`")
)

func yamlSyntaxError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	// yaml.v3 quotes the offending text between backticks; the position is enough.
	msg = yamlQuoted.ReplaceAllString(msg, "a value")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	return Errors{{File: name, Line: line, Column: 1, Message: "invalid YAML: " + msg, Hint: "check indentation and quoting on this line"}}
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// tags are the validation tags of the field a node is decoded into.
type tags struct {
	enum   []string
	format string
}

type validator struct {
	file  string
	errs  Errors
	depth int
}

func (v *validator) fail(n *yaml.Node, msg, hint string) {
	v.errs = append(v.errs, Error{File: v.file, Line: n.Line, Column: n.Column, Message: msg, Hint: hint})
}

func (v *validator) check(n *yaml.Node, t reflect.Type, tg tags) {
	v.depth++
	defer func() { v.depth-- }()
	if v.depth > 32 {
		v.fail(n, "the policy is nested too deeply", "a policy is at most a few levels deep")
		return
	}
	if n.Kind == yaml.AliasNode {
		v.fail(n, "YAML aliases are not allowed in a policy file", "write the value out where it is used")
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value keeps the default
	}
	switch t.Kind() {
	case reflect.Struct:
		v.checkStruct(n, t)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			v.fail(n, "expected a list", "write it as [a, b] or as lines starting with \"- \"")
			return
		}
		for _, c := range n.Content {
			v.check(c, t.Elem(), tg)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			v.fail(n, "expected a mapping of key: value", "")
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v.check(n.Content[i+1], t.Elem(), tg)
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			v.fail(n, fmt.Sprintf("expected true or false, got %s", describe(n)), "write true or false")
		}
	case reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			v.fail(n, fmt.Sprintf("expected a whole number, got %s", describe(n)), "")
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			v.fail(n, fmt.Sprintf("expected a single value, got %s", describe(n)), "")
			return
		}
		v.checkString(n, tg)
	}
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	// Never the value itself: a parse error must not quote file content (a policy
	// file may be anything a change points it at, and the log is public).
	return fmt.Sprintf("a single value (%d characters)", len(n.Value))
}

// short quotes a short, printable value of the policy for an error message, and
// otherwise only says how long it is: an error never prints a file's content.
func short(val string) string {
	if len(val) > 40 || strings.ContainsFunc(val, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '`' }) {
		return fmt.Sprintf("(a value of %d characters)", len(val))
	}
	return fmt.Sprintf("%q", val)
}

func (v *validator) checkString(n *yaml.Node, tg tags) {
	val := n.Value
	if len(tg.enum) > 0 && !slices.Contains(tg.enum, val) {
		hint := "one of: " + strings.Join(tg.enum, ", ")
		if s := suggest(val, tg.enum); s != "" {
			hint = fmt.Sprintf("did you mean %q? allowed: %s", s, strings.Join(tg.enum, ", "))
		}
		v.fail(n, fmt.Sprintf("invalid value %s", short(val)), hint)
		return
	}
	switch tg.format {
	case "date":
		if _, err := time.Parse(time.DateOnly, val); err != nil {
			v.fail(n, fmt.Sprintf("invalid date %s", short(val)), "write dates as YYYY-MM-DD, e.g. 2027-01-31")
		}
	case "duration":
		if d, err := time.ParseDuration(val); err != nil || d <= 0 {
			v.fail(n, fmt.Sprintf("invalid duration %s", short(val)), "write a positive Go duration such as 90s, 5m or 1h")
		}
	case "glob":
		if !doublestar.ValidatePattern(val) {
			v.fail(n, fmt.Sprintf("invalid path pattern %s", short(val)), "use globs such as \"vendor/**\" or \"**/*.go\"; close every [ and {")
		}
	case "image":
		if strings.HasPrefix(val, "sha256:") {
			if len(val) != len("sha256:")+64 || strings.Trim(val[len("sha256:"):], "0123456789abcdef") != "" {
				v.fail(n, fmt.Sprintf("invalid image digest %s", short(val)), "write sha256: and 64 lowercase hex digits")
			}
		} else if _, err := path.Match(val, ""); err != nil || val == "" {
			v.fail(n, fmt.Sprintf("invalid image pattern %s", short(val)), "use registry/repository globs such as \"gcr.io/distroless/*\" or \"docker.io/library/debian:12*\"; close every [")
		}
	case "digest":
		if len(val) != len("sha256:")+64 || !strings.HasPrefix(val, "sha256:") || strings.Trim(val[len("sha256:"):], "0123456789abcdef") != "" {
			v.fail(n, fmt.Sprintf("invalid digest %s", short(val)), "write sha256: and 64 lowercase hex digits, as `shiftgate policy bundle` prints it")
		}
	case "size":
		if _, err := ParseSize(val); err != nil {
			v.fail(n, err.Error(), "write a size such as 512KB, 5MB or 1GB")
		}
	}
}

func (v *validator) checkStruct(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.MappingNode {
		v.fail(n, fmt.Sprintf("expected a mapping of key: value, got %s", describe(n)), "")
		return
	}
	fields := map[string]reflect.StructField{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f
		names = append(names, name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			hint := "allowed keys here: " + strings.Join(names, ", ")
			if s := suggest(k.Value, names); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			v.fail(k, fmt.Sprintf("unknown key %s", short(k.Value)), hint)
			continue
		}
		if seen[k.Value] {
			v.fail(k, fmt.Sprintf("key %q is given twice", k.Value), "keep one of them")
			continue
		}
		seen[k.Value] = true
		tg := tags{format: f.Tag.Get("format")}
		if e := f.Tag.Get("enum"); e != "" {
			tg.enum = strings.Split(e, ",")
		}
		v.check(val, f.Type, tg)
	}
	for _, name := range names {
		if fields[name].Tag.Get("required") == "true" && !seen[name] {
			v.fail(n, fmt.Sprintf("missing key %q", name), requiredHint(name))
		}
	}
}

func requiredHint(key string) string {
	switch key {
	case "version":
		return "add `version: 1` at the top of the file"
	case "reason":
		return "say why the exception is safe, so a reviewer can judge it"
	case "id":
		return "name a rule id, a vulnerability id or alias, or a finding fingerprint"
	}
	return ""
}

// suggest returns the candidate closest to s when it is close enough to be a typo,
// including a value that differs only in case (HIGH for high), which Nearest skips.
func suggest(s string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(strings.TrimSpace(s), c) {
			return c
		}
	}
	return Nearest(s, candidates)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ParseSize reads a size such as 512KB, 5MB, 1GB or a plain number of bytes.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(t, &n); err != nil || n <= 0 || fmt.Sprint(n) != t {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	return n * mult, nil
}
