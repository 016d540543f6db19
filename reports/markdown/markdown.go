// Package markdown renders summary.md: the verdict, counts by check and severity, the
// blocking findings as a table, what was excepted and why, and the notes. GitHub job
// summaries and PR comments start from it.
package markdown

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

// Options tune the rendering.
type Options struct {
	// Link, when set, turns a path and line into a URL (the GitHub publisher links to
	// the commit); nil renders plain `path:line`.
	Link func(path string, line int) string
	// MaxRows bounds each table; 0 means 100.
	MaxRows int
}

// Write renders the summary with default options.
func Write(w io.Writer, res *result.Result) error { return Render(w, res, Options{}) }

// Render renders the summary.
func Render(w io.Writer, res *result.Result, opts Options) error {
	if opts.MaxRows <= 0 {
		opts.MaxRows = 100
	}
	var b bytes.Buffer
	icon := map[result.Verdict]string{result.Pass: "✅ pass", result.Fail: "❌ fail", result.Error: "⚠️ error"}[res.Verdict]
	fmt.Fprintf(&b, "## shiftgate: %s\n\n%s.\n\n", icon, Cell(capitalize(res.Reason)))
	org := ""
	if o := res.OrgPolicy; o != nil {
		org = fmt.Sprintf(" over the organisation policy %s (%s)", Code(o.Ref), Code(o.Digest))
	}
	fmt.Fprintf(&b, "Policy: %s%s · mode %s · fails at `%s` and above\n\n", Code(res.Policy), org, Code(res.Mode), res.FailSeverity)

	b.WriteString("| check | status | critical | high | medium | low | info | blocking |\n|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, c := range res.Checks {
		counts := map[finding.Severity]int{}
		for _, f := range res.Findings {
			if f.Check == c.Name {
				counts[f.Severity]++
			}
		}
		status := c.Status
		if c.Error != "" {
			status += ": " + Cell(firstLine(c.Error))
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %d |\n", c.Name, status,
			counts[finding.Critical], counts[finding.High], counts[finding.Medium], counts[finding.Low], counts[finding.Info], c.Blocking)
	}
	b.WriteString("\n")

	blocking := res.Blocking()
	if len(blocking) > 0 {
		fmt.Fprintf(&b, "### Blocking findings (%d)\n\n", len(blocking))
		writeTable(&b, blocking, opts, false)
		writeFixes(&b, res, blocking)
	}
	var passed []finding.Finding
	for _, f := range res.Findings {
		switch f.Status {
		case finding.StatusExcepted, finding.StatusSuppressed, finding.StatusVEX, finding.StatusBaseline:
			passed = append(passed, f)
		}
	}
	if len(passed) > 0 {
		fmt.Fprintf(&b, "### Excepted, suppressed or baselined (%d)\n\n", len(passed))
		writeTable(&b, passed, opts, true)
	}
	if n := res.Count(finding.StatusAllowed); n > 0 {
		fmt.Fprintf(&b, "%d more finding(s) below the fail severity are listed in `shiftgate.json` and `shiftgate.sarif`.\n\n", n)
	}
	var attention []policy.ExceptionUse
	for _, e := range res.Exceptions {
		if e.State != policy.ExceptionActive {
			attention = append(attention, e)
		}
	}
	if len(attention) > 0 {
		b.WriteString("### Exceptions that need attention\n\n| exception | state | owner | note |\n|---|---|---|---|\n")
		for _, e := range attention {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", Code(e.ID), e.State, Cell(e.Owner), Cell(e.Message))
		}
		b.WriteString("\n")
	}
	if len(res.Notes) > 0 {
		fmt.Fprintf(&b, "<details><summary>Notes (%d)</summary>\n\n", len(res.Notes))
		for i, n := range res.Notes {
			if i == opts.MaxRows {
				fmt.Fprintf(&b, "- … %d more in `shiftgate.json`\n", len(res.Notes)-i)
				break
			}
			loc := n.Path
			if n.Line > 0 {
				loc = fmt.Sprintf("%s:%d", n.Path, n.Line)
			}
			prefix := n.Kind
			if n.Check != "" {
				prefix = n.Check + " " + n.Kind
			}
			if loc != "" {
				fmt.Fprintf(&b, "- %s %s: %s\n", Cell(prefix), Code(loc), Cell(n.Message))
			} else {
				fmt.Fprintf(&b, "- %s: %s\n", Cell(prefix), Cell(n.Message))
			}
		}
		b.WriteString("\n</details>\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeFixes says what to do about the blocking findings: each dependency upgrade once
// with the advisories it fixes, and each rule's remediation once.
func writeFixes(b *bytes.Buffer, res *result.Result, blocking []finding.Finding) {
	ups := res.Upgrades(finding.StatusBlocking)
	type rule struct {
		id, hint string
		n        int
	}
	var rules []*rule
	seen := map[string]*rule{}
	for i := range blocking {
		f := &blocking[i]
		if f.Package != nil {
			continue
		}
		if r := seen[f.Check+"\x00"+f.Rule]; r != nil {
			r.n++
			continue
		}
		hint := res.FixHint(f)
		if hint == "" {
			continue
		}
		r := &rule{id: f.Rule, hint: hint, n: 1}
		seen[f.Check+"\x00"+f.Rule] = r
		rules = append(rules, r)
	}
	if len(ups) == 0 && len(rules) == 0 {
		return
	}
	b.WriteString("### How to fix\n\n")
	for _, u := range ups {
		word := "advisories"
		if len(u.IDs) == 1 {
			word = "advisory"
		}
		fmt.Fprintf(b, "- upgrade %s from %s to %s (%s): fixes %d %s\n", Code(u.Name), Code(u.From), Code(u.To), Code(u.Path), len(u.IDs), word)
	}
	for _, r := range rules {
		fmt.Fprintf(b, "- %s (%d): %s\n", Code(r.id), r.n, Cell(r.hint))
	}
	b.WriteString("\n")
}

func writeTable(b *bytes.Buffer, fs []finding.Finding, opts Options, withReason bool) {
	if withReason {
		b.WriteString("| severity | check | rule | location | status | reason |\n|---|---|---|---|---|---|\n")
	} else {
		b.WriteString("| severity | check | rule | location | judged by | message |\n|---|---|---|---|---|---|\n")
	}
	for i, f := range fs {
		if i == opts.MaxRows {
			fmt.Fprintf(b, "\n… and %d more in `shiftgate.json`.\n", len(fs)-i)
			break
		}
		loc := Code(Location(f))
		if opts.Link != nil {
			if u := opts.Link(f.Path, f.Line); u != "" {
				loc = fmt.Sprintf("[%s](%s)", loc, LinkTarget(u))
			}
		}
		if withReason {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", f.Severity, Cell(f.Check), Code(f.Rule), loc, status(f), Cell(f.Reason))
		} else {
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", f.Severity, Cell(f.Check), Code(f.Rule), loc, layer(f), Cell(f.Message))
		}
	}
	b.WriteString("\n")
}

// Location renders path:line.
func Location(f finding.Finding) string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// Cell makes text safe inside a Markdown table cell (and in a list item): one line, no
// control characters, and no Markdown a pull request could use to forge content in the
// job summary, check run or PR comment — no table break (|), raw HTML or autolink (<),
// link or image ([, ], !), code span (`) or escape (\\).
func Cell(s string) string {
	s = flatten(s)
	// Cut before escaping, so that no escape is cut in half.
	s = finding.Shorten(s, 298)
	return cellEscaper.Replace(s)
}

var cellEscaper = strings.NewReplacer("\\", "\\\\", "|", "\\|", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "`", "\\`", "!", "\\!")

// Code renders s as an inline code span that is safe in a table cell: the fence is
// longer than any run of backticks in s, so a path such as "a`](https://x)" stays
// literal text, and | is escaped as GitHub's tables require.
func Code(s string) string {
	s = finding.Shorten(flatten(s), 298)
	s = strings.ReplaceAll(s, "|", "\\|")
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// flatten puts s on one line and drops control characters (ANSI escapes, NUL, Unicode
// line separators and bidirectional overrides).
func flatten(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == 0x2028 || r == 0x2029 || r == 0x85:
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return -1
		}
		return r
	}, s)
}

// LinkTarget makes a URL safe as a Markdown link destination: no line break, space,
// bracket or parenthesis (all percent-encoded), so a path cannot close the link and
// start another.
func LinkTarget(u string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "%0A", "\r", "%0D", "\\", "%5C", "|", "%7C", "(", "%28", ")", "%29").Replace(flatten(u))
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// layer names the policy layer whose rule judged a finding (docs/org-policy.md).
func layer(f finding.Finding) string {
	switch f.JudgedBy {
	case "org":
		return "organisation policy"
	case "repo":
		return "repository policy"
	case "default":
		return "default policy"
	}
	return Cell(f.JudgedBy)
}

// status is a finding's status with the layer that decided it: "excepted (repo)".
func status(f finding.Finding) string {
	if f.JudgedBy == "" {
		return string(f.Status)
	}
	return fmt.Sprintf("%s (%s)", f.Status, Cell(f.JudgedBy))
}
