package extract

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	packageurl "github.com/package-url/packageurl-go"
)

// Dependency edges where a lockfile records them, keyed by "name@version" of the
// requiring package, each a sorted list of the PURLs it requires (spelled as osv-scalibr
// spells the inventory's PURLs, so the SBOM writers can link them). Lockfiles without
// edges (go.mod, requirements.txt, pom.xml as read offline) give none, and the SBOMs
// say so.

// npmEdges reads a package-lock.json v2/v3 ("packages"): each entry's dependencies,
// optional and peer dependencies, resolved the way Node resolves them: the nearest
// node_modules folder up from the requiring package that holds the name. Version 1
// lockfiles ("dependencies" only) give none.
func npmEdges(data []byte) map[string][]string {
	type entry struct {
		Version              string            `json:"version"`
		Link                 bool              `json:"link"`
		Dependencies         map[string]string `json:"dependencies"`
		OptionalDependencies map[string]string `json:"optionalDependencies"`
		PeerDependencies     map[string]string `json:"peerDependencies"`
	}
	var lock struct {
		Packages map[string]entry `json:"packages"`
	}
	if json.Unmarshal(data, &lock) != nil || len(lock.Packages) == 0 {
		return nil
	}
	nameOf := func(key string) string {
		i := strings.LastIndex(key, "node_modules/")
		if i < 0 {
			return ""
		}
		return key[i+len("node_modules/"):]
	}
	resolve := func(from, dep string) (string, bool) {
		dir := from
		for {
			cand := "node_modules/" + dep
			if dir != "" {
				cand = dir + "/" + cand
			}
			if e, ok := lock.Packages[cand]; ok && !e.Link && e.Version != "" {
				return cand, true
			}
			if dir == "" {
				return "", false
			}
			if i := strings.LastIndex(dir, "/node_modules/"); i >= 0 {
				dir = dir[:i]
			} else {
				dir = ""
			}
		}
	}
	out := map[string][]string{}
	for key, e := range lock.Packages {
		name := nameOf(key)
		if name == "" || e.Link || e.Version == "" {
			continue
		}
		var deps []string
		for _, m := range []map[string]string{e.Dependencies, e.OptionalDependencies, e.PeerDependencies} {
			for dep := range m {
				if target, ok := resolve(key, dep); ok {
					deps = append(deps, npmPURL(nameOf(target), lock.Packages[target].Version))
				}
			}
		}
		if len(deps) > 0 {
			k := name + "@" + e.Version
			out[k] = sortedUnique(append(out[k], deps...))
		}
	}
	return out
}

func npmPURL(name, version string) string {
	u := packageurl.PackageURL{Type: packageurl.TypeNPM, Name: name, Version: version}
	if i := strings.LastIndex(name, "/"); i > 0 && strings.HasPrefix(name, "@") {
		u.Namespace, u.Name = name[:i], name[i+1:]
	}
	return u.ToString()
}

// cargoEdges reads a Cargo.lock's [[package]] dependencies: "name", "name version" or
// "name version (source)", a bare name meaning the only package of that name.
func cargoEdges(data []byte) map[string][]string {
	var lock struct {
		Package []struct {
			Name         string   `toml:"name"`
			Version      string   `toml:"version"`
			Dependencies []string `toml:"dependencies"`
		} `toml:"package"`
	}
	if _, err := toml.Decode(string(data), &lock); err != nil {
		return nil
	}
	versions := map[string][]string{}
	for _, p := range lock.Package {
		versions[p.Name] = append(versions[p.Name], p.Version)
	}
	out := map[string][]string{}
	for _, p := range lock.Package {
		var deps []string
		for _, d := range p.Dependencies {
			f := strings.Fields(d)
			if len(f) == 0 {
				continue
			}
			v := ""
			switch {
			case len(f) > 1:
				v = f[1]
			case len(versions[f[0]]) == 1:
				v = versions[f[0]][0]
			default:
				continue
			}
			u := packageurl.PackageURL{Type: packageurl.TypeCargo, Name: f[0], Version: v}
			deps = append(deps, u.ToString())
		}
		if len(deps) > 0 {
			out[p.Name+"@"+p.Version] = sortedUnique(deps)
		}
	}
	return out
}

func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// pythonEdges reads poetry.lock ([package.dependencies] tables) and uv.lock
// (dependencies = [{ name = … }]): names are normalised as PyPI does and resolved to the
// only locked version of that name.
func pythonEdges(data []byte) map[string][]string {
	var lock struct {
		Package []struct {
			Name         string         `toml:"name"`
			Version      string         `toml:"version"`
			Dependencies toml.Primitive `toml:"dependencies"`
		} `toml:"package"`
	}
	md, err := toml.Decode(string(data), &lock)
	if err != nil {
		return nil
	}
	norm := func(s string) string { return strings.ToLower(pyNorm.ReplaceAllString(s, "-")) }
	versions := map[string][]string{}
	for _, p := range lock.Package {
		versions[norm(p.Name)] = append(versions[norm(p.Name)], p.Version)
	}
	out := map[string][]string{}
	for _, p := range lock.Package {
		var names []string
		var table map[string]any // poetry: name = "constraint" or a table
		var list []struct {
			Name string `toml:"name"`
		} // uv: [{ name = "…" }]
		if md.PrimitiveDecode(p.Dependencies, &list) == nil && len(list) > 0 {
			for _, d := range list {
				names = append(names, d.Name)
			}
		} else if md.PrimitiveDecode(p.Dependencies, &table) == nil {
			for n := range table {
				names = append(names, n)
			}
		}
		var deps []string
		for _, n := range names {
			if v := versions[norm(n)]; len(v) == 1 {
				u := packageurl.PackageURL{Type: packageurl.TypePyPi, Name: norm(n), Version: v[0]}
				deps = append(deps, u.ToString())
			}
		}
		if len(deps) > 0 {
			deps = sortedUnique(deps)
			out[p.Name+"@"+p.Version] = deps
			out[norm(p.Name)+"@"+p.Version] = deps
		}
	}
	return out
}
