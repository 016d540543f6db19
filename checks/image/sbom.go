package image

import (
	"fmt"

	"github.com/shiftgate/shiftgate/internal/attest/sbom"
	"github.com/shiftgate/shiftgate/internal/attest/source"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// SBOMs renders the image's inventory (OS and language packages, each with the
// diff id of the layer that added it) with the project's SBOM writers, in the formats
// the policy's outputs.sbom asks for, under the image (REF@DIGEST) as the root
// component. The timestamp is the image config's creation time, so the same image
// gives the same bytes.
func SBOMs(inv *Inventory, formats []string) (map[string][]byte, error) {
	if len(formats) == 0 {
		return nil, nil
	}
	si := &inventory.Inventory{}
	for _, p := range inv.Packages {
		ip := inventory.Package{Ecosystem: p.Ecosystem, Name: p.Name, Version: p.Version, PURL: p.PURL, Layer: p.LayerDiffID}
		if p.Path != "" {
			ip.Locations = []inventory.Location{{Path: p.Path}}
		}
		si.Packages = append(si.Packages, ip)
	}
	o := sbom.Options{Source: source.Info{Name: inv.Ref + "@" + inv.Digest, Time: inv.Created.UTC(), TimeSource: "image"},
		ToolName: "shiftgate"}
	out := map[string][]byte{}
	for _, f := range formats {
		var (
			b    []byte
			err  error
			name string
		)
		switch f {
		case "cyclonedx":
			name = outdir.ImageCycloneDX
			b, err = sbom.CycloneDX(si, o)
		case "spdx":
			name = outdir.ImageSPDX
			b, err = sbom.SPDX(si, o)
		default:
			return nil, fmt.Errorf("unknown SBOM format %q: use cyclonedx or spdx", f)
		}
		if err != nil {
			return nil, fmt.Errorf("image SBOM (%s): %w", f, err)
		}
		out[name] = b
	}
	return out, nil
}
