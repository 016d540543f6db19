// Package html renders report.html: one self-contained page (no scripts, no external
// resources) with the verdict, the checks, and every finding in a sortable-by-eye table.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

//go:embed report.html.tmpl
var page string

// Write renders the result as an HTML page.
func Write(w io.Writer, res *result.Result) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"loc": func(f finding.Finding) string {
			if f.Line > 0 {
				return fmt.Sprintf("%s:%d", f.Path, f.Line)
			}
			return f.Path
		},
	}).Parse(page)
	if err != nil {
		return fmt.Errorf("could not parse the HTML template: %w", err)
	}
	fs := slices.Clone(res.Findings)
	slices.SortStableFunc(fs, func(a, b finding.Finding) int {
		if ra, rb := rank(a.Status), rank(b.Status); ra != rb {
			return ra - rb
		}
		return finding.BySeverity(a, b)
	})
	var buf bytes.Buffer
	if err := t.Execute(&buf, struct {
		*result.Result
		Sorted []finding.Finding
	}{res, fs}); err != nil {
		return fmt.Errorf("could not render the HTML report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func rank(s finding.Status) int {
	if s == finding.StatusBlocking {
		return 0
	}
	if s == finding.StatusAllowed {
		return 1
	}
	return 2
}
