// Package cli is shiftgate's command line: argument parsing, the subcommands, and the
// one place where outcomes become exit codes. Main is testable in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/exitcode"
	"github.com/shiftgate/shiftgate/internal/policy"
)

// Exit codes of the command-line contract (docs/design.md, "Exit codes"), the same
// for every format; package exitcode maps errors to them.
const (
	ExitPass  = exitcode.Pass     // the gate passed
	ExitFail  = exitcode.Fail     // blocking findings, or a policy requirement unmet
	ExitUsage = exitcode.Usage    // usage error, invalid policy, unreadable target: nothing was judged
	ExitError = exitcode.Internal // a check could not run and the policy fails closed, or shiftgate failed
)

// Env is everything a command may touch outside its arguments, so tests can run the
// CLI in-process with their own environment and clock.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// IsTerminal reports whether stdout is a terminal (for colour); nil means no.
	IsTerminal bool
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Main runs the command line with the process environment. args exclude the program name.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// Every go command the gate starts runs with GOTOOLCHAIN=local (package goenv), and
	// so must those its libraries start with the process environment: golang.org/x/vuln
	// runs `go env` three times that way, once in the repository's directory. A go.mod's
	// toolchain line, which a pull request writes, must never make the runner download
	// and run another Go (TestNoGoCommandSwitchesToolchain).
	if err := os.Setenv("GOTOOLCHAIN", "local"); err != nil {
		fmt.Fprintf(stderr, "shiftgate: could not set GOTOOLCHAIN=local: %v\n", err)
		return exitcode.Internal
	}
	return Run(ctx, args, &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: os.Getenv, IsTerminal: isTerminal(stdout)})
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func usagef(format string, args ...any) error { return exitcode.Usagef(format, args...) }

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env *Env) error
}

func commands() []command {
	return []command{
		{"scan", "run the gate on a repository (PATH defaults to .)", runScan},
		{"init", "write a commented starter .shiftgate.yaml", runInit},
		{"policy", "validate the policy, explain what it will do, or bundle and pull an organisation policy (policy validate|explain|bundle|pull)", runPolicy},
		{"baseline", "record today's findings so only new ones fail (fail.new_only)", runBaseline},
		{"merge", "combine the out dirs of several shards into one verdict and one set of reports", runMerge},
		{"hook", "install the git pre-push hook (hook install [--force]), or run it (hook run)", runHook},
		{"db", "fetch an offline OSV database for --offline-db (db pull [--ecosystems …] DIR)", runDB},
		{"verify", "verify the signatures and attestation in an out dir (verify --key cosign.pub [DIR])", runVerify},
		{"tekton", "write Tekton Task results from an out dir (tekton results)", runTekton},
		{"version", "print the version", runVersion},
	}
}

// Run runs the command line with the given environment and returns the exit code.
func Run(ctx context.Context, args []string, env *Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(env.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitPass
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return finish(env, c.run(ctx, args[1:], env))
		}
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if near := policy.Nearest(args[0], names); near != "" {
		fmt.Fprintf(env.Stderr, "shiftgate: unknown command %q (did you mean %q?); 'shiftgate help' lists the commands\n", args[0], near)
	} else {
		fmt.Fprintf(env.Stderr, "shiftgate: unknown command %q; 'shiftgate help' lists the commands\n", args[0])
	}
	return ExitUsage
}

// finish prints what an error says and returns its exit code (exitcode.Of).
func finish(env *Env, err error) int {
	code, msg := exitcode.Of(err)
	if msg != "" {
		fmt.Fprintf(env.Stderr, "shiftgate: %s\n", msg)
	}
	return code
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "shiftgate: a security gate for CI\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  shiftgate %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nExit codes: 0 pass · 1 fail (blocking findings) · 2 usage or policy error · 3 a check could not run (fail-closed) or shiftgate failed\nRun 'shiftgate COMMAND -h' for a command's flags.\n")
}

func newFlags(name string, env *Env, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints its error and the whole usage on a bad flag; parse says
	// it once, with a suggestion, and the usage goes to stdout only when asked for.
	// The flag package writes its error message before it calls Usage, so a message
	// in errs means this is an error, not -h.
	errs := new(strings.Builder)
	fs.SetOutput(errs)
	fs.Usage = func() {
		if errs.Len() > 0 {
			return
		}
		fmt.Fprintf(env.Stdout, "Usage: shiftgate %s\n\nFlags:\n", usage)
		fs.SetOutput(env.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(errs)
	}
	return fs
}

// parse parses flags that may come before or after the positional arguments. -h and
// --help print the usage to stdout and end the command with exit 0; a bad flag is one
// usage error that names the closest flag.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError turns the flag package's error into one line that says what to do.
func flagError(fs *flag.FlagSet, err error) error {
	const undefined = "flag provided but not defined: -"
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, undefined); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := policy.Nearest(strings.TrimLeft(name, "-"), names); near != "" {
			return usagef("%s: unknown flag --%s (did you mean --%s?)", fs.Name(), strings.TrimLeft(name, "-"), near)
		}
		return usagef("%s: unknown flag --%s: 'shiftgate %s -h' lists the flags", fs.Name(), strings.TrimLeft(name, "-"), fs.Name())
	}
	return usagef("%s: %s: 'shiftgate %s -h' lists the flags", fs.Name(), msg, fs.Name())
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// groupHelp answers a command group's -h (policy, db, tekton, hook): the usage on
// stdout and exit 0, like every other command's.
func groupHelp(env *Env, args []string, usage string) (bool, error) {
	if len(args) == 0 || !isHelp(args[0]) {
		return false, nil
	}
	fmt.Fprintf(env.Stdout, "Usage: shiftgate %s\n", usage)
	return true, flag.ErrHelp
}

// Version returns the module version the binary was built from, "dev" when unknown.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "dev"
	}
	return bi.Main.Version
}

func runVersion(ctx context.Context, args []string, env *Env) error {
	fs := newFlags("version", env, "version")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	line := "shiftgate " + Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, goVer string
		goVer = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
		if rev != "" {
			line += " (" + rev[:min(12, len(rev))] + ")"
		}
		if goVer != "" {
			line += ", built with " + goVer
		}
	}
	fmt.Fprintln(env.Stdout, line)
	return nil
}
