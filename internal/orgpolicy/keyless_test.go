package orgpolicy

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	protobundle "github.com/sigstore/protobuf-specs/gen/pb-go/bundle/v1"
	protocommon "github.com/sigstore/protobuf-specs/gen/pb-go/common/v1"
	protorekor "github.com/sigstore/protobuf-specs/gen/pb-go/rekor/v1"
	"github.com/sigstore/sigstore-go/pkg/testing/ca"
	"github.com/sigstore/sigstore-go/pkg/tlog"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

const (
	testIdentity = "https://github.com/acme/policy/.github/workflows/publish.yml@refs/heads/main"
	testIssuer   = "https://token.actions.githubusercontent.com"
)

// sigstoreBundle signs data keylessly with a virtual Sigstore (sigstore-go's test
// Fulcio CA and Rekor log) as identity/issuer and returns the Sigstore bundle JSON
// (v0.1: the certificate and a Rekor entry with its signed inclusion promise).
func sigstoreBundle(t *testing.T, vs *ca.VirtualSigstore, identity, issuer string, data []byte) []byte {
	t.Helper()
	e, err := vs.Sign(identity, issuer, data)
	if err != nil {
		t.Fatal(err)
	}
	vc, _ := e.VerificationContent()
	sc, _ := e.SignatureContent()
	ms := sc.MessageSignatureContent()
	entries, _ := e.TlogEntries()
	tle := proto.Clone(entries[0].TransparencyLogEntry()).(*protorekor.TransparencyLogEntry)
	set, err := vs.RekorSignPayload(tlog.RekorPayload{LogID: hex.EncodeToString(tle.LogId.KeyId), IntegratedTime: tle.IntegratedTime,
		LogIndex: tle.LogIndex, Body: base64.StdEncoding.EncodeToString(tle.CanonicalizedBody)})
	if err != nil {
		t.Fatal(err)
	}
	tle.InclusionPromise = &protorekor.InclusionPromise{SignedEntryTimestamp: set}
	tle.KindVersion = &protorekor.KindVersion{Kind: "hashedrekord", Version: "0.0.1"}
	pb := &protobundle.Bundle{
		MediaType: "application/vnd.dev.sigstore.bundle+json;version=0.1",
		VerificationMaterial: &protobundle.VerificationMaterial{
			Content: &protobundle.VerificationMaterial_X509CertificateChain{X509CertificateChain: &protocommon.X509CertificateChain{
				Certificates: []*protocommon.X509Certificate{{RawBytes: vc.Certificate().Raw}}}},
			TlogEntries: []*protorekor.TransparencyLogEntry{tle},
		},
		Content: &protobundle.Bundle_MessageSignature{MessageSignature: &protocommon.MessageSignature{
			MessageDigest: &protocommon.HashOutput{Algorithm: protocommon.HashAlgorithm_SHA2_256, Digest: ms.Digest()},
			Signature:     ms.Signature(),
		}},
	}
	b, err := protojson.Marshal(pb)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeylessIdentityAndIssuerAreVerified: a bundle signed keylessly (FILE.sigstore.json)
// resolves with the right identity, issuer and trusted root, and again offline from
// the cache; another identity, another issuer, another Sigstore instance, changed
// bytes and a missing trusted root are each exit 2 naming why.
func TestKeylessIdentityAndIssuerAreVerified(t *testing.T) {
	vs, err := ca.NewVirtualSigstore()
	if err != nil {
		t.Fatal(err)
	}
	b := build(t, map[string]string{"policy.yaml": testPolicy, "rules/k8s/nolatest.rego": testRule})
	file := filepath.Join(t.TempDir(), "org.tar.gz")
	os.WriteFile(file, b.Bytes, 0o644)
	os.WriteFile(file+BundleSuffix, sigstoreBundle(t, vs, testIdentity, testIssuer, b.Bytes), 0o644)
	cache := t.TempDir()
	src := Source{Ref: file, Digest: b.Digest, Identity: testIdentity, Issuer: testIssuer}
	r, err := Resolve(context.Background(), src, Options{CacheDir: cache, TrustedMaterial: vs})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(r.Dir, "policy.yaml")); string(got) != testPolicy {
		t.Errorf("policy.yaml = %q", got)
	}
	if _, err := Resolve(context.Background(), src, Options{CacheDir: cache, TrustedMaterial: vs, Offline: true}); err != nil {
		t.Fatalf("offline: %v", err)
	}
	// The cached keyless signature is checked again: another identity is refused offline.
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: b.Digest, Identity: testIdentity + "x", Issuer: testIssuer}, Options{CacheDir: cache, TrustedMaterial: vs, Offline: true})
	wantExit2(t, err, "cached copy is refused", "does not verify for identity")

	fresh := func() Options { return Options{CacheDir: t.TempDir(), TrustedMaterial: vs} }
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: b.Digest, Identity: "https://github.com/mallory/policy/.github/workflows/x.yml@refs/heads/main", Issuer: testIssuer}, fresh())
	wantExit2(t, err, "signature refused", "does not verify for identity")
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: b.Digest, Identity: testIdentity, Issuer: "https://accounts.example.com"}, fresh())
	wantExit2(t, err, "signature refused")

	// Another Sigstore instance (its own Fulcio and Rekor) signed it.
	other, _ := ca.NewVirtualSigstore()
	os.WriteFile(file+BundleSuffix, sigstoreBundle(t, other, testIdentity, testIssuer, b.Bytes), 0o644)
	_, err = Resolve(context.Background(), src, fresh())
	wantExit2(t, err, "signature refused")

	// Changed bytes, pinned anew: the keyless signature does not cover them.
	evil := build(t, map[string]string{"policy.yaml": "version: 1\nmode: audit\n"})
	os.WriteFile(file+BundleSuffix, sigstoreBundle(t, vs, testIdentity, testIssuer, b.Bytes), 0o644)
	os.WriteFile(file, evil.Bytes, 0o644)
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: evil.Digest, Identity: testIdentity, Issuer: testIssuer}, fresh())
	wantExit2(t, err, "signature refused")

	// No trusted root: said, not skipped.
	_, err = Resolve(context.Background(), src, Options{CacheDir: t.TempDir()})
	wantExit2(t, err, "needs the Sigstore trusted root given offline", "--trusted-root")
	_, err = Resolve(context.Background(), Source{Ref: file, Digest: b.Digest, Identity: testIdentity}, fresh())
	wantExit2(t, err, "needs both identity and issuer")
	_, err = Resolve(context.Background(), Source{Ref: "oci://registry.example/acme/policy:v1", Digest: b.Digest, Identity: testIdentity, Issuer: testIssuer}, fresh())
	wantExit2(t, err, "keyless verification of an OCI artifact is not supported yet")
}
