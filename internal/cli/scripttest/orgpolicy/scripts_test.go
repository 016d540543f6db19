package orgpolicy_test

import (
	"path/filepath"
	"testing"

	"github.com/shiftgate/shiftgate/internal/cli"
	"github.com/shiftgate/shiftgate/internal/cli/scripttest"
)

func TestMain(m *testing.M) { scripttest.Main(m, cli.Main) }

// TestScripts runs the "orgpolicy" scripts of internal/cli/testdata/script: the real binary
// entry point on real files, with exact exit codes asserted by the `exits` command.
func TestScripts(t *testing.T) {
	scripttest.Run(t, filepath.Join("..", "..", "testdata", "script"), "orgpolicy")
}
