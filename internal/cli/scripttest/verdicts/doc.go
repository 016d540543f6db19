// Package verdicts runs the scripts of internal/cli/testdata/script about what the
// gate decides: the checks' verdicts (*_verdicts, image, iac_breadth, sbom, supply
// chain) and the policy around them (policy_*, baseline, --changed-since, the base
// commit's rules, init), in a test binary of their own; see package scripttest for why
// the scripts are split by theme.
package verdicts
