// Package toolerr turns what a toolchain subprocess printed (the go command, the
// compiler, the assembler, govulncheck) into text the gate may publish.
//
// Toolchain output is never published as it is: the assembler's errors quote the
// tokens of any file a committed .s file #includes (a token file of the runner, say),
// and paths name the runner's folders. An error here keeps a short reason chosen from
// a fixed list and, when the output names one, the repository-relative file and line
// it concerns; any path outside the repository root and any quoted text are dropped.
package toolerr

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Kind is the class of a toolchain failure.
type Kind string

// The classes, each with the reason published for it.
const (
	Assembler   Kind = "the Go assembler rejected an assembly file (its output is withheld: it can quote files outside the repository)"
	Embed       Kind = "a //go:embed pattern matches no file, or an invalid one"
	Constraints Kind = "build constraints exclude all Go files"
	Cgo         Kind = "the package needs cgo, which is off (CGO_ENABLED=0, so that no C compiler runs on repository code)"
	Module      Kind = "a required module is missing from the module cache or go.sum (offline, or go.mod is incomplete)"
	Cache       Kind = "the go command could not create or write its build or module cache"
	GoMod       Kind = "go.mod or go.sum is invalid"
	Toolchain   Kind = "the module needs a newer Go toolchain than the local one"
	Cycle       Kind = "an import cycle"
	Syntax      Kind = "a Go file does not parse"
	Types       Kind = "the package does not type-check"
	Killed      Kind = "the tool was killed or timed out"
	Other       Kind = "the go command failed (its output is withheld: it can quote files outside the repository)"
)

// rule classifies output holding any of subs as kind.
type rule struct {
	kind Kind
	subs []string
}

// classOf is the kind of the first rule whose text raw holds.
func classOf(raw string, rules []rule) (Kind, bool) {
	for _, r := range rules {
		if containsAny(raw, r.subs) {
			return r.kind, true
		}
	}
	return "", false
}

// rules map the go command's output to a class, first match wins.
var rules = []rule{
	{Assembler, []string{"assembly of ", "\nasm: ", "asm: "}},
	{Embed, []string{"go:embed", "no matching files found", "invalid pattern syntax", "cannot embed"}},
	{Constraints, []string{"build constraints exclude all Go files"}},
	{Cgo, []string{"C source files not allowed", "use of cgo", "requires cgo", "cgo:"}},
	{Cache, []string{"could not create module cache", "failed to initialize build cache", "read-only file system", "permission denied"}},
	{Toolchain, []string{"requires go >=", "go.mod requires go", "toolchain"}},
	{GoMod, []string{"errors parsing go.mod", "go.mod:", "go.sum:", "malformed module path", "invalid go.sum"}},
	{Module, []string{"no required module provides", "cannot find module providing", "missing go.sum entry", "module lookup disabled", "GOPROXY", "dial tcp", "updates to go.mod needed", "inconsistent vendoring"}},
	{Cycle, []string{"import cycle"}},
	{Syntax, []string{"expected ", "syntax error"}},
	{Types, []string{"undefined:", "cannot use", "declared and not used", "not enough arguments", "too many arguments", "mismatched types"}},
	{Killed, []string{"signal: killed", "context deadline exceeded", "signal: terminated"}},
}

// Error is a classified toolchain failure: safe to publish.
type Error struct {
	Kind Kind
	// File is the repository-relative, slash-separated file the output named first
	// (inside the root), "" if none; Line its line, 0 if unknown.
	File string
	Line int
	// Want is the Go version a Toolchain error says the module asks for ("go1.99"),
	// a validated version word; "" otherwise.
	Want string
	raw  string
}

// Error renders "file:line: reason" (or the reason alone).
func (e *Error) Error() string {
	if e.Want != "" {
		return fmt.Sprintf("%s (it asks for %s; GOTOOLCHAIN=local, none was downloaded)", e.Kind, e.Want)
	}
	switch {
	case e.File != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Kind)
	case e.File != "":
		return fmt.Sprintf("%s: %s", e.File, e.Kind)
	}
	return string(e.Kind)
}

// Raw is the tool's own output, for matching inside the gate only: never publish it.
func (e *Error) Raw() string { return e.raw }

// posRE finds "file:line" at the start of a line of output (the go command's,
// the compiler's and the assembler's form), and assemblyRE the file "assembly of
// F failed" names.
var (
	posRE      = regexp.MustCompile(`(?m)^(?:#\s*)?([^\s:"]+\.[A-Za-z0-9]+):(\d+)`)
	assemblyRE = regexp.MustCompile(`assembly of (\S+) failed`)
	wantRE     = regexp.MustCompile(`(?:requires go >= ?|toolchain )(go)?(1\.[0-9]{1,3}(?:\.[0-9]{1,3})?(?:rc[0-9]{1,2})?)\b`)
	embedRE    = regexp.MustCompile(`(?m)^([^\s:"]+\.go):(\d+)(?::\d+)?: .*(?:pattern|embed)`)
)

// Classify classifies raw, the output of a tool that ran in dir (absolute), for the
// repository at root (absolute). Relative paths in the output are read from dir.
func Classify(raw, root, dir string) *Error {
	e := &Error{Kind: Other, raw: raw}
	if k, ok := classOf(raw, rules); ok {
		e.Kind = k
	}
	if m := wantRE.FindStringSubmatch(raw); m != nil && e.Kind == Toolchain {
		e.Want = "go" + m[2]
	}
	// The file it concerns: an embed error's Go file, the .s file the assembler failed
	// on, else the first position inside the root.
	if m := embedRE.FindStringSubmatch(raw); m != nil && e.Kind == Embed {
		e.setPos(m[1], m[2], root, dir)
	}
	if e.File == "" {
		if m := assemblyRE.FindStringSubmatch(raw); m != nil {
			e.setPos(m[1], "", root, dir)
		}
	}
	if e.File == "" {
		for _, m := range posRE.FindAllStringSubmatch(raw, -1) {
			if e.setPos(m[1], m[2], root, dir) {
				break
			}
		}
	}
	return e
}

// Rel returns p (absolute, or relative to dir) relative to root, slash-separated,
// and whether it lies inside root.
func Rel(p, root, dir string) (string, bool) {
	if root == "" {
		return "", false
	}
	if !filepath.IsAbs(p) {
		if dir == "" {
			return "", false
		}
		p = filepath.Join(dir, p)
	}
	rel, err := filepath.Rel(root, filepath.Clean(p))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

func (e *Error) setPos(file, line, root, dir string) bool {
	rel, ok := Rel(file, root, dir)
	if !ok {
		return false
	}
	e.File = rel
	e.Line, _ = strconv.Atoi(line)
	return true
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
