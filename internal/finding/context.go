package finding

import (
	"path"
	"strings"
)

// The contexts that keep a finding from blocking by default (policy fail.context).
const (
	ContextTest      = "test"      // a test file or a test-only directory
	ContextTestdata  = "testdata"  // fixtures: testdata/, fixtures/
	ContextExample   = "example"   // examples, samples, demos
	ContextDocs      = "docs"      // documentation
	ContextGenerated = "generated" // a generated copy of another file
	ContextTooling   = "tooling"   // build tooling, scripts, test images
	ContextBenign    = "benign"    // the pattern matched, but this use is not a vulnerability (see the reason)
)

// The reachability levels of a dependency finding.
const (
	ReachReachable   = "reachable"        // a call path to a vulnerable symbol
	ReachApproximate = "reachable-approx" // a call path that goes through the call graph's over-approximation
	ReachImported    = "imported"         // the vulnerable package is imported; the record names no symbols
	ReachUnreachable = "unreachable"      // no call path from this module's code
	ReachNotImported = "not-imported"     // no package of the module imports it
)

// PathContext classifies a repository path (slash-separated) by where it sits: test
// code, fixtures, examples, docs, generated files, build tooling. It returns "" for
// ordinary code. Only the path is read; checks that know more (a "Code generated"
// header, say) set the context themselves.
func PathContext(p string) (ctx, reason string) {
	if p == "" {
		return "", ""
	}
	base := path.Base(p)
	lower := strings.ToLower(p)
	dirs := strings.Split(path.Dir(lower), "/")
	hasDir := func(names ...string) string {
		for _, d := range dirs {
			for _, n := range names {
				if d == n {
					return d
				}
			}
		}
		return ""
	}
	lb := strings.ToLower(base)
	switch {
	case hasDir("testdata", "fixtures", "__fixtures__", "test-fixtures", "testfixtures") != "":
		return ContextTestdata, "it is in a test fixture directory (" + hasDir("testdata", "fixtures", "__fixtures__", "test-fixtures", "testfixtures") + "/)"
	case strings.HasSuffix(lb, "_test.go") || strings.HasPrefix(lb, "test_") && strings.HasSuffix(lb, ".py") ||
		strings.HasSuffix(lb, "_test.py") || strings.Contains(lb, ".test.") || strings.Contains(lb, ".spec."):
		return ContextTest, "it is in a test file"
	case hasDir("test", "tests", "__tests__", "e2e", "integration-tests", "testing", "testutil", "testutils") != "":
		return ContextTest, "it is in a test directory (" + hasDir("test", "tests", "__tests__", "e2e", "integration-tests", "testing", "testutil", "testutils") + "/)"
	case hasDir("example", "examples", "_examples", "sample", "samples", "demo", "demos") != "":
		return ContextExample, "it is in an example (" + hasDir("example", "examples", "_examples", "sample", "samples", "demo", "demos") + "/)"
	case hasDir("docs", "doc", "documentation", "website") != "" || strings.HasSuffix(lb, ".md") ||
		strings.HasSuffix(lb, ".rst") || strings.HasSuffix(lb, ".adoc"):
		return ContextDocs, "it is documentation"
	case strings.HasPrefix(lb, "zz_generated") || strings.HasSuffix(lb, ".pb.go") || strings.HasSuffix(lb, "_generated.go") ||
		hasDir("generated") != "":
		return ContextGenerated, "it is a generated file"
	case dockerfileFor(lb, "test", "tests", "e2e", "integration"):
		return ContextTest, "it is a test-runner image (" + base + "), not the shipped product"
	case dockerfileFor(lb, "dev", "devel", "devcontainer", "ci", "tools", "tooling", "lint", "docs"):
		return ContextTooling, "it is a build-tooling or development image (" + base + "), not the shipped product"
	case lb == ".gitpod.dockerfile" || hasDir(".devcontainer", ".gitpod") != "":
		return ContextTooling, "it is a development-environment image, not the shipped product"
	case hasDir("hack", "tools", "tool", "scripts", "script") != "":
		return ContextTooling, "it is build tooling (" + hasDir("hack", "tools", "tool", "scripts", "script") + "/), not the shipped product"
	}
	return "", ""
}

// dockerfileFor reports whether a Dockerfile's name (lower case) marks it as an image
// for one of the given purposes: Dockerfile.test, test.Dockerfile, Dockerfile-e2e.
func dockerfileFor(name string, purposes ...string) bool {
	if !strings.Contains(name, "dockerfile") {
		return false
	}
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '-' || r == '_' }) {
		for _, p := range purposes {
			if part == p {
				return true
			}
		}
	}
	return false
}
