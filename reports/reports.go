// Package reports writes every report file of a scan into the out dir. Each writer
// lives in its own package and is a pure function of the result: no flags, no
// environment, no clock.
package reports

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/shiftgate/shiftgate/internal/outdir"
	"github.com/shiftgate/shiftgate/internal/result"
	"github.com/shiftgate/shiftgate/reports/html"
	"github.com/shiftgate/shiftgate/reports/jsonreport"
	"github.com/shiftgate/shiftgate/reports/junit"
	"github.com/shiftgate/shiftgate/reports/markdown"
	"github.com/shiftgate/shiftgate/reports/sarif"
)

// Writer renders one report.
type Writer struct {
	File  string
	Write func(io.Writer, *result.Result) error
}

// Table lists the report files every scan writes, in order.
func Table() []Writer {
	return []Writer{
		{File: outdir.SARIF, Write: sarif.Write},
		{File: outdir.JSON, Write: jsonreport.Write},
		{File: outdir.Summary, Write: markdown.Write},
		{File: outdir.JUnit, Write: junit.Write},
		{File: outdir.HTML, Write: html.Write},
	}
}

// WriteAll writes every report into dir. A writer that fails does not stop the others:
// every report that can be written is written, and the errors are joined.
func WriteAll(dir string, res *result.Result) ([]string, error) {
	if err := MakeOutDir(dir); err != nil {
		return nil, err
	}
	var written []string
	var errs []error
	for _, w := range Table() {
		var buf bytes.Buffer
		if err := w.Write(&buf, res); err != nil {
			errs = append(errs, fmt.Errorf("could not render %s: %w", w.File, err))
			continue
		}
		if err := WriteFile(filepath.Join(dir, w.File), buf.Bytes()); err != nil {
			errs = append(errs, err)
			continue
		}
		written = append(written, w.File)
	}
	return written, errors.Join(errs...)
}

// OutDirIgnore is the .gitignore an out dir holds so that git never sees the reports
// (as ruff's and pytest's caches do): a report committed by `git add -A` would make every
// later run of a pre-commit hook end with "files were modified by this hook".
const OutDirIgnore = outdir.Ignore

// MakeOutDir creates the out dir with its .gitignore when it is shiftgate's
// (outdir.WantsIgnore: new, or already holding shiftgate.json and no .gitignore of the
// user's), so --out pointed at a folder of the user's never gains one.
func MakeOutDir(dir string) error {
	want := outdir.WantsIgnore(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("could not create the out dir %q: %w", dir, err)
	}
	if !want {
		return nil
	}
	return WriteFile(filepath.Join(dir, ".gitignore"), []byte(OutDirIgnore))
}

// WriteFile replaces a file atomically: a reader never sees half a report, and a
// failed write leaves the previous file in place.
func WriteFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("could not write %q: %w", path, err)
	}
	return nil
}
