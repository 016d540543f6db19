package sarifimport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/shiftgate/shiftgate/internal/finding"
	"github.com/shiftgate/shiftgate/internal/workspace"
)

// An imported log is the change's to write, and code-scanning logs are often larger
// than paths.max_file_size: it is streamed, never held whole. Two passes over the
// file, each with a json.Decoder: the first keeps each run's context (tool and its
// rules, artifacts, uriBaseIds) and counts results, skipping their text; the second
// decodes one result at a time and turns it into a finding. Two passes because SARIF
// writers put "results" before "tool" as often as after (the SARIF SDK's converters
// do). What one log may hold is bounded:
const (
	// maxRuns is the most runs a log may have.
	maxRuns = 100
	// maxResults is the most results a log may have, over all its runs.
	maxResults = 100_000
	// maxValue is the most bytes read while decoding one value kept whole: a run's
	// tool, its artifacts, its uriBaseIds, one result, one skipped value.
	maxValue = 32 << 20
	// maxLog is the most bytes read from one log.
	maxLog = 4 << 30
	// maxMessage is the most bytes of a result's message kept.
	maxMessage = 16 << 10
)

// errValueTooLarge and errLogTooLarge are returned by the limiting reader.
var (
	errValueTooLarge = fmt.Errorf("a single value is larger than %d MiB", maxValue>>20)
	errLogTooLarge   = fmt.Errorf("the log is larger than %d GiB", maxLog>>30)
)

// limitReader counts what the decoder reads: in all (maxLog) and since the last
// checkpoint (maxValue). The decoder reads ahead, so a value is charged for at most
// one buffer more than its size.
type limitReader struct {
	r            io.Reader
	total, since int64
	// err is the first limit crossed: sticky, because the decoder drops a read error
	// that comes with the bytes completing a value.
	err error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	l.total += int64(n)
	l.since += int64(n)
	switch {
	case l.total > maxLog:
		l.err = errLogTooLarge
	case l.since > maxValue:
		l.err = errValueTooLarge
	}
	if l.err != nil {
		return n, l.err
	}
	return n, err
}

// skip is a value decoded only to be passed over: the decoder scans it, nothing is kept.
type skip struct{}

func (*skip) UnmarshalJSON([]byte) error { return nil }

// runCtx is what the first pass keeps of one run.
type runCtx struct {
	run     sarif.Run
	hasTool bool
	results int
}

// opener opens the log again for each pass.
type opener func() (io.ReadCloser, error)

// decoder walks one pass over a log.
type decoder struct {
	rel  string
	open opener
	lr   *limitReader
	dec  *json.Decoder
}

func newDecoder(rel string, open opener) (*decoder, io.Closer, error) {
	rc, err := open()
	if err != nil {
		return nil, nil, fmt.Errorf("could not read SARIF file %q: %w", rel, err)
	}
	lr := &limitReader{r: rc}
	dec := json.NewDecoder(bufio.NewReaderSize(lr, 64<<10))
	return &decoder{rel: rel, open: open, lr: lr, dec: dec}, rc, nil
}

// value decodes the next value into v, charged from a fresh checkpoint.
func (d *decoder) value(v any) error {
	d.lr.since = 0
	err := d.dec.Decode(v)
	if d.lr.err != nil {
		return d.lr.err
	}
	return err
}

// delim reads the next token and checks it is the delimiter want.
func (d *decoder) delim(want json.Delim) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if got, ok := tok.(json.Delim); !ok || got != want {
		return &json.UnmarshalTypeError{Value: kindOf(tok), Offset: d.dec.InputOffset(), Type: nil, Field: "expected " + string(want)}
	}
	return nil
}

// key reads an object key, or reports the end of the object.
func (d *decoder) key() (string, bool, error) {
	if !d.dec.More() {
		return "", false, d.delim('}')
	}
	tok, err := d.dec.Token()
	if d.lr.err != nil {
		return "", false, d.lr.err
	}
	if err != nil {
		return "", false, err
	}
	k, _ := tok.(string)
	return k, true, nil
}

// walk makes one pass: top is called for each top-level key but "runs", run for each
// key of each run; both must consume the value.
func (d *decoder) walk(top func(key string) error, run func(ri int, key string) error) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if t, ok := tok.(json.Delim); !ok || t != '{' {
		return errNotObject
	}
	sawRuns := false
	for {
		k, ok, err := d.key()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if k != "runs" {
			if err := top(k); err != nil {
				return err
			}
			continue
		}
		sawRuns = true
		if err := d.delim('['); err != nil {
			return err
		}
		for ri := 0; d.dec.More(); ri++ {
			if ri >= maxRuns {
				return fmt.Errorf("%s: more than %d runs: split the log", d.rel, maxRuns)
			}
			if err := d.delim('{'); err != nil {
				return err
			}
			for {
				k, ok, err := d.key()
				if err != nil {
					return err
				}
				if !ok {
					break
				}
				if err := run(ri, k); err != nil {
					return err
				}
			}
		}
		if err := d.delim(']'); err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if d.lr.err != nil {
			return d.lr.err
		}
		return &json.UnmarshalTypeError{Value: "more data", Offset: d.dec.InputOffset(), Field: "expected the end of the log"}
	}
	if !sawRuns {
		return errNoRuns
	}
	return nil
}

var (
	errNotObject = errors.New("not an object")
	errNoRuns    = errors.New("no runs")
)

// results walks the results array of a run, calling each with a fresh checkpoint.
func (d *decoder) results(each func(i int) error) error {
	if err := d.delim('['); err != nil {
		return err
	}
	for i := 0; d.dec.More(); i++ {
		if err := each(i); err != nil {
			return err
		}
	}
	return d.delim(']')
}

