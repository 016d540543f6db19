package scan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/orgpolicy"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/policylayer"
)

// OrgKeyEnvPrefix starts the name of every runner variable a repository's
// extends.key may read (env://SHIFTGATE_ORG_KEY): the repository is untrusted, and
// naming any variable would let it learn whether the runner sets it.
const OrgKeyEnvPrefix = "SHIFTGATE_ORG_"

// OrgPolicyFile is the policy file of an organisation policy directory or bundle.
const OrgPolicyFile = "policy.yaml"

// OrgSource names an organisation policy to fetch and verify: the repository's
// extends, or a runner's --org-policy that is not a local path.
type OrgSource struct {
	Ref, Digest, Key, Identity, Issuer string
}

// resolveOrg fetches, verifies and caches an organisation policy that is not a
// runner-local path (internal/orgpolicy: pinned by digest, verified by its signer,
// cached by digest and usable offline from the cache). root confines the bundle and
// key paths the repository names; env reads env:// keys from the runner.
func resolveOrg(ctx context.Context, root string, src OrgSource, env func(string) string) (*orgpolicy.Resolved, error) {
	return orgpolicy.Resolve(ctx, orgpolicy.Source(src), orgpolicy.Options{Root: root, Getenv: env})
}

// orgLayer loads the organisation layer for a scan: the runner's ref (--org-policy,
// trusted: a local file or directory is read as is) wins over the repository's
// extends (fetched by digest and verified by its signer). It returns nil when there
// is none, and a note when the runner's ref overrides the repository's extends.
func orgLayer(ctx context.Context, root, runnerRef string, repo *policy.Policy) (*policylayer.Org, []finding.Note, error) {
	var notes []finding.Note
	if runnerRef != "" {
		if repo.Extends.Set() {
			notes = append(notes, finding.Note{Check: "policy", Kind: "org-policy", Path: repo.Source, Line: repo.Line("extends"),
				Message: fmt.Sprintf("the runner's organisation policy %s judges this scan: the repository's extends (%s) is not used", runnerRef, repo.Extends.Ref)})
		}
		if _, err := os.Stat(runnerRef); err == nil {
			org, err := loadLocalOrg(runnerRef)
			return org, notes, err
		}
		return nil, nil, exitcode.Usagef("--org-policy %s: no such file or directory: the runner's organisation policy is a local policy file or a directory holding policy.yaml (a fetched, signed bundle is named by extends: with its digest and key, or unpacked first with `shiftgate policy pull`)", runnerRef)
	}
	if !repo.Extends.Set() {
		return nil, nil, nil
	}
	e := repo.Extends
	if name, ok := strings.CutPrefix(e.Key, "env://"); ok && !strings.HasPrefix(name, OrgKeyEnvPrefix) {
		return nil, nil, exitcode.Usagef("%s:%d: extends.key %s: a repository may name only runner variables starting with %s (the organisation's public key), so that it cannot probe the runner's environment; rename the variable or use a key file in the repository",
			repo.Source, repo.Line("extends.key"), e.Key, OrgKeyEnvPrefix)
	}
	r, err := resolveOrg(ctx, root, OrgSource{Ref: e.Ref, Digest: e.Digest, Key: e.Key, Identity: e.Identity, Issuer: e.Issuer}, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	org, err := loadOrgFiles(r.Dir, r.Files, e.Ref, "extends", r.Digest)
	return org, nil, err
}

// loadOrgFiles builds the organisation layer from a verified bundle's files, the
// bytes whose digest and signature were checked (never the copy on disk, which a
// neighbour on a shared cache could swap after the check). dir only names them in
// messages.
func loadOrgFiles(dir string, files map[string][]byte, ref, from, digest string) (*policylayer.Org, error) {
	name := filepath.Join(dir, OrgPolicyFile)
	data, ok := files[OrgPolicyFile]
	if !ok {
		return nil, exitcode.Usagef("the organisation policy %s has no %s: an organisation policy directory holds policy.yaml and optional rules/ folders", ref, OrgPolicyFile)
	}
	org, err := parseOrg(name, data, ref, from, digest)
	if err != nil {
		return nil, err
	}
	var names []string
	for n := range files {
		if strings.HasPrefix(n, "rules/") && strings.HasSuffix(n, ".rego") {
			names = append(names, n)
		}
	}
	// In the order a walk of the folder gives (fs.WalkDir): by path component.
	slices.SortFunc(names, func(a, b string) int { return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/")) })
	for _, n := range names {
		org.Policy.OrgRules = append(org.Policy.OrgRules, policy.RuleFile{Name: "org:" + n, Text: string(files[n])})
	}
	return org, nil
}

// loadLocalOrg reads a runner-local organisation policy: a policy file, or a
// directory holding policy.yaml and rules/ (orgpolicy.ReadFolder, as `policy bundle`
// reads it: a ConfigMap volume's links inside the folder are followed). Its digest is
// the file's sha256, or for a directory DirDigest's. A directory is read once: the
// digest and the layer come from the same bytes.
func loadLocalOrg(ref string) (*policylayer.Org, error) {
	st, err := os.Stat(ref)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("--org-policy: %w", err))
	}
	if !st.IsDir() {
		data, err := os.ReadFile(ref)
		if err != nil {
			return nil, exitcode.AsUsage(fmt.Errorf("--org-policy: %w", err))
		}
		sum := sha256.Sum256(data)
		return parseOrg(ref, data, ref, "runner", "sha256:"+hex.EncodeToString(sum[:]))
	}
	folder, err := orgpolicy.ReadFolder(ref)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("--org-policy %s: %w", ref, err))
	}
	org, err := loadOrgFiles(ref, folder.Files, ref, "runner", dirDigest(folder.Files))
	if err != nil {
		return nil, err
	}
	if err := checkOrgRules(ref, folder.Files, folder.RulesDir); err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("the organisation policy %s: %w", ref, err))
	}
	return org, nil
}

