package image

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/osvdb"
)

// A Go binary in a layer is inventoried from its build info (the standard library at
// the toolchain's version), and matching fails closed when the database has no Go
// records rather than reporting the image clean.
func TestGoBinaryInImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go program")
	}
	src := t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module example.com/app\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(src, "app")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	img := must(imagetest.Image(
		imagetest.Step{Cmd: "ADD alpine", Files: []imagetest.File{{Path: "etc/os-release", Body: "ID=alpine\nVERSION_ID=3.18.0\n"}}},
		imagetest.Step{Cmd: "COPY app /usr/local/bin/app", Files: []imagetest.File{{Path: "usr/local/bin/app", Body: string(b), Mode: 0o755}}},
	))
	dir := writeLayout(t, img)
	opened, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Scan(context.Background(), dir, opened)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, p := range inv.Packages {
		if p.Ecosystem == "Go" {
			found = append(found, p.Source+"@"+p.Version+" "+p.Path+" layer "+string(rune('0'+p.LayerIndex)))
		}
	}
	want := "stdlib@" + strings.TrimPrefix(runtime.Version(), "go") + " usr/local/bin/app layer 1"
	if !strings.Contains(strings.Join(found, "\n"), want) {
		t.Fatalf("Go packages %q, want %q", found, want)
	}

	db := offlineDB(t) // Debian and Alpine only
	_, err = New().Run(context.Background(), env(dir, db))
	if err == nil || !strings.Contains(err.Error(), "holds Go packages") || !strings.Contains(err.Error(), "db pull --ecosystems Go") {
		t.Fatalf("a missing Go database must fail the check: %v", err)
	}
	// With a Go database the check runs; GO-2024-2687 (fixed in 1.22.2) does not
	// affect this toolchain's standard library.
	if err := os.MkdirAll(filepath.Join(db, "osv-scalibr", "Go"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(db, "osv-scalibr", "Go", "all.zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("GO-2024-2687.json")
	rec, err := os.ReadFile(filepath.Join("testdata", "GO-2024-2687.json"))
	if err != nil {
		t.Fatal(err)
	}
	w.Write(rec)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, err := New().Run(context.Background(), env(dir, db))
	if err != nil || len(res.Findings) != 0 {
		t.Fatalf("%v %+v", err, res)
	}
}

// Go records use SEMVER ranges and call the standard library "stdlib".
func TestGoStdlibSemverRange(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "GO-2024-2687.json"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := osvdb.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	recs := []*osvdb.Record{{ID: v.GetId(), JSON: b, Vuln: v}}
	for ver, want := range map[string]string{"1.22.1": "1.22.2", "1.21.8": "1.21.9", "1.22.2": "", "1.26.8": ""} {
		fs := matchPackage(&Inventory{}, Package{Ecosystem: "Go", Name: "go", Source: "stdlib", Version: ver}, recs)
		got := ""
		if len(fs) == 1 {
			got = strings.Join(fs[0].Package.Fixed, ",")
		}
		if got != want || len(fs) > 1 {
			t.Errorf("stdlib %s: fixed %q (%d findings), want %q", ver, got, len(fs), want)
		}
	}
}
