// Package policy loads the repository's shift-left policy (.shiftgate.yaml) strictly,
// falls back to an embedded default, and judges findings against it: exceptions,
// severity threshold, audit mode.
package policy

import (
	_ "embed"
	"time"

	"gopkg.in/yaml.v3"
)

// FileName is the policy file looked for at the repository root.
const FileName = ".shiftgate.yaml"

// EmbeddedSource names the embedded default policy in reports and messages.
const EmbeddedSource = "(embedded default policy)"

// starter is both the embedded default policy and what `shiftgate init` writes.
//
//go:embed starter.yaml
var starter []byte

// Schema is the JSON Schema of the policy file, for editors and for tests.
//
//go:embed schema.json
var Schema []byte

// Starter returns the commented policy file `shiftgate init` writes.
func Starter() []byte { return append([]byte(nil), starter...) }

// Policy is a parsed .shiftgate.yaml. Struct tags drive the strict validation:
// `enum` lists allowed values, `format` names a checked format, `required` marks keys
// that must be present.
type Policy struct {
	Version    int         `yaml:"version" required:"true"`
	Mode       string      `yaml:"mode" enum:"enforce,audit"`
	Fail       Fail        `yaml:"fail"`
	Baseline   string      `yaml:"baseline"`
	Paths      Paths       `yaml:"paths"`
	Checks     Checks      `yaml:"checks"`
	Outputs    Outputs     `yaml:"outputs"`
	Exceptions []Exception `yaml:"exceptions"`
	// Extends names the organisation policy this repository policy tightens
	// (docs/org-policy.md). It is read only from the repository layer.
	Extends Extends `yaml:"extends"`
	// ExceptionsAllow says which repository exceptions an organisation policy permits.
	// It is read only from the organisation layer: in a repository policy it has no
	// effect.
	ExceptionsAllow []ExceptionAllow `yaml:"exceptions_allow"`

	// OrgRules are the organisation policy's custom Rego rules (its rules/ folders),
	// evaluated by the IaC check beside the repository's checks.iac.rules. Only the
	// organisation layer has them: it is read from the runner or verified by digest.
	OrgRules []RuleFile `yaml:"-"`

	// Source is the file the policy came from, or EmbeddedSource.
	Source string `yaml:"-"`
	// Layers says which layer decided each setting, when the policy was resolved from
	// an organisation layer and a repository layer (package policylayer); nil for a
	// policy read from one file.
	Layers *Layers `yaml:"-"`
	// doc is the parsed YAML, for the positions of messages about what it names.
	doc *yaml.Node
	// data is the file's bytes, to read it again over another layer.
	data []byte
}

// RuleFile is one Rego file of the organisation policy: a name for messages
// ("org:rules/k8s/no_latest.rego") and its text.
type RuleFile struct {
	Name, Text string
}

// Extends pins the organisation policy: where it is, its digest, and who must have
// signed it (a public key, or a keyless identity and its OIDC issuer).
type Extends struct {
	Ref      string `yaml:"ref"`
	Digest   string `yaml:"digest" format:"digest"`
	Key      string `yaml:"key"`
	Identity string `yaml:"identity"`
	Issuer   string `yaml:"issuer"`
}

// Set reports whether the policy names an organisation policy.
func (e Extends) Set() bool { return e != Extends{} }

// ExceptionAllow is one kind of repository exception the organisation permits. A
// repository exception is allowed when one entry matches its id and every condition
// of that entry holds.
type ExceptionAllow struct {
	// IDs are rule ids, vulnerability ids or globs of them (path.Match, case-insensitive).
	IDs []string `yaml:"ids" required:"true"`
	// MaxDays: the exception must expire, at most this many days after the scan.
	MaxDays int `yaml:"max_days"`
	// MaxExpires: the exception must expire, on this day or before.
	MaxExpires string `yaml:"max_expires" format:"date"`
	// OwnerRequired: the exception must name an owner.
	OwnerRequired bool `yaml:"owner_required"`
	// ReasonRequired: the exception's reason must say something (not blank, not its id).
	ReasonRequired bool `yaml:"reason_required"`
}

// Fail says what fails the gate.
type Fail struct {
	Severity string `yaml:"severity" enum:"critical,high,medium,low,info"`
	NewOnly  bool   `yaml:"new_only"`
	OnError  string `yaml:"on_error" enum:"fail,warn"`
	// Context: allow (the default) lets findings with a context (tests, fixtures,
	// examples, docs, generated copies, build tooling, benign uses) pass unless the
	// change being judged adds them; block judges them like any other finding.
	Context string `yaml:"context" enum:"allow,block"`
}

