// Package osvdb reads a local OSV database: one all.zip of OSV records per ecosystem,
// under DIR/osv-scalibr/<Ecosystem>/ (what osv-scanner v2.5 and osv-scalibr read) or
// DIR/osv-scanner/<Ecosystem>/ (osv-scanner's documented layout). Zips are streamed and
// only records naming a wanted package are kept, indexed by package name, so memory is
// bounded by what the repository uses, not by the size of the database.
package osvdb

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	osvpb "github.com/ossf/osv-schema/bindings/go/osvschema"
	"google.golang.org/protobuf/encoding/protojson"
)

// Layouts are the folders under the database directory that hold per-ecosystem zips,
// in the order they are tried.
var layouts = [...]string{"osv-scalibr", "osv-scanner"}

// ErrNoEcosystem is wrapped by the error for an ecosystem the database has no zip for.
var ErrNoEcosystem = errors.New("the local OSV database has no records for this ecosystem")

// Record is one OSV record: its id, its JSON as stored, and its parsed form.
type Record struct {
	ID   string
	JSON []byte
	Vuln *osvpb.Vulnerability
}

// ZipPath returns the all.zip for an ecosystem ("Go", "npm", "PyPI", …) under dir, or
// maxRecord bounds one OSV record read from a zip (the largest real ones are ~1 MiB).
const maxRecord = 16 << 20

// an error wrapping ErrNoEcosystem that names both places looked at and the fix.
func ZipPath(dir, ecosystem string) (string, error) {
	var tried []string
	for _, l := range layouts {
		p := filepath.Join(dir, l, ecosystem, "all.zip")
		st, err := os.Stat(p)
		if err == nil && st.Mode().IsRegular() {
			return p, nil
		}
		tried = append(tried, p)
	}
	return "", fmt.Errorf("%w (%s): run `shiftgate db pull --ecosystems %s %s`, or copy osv-scanner's cache there (looked for %s)",
		ErrNoEcosystem, ecosystem, ecosystem, dir, strings.Join(tried, " and "))
}

// Unmarshal parses one OSV record, ignoring fields this schema version does not know
// (strict parsing would silently drop whole records from newer databases).
func Unmarshal(b []byte) (*osvpb.Vulnerability, error) {
	v := &osvpb.Vulnerability{}
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(b, v); err != nil {
		return nil, err
	}
	return v, nil
}

// Index holds the records of one ecosystem by the package names they affect.
type Index struct {
	Ecosystem string
	byName    map[string][]*Record
	byID      map[string]*Record
	// Records counts the records read from the zip, Kept those indexed.
	Records, Kept int
}

// Lookup returns the records affecting a package name (as the ecosystem spells it).
func (ix *Index) Lookup(name string) []*Record { return ix.byName[name] }

