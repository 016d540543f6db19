package sign

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/sethvargo/go-githubactions"
	"github.com/sigstore/sigstore-go/pkg/sign"
	"google.golang.org/protobuf/encoding/protojson"
)

// Public Sigstore instances keyless signing uses unless told otherwise.
const (
	DefaultFulcioURL = "https://fulcio.sigstore.dev"
	DefaultRekorURL  = "https://rekor.sigstore.dev"
)

// OIDCAudience is the audience Fulcio expects in the GitHub Actions token.
const OIDCAudience = "sigstore"

// KeylessOptions configure keyless signing; the zero value uses the public instances.
type KeylessOptions struct {
	// HTTPClient fetches the OIDC token and talks to Fulcio and Rekor; nil uses a client
	// with a 30 s timeout.
	HTTPClient *http.Client
	FulcioURL  string
	RekorURL   string
}

// keylessSigner gets its certificate when it first signs, not when it is made: a
// Fulcio certificate lives ten minutes, and the scan runs between loading the key and
// signing its outputs.
type keylessSigner struct {
	getenv func(string) string
	opts   KeylessOptions
	once   sync.Once
	// Set by certify.
	keypair *sign.EphemeralKeypair
	cert    []byte // DER
	err     error
}

// newKeyless checks that keyless signing can work here: in GitHub Actions with
// `permissions: id-token: write`. Elsewhere there is no token: ErrNoKey.
func newKeyless(getenv func(string) string, o KeylessOptions) (*keylessSigner, error) {
	if getenv("ACTIONS_ID_TOKEN_REQUEST_URL") == "" || getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN") == "" {
		return nil, fmt.Errorf("%w: keyless signing needs GitHub Actions with `permissions: id-token: write` (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN are unset)", ErrNoKey)
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if o.FulcioURL == "" {
		o.FulcioURL = DefaultFulcioURL
	}
	if o.RekorURL == "" {
		o.RekorURL = DefaultRekorURL
	}
	return &keylessSigner{getenv: getenv, opts: o}, nil
}

// certify fetches the GitHub Actions OIDC token (audience sigstore), makes an ephemeral
// key and has Fulcio certify it, once.
func (k *keylessSigner) certify(ctx context.Context) error {
	k.once.Do(func() {
		client := k.opts.HTTPClient
		action := githubactions.New(githubactions.WithGetenv(k.getenv), githubactions.WithHTTPClient(client), githubactions.WithWriter(io.Discard))
		token, err := action.GetIDToken(ctx, OIDCAudience)
		if err != nil {
			k.err = fmt.Errorf("keyless signing: could not get the GitHub Actions OIDC token: %w", err)
			return
		}
		if k.keypair, err = sign.NewEphemeralKeypair(nil); err != nil {
			k.err = fmt.Errorf("keyless signing: could not make an ephemeral key: %w", err)
			return
		}
		fulcio := sign.NewFulcio(&sign.FulcioOptions{BaseURL: k.opts.FulcioURL, Transport: client.Transport, Timeout: client.Timeout})
		if k.cert, err = fulcio.GetCertificate(ctx, k.keypair, &sign.CertificateProviderOptions{IDToken: token}); err != nil {
			k.err = fmt.Errorf("keyless signing: got the GitHub Actions OIDC token, but Fulcio at %s issued no certificate (is Sigstore reachable from this runner?): %w", k.opts.FulcioURL, err)
		}
	})
	return k.err
}

// fixedCert hands sigstore-go the certificate Fulcio already issued, so one scan asks
// Fulcio once however many files it signs.
type fixedCert []byte

func (c fixedCert) GetCertificate(context.Context, sign.Keypair, *sign.CertificateProviderOptions) ([]byte, error) {
	return c, nil
}

// Bundle signs content keylessly into a Sigstore bundle (JSON), logged in Rekor.
// attestation selects a DSSE envelope of an in-toto statement over a plain signature.
func (s *Signer) Bundle(ctx context.Context, data []byte, attestation bool) ([]byte, error) {
	if s.keyless == nil {
		return nil, fmt.Errorf("the %s signer writes .sig files, not Sigstore bundles", s.Ref)
	}
	if err := s.keyless.certify(ctx); err != nil {
		return nil, err
	}
	var content sign.Content = &sign.PlainData{Data: data}
	if attestation {
		content = &sign.DSSEData{Data: data, PayloadType: InTotoPayloadType}
	}
	b, err := sign.Bundle(content, s.keyless.keypair, sign.BundleOptions{
		CertificateProvider: fixedCert(s.keyless.cert),
		TransparencyLogs:    []sign.Transparency{sign.NewRekor(&sign.RekorOptions{BaseURL: s.keyless.opts.RekorURL, Version: 1})},
		Context:             ctx,
	})
	if err != nil {
		return nil, fmt.Errorf("keyless signing: could not make a Sigstore bundle (Rekor at %s): %w", s.keyless.opts.RekorURL, err)
	}
	out, err := protojson.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("keyless signing: could not encode the bundle: %w", err)
	}
	return append(out, '\n'), nil
}
