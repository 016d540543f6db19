package merge

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/shiftgate/shiftgate/internal/attest/sbom"
	"github.com/shiftgate/shiftgate/internal/inventory"
	"github.com/shiftgate/shiftgate/internal/outdir"
)

// maxSBOM bounds a shard's SBOM.
const maxSBOM = 256 << 20

func readSBOM(name string) ([]byte, error) {
	f, err := os.Open(name) // #nosec G304 -- a shard dir the user named on the command line
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSBOM+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSBOM {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxSBOM)
	}
	return data, nil
}

// Inventories reads the dependency inventory of every shard from its CycloneDX SBOM
// (sbom.cdx.json), locations prefixed like the findings, and returns one inventory of
// them all. found is false when no shard wrote a CycloneDX SBOM; a shard without one
// is named in missing, so the merged SBOM never silently lacks a shard's packages.
func Inventories(shards []Shard) (inv *inventory.Inventory, found bool, missing []string, err error) {
	inv = &inventory.Inventory{}
	for _, s := range shards {
		data, err := readSBOM(filepath.Join(s.Dir, outdir.CycloneDX))
		if errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, s.Dir)
			continue
		}
		if err != nil {
			return nil, false, nil, fmt.Errorf("shard %q: %w", s.Dir, err)
		}
		one, err := sbom.ReadCycloneDX(data)
		if err != nil {
			return nil, false, nil, fmt.Errorf("shard %q: %s: %w", s.Dir, outdir.CycloneDX, err)
		}
		found = true
		for _, p := range one.Packages {
			if s.Prefix != "" {
				for i := range p.Locations {
					p.Locations[i].Path = join(s.Prefix, p.Locations[i].Path)
				}
			}
			inv.Packages = append(inv.Packages, p)
		}
	}
	slices.SortStableFunc(inv.Packages, func(a, b inventory.Package) int {
		return cmp.Or(cmp.Compare(a.Ecosystem, b.Ecosystem), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
	return inv, found, missing, nil
}
