// Package image is the container image check: it opens an image (OCI layout, docker
// save tarball or registry reference), inventories its squashed filesystem with
// osv-scalibr's extractors (dpkg, apk, rpm, Go binaries and the lockfile extractors the
// deps check uses), attributes each package to the layer that added it, and matches
// the packages offline against the OSV records of their ecosystem with each
// ecosystem's own version ordering (osv-scalibr's semantic package). See docs/image.md.
package image

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/osv-scalibr/artifact/image/layerscanning/image"
	"github.com/google/osv-scalibr/artifact/image/layerscanning/trace"
	cpb "github.com/google/osv-scalibr/binary/proto/config_go_proto"
	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/golang/gobinary"
	"github.com/google/osv-scalibr/extractor/filesystem/os/apk"
	apkmeta "github.com/google/osv-scalibr/extractor/filesystem/os/apk/metadata"
	"github.com/google/osv-scalibr/extractor/filesystem/os/dpkg"
	dpkgmeta "github.com/google/osv-scalibr/extractor/filesystem/os/dpkg/metadata"
	"github.com/google/osv-scalibr/extractor/filesystem/os/rpm"
	rpmmeta "github.com/google/osv-scalibr/extractor/filesystem/os/rpm/metadata"
	scalibrfs "github.com/google/osv-scalibr/fs"
	"github.com/google/osv-scalibr/inventory"
	scalibrlog "github.com/google/osv-scalibr/log"
	"github.com/google/osv-scalibr/plugin"
	"github.com/google/osv-scalibr/stats"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/inventory/extract"
)

// Name is the check's name.
const Name = "image"

// Check scans one container image.
type Check struct{ opts Options }

// New returns the image check (the public OSV API when no offline database is given).
func New() *Check { return &Check{} }

// NewWithOptions returns the image check with its OSV API settings (tests use a
// local stand-in held to the API's contract).
func NewWithOptions(o Options) *Check { return &Check{opts: o} }

// Name is "image".
func (c *Check) Name() string { return Name }

// Package is one package found in the image.
type Package struct {
	// Ecosystem is the OSV ecosystem with its release ("Debian:12", "Alpine:v3.18", "Go").
	Ecosystem string
	// Name is the installed (binary) package name; Source the name OSV records use
	// for it (the dpkg source package, the apk origin, the rpm source), else Name.
	Name, Source, Version string
	PURL                  string
	// Path is the file inside the image the package was read from, without a leading slash.
	Path string
	// Layer is the layer that added the package: its 0-based index, diff id and the
	// config history's instruction, when the history has one.
	LayerIndex                int
	LayerDiffID, LayerCommand string
	// Type is "os" for distribution packages, "library" for language packages.
	Type string
}

// Inventory is what the image holds.
type Inventory struct {
	Ref      string
	Digest   string
	Layers   []string // diff ids, bottom first
	Packages []Package
	OS       string // PRETTY_NAME from /etc/os-release, when present
	// Created is the image config's creation time (zero when unset).
	Created time.Time
}

// Extractors are the osv-scalibr extractors run over the image's filesystem: the OS
// package databases, Go binaries, and the deps check's lockfile extractors.
func Extractors() ([]filesystem.Extractor, error) {
	out, err := extract.Extractors()
	if err != nil {
		return nil, err
	}
	for _, c := range []func() (filesystem.Extractor, error){
		func() (filesystem.Extractor, error) { return dpkg.New(nil) },
		func() (filesystem.Extractor, error) { return apk.New(nil) },
		func() (filesystem.Extractor, error) { return rpm.New(nil) },
		func() (filesystem.Extractor, error) { return gobinary.New(&cpb.PluginConfig{}) },
	} {
		e, err := c()
		if err != nil {
			return nil, fmt.Errorf("could not create an osv-scalibr extractor: %w", err)
		}
		out = append(out, e)
	}
	return out, nil
}

// Scan inventories an opened image. Whiteouts are respected (osv-scalibr squashes the
// layers); each package carries the layer that introduced it.
func Scan(ctx context.Context, ref string, img v1.Image) (*Inventory, error) {
	dg, err := img.Digest()
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	inv := &Inventory{Ref: ref, Digest: dg.String()}
	if cf, err := img.ConfigFile(); err == nil {
		inv.Created = cf.Created.Time
	}
	layers, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	for i, l := range layers {
		d, err := l.DiffID()
		if err != nil {
			return nil, fmt.Errorf("image %s: layer %d: %w", ref, i, err)
		}
		inv.Layers = append(inv.Layers, d.String())
	}
	scalibrlog.SetLogger(quietLog{}) // osv-scalibr's logger is process-wide
	si, err := image.FromV1Image(img, image.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("image %s: could not unpack the layers: %w", ref, err)
	}
	defer si.CleanUp()
	exs, err := Extractors()
	if err != nil {
		return nil, err
	}
	chain, err := si.ChainLayers()
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	cfg := &filesystem.Config{
		Extractors: exs,
		ScanRoots:  []*scalibrfs.ScanRoot{{FS: si.FS()}},
		Stats:      stats.NoopCollector{},
	}
	found, statuses, err := filesystem.Run(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("image %s: osv-scalibr: %w", ref, err)
	}
	for _, ps := range statuses {
		if ps.Status != nil && ps.Status.Status == plugin.ScanStatusFailed {
			return nil, fmt.Errorf("image %s: extractor %s failed: %s", ref, ps.Name, ps.Status.FailureReason)
		}
	}
	trace.PopulateLayerDetails(ctx, &found, chain, exs, cfg)
	sr := struct{ Inventory inventory.Inventory }{found}
	for _, m := range sr.Inventory.ContainerImageMetadata {
		if n := m.OSInfo["pretty_name"]; n != "" {
			inv.OS = n
		}
	}
	lts := ubuntuLTS(si.FS())
	for _, p := range sr.Inventory.Packages {
		cp := convert(p)
		if lts && strings.HasPrefix(cp.Ecosystem, "Ubuntu:") && !strings.HasSuffix(cp.Ecosystem, ":LTS") {
			cp.Ecosystem += ":LTS"
		}
		inv.Packages = append(inv.Packages, cp)
	}
	slices.SortFunc(inv.Packages, func(a, b Package) int {
		return cmp.Or(cmp.Compare(a.Ecosystem, b.Ecosystem), cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Version, b.Version), cmp.Compare(a.Path, b.Path))
	})
	inv.Packages = slices.Compact(inv.Packages)
	return inv, nil
}

