package scan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
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
	// In the order a walk of the folder gives (orgRules): by path component.
	slices.SortFunc(names, func(a, b string) int { return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/")) })
	for _, n := range names {
		org.Policy.OrgRules = append(org.Policy.OrgRules, policy.RuleFile{Name: "org:" + n, Text: string(files[n])})
	}
	return org, nil
}

// loadLocalOrg reads a runner-local organisation policy: a policy file, or a
// directory holding policy.yaml. Its digest is the file's sha256, or for a directory
// the sha256 of the listing `find . -type f | LC_ALL=C sort | xargs sha256sum` prints.
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
	digest, err := DirDigest(ref)
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("--org-policy: %w", err))
	}
	return loadOrgDir(ref, ref, "runner", digest)
}

// loadOrgDir reads DIR/policy.yaml of an organisation policy.
func loadOrgDir(dir, ref, from, digest string) (*policylayer.Org, error) {
	name := filepath.Join(dir, OrgPolicyFile)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, exitcode.Usagef("the organisation policy %s has no %s: an organisation policy directory holds policy.yaml and optional rules/ folders", ref, OrgPolicyFile)
	}
	if err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("could not read the organisation policy %s: %w", ref, err))
	}
	org, err := parseOrg(name, data, ref, from, digest)
	if err != nil {
		return nil, err
	}
	if org.Policy.OrgRules, err = orgRules(dir); err != nil {
		return nil, exitcode.AsUsage(fmt.Errorf("the organisation policy %s: %w", ref, err))
	}
	return org, nil
}

// orgRules reads the .rego files under DIR/rules, in path order. A link is refused,
// and the rules together are capped like a policy file times 16.
func orgRules(dir string) ([]policy.RuleFile, error) {
	root := filepath.Join(dir, "rules")
	st, err := os.Lstat(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("rules is not a folder: it holds the organisation's custom Rego rules")
	}
	// Read through an os.Root on the folder: no link inside it leads out, even one
	// swapped in while the walk runs.
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []policy.RuleFile
	total := 0
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: the rules folder holds files only", filepath.Join(root, p))
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return nil
		}
		b, err := r.ReadFile(p)
		if err != nil {
			return err
		}
		if total += len(b); total > 16*policy.MaxSize {
			return fmt.Errorf("the rules under %s are larger than %d bytes together", root, 16*policy.MaxSize)
		}
		out = append(out, policy.RuleFile{Name: "org:rules/" + p, Text: string(b)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no .rego file under %s: put the organisation's Rego rules there, or remove the folder", root)
	}
	return out, nil
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

// DirDigest is the digest of a directory's regular files in a stable order: the
// sha256 of the lines "HEX  ./PATH\n" (sha256sum's format), sorted by path in byte
// order, which `cd DIR && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum`
// reproduces. Symbolic links are refused.
func DirDigest(dir string) (string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: an organisation policy directory holds files only", p)
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			files = append(files, "./"+filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(files)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), f)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:]), nil
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
