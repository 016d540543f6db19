// Package junit renders junit.xml so CI systems that show test reports (GitLab,
// Jenkins, Tekton dashboards) show the gate: one test suite per check, one test case
// per finding, blocking findings as failures, others as skipped with the reason.
//
// The document is valid against Jenkins xUnit's junit-10.xsd, the strictest common
// reader (xUnit skips a file that is not): no attributes outside the schema. What a
// finding adds beyond a test result goes where the schema allows it: its location,
// severity, rule and status in the test case's system-out, one "key: value" a line,
// and the check's status in the suite's properties.
package junit

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/result"
)

// testsuites has only the attributes junit-10.xsd allows (no "skipped": each suite
// counts its own).
type testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Suites   []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Properties []property `xml:"properties>property,omitempty"`
	Cases      []testcase `xml:"testcase"`
}

type property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// testcase: junit-10.xsd has no file or line attribute; the location is in SystemOut.
type testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Failure   *message `xml:"failure,omitempty"`
	Error     *message `xml:"error,omitempty"`
	Skipped   *message `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

type message struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Write renders the result as JUnit XML.
func Write(w io.Writer, res *result.Result) error {
	doc := testsuites{Name: "shiftgate"}
	for _, c := range res.Checks {
		s := testsuite{Name: c.Name, Properties: []property{{Name: "status", Value: string(c.Status)}}}
		switch c.Status {
		case result.StatusSkipped:
			s.Cases = append(s.Cases, testcase{Name: "check " + c.Name, Classname: "shiftgate." + c.Name, Skipped: &message{Message: "disabled by the policy"}})
		case result.StatusError:
			s.Cases = append(s.Cases, testcase{Name: "check " + c.Name, Classname: "shiftgate." + c.Name, Error: &message{Message: "the check could not run", Text: c.Error}})
		default:
			s.Cases = append(s.Cases, testcase{Name: "check " + c.Name, Classname: "shiftgate." + c.Name})
		}
		for _, f := range res.Findings {
			if f.Check != c.Name {
				continue
			}
			tc := testcase{Name: fmt.Sprintf("%s %s", f.Rule, location(f)), Classname: "shiftgate." + c.Name, SystemOut: details(f)}
			if f.Status == finding.StatusBlocking {
				tc.Failure = &message{Message: f.Message, Type: f.Severity.String(), Text: fmt.Sprintf("%s %s at %s: %s\n%s", f.Severity, f.Rule, location(f), f.Message, f.Reason)}
			} else {
				tc.Skipped = &message{Message: fmt.Sprintf("%s: %s", f.Status, f.Reason)}
			}
			s.Cases = append(s.Cases, tc)
		}
		for _, tc := range s.Cases {
			s.Tests++
			switch {
			case tc.Failure != nil:
				s.Failures++
			case tc.Error != nil:
				s.Errors++
			case tc.Skipped != nil:
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Suites = append(doc.Suites, s)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("could not encode JUnit XML: %w", err)
	}
	buf.WriteString("\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// details are the finding's facts, one "key: value" a line, in a fixed order.
func details(f finding.Finding) string {
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("file", f.Path)
	if f.Line > 0 {
		line("line", strconv.Itoa(f.Line))
	}
	line("rule", f.Rule)
	line("severity", f.Severity.String())
	line("status", string(f.Status))
	if f.Package != nil {
		line("package", f.Package.Name+"@"+f.Package.Version)
	}
	line("message", f.Message)
	line("reason", f.Reason)
	return b.String()
}

func location(f finding.Finding) string {
	if f.Line > 0 {
		return fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	return f.Path
}
