package image

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/osv-scalibr/semantic"
	osvpb "github.com/ossf/osv-schema/bindings/go/osvschema"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// Resolve reads a relative path from the policy against the repository root when
// it names something there; anything else (a registry reference) is left alone.
func Resolve(root, ref string) string {
	if filepath.IsAbs(ref) || root == "" {
		return ref
	}
	p := filepath.Join(root, filepath.FromSlash(ref))
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ref
}

// baseEcosystem is "Debian" for "Debian:12".
func baseEcosystem(eco string) string {
	b, _, _ := strings.Cut(eco, ":")
	return b
}

// Match compares every package with the OSV records of its ecosystem in the local
// database dir. An ecosystem the database has no records for is an error (the gate
// must not look clean because a zip is missing); a package whose ecosystem osv-scalibr
// could not name (no /etc/os-release) is a note.
func Match(inv *Inventory, dir string) ([]finding.Finding, []finding.Note, error) {
	wanted := map[string]map[string]bool{}
	for _, p := range inv.Packages {
		b := baseEcosystem(p.Ecosystem)
		if b == "" || unreleased(p) {
			continue
		}
		if wanted[b] == nil {
			wanted[b] = map[string]bool{}
		}
		wanted[b][p.Source] = true
	}
	idx := map[string]*osvdb.Index{}
	var ecos []string
	for e := range wanted {
		ecos = append(ecos, e)
	}
	slices.Sort(ecos)
	for _, e := range ecos {
		w := wanted[e]
		ix, err := osvdb.Load(dir, e, func(n string) bool { return w[n] })
		if err != nil {
			if errors.Is(err, osvdb.ErrNoEcosystem) {
				return nil, nil, fmt.Errorf("image %s holds %s packages: %w", inv.Ref, e, err)
			}
			return nil, nil, err
		}
		idx[e] = ix
	}
	out, notes := matchAll(inv, func(p Package) []*osvdb.Record {
		if ix := idx[baseEcosystem(p.Ecosystem)]; ix != nil {
			return ix.Lookup(p.Source)
		}
		return nil
	})
	return out, notes, nil
}

// matchAll matches every package against the candidate records lookup gives it.
func matchAll(inv *Inventory, lookup func(Package) []*osvdb.Record) ([]finding.Finding, []finding.Note) {
	var out []finding.Finding
	var notes []finding.Note
	unnamed := 0
	for _, p := range inv.Packages {
		if unreleased(p) {
			unnamed++
			continue
		}
		out = append(out, matchPackage(inv, p, lookup(p))...)
	}
	if unnamed > 0 {
		notes = append(notes, finding.Note{Check: Name, Kind: "skipped",
			Message: fmt.Sprintf("image %s: %d OS packages have no distribution release (no /etc/os-release), so records for a specific release could not match them", inv.Ref, unnamed)})
	}
	finding.Sort(out)
	return out, notes
}

// unreleased: an OS package whose distribution release osv-scalibr could not tell (no
// /etc/os-release: it says "Linux" or "Debian" without ":12"); OS records are per release.
func unreleased(p Package) bool {
	return p.Type == "os" && !strings.Contains(p.Ecosystem, ":")
}

// hit is one record that affects a package, with the fixed versions of the matching range.
type hit struct {
	rec   *osvdb.Record
	fixed []string
	// urgency is the distribution's own rating (Debian's urgency), when the record has one.
	urgency string
}

// canonicalID folds OSV's older plain CVE ids for Debian/Alpine/Ubuntu records and
// the current DEBIAN-CVE-… / ALPINE-CVE-… / UBUNTU-CVE-… ids into one key.
func canonicalID(id string) string {
	for _, p := range []string{"DEBIAN-", "ALPINE-", "UBUNTU-"} {
		if rest, ok := strings.CutPrefix(id, p); ok && strings.HasPrefix(rest, "CVE-") {
			return rest
		}
	}
	return id
}

func matchPackage(inv *Inventory, p Package, recs []*osvdb.Record) []finding.Finding {
	byID := map[string][]hit{}
	var keys []string
	for _, r := range recs {
		h, ok := affects(r, p)
		if !ok {
			continue
		}
		k := canonicalID(r.ID)
		if _, seen := byID[k]; !seen {
			keys = append(keys, k)
		}
		byID[k] = append(byID[k], h)
	}
	slices.Sort(keys)
	var out []finding.Finding
	for _, k := range keys {
		out = append(out, toFinding(inv, p, byID[k]))
	}
	return out
}

