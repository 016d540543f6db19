package exitcode

import (
	"errors"
	"flag"
	"fmt"
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
