package sign

import (
	"bytes"
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sigstore/sigstore/pkg/cryptoutils"
	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/sigstore/sigstore/pkg/signature/dsse"
)

const password = "correct horse battery staple"

func keyPair(t *testing.T) (priv, pub []byte) {
	t.Helper()
	priv, pub, err := GenerateKeyPair([]byte(password))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(priv, []byte("-----BEGIN "+SigstorePrivateKeyPEM+"-----")) {
		t.Fatalf("private key is not in cosign's format:\n%s", priv)
	}
	return priv, pub
}

func verifier(t *testing.T, pub []byte) signature.Verifier {
	t.Helper()
	pk, err := cryptoutils.UnmarshalPEMToPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	v, err := signature.LoadVerifier(pk, crypto.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func getenv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestKeyFileSignsBlobsAndAttestations(t *testing.T) {
	priv, pub := keyPair(t)
	path := filepath.Join(t.TempDir(), "cosign.key")
	if err := os.WriteFile(path, priv, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(context.Background(), path, Options{Getenv: getenv(map[string]string{"COSIGN_PASSWORD": password})})
	if err != nil {
		t.Fatal(err)
	}
	v := verifier(t, pub)
	data := []byte(`{"verdict": "pass"}`)
	sigB64, err := s.SignBlob(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := base64.StdEncoding.DecodeString(string(sigB64))
	if err != nil {
		t.Fatalf("a .sig must be base64: %v", err)
	}
	if err := v.VerifySignature(bytes.NewReader(sig), bytes.NewReader(data)); err != nil {
		t.Errorf("the public key does not verify the signature: %v", err)
	}
	if err := v.VerifySignature(bytes.NewReader(sig), bytes.NewReader([]byte(`{"verdict": "fail"}`))); err == nil {
		t.Error("the signature verifies other content")
	}

	statement := []byte(`{"_type":"https://in-toto.io/Statement/v1"}`)
	env, err := s.Attest(context.Background(), statement)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(env, []byte("\n")) != 1 || !bytes.HasSuffix(env, []byte("\n")) {
		t.Errorf("the envelope must be one JSON line: %q", env)
	}
	var e struct {
		PayloadType string `json:"payloadType"`
		Payload     string `json:"payload"`
	}
	if err := json.Unmarshal(env, &e); err != nil {
		t.Fatal(err)
	}
	if e.PayloadType != InTotoPayloadType {
		t.Errorf("payloadType %q", e.PayloadType)
	}
	if p, _ := base64.StdEncoding.DecodeString(e.Payload); !bytes.Equal(p, statement) {
		t.Errorf("payload %q, want the statement bytes", p)
	}
	if err := dsse.WrapVerifier(v).VerifySignature(bytes.NewReader(env), nil); err != nil {
		t.Errorf("the DSSE envelope does not verify: %v", err)
	}
	got, err := s.PublicKeyPEM()
	if err != nil || !bytes.Equal(got, pub) {
		t.Errorf("PublicKeyPEM = %s, %v; want the key pair's public key", got, err)
	}
}

func TestEnvKey(t *testing.T) {
	priv, pub := keyPair(t)
	s, err := Load(context.Background(), "env://SIGNING_KEY", Options{Getenv: getenv(map[string]string{"SIGNING_KEY": string(priv), "COSIGN_PASSWORD": password})})
	if err != nil {
		t.Fatal(err)
	}
	sig, _ := s.SignBlob(context.Background(), []byte("x"))
	raw, _ := base64.StdEncoding.DecodeString(string(sig))
	if err := verifier(t, pub).VerifySignature(bytes.NewReader(raw), bytes.NewReader([]byte("x"))); err != nil {
		t.Error(err)
	}
}

func TestNoKey(t *testing.T) {
	for _, ref := range []string{"", "env://UNSET", "keyless"} {
		_, err := Load(context.Background(), ref, Options{Getenv: getenv(nil)})
		if !errors.Is(err, ErrNoKey) {
			t.Errorf("Load(%q) = %v, want ErrNoKey", ref, err)
		}
	}
}

// Errors name the key and the fix, never the password or the key material.
func TestBadKeysSayWhyWithoutSecrets(t *testing.T) {
	priv, _ := keyPair(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "cosign.key")
	os.WriteFile(keyFile, priv, 0o600)
	plain := filepath.Join(dir, "plain.pem")
	// An unencrypted PKCS #8 block, built here rather than written as a literal.
	os.WriteFile(plain, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{0}}), 0o600)
	for _, c := range []struct {
		ref, env, want string
	}{
		{keyFile, "wrong password", "COSIGN_PASSWORD"},
		{filepath.Join(dir, "missing.key"), password, "could not read the signing key"},
		{plain, password, "not a cosign private key"},
		{"env://K", password, "not a PEM file"},
		{"awskms://localhost/alias/shiftgate", password, "links no awskms provider"},
		{"hashivault://transit-key", password, "links no hashivault provider"},
	} {
		_, err := Load(context.Background(), c.ref, Options{Getenv: getenv(map[string]string{"COSIGN_PASSWORD": c.env, "K": "not a key", "PATH": ""})})
		if err == nil {
			t.Errorf("Load(%q) succeeded", c.ref)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Load(%q) = %v, want it to say %q", c.ref, err, c.want)
		}
		if strings.Contains(err.Error(), c.env) || strings.Contains(err.Error(), "PRIVATE KEY-----") {
			t.Errorf("the error reveals a secret: %v", err)
		}
	}
}

// Keyless in GitHub Actions: when signing starts, the OIDC token is fetched with the
// request token and audience sigstore, then Fulcio is asked for a certificate. Fulcio
// is unreachable in this environment, so the test server answers 503 and the error
// must say so.
func TestKeylessFetchesTheActionsToken(t *testing.T) {
	// header.payload.signature; Fulcio's client only reads the payload's subject.
	claims := base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"https://token.actions.githubusercontent.com","sub":"repo:acme/app:ref:refs/heads/main","aud":"sigstore"}`))
	oidc := "eyJhbGciOiJSUzI1NiJ9." + claims + ".c2lnbmF0dXJl"
	var tokenCalls, fulcioCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/token":
			tokenCalls.Add(1)
			if r.Header.Get("Authorization") != "Bearer request-token" || r.URL.Query().Get("audience") != "sigstore" {
				http.Error(w, "bad request", http.StatusUnauthorized)
				return
			}
			json.NewEncoder(w).Encode(map[string]string{"value": oidc})
		case "/api/v2/signingCert":
			fulcioCalls.Add(1)
			if r.Header.Get("Authorization") != "Bearer "+oidc {
				t.Errorf("Fulcio got Authorization %q, want the OIDC token", r.Header.Get("Authorization"))
			}
			http.Error(w, "Sigstore is unreachable from here", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	env := getenv(map[string]string{
		"ACTIONS_ID_TOKEN_REQUEST_URL":   srv.URL + "/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": "request-token",
	})
	s, err := Load(context.Background(), "keyless", Options{Getenv: env, Keyless: KeylessOptions{HTTPClient: srv.Client(), FulcioURL: srv.URL, RekorURL: srv.URL}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !s.Keyless() || tokenCalls.Load() != 0 {
		t.Fatalf("the token must be fetched when signing starts, not at load (fetched %d time(s))", tokenCalls.Load())
	}
	if _, err := s.SignBlob(context.Background(), []byte("x")); err == nil {
		t.Error("a keyless signer wrote a .sig")
	}
	_, err = s.Bundle(context.Background(), []byte("report"), false)
	if err == nil {
		t.Fatal("keyless signing succeeded against a Fulcio that answers 503")
	}
	// A second file does not ask again: the outcome of the first attempt holds.
	if _, err2 := s.Bundle(context.Background(), []byte("statement"), true); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("second bundle: %v, want the same error", err2)
	}
	if tokenCalls.Load() != 1 || fulcioCalls.Load() != 1 {
		t.Errorf("token fetched %d time(s), Fulcio asked %d time(s); want 1 and 1", tokenCalls.Load(), fulcioCalls.Load())
	}
	if !strings.Contains(err.Error(), "got the GitHub Actions OIDC token, but Fulcio at "+srv.URL) {
		t.Errorf("error %q should say the token was fetched and Fulcio failed", err)
	}
	if strings.Contains(err.Error(), oidc) || strings.Contains(err.Error(), "request-token") {
		t.Errorf("the error reveals a token: %v", err)
	}

	// A refused token request is reported as such.
	env = getenv(map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL + "/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "wrong"})
	s, err = Load(context.Background(), "keyless", Options{Getenv: env, Keyless: KeylessOptions{HTTPClient: srv.Client(), FulcioURL: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Bundle(context.Background(), []byte("report"), false)
	if err == nil || !strings.Contains(err.Error(), "could not get the GitHub Actions OIDC token") {
		t.Errorf("err = %v, want the token fetch to fail", err)
	}
}
