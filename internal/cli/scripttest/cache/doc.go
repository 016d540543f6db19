// Package cache runs the scripts of internal/cli/testdata/script about reusing work
// and repeating it byte for byte (cache_*.txtar: the analysis cache, warm and cold;
// deterministic.txtar: same input, same bytes) in a test binary of their own; see
// package scripttest for why the scripts are split by theme.
package cache
