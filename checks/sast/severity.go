package sast

import (
	"fmt"
	"strings"

	"github.com/securego/gosec/v2/issue"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// cweScores is the security-severity (0–10) of the weaknesses gosec's rules map to, as
// GitHub code scanning rates them for its CodeQL queries of the same CWE (for example
// go/sql-injection 8.8, go/command-injection 9.8). Weaknesses CodeQL does not rate for
// Go are rated here by their usual impact in a memory-safe language; docs/severity.md
// gives the reasoning. A rule whose CWE is not listed keeps gosec's own severity.
func cweScores() map[string]float64 {
	return map[string]float64{
		"CWE-22":   7.5, // path traversal (go/path-injection)
		"CWE-78":   9.8, // OS command injection (go/command-injection)
		"CWE-79":   6.1, // cross-site scripting (go/reflected-xss)
		"CWE-88":   7.5, // argument injection: gosec's G107, a request to a variable URL
		"CWE-89":   8.8, // SQL injection (go/sql-injection)
		"CWE-93":   6.1, // CRLF injection
		"CWE-94":   9.3, // code (template) injection
		"CWE-117":  5.4, // log injection: misleading logs, no code runs
		"CWE-118":  5.0, // loop variable aliasing, slice bounds: correctness bugs
		"CWE-190":  8.1, // integer overflow in a conversion (go/incorrect-integer-conversion)
		"CWE-200":  5.3, // exposure of information (pprof, binding every interface)
		"CWE-242":  2.0, // package unsafe: a review item, not a vulnerability
		"CWE-276":  5.5, // permissive file permissions
		"CWE-295":  7.5, // certificate verification off (go/disabled-certificate-check)
		"CWE-310":  7.5, // weak key size
		"CWE-322":  7.5, // SSH host key not verified
		"CWE-327":  7.5, // broken cipher or hash (go/weak-crypto-algorithm)
		"CWE-328":  7.5, // weak hash (go/weak-sensitive-data-hashing)
		"CWE-338":  7.8, // weak random numbers (go/insecure-randomness)
		"CWE-377":  5.5, // predictable temporary file
		"CWE-400":  5.3, // resource exhaustion (Slowloris, unbounded forms)
		"CWE-409":  5.3, // decompression bomb: availability only
		"CWE-502":  8.1, // unsafe deserialisation
		"CWE-601":  6.1, // open redirect (go/unvalidated-url-redirection)
		"CWE-703":  2.0, // an unhandled error: a reliability item
		"CWE-798":  9.8, // hard-coded credentials (go/hardcoded-credentials)
		"CWE-918":  9.1, // server-side request forgery (go/request-forgery)
		"CWE-1204": 7.5, // hard-coded IV or nonce
	}
}

// taintRule reports whether a rule is one of gosec's taint analyzers (G7xx), which
// report only where they followed data from a source to a sink.
func taintRule(id string) bool { return strings.HasPrefix(id, "G7") }

// rate applies the severity model (docs/severity.md) to one gosec issue: the rule's
// CWE score, one level up when a taint path confirms it, one level down at low
// confidence. It returns the severity, its score, and a sentence saying how it was
// reached when it differs from gosec's own rating.
func rate(ruleID string, gosecSev, conf issue.Score, confirmed bool) (finding.Severity, float64, string) {
	own := severity(gosecSev)
	var cwe string
	if w := issue.GetCweByRule(ruleID); w != nil {
		cwe = w.SprintID()
	}
	score, ok := cweScores()[cwe]
	sev := own
	var why []string
	if ok {
		sev = finding.FromScore(score)
		why = append(why, fmt.Sprintf("%s rates %s (security-severity %.1f)", cwe, sev, score))
	} else {
		score = sev.Score()
	}
	if confirmed {
		if sev < finding.Critical {
			sev++
		}
		why = append(why, "raised to "+sev.String()+": a source-to-sink taint path confirms it")
	}
	if conf == issue.Low {
		sev = sev.Lower()
		why = append(why, "lowered to "+sev.String()+": gosec's confidence is low")
	}
	if sev == own {
		return sev, score, ""
	}
	return sev, score, strings.Join(why, "; ")
}