func convert(p *extractor.Package) Package {
	out := Package{
		Ecosystem: p.Ecosystem().String(), Name: p.Name, Source: p.Name, Version: p.Version,
		Path: strings.TrimPrefix(path.Clean("/"+p.Location.PathOrEmpty()), "/"), Type: "library",
	}
	if u := p.PURL(); u != nil {
		out.PURL = u.String()
	}
	switch m := p.Metadata.(type) {
	case *dpkgmeta.Metadata:
		out.Type = "os"
		if m.SourceName != "" {
			out.Source = m.SourceName
		}
	case *apkmeta.Metadata:
		out.Type = "os"
		if m.OriginName != "" {
			out.Source = m.OriginName
		}
	case *rpmmeta.Metadata:
		out.Type = "os"
	}
	if out.Ecosystem == "Go" && out.Name == "go" {
		// osv-scalibr names a binary's toolchain "go"; OSV's Go records call it "stdlib".
		out.Source = "stdlib"
	}
	if lm := p.LayerMetadata; lm != nil {
		out.LayerIndex = lm.Index
		out.LayerDiffID = lm.DiffID.String()
		out.LayerCommand = strings.TrimSpace(lm.Command)
	}
	return out
}

// Run opens the image the policy (or --image) names, inventories it and matches it.
func (c *Check) Run(ctx context.Context, env *checks.Env) (*checks.Result, error) {
	ref := env.Policy.Checks.Image.Ref
	if ref == "" {
		return &checks.Result{}, nil
	}
	if env.Workspace != nil {
		ref = Resolve(env.Workspace.Root(), ref)
	}
	img, err := Open(ref)
	if err != nil {
		return nil, err
	}
	inv, err := Scan(ctx, ref, img)
	if err != nil {
		return nil, err
	}
	var fs []finding.Finding
	var notes []finding.Note
	if env.OfflineDB != "" {
		fs, notes, err = Match(inv, env.OfflineDB)
	} else {
		fs, notes, err = MatchOnline(ctx, inv, c.opts)
	}
	if err != nil {
		return nil, err
	}
	if env.Policy.Checks.Image.IgnoreUnfixed {
		kept := fs[:0]
		for _, f := range fs {
			if len(f.Package.Fixed) > 0 {
				kept = append(kept, f)
			}
		}
		if n := len(fs) - len(kept); n > 0 {
			notes = append(notes, finding.Note{Check: Name, Kind: "ignored",
				Message: fmt.Sprintf("image %s: %d vulnerabilities without a fixed version were dropped (checks.image.ignore_unfixed)", inv.Ref, n)})
		}
		fs = kept
	}
	bf, bn := checkBase(inv.Ref, BaseOf(img), env.Policy.Checks.Image.Base.Allow)
	if bn != nil {
		notes = append(notes, *bn)
	}
	res := &checks.Result{Findings: fs, Notes: notes}
	res.Rules = rules(fs)
	if bf != nil {
		res.Findings = append(res.Findings, *bf)
		res.Rules = append(res.Rules, baseRule())
	}
	if res.Files, err = SBOMs(inv, env.Policy.Outputs.SBOM); err != nil {
		return nil, err
	}
	return res, nil
}

// ubuntuLTS reports whether the image's /etc/os-release is an Ubuntu LTS release.
// OSV names those releases Ubuntu:18.04:LTS (Canonical's records, the OSV API), while
// osv-scalibr's dpkg extractor says Ubuntu:18.04 from VERSION_ID: without the suffix no
// Ubuntu LTS record would ever match, offline or online.
func ubuntuLTS(fsys fs.FS) bool {
	for _, name := range []string{"etc/os-release", "usr/lib/os-release"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		var id, version string
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
			if !ok {
				continue
			}
			v = strings.Trim(v, `"'`)
			switch k {
			case "ID":
				id = v
			case "VERSION":
				version = v
			}
		}
		return id == "ubuntu" && strings.Contains(version, " LTS")
	}
	return false
}

// quietLog drops osv-scalibr's progress lines ("Starting filesystem walk …"), which
// would otherwise interleave with the scan's own output; failures reach the check
// through the extractors' statuses.
type quietLog struct{}

func (quietLog) Errorf(string, ...any) {}
func (quietLog) Error(...any)          {}
func (quietLog) Warnf(string, ...any)  {}
func (quietLog) Warn(...any)           {}
func (quietLog) Infof(string, ...any)  {}
func (quietLog) Info(...any)           {}
func (quietLog) Debugf(string, ...any) {}
func (quietLog) Debug(...any)          {}
