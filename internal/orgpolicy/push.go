package orgpolicy

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/shiftgate/shiftgate/checks/image"
	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// Artifact is the OCI artifact of a bundle: an OCI image manifest whose one layer is
// the tar.gz with OPA's bundle media type (what OPA's OCI downloader loads), titled
// bundle.tar.gz, and an empty OCI config. Same bundle, same manifest digest.
func Artifact(bundle []byte) (v1.Image, error) {
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, BundleConfigType)
	return mutate.Append(img, mutate.Addendum{
		Layer:       static.NewLayer(bundle, BundleLayerType),
		Annotations: map[string]string{"org.opencontainers.image.title": "bundle.tar.gz"},
	})
}

// Push writes the bundle's artifact to oci://REGISTRY/REPO[:TAG] and signs its
// manifest as `cosign sign` does (checks/image.Publish: a simple-signing payload under
// the sha256-HEX.sig tag), so `cosign verify --key` accepts it. It returns the pinned
// manifest reference. transport nil is the default.
func Push(ctx context.Context, ref string, bundle []byte, s image.BlobSigner, transport http.RoundTripper) (name.Digest, error) {
	if !strings.HasPrefix(ref, "oci://") {
		return name.Digest{}, exitcode.Usagef("--push %q: give oci://REGISTRY/REPO:TAG", ref)
	}
	tag, err := name.NewTag(strings.TrimPrefix(ref, "oci://"), name.StrictValidation)
	if err != nil {
		return name.Digest{}, exitcode.Usagef("--push %q: %v (give oci://REGISTRY/REPO:TAG)", ref, err)
	}
	img, err := Artifact(bundle)
	if err != nil {
		return name.Digest{}, err
	}
	if transport == nil {
		transport = http.DefaultTransport
	}
	if err := remote.Write(tag, img, remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain),
		remote.WithTransport(&httpretry.Transport{Base: transport, Name: "registry"})); err != nil {
		return name.Digest{}, fmt.Errorf("could not push the bundle to %s: %w", tag, err)
	}
	md, err := img.Digest()
	if err != nil {
		return name.Digest{}, err
	}
	d := tag.Context().Digest(md.String())
	if err := image.Publish(ctx, d, s, nil); err != nil {
		return name.Digest{}, fmt.Errorf("could not sign %s: %w", d, err)
	}
	return d, nil
}
