package secrets

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/sources"

	"github.com/shiftgate/shiftgate/checks"
	"github.com/shiftgate/shiftgate/internal/policy"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// bigFile is about 300 kB of text, cut by gitleaks into several fragments, with
// secrets in the second and the third of them (one behind gitleaks:allow).
func bigFile() []byte {
	var b bytes.Buffer
	for i := 1; b.Len() < 300_000; i++ {
		switch i {
		case 1500:
			// Test values only, built at run time so no scanner flags this file.
			fmt.Fprintf(&b, "aws_access_key_id = %s\n", "AKIA"+"QYLPMN5HFIQR7XQZ")
		case 4200:
			fmt.Fprintf(&b, "token: %s\n", "ghp_"+strings.Repeat("aB3dE5fG7h", 3)+"iJ4kL6")
		case 4300:
			fmt.Fprintf(&b, "token: %s # gitleaks:allow\n", "ghp_"+strings.Repeat("zY8xW6vU4t", 3)+"sR2qP0")
		case 0:
		default:
			if i%40 == 0 {
				b.WriteString("\n")
			} else {
				fmt.Fprintf(&b, "line %d of the fixture, nothing secret here\n", i)
			}
		}
	}
	return b.Bytes()
}

// The check hands gitleaks' file source a pooled buffer instead of letting it
// allocate one per file: the file must be cut into the same fragments, so findings
// keep their lines. Scanning with gitleaks' own allocation (no buffer given) is the
// reference.
func TestPooledBufferCutsWhereGitleaksDoes(t *testing.T) {
	data := bigFile()
	fragments := func(buf []byte) []string {
		var out []string
		src := &sources.File{Content: bytes.NewReader(data), Buffer: buf}
		err := src.Fragments(context.Background(), func(fr sources.Fragment, err error) error {
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%d:%d", fr.StartLine, len(fr.Raw)))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ref, pooled := fragments(nil), fragments(make([]byte, fragmentBufferSize))
	if len(ref) < 3 {
		t.Fatalf("the fixture is one or two fragments (%v): it does not test the cut", ref)
	}
	if !slices.Equal(ref, pooled) {
		t.Errorf("fragments with a %d-byte buffer %v, gitleaks' own %v", fragmentBufferSize, pooled, ref)
	}

	// The check, over the same file beside small ones, reports what gitleaks' own
	// source and detector find, at the same lines.
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "big.txt"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("small%d.txt", i)), []byte("nothing\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := scanFindings(t, root)
	det, err := NewDetector(nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	src := &sources.File{Content: bytes.NewReader(data)}
	if err := src.Fragments(context.Background(), func(fr sources.Fragment, err error) error {
		for _, lf := range det.DetectContext(context.Background(), detect.Fragment(fr)) {
			want = append(want, fmt.Sprintf("big.txt:%d:%s:", lf.StartLine, lf.RuleID))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	want = append(want, "big.txt:4300:github-pat:suppressed")
	slices.Sort(got)
	slices.Sort(want)
	if len(want) < 3 || !slices.Equal(got, want) {
		t.Errorf("the check found %v, gitleaks %v", got, want)
	}
}

// The pooled buffers go from file to file: a short file read into a buffer that held
// a long one must see only its own bytes. Files that end where the long file holds a
// secret (so stale bytes past a short read would complete a match), many of them,
// one worker and several, a gitleaks:allow comment first seen in a later file: every
// finding is in the file that holds it, and each file's findings are the same as
// when it is scanned alone.
func TestPooledBuffersDoNotLeakBetweenFiles(t *testing.T) {
	// Test values only, built at run time so no scanner flags this file.
	aws := "AKIA" + "QYLPMN5HFIQR7XQZ"
	ghp := "ghp_" + strings.Repeat("aB3dE5fG7h", 3) + "iJ4kL6"
	var long bytes.Buffer
	for long.Len() < 99_000 {
		long.WriteString("filler line, nothing secret here at all\n")
	}
	prefix := long.Len()
	fmt.Fprintf(&long, "aws_access_key_id = %s\ntoken: %s\n", aws, ghp)
	files := map[string][]byte{"a-long.txt": long.Bytes()}
	for i := range 40 {
		// The short files are the long file's first bytes up to the secret's line,
		// cut mid-line: only the stale bytes of a reused buffer could finish it.
		files[fmt.Sprintf("b-short%02d.txt", i)] = long.Bytes()[:prefix+len("aws_access_key_id = ")+i%8]
	}
	files["c-allow.txt"] = fmt.Appendf(nil, "token: %s # gitleaks:allow\n", ghp)
	files["d-after.txt"] = []byte("x\n")
	root := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(root, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"a-long.txt:2476:aws-access-token:", "a-long.txt:2477:github-pat:", "c-allow.txt:1:github-pat:suppressed"}
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			prev := runtime.GOMAXPROCS(procs)
			defer runtime.GOMAXPROCS(prev)
			got := scanFindings(t, root)
			if !slices.Equal(got, want) {
				t.Errorf("found %v, want %v", got, want)
			}
		})
	}
}

// scanFindings runs the check on root with the default policy and lists its findings
// as "path:line:rule:status".
func scanFindings(t *testing.T, root string) []string {
	t.Helper()
	ws, err := workspace.Open(root, workspace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := &policy.Policy{}
	p.Checks.Secrets.Enabled = true
	res, err := New().Run(context.Background(), &checks.Env{Workspace: ws, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s:%d:%s:%s", f.Path, f.Line, f.Rule, f.Status))
	}
	return got
}
