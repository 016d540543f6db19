package github

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestParsePatch(t *testing.T) {
	patch := "@@ -10,7 +10,8 @@ func main() {\n \ta := 1\n-\tb := 2\n+\tb := 3\n+\tc := 4\n \n \treturn\n \t}\n\\ No newline at end of file\n@@ -40,3 +41,2 @@\n-x\n y\n+z"
	lines, err := ParsePatch(patch)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(maps.Keys(lines))
	if want := []int{11, 12, 42}; !slices.Equal(got, want) {
		t.Errorf("changed lines = %v, want %v", got, want)
	}
	if _, err := ParsePatch("garbage\n+x"); err == nil {
		t.Error("a patch without a hunk header parsed")
	}
}

func TestChangesContains(t *testing.T) {
	var c Changes
	c.AddFile("a.go", "modified", "@@ -1,2 +1,3 @@\n x\n+y\n z")
	c.AddFile("big.bin", "added", "")
	c.AddFile("gone.go", "removed", "@@ -1 +0,0 @@\n-x")
	if err := c.AddFile("bad.go", "modified", "nonsense"); err == nil {
		t.Error("a bad patch gave no error")
	}
	for _, tc := range []struct {
		path      string
		line, end int
		want      bool
	}{
		{"a.go", 2, 0, true}, {"a.go", 1, 0, false}, {"a.go", 1, 3, true}, {"a.go", 0, 0, true},
		{"big.bin", 99, 0, true}, {"bad.go", 5, 0, true}, {"gone.go", 1, 0, false}, {"other.go", 1, 0, false},
	} {
		if got := c.Contains(tc.path, tc.line, tc.end); got != tc.want {
			t.Errorf("Contains(%s, %d, %d) = %v, want %v", tc.path, tc.line, tc.end, got, tc.want)
		}
	}
	var none *Changes
	if !none.Contains("x", 1, 1) {
		t.Error("no diff known must mean everything is in scope")
	}
}

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

func FuzzParsePatch(f *testing.F) {
	f.Add("@@ -1,2 +1,3 @@\n x\n+y\n z")
	f.Add("@@ -0,0 +1 @@\n+a")
	f.Fuzz(func(t *testing.T, patch string) {
		lines, err := ParsePatch(patch)
		if err == nil {
			for l := range lines {
				if l < 0 {
					t.Fatalf("negative line %d", l)
				}
			}
		}
	})
}
