package policy

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/shiftgate/shiftgate/internal/finding"
)

func TestDefaultPolicy(t *testing.T) {
	p := Default()
	if p.Version != 1 || p.Mode != "enforce" || p.FailSeverity() != finding.High || p.Fail.OnError != "fail" {
		t.Fatalf("default policy = %+v", p)
	}
	if !p.Checks.SAST.Enabled || !p.Checks.Secrets.Enabled || !p.Checks.Deps.Enabled || !p.Checks.IaC.Enabled {
		t.Fatalf("default policy must enable every check: %+v", p.Checks)
	}
	if p.Source != EmbeddedSource {
		t.Fatalf("source = %q", p.Source)
	}
}

func TestUserPolicyKeepsDefaultsForUnsetKeys(t *testing.T) {
	p, err := Parse(".shiftgate.yaml", []byte("version: 1\nfail:\n  severity: medium\nchecks:\n  sast:\n    exclude: [G104]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.FailSeverity() != finding.Medium || p.Fail.OnError != "fail" || !p.Checks.SAST.Enabled || p.Checks.SAST.Exclude[0] != "G104" {
		t.Fatalf("policy = %+v", p)
	}
}

func TestStrictErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       string // substring of the error, which starts with file:line:col
	}{
		{"unknown key with suggestion", "version: 1\nfail:\n  sevrity: high\n", `.shiftgate.yaml:3:3: unknown key "sevrity" (did you mean "severity"?)`},
		{"unknown top-level key", "version: 1\nchekcs: {}\n", `.shiftgate.yaml:2:1: unknown key "chekcs" (did you mean "checks"?)`},
		{"unknown key without suggestion", "version: 1\nzzzzzzzz: 1\n", `.shiftgate.yaml:2:1: unknown key "zzzzzzzz" (allowed keys here: version, mode,`},
		{"bad enum", "version: 1\nmode: enforced\n", `.shiftgate.yaml:2:7: invalid value "enforced" (did you mean "enforce"?`},
		{"bad severity", "version: 1\nfail: {severity: urgent}\n", `.shiftgate.yaml:2:18: invalid value "urgent" (one of: critical, high, medium, low, info)`},
		{"bad date", "version: 1\nexceptions:\n  - id: G104\n    reason: ok\n    expires: 31/01/2027\n", `.shiftgate.yaml:5:14: invalid date "31/01/2027" (write dates as YYYY-MM-DD`},
		{"yes is not a bool", "version: 1\nchecks: {sast: {enabled: yes}}\n", `.shiftgate.yaml:2:26: expected true or false, got a single value (3 characters)`},
		{"missing version", "mode: audit\n", `.shiftgate.yaml:1:1: missing key "version" (add ` + "`version: 1`"},
		{"wrong version", "version: 2\n", `.shiftgate.yaml:1:10: unsupported policy version 2`},
		{"exception without reason", "version: 1\nexceptions:\n  - id: G104\n", `.shiftgate.yaml:3:5: missing key "reason"`},
		{"list expected", "version: 1\npaths: {exclude: vendor}\n", `.shiftgate.yaml:2:18: expected a list`},
		{"bad glob", "version: 1\npaths: {exclude: [\"a/[b\"]}\n", `invalid path pattern "a/[b"`},
		{"bad duration", "version: 1\nchecks: {deps: {timeout: soon}}\n", `invalid duration "soon"`},
		{"bad base pattern", "version: 1\nchecks: {image: {base: {allow: [\"gcr.io/[x\"]}}}\n", `.shiftgate.yaml:2:33: invalid image pattern "gcr.io/[x"`},
		{"bad base digest", "version: 1\nchecks: {image: {base: {allow: [\"sha256:abc\"]}}}\n", `invalid image digest "sha256:abc"`},
		{"duplicate key", "version: 1\nmode: audit\nmode: enforce\n", `.shiftgate.yaml:3:1: key "mode" is given twice`},
		{"syntax error", "version: 1\nfail: [\n", `.shiftgate.yaml:2:1: invalid YAML`},
		{"empty file", "", `.shiftgate.yaml:1:1: the policy file is empty`},
		{"two documents", "version: 1\n---\nversion: 1\n", `more than one YAML document`},
		{"alias", "version: 1\nfail: &f {severity: high}\nmode: *f\n", `YAML aliases are not allowed`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(".shiftgate.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatalf("no error for %q", c.yaml)
			}
			var perrs Errors
			if !errors.As(err, &perrs) {
				t.Fatalf("error is %T, want policy.Errors: %v", err, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error:\n%s\nwant it to contain:\n%s", err, c.want)
			}
		})
	}
}