// Paths limits what the workspace walk keeps.
type Paths struct {
	Exclude     []string `yaml:"exclude" format:"glob"`
	MaxFileSize string   `yaml:"max_file_size" format:"size"`
}

// Checks configures each check.
type Checks struct {
	SAST    SAST    `yaml:"sast"`
	Secrets Secrets `yaml:"secrets"`
	Deps    Deps    `yaml:"deps"`
	IaC     IaC     `yaml:"iac"`
	Image   Image   `yaml:"image"`
}

// Image names a container image to scan (checks/image): an OCI layout directory or a
// docker save tarball relative to the root, or a registry reference. --image overrides it.
type Image struct {
	Ref     string `yaml:"ref"`
	Timeout string `yaml:"timeout" format:"duration"`
	// IgnoreUnfixed drops vulnerabilities the distribution has not fixed yet (Trivy's
	// --ignore-unfixed); a note counts them.
	IgnoreUnfixed bool `yaml:"ignore_unfixed"`
	// Base limits the image's base image (its org.opencontainers.image.base.* annotations).
	Base ImageBase `yaml:"base"`
}

// ImageBase is the base-image allowlist: registry/repository globs (path.Match, with
// or without a tag: docker.io/library/debian, gcr.io/distroless/*) or sha256 digests.
// Empty allows any base.
type ImageBase struct {
	Allow []string `yaml:"allow" format:"image"`
}

// SAST configures static analysis (gosec) and imported SARIF.
type SAST struct {
	Enabled    bool              `yaml:"enabled"`
	Timeout    string            `yaml:"timeout" format:"duration"`
	Exclude    []string          `yaml:"exclude"`
	Import     []string          `yaml:"import" format:"glob"`
	Severity   map[string]string `yaml:"severity" enum:"critical,high,medium,low,info"`
	Confidence string            `yaml:"confidence" enum:"high,medium,low"`
}

// Secrets configures secret detection.
type Secrets struct {
	Enabled bool     `yaml:"enabled"`
	Timeout string   `yaml:"timeout" format:"duration"`
	Exclude []string `yaml:"exclude"`
}

// Deps configures dependency vulnerability checks.
type Deps struct {
	Enabled      bool     `yaml:"enabled"`
	Timeout      string   `yaml:"timeout" format:"duration"`
	DB           string   `yaml:"db"`
	Reachability bool     `yaml:"reachability"`
	Unreachable  string   `yaml:"unreachable" enum:"downgrade,ignore,keep"`
	VEX          []string `yaml:"vex" format:"glob"`
	Licenses     Licenses `yaml:"licenses"`
	Imported     string   `yaml:"imported" enum:"downgrade,keep"` // a record naming no symbols, its package imported: downgrade (default) | keep
}

// Licenses lists SPDX license ids or expressions to allow or deny.
type Licenses struct {
	Allow []string `yaml:"allow" format:"image"`
	Deny  []string `yaml:"deny"`
}

// IaC configures infrastructure-as-code checks.
type IaC struct {
	Enabled bool     `yaml:"enabled"`
	Timeout string   `yaml:"timeout" format:"duration"`
	Rules   []string `yaml:"rules"`
	Exclude []string `yaml:"exclude"`
}

// Outputs configures SBOMs, provenance and signing.
type Outputs struct {
	SBOM       []string `yaml:"sbom" enum:"cyclonedx,spdx"`
	Provenance bool     `yaml:"provenance"`
	Sign       Sign     `yaml:"sign"`
}

// Sign names the signing key.
type Sign struct {
	Key      string `yaml:"key"`
	Required bool   `yaml:"required"`
}

// Exception lets a finding pass, with a reason, optionally until a date and only
// under some paths.
type Exception struct {
	ID      string   `yaml:"id" required:"true"`
	Paths   []string `yaml:"paths" format:"glob"`
	Reason  string   `yaml:"reason" required:"true"`
	Expires string   `yaml:"expires" format:"date"`
	Owner   string   `yaml:"owner"`

	// Line is where the exception starts in the policy file (0 for none).
	Line int `yaml:"-"`
}

// ExpiresAt is the first instant the exception no longer applies (the day after
// Expires, in UTC), or the zero time when it never expires.
func (e Exception) ExpiresAt() time.Time {
	if e.Expires == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, e.Expires)
	if err != nil {
		return time.Time{}
	}
	return t.AddDate(0, 0, 1)
}

// CheckTimeout returns the configured timeout of a check, or def when none is set.
func CheckTimeout(s string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d
	}
	return def
}
