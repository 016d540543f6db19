package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// ToolID identifies the running program for cache keys: its module version, the VCS
// revision it was built from, the Go release that built it and every linked module's
// version and sum (gosec's, gitleaks', OPA's rules live there). A build without a clean
// VCS revision (a test binary, `go run`, a modified tree) adds the executable's path,
// size and modification time, so a rebuilt binary never reads an older build's entries.
func ToolID() string {
	var b strings.Builder
	fmt.Fprintf(&b, "go=%s os=%s arch=%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	clean := false
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(&b, "main=%s@%s\n", bi.Main.Path, bi.Main.Version)
		rev, modified := "", ""
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
			fmt.Fprintf(&b, "setting %s=%s\n", s.Key, s.Value)
		}
		clean = rev != "" && modified == "false"
		for _, d := range bi.Deps {
			fmt.Fprintf(&b, "dep %s@%s %s\n", d.Path, d.Version, d.Sum)
			if d.Replace != nil {
				fmt.Fprintf(&b, "  => %s@%s %s\n", d.Replace.Path, d.Replace.Version, d.Replace.Sum)
			}
		}
	}
	if !clean {
		if exe, err := os.Executable(); err == nil {
			if st, err := os.Stat(exe); err == nil {
				fmt.Fprintf(&b, "exe=%s size=%d mtime=%d\n", exe, st.Size(), st.ModTime().UnixNano())
			}
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
