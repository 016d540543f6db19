package sast

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/securego/gosec/v2/analyzers"
	"github.com/securego/gosec/v2/issue"
	"github.com/securego/gosec/v2/rules"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// gosecVersion is the gosec release linked into this check (see go.mod).
const gosecVersion = "v2.30.0"

// remediation returns, per gosec rule, what a developer should do instead. gosec's own
// descriptions say what is wrong; these say how to fix it.
func remediation() map[string]string {
	return map[string]string{
		"G101": "Do not hard-code credentials. Read them at run time from a secret store or the environment, and rotate any credential that was committed.",
		"G102": "Bind to a specific interface (for example 127.0.0.1 or the service address) instead of 0.0.0.0 or an empty host.",
		"G103": "Avoid package unsafe. If it is truly needed, isolate it in a small, reviewed function and document why it is safe.",
		"G104": "Handle the returned error: return it, wrap it with context, or log it deliberately.",
		"G106": "Verify SSH host keys: use knownhosts.New or ssh.FixedHostKey instead of ssh.InsecureIgnoreHostKey.",
		"G107": "Do not build request URLs from variables an attacker may control; validate the URL against an allow-list of hosts and schemes.",
		"G108": "Do not import net/http/pprof in production servers; serve profiling endpoints on a separate, non-public listener.",
		"G109": "Use strconv.ParseInt with the target bit size (for example ParseInt(s, 10, 32)) instead of converting the result of strconv.Atoi.",
		"G110": "Limit decompressed data: use io.CopyN or an io.LimitReader with a maximum size.",
		"G111": "Do not serve the file system root: give http.Dir a dedicated directory, or use http.FS with an embed.FS.",
		"G112": "Set ReadHeaderTimeout (and ReadTimeout) on http.Server to defend against Slowloris attacks.",
		"G113": "Reject requests with both Content-Length and Transfer-Encoding and do not parse bodies with bare LF line endings; use net/http's defaults.",
		"G114": "Use an http.Server with ReadTimeout, WriteTimeout and IdleTimeout set instead of http.ListenAndServe and friends.",
		"G115": "Check the value's range before converting between integer types, or use a type wide enough for every value.",
		"G116": "Remove bidirectional Unicode control characters from source code; they can make code read differently from how it compiles.",
		"G117": "Keep secrets out of marshalled structs: tag secret fields with `json:\"-\"` (or the equivalent) or use a separate type for output.",
		"G118": "Propagate the caller's context to goroutines and calls instead of context.Background(), and call every cancel function.",
		"G119": "Write a CheckRedirect function that drops Authorization, Cookie and similar headers when a redirect leaves the original host.",
		"G120": "Limit the request body (http.MaxBytesReader) before ParseMultipartForm or ParseForm, and pass a bounded maxMemory.",
		"G121": "Do not add bypass patterns to http.CrossOriginProtection that match more than the intended trusted paths.",
		"G122": "Do not act on paths from filepath.Walk/WalkDir callbacks without re-checking them; use os.Root or open relative to a directory handle.",
		"G123": "Set tls.Config.VerifyConnection (which also runs on resumed sessions) instead of relying only on VerifyPeerCertificate.",
		"G124": "Set Secure, HttpOnly and SameSite on http.Cookie values that carry session or other sensitive data.",
		"G125": "Escape untrusted path elements (url.PathEscape) before passing them to url.JoinPath.",
		"G201": "Use parameterised queries (placeholders such as ? or $1 with arguments) instead of building SQL with fmt.Sprintf.",
		"G202": "Use parameterised queries (placeholders such as ? or $1 with arguments) instead of concatenating strings into SQL.",
		"G203": "Do not convert untrusted data to template.HTML, template.JS or template.URL; let html/template escape it.",
		"G204": "Run a fixed program with arguments passed as separate values; never pass untrusted input to a shell (sh -c). Validate arguments against an allow-list.",
		"G301": "Create directories with 0750 or stricter permissions.",
		"G302": "Use 0600 or stricter permissions for files opened or chmod-ed by the program.",
		"G303": "Create temporary files with os.CreateTemp (or os.MkdirTemp) instead of a predictable path.",
		"G304": "Clean the path and confine it to a base directory (os.Root, or filepath.Clean plus a prefix check) before opening files named by input.",
		"G305": "Reject archive entries whose cleaned path leaves the destination directory (\"zip slip\").",
		"G306": "Write files with 0600 or stricter permissions.",
		"G307": "Create files with os.OpenFile and 0600 or stricter permissions instead of os.Create (0666).",
		"G401": "Use SHA-256 or stronger (crypto/sha256, crypto/sha512) instead of MD5 or SHA-1; for passwords use bcrypt, scrypt or argon2.",
		"G402": "Keep certificate verification on (no InsecureSkipVerify) and require TLS 1.2 or later (MinVersion: tls.VersionTLS12).",
		"G403": "Generate RSA keys of at least 2048 bits (3072 or more for long-lived keys).",
		"G404": "Use crypto/rand for anything security-related (tokens, keys, nonces) instead of math/rand.",
		"G405": "Use AES-GCM or ChaCha20-Poly1305 instead of DES or RC4.",
		"G406": "Use SHA-256 or stronger instead of MD4 or RIPEMD-160.",
		"G407": "Generate a fresh random nonce or IV for every encryption (crypto/rand) and never hard-code it.",
		"G408": "Do not keep state from ssh.PublicKeyCallback to authorise later; use the Permissions returned with the authenticated connection.",
		"G501": "Remove the crypto/md5 import and use crypto/sha256 or stronger.",
		"G502": "Remove the crypto/des import and use AES-GCM (crypto/aes, crypto/cipher).",
		"G503": "Remove the crypto/rc4 import and use AES-GCM or ChaCha20-Poly1305.",
		"G504": "Remove net/http/cgi: it is exposed to httpoxy; serve HTTP directly.",
		"G505": "Remove the crypto/sha1 import and use crypto/sha256 or stronger.",
		"G506": "Remove golang.org/x/crypto/md4 and use SHA-256 or stronger.",
		"G507": "Remove golang.org/x/crypto/ripemd160 and use SHA-256 or stronger.",
		"G601": "Do not take the address of the range variable in Go before 1.22; copy the value or index the slice.",
		"G602": "Check the slice length before indexing or slicing it.",
		"G701": "Use parameterised queries; never concatenate request data into SQL.",
		"G702": "Never pass request data to a shell or as the program to run; use a fixed program and validate arguments against an allow-list.",
		"G703": "Confine paths derived from request data to a base directory (os.Root, or filepath.Clean plus a prefix check).",
		"G704": "Validate user-supplied URLs against an allow-list of hosts and schemes before requesting them, and block internal addresses.",
		"G705": "Render user input through html/template (which escapes it) instead of writing it to the response directly.",
		"G706": "Strip or escape newlines and control characters from user input before logging it, or use structured logging (log/slog) fields.",
		"G707": "Reject CR and LF in user-supplied e-mail addresses and headers before passing them to net/smtp.",
		"G708": "Never parse templates from user input; load templates from trusted files and pass user data as template data (html/template).",
		"G709": "Do not deserialise untrusted data into interface values or types with side effects; decode into plain structs and validate them.",
		"G710": "Redirect only to relative paths or to hosts on an allow-list; never to a URL taken directly from the request.",
	}
}

