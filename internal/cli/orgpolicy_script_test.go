package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shiftgate/shiftgate/internal/attest/sign"
)

// The testscript commands of the organisation policy scripts (org_policy_*.txtar).

// cmdKeypair is `keypair DIR`: a cosign key pair (DIR/cosign.key encrypted with
// $COSIGN_PASSWORD, DIR/cosign.pub) in cosign's formats.
func cmdKeypair(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keypair DIR")
	}
	priv, pub, err := sign.GenerateKeyPair([]byte(ts.Getenv("COSIGN_PASSWORD")))
	ts.Check(err)
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.WriteFile(filepath.Join(dir, "cosign.key"), priv, 0o600))
	ts.Check(os.WriteFile(filepath.Join(dir, "cosign.pub"), pub, 0o644))
}

// cmdRegistry is `registry VAR`: an in-process OCI registry (go-containerregistry's)
// for the rest of the script, its HOST:PORT in $VAR.
func cmdRegistry(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: registry VAR")
	}
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], strings.TrimPrefix(srv.URL, "http://"))
}

// cmdSHA256 is `sha256 FILE VAR`: $VAR=sha256:HEX of FILE and $VAR_HEX=HEX.
func cmdSHA256(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sha256 FILE VAR")
	}
	sum := sha256.Sum256([]byte(ts.ReadFile(args[0])))
	ts.Setenv(args[1], "sha256:"+hex.EncodeToString(sum[:]))
	ts.Setenv(args[1]+"_HEX", hex.EncodeToString(sum[:]))
}

// scriptCondition answers [cosign]: whether the real cosign CLI is there
// (SHIFTGATE_COSIGN, which .ci/run builds).
func scriptCondition(cond string) (bool, error) {
	if cond == "cosign" {
		return os.Getenv("SHIFTGATE_COSIGN") != "", nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdCosign is `[!] cosign ARGS...`: the real cosign CLI (SHIFTGATE_COSIGN); scripts
// guard it with [!cosign] skip.
func cmdCosign(ts *testscript.TestScript, neg bool, args []string) {
	bin := os.Getenv("SHIFTGATE_COSIGN")
	if bin == "" {
		ts.Fatalf("SHIFTGATE_COSIGN is not set: guard the script with [!cosign] skip")
	}
	err := ts.Exec(bin, args...)
	if neg && err == nil {
		ts.Fatalf("cosign %s succeeded unexpectedly", strings.Join(args, " "))
	}
	if !neg {
		ts.Check(err)
	}
}
