// Package baseline records a scan's findings by fingerprint so that, with
// fail.new_only, only findings absent from the record block; and it says which
// recorded findings are gone, so the record can shrink. The file is deterministic JSON:
// the same findings always give the same bytes.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shiftgate/shiftgate/internal/finding"
)

// DefaultPath is where the baseline lives when the policy does not say.
const DefaultPath = ".shiftgate/baseline.json"

// Version is the layout version of the baseline file.
const Version = 1

// maxSize bounds a baseline file: even a large legacy codebase's record is a few MB.
const maxSize = MaxSize

// MaxSize bounds a baseline file.
const MaxSize = 64 << 20

// File is the baseline document.
type File struct {
	Version int `json:"version"`
	// Comment tells a reader what the file is.
	Comment string  `json:"comment,omitempty"`
	Entries []Entry `json:"findings"`
}

// Entry is one recorded finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Check       string `json:"check"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	// Reason is a short description: the finding's message, cut to one line.
	Reason string `json:"reason"`
}

const comment = "Findings recorded by `shiftgate baseline`: with fail.new_only: true they do not block. Re-run it to drop fixed ones."

// maxReason bounds an entry's reason so the file stays reviewable.
const maxReason = 120

// Build records findings. Every finding is recorded whatever its status, so a change of
// fail severity or an expired exception does not turn old findings into new ones.
func Build(fs []finding.Finding) *File {
	b := &File{Version: Version, Comment: comment, Entries: []Entry{}}
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Fingerprint == "" || seen[f.Fingerprint] {
			continue
		}
		seen[f.Fingerprint] = true
		b.Entries = append(b.Entries, Entry{Fingerprint: f.Fingerprint, Check: f.Check, Rule: f.Rule, Path: f.Path, Reason: short(f.Message)})
	}
	b.sort()
	return b
}

func (b *File) sort() {
	slices.SortFunc(b.Entries, func(x, y Entry) int {
		return cmp.Or(cmp.Compare(x.Path, y.Path), cmp.Compare(x.Check, y.Check), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Fingerprint, y.Fingerprint))
	})
}

func short(msg string) string {
	return finding.Shorten(finding.NormalizeLine(msg), maxReason)
}

// Marshal encodes the file: indented, sorted, with a final newline.
func (b *File) Marshal() ([]byte, error) {
	b.sort()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return nil, fmt.Errorf("could not encode the baseline: %w", err)
	}
	return buf.Bytes(), nil
}

// Load reads the baseline file rel (slash-separated, relative to root) without
// leaving root. A missing file gives (nil, nil): no baseline yet.
func Load(root, rel string) (*File, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("could not read the baseline %q: %w", rel, err)
	}
	defer r.Close()
	f, err := r.Open(filepath.FromSlash(rel))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the baseline %q (it must be a file inside the repository): %w", rel, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, fmt.Errorf("could not read the baseline %q: %w", rel, err)
	}
	if len(data) > maxSize {
		return nil, fmt.Errorf("the baseline %q is larger than %d bytes: is it the right file?", rel, maxSize)
	}
	return Parse(rel, data)
}

// Save writes the baseline file rel below root, creating its folder, without leaving
// root. The file is replaced whole: a reader never sees half of it.
func (b *File) Save(root, rel string) error {
	data, err := b.Marshal()
	if err != nil {
		return err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return fmt.Errorf("could not write the baseline %q: %w", rel, err)
	}
	defer r.Close()
	name := filepath.FromSlash(rel)
	if dir := filepath.Dir(name); dir != "." {
		if err := r.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("could not write the baseline %q (it must be inside the repository): %w", rel, err)
		}
	}
	tmp := name + ".tmp"
	if err := r.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("could not write the baseline %q (it must be inside the repository): %w", rel, err)
	}
	if err := r.Rename(tmp, name); err != nil {
		r.Remove(tmp)
		return fmt.Errorf("could not write the baseline %q: %w", rel, err)
	}
	return nil
}

// Parse decodes a baseline document strictly; name is used in error messages.
func Parse(name string, data []byte) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b File
	if err := dec.Decode(&b); err != nil {
		line := 1 + bytes.Count(data[:min(int(dec.InputOffset()), len(data))], []byte("\n"))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		} else if _, key, ok := strings.Cut(err.Error(), "unknown field "); ok {
			if i := bytes.Index(data, []byte(key)); i >= 0 {
				line = 1 + bytes.Count(data[:i], []byte("\n"))
			}
		}
		return nil, fmt.Errorf("%s:%d: invalid baseline: %v (regenerate it with `shiftgate baseline`)", name, line, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line := 1 + bytes.Count(data[:min(int(dec.InputOffset()), len(data))], []byte("\n"))
		return nil, fmt.Errorf("%s:%d: invalid baseline: text after the JSON document (regenerate it with `shiftgate baseline`)", name, line)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s: unsupported baseline version %d: this shiftgate reads version %d (regenerate it with `shiftgate baseline`)", name, b.Version, Version)
	}
	for i, e := range b.Entries {
		if strings.TrimSpace(e.Fingerprint) == "" {
			return nil, fmt.Errorf("%s: entry %d has no fingerprint (regenerate it with `shiftgate baseline`)", name, i+1)
		}
	}
	return &b, nil
}

// Outcome is what applying a baseline did.
type Outcome struct {
	// Matched counts findings now marked baseline.
	Matched int
	// Gone lists recorded entries no current finding matches: fixed, moved to another
	// file, or changed enough to be a new finding.
	Gone []Entry
}

// Apply marks every blocking or allowed finding whose fingerprint is recorded as
// StatusBaseline, with a reason naming the file, in place. Findings that are
// suppressed, excepted or vex keep their status. source names the baseline file.
func (b *File) Apply(fs []finding.Finding, source string) Outcome {
	recorded := make(map[string]bool, len(b.Entries))
	for _, e := range b.Entries {
		recorded[e.Fingerprint] = true
	}
	present := map[string]bool{}
	var o Outcome
	for i := range fs {
		f := &fs[i]
		if !recorded[f.Fingerprint] {
			continue
		}
		present[f.Fingerprint] = true
		if f.Status == finding.StatusBlocking || f.Status == finding.StatusAllowed || f.Status == "" {
			f.Status = finding.StatusBaseline
			f.Reason = fmt.Sprintf("recorded in the baseline %s and fail.new_only is on", source)
			o.Matched++
		}
	}
	for _, e := range b.Entries {
		if !present[e.Fingerprint] {
			o.Gone = append(o.Gone, e)
		}
	}
	return o
}

// Notes turns gone entries into notes of kind "baseline", one per entry, so a person
// sees what to drop.
func (o Outcome) Notes(source string) []finding.Note {
	var out []finding.Note
	for _, e := range o.Gone {
		out = append(out, finding.Note{Kind: "baseline", Path: e.Path,
			Message: fmt.Sprintf("%s %s (fingerprint %s) is in the baseline %s but no longer found: run `shiftgate baseline` to drop it", e.Check, e.Rule, e.Fingerprint, source)})
	}
	return out
}
