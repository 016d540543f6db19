package html

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/result"
)

func boolp(b bool) *bool { return &b }

// many is a result the way a real scan of a mid-size repository looks: findings of
// every check, severity and status, long paths and messages that must wrap at phone
// width, a vulnerability with aliases, and an imported rule whose help link is hostile.
func many() *result.Result {
	var fs []finding.Finding
	sevs := finding.Severities()
	statuses := []finding.Status{finding.StatusBlocking, finding.StatusAllowed, finding.StatusExcepted, finding.StatusSuppressed}
	for i := range 24 {
		sev := sevs[i%len(sevs)]
		st := statuses[i%len(statuses)]
		fs = append(fs, finding.Finding{Check: "sast", Tool: "gosec", Rule: fmt.Sprintf("G%d", 101+i%5), Severity: sev,
			Message: "Potential file inclusion via variable " + strings.Repeat("x", i), Path: fmt.Sprintf("internal/service/handlers/v%d/file_%02d.go", i%3, i), Line: 10 + i,
			Fingerprint: fmt.Sprintf("%032x", i), Status: st, Reason: "judged by the test", JudgedBy: []string{"default", "org", "repo"}[i%3]})
	}
	fs = append(fs,
		finding.Finding{Check: "iac", Rule: "K8S-001", Severity: finding.Critical, Message: "container \"app\" runs privileged",
			Path: "deploy/" + strings.Repeat("very-long-folder-name-without-breaks", 4) + "/deployment.yaml", Line: 31, Fingerprint: "a1", Status: finding.StatusBlocking, Reason: "critical is at or above the fail severity (high)"},
		finding.Finding{Check: "deps", Tool: "osv", Rule: "GHSA-69ch-w2m2-3vjp", Aliases: []string{"CVE-2022-32149", "GO-2022-1059"}, Severity: finding.High, Score: 7.5,
			Message: "golang.org/x/text@v0.3.7: Denial of service via crafted Accept-Language header", Path: "go.mod", Line: 5, Fingerprint: "a2",
			Package: &finding.Package{Ecosystem: "Go", Name: "golang.org/x/text", Version: "v0.3.7", Fixed: []string{"v0.3.8"}}, Reachable: boolp(true), Status: finding.StatusBlocking},
		finding.Finding{Check: "sarif", Tool: "semgrep", Rule: "javascript.express.security.audit.xss.direct-response-write.direct-response-write", Severity: finding.Medium,
			Message: "Detected directly writing to a Response object from user-defined input.", Path: "web/server.js", Line: 12, Fingerprint: "a3", Status: finding.StatusAllowed},
		finding.Finding{Check: "iac", Rule: "GHA-007", Severity: finding.Low, Message: "step runs curl https://example.invalid/" + strings.Repeat("QUJD", 80) + " | sh",
			Path: ".github/workflows/release.yml", Line: 40, Fingerprint: "a5", Status: finding.StatusAllowed},
		finding.Finding{Check: "secrets", Rule: "aws-access-token", Severity: finding.Critical, Message: "AWS access key AKIA…(redacted)", Path: "config/app dev.env", Line: 2, Fingerprint: "a4", Status: finding.StatusBaseline, Reason: "in the baseline"},
	)
	return &result.Result{
		Tool: result.Tool{Name: "shiftgate", Version: "v1.0.0"}, Policy: ".shiftgate.yaml", Mode: "enforce", FailSeverity: finding.High,
		OrgPolicy: &result.OrgPolicy{Ref: "oci://ghcr.io/acme/shiftgate-policy:v3", From: "extends", Digest: "sha256:" + strings.Repeat("9f2c", 16)},
		Verdict:   result.Fail, Reason: "8 blocking finding(s) at or above high severity",
		Checks: []result.Check{
			{Name: "sast", Status: result.StatusOK, Findings: 24, Blocking: 6, Rules: []finding.Rule{{ID: "G101", Title: "Look for hard coded credentials", Help: "Read the credential from the environment or a secret store: `os.Getenv(\"TOKEN\")`.", HelpURI: "https://securego.io/docs/rules/g101.html"}}},
			{Name: "secrets", Status: result.StatusOK, Findings: 1},
			{Name: "deps", Status: result.StatusOK, Findings: 1, Blocking: 1, Rules: []finding.Rule{{ID: "GHSA-69ch-w2m2-3vjp", Title: "Denial of service via crafted Accept-Language header", Help: "Upgrade golang.org/x/text to v0.3.8 or later.", HelpURI: "https://osv.dev/vulnerability/GHSA-69ch-w2m2-3vjp"}}},
			{Name: "iac", Status: result.StatusError, Error: "iac: could not compile the Rego rules: policy/rego/" + strings.Repeat("nested/", 12) + "rule.rego:3: rego_parse_error: unexpected eof token"},
			{Name: "sarif", Status: result.StatusOK, Findings: 1, Rules: []finding.Rule{{ID: "javascript.express.security.audit.xss.direct-response-write.direct-response-write", Title: "direct-response-write", Help: "<script>alert(1)</script> Escape the output.", HelpURI: "javascript:alert(1)"}}},
		},
		Findings: fs,
		Notes:    []finding.Note{{Kind: "skipped", Path: "assets/" + strings.Repeat("b", 120) + ".bin", Message: "file is over the size limit: not scanned"}},
		// Six columns with dates and ids that do not break: the exceptions table once
		// stuck out 24 px at phone width in the dogfood report.
		Exceptions: []policy.ExceptionUse{
			{ID: "GO-2026-5932", Reason: "x/crypto/openpgp is linked in by sigstore-go's rekor pki import; no fix exists and it is reached only through init", Owner: "@shiftgate/maintainers", Expires: "2027-03-31", Line: 40, State: policy.ExceptionActive, Matched: 1},
			{ID: "GHSA-p6mc-m468-83gw", Reason: "zipObjectDeep is never called", Owner: "@web-team", Expires: "2027-01-31", Line: 44, State: policy.ExceptionStale, Message: "matched no finding: remove it from the policy"},
		},
	}
}

