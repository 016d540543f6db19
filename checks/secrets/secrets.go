// Package secrets is the "secrets" check: gitleaks' default rule set, linked as a
// library, over every text file of the workspace (private keys, .env files,
// Dockerfiles, Kubernetes manifests and Terraform variables included), read through
// gitleaks' own file source: a NUL or Latin-1 byte does not make a file binary (only
// a binary format does), and files over paths.max_file_size are streamed in chunks.
//
// A secret value never leaves this package. gitleaks' findings carry the raw value
// (Secret, Match, Line); they are turned into our findings here and dropped. A
// finding's message shows at most the first four characters of the value followed by
// a redaction marker, and its Snippet (the input of the finding's fingerprint, never
// written to a report) is "sha256:" plus the SHA-256 of the value: the fingerprint
// identifies the secret, survives lines moving, and changes when the secret is
// rotated, so an exception can name one leaked value by fingerprint.
//
// Severity: private keys are critical; every other kind is high (an unknown secret is
// not a safe one, and gitleaks' generic rule is already gated by entropy).
package secrets

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/viper"
	"github.com/zricethezav/gitleaks/v8/config"
	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/report"
	"github.com/zricethezav/gitleaks/v8/sources"
	"golang.org/x/sync/errgroup"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/worker"
)

// Name is the check's name.
const Name = "secrets"

// Tool is the engine behind the check.
const Tool = "gitleaks"

// gitleaksVersion is the gitleaks release linked into this check (see go.mod).
const gitleaksVersion = "v8.30.1"

// Redacted is the marker that replaces a secret's value after its visible prefix.
const Redacted = "…[REDACTED]"

// maxDecodeDepth is how many rounds of base64/hex/percent decoding gitleaks applies,
// as its CLI does by default.
const maxDecodeDepth = 5

// Check finds committed secrets.
type Check struct{}

// New returns the check.
func New() *Check { return &Check{} }

// Name implements checks.Check.
func (*Check) Name() string { return Name }

// RuleIDs lists the ids of gitleaks' default rules, sorted: what checks.secrets.exclude
// and exceptions may name.
func RuleIDs() ([]string, error) {
	d, err := NewDetector(nil)
	if err != nil {
		return nil, err
	}
	ids := slices.Collect(maps.Keys(d.Config.Rules))
	slices.Sort(ids)
	return ids, nil
}

// NewDetector builds a gitleaks detector with its default rule set, minus the
// excluded rule ids. The configuration is read with a private viper instance, not
// gitleaks' global one (NewDetectorDefaultConfig writes the global viper).
func NewDetector(exclude []string) (*detect.Detector, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(config.DefaultConfig)); err != nil {
		return nil, fmt.Errorf("could not read gitleaks' default rules: %w", err)
	}
	var vc config.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, fmt.Errorf("could not decode gitleaks' default rules: %w", err)
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, fmt.Errorf("could not compile gitleaks' default rules: %w", err)
	}
	for _, id := range exclude {
		id = strings.TrimSpace(id)
		if _, ok := cfg.Rules[id]; !ok {
			return nil, fmt.Errorf("checks.secrets.exclude: %q is not a gitleaks %s rule id (for example generic-api-key, aws-access-token, private-key)", id, gitleaksVersion)
		}
		delete(cfg.Rules, id)
		cfg.OrderedRules = slices.DeleteFunc(cfg.OrderedRules, func(r string) bool { return r == id })
	}
	d := detect.NewDetector(cfg)
	d.MaxDecodeDepth = maxDecodeDepth
	return d, nil
}

