// Package sbom writes the dependency inventory as software bills of materials:
// CycloneDX 1.6 JSON (CycloneDX/cyclonedx-go) and SPDX 2.3 JSON (spdx/tools-golang).
// Both list every package with its purl, version, ecosystem, licenses and hashes where
// known and the dependency relationships where the lockfile recorded them, under the
// repository itself as the root component. Output is deterministic: packages are
// sorted, and the serial number and document namespace are derived from the content.
package sbom

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	packageurl "github.com/package-url/packageurl-go"

	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/purl"
)

// File names of the SBOMs in the out dir.
const (
	CycloneDXFile = outdir.CycloneDX
	SPDXFile      = outdir.SPDX
)

// Options say what the SBOMs name as the root and the tool.
type Options struct {
	Source      source.Info
	ToolName    string // "shiftgate"
	ToolVersion string
}

func (o Options) timestamp() string { return o.Source.Time.UTC().Format(time.RFC3339) }

func (o Options) rootName() string {
	if o.Source.Name != "" {
		return o.Source.Name
	}
	return "repository"
}

// pkg is one inventory package after merging duplicates.
type pkg struct {
	inventory.Package
	ref string // unique reference: the purl, or ecosystem:name@version when there is none
}

// packages returns the inventory's packages sorted and deduplicated by reference (the
// same package found in two lockfiles appears once, with both locations).
func packages(inv *inventory.Inventory) []pkg {
	if inv == nil {
		return nil
	}
	byRef := map[string]*pkg{}
	var out []*pkg
	for _, p := range inv.Packages {
		// Go versions with their "v", as the VEX document and other tools spell them.
		p.PURL = purl.Canonical(p.PURL)
		ref := p.PURL
		if ref == "" {
			ref = p.Ecosystem + ":" + p.Name + "@" + p.Version
		}
		if prev, ok := byRef[ref]; ok {
			prev.Locations = append(prev.Locations, p.Locations...)
			prev.Licenses = append(prev.Licenses, p.Licenses...)
			prev.DependsOn = append(prev.DependsOn, p.DependsOn...)
			for k, v := range p.Hashes {
				if prev.Hashes == nil {
					prev.Hashes = map[string]string{}
				}
				if _, ok := prev.Hashes[k]; !ok {
					prev.Hashes[k] = v
				}
			}
			if p.Direct != nil && *p.Direct {
				prev.Direct = p.Direct
			}
			continue
		}
		cp := pkg{Package: p, ref: ref}
		cp.Locations = slices.Clone(p.Locations)
		cp.Licenses = slices.Clone(p.Licenses)
		cp.DependsOn = slices.Clone(p.DependsOn)
		if p.Hashes != nil {
			cp.Hashes = map[string]string{}
			for k, v := range p.Hashes {
				cp.Hashes[k] = v
			}
		}
		byRef[ref] = &cp
		out = append(out, &cp)
	}
	res := make([]pkg, 0, len(out))
	for _, p := range out {
		slices.SortFunc(p.Locations, func(a, b inventory.Location) int {
			return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line))
		})
		p.Locations = slices.Compact(p.Locations)
		slices.Sort(p.Licenses)
		p.Licenses = slices.Compact(p.Licenses)
		var deps []string
		for _, d := range p.DependsOn {
			d = purl.Canonical(d)
			if _, ok := byRef[d]; ok && d != p.ref {
				deps = append(deps, d)
			}
		}
		slices.Sort(deps)
		p.DependsOn = slices.Compact(deps)
		res = append(res, *p)
	}
	slices.SortFunc(res, func(a, b pkg) int {
		return cmp.Or(cmp.Compare(a.Ecosystem, b.Ecosystem), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Version, b.Version), cmp.Compare(a.ref, b.ref))
	})
	return res
}

