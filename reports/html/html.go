// Package html renders report.html: one self-contained page with the verdict, a
// severity × check chart, the checks, and every finding in a table a reader can filter
// (severity, check, status, text) and sort, each with its rule's help and links.
//
// The page makes no request: CSS, script and the SVG chart are inline, and a Content
// Security Policy that allows only their hashes says so to the browser. Without
// script the table is complete and readable; the script only filters and sorts. The
// bytes depend on the result alone.
package html

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

//go:embed report.html.tmpl
var page string

//go:embed report.css
var style string

//go:embed report.js
var script string

// Write renders the result as an HTML page.
func Write(w io.Writer, res *result.Result) error {
	t, err := template.New("report").Funcs(template.FuncMap{
		"deref": func(b *bool) bool { return b != nil && *b },
	}).Parse(page)
	if err != nil {
		return fmt.Errorf("could not parse the HTML template: %w", err)
	}
	v := build(res)
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return fmt.Errorf("could not render the HTML report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// view is what the template renders.
type view struct {
	*result.Result
	Rows     []row
	Checks   []string // check names with findings or a run, in report order
	Sevs     []finding.Severity
	Statuses []statusCount
	Matrix   []matrixRow
	Chart    chart
	CSP      string
	Style    template.CSS
	Script   template.JS
}

type statusCount struct {
	Status finding.Status
	N      int
}

type matrixRow struct {
	Check string
	Cells []int // one per severity in Sevs
	Total int
}

// row is one finding with what the table shows of it.
type row struct {
	finding.Finding
	N       int // 1-based position in the default order, for a stable sort
	SevRank int
	Loc     string
	Rule    finding.Rule
	Help    template.HTML
	Links   []link
}

type link struct {
	Text string
	URL  string
}

func build(res *result.Result) view {
	fs := slices.Clone(res.Findings)
	slices.SortStableFunc(fs, func(a, b finding.Finding) int {
		if ra, rb := rank(a.Status), rank(b.Status); ra != rb {
			return ra - rb
		}
		return finding.BySeverity(a, b)
	})
	v := view{
		Result: res,
		Sevs:   finding.Severities(),
		Style:  template.CSS(style),
		Script: template.JS(script),
		CSP: fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
			hash(style), hash(script)),
	}
	checkSeen := map[string]bool{}
	for _, c := range res.Checks {
		if !checkSeen[c.Name] {
			checkSeen[c.Name] = true
			v.Checks = append(v.Checks, c.Name)
		}
	}
	for _, f := range fs {
		if !checkSeen[f.Check] {
			checkSeen[f.Check] = true
			v.Checks = append(v.Checks, f.Check)
		}
	}
	statusN := map[finding.Status]int{}
	for i, f := range fs {
		statusN[f.Status]++
		rule := res.Rule(&fs[i])
		v.Rows = append(v.Rows, row{
			Finding: f, N: i + 1, SevRank: int(f.Severity), Loc: loc(f),
			Rule: rule, Help: markdownLite(rule.Help), Links: links(f, rule),
		})
	}
	for _, s := range []finding.Status{finding.StatusBlocking, finding.StatusAllowed, finding.StatusExcepted,
		finding.StatusBaseline, finding.StatusVEX, finding.StatusSuppressed} {
		if statusN[s] > 0 {
			v.Statuses = append(v.Statuses, statusCount{s, statusN[s]})
		}
	}
	for _, c := range v.Checks {
		mr := matrixRow{Check: c, Cells: make([]int, len(v.Sevs))}
		for _, f := range fs {
			if f.Check != c {
				continue
			}
			for j, s := range v.Sevs {
				if f.Severity == s {
					mr.Cells[j]++
					mr.Total++
				}
			}
		}
		v.Matrix = append(v.Matrix, mr)
	}
	v.Chart = buildChart(v.Matrix, v.Sevs)
	return v
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

func loc(f finding.Finding) string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}

// links are the rule's documentation and, for a vulnerability, its OSV pages. Only
// https links are kept: a rule from an imported SARIF file is untrusted input.
func links(f finding.Finding, r finding.Rule) []link {
	var out []link
	add := func(text, u string) {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" {
			return
		}
		if slices.ContainsFunc(out, func(l link) bool { return l.URL == u }) {
			return
		}
		out = append(out, link{text, u})
	}
	if f.Check == "deps" && f.Package != nil {
		add(f.Rule+" on osv.dev", "https://osv.dev/vulnerability/"+url.PathEscape(f.Rule))
		for _, a := range f.Aliases {
			add(a, "https://osv.dev/vulnerability/"+url.PathEscape(a))
		}
	}
	if r.HelpURI != "" {
		add("rule documentation", r.HelpURI)
	}
	return out
}

// markdownLite renders a help text's `code spans` and line breaks; everything else
// stays text. The help may come from an imported SARIF file: nothing in it is markup.
func markdownLite(s string) template.HTML {
	var b strings.Builder
	parts := strings.Split(s, "`")
	for i, p := range parts {
		esc := template.HTMLEscapeString(p)
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + esc + "</code>")
			continue
		}
		if i%2 == 1 {
			b.WriteString("`")
		}
		b.WriteString(strings.ReplaceAll(esc, "\n\n", "<br><br>"))
	}
	return template.HTML(b.String())
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

// chart is a stacked bar per check, one segment per severity, in SVG units of a
// 1000-wide bar (the SVG stretches to the width the page gives it).
type chart struct {
	Bars []bar
	Max  int
}

type bar struct {
	Check string
	Total int
	Segs  []seg
	Label string // for screen readers: "sast: 1 high, 2 low"
}

type seg struct {
	Sev   string
	X, W  float64
	Count int
}

func buildChart(m []matrixRow, sevs []finding.Severity) chart {
	c := chart{}
	for _, r := range m {
		c.Max = max(c.Max, r.Total)
	}
	for _, r := range m {
		b := bar{Check: r.Check, Total: r.Total}
		x := 0.0
		var words []string
		for j, n := range r.Cells {
			if n == 0 {
				continue
			}
			w := 1000 * float64(n) / float64(c.Max)
			b.Segs = append(b.Segs, seg{Sev: sevs[j].String(), X: round(x), W: round(w), Count: n})
			words = append(words, fmt.Sprintf("%d %s", n, sevs[j]))
			x += w
		}
		if len(words) == 0 {
			words = []string{"no findings"}
		}
		b.Label = r.Check + ": " + strings.Join(words, ", ")
		c.Bars = append(c.Bars, b)
	}
	return c
}

func round(f float64) float64 { return float64(int(f*10+0.5)) / 10 }