// Run scans every file the walk kept.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	ws := env.Workspace
	var exclude []string
	if env.Policy != nil {
		exclude = env.Policy.Checks.Secrets.Exclude
	}
	det, err := NewDetector(exclude)
	if err != nil {
		return nil, err
	}
	// A second detector that does not honour gitleaks:allow finds what the comments
	// hid: those findings are reported as suppressed, never silently dropped. It is
	// built on the first fragment that holds the comment (building one compiles
	// gitleaks' keyword prefilter again), so a tree without the comment never pays.
	unallowed := sync.OnceValue(func() *detect.Detector {
		u := detect.NewDetector(det.Config)
		u.MaxDecodeDepth = det.MaxDecodeDepth
		u.IgnoreGitleaksAllow = true
		return u
	})
	// gitleaks' file source allocates a read buffer per file unless it is given one;
	// the workers share a few of gitleaks' own size (so files are cut into the same
	// fragments), each used by one file at a time.
	buffers := sync.Pool{New: func() any { b := make([]byte, fragmentBufferSize); return &b }}
	res := &checks.Result{}
	// Every kept file, then the ones over paths.max_file_size: gitleaks reads both,
	// the large ones streamed in its own chunks (memory stays bounded).
	files := slices.Concat(ws.Files(), ws.Oversized())
	kept := len(ws.Files())
	// gitleaks' detector is safe for concurrent use (its own directory scan shares one
	// detector between goroutines); results are kept per file so the output does not
	// depend on scheduling.
	results := make([]fileResult, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(worker.Protect(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			var content io.Reader
			if i < kept {
				data, err := ws.ReadFile(f.Path)
				if err != nil {
					results[i].unread = true
					return nil
				}
				content = bytes.NewReader(data)
				// A kept file's result is cached under its path and content (the
				// findings name the path), the rules switched off and the tool.
				if env.Cache != nil {
					key := env.Cache.Hasher(cacheKind).JSON("exclude", exclude).String("path", f.Path).Digest("content", data).Sum()
					var st storedFile
					if env.Cache.Get(cacheKind, key, &st) {
						results[i] = st.thaw()
						return nil
					}
					defer func() {
						if r := results[i]; !r.unread && gctx.Err() == nil {
							env.Cache.Put(cacheKind, key, r.freeze())
						}
					}()
				}
			} else {
				rc, err := ws.Open(f.Path)
				if err != nil {
					results[i].unread = true
					return nil
				}
				defer rc.Close()
				content = io.LimitReader(rc, maxStreamed)
				results[i].cut = f.Size > maxStreamed
			}
			// gitleaks' own file source: it skips what its content says is a binary
			// format (an image, an executable, an archive) and reads everything else
			// as text, a NUL or a Latin-1 byte included, in chunks cut at blank lines.
			// No Path is given: gitleaks would pick archive handling by the name alone
			// (a "creds.zip" that is text), and the gate unpacks no archive.
			buf := buffers.Get().(*[]byte)
			defer buffers.Put(buf)
			src := &sources.File{Content: content, Buffer: *buf}
			yielded := false
			err := src.Fragments(gctx, func(fr sources.Fragment, err error) error {
				if err != nil {
					return err
				}
				yielded = true
				fr.FilePath = f.Path
				frag := detect.Fragment(fr)
				found := det.DetectContext(gctx, frag)
				for _, lf := range found {
					results[i].findings = append(results[i].findings, toFinding(f.Path, lf))
					results[i].rules = append(results[i].rules, lf.RuleID)
				}
				if strings.Contains(fr.Raw, allowComment) {
					for _, lf := range allowed(found, unallowed().DetectContext(gctx, frag)) {
						sf := toFinding(f.Path, lf)
						sf.Status = finding.StatusSuppressed
						sf.Reason = allowComment + " comment on line " + strconv.Itoa(lf.StartLine)
						results[i].findings = append(results[i].findings, sf)
						results[i].rules = append(results[i].rules, lf.RuleID)
					}
				}
				return nil
			})
			if err != nil {
				if gctx.Err() != nil {
					return gctx.Err()
				}
				results[i].unread = true
				return nil
			}
			results[i].binary = !yielded && f.Size > 0
			return nil
		}))
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	binary := 0
	for i, r := range results {
		switch {
		case r.unread:
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped", Path: files[i].Path, Message: "could not read the file: not scanned for secrets"})
		case r.binary:
			binary++
		case r.cut:
			res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped", Path: files[i].Path,
				Message: fmt.Sprintf("file is %d bytes: only its first %d bytes were scanned for secrets", files[i].Size, int64(maxStreamed))})
		}
		res.Findings = append(res.Findings, r.findings...)
		for _, id := range r.rules {
			used[id] = true
		}
	}
	if binary > 0 {
		res.Notes = append(res.Notes, finding.Note{Check: Name, Kind: "skipped",
			Message: fmt.Sprintf("%d binary file(s) (images, executables, archives: gitleaks' file types) not scanned for secrets", binary)})
	}
	finding.Sort(res.Findings)
	for id := range used {
		res.Rules = append(res.Rules, describeRule(det.Config.Rules[id]))
	}
	slices.SortFunc(res.Rules, func(a, b finding.Rule) int { return strings.Compare(a.ID, b.ID) })
	return res, nil
}

