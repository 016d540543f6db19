package sbom

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	spdxjson "github.com/spdx/tools-golang/json"
	"github.com/spdx/tools-golang/spdx/v2/common"
	spdx "github.com/spdx/tools-golang/spdx/v2/v2_3"

	"github.com/shiftgate/shiftgate/internal/inventory"
)

// NamespacePrefix starts every SPDX document namespace; the rest is the repository name
// and a hash of the document, so the namespace is unique per content and stable.
const NamespacePrefix = "https://shiftgate.dev/spdxdocs/"

const noAssertion = "NOASSERTION"

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// spdxID makes a valid, unique SPDX element id for a package reference.
func spdxID(ref string) common.ElementID {
	sum := sha256.Sum256([]byte(ref))
	name := strings.Trim(idUnsafe.ReplaceAllString(ref, "-"), "-")
	if len(name) > 80 {
		name = name[:80]
	}
	return common.ElementID("Package-" + name + "-" + hex.EncodeToString(sum[:4]))
}

// SPDX renders the inventory as an SPDX 2.3 JSON document.
func SPDX(inv *inventory.Inventory, o Options) ([]byte, error) {
	pkgs := packages(inv)
	rootID := common.ElementID("Repository")
	root := &spdx.Package{
		PackageName:               o.rootName(),
		PackageSPDXIdentifier:     rootID,
		PackageVersion:            o.Source.Commit,
		PackageDownloadLocation:   noAssertion,
		FilesAnalyzed:             false,
		IsFilesAnalyzedTagPresent: true,
		PackageLicenseConcluded:   noAssertion,
		PackageLicenseDeclared:    noAssertion,
		PackageCopyrightText:      noAssertion,
		PrimaryPackagePurpose:     "SOURCE",
		PackageComment:            "The repository shiftgate scanned.",
		PackageSupplier:           spdxSupplier(o.Source.PURL()),
	}
	if u := o.Source.PURL(); u != "" {
		root.PackageExternalReferences = []*spdx.PackageExternalReference{{
			Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL, Locator: u,
		}}
	}
	if o.Source.URL != "" {
		loc := "git+" + o.Source.URL
		if o.Source.Commit != "" {
			loc += "@" + o.Source.Commit
		}
		root.PackageDownloadLocation = loc
	}
	doc := &spdx.Document{
		SPDXVersion:    spdx.Version,
		DataLicense:    spdx.DataLicense,
		SPDXIdentifier: "DOCUMENT",
		DocumentName:   o.rootName(),
		CreationInfo: &spdx.CreationInfo{
			Creators: creators(o),
			Created:  o.timestamp(),
			// SPDX 2.3 has no lifecycle field; CycloneDX's metadata.lifecycles says the same.
			CreatorComment: creatorComment(pkgs),
		},
		Packages: []*spdx.Package{root},
		Relationships: []*spdx.Relationship{{
			RefA:         common.MakeDocElementID("", "DOCUMENT"),
			RefB:         common.MakeDocElementID("", string(rootID)),
			Relationship: common.TypeRelationshipDescribe,
		}},
	}
	ids := map[string]common.ElementID{}
	for _, p := range pkgs {
		ids[p.ref] = spdxID(p.ref)
	}
	others := map[string]*spdx.OtherLicense{}
	for _, p := range pkgs {
		sp := &spdx.Package{
			PackageName:               p.Name,
			PackageSPDXIdentifier:     ids[p.ref],
			PackageVersion:            p.Version,
			PackageDownloadLocation:   noAssertion,
			FilesAnalyzed:             false,
			IsFilesAnalyzedTagPresent: true,
			PackageLicenseConcluded:   noAssertion,
			PackageLicenseDeclared:    spdxLicense(p.Licenses, others),
			PackageCopyrightText:      noAssertion,
			PrimaryPackagePurpose:     "LIBRARY",
			PackageComment:            spdxComment(p),
			PackageSupplier:           spdxSupplier(p.PURL),
		}
		if p.PURL != "" {
			sp.PackageExternalReferences = []*spdx.PackageExternalReference{{
				Category: common.CategoryPackageManager, RefType: common.TypePackageManagerPURL, Locator: p.PURL,
			}}
		}
		for _, h := range hashes(p.Hashes) {
			sp.PackageChecksums = append(sp.PackageChecksums, common.Checksum{
				Algorithm: common.ChecksumAlgorithm(strings.ReplaceAll(h.alg, "-", "")), Value: h.hex,
			})
		}
		doc.Packages = append(doc.Packages, sp)
		for _, d := range p.DependsOn {
			doc.Relationships = append(doc.Relationships, &spdx.Relationship{
				RefA: common.MakeDocElementID("", string(ids[p.ref])), RefB: common.MakeDocElementID("", string(ids[d])),
				Relationship: common.TypeRelationshipDependsOn,
			})
		}
	}
	for _, d := range rootDeps(pkgs) {
		doc.Relationships = append(doc.Relationships, &spdx.Relationship{
			RefA: common.MakeDocElementID("", string(rootID)), RefB: common.MakeDocElementID("", string(ids[d])),
			Relationship: common.TypeRelationshipDependsOn,
		})
	}
	for _, id := range slices.Sorted(maps.Keys(others)) {
		doc.OtherLicenses = append(doc.OtherLicenses, others[id])
	}

	sum := contentHash("spdx-2.3", pkgs, o)
	doc.DocumentNamespace = NamespacePrefix + idUnsafe.ReplaceAllString(o.rootName(), "-") + "-" + hex.EncodeToString(sum[:16])
	return encodeSPDX(doc)
}

