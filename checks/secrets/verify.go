package secrets

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zricethezav/gitleaks/v8/report"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// verify looks at a detected value the way a gitleaks user checks a hit before
// rotating anything: a placeholder, a well-known test value, a value too regular to
// be random, a commit SHA or digest, or a base64 text that decodes to something
// public is not a credential. It returns the reason, or "" when the value must be
// treated as a live secret. It never returns the value.
func verify(lf report.Finding) string {
	v := lf.Secret
	if v == "" {
		v = lf.Match
	}
	lower := strings.ToLower(v)
	if lf.RuleID == "private-key" || strings.Contains(lf.RuleID, "private-key") {
		body := privateKeyBody(v)
		switch {
		case strings.Contains(v, "...") || strings.Contains(v, "…"):
			return "the key's body is elided (\"...\"): a documentation example, not a key"
		case len(body) < 64:
			return fmt.Sprintf("the key's body is %d characters long, far too short for a private key: a placeholder", len(body))
		}
		return ""
	}
	for _, p := range placeholders() {
		if strings.Contains(lower, p) {
			return fmt.Sprintf("the value contains %q: a placeholder or test value, not a credential", p)
		}
	}
	if m := regexp.MustCompile(`^[<{$%]|[>}]$`).FindString(v); m != "" {
		return "the value is a template or placeholder (" + m + "…): filled in at run time"
	}
	if sequence(lower) {
		return "the value is a sequence (0123456789abcdef…), a well-known test value"
	}
	if e := finding.Entropy(v); e < 3.0 {
		return fmt.Sprintf("the value is too regular to be random (entropy %.1f bits per character)", e)
	}
	if len(v) == 40 || len(v) == 64 {
		if _, err := hex.DecodeString(v); err == nil && regexp.MustCompile(`(?i)(sha|commit|rev|ref|digest|checksum|version|hash|pin|@)`).MatchString(lf.Line) {
			return "the value is a commit SHA or content digest pinning a version, not a credential"
		}
	}
	if d, ok := decodesToText(v); ok {
		return fmt.Sprintf("the value is base64 of public text (%q): not a credential", finding.Shorten(d, 40))
	}
	return ""
}

// placeholders are the words documentation and tests put where a secret would go.
func placeholders() []string {
	return []string{"example", "changeme", "change_me", "placeholder", "dummy", "redacted", "your_", "your-", "yourtoken",
		"xxxxxx", "******", "<token>", "sample", "not-a-real", "notarealkey", "fake", "insert", "replace_me", "replaceme", "todo"}
}

// sequence reports whether s holds a well-known test sequence or one character
// repeated eight times.
func sequence(s string) bool {
	for _, q := range []string{"0123456789", "123456789", "abcdefghij", "deadbeef", "cafebabe"} {
		if strings.Contains(s, q) {
			return true
		}
	}
	run := 1
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			if run++; run >= 8 {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

// privateKeyBody is the base64 between a PEM key's BEGIN and END lines.
func privateKeyBody(v string) string {
	var b strings.Builder
	for _, l := range strings.Split(v, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "-----") || strings.Contains(l, ":") {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}

// decodesToText reports whether v is base64 of printable text that carries no
// secret: a URL or plain words.
func decodesToText(v string) (string, bool) {
	if len(v) < 16 {
		return "", false
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(v)
		if err != nil || !utf8.Valid(b) {
			continue
		}
		s := string(b)
		printable := true
		for _, r := range s {
			if !unicode.IsPrint(r) {
				printable = false
				break
			}
		}
		if !printable {
			continue
		}
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			return s, true
		}
		if regexp.MustCompile(`^[A-Za-z]+( [A-Za-z]+)+[.!]?$`).MatchString(s) {
			return s, true
		}
	}
	return "", false
}
