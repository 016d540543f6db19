// Package worker keeps a panic in a goroutine from killing the gate. A panic on any
// goroutine but the one that recovers it ends the process, with no report at all; so
// every worker goroutine a check starts runs its body through Protect or Run, and the
// panic comes back as an error: that check's `error` status, with the other checks'
// findings and every report still written (docs/security.md).
package worker

import (
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
)

// PanicError is a recovered panic and where it happened.
type PanicError struct {
	Value any
	Stack string // the first frames, enough to report the bug
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("crashed: %v (this is a shiftgate bug: please report it with this stack)\n%s", e.Value, e.Stack)
}

// Run calls f and returns its panic, if any, as a *PanicError.
func Run(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: frames(debug.Stack())}
		}
	}()
	f()
	return nil
}

// Protect wraps f for errgroup.Group.Go: a panic in f is returned as its error.
func Protect(f func() error) func() error {
	return func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: frames(debug.Stack())}
			}
		}()
		return f()
	}
}

// Panics collects the panics of workers that have no error to return; the goroutine
// that waits for them calls Err (or Raise, to hand the panic to a recover further up).
type Panics struct {
	mu    sync.Mutex
	first error
}

// Do runs f, recording its panic.
func (p *Panics) Do(f func()) {
	if err := Run(f); err != nil {
		p.mu.Lock()
		if p.first == nil {
			p.first = err
		}
		p.mu.Unlock()
	}
}

// Err is the first recorded panic, or nil.
func (p *Panics) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.first
}

// Raise panics again, on the calling goroutine, with the first recorded panic: the
// gate recovers a check's own goroutine and turns it into the check's error.
func (p *Panics) Raise() {
	if err := p.Err(); err != nil {
		panic(err)
	}
}

func frames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, "\n")
}
