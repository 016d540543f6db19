package changes

import (
	"slices"
	"testing"
)

// A pull request's files, as the GitHub API lists them (hunks with three lines of
// context, no file headers), become the same Set that --changed-since builds from git.
func TestAddPatch(t *testing.T) {
	s := NewSet()
	// Lines 11 and 12 added (b changed, c new), 42 added in a second hunk; the rest is
	// context or removed. A last line without newline, as GitHub sends it.
	patch := "@@ -10,6 +10,7 @@ func main() {\n \ta := 1\n-\tb := 2\n+\tb := 3\n+\tc := 4\n \n \treturn\n \t}\n" +
		"\n@@ -40,3 +41,3 @@\n-x\n y\n+z\n \n\\ No newline at end of file"
	if err := s.AddPatch("main.go", "modified", patch); err != nil {
		t.Fatal(err)
	}
	if got, want := s.Files()[0].Lines, []Range{{11, 12}, {42, 42}}; !slices.Equal(got, want) {
		t.Errorf("changed lines = %v, want %v", got, want)
	}
	if err := s.AddPatch("bad.go", "modified", "garbage\n+x"); err == nil {
		t.Error("a patch without a hunk header parsed")
	}
	if err := s.AddPatch("miscounted.go", "modified", "@@ -1,7 +1,9 @@\n x\n+y\n"); err == nil {
		t.Error("a hunk whose header miscounts its lines parsed")
	}
}

func TestContainsSpan(t *testing.T) {
	s := NewSet()
	s.AddPatch("a.go", "modified", "@@ -1,2 +1,3 @@\n x\n+y\n z")
	s.AddPatch("big.bin", "added", "")
	s.AddPatch("gone.go", "removed", "@@ -1 +0,0 @@\n-x")
	if err := s.AddPatch("bad.go", "modified", "nonsense"); err == nil {
		t.Error("a bad patch gave no error")
	}
	for _, tc := range []struct {
		path      string
		line, end int
		want      bool
	}{
		{"a.go", 2, 0, true}, {"a.go", 1, 0, false}, {"a.go", 1, 3, true}, {"a.go", 0, 0, true}, {"a.go", 3, 9, false},
		{"big.bin", 99, 0, true}, {"bad.go", 5, 0, true}, {"gone.go", 1, 0, false}, {"other.go", 1, 0, false},
	} {
		if got := s.ContainsSpan(tc.path, tc.line, tc.end); got != tc.want {
			t.Errorf("ContainsSpan(%s, %d, %d) = %v, want %v", tc.path, tc.line, tc.end, got, tc.want)
		}
	}
	var none *Set
	if !none.ContainsSpan("x", 1, 1) {
		t.Error("no diff known must mean everything is in scope")
	}
}

func FuzzAddPatch(f *testing.F) {
	f.Add("@@ -1,2 +1,3 @@\n x\n+y\n z")
	f.Add("@@ -0,0 +1 @@\n+a")
	f.Fuzz(func(t *testing.T, patch string) {
		s := NewSet()
		err := s.AddPatch("f", "modified", patch)
		file := s.Files()[0]
		if err != nil && !file.Whole {
			t.Fatal("a patch that did not parse must leave the whole file changed")
		}
		for _, r := range file.Lines {
			if r.Start < 0 || r.End < r.Start {
				t.Fatalf("bad range %v", r)
			}
		}
	})
}
