package exitcode

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/internal/result"
)

func TestOf(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		code     int
		message  string
		wantsMsg bool
	}{
		{"nil passes", nil, Pass, "", false},
		{"help passes", fmt.Errorf("parse: %w", flag.ErrHelp), Pass, "", false},
		{"an error without a code is internal, not usage", errors.New("disk full"), Internal, "disk full", true},
		{"usage", Usagef("unknown --format %q", "yaml"), Usage, `unknown --format "yaml"`, true},
		{"wrapped usage keeps its code", fmt.Errorf("scan: %w", AsUsage(errors.New("bad policy"))), Usage, "scan: bad policy", true},
		{"a failing verdict is silent", FromVerdict(result.Fail, "1 blocking finding"), Fail, "", false},
		{"an error verdict is 3 and silent", FromVerdict(result.Error, "sast could not run"), Internal, "", false},
		{"a pass verdict is no error", FromVerdict(result.Pass, "clean"), Pass, "", false},
		{"joined: the worst code, the spoken parts", errors.Join(FromVerdict(result.Fail, "x"), errors.New("could not write summary.md")), Internal, "could not write summary.md", true},
		{"joined: a verdict and nothing else", errors.Join(FromVerdict(result.Fail, "x"), nil), Fail, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, msg := Of(c.err)
			if code != c.code || msg != c.message {
				t.Errorf("Of(%v) = %d, %q; want %d, %q", c.err, code, msg, c.code, c.message)
			}
		})
	}
}

// docs/design.md's table is the contract users read: each code's row must say what
// the constants mean, and an unwritable out dir must be a 3, not a usage error.
func TestDesignDocumentsTheCodes(t *testing.T) {
	doc, err := os.ReadFile("../../docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## Exit codes")
	if !ok {
		t.Fatal("docs/design.md has no \"## Exit codes\" section")
	}
	rows := map[int]string{}
	for _, line := range strings.Split(section, "\n") {
		var code int
		if _, err := fmt.Sscanf(line, "| %d |", &code); err == nil {
			rows[code] = line
		}
	}
	for code, words := range map[int][]string{
		Pass:     {"passed"},
		Fail:     {"gate failed", "blocking findings"},
		Usage:    {"nothing was judged", "unknown flag", "invalid policy"},
		Internal: {"could not run", "fail.on_error: fail", "out dir or report it cannot write"},
	} {
		for _, w := range words {
			if !strings.Contains(rows[code], w) {
				t.Errorf("docs/design.md's row for exit %d does not say %q: %q", code, w, rows[code])
			}
		}
	}
	if strings.Contains(rows[Usage], "cannot write") {
		t.Error("docs/design.md lists an unwritable out dir as a usage error")
	}
}