// checkOrgRules holds a runner-local organisation directory's rules folder to what a
// rules folder is: a folder, with at least one .rego file, the rules together capped
// like a policy file times 16.
func checkOrgRules(dir string, files map[string][]byte, rulesDir bool) error {
	if _, ok := files["rules"]; ok {
		return fmt.Errorf("rules is not a folder: it holds the organisation's custom Rego rules")
	}
	root := filepath.Join(dir, "rules")
	total, n := 0, 0
	for p, b := range files {
		if strings.HasPrefix(p, "rules/") && strings.HasSuffix(p, ".rego") {
			total += len(b)
			n++
		}
	}
	if total > 16*policy.MaxSize {
		return fmt.Errorf("the rules under %s are larger than %d bytes together", root, 16*policy.MaxSize)
	}
	if rulesDir && n == 0 {
		return fmt.Errorf("no .rego file under %s: put the organisation's Rego rules there, or remove the folder", root)
	}
	return nil
}

func parseOrg(name string, data []byte, ref, from, digest string) (*policylayer.Org, error) {
	if len(data) > policy.MaxSize {
		return nil, exitcode.Usagef("the organisation policy %s is larger than %d bytes: is it the right file?", name, policy.MaxSize)
	}
	p, err := policy.Parse(name, data)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("invalid organisation policy:\n%w", err))
	}
	if p.Extends.Set() {
		return nil, exitcode.Usagef("%s:%d: the organisation policy has extends: an organisation policy is the top layer and extends nothing; remove it", name, p.Line("extends"))
	}
	return &policylayer.Org{Policy: p, Ref: ref, From: from, Digest: digest}, nil
}

// OrgDirDigestCommand is the shell pipeline an auditor runs in an organisation
// policy directory to recompute DirDigest: the files that judge (policy.yaml and
// rules/**/*.rego), links inside the folder followed, a volume's ".." entries left out.
const OrgDirDigestCommand = `find -L . -name '..?*' -prune -o -type f \( -path ./policy.yaml -o -path './rules/*.rego' \) -print | LC_ALL=C sort | xargs sha256sum | sha256sum`

// DirDigest is the digest of an organisation policy directory's files that judge,
// in a stable order: the sha256 of the lines "HEX  ./PATH\n" (sha256sum's format),
// sorted by path in byte order, which OrgDirDigestCommand reproduces.
func DirDigest(dir string) (string, error) {
	folder, err := orgpolicy.ReadFolder(dir)
	if err != nil {
		return "", err
	}
	return dirDigest(folder.Files), nil
}

// dirDigest is DirDigest of files already read (orgpolicy.ReadFolder).
func dirDigest(files map[string][]byte) string {
	var b strings.Builder
	for _, f := range slices.Sorted(maps.Keys(files)) {
		sum := sha256.Sum256(files[f])
		fmt.Fprintf(&b, "%s  ./%s\n", hex.EncodeToString(sum[:]), f)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Layered is the policy that judges a scan of root: the repository's (policyFile,
// else root's .shiftgate.yaml, else the default) resolved over the organisation layer
// (orgRef, else the repository's extends), with the findings of the repository's
// loosenings and the notes about the layers. Without an organisation layer it is
// the repository policy, unchanged.
func Layered(ctx context.Context, root, policyFile, orgRef string, repo *policy.Policy, now time.Time) (*policy.Policy, []finding.Finding, []finding.Note, error) {
	org, notes, err := orgLayer(ctx, root, orgRef, repo)
	if err != nil || org == nil {
		return repo, nil, notes, err
	}
	rel, ok := policyRel(root, policyFile)
	if !ok {
		rel = DisplayPath(root, repo.Source)
	}
	eff, fs, err := policylayer.Resolve(*org, repo, rel, now)
	if err != nil {
		return nil, nil, nil, exitcode.AsUsage(err)
	}
	for i := range notes {
		notes[i].Path = rel
	}
	return eff, fs, notes, nil
}
