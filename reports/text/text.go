// Package text renders the terminal summary for people: blocking findings first with
// file:line, counts by severity and check, the checks' statuses, and one sentence on
// why the gate passed or failed. Colour only when asked (a TTY without NO_COLOR).
package text

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Options tune the rendering.
type Options struct {
	Color bool
	// MaxBlocking bounds the blocking list; 0 means 20.
	MaxBlocking int
}

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	reset  = "\x1b[0m"
)

// Write renders the summary.
func Write(w io.Writer, res *result.Result, opts Options) error {
	if opts.MaxBlocking <= 0 {
		opts.MaxBlocking = 20
	}
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + reset
	}
	var b bytes.Buffer
	pol := safe(res.Policy)
	if o := res.OrgPolicy; o != nil {
		pol += " over org " + safe(o.Ref)
	}
	fmt.Fprintf(&b, "%s %s · policy %s · mode %s · fails at %s\n\n", safe(res.Tool.Name), safe(res.Tool.Version), pol, safe(res.Mode), res.FailSeverity)

	blocking := res.Blocking()
	if len(blocking) > 0 {
		fmt.Fprintf(&b, "%s\n", paint(bold, fmt.Sprintf("Blocking findings (%d):", len(blocking))))
		for i, f := range blocking {
			if i == opts.MaxBlocking {
				fmt.Fprintf(&b, "  … and %d more (see shiftgate.json)\n", len(blocking)-i)
				break
			}
			sev := fmt.Sprintf("%-8s", strings.ToUpper(f.Severity.String()))
			fmt.Fprintf(&b, "  %s %-7s %-14s %s\n           %s\n", paint(red, sev), safe(f.Check), safe(f.Rule), location(f), oneLine(f.Message))
			if f.Package == nil {
				if hint := res.FixHint(&f); hint != "" {
					writeWrapped(&b, "           fix: ", "                ", hint)
				}
			}
		}
		b.WriteString("\n")
		if ups := res.Upgrades(finding.StatusBlocking); len(ups) > 0 {
			fmt.Fprintf(&b, "%s\n", paint(bold, "Upgrades that fix the blocking dependency findings:"))
			for _, u := range ups {
				fmt.Fprintf(&b, "  upgrade %s %s to %s (%s): fixes %d advisor%s\n", safe(u.Name), safe(u.From), safe(u.To), safe(u.Path), len(u.IDs), plural(len(u.IDs), "y", "ies"))
			}
			b.WriteString("\n")
		}
	}

	// Counts by severity and check.
	var names []string
	for _, c := range res.Checks {
		if c.Status != result.StatusSkipped {
			names = append(names, c.Name)
		}
	}
	if len(res.Findings) > 0 && len(names) > 0 {
		fmt.Fprintf(&b, "%-10s", "")
		for _, n := range names {
			fmt.Fprintf(&b, "%9s", n)
		}
		b.WriteString("\n")
		for _, s := range finding.Severities() {
			fmt.Fprintf(&b, "%-10s", s)
			for _, n := range names {
				c := 0
				for _, f := range res.Findings {
					if f.Check == n && f.Severity == s {
						c++
					}
				}
				fmt.Fprintf(&b, "%9d", c)
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n%d finding(s): %d blocking, %d allowed, %d excepted, %d suppressed, %d baseline, %d vex\n",
			len(res.Findings), res.Count(finding.StatusBlocking), res.Count(finding.StatusAllowed), res.Count(finding.StatusExcepted),
			res.Count(finding.StatusSuppressed), res.Count(finding.StatusBaseline), res.Count(finding.StatusVEX))
	}

	var parts []string
	for _, c := range res.Checks {
		switch c.Status {
		case result.StatusError:
			parts = append(parts, paint(yellow, checkLabel(c.Name)+" error"))
		case result.StatusSkipped:
			parts = append(parts, paint(dim, checkLabel(c.Name)+" skipped"))
		default:
			parts = append(parts, fmt.Sprintf("%s ok (%d)", checkLabel(c.Name), c.Findings))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, "checks: %s\n", strings.Join(parts, " · "))
	}
	// Errors and exception messages are wrapped, never cut: the fix is often at the end.
	for _, c := range res.Checks {
		if c.Error != "" {
			writeWrapped(&b, "  ", "    ", c.Error)
		}
	}
	for _, e := range res.Exceptions {
		if e.State != policy.ExceptionActive {
			file := res.Policy
			if e.File != "" {
				file = e.File // an organisation exception: its line is in the organisation's file
			}
			fmt.Fprintf(&b, "  exception %q (%s:%d) %s\n", e.ID, safe(file), e.Line, safe(finding.NormalizeLine(e.Message)))
		}
	}
	if n := len(res.Notes); n > 0 {
		// Coverage gaps are said here, not only counted: a file nothing analysed.
		for _, note := range res.Notes {
			if note.Kind == "unsupported" {
				fmt.Fprintf(&b, "not analysed: %s: %s\n", note.Path, note.Message)
			}
		}
		fmt.Fprintf(&b, "%d note(s): files skipped or not analysed are listed in shiftgate.json\n", n)
	}
	b.WriteString("\n")
	switch res.Verdict {
	case result.Pass:
		fmt.Fprintf(&b, "%s: %s.\n", paint(green+bold, "PASS"), safe(res.Reason))
	case result.Fail:
		fmt.Fprintf(&b, "%s: %s.\n", paint(red+bold, "FAIL"), safe(res.Reason))
	default:
		fmt.Fprintf(&b, "%s: %s.\n", paint(yellow+bold, "ERROR"), safe(res.Reason))
	}
	_, err := w.Write(guardCommands(b.Bytes()))
	return err
}

