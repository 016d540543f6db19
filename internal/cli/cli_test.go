package cli

import (
	"testing"

	"github.com/shiftgate/shiftgate/internal/cli/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m, Main) }

// TestScripts runs the end-to-end scripts in testdata/script that no theme of package
// scripttest claims (the others run in internal/cli/scripttest/...): the real binary
// entry point on real files, with exact exit codes asserted by the `exits` command.
func TestScripts(t *testing.T) {
	t.Parallel()
	scripttest.Run(t, "testdata/script", "")
}