// rootDeps are the packages the root component depends on: those marked direct, and
// every package no other package requires. The second part keeps the graph whole:
// every component is reachable from the root. For Go it is exactly what go.mod records
// (the main module requires every module it lists, "// indirect" ones included); for
// a lockfile that records no edges (flatEcosystems) it says the root depends on the
// package at some depth, which is all the lockfile tells.
func rootDeps(pkgs []pkg) []string {
	var direct []string
	required := map[string]bool{}
	for _, p := range pkgs {
		if p.Direct != nil && *p.Direct {
			direct = append(direct, p.ref)
		}
		for _, d := range p.DependsOn {
			required[d] = true
		}
	}
	for _, p := range pkgs {
		if !required[p.ref] {
			direct = append(direct, p.ref)
		}
	}
	slices.Sort(direct)
	direct = slices.Compact(direct)
	// A cycle that no root dependency enters (a requires b, b requires a, neither
	// direct) would still be unreachable: link one member of each such cycle.
	for missing := unreachable(pkgs, direct); len(missing) > 0; missing = unreachable(pkgs, direct) {
		direct = append(direct, missing[0])
	}
	slices.Sort(direct)
	return direct
}

// unreachable lists the packages not reachable from roots through DependsOn, sorted.
func unreachable(pkgs []pkg, roots []string) []string {
	edges := map[string][]string{}
	for _, p := range pkgs {
		edges[p.ref] = p.DependsOn
	}
	seen := map[string]bool{}
	stack := slices.Clone(roots)
	for len(stack) > 0 {
		r := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[r] {
			continue
		}
		seen[r] = true
		stack = append(stack, edges[r]...)
	}
	var out []string
	for _, p := range pkgs {
		if !seen[p.ref] {
			out = append(out, p.ref)
		}
	}
	return out
}

// flatEcosystems are the ecosystems of which no package records what it requires: the
// lockfile (or go.mod, for Go) lists packages without edges, so the SBOM links them to
// the root and says the graph is incomplete below it.
func flatEcosystems(pkgs []pkg) []string {
	hasEdges := map[string]bool{}
	for _, p := range pkgs {
		if len(p.DependsOn) > 0 {
			hasEdges[p.Ecosystem] = true
		} else if _, ok := hasEdges[p.Ecosystem]; !ok {
			hasEdges[p.Ecosystem] = false
		}
	}
	var flat []string
	for eco, edges := range hasEdges {
		if !edges {
			flat = append(flat, eco)
		}
	}
	slices.Sort(flat)
	return flat
}

// supplier is the organisation that publishes a package, where its package URL names
// one: the owner of a GitHub, GitLab or Bitbucket Go module or repository, the host of
// another Go module path (golang.org, go.uber.org), the npm scope, the Maven group,
// the Composer vendor. Registries that name no publisher in the URL (PyPI, crates.io,
// unscoped npm) give "": unknown, which SPDX writes as NOASSERTION.
func supplier(p string) (name, url string) {
	u, err := packageurl.FromString(p)
	if err != nil {
		return "", ""
	}
	switch u.Type {
	case packageurl.TypeGolang:
		if u.Namespace == "" && u.Name == "stdlib" {
			return "The Go Authors", "https://go.dev"
		}
		path := u.Name
		if u.Namespace != "" {
			path = u.Namespace + "/" + u.Name
		}
		parts := strings.Split(path, "/")
		switch host := parts[0]; {
		case (host == "github.com" || host == "gitlab.com" || host == "bitbucket.org") && len(parts) > 2:
			return parts[1], "https://" + host + "/" + parts[1]
		case strings.Contains(host, "."):
			return host, "https://" + host
		}
	case packageurl.TypeGithub, packageurl.TypeGitlab, packageurl.TypeBitbucket:
		if u.Namespace != "" {
			return u.Namespace, "https://" + u.Type + "." + map[string]string{"github": "com", "gitlab": "com", "bitbucket": "org"}[u.Type] + "/" + u.Namespace
		}
	case packageurl.TypeNPM:
		if strings.HasPrefix(u.Namespace, "@") {
			return u.Namespace, "https://www.npmjs.com/org/" + strings.TrimPrefix(u.Namespace, "@")
		}
	case packageurl.TypeMaven, packageurl.TypeComposer:
		if u.Namespace != "" {
			return u.Namespace, ""
		}
	}
	return "", ""
}