func TestExceptionLinesAreRecorded(t *testing.T) {
	p, err := Parse("p.yaml", []byte("version: 1\nexceptions:\n  - id: G104\n    reason: r\n  - id: G201\n    reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Exceptions[0].Line != 3 || p.Exceptions[1].Line != 5 {
		t.Fatalf("lines = %d, %d", p.Exceptions[0].Line, p.Exceptions[1].Line)
	}
}

func mustParse(t *testing.T, src string) *Policy {
	t.Helper()
	p, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestJudge(t *testing.T) {
	p := mustParse(t, `version: 1
fail: {severity: high}
exceptions:
  - id: G104
    reason: errors are checked upstream
    owner: "@core"
  - id: CVE-2024-0001
    paths: ["web/**"]
    reason: not called
    expires: 2027-01-31
  - id: abcdef0123456789abcdef0123456789
    reason: test key, rotated
  - id: G999
    reason: stale one
  - id: G204
    reason: expired one
    expires: 2026-01-01
`)
	fs := []finding.Finding{
		{Check: "sast", Rule: "G104", Severity: finding.Low, Path: "a.go"},
		{Check: "deps", Rule: "GHSA-aaaa", Aliases: []string{"CVE-2024-0001"}, Severity: finding.Critical, Path: "web/package-lock.json"},
		{Check: "deps", Rule: "GHSA-aaaa", Aliases: []string{"CVE-2024-0001"}, Severity: finding.Critical, Path: "api/package-lock.json"},
		{Check: "secrets", Rule: "aws-access-token", Severity: finding.High, Path: "k.env", Fingerprint: "abcdef0123456789abcdef0123456789:2"},
		{Check: "sast", Rule: "G204", Severity: finding.High, Path: "b.go"},
		{Check: "sast", Rule: "G401", Severity: finding.Medium, Path: "c.go"},
		{Check: "sast", Rule: "G402", Severity: finding.High, Path: "d.go", Status: finding.StatusSuppressed, Reason: "#nosec: test only"},
	}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	uses := p.Judge(fs, now)
	want := []finding.Status{finding.StatusExcepted, finding.StatusExcepted, finding.StatusBlocking, finding.StatusExcepted, finding.StatusBlocking, finding.StatusAllowed, finding.StatusSuppressed}
	for i, f := range fs {
		if f.Status != want[i] {
			t.Errorf("finding %d (%s %s): status %s, want %s (%s)", i, f.Rule, f.Path, f.Status, want[i], f.Reason)
		}
	}
	if !strings.Contains(fs[0].Reason, "errors are checked upstream (owner @core)") {
		t.Errorf("reason = %q", fs[0].Reason)
	}
	states := map[string]ExceptionState{}
	for _, u := range uses {
		states[u.ID] = u.State
	}
	wantStates := map[string]ExceptionState{"G104": ExceptionActive, "CVE-2024-0001": ExceptionActive, "abcdef0123456789abcdef0123456789": ExceptionActive, "G999": ExceptionStale, "G204": ExceptionExpired}
	if !reflect.DeepEqual(states, wantStates) {
		t.Fatalf("exception states = %v, want %v", states, wantStates)
	}
	for _, u := range uses {
		if u.ID == "G204" && !strings.Contains(u.Message, "expired on 2026-01-01") {
			t.Errorf("expired message = %q", u.Message)
		}
	}
}

func TestExceptionAppliesThroughItsExpiryDay(t *testing.T) {
	p := mustParse(t, "version: 1\nexceptions:\n  - {id: G204, reason: r, expires: 2026-11-22}\n")
	f := []finding.Finding{{Rule: "G204", Severity: finding.High}}
	p.Judge(f, time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC))
	if f[0].Status != finding.StatusExcepted {
		t.Fatalf("on its expiry day the exception still applies; status %s", f[0].Status)
	}
	f[0].Status = ""
	p.Judge(f, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if f[0].Status != finding.StatusBlocking {
		t.Fatalf("the day after expiry it no longer applies; status %s", f[0].Status)
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(Schema)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSON converts YAML to the JSON value a schema validator reads, the way an
// editor's YAML language server does (an unquoted date stays a string).
func yamlToJSON(t *testing.T, src []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(src, &n); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(nodeValue(t, &n))
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStarterValidatesAgainstSchemaAndLoads(t *testing.T) {
	s := compileSchema(t)
	if err := s.Validate(yamlToJSON(t, Starter())); err != nil {
		t.Fatalf("the starter policy does not validate against schema.json: %v", err)
	}
	if _, err := Parse("starter.yaml", Starter()); err != nil {
		t.Fatal(err)
	}
	full := []byte(`version: 1
mode: audit
fail: {severity: medium, new_only: true, on_error: warn, context: block}
baseline: b.json
paths: {exclude: ["x/**"], max_file_size: 10MB}
checks:
  sast: {enabled: true, timeout: 5m, exclude: [G104], import: ["a.sarif"], severity: {G104: low}, confidence: medium}
  secrets: {enabled: false, exclude: [generic-api-key]}
  deps: {enabled: true, db: osv, reachability: false, unreachable: keep, imported: keep, vex: [".vex/*.json"], licenses: {allow: [MIT], deny: [AGPL-3.0-only]}}
  iac: {enabled: true, rules: [policy/rego], exclude: [K8S-001]}
outputs: {sbom: [cyclonedx], provenance: false, sign: {key: "env://K", required: true}}
exceptions: [{id: G104, paths: ["a/**"], reason: r, expires: 2027-01-31, owner: "@me"}]
`)
	if err := s.Validate(yamlToJSON(t, full)); err != nil {
		t.Fatalf("a policy using every key does not validate against schema.json: %v", err)
	}
	if _, err := Parse("full.yaml", full); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(yamlToJSON(t, []byte("version: 1\nfail: {sevrity: high}\n"))); err == nil {
		t.Fatal("the schema accepts an unknown key")
	}
}

// TestSchemaMatchesStructs keeps schema.json and the Go structs from drifting apart:
// every key the loader accepts is described in the schema, and no other.
func TestSchemaMatchesStructs(t *testing.T) {
	var schema map[string]any
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, typ reflect.Type, node map[string]any)
	walk = func(path string, typ reflect.Type, node map[string]any) {
		for typ.Kind() == reflect.Slice || typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
			if items, ok := node["items"].(map[string]any); ok {
				node = items
			}
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		props, _ := node["properties"].(map[string]any)
		seen := map[string]bool{}
		for i := 0; i < typ.NumField(); i++ {
			name := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
			if name == "" || name == "-" {
				continue
			}
			seen[name] = true
			sub, ok := props[name].(map[string]any)
			if !ok {
				t.Errorf("schema.json lacks %s%s", path, name)
				continue
			}
			walk(path+name+".", typ.Field(i).Type, sub)
		}
		for name := range props {
			if !seen[name] {
				t.Errorf("schema.json describes %s%s, which the loader rejects", path, name)
			}
		}
	}
	walk("", reflect.TypeOf(Policy{}), schema)
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"512KB": 512 << 10, "5MB": 5 << 20, "1 GiB": 1 << 30, "100": 100, "7B": 7} {
		got, err := ParseSize(in)
		if err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1MB", "5XB", "1.5MB", "MB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(Starter())
	f.Add([]byte("version: 1\nfail: {sevrity: high}\n"))
	f.Add([]byte("version: 1\nexceptions: [{id: x, reason: y, expires: 2027-01-01}]\n"))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.yaml", data)
		if err != nil {
			var perrs Errors
			if !errors.As(err, &perrs) || len(perrs) == 0 {
				t.Fatalf("error is not a positioned policy error: %T %v", err, err)
			}
			for _, e := range perrs {
				if e.Line < 1 || e.Column < 1 {
					t.Fatalf("error without a position: %+v", e)
				}
			}
			return
		}
		if p.Version != 1 {
			t.Fatalf("accepted version %d", p.Version)
		}
		if _, err := finding.ParseSeverity(p.Fail.Severity); err != nil {
			t.Fatalf("accepted fail severity %q", p.Fail.Severity)
		}
	})
}

func nodeValue(t *testing.T, n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		return nodeValue(t, n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = nodeValue(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := []any{}
		for _, c := range n.Content {
			l = append(l, nodeValue(t, c))
		}
		return l
	}
	if n.Tag == "!!timestamp" || n.Tag == "!!str" {
		return n.Value
	}
	var v any
	if err := n.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A finding with a context is reported and allowed by default, blocks under
// fail.context: block, and blocks when the change adds it unless it is a benign use.
func TestContextDoesNotBlockByDefault(t *testing.T) {
	mk := func() []finding.Finding {
		return []finding.Finding{
			{Check: "secrets", Rule: "github-pat", Severity: finding.High, Path: "app/client_test.go", Line: 3},
			{Check: "sast", Rule: "G404", Severity: finding.High, Path: "scrape.go", Line: 9, Context: finding.ContextBenign, ContextReason: "jitter"},
			{Check: "sast", Rule: "G201", Severity: finding.High, Path: "db.go", Line: 4},
		}
	}
	p := Default()
	fs := mk()
	p.Judge(fs, time.Now())
	if fs[0].Status != finding.StatusAllowed || fs[0].Context != finding.ContextTest || !strings.Contains(fs[0].Reason, "does not block by default: it is in a test file") {
		t.Errorf("test-file secret: %s %q %q", fs[0].Status, fs[0].Context, fs[0].Reason)
	}
	if fs[1].Status != finding.StatusAllowed || fs[2].Status != finding.StatusBlocking {
		t.Errorf("statuses %s %s, want allowed blocking", fs[1].Status, fs[2].Status)
	}
	if !AddedInContext(&fs[0], p, true) || AddedInContext(&fs[0], p, false) || AddedInContext(&fs[1], p, true) {
		t.Error("AddedInContext: a place context must yield to the change, a benign use must not")
	}
	p.Fail.Context = "block"
	fs = mk()
	p.Judge(fs, time.Now())
	for _, f := range fs {
		if f.Status != finding.StatusBlocking {
			t.Errorf("fail.context: block: %s is %s", f.Rule, f.Status)
		}
	}
}

// An exception may name a package: its purl (with or without version and
// qualifiers) or ECOSYSTEM/NAME, with or without the release.
func TestExceptionByPackage(t *testing.T) {
	f := &finding.Finding{Check: "image", Rule: "DSA-5532-1", Aliases: []string{"CVE-2023-5363"},
		Package: &finding.Package{Ecosystem: "Debian:12", Name: "libssl3", Version: "3.0.11-1~deb12u1",
			PURL: "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12"}}
	for id, want := range map[string]bool{
		"pkg:deb/debian/libssl3":                                              true,
		"pkg:deb/debian/libssl3@3.0.11-1~deb12u1":                             true,
		"pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12": true,
		"pkg:deb/debian/libssl3@3.0.11-1~deb12u2":                             false,
		"pkg:deb/debian/libssl":                                               false,
		"Debian/libssl3":                                                      true,
		"Debian:12/libssl3":                                                   true,
		"debian/libssl3":                                                      false,
		"Debian:11/libssl3":                                                   false,
		"Alpine/libssl3":                                                      false,
		"Debian/openssl":                                                      false,
		"/libssl3":                                                            false,
		"CVE-2023-5363":                                                       true,
	} {
		if got := (Exception{ID: id}).Matches(f); got != want {
			t.Errorf("exception %q matches: %v, want %v", id, got, want)
		}
	}
	// A finding without a package (SAST) is never covered by a package id.
	if (Exception{ID: "go/sql-injection"}).Matches(&finding.Finding{Rule: "G201"}) {
		t.Error("a package-shaped id matched a finding without a package")
	}
}

// extends is checked as a whole: pinned by digest, with one kind of signer.
func TestExtendsIsValidated(t *testing.T) {
	const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	for text, want := range map[string]string{
		"extends: {ref: r, digest: " + digest + ", key: k.pub}":                         "",
		"extends: {ref: r, digest: " + digest + ", identity: i, issuer: https://x}":     "",
		"extends: {ref: r, key: k.pub}":                                                 `p.yaml:2:10: extends: missing key "digest"`,
		"extends: {ref: r, digest: sha256:abc, key: k.pub}":                             "p.yaml:2:27: invalid digest",
		"extends: {ref: r, digest: " + digest + "}":                                     "extends: say who signed the organisation policy",
		"extends: {ref: r, digest: " + digest + ", key: k.pub, identity: i, issuer: x}": "extends: give key: or identity:, not both",
		"extends: {ref: r, digest: " + digest + ", identity: i}":                        `extends: missing key "issuer"`,
		"exceptions_allow: [{ids: [], max_days: 3}]":                                    "exceptions_allow: ids is empty",
		"exceptions_allow: [{ids: [G4*], max_days: -1}]":                                "exceptions_allow: max_days must be positive",
		"exceptions_allow: [{ids: [G4*], max_expires: 2027-13-01}]":                     "invalid date",
		"exceptions_allow: [{ids: [\"G4[\"]}]":                                          "invalid id pattern",
		"exceptions_allow: [{max_days: 3}]":                                             `missing key "ids"`,
	} {
		_, err := Parse("p.yaml", []byte("version: 1\n"+text+"\n"))
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", text, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: error %v, want %q", text, err, want)
		}
	}
}
