package sbom

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/shiftgate/shiftgate/internal/inventory"
)

// ReadCycloneDX reads a CycloneDX JSON BOM that CycloneDX wrote back into an inventory
// (the shiftgate:* properties carry the ecosystem, locations and direct flag), so that
// `shiftgate merge` can combine the SBOMs of several shards. Components of other
// tools' BOMs are read too, with what CycloneDX itself says of them.
func ReadCycloneDX(b []byte) (*inventory.Inventory, error) {
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(b), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		return nil, fmt.Errorf("not a CycloneDX JSON BOM: %w", err)
	}
	dependsOn := map[string][]string{}
	if bom.Dependencies != nil {
		for _, d := range *bom.Dependencies {
			if d.Dependencies != nil {
				dependsOn[d.Ref] = slices.Clone(*d.Dependencies)
			}
		}
	}
	inv := &inventory.Inventory{}
	if bom.Components == nil {
		return inv, nil
	}
	for _, c := range *bom.Components {
		if c.BOMRef == rootRef {
			continue
		}
		p := inventory.Package{Name: c.Name, Version: c.Version, PURL: c.PackageURL, DependsOn: dependsOn[c.BOMRef]}
		if c.Properties != nil {
			for _, prop := range *c.Properties {
				switch prop.Name {
				case "shiftgate:ecosystem":
					p.Ecosystem = prop.Value
				case "shiftgate:location":
					p.Locations = append(p.Locations, parseLocation(prop.Value))
				case "shiftgate:direct":
					d := prop.Value == "true"
					p.Direct = &d
				}
			}
		}
		if c.Licenses != nil {
			for _, l := range *c.Licenses {
				switch {
				case l.Expression != "":
					p.Licenses = append(p.Licenses, l.Expression)
				case l.License != nil && l.License.ID != "":
					p.Licenses = append(p.Licenses, l.License.ID)
				case l.License != nil && l.License.Name != "":
					p.Licenses = append(p.Licenses, l.License.Name)
				}
			}
		}
		if c.Hashes != nil {
			p.Hashes = map[string]string{}
			for _, h := range *c.Hashes {
				p.Hashes[string(h.Algorithm)] = h.Value
			}
		}
		inv.Packages = append(inv.Packages, p)
	}
	return inv, nil
}

// parseLocation reads "path:line" (or a bare path) as CycloneDX's properties hold it.
func parseLocation(s string) inventory.Location {
	if i := strings.LastIndexByte(s, ':'); i > 0 {
		if n, err := strconv.Atoi(s[i+1:]); err == nil && n > 0 {
			return inventory.Location{Path: s[:i], Line: n}
		}
	}
	return inventory.Location{Path: s}
}