// hash is a checksum in the form both SBOM formats require: an algorithm name and hex.
type hash struct {
	alg string // "SHA-256", "SHA-512", "SHA-1", "SHA-384", "MD5"
	hex string
}

var hashSizes = map[string]int{"MD5": 16, "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64}

// hashes normalises the lockfile's checksums: algorithm names in any common spelling,
// values in hex or base64 (npm's "sha512-…" integrity). A value that is neither, or an
// algorithm neither format knows (Go's h1: directory hash), is left out.
func hashes(m map[string]string) []hash {
	var out []hash
	for k, v := range m {
		alg := normAlg(k)
		v = strings.TrimSpace(v)
		if i := strings.IndexAny(v, "-:"); i > 0 && normAlg(v[:i]) != "" {
			if alg == "" {
				alg = normAlg(v[:i])
			}
			v = v[i+1:]
		}
		size, ok := hashSizes[alg]
		if !ok {
			continue
		}
		if b, err := hex.DecodeString(v); err == nil && len(b) == size {
			out = append(out, hash{alg, strings.ToLower(v)})
			continue
		}
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) == size {
			out = append(out, hash{alg, hex.EncodeToString(b)})
		}
	}
	slices.SortFunc(out, func(a, b hash) int { return cmp.Or(cmp.Compare(a.alg, b.alg), cmp.Compare(a.hex, b.hex)) })
	return slices.Compact(out)
}

func normAlg(s string) string {
	switch strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(s, "-", ""), "_", "")) {
	case "MD5":
		return "MD5"
	case "SHA1":
		return "SHA-1"
	case "SHA256":
		return "SHA-256"
	case "SHA384":
		return "SHA-384"
	case "SHA512":
		return "SHA-512"
	}
	return ""
}

// spdxLicenses is the SPDX license list as CycloneDX's spdx.schema.json enumerates it
// (CycloneDX/specification, Apache-2.0); a license outside it is written by name.
//
//go:embed spdx-licenses.schema.json
var spdxLicensesSchema []byte

var knownIDs = sync.OnceValue(func() map[string]bool {
	var s struct {
		Enum []string `json:"enum"`
	}
	ids := map[string]bool{}
	if err := json.Unmarshal(spdxLicensesSchema, &s); err != nil {
		return ids
	}
	for _, id := range s.Enum {
		ids[id] = true
	}
	return ids
})

// isLicenseID reports whether s is an SPDX license id.
func isLicenseID(s string) bool { return knownIDs()[s] }

var exprToken = regexp.MustCompile(`\s(AND|OR|WITH)\s|[()]`)

// isExpression reports whether s is an SPDX license expression rather than one id.
func isExpression(s string) bool { return exprToken.MatchString(s) }

// contentHash is a SHA-256 of everything an SBOM is made from (the merged packages,
// the source and the tool), tagged with the format: the same inputs give the same
// serial number or namespace, any change in the content a different one.
func contentHash(format string, pkgs []pkg, o Options) [32]byte {
	b, _ := json.Marshal(struct {
		Format   string
		Packages []pkg
		Source   any
		Time     string
		Tool     [2]string
	}{format, pkgs, []string{o.Source.Name, o.Source.URL, o.Source.Commit, o.Source.Ref}, o.timestamp(), [2]string{o.ToolName, o.ToolVersion}})
	return sha256.Sum256(b)
}

// properties are the facts neither format has a field for: the ecosystem, where the
// package is declared, and whether it is a direct dependency.
func properties(p pkg) [][2]string {
	props := [][2]string{{"shiftgate:ecosystem", p.Ecosystem}}
	for _, l := range p.Locations {
		loc := l.Path
		if l.Line > 0 {
			loc += ":" + strconv.Itoa(l.Line)
		}
		props = append(props, [2]string{"shiftgate:location", loc})
	}
	if p.Layer != "" {
		props = append(props, [2]string{"shiftgate:layer", p.Layer})
	}
	if p.Direct != nil {
		d := "false"
		if *p.Direct {
			d = "true"
		}
		props = append(props, [2]string{"shiftgate:direct", d})
	}
	return props
}
