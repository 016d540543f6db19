package sbom

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/google/uuid"

	"github.com/shiftgate/shiftgate/internal/inventory"
)

// rootRef is the bom-ref of the repository's own component.
const rootRef = "shiftgate:repository"

// CycloneDX renders the inventory as a CycloneDX 1.6 JSON BOM. The serial number is a
// name-based UUID of a hash of the content, so the same inventory, source and
// timestamp always give the same bytes.
func CycloneDX(inv *inventory.Inventory, o Options) ([]byte, error) {
	pkgs := packages(inv)
	bom := cdx.NewBOM()
	bom.SpecVersion = cdx.SpecVersion1_6
	root := cdx.Component{
		BOMRef:  rootRef,
		Type:    cdx.ComponentTypeApplication,
		Name:    o.rootName(),
		Version: o.Source.Commit,
		// The PURL the VEX document names as its product.
		PackageURL: o.Source.PURL(),
		Supplier:   cdxSupplier(o.Source.PURL()),
	}
	if o.Source.URL != "" {
		root.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeVCS, URL: o.Source.URL}}
	}
	bom.Metadata = &cdx.Metadata{
		Timestamp: o.timestamp(),
		// Made from manifests and lockfiles in the source, before any build.
		Lifecycles: &[]cdx.Lifecycle{{Phase: cdx.LifecyclePhasePreBuild}},
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: o.ToolName, Version: o.ToolVersion,
			Supplier: &cdx.OrganizationalEntity{Name: "shiftgate", URL: &[]string{"https://github.com/shiftgate/shiftgate"}},
		}}},
		// The organisation whose repository (and CI) the SBOM was made from, where known.
		Manufacturer: cdxSupplier(o.Source.PURL()),
		Component:    &root,
	}
	if flat := flatEcosystems(pkgs); len(flat) > 0 {
		bom.Metadata.Properties = &[]cdx.Property{{Name: "shiftgate:flat-ecosystems", Value: strings.Join(flat, ",")}}
	}
	comps := make([]cdx.Component, 0, len(pkgs))
	deps := []cdx.Dependency{{Ref: rootRef, Dependencies: ptrIfAny(rootDeps(pkgs))}}
	var incomplete []cdx.BOMReference
	flat := flatEcosystems(pkgs)
	for _, p := range pkgs {
		c := cdx.Component{
			BOMRef:     p.ref,
			Type:       cdx.ComponentTypeLibrary,
			Name:       p.Name,
			Version:    p.Version,
			PackageURL: p.PURL,
			Supplier:   cdxSupplier(p.PURL),
		}
		if slices.Contains(flat, p.Ecosystem) {
			incomplete = append(incomplete, cdx.BOMReference(p.ref))
		}
		if lic := cdxLicenses(p.Licenses); lic != nil {
			c.Licenses = lic
		}
		if hs := hashes(p.Hashes); len(hs) > 0 {
			list := make([]cdx.Hash, len(hs))
			for i, h := range hs {
				list[i] = cdx.Hash{Algorithm: cdx.HashAlgorithm(h.alg), Value: h.hex}
			}
			c.Hashes = &list
		}
		var props []cdx.Property
		for _, kv := range properties(p) {
			props = append(props, cdx.Property{Name: kv[0], Value: kv[1]})
		}
		c.Properties = &props
		comps = append(comps, c)
		if len(p.DependsOn) > 0 {
			deps = append(deps, cdx.Dependency{Ref: p.ref, Dependencies: ptrIfAny(p.DependsOn)})
		}
	}
	bom.Components = &comps
	bom.Dependencies = &deps
	if len(incomplete) > 0 {
		// What these packages require is not recorded (flat-ecosystems): their
		// dependency lists are incomplete, not empty.
		bom.Compositions = &[]cdx.Composition{{Aggregate: cdx.CompositionAggregateIncomplete, Dependencies: &incomplete}}
	}

	// The serial number is derived from what the BOM says (not from how the lockfiles
	// spelled it), so a BOM read back with ReadCycloneDX renders to the same bytes.
	content, err := json.Marshal(struct {
		Format     string
		Metadata   *cdx.Metadata
		Components []cdx.Component
		Deps       []cdx.Dependency
		Comps      *[]cdx.Composition
	}{"cyclonedx-1.6", bom.Metadata, comps, deps, bom.Compositions})
	if err != nil {
		return nil, fmt.Errorf("could not encode the CycloneDX SBOM: %w", err)
	}
	sum := sha256.Sum256(content)
	bom.SerialNumber = "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, sum[:]).String()
	return encodeCDX(bom)
}

func encodeCDX(bom *cdx.BOM) ([]byte, error) {
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON).SetPretty(true).SetEscapeHTML(false)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return nil, fmt.Errorf("could not encode the CycloneDX SBOM: %w", err)
	}
	return buf.Bytes(), nil
}

// cdxSupplier is the supplier a package URL names (see supplier), nil when none.
func cdxSupplier(p string) *cdx.OrganizationalEntity {
	name, url := supplier(p)
	if name == "" {
		return nil
	}
	e := &cdx.OrganizationalEntity{Name: name}
	if url != "" {
		e.URL = &[]string{url}
	}
	return e
}

func ptrIfAny(s []string) *[]string {
	if len(s) == 0 {
		return nil
	}
	return &s
}

// cdxLicenses follows the schema's rule: either license objects (by SPDX id, else by
// name) or exactly one expression. Several licenses of which one is an expression
// become one expression joined with AND.
func cdxLicenses(ls []string) *cdx.Licenses {
	if len(ls) == 0 {
		return nil
	}
	anyExpr := false
	for _, l := range ls {
		if isExpression(l) {
			anyExpr = true
		}
	}
	if anyExpr {
		expr := ls[0]
		if len(ls) > 1 {
			parts := make([]string, len(ls))
			for i, l := range ls {
				parts[i] = "(" + l + ")"
			}
			expr = strings.Join(parts, " AND ")
		}
		return &cdx.Licenses{{Expression: expr}}
	}
	out := make(cdx.Licenses, len(ls))
	for i, l := range ls {
		if isLicenseID(l) {
			out[i] = cdx.LicenseChoice{License: &cdx.License{ID: l}}
		} else {
			out[i] = cdx.LicenseChoice{License: &cdx.License{Name: l}}
		}
	}
	return &out
}