// fileResult is what the scan of one file found.
type fileResult struct {
	findings []finding.Finding
	rules    []string
	binary   bool
	unread   bool
	cut      bool
}

// cacheKind is the analysis cache's name for one file's result.
const cacheKind = "secrets-file"

// storedFile is a fileResult as the analysis cache keeps it (a file read whole: never
// cut, and an unread file is not kept). Snippets hold the findings' fingerprint input,
// a digest, never the secret.
type storedFile struct {
	Findings []finding.Finding
	Snippets []string
	Rules    []string
	Binary   bool
}

func (r fileResult) freeze() storedFile {
	st := storedFile{Findings: r.findings, Rules: r.rules, Binary: r.binary}
	for _, f := range r.findings {
		st.Snippets = append(st.Snippets, f.Snippet)
	}
	return st
}

func (st storedFile) thaw() fileResult {
	r := fileResult{findings: st.Findings, rules: st.Rules, binary: st.Binary}
	for i := range r.findings {
		if i < len(st.Snippets) {
			r.findings[i].Snippet = st.Snippets[i]
		}
	}
	return r
}

// allowComment is gitleaks' inline suppression.
const allowComment = "gitleaks:allow"

// allowed returns the findings of all that are not in kept: what gitleaks:allow hid.
func allowed(kept, all []report.Finding) []report.Finding {
	type key struct {
		rule, secret string
		line, col    int
	}
	seen := map[key]bool{}
	for _, f := range kept {
		seen[key{f.RuleID, f.Secret, f.StartLine, f.StartColumn}] = true
	}
	var out []report.Finding
	for _, f := range all {
		if !seen[key{f.RuleID, f.Secret, f.StartLine, f.StartColumn}] {
			out = append(out, f)
		}
	}
	return out
}

// fragmentBufferSize is the read buffer of gitleaks' file source (its
// defaultBufferSize, unexported): a file is cut into fragments at this size, so a
// buffer handed to sources.File must be exactly this long to cut where gitleaks does.
const fragmentBufferSize = 100 * 1_000

// maxStreamed bounds what is read of one file over paths.max_file_size.
const maxStreamed = 1 << 30

// toFinding turns a gitleaks finding into ours, dropping the raw value.
func toFinding(rel string, lf report.Finding) finding.Finding {
	kind := Kind(lf.RuleID)
	line := lf.StartLine
	f := finding.Finding{
		Check:      Name,
		Tool:       Tool,
		Rule:       lf.RuleID,
		Severity:   severity(lf.RuleID),
		Confidence: "high",
		Path:       rel,
		Line:       line,
		Column:     lf.StartColumn,
		Snippet:    Fingerprint(lf.Secret, lf.Match),
	}
	if lf.EndLine > line {
		f.EndLine = lf.EndLine
	}
	if lf.EndLine == line && lf.EndColumn > lf.StartColumn {
		f.EndColumn = lf.EndColumn
	}
	if why := verify(lf); why != "" {
		f.Context = finding.ContextBenign
		f.ContextReason = why
	}
	if lf.Secret == "" {
		f.Message = fmt.Sprintf("%s: the file itself is a secret (%s)", upperFirst(kind), rel)
	} else {
		f.Message = fmt.Sprintf("%s committed: %s (gitleaks rule %s). Revoke and rotate it, then remove it from the history.",
			upperFirst(kind), Redact(lf.Secret), lf.RuleID)
	}
	return f
}

