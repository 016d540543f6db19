package worker

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"golang.org/x/sync/errgroup"
)

func TestPanicsInWorkersBecomeErrors(t *testing.T) {
	var g errgroup.Group
	g.Go(Protect(func() error { return nil }))
	g.Go(Protect(func() error { var m map[string]int; m["x"] = 1; return nil }))
	err := g.Wait()
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "assignment to entry in nil map") {
		t.Fatalf("errgroup worker: %v", err)
	}

	var p Panics
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Do(func() {
				if i == 2 {
					panic("boom")
				}
			})
		}()
	}
	wg.Wait()
	if err := p.Err(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Panics.Err = %v", err)
	}
	if err := Run(p.Raise); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("Raise did not panic with the recorded panic: %v", err)
	}
	if err := Run(func() {}); err != nil {
		t.Fatal(err)
	}
}
