package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestColourOnlyOnATerminalWithoutNoColor(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	cases := []struct {
		name     string
		terminal bool
		env      map[string]string
		args     []string
		want     bool
	}{
		{"terminal", true, nil, nil, true},
		{"pipe", false, nil, nil, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, nil, false},
		{"dumb terminal", true, map[string]string{"TERM": "dumb"}, nil, false},
		{"--no-color", true, nil, []string{"--no-color"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			env := &Env{Stdout: &out, Stderr: &errb, IsTerminal: c.terminal, Getenv: func(k string) string { return c.env[k] }}
			args := append([]string{"scan", "--quiet", "--out", t.TempDir()}, c.args...)
			if code := Run(context.Background(), append(args, root), env); code != ExitPass {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if got := strings.Contains(out.String(), "\x1b["); got != c.want {
				t.Fatalf("colour = %v, want %v:\n%q", got, c.want, out.String())
			}
		})
	}
}
