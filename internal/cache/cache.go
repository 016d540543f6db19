// Package cache is shiftgate's content-addressed store of expensive analyses: gosec's
// result per Go package, the secrets scan per file, the IaC check per set of inputs,
// the deps check per (manifests, Go files, database, policy) and, inside it, a Go
// module version's licence (licensecheck's answer). docs/cache.md describes what each
// key holds and why.
//
// A key is a SHA-256 over every input that can change the answer (Hasher): file
// digests, go.mod and go.sum, the Go toolchain, the vulnerability database's digest,
// the part of the policy the analysis reads and the tool's own identity (ToolID). A
// changed input is a different key, so it always misses. An entry names its kind and
// key and carries a digest of its payload: an entry that does not parse, whose digest
// does not match, or that names another kind or key (a foreign file) is never trusted:
// it is removed and reported (Notes). Entries are written to a temporary file and
// renamed, so a reader never sees half an entry; the store is bounded (Trim removes
// the least recently used entries past its size).
//
// The cache directory belongs to the runner. Everything a pull request controls is in
// the keys, so a pull request cannot make another commit's scan read its result.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Format names the layout of an entry; an entry of another format is foreign.
const Format = "shiftgate-analysis/1"

// DefaultMaxBytes bounds the store when the caller does not: 512 MiB.
const DefaultMaxBytes = 512 << 20

// maxEntry bounds one entry read back (a gosec result of a huge package is ~1 MiB).
const maxEntry = 64 << 20

// DefaultDir is os.UserCacheDir()/shiftgate/analysis.
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (set HOME or XDG_CACHE_HOME, or pass --cache DIR or --no-cache): %w", err)
	}
	return filepath.Join(d, "shiftgate", "analysis"), nil
}

// Key identifies one analysis.
type Key [sha256.Size]byte

// String is the key in hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Hasher builds a key from named fields. Every field is written with its name and
// length, so no two different sets of fields give the same byte stream.
type Hasher struct{ h hash.Hash }

// NewHasher starts a key for an analysis kind ("sast-package", "secrets-file", …).
func NewHasher(kind string) *Hasher {
	h := &Hasher{h: sha256.New()}
	h.String("kind", kind)
	h.String("format", Format)
	return h
}

// Bytes adds a named field.
func (h *Hasher) Bytes(name string, b []byte) *Hasher {
	var n [8]byte
	for _, part := range [][]byte{[]byte(name), b} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.h.Write(n[:])
		h.h.Write(part)
	}
	return h
}

// String adds a named string field.
func (h *Hasher) String(name, v string) *Hasher { return h.Bytes(name, []byte(v)) }

// JSON adds a named field as its JSON encoding (a policy section). A value that cannot
// be encoded adds its error, which no real value's encoding equals.
func (h *Hasher) JSON(name string, v any) *Hasher {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte("\x00unencodable: " + err.Error())
	}
	return h.Bytes(name, b)
}

// Digest adds a named field as the SHA-256 of b (a file's content).
func (h *Hasher) Digest(name string, b []byte) *Hasher {
	d := sha256.Sum256(b)
	return h.Bytes(name, d[:])
}

// Sum returns the key.
func (h *Hasher) Sum() Key {
	var k Key
	copy(k[:], h.h.Sum(nil))
	return k
}

// Store is a cache directory. Its methods are safe for concurrent use; a nil *Store is
// a cache that is off (every Get misses, Put does nothing).
type Store struct {
	dir  string
	max  int64
	tool string

	// readOnly: this user can read the entries but not write (a read-only mount, a
	// folder another user lets it read); Put and Trim do nothing.
	readOnly bool
	mu       sync.Mutex
	notes    []string
	hits     map[string]int
	miss     map[string]int
}

// Open opens (creating it, mode 0700) the store in dir, bounded to maxBytes (0 means
// DefaultMaxBytes).
func Open(dir string, maxBytes int64) (*Store, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("could not create the analysis cache %q (pass --cache DIR or --no-cache): %w", dir, err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("analysis cache %q: %w", dir, err)
	}
	readOnly, err := usable(abs)
	if err != nil {
		return nil, fmt.Errorf("the analysis cache %q cannot be used by uid %d (written by another user? give this user its own --cache DIR, or --no-cache): %w", dir, os.Geteuid(), err)
	}
	s := &Store{dir: abs, max: maxBytes, tool: ToolID(), hits: map[string]int{}, miss: map[string]int{}, readOnly: readOnly}
	if readOnly {
		s.note(fmt.Sprintf("the analysis cache %q is read-only for uid %d: its entries are read, none is written", dir, os.Geteuid()))
	}
	return s, nil
}

// usable checks that this user can list the store's folder and the folders of its
// kinds, and whether it can write them (readOnly when it cannot): a folder another
// user wrote (mode 0700) would otherwise fail every entry alone, each a note, and a
// read-only one every write.
func usable(dir string) (readOnly bool, err error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	dirs := []string{dir}
	for _, e := range ents {
		if e.IsDir() {
			d := filepath.Join(dir, e.Name())
			if _, err := os.ReadDir(d); err != nil {
				return false, err
			}
			dirs = append(dirs, d)
		}
	}
	for _, d := range dirs {
		f, err := os.CreateTemp(d, ".tmp-probe-*")
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		f.Close()
		os.Remove(f.Name())
	}
	return false, nil
}