// Fingerprint identifies a secret value without containing it: "sha256:" and the
// hex SHA-256 of the value (of the match when the rule captures no value).
func Fingerprint(secret, match string) string {
	v := secret
	if v == "" {
		v = match
	}
	sum := sha256.Sum256([]byte(v))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Redact shows at most the first four characters of a secret, fewer for short ones
// (a quarter of its length), followed by the redaction marker.
func Redact(secret string) string {
	runes := []rune(secret)
	n := min(4, len(runes)/4)
	return string(runes[:n]) + Redacted
}

func severity(ruleID string) finding.Severity {
	if strings.Contains(ruleID, "private-key") {
		return finding.Critical
	}
	return finding.High
}

// Kind names the kind of secret a gitleaks rule finds, for people: "AWS access
// key", "GitHub token", "Slack token", "private key" …
func Kind(ruleID string) string {
	switch {
	case ruleID == "aws-access-token":
		return "AWS access key"
	case ruleID == "private-key":
		return "private key"
	case strings.HasPrefix(ruleID, "github-"):
		return "GitHub token"
	case strings.HasPrefix(ruleID, "gitlab-"):
		return "GitLab token"
	case strings.HasPrefix(ruleID, "slack-webhook"):
		return "Slack webhook URL"
	case strings.HasPrefix(ruleID, "slack-"):
		return "Slack token"
	case ruleID == "generic-api-key":
		return "generic secret (API key, password or token)"
	case ruleID == "jwt" || ruleID == "jwt-base64":
		return "JSON Web Token"
	}
	words := strings.Split(ruleID, "-")
	for i, w := range words {
		if known, ok := properWord(w); ok {
			words[i] = known
		}
	}
	return strings.Join(words, " ")
}

// properWord spells acronyms and brand names in rule ids as people write them.
func properWord(w string) (string, bool) {
	switch w {
	case "aws", "gcp", "api", "jwt", "npm", "ssh", "url", "pat", "oauth", "id", "iam", "sas", "hmac", "pgp", "rsa", "dsa", "ec":
		return strings.ToUpper(w), true
	case "pypi":
		return "PyPI", true
	case "github":
		return "GitHub", true
	case "gitlab":
		return "GitLab", true
	case "openai":
		return "OpenAI", true
	case "sendgrid":
		return "SendGrid", true
	case "hashicorp":
		return "HashiCorp", true
	case "digitalocean":
		return "DigitalOcean", true
	case "pkcs12":
		return "PKCS#12", true
	}
	if len(w) > 1 && w != "token" && w != "key" && w != "secret" && w != "access" && w != "password" && w != "file" && w != "client" && w != "webhook" && w != "refresh" && w != "app" && w != "private" && w != "public" && w != "user" && w != "auth" {
		return strings.ToUpper(w[:1]) + w[1:], true
	}
	return w, false
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// describeRule builds a rule's metadata from its gitleaks definition.
func describeRule(r config.Rule) finding.Rule {
	kind := Kind(r.RuleID)
	desc := strings.TrimSpace(r.Description)
	if desc == "" {
		desc = "Detects " + kind + "."
	}
	help := fmt.Sprintf("A %s is committed to the repository. Treat it as leaked: revoke and rotate it at its issuer now, "+
		"then remove it from the code (read it at run time from a secret store or the environment) and from the git history "+
		"(git filter-repo or BFG). A secret that was never valid (a test fixture) can be excepted by its fingerprint in the policy file. "+
		"Detected by gitleaks %s rule %s.", kind, gitleaksVersion, r.RuleID)
	tags := []string{"security", "secret", "CWE-798"}
	for _, t := range r.Tags {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return finding.Rule{
		ID:          r.RuleID,
		Name:        pascal(r.RuleID),
		Title:       upperFirst(kind),
		Description: desc,
		Help:        help,
		HelpURI:     "https://github.com/gitleaks/gitleaks/blob/" + gitleaksVersion + "/config/gitleaks.toml",
		Severity:    severity(r.RuleID),
		Tags:        tags,
	}
}

func pascal(id string) string {
	var b strings.Builder
	for _, w := range strings.Split(id, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}
