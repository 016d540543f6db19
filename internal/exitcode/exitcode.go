// Package exitcode is shiftgate's exit-code contract (docs/design.md, "Exit codes"):
// commands return an error, errors of this package carry their code, and Of maps any
// error to its code — the one place where that happens. An error that carries no
// code is an internal failure (exit 3), never a usage error.
package exitcode

import (
	"errors"
	"flag"
	"fmt"

	"github.com/shiftgate/shiftgate/internal/result"
)

// The exit codes, the same for every command and every output format.
const (
	Pass     = 0 // the gate passed (or the command did what it was asked)
	Fail     = 1 // blocking findings, or a policy requirement unmet
	Usage    = 2 // how the command was called, the policy or the target is wrong: nothing was judged
	Internal = 3 // a check could not run and the policy fails closed, or shiftgate itself failed
)

// Error is an error with the exit code it ends the command with. Silent errors print
// nothing: the reports already said why (a failing verdict).
type Error struct {
	Code   int
	Err    error
	Silent bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Usagef is a usage error: exit 2.
func Usagef(format string, args ...any) error {
	return &Error{Code: Usage, Err: fmt.Errorf(format, args...)}
}

// AsUsage marks err as a usage error (nil stays nil).
func AsUsage(err error) error { return with(Usage, err) }

// AsFail marks err as a failure of the gate's judgement: exit 1.
func AsFail(err error) error { return with(Fail, err) }

func with(code int, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Err: err}
}

// Verdict ends a command whose outcome is a verdict the reports already explained:
// code 0 gives nil, any other code a silent error carrying it.
func Verdict(code int, why string) error {
	if code == Pass {
		return nil
	}
	return &Error{Code: code, Err: errors.New(why), Silent: true}
}

// FromVerdict ends a scan or a merge: nil for a pass, else a silent error with the
// verdict's code (fail 1, error 3) — the reports already say why.
func FromVerdict(v result.Verdict, reason string) error {
	switch v {
	case result.Pass:
		return nil
	case result.Fail:
		return Verdict(Fail, reason)
	default:
		return Verdict(Internal, reason)
	}
}

// Of returns err's exit code, and the message to print ("" for none). A joined error
// takes the highest code of its parts, and a spoken part is never hidden by a silent
// one; flag.ErrHelp is a pass.
func Of(err error) (int, string) {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return Pass, ""
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		code, msg := Pass, ""
		for _, e := range j.Unwrap() {
			c, m := Of(e)
			code = max(code, c)
			if m != "" {
				if msg != "" {
					msg += "\n"
				}
				msg += m
			}
		}
		return code, msg
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Silent {
			return e.Code, ""
		}
		return e.Code, err.Error()
	}
	return Internal, err.Error()
}
