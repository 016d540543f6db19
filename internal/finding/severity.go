// Package finding holds the vocabulary every check, policy decision and report shares:
// severities, findings, rules and their stable fingerprints.
package finding

import (
	"fmt"
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	gocvss31 "github.com/pandatix/go-cvss/31"
	gocvss40 "github.com/pandatix/go-cvss/40"
)

// Severity is an ordered level: a larger value is more severe. The zero value is Unknown.
type Severity int

// The severities, least to most severe.
const (
	Unknown Severity = iota
	Info
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"unknown", "info", "low", "medium", "high", "critical"}

// Severities lists the known severities from most to least severe.
func Severities() []Severity { return []Severity{Critical, High, Medium, Low, Info} }

func (s Severity) String() string {
	if s < Unknown || int(s) >= len(severityNames) {
		return "unknown"
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name, case-insensitively. Common synonyms used by
// other tools (moderate, warning, error, note, none, negligible) are accepted.
func ParseSeverity(text string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "critical":
		return Critical, nil
	case "high", "error":
		return High, nil
	case "medium", "moderate", "warning":
		return Medium, nil
	case "low", "note":
		return Low, nil
	case "info", "informational", "none", "negligible":
		return Info, nil
	}
	return Unknown, fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", text)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Lower returns the next less severe level; Info stays Info.
func (s Severity) Lower() Severity {
	if s <= Info {
		return s
	}
	return s - 1
}

// FromScore maps a CVSS base score (0–10) to a severity with the CVSS v3 bands.
func FromScore(score float64) Severity {
	switch {
	case score >= 9.0:
		return Critical
	case score >= 7.0:
		return High
	case score >= 4.0:
		return Medium
	case score > 0:
		return Low
	default:
		return Info
	}
}

// Score returns a representative score for the severity, used where a format wants a
// number (SARIF's security-severity) and no CVSS score is known. The values sit inside
// the bands GitHub code scanning uses.
func (s Severity) Score() float64 {
	switch s {
	case Critical:
		return 9.5
	case High:
		return 8.0
	case Medium:
		return 5.5
	case Low:
		return 2.0
	default:
		return 0.0
	}
}

// ScoreVector computes the base score of a CVSS v2, v3.0, v3.1 or v4.0 vector.
func ScoreVector(vector string) (float64, error) {
	v := strings.TrimSpace(vector)
	switch {
	case strings.HasPrefix(v, "CVSS:4.0/"):
		c, err := gocvss40.ParseVector(v)
		if err != nil {
			return 0, fmt.Errorf("could not parse CVSS vector %q: %w", vector, err)
		}
		return c.Score(), nil
	case strings.HasPrefix(v, "CVSS:3.1/"):
		c, err := gocvss31.ParseVector(v)
		if err != nil {
			return 0, fmt.Errorf("could not parse CVSS vector %q: %w", vector, err)
		}
		return c.BaseScore(), nil
	case strings.HasPrefix(v, "CVSS:3.0/"):
		c, err := gocvss30.ParseVector(v)
		if err != nil {
			return 0, fmt.Errorf("could not parse CVSS vector %q: %w", vector, err)
		}
		return c.BaseScore(), nil
	default:
		c, err := gocvss20.ParseVector(v)
		if err != nil {
			return 0, fmt.Errorf("could not parse CVSS vector %q: %w", vector, err)
		}
		return c.BaseScore(), nil
	}
}
