package github

import (
	"strings"
	"testing"
)

func TestSplitSARIF(t *testing.T) {
	runs, err := SplitSARIF([]byte(`{"$schema":"s","version":"2.1.0","runs":[{"automationDetails":{"id":"shiftgate/a/"},"results":[]},{"automationDetails":{"id":"shiftgate/b/"}}]}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Category != "shiftgate/a/" || runs[1].Category != "shiftgate/b/" ||
		string(runs[1].Log) != `{"$schema":"s","runs":[{"automationDetails":{"id":"shiftgate/b/"}}],"version":"2.1.0"}` {
		t.Errorf("split = %+v", runs)
	}
	if _, err := SplitSARIF([]byte("{"), ""); err == nil {
		t.Error("broken SARIF split")
	}
	// A scan of a subdirectory: relative URIs move under it, absolute ones stay.
	runs, err = SplitSARIF([]byte(`{"version":"2.1.0","runs":[{"results":[{"locations":[
		{"physicalLocation":{"artifactLocation":{"uri":"app/x.py"}}},
		{"physicalLocation":{"artifactLocation":{"uri":"file:///etc/passwd"}}}]}]}]}`), "services/api/")
	if err != nil || !strings.Contains(string(runs[0].Log), `"uri":"services/api/app/x.py"`) || !strings.Contains(string(runs[0].Log), `"uri":"file:///etc/passwd"`) {
		t.Errorf("rebased = %s, %v", runs[0].Log, err)
	}
}