func render(t *testing.T, res *result.Result) []byte {
	t.Helper()
	var a, b bytes.Buffer
	if err := Write(&a, res); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, res); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two renderings of the same result differ")
	}
	return a.Bytes()
}

// TestNoExternalReference reads the page as a browser would before running it: every
// src, href and url() is inline or a link a reader clicks, never something loaded.
func TestNoExternalReference(t *testing.T) {
	out := string(render(t, many()))
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`<(?:img|script|link|iframe|source|audio|video|object|embed)\b[^>]*\b(?:src|href|data)=`),
		regexp.MustCompile(`url\(`),
		regexp.MustCompile(`@import`),
	} {
		if m := re.FindString(out); m != "" {
			t.Errorf("report.html loads something: %s", m)
		}
	}
	if strings.Contains(out, "javascript:") {
		t.Error("a javascript: help link of an imported rule reached the page")
	}
	if strings.Contains(out, "<script>alert(1)") {
		t.Error("an imported rule's help text was not escaped")
	}
	for _, want := range []string{
		`<a href="https://osv.dev/vulnerability/CVE-2022-32149" rel="noopener noreferrer">CVE-2022-32149</a>`,
		`<a href="https://securego.io/docs/rules/g101.html" rel="noopener noreferrer">rule documentation</a>`,
		`Read the credential from the environment or a secret store: <code>os.Getenv(&#34;TOKEN&#34;)</code>.`,
		`<caption>Findings by check and severity</caption>`,
		`<label for="f-severity">Severity</label>`,
		`Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report.html lacks %s", want)
		}
	}
}

// TestInBrowser opens report.html in headless Chromium at desktop and phone width:
// nothing overflows sideways, filtering by severity hides rows, sorting works from the
// keyboard, no request leaves the page, and the screenshots are real pictures.
func TestInBrowser(t *testing.T) {
	bin, err := findChromium()
	if err != nil {
		if os.Getenv("SHIFTGATE_REQUIRE_CHROMIUM") != "" {
			t.Fatal("SHIFTGATE_REQUIRE_CHROMIUM is set but no chromium was found (set SHIFTGATE_CHROMIUM)")
		}
		t.Skip("chromium is not installed: the report.html browser test is skipped (.ci/run installs Debian's chromium package)")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	res := many()
	if err := os.WriteFile(file, render(t, res), 0o644); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("SHIFTGATE_SCREENSHOTS")
	if shots == "" {
		shots = dir
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := startBrowser(ctx, t, bin)
	p, err := b.newPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantTotal, wantCritical := len(res.Findings), 0
	for _, f := range res.Findings {
		if f.Severity == finding.Critical {
			wantCritical++
		}
	}
	type target struct {
		name, file      string
		total, critical int // -1: count them in the page
	}
	targets := []target{{"generated", file, wantTotal, wantCritical}}
	// SHIFTGATE_REPORT_HTML names a report of a real scan to put through the same checks.
	if extra := os.Getenv("SHIFTGATE_REPORT_HTML"); extra != "" {
		abs, err := filepath.Abs(extra)
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, target{"external", abs, -1, -1})
	}

	for _, tg := range targets {
		for _, vp := range []struct {
			width  int
			mobile bool
		}{{1400, false}, {400, true}} {
			t.Run(fmt.Sprintf("%s/%dpx", tg.name, vp.width), func(t *testing.T) {
				browserChecks(ctx, t, b, p, tg.file, tg.total, tg.critical, vp.width, vp.mobile, shots, tg.name)
			})
		}
	}

	// The request check can fail: a page that loads a stylesheet is caught.
	t.Run("control", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.html")
		if err := os.WriteFile(bad, []byte(`<!DOCTYPE html><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><p>x</p>`), 0o644); err != nil {
			t.Fatal(err)
		}
		from, err := p.navigate(ctx, (&url.URL{Scheme: "file", Path: bad}).String())
		if err != nil {
			t.Fatal(err)
		}
		got := b.requests(p.session, from)
		found := false
		for _, u := range got {
			found = found || u == "http://127.0.0.1:9/x.css"
		}
		if !found {
			t.Errorf("a stylesheet request went unseen; requests seen: %q", got)
		}
	})
}

// browserChecks opens one report at one width and checks what a reader relies on.
// total and critical are the expected row counts, or -1 to count them in the page.
func browserChecks(ctx context.Context, t *testing.T, b *browser, p *tab, file string, total, critical, width int, mobile bool, shots, name string) {
	pageURL := (&url.URL{Scheme: "file", Path: file}).String()
	if err := p.setWidth(ctx, width, 900, mobile); err != nil {
		t.Fatal(err)
	}
	from, err := p.navigate(ctx, pageURL)
	if err != nil {
		t.Fatal(err)
	}
	if total < 0 {
		var n struct{ Total, Critical int }
		if err := p.eval(ctx, `({Total: document.querySelectorAll("#findings tbody tr").length, Critical: document.querySelectorAll('#findings tbody tr[data-severity="critical"]').length})`, &n); err != nil {
			t.Fatal(err)
		}
		total, critical = n.Total, n.Critical
	}
	vp := struct{ width int }{width}
	// The CSP lets the inline style and script run: styled, and the script has filled in the table's state.
	var applied struct{ MaxWidth, Shown string }
	if err := p.eval(ctx, `({MaxWidth: getComputedStyle(document.body).maxWidth, Shown: document.getElementById("shown").textContent})`, &applied); err != nil {
		t.Fatal(err)
	}
	if applied.MaxWidth != "1400px" {
		t.Errorf("the inline style sheet did not apply (body max-width %q): is the CSP hash right?", applied.MaxWidth)
	}
	if want := fmt.Sprintf("%d of %d findings shown", total, total); applied.Shown != want {
		t.Errorf("the live status says %q after load, want %q (did the script run?)", applied.Shown, want)
	}
	// No horizontal overflow: neither the page nor any element sticks out.
	var overflow struct {
		Page, View int
		Out        []string
	}
	// Open every "How to fix" in a small report, so their contents are measured too; in
	// a big one, skip what closed ones hide (measuring it forces a layout per element).
	if err := p.eval(ctx, `(() => {
				const view = document.documentElement.clientWidth, out = [];
				const all = document.querySelectorAll("details");
				if (all.length <= 500) all.forEach(d => d.open = true);
				for (const e of document.querySelectorAll("body *")) {
					const d = e.parentElement && e.parentElement.closest("details:not([open])");
					if (d && !e.closest("summary")) continue;
					const r = e.getBoundingClientRect();
					if (r.width > 0 && (r.right > view + 0.5 || r.left < -0.5)) out.push(e.tagName + "." + e.className + " right=" + Math.round(r.right));
				}
				for (const e of document.querySelectorAll(".scroll")) {
					if (e.scrollWidth > e.clientWidth) out.push("scrolling " + e.firstElementChild.className + " " + e.scrollWidth + ">" + e.clientWidth);
				}
				return {Page: document.documentElement.scrollWidth, View: view, Out: out.slice(0, 10)};
			})()`, &overflow); err != nil {
		t.Fatal(err)
	}
	if overflow.View != vp.width {
		t.Errorf("the viewport is %d px wide, want %d", overflow.View, vp.width)
	}
	if overflow.Page > overflow.View || len(overflow.Out) > 0 {
		t.Errorf("at %d px the page is %d px wide; sticking out: %q", vp.width, overflow.Page, overflow.Out)
	}

	// Filtering by severity hides the other rows, and says how many are shown.
	var shown struct {
		Visible int
		Sevs    []string
		Status  string
	}
	filter := `(() => {
				const s = document.getElementById("f-severity");
				s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true}));
				const rows = [...document.querySelectorAll("#findings tbody tr")].filter(r => r.getClientRects().length > 0);
				return {Visible: rows.length, Sevs: [...new Set(rows.map(r => r.dataset.severity))], Status: document.getElementById("shown").textContent};
			})()`
	if err := p.eval(ctx, fmt.Sprintf(filter, "critical"), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Visible != critical || len(shown.Sevs) != 1 || shown.Sevs[0] != "critical" {
		t.Errorf("filtered to critical: %d rows of severities %q are visible, want %d critical", shown.Visible, shown.Sevs, critical)
	}
	if want := fmt.Sprintf("%d of %d findings shown", critical, total); shown.Status != want {
		t.Errorf("the live status says %q, want %q", shown.Status, want)
	}
	if err := p.eval(ctx, fmt.Sprintf(filter, ""), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.Visible != total {
		t.Errorf("with the filter cleared %d rows are visible, want %d", shown.Visible, total)
	}

	// Sorting from the keyboard: focus the location header's button, press Enter.
	if err := p.eval(ctx, `document.querySelector('th[data-key="loc"] button').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.key(ctx, "Enter", 13); err != nil {
		t.Fatal(err)
	}
	var sorted struct {
		Sort  string
		Locs  []string
		Focus string
	}
	if err := p.eval(ctx, `({Sort: document.querySelector('th[data-key="loc"]').getAttribute("aria-sort"),
				Locs: [...document.querySelectorAll("#findings tbody tr")].map(r => r.dataset.loc),
				Focus: document.activeElement.textContent})`, &sorted); err != nil {
		t.Fatal(err)
	}
	if sorted.Sort != "ascending" || sorted.Focus != "location" {
		t.Errorf("after Enter on the location header: aria-sort %q, focus on %q", sorted.Sort, sorted.Focus)
	}
	for i := 1; i < len(sorted.Locs); i++ {
		if sorted.Locs[i-1] > sorted.Locs[i] {
			t.Errorf("sorted by location, %q comes before %q", sorted.Locs[i-1], sorted.Locs[i])
			break
		}
	}

	// Every form control has a label; the tables have captions and header scopes.
	var a11y struct{ Unlabelled, NoCaption, NoScope int }
	if err := p.eval(ctx, `({
				Unlabelled: [...document.querySelectorAll("select, input")].filter(e => e.labels.length === 0).length,
				NoCaption: [...document.querySelectorAll("table")].filter(t => !t.caption).length,
				NoScope: [...document.querySelectorAll("th")].filter(h => !h.scope).length})`, &a11y); err != nil {
		t.Fatal(err)
	}
	if a11y != (struct{ Unlabelled, NoCaption, NoScope int }{}) {
		t.Errorf("accessibility: %+v", a11y)
	}

	// The screenshot is a real picture of the page at this width.
	img, err := p.screenshot(ctx, 12000)
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(shots, fmt.Sprintf("report-%s-%dpx.png", name, vp.width))
	if err := os.WriteFile(shot, img, 0o644); err != nil {
		t.Fatal(err)
	}
	checkPicture(t, img, vp.width)
	t.Logf("screenshot: %s", shot)

	// Nothing but the page itself was requested.
	for _, u := range b.requests(p.session, from) {
		if u != pageURL {
			t.Errorf("the page requested %s", u)
		}
	}
}