// All returns every kept record, sorted by id.
func (ix *Index) All() []*Record {
	out := make([]*Record, 0, len(ix.byID))
	for _, r := range ix.byID {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Record) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (ix *Index) add(r *Record, want func(string) bool) {
	if _, dup := ix.byID[r.ID]; dup {
		return
	}
	kept := false
	seen := map[string]bool{}
	for _, a := range r.Vuln.GetAffected() {
		n := a.GetPackage().GetName()
		if n == "" || seen[n] || (want != nil && !want(n)) {
			continue
		}
		seen[n] = true
		ix.byName[n] = append(ix.byName[n], r)
		kept = true
	}
	if kept || want == nil {
		ix.byID[r.ID] = r
		ix.Kept++
	}
}

// Load streams the ecosystem's zip under dir and keeps the records that name a package
// for which want returns true (nil keeps everything). A record that does not parse is
// an error naming the zip and the entry: a broken database must not look clean.
func Load(dir, ecosystem string, want func(name string) bool) (*Index, error) {
	p, err := ZipPath(dir, ecosystem)
	if err != nil {
		return nil, err
	}
	return LoadZip(p, ecosystem, want)
}

// LoadZip is Load for one zip file. Entries are read in file order through a
// read-ahead window (one system call per megabyte, not several per record) and split
// between a few workers; only the kept records stay in memory.
func LoadZip(zipPath, ecosystem string, want func(name string) bool) (*Index, error) {
	f, err := os.Open(zipPath)
	if err != nil {
		return nil, fmt.Errorf("could not open the OSV database %q: %w (re-download it with `shiftgate db pull`)", zipPath, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("could not open the OSV database %q: %w", zipPath, err)
	}
	open := func() (*zip.Reader, error) {
		zr, err := zip.NewReader(&windowReader{r: f, size: st.Size()}, st.Size())
		if err != nil {
			return nil, fmt.Errorf("could not open the OSV database %q: %w (re-download it with `shiftgate db pull`)", zipPath, err)
		}
		return zr, nil
	}
	zr, err := open()
	if err != nil {
		return nil, err
	}
	n := len(zr.File)
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, n/1000))
	type result struct {
		recs    []*Record
		records int
		err     error
	}
	results := make([]result, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					results[w].err = fmt.Errorf("reading the database crashed: %v", r)
				}
			}()
			r := zr
			if w > 0 {
				var err error
				if r, err = open(); err != nil {
					results[w].err = err
					return
				}
			}
			var buf bytes.Buffer
			for _, zf := range r.File[w*n/workers : (w+1)*n/workers] {
				if !strings.HasSuffix(zf.Name, ".json") {
					continue
				}
				results[w].records++
				rc, err := zf.Open()
				if err != nil {
					results[w].err = fmt.Errorf("could not read %s in %q: %w", zf.Name, zipPath, err)
					return
				}
				buf.Reset()
				// One record is kilobytes; a larger entry is a damaged or hostile zip, and
				// must not take the memory of the scan with it.
				n, err := io.Copy(&buf, io.LimitReader(rc, maxRecord+1))
				rc.Close()
				if err == nil && n > maxRecord {
					err = fmt.Errorf("larger than %d MiB: not an OSV record (fetch the database again with `shiftgate db pull`)", maxRecord>>20)
				}
				if err != nil {
					results[w].err = fmt.Errorf("could not read %s in %q: %w", zf.Name, zipPath, err)
					return
				}
				b := buf.Bytes()
				if want != nil && !mentionsWanted(b, want) {
					continue
				}
				v, err := Unmarshal(b)
				if err != nil {
					results[w].err = fmt.Errorf("%s in %q is not a valid OSV record: %w", zf.Name, zipPath, err)
					return
				}
				results[w].recs = append(results[w].recs, &Record{ID: v.GetId(), JSON: bytes.Clone(b), Vuln: v})
			}
		}(w)
	}
	wg.Wait()
	ix := &Index{Ecosystem: ecosystem, byName: map[string][]*Record{}, byID: map[string]*Record{}}
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		ix.Records += r.records
		for _, rec := range r.recs {
			ix.add(rec, want)
		}
	}
	if ix.Records == 0 {
		// An empty zip (an interrupted copy, a wrong file) must not read as "no vulnerabilities".
		return nil, fmt.Errorf("the OSV database %q holds no records: re-download it with `shiftgate db pull --ecosystems %s`", zipPath, ecosystem)
	}
	for _, l := range ix.byName {
		slices.SortFunc(l, func(a, b *Record) int { return strings.Compare(a.ID, b.ID) })
	}
	return ix, nil
}

// windowReader is an io.ReaderAt that reads ahead a megabyte at a time, so reading a
// zip's entries in order costs few system calls. Each worker has its own.
type windowReader struct {
	r    io.ReaderAt
	size int64
	off  int64
	buf  []byte
}

const windowSize = 1 << 20

func (w *windowReader) ReadAt(p []byte, off int64) (int, error) {
	if len(p) > windowSize/2 {
		return w.r.ReadAt(p, off)
	}
	if off < w.off || off+int64(len(p)) > w.off+int64(len(w.buf)) {
		if w.buf == nil {
			w.buf = make([]byte, windowSize)
		}
		w.buf = w.buf[:cap(w.buf)]
		n, err := w.r.ReadAt(w.buf, off)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		w.off, w.buf = off, w.buf[:n]
	}
	start := off - w.off
	n := copy(p, w.buf[start:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// mentionsWanted is a fast pre-filter: it reports whether any "name" key in the JSON
// has a wanted value. It may say yes for a credit's name; the full parse then decides.
func mentionsWanted(b []byte, want func(string) bool) bool {
	key := []byte(`"name"`)
	for {
		i := bytes.Index(b, key)
		if i < 0 {
			return false
		}
		b = b[i+len(key):]
		j := 0
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r' || b[j] == ':') {
			j++
		}
		if j >= len(b) || b[j] != '"' {
			continue
		}
		rest := b[j+1:]
		k := bytes.IndexByte(rest, '"')
		if k < 0 {
			return false
		}
		val := rest[:k]
		if bytes.IndexByte(val, '\\') >= 0 {
			return true // an escaped name: let the full parse decide
		}
		if want(string(val)) {
			return true
		}
		b = rest[k:]
	}
}
