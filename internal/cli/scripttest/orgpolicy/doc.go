// Package orgpolicy runs the organisation policy scripts of
// internal/cli/testdata/script (org_policy*.txtar) in a test binary of their own;
// see package scripttest for why the scripts are split by theme.
package orgpolicy
