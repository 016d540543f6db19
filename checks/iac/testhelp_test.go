package iac

import (
	"context"
	"testing"
)

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	mods, err := BuiltinModules()
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(context.Background(), mods, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}
