package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shiftgate/shiftgate/internal/attest/verify"
)

// runVerify is `shiftgate verify --key cosign.pub [DIR]`: every signature and the
// attestation in an out dir, checked with the public key. Any mismatch exits 1 and
// names the file.
func runVerify(ctx context.Context, args []string, env *Env) (int, error) {
	fs := newFlags("verify", env, "verify --key cosign.pub [DIR]")
	key := fs.String("key", "", "the public key (cosign.pub) of the key the scan signed with (required)")
	subjectRoot := fs.String("subjects", ".", "where artifacts attested with scan --subject are, when they are not in DIR")
	pos, err := parse(fs, args)
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(".shiftgate", "out")
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		return 0, usagef("verify takes one DIR, got %d: %q", len(pos), pos)
	}
	if *key == "" {
		return 0, usagef("verify needs --key: the cosign.pub of the key the scan signed with")
	}
	pem, err := os.ReadFile(*key)
	if err != nil {
		return 0, fmt.Errorf("could not read the public key %q: %w", *key, err)
	}
	v, err := verify.LoadPublicKey(pem)
	if err != nil {
		return 0, usagef("%s: %v", *key, err)
	}
	rep, err := verify.Dir(ctx, dir, v, verify.Options{SubjectRoot: *subjectRoot})
	if err != nil {
		return 0, err
	}
	for _, c := range rep.Passed {
		fmt.Fprintf(env.Stdout, "ok      %s (%s)\n", c.File, c.What)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(env.Stdout, "FAILED  %s: %s\n", p.File, p.Message)
	}
	if !rep.OK() {
		return 0, exitError{code: ExitFail, err: fmt.Errorf("verification failed for %s", strings.Join(rep.Failed(), ", "))}
	}
	fmt.Fprintf(env.Stdout, "verified %d check(s) in %s\n", len(rep.Passed), dir)
	return ExitPass, nil
}