// checkPicture decodes a screenshot and checks it is as wide as the viewport and shows
// more than a blank page: several colours, most of it white.
func checkPicture(t *testing.T, data []byte, width int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	bounds := img.Bounds()
	if bounds.Dx() != width || bounds.Dy() < 600 {
		t.Errorf("the screenshot is %dx%d, want %d wide and at least a screen tall", bounds.Dx(), bounds.Dy(), width)
	}
	colours := map[[3]uint32]bool{}
	white := 0
	n := 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
			c := colourAt(img, x, y)
			colours[c] = true
			if c == [3]uint32{0xffff, 0xffff, 0xffff} {
				white++
			}
			n++
		}
	}
	if len(colours) < 20 || white == n {
		t.Errorf("the screenshot looks blank: %d colours", len(colours))
	}
}

func colourAt(img image.Image, x, y int) [3]uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint32{r, g, b}
}

// TestCleanPass renders a scan with nothing found: no chart, no table, no filters.
func TestCleanPass(t *testing.T) {
	res := &result.Result{Tool: result.Tool{Name: "shiftgate", Version: "dev"}, Policy: "(embedded default policy)", Mode: "enforce",
		FailSeverity: finding.High, Verdict: result.Pass, Reason: "no finding at or above high severity",
		Checks: []result.Check{{Name: "sast", Status: result.StatusOK}, {Name: "deps", Status: result.StatusSkipped}}}
	out := string(render(t, res))
	for _, want := range []string{`<span class="n">0</span> findings`, `<p>No findings.</p>`, `<span class="verdict pass">pass</span>`} {
		if !strings.Contains(out, want) {
			t.Errorf("report.html of a clean pass lacks %s", want)
		}
	}
	for _, unwanted := range []string{`class="chart"`, `id="filters"`, `id="findings"`} {
		if strings.Contains(out, unwanted) {
			t.Errorf("report.html of a clean pass has %s", unwanted)
		}
	}
}
