// Package goreplace finds the replace directives of a repository's go.mod that point
// at a folder outside the repository. The go command reads such a folder's Go files
// (lists, parses, compiles them for export data), so a pull request writing
// `replace m => /some/runner/path` or `=> ../..` would make the gate read runner
// files, and their imports judge the repository's findings.
package goreplace

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"

	"golang.org/x/mod/modfile"

	"github.com/shiftgate/shiftgate/internal/workspace"
)

// Outside returns an error naming the first replace directive of the go.mod at gomod
// (a workspace path) whose folder is outside the repository, directly or through a
// symbolic link; nil when there is none. A go.mod that does not parse is left to the
// go command, which says why; a folder that does not exist too.
func Outside(ws *workspace.Workspace, gomod string) error {
	data, err := ws.ReadFile(gomod)
	if err != nil {
		return nil
	}
	return OutsideData(ws, gomod, data)
}

// OutsideData is Outside for the go.mod's bytes, already read.
func OutsideData(ws *workspace.Workspace, gomod string, data []byte) error {
	mf, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return nil
	}
	for _, r := range mf.Replace {
		if r.New.Version != "" {
			continue // a module version, from the module proxy
		}
		target := filepath.FromSlash(r.New.Path)
		if !filepath.IsAbs(target) {
			target = filepath.Join(ws.Abs(path.Dir(gomod)), target)
		}
		if _, err := ws.Resolve(target); errors.Is(err, workspace.ErrOutside) {
			line := 0
			if r.Syntax != nil {
				line = r.Syntax.Start.Line
			}
			return fmt.Errorf("%s:%d replaces %s with the folder %s, outside the repository: the go command would read the runner's files there; replace it with a folder inside the repository or a module version", gomod, line, r.Old.Path, r.New.Path)
		}
	}
	return nil
}