func encodeSPDX(doc *spdx.Document) ([]byte, error) {
	var buf bytes.Buffer
	if err := spdxjson.Write(doc, &buf, spdxjson.Indent("  "), spdxjson.EscapeHTML(false)); err != nil {
		return nil, fmt.Errorf("could not encode the SPDX SBOM: %w", err)
	}
	return buf.Bytes(), nil
}

// spdxLicense is the declared license: an SPDX id or expression as is, a name outside
// the SPDX list as a LicenseRef with its text recorded, NOASSERTION when unknown.
func spdxLicense(ls []string, others map[string]*spdx.OtherLicense) string {
	if len(ls) == 0 {
		return noAssertion
	}
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		switch {
		case isExpression(l):
			parts = append(parts, "("+l+")")
		case isLicenseID(l) || strings.HasPrefix(l, "LicenseRef-"):
			parts = append(parts, l)
		default:
			id := "LicenseRef-" + strings.Trim(idUnsafe.ReplaceAllString(l, "-"), "-")
			others[id] = &spdx.OtherLicense{LicenseIdentifier: id, ExtractedText: l, LicenseName: l,
				LicenseComment: "named by the package's manifest; not an SPDX license id"}
			parts = append(parts, id)
		}
	}
	if len(parts) == 1 {
		return strings.TrimSuffix(strings.TrimPrefix(parts[0], "("), ")")
	}
	return strings.Join(parts, " AND ")
}

// spdxSupplier is "Organization: NAME" where the package URL names a supplier, else
// NOASSERTION: SPDX's way to say it is unknown, which the NTIA minimum elements accept.
func spdxSupplier(p string) *common.Supplier {
	name, _ := supplier(p)
	if name == "" {
		return &common.Supplier{Supplier: noAssertion}
	}
	return &common.Supplier{SupplierType: "Organization", Supplier: name}
}

// creators are the tool and, where the repository names one, the organisation whose
// repository the SBOM was made from.
func creators(o Options) []common.Creator {
	cs := []common.Creator{{CreatorType: "Tool", Creator: o.ToolName + "-" + o.ToolVersion}}
	if name, _ := supplier(o.Source.PURL()); name != "" {
		cs = append(cs, common.Creator{CreatorType: "Organization", Creator: name})
	}
	return cs
}

func creatorComment(pkgs []pkg) string {
	s := "lifecycle: pre-build (made from the manifests and lockfiles in the source)."
	if flat := flatEcosystems(pkgs); len(flat) > 0 {
		s += " Flat lists, no dependency edges recorded, for: " + strings.Join(flat, ", ") +
			"; their packages are related to the repository directly and their own dependencies are incomplete."
	}
	return s
}

func spdxComment(p pkg) string {
	s := "ecosystem: " + p.Ecosystem
	if len(p.Locations) > 0 {
		locs := make([]string, len(p.Locations))
		for i, l := range p.Locations {
			locs[i] = l.Path
		}
		s += "; declared in: " + strings.Join(slices.Compact(locs), ", ")
	}
	return s
}