// Hasher starts a key for an analysis kind that already holds the tool's identity
// (ToolID): a new build of shiftgate never reads an older build's entries.
func (s *Store) Hasher(kind string) *Hasher {
	if s == nil {
		return NewHasher(kind).String("tool", "")
	}
	return NewHasher(kind).String("tool", s.tool)
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

type envelope struct {
	Format  string          `json:"format"`
	Kind    string          `json:"kind"`
	Key     string          `json:"key"`
	Sum     string          `json:"sum"`
	Payload json.RawMessage `json:"payload"`
}

func (s *Store) path(kind string, k Key) string {
	h := k.String()
	return filepath.Join(s.dir, kind, h[:2], h)
}

// Get reads the entry of kind and key into v. It reports false on a miss, and on an
// entry it cannot trust, which it removes and notes.
func (s *Store) Get(kind string, k Key, v any) bool {
	if s == nil {
		return false
	}
	p := s.path(kind, k)
	b, err := readLimited(p)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.note(fmt.Sprintf("analysis cache entry %s/%s could not be read, analysed again: %v", kind, k.String()[:12], err))
		}
		s.count(kind, false)
		return false
	}
	if why := decode(b, kind, k, v); why != "" {
		s.note(fmt.Sprintf("analysis cache entry %s/%s ignored and removed (%s): analysed again", kind, k.String()[:12], why))
		os.Remove(p)
		s.count(kind, false)
		return false
	}
	now := time.Now()
	os.Chtimes(p, now, now) // least recently used goes first in Trim
	s.count(kind, true)
	return true
}

func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEntry+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxEntry {
		return nil, fmt.Errorf("entry larger than %d bytes", maxEntry)
	}
	return b, nil
}

// decode checks an entry and fills v; it returns why the entry is not trusted, or "".
func decode(b []byte, kind string, k Key, v any) string {
	var e envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return "not a cache entry: " + err.Error()
	}
	if e.Format != Format || e.Kind != kind || e.Key != k.String() {
		return fmt.Sprintf("foreign entry: format %q, kind %q, key %.12s", e.Format, e.Kind, e.Key)
	}
	sum := sha256.Sum256(e.Payload)
	if hex.EncodeToString(sum[:]) != e.Sum {
		return "corrupt entry: its content does not match its digest"
	}
	dec := json.NewDecoder(bytes.NewReader(e.Payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return "corrupt entry: " + err.Error()
	}
	return ""
}

// Put stores v as the entry of kind and key. A failure to write is a note: the scan's
// answer never depends on the cache.
func (s *Store) Put(kind string, k Key, v any) {
	if s == nil || s.readOnly {
		return
	}
	payload, err := json.Marshal(v)
	if err != nil {
		s.note(fmt.Sprintf("analysis cache: could not encode a %s entry: %v", kind, err))
		return
	}
	sum := sha256.Sum256(payload)
	b, err := json.Marshal(envelope{Format: Format, Kind: kind, Key: k.String(), Sum: hex.EncodeToString(sum[:]), Payload: payload})
	if err != nil {
		s.note(fmt.Sprintf("analysis cache: could not encode a %s entry: %v", kind, err))
		return
	}
	p := s.path(kind, k)
	if err := writeAtomic(p, b); err != nil {
		s.note(fmt.Sprintf("analysis cache: could not write a %s entry: %v", kind, err))
	}
}

// writeAtomic writes b to a temporary file beside p and renames it over p.
func writeAtomic(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

func (s *Store) note(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.notes, msg) {
		s.notes = append(s.notes, msg)
	}
}

func (s *Store) count(kind string, hit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if hit {
		s.hits[kind]++
	} else {
		s.miss[kind]++
	}
}

// Notes returns, sorted, what went wrong with the store during this scan (entries
// ignored, writes that failed).
func (s *Store) Notes() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.notes)
	slices.Sort(out)
	return out
}

// Stats returns the hits and misses of each kind so far, as "kind hits/lookups".
func (s *Store) Stats() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for kind, m := range s.miss {
		out = append(out, fmt.Sprintf("%s %d/%d", kind, s.hits[kind], s.hits[kind]+m))
	}
	for kind, h := range s.hits {
		if _, ok := s.miss[kind]; !ok {
			out = append(out, fmt.Sprintf("%s %d/%d", kind, h, h))
		}
	}
	slices.Sort(out)
	return out
}

// Trim removes the least recently used entries until the store holds at most its
// bound, and temporary files left by a killed writer that are older than an hour.
func (s *Store) Trim() error {
	if s == nil || s.readOnly {
		return nil
	}
	type entry struct {
		path string
		size int64
		used time.Time
	}
	var all []entry
	var total int64
	stale := time.Now().Add(-time.Hour)
	// Walked and removed through an os.Root on the store: a link in it (another user's
	// doing in a shared cache folder) cannot make Trim remove anything outside.
	r, err := os.OpenRoot(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("could not open the analysis cache %q: %w", s.dir, err)
	}
	defer r.Close()
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder removed under us: nothing to trim there
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			if info.ModTime().Before(stale) {
				r.Remove(p)
			}
			return nil
		}
		all = append(all, entry{p, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil {
		return fmt.Errorf("could not list the analysis cache %q: %w", s.dir, err)
	}
	if total <= s.max {
		return nil
	}
	slices.SortFunc(all, func(a, b entry) int {
		if c := a.used.Compare(b.used); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	for _, e := range all {
		if total <= s.max {
			break
		}
		if err := r.Remove(e.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= e.size
		}
	}
	return nil
}