// hasSecuregoPage reports whether a rule has a page on securego.io; the others are
// described in gosec's RULES.md.
func hasSecuregoPage(id string) bool {
	switch id {
	case
		"G101", "G102", "G103", "G104", "G106", "G107", "G108",
		"G109", "G110", "G201", "G202", "G203", "G204", "G301",
		"G302", "G303", "G304", "G305", "G306", "G307", "G401",
		"G402", "G403", "G404", "G501", "G502", "G503", "G504",
		"G505", "G601":
		return true
	}
	return false
}

// RuleIDs lists the id of every rule and analyzer gosec ships, sorted: what
// checks.sast.exclude, checks.sast.severity and exceptions may name.
func RuleIDs() []string {
	ids := slices.Collect(maps.Keys(ruleTitles()))
	slices.Sort(ids)
	return ids
}

// ruleTitles returns gosec's own one-line description of every rule it ships.
func ruleTitles() map[string]string {
	out := map[string]string{}
	for id, def := range rules.Generate(false).Rules {
		out[id] = def.Description
	}
	for id, def := range analyzers.Generate(false).Analyzers {
		out[id] = def.Description
	}
	return out
}

// helpURI is the page that documents a rule.
func helpURI(id string) string {
	if hasSecuregoPage(id) {
		return "https://securego.io/docs/rules/" + strings.ToLower(id) + ".html"
	}
	return "https://github.com/securego/gosec/blob/" + gosecVersion + "/RULES.md"
}

// cweOf returns "CWE-89" style identifiers for a rule, from gosec's own mapping.
func cweOf(id string) []string {
	if w := issue.GetCweByRule(id); w != nil {
		return []string{w.SprintID()}
	}
	return nil
}

// describeRule builds the rule metadata reports show: gosec's title, the CWE it maps
// to, and a remediation help text.
func describeRule(id, title string, sev finding.Severity) finding.Rule {
	if title == "" {
		title = "gosec rule " + id
	}
	desc := title + "."
	if w := issue.GetCweByRule(id); w != nil {
		desc = fmt.Sprintf("%s. %s (%s): %s", title, w.Name, w.SprintID(), w.Description)
	}
	fix := remediation()[id]
	if fix == "" {
		fix = "Review the flagged code and follow the guidance in gosec's rule documentation."
	}
	help := fmt.Sprintf("%s\n\nThis finding comes from gosec %s rule %s. See %s. To accept a reviewed case, add `// #nosec %s -- why it is safe` on the flagged line.",
		fix, gosecVersion, id, helpURI(id), id)
	tags := []string{"security", "go"}
	tags = append(tags, cweOf(id)...)
	return finding.Rule{
		ID:          id,
		Name:        pascal(title),
		Title:       title,
		Description: desc,
		Help:        help,
		HelpURI:     helpURI(id),
		Severity:    sev,
		Tags:        tags,
	}
}

// pascal turns a title into a PascalCase name, as SARIF suggests for rule names.
func pascal(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
