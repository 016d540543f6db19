package image

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Open resolves REF to an image: an OCI layout directory (a folder holding
// oci-layout and index.json), a `docker save` tarball (a regular file), or else a
// registry reference pulled with the usual Docker credentials (authn.DefaultKeychain;
// credentials are never logged). Errors name the reference and the fix.
func Open(ref string) (v1.Image, error) {
	if ref == "" {
		return nil, errors.New("no image reference: pass --image with an OCI layout directory, a docker save tarball or a registry reference")
	}
	st, err := os.Stat(ref)
	switch {
	case err == nil && st.IsDir():
		return openLayout(ref)
	case err == nil && st.Mode().IsRegular():
		img, err := tarball.ImageFromPath(ref, nil)
		if err != nil {
			return nil, fmt.Errorf("image %s: not a readable `docker save` tarball: %w (write one with `docker save IMAGE -o FILE`)", ref, err)
		}
		if _, err := img.Manifest(); err != nil {
			return nil, fmt.Errorf("image %s: not a readable `docker save` tarball: %w (write one with `docker save IMAGE -o FILE`)", ref, err)
		}
		return checked(ref, img)
	case err == nil:
		return nil, fmt.Errorf("image %s: neither a directory nor a regular file", ref)
	}
	if strings.ContainsAny(ref, `/\`) && (strings.HasPrefix(ref, ".") || filepath.IsAbs(ref)) {
		return nil, fmt.Errorf("image %s: no such file or directory (give an OCI layout directory, a docker save tarball, or a registry reference such as registry.example/app:1.0)", ref)
	}
	r, err := name.ParseReference(ref, name.StrictValidation)
	if err != nil {
		return nil, fmt.Errorf("image %q: not a file, a directory or a valid registry reference: %w", ref, err)
	}
	img, err := remote.Image(r, remote.WithAuthFromKeychain(authn.DefaultKeychain))
	if err != nil {
		return nil, fmt.Errorf("image %s: could not pull from the registry: %w", r.Name(), err)
	}
	return checked(ref, img)
}

// openLayout reads an OCI image layout. An index with several images is ambiguous
// unless only one of them is for linux; the error lists the digests to choose from.
func openLayout(dir string) (v1.Image, error) {
	p, err := layout.FromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("image %s: not an OCI image layout (no readable index.json): %w", dir, err)
	}
	idx, err := p.ImageIndex()
	if err != nil {
		return nil, fmt.Errorf("image %s: not an OCI image layout: %w", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return nil, fmt.Errorf("image %s: unreadable index.json: %w", dir, err)
	}
	var imgs []v1.Descriptor
	for _, d := range im.Manifests {
		switch d.MediaType {
		case types.OCIManifestSchema1, types.DockerManifestSchema2:
			imgs = append(imgs, d)
		case types.OCIImageIndex, types.DockerManifestList:
			return nil, fmt.Errorf("image %s: index.json points at a nested index %s; shiftgate scans one image: write the platform's image alone (e.g. `crane pull --format=oci --platform linux/amd64`)", dir, d.Digest)
		default:
			return nil, fmt.Errorf("image %s: unsupported media type %q for %s (supported: %s, %s)", dir, d.MediaType, d.Digest, types.OCIManifestSchema1, types.DockerManifestSchema2)
		}
	}
	switch len(imgs) {
	case 0:
		return nil, fmt.Errorf("image %s: the OCI layout holds no image", dir)
	case 1:
	default:
		var ds []string
		for _, d := range imgs {
			ds = append(ds, d.Digest.String())
		}
		return nil, fmt.Errorf("image %s: the OCI layout holds %d images (%s); keep one", dir, len(imgs), strings.Join(ds, ", "))
	}
	img, err := idx.Image(imgs[0].Digest)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", dir, err)
	}
	return checked(dir, img)
}

// checked refuses media types the scanner cannot unpack, before any layer is read.
func checked(ref string, img v1.Image) (v1.Image, error) {
	mt, err := img.MediaType()
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	if mt != types.OCIManifestSchema1 && mt != types.DockerManifestSchema2 {
		return nil, fmt.Errorf("image %s: unsupported manifest media type %q", ref, mt)
	}
	if _, err := img.ConfigFile(); err != nil {
		return nil, fmt.Errorf("image %s: unreadable config: %w", ref, err)
	}
	layers, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", ref, err)
	}
	for i, l := range layers {
		lt, err := l.MediaType()
		if err != nil {
			return nil, fmt.Errorf("image %s: layer %d: %w", ref, i, err)
		}
		switch lt {
		case types.OCILayer, types.OCIUncompressedLayer, types.DockerLayer, types.DockerUncompressedLayer, types.OCILayerZStd:
		default:
			return nil, fmt.Errorf("image %s: layer %d has unsupported media type %q (gzip, zstd or uncompressed tar layers only)", ref, i, lt)
		}
	}
	return img, nil
}
