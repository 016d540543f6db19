package sign

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"

	"github.com/secure-systems-lab/go-securesystemslib/encrypted"
	"github.com/sigstore/sigstore/pkg/cryptoutils"
)

// GenerateKeyPair makes an ECDSA P-256 key pair in cosign's formats, as `cosign
// generate-key-pair` does: the private key as PKCS #8 encrypted with password
// (scrypt + secretbox) in an "ENCRYPTED SIGSTORE PRIVATE KEY" PEM block, the public
// key as a PKIX "PUBLIC KEY" PEM block.
func GenerateKeyPair(password []byte) (privatePEM, publicPEM []byte, err error) {
	pk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("could not generate a key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(pk)
	if err != nil {
		return nil, nil, fmt.Errorf("could not encode the key: %w", err)
	}
	enc, err := encrypted.Encrypt(der, password)
	if err != nil {
		return nil, nil, fmt.Errorf("could not encrypt the key: %w", err)
	}
	privatePEM = pem.EncodeToMemory(&pem.Block{Type: SigstorePrivateKeyPEM, Bytes: enc})
	publicPEM, err = cryptoutils.MarshalPublicKeyToPEM(pk.Public())
	if err != nil {
		return nil, nil, fmt.Errorf("could not encode the public key: %w", err)
	}
	return privatePEM, publicPEM, nil
}
