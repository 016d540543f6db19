package iac

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"time"
)

// OPA has no allocation limit: a rule may build a comprehension over
// numbers.range(1, 1e9) or double a string until the process dies. What it does honour
// is cancellation (topdown checks it between evaluation steps, and numbers.range
// between elements), so a custom rule's evaluation runs under a watch that samples the
// heap and cancels the evaluation once the heap has grown past a budget since it
// began. Evaluations are short (milliseconds), so other checks' allocations in that
// window are small against the budget. One builtin call is not interrupted: the heap
// can overshoot the budget by the allocation in flight (a doubled string), which is
// why a rule's text is also bounded by its file size.

// errMemory is the cause of an evaluation cancelled for its memory.
var errMemory = errors.New("memory")

// memorySampleEvery is how often the watch reads the heap.
const memorySampleEvery = time.Millisecond

// watchMemory returns a context cancelled with cause errMemory when the heap's object
// bytes grow by more than limit past what they were at the call, and a stop function
// that ends the watch and reports whether it fired.
func watchMemory(ctx context.Context, limit uint64) (context.Context, func() bool) {
	ctx, cancel := context.WithCancelCause(ctx)
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return sample[0].Value.Uint64()
	}
	start := read()
	done := make(chan struct{})
	fired := make(chan bool, 1)
	go func() {
		t := time.NewTicker(memorySampleEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				fired <- false
				return
			case <-ctx.Done():
				fired <- errors.Is(context.Cause(ctx), errMemory)
				return
			case <-t.C:
				if v := read(); v > start && v-start > limit {
					cancel(errMemory)
				}
			}
		}
	}()
	return ctx, func() bool {
		close(done)
		f := <-fired
		cancel(nil)
		return f
	}
}

// memoryError says a custom rule was stopped for its memory.
func memoryError(limit uint64) error {
	return fmt.Errorf("stopped: it grew the memory by more than %d MiB (OPA has no allocation limit; the gate bounds each custom rule's evaluation)", limit>>20)
}
