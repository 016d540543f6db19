//go:build !linux

package outdir

import "errors"

// exchange is not available here: Commit falls back to two renames.
func exchange(a, b string) error { return errors.New("no atomic exchange on this system") }