func location(f finding.Finding) string {
	switch {
	case f.Line > 0 && f.Column > 0:
		return fmt.Sprintf("%s:%d:%d", safe(f.Path), f.Line, f.Column)
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", safe(f.Path), f.Line)
	}
	return safe(f.Path)
}

// writeWrapped writes s on lines of at most 100 characters, the first behind first and
// the others behind indent, breaking at spaces: nothing is cut.
func writeWrapped(b *bytes.Buffer, first, indent, s string) {
	const width = 100
	words := strings.Fields(safe(s))
	line, prefix := "", first
	for _, w := range words {
		if line != "" && utf8.RuneCountInString(prefix+line+" "+w) > width {
			fmt.Fprintf(b, "%s%s\n", prefix, line)
			line, prefix = "", indent
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	if line != "" {
		fmt.Fprintf(b, "%s%s\n", prefix, line)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func oneLine(s string) string {
	return finding.Shorten(safe(finding.NormalizeLine(s)), 158)
}

// safe escapes what a terminal or a CI log would act on rather than show: control
// characters (a newline starting a `::stop-commands::` line in the GitHub Actions log,
// an ANSI escape from an imported SARIF log), DEL, C1 controls and Unicode line
// separators. A path, rule id or message is shown as Go would quote those bytes.
func safe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == 0x2028 || r == 0x2029 || r == utf8.RuneError ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) // bidirectional overrides
}

// guardCommands makes sure no line of the report is a workflow command: the Actions
// runner acts on a line that starts with "::" after leading spaces, whatever wrote it.
func guardCommands(out []byte) []byte {
	lines := bytes.SplitAfter(out, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(bytes.TrimLeft(l, " \t"), []byte("::")) {
			lines[i] = append([]byte("> "), l...)
		}
	}
	return bytes.Join(lines, nil)
}

// checkLabel names a check in the checks line. The SARIF import check is called
// "sarif" in the policy and the JSON report; "sarif skipped" read as if the SARIF
// report had not been written.
func checkLabel(name string) string {
	if name == "sarif" {
		return "sarif-import"
	}
	return safe(name)
}