// parseStream imports one log, reading it twice through open.
func parseStream(ws *workspace.Workspace, rel string, open opener) ([]finding.Finding, []finding.Rule, []finding.Note, error) {
	// First pass: the runs' context and the version.
	d, c, err := newDecoder(rel, open)
	if err != nil {
		return nil, nil, nil, err
	}
	var (
		version string
		runs    []*runCtx
		total   int
	)
	err = d.walk(func(key string) error {
		if key == "version" {
			return d.value(&version)
		}
		return d.value(&skip{})
	}, func(ri int, key string) error {
		for len(runs) <= ri {
			runs = append(runs, &runCtx{})
		}
		r := runs[ri]
		switch key {
		case "tool":
			r.hasTool = true
			return d.value(&r.run.Tool)
		case "artifacts":
			return d.value(&r.run.Artifacts)
		case "originalUriBaseIds":
			return d.value(&r.run.OriginalUriBaseIDs)
		case "results":
			return d.results(func(int) error {
				r.results++
				if total++; total > maxResults {
					return fmt.Errorf("%s: more than %d results: the import stops here rather than judge part of the log (split it, or filter it)", rel, maxResults)
				}
				return d.value(&skip{})
			})
		}
		return d.value(&skip{})
	})
	c.Close()
	if err != nil {
		return nil, nil, nil, d.explain(err)
	}
	if version != "2.1.0" {
		return nil, nil, nil, fmt.Errorf("%s: SARIF version %q is not supported: write SARIF 2.1.0 (most tools have a --sarif or --format sarif option that does)", rel, version)
	}
	var rules []finding.Rule
	byID := make([]map[string]*sarif.ReportingDescriptor, len(runs))
	for ri, r := range runs {
		if !r.hasTool || r.run.Tool.Driver == nil {
			return nil, nil, nil, fmt.Errorf("%s: runs[%d] has no tool.driver: not a valid SARIF run", rel, ri)
		}
		byID[ri] = map[string]*sarif.ReportingDescriptor{}
		for _, rd := range r.run.Tool.Driver.Rules {
			if rd == nil || rd.ID == "" {
				continue
			}
			byID[ri][rd.ID] = rd
			rules = append(rules, toRule(r.run.Tool.Driver.Name, rd))
		}
	}
	if total == 0 {
		return nil, rules, nil, nil
	}

	// Second pass: one result at a time.
	d, c, err = newDecoder(rel, open)
	if err != nil {
		return nil, nil, nil, err
	}
	defer c.Close()
	var (
		fs    []finding.Finding
		notes []finding.Note
	)
	err = d.walk(func(string) error { return d.value(&skip{}) }, func(ri int, key string) error {
		if key != "results" || ri >= len(runs) {
			return d.value(&skip{})
		}
		run := &runs[ri].run
		return d.results(func(i int) error {
			if i >= runs[ri].results {
				return fmt.Errorf("%s: the log changed while it was read", rel)
			}
			var r *sarif.Result
			if err := d.value(&r); err != nil {
				return err
			}
			if r == nil {
				return nil
			}
			where := fmt.Sprintf("%s: runs[%d].results[%d]", rel, ri, i)
			f, note, ok := toFinding(ws, where, run.Tool.Driver.Name, r, run, byID[ri])
			if note != "" {
				notes = append(notes, finding.Note{Check: Name, Kind: "rejected", Path: rel, Message: note})
			}
			if ok {
				fs = append(fs, f)
			}
			return nil
		})
	})
	if err != nil {
		return nil, nil, nil, d.explain(err)
	}
	return fs, rules, notes, nil
}

// explain turns a decoding error into one that names the log, and the line and column
// for a syntax error (counted on a third, streaming read of the file).
func (d *decoder) explain(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, errNotObject):
		return fmt.Errorf("%s:1:1: a SARIF log is a JSON object with \"version\" and \"runs\"", d.rel)
	case errors.Is(err, errNoRuns):
		return fmt.Errorf("%s: SARIF log has no \"runs\" array", d.rel)
	case errors.Is(err, errValueTooLarge), errors.Is(err, errLogTooLarge):
		line, col := d.position(d.lr.total)
		return fmt.Errorf("%s:%d:%d: %w: the import is bounded (docs/security.md)", d.rel, line, col, err)
	case errors.As(err, &typ) && typ.Type == nil:
		line, col := d.position(typ.Offset)
		return fmt.Errorf("%s:%d:%d: malformed SARIF JSON: %s, found %s", d.rel, line, col, typ.Field, typ.Value)
	case errors.As(err, &typ):
		return fmt.Errorf("%s: not a SARIF log: %w", d.rel, err)
	case errors.As(err, &syn):
		line, col := d.position(syn.Offset)
		return fmt.Errorf("%s:%d:%d: malformed SARIF JSON: %v (is the file complete? regenerate it with the tool's SARIF output option)", d.rel, line, col, err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		line, col := d.position(d.lr.total)
		return fmt.Errorf("%s:%d:%d: malformed SARIF JSON: unexpected end of JSON input (is the file complete? regenerate it with the tool's SARIF output option)", d.rel, line, col)
	}
	return err
}

// position is the 1-based line and column of byte offset off, read again from the file.
func (d *decoder) position(off int64) (int, int) {
	rc, err := d.open()
	if err != nil {
		return 0, 0
	}
	defer rc.Close()
	line, col := 1, 1
	br := bufio.NewReader(io.LimitReader(rc, off))
	for {
		b, err := br.ReadByte()
		if err != nil {
			return line, col
		}
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
}

// bytesOpener opens data, for Parse.
func bytesOpener(data []byte) opener {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}

// kindOf names a token's kind without quoting it: the log's text is not echoed.
func kindOf(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return string(t)
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "a value"
}
