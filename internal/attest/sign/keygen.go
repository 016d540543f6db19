package sign

import (
	"fmt"

	"github.com/sigstore/cosign/v2/pkg/cosign"
)

// GenerateKeyPair makes a key pair with cosign's own cosign.GenerateKeyPair, as `cosign
// generate-key-pair` does: ECDSA P-256, the private key as PKCS #8 encrypted with
// password in an "ENCRYPTED SIGSTORE PRIVATE KEY" PEM block, the public key as a PKIX
// "PUBLIC KEY" PEM block.
func GenerateKeyPair(password []byte) (privatePEM, publicPEM []byte, err error) {
	keys, err := cosign.GenerateKeyPair(func(bool) ([]byte, error) { return password, nil })
	if err != nil {
		return nil, nil, fmt.Errorf("could not generate a key pair: %w", err)
	}
	return keys.PrivateBytes, keys.PublicBytes, nil
}
