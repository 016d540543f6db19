package cache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type payload struct {
	Findings []string
	N        int
}

func open(t *testing.T, max int64) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "analysis"), max)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoundTripAndChangedInputMisses(t *testing.T) {
	s := open(t, 0)
	k := s.Hasher("k").String("path", "a.go").Digest("content", []byte("package a")).Sum()
	s.Put("k", k, payload{Findings: []string{"G204 at a.go:3"}, N: 1})
	var got payload
	if !s.Get("k", k, &got) || got.N != 1 || got.Findings[0] != "G204 at a.go:3" {
		t.Fatalf("Get = %+v, want the stored payload", got)
	}
	// Any input that differs is another key: the content, the path, the kind.
	for name, other := range map[string]Key{
		"content": s.Hasher("k").String("path", "a.go").Digest("content", []byte("package b")).Sum(),
		"path":    s.Hasher("k").String("path", "b.go").Digest("content", []byte("package a")).Sum(),
		"kind":    s.Hasher("j").String("path", "a.go").Digest("content", []byte("package a")).Sum(),
		// Field boundaries are part of the key: "ab"+"c" is not "a"+"bc".
		"split": s.Hasher("k").String("path", "a.g").Digest("content", []byte("package a")).Sum(),
	} {
		if other == k {
			t.Errorf("%s: same key", name)
		}
		if s.Get("k", other, &got) {
			t.Errorf("%s: a changed input hit", name)
		}
	}
	if a, b := NewHasher("k").String("x", "ab").String("y", "c").Sum(), NewHasher("k").String("x", "a").String("y", "bc").Sum(); a == b {
		t.Error("fields are not delimited")
	}
	if len(s.Notes()) != 0 {
		t.Errorf("notes on a clean store: %q", s.Notes())
	}
}

func TestUntrustedEntriesAreIgnoredReportedAndRemoved(t *testing.T) {
	s := open(t, 0)
	k1 := s.Hasher("k").String("f", "1").Sum()
	k2 := s.Hasher("k").String("f", "2").Sum()
	cases := map[string]func(p string){
		"corrupt entry: its content does not match its digest": func(p string) {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), `"N":1`, `"N":2`, 1)), 0o600)
		},
		"not a cache entry": func(p string) {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o600) // a torn write
		},
		"foreign entry": func(p string) {
			// Another key's entry copied to this key's place.
			s.Put("k", k2, payload{N: 9})
			b, _ := os.ReadFile(s.path("k", k2))
			os.WriteFile(p, b, 0o600)
		},
	}
	for want, spoil := range cases {
		t.Run(want, func(t *testing.T) {
			s.Put("k", k1, payload{N: 1})
			p := s.path("k", k1)
			spoil(p)
			var got payload
			if s.Get("k", k1, &got) {
				t.Fatalf("an untrusted entry was read: %+v", got)
			}
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Errorf("the entry was not removed: %v", err)
			}
			notes := strings.Join(s.Notes(), "\n")
			if !strings.Contains(notes, want) || !strings.Contains(notes, "ignored and removed") {
				t.Errorf("notes %q do not say %q", notes, want)
			}
		})
	}
}

func TestTrimEvictsLeastRecentlyUsed(t *testing.T) {
	s := open(t, 0)
	var keys []Key
	for i := range 4 {
		k := s.Hasher("k").JSON("i", i).Sum()
		keys = append(keys, k)
		s.Put("k", k, payload{Findings: []string{strings.Repeat("x", 1000)}, N: i})
		old := time.Now().Add(time.Duration(i-10) * time.Minute)
		os.Chtimes(s.path("k", k), old, old)
	}
	var got payload
	s.Get("k", keys[0], &got) // the oldest, now the most recently used
	st, _ := os.Stat(s.path("k", keys[0]))
	s.max = 2*st.Size() + 10
	if err := s.Trim(); err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		_, err := os.Stat(s.path("k", k))
		if kept := err == nil; kept != (i == 0 || i == 3) {
			t.Errorf("entry %d kept=%v; want the two most recently used kept (0 and 3)", i, kept)
		}
	}
}

func TestNilStoreIsOff(t *testing.T) {
	var s *Store
	k := s.Hasher("k").Sum()
	s.Put("k", k, payload{})
	var got payload
	if s.Get("k", k, &got) || s.Notes() != nil || s.Trim() != nil {
		t.Error("a nil store is not a cache that is off")
	}
}

func TestWritesLeaveNoTemporaryFiles(t *testing.T) {
	s := open(t, 0)
	for i := range 20 {
		s.Put("k", s.Hasher("k").JSON("i", i).Sum(), payload{N: i})
	}
	filepath.WalkDir(s.Dir(), func(p string, d os.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}