// affects reports whether record r lists package p's ecosystem (with release) and
// source name, and p's version falls in one of its ranges or versions.
func affects(r *osvdb.Record, p Package) (hit, bool) {
	for _, a := range r.Vuln.GetAffected() {
		pk := a.GetPackage()
		if pk.GetEcosystem() != p.Ecosystem || pk.GetName() != p.Source {
			continue
		}
		h := hit{rec: r}
		if es := a.GetEcosystemSpecific(); es != nil {
			if u, ok := es.GetFields()["urgency"]; ok {
				h.urgency = u.GetStringValue()
			}
		}
		if slices.Contains(a.GetVersions(), p.Version) {
			h.fixed = fixedOf(a)
			return h, true
		}
		for _, rg := range a.GetRanges() {
			// Distribution records use ECOSYSTEM ranges, Go and npm ones SEMVER; both
			// are ordered by the ecosystem's own comparator. GIT ranges name commits.
			if t := rg.GetType(); t != osvpb.Range_ECOSYSTEM && t != osvpb.Range_SEMVER {
				continue
			}
			if in, fixed := inRange(p.Ecosystem, p.Version, rg.GetEvents()); in {
				h.fixed = fixed
				return h, true
			}
		}
	}
	return hit{}, false
}

func fixedOf(a *osvpb.Affected) []string {
	var out []string
	for _, rg := range a.GetRanges() {
		for _, e := range rg.GetEvents() {
			if f := e.GetFixed(); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// inRange walks the events in version order, as the OSV schema defines: an
// introduced event at or below the version opens the range, a fixed event at or
// below it (or a last_affected event below it) closes it. An unparsable version in a
// record is skipped rather than guessed.
func inRange(eco, version string, events []*osvpb.Event) (bool, []string) {
	v, err := semantic.Parse(version, eco)
	if err != nil {
		return false, nil
	}
	type ev struct {
		kind, ver string
	}
	var evs []ev
	for _, e := range events {
		switch {
		case e.GetIntroduced() != "":
			evs = append(evs, ev{"introduced", e.GetIntroduced()})
		case e.GetFixed() != "":
			evs = append(evs, ev{"fixed", e.GetFixed()})
		case e.GetLastAffected() != "":
			evs = append(evs, ev{"last_affected", e.GetLastAffected()})
		}
	}
	cmpTo := func(s string) (int, bool) { // version compared with s
		if s == "0" {
			return 1, true
		}
		c, err := v.CompareStr(s)
		if err != nil {
			return 0, false
		}
		return c, true
	}
	affected := false
	var fixed []string
	for _, e := range evs {
		c, ok := cmpTo(e.ver)
		if !ok {
			continue
		}
		switch e.kind {
		case "introduced":
			if c >= 0 {
				affected = true
				fixed = nil
			}
		case "fixed":
			if affected && c < 0 {
				fixed = append(fixed, e.ver)
				return true, fixed
			}
			if c >= 0 {
				affected = false
			}
		case "last_affected":
			if affected && c <= 0 {
				return true, nil
			}
			if c > 0 {
				affected = false
			}
		}
	}
	return affected, fixed
}

// severityOf prefers the distribution's own rating, as Trivy does for OS packages:
// Debian's urgency when it is one (unimportant and low are low, medium, high), since
// the distribution judges how the CVE applies to its build ("unimportant": not a
// security problem in Debian); otherwise the worst CVSS vector of the records; else
// high, as the deps check does. The CVSS score is kept either way.
func severityOf(hs []hit) (finding.Severity, float64, string) {
	sev, score, distro := finding.Unknown, 0.0, ""
	for _, h := range hs {
		vecs := h.rec.Vuln.GetSeverity()
		for _, a := range h.rec.Vuln.GetAffected() {
			vecs = append(vecs, a.GetSeverity()...)
		}
		for _, s := range vecs {
			sc, err := finding.ScoreVector(s.GetScore())
			if err != nil {
				continue
			}
			score = max(score, sc)
			sev = max(sev, finding.FromScore(sc))
		}
		if h.urgency != "" && distro == "" {
			distro = h.urgency
		}
	}
	switch strings.TrimSuffix(distro, "*") {
	case "unimportant", "low":
		return finding.Low, score, distro
	case "medium":
		return finding.Medium, score, distro
	case "high":
		return finding.High, score, distro
	}
	if sev == finding.Unknown {
		sev = finding.High
	}
	return sev, score, distro
}

func toFinding(inv *Inventory, p Package, hs []hit) finding.Finding {
	// The rule is the record's current id: DEBIAN-CVE-… over an older CVE-… copy.
	slices.SortFunc(hs, func(a, b hit) int {
		ap, bp := canonicalID(a.rec.ID) != a.rec.ID, canonicalID(b.rec.ID) != b.rec.ID
		if ap != bp {
			if ap {
				return -1
			}
			return 1
		}
		return strings.Compare(a.rec.ID, b.rec.ID)
	})
	id := hs[0].rec.ID
	aliases := map[string]bool{}
	var fixed []string
	summary := ""
	for _, h := range hs {
		if h.rec.ID != id {
			aliases[h.rec.ID] = true
		}
		for _, a := range h.rec.Vuln.GetAliases() {
			aliases[a] = true
		}
		for _, f := range h.fixed {
			if !slices.Contains(fixed, f) {
				fixed = append(fixed, f)
			}
		}
		if summary == "" {
			summary = strings.TrimSpace(h.rec.Vuln.GetSummary())
		}
		if summary == "" {
			summary, _, _ = strings.Cut(strings.TrimSpace(h.rec.Vuln.GetDetails()), "\n")
		}
	}
	if c := canonicalID(id); c != id {
		aliases[c] = true
	}
	delete(aliases, id)
	var al []string
	for a := range aliases {
		al = append(al, a)
	}
	slices.Sort(al)
	sev, score, distro := severityOf(hs)
	src := ""
	if p.Source != p.Name {
		src = " (source " + p.Source + ")"
	}
	fix := "no fixed version yet"
	if len(fixed) > 0 {
		fix = "fixed in " + strings.Join(fixed, ", ")
	}
	layer := "an unknown layer"
	if p.LayerDiffID != "" {
		layer = fmt.Sprintf("layer %d %s", p.LayerIndex, shortDigest(p.LayerDiffID))
		if p.LayerCommand != "" {
			layer += " `" + oneLine(p.LayerCommand) + "`"
		}
	}
	// Package, versions and layer first: they are what a person acts on, and what a
	// one-line view keeps.
	msg := fmt.Sprintf("%s %s%s, %s; added in %s; %s: %s", p.Name, p.Version, src, fix, layer, id, summary)
	if distro != "" {
		msg += " (" + baseEcosystem(p.Ecosystem) + " urgency: " + distro + ")"
	}
	f := finding.Finding{
		Check: Name, Tool: "osv-scalibr", Rule: id, Severity: sev, Score: score,
		Message: msg, Path: p.Path, Aliases: al,
		Package: &finding.Package{Ecosystem: p.Ecosystem, Name: p.Name, Version: p.Version, Fixed: fixed, PURL: p.PURL,
			Layer: p.LayerDiffID, LayerCommand: p.LayerCommand},
		Snippet: p.Ecosystem + "/" + p.Name,
	}
	f.Fingerprint = finding.Fingerprint(&f)
	return f
}

func shortDigest(d string) string {
	if len(d) > len("sha256:")+12 {
		return d[:len("sha256:")+12]
	}
	return d
}

// oneLine shortens a history instruction as Dockerfile users read it: without the
// shell wrapper and buildkit's trailing marker.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSuffix(s, " # buildkit")
	for _, p := range []string{"/bin/sh -c #(nop) ", "RUN /bin/sh -c ", "/bin/sh -c "} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if p == "RUN /bin/sh -c " || p == "/bin/sh -c " {
				rest = "RUN " + rest
			}
			s = rest
			break
		}
	}
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

// rules describes every record a finding names.
func rules(fs []finding.Finding) []finding.Rule {
	seen := map[string]bool{}
	var out []finding.Rule
	for _, f := range fs {
		if seen[f.Rule] {
			continue
		}
		seen[f.Rule] = true
		out = append(out, finding.Rule{
			ID: f.Rule, Title: "Vulnerable package in the container image: " + f.Rule,
			Description: "An OS or language package inside the image is in a version range an OSV record marks as affected.",
			Help:        "Rebuild the image on a base with the fixed version, or upgrade the package in the layer that installs it.",
			HelpURI:     "https://osv.dev/vulnerability/" + f.Rule,
			Severity:    f.Severity, Tags: []string{"security", "container", "vulnerability"},
		})
	}
	return out
}
