// Package inventory is the list of third-party packages a repository depends on, as
// the deps check extracts them from manifests and lockfiles. The SBOM writers and the
// vulnerability matching both read it.
package inventory

// Location is where a package is declared.
type Location struct {
	Path string `json:"path"`           // manifest or lockfile, relative to the root
	Line int    `json:"line,omitempty"` // the line of its entry where the format allows
}

// Package is one dependency at one version.
type Package struct {
	Ecosystem string     `json:"ecosystem"` // OSV ecosystem name: Go, npm, PyPI, crates.io, Maven, …
	Name      string     `json:"name"`
	Version   string     `json:"version"`
	PURL      string     `json:"purl"`
	Locations []Location `json:"locations,omitempty"`
	// Direct is true for a direct dependency, false for a transitive one, nil when unknown.
	Direct   *bool             `json:"direct,omitempty"`
	Licenses []string          `json:"licenses,omitempty"` // SPDX ids or expressions
	Hashes   map[string]string `json:"hashes,omitempty"`   // algorithm ("SHA-256") to hex or the lockfile's value
	// DependsOn lists the PURLs of the packages this one requires, where the lockfile records it.
	DependsOn []string `json:"dependsOn,omitempty"`
	// Layer is, for a package inside a container image, the diff id of the layer that
	// added it (checks/image).
	Layer string `json:"layer,omitempty"`
}

// Inventory is every package found in a repository, sorted by ecosystem, name and version.
type Inventory struct {
	Packages []Package `json:"packages"`
}
