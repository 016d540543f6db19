// Package scripttest runs the command-line scripts of internal/cli/testdata/script
// (rogpeppe/go-internal testscript) with the commands they use: exits, zip, mkimage,
// keypair, registry, cosign and the others below.
//
// The scripts stay in one folder, but they are split by theme between several test
// packages (Themes), so that no single test binary holds them all: Go's test timeout
// is per package, and one package running every script came close to it on a loaded
// 2-core CI machine. internal/cli runs every script no theme claims, so a new script
// always runs somewhere. docs/testing.md explains the split and how to measure it.
//
// It is test support only: nothing outside _test.go files imports it.
package scripttest

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
	"github.com/shiftgate/shiftgate/internal/attest/sign"
)

// Theme is a group of scripts run by one test package.
type Theme struct {
	// Package is the test package that runs the theme (its import path under
	// internal/cli), for messages.
	Package string
	// Globs select the theme's scripts by file name (path.Match patterns).
	Globs []string
}

// Themes are the scripts split off from internal/cli, each run by its own package.
// A script matches at most one theme (TestThemesPartitionTheScripts); the rest run in
// internal/cli. Balance them by the time each takes (docs/testing.md).
func Themes() map[string]Theme {
	return map[string]Theme{
		"cache":     {Package: "internal/cli/scripttest/cache", Globs: []string{"cache_*.txtar", "deterministic.txtar"}},
		"orgpolicy": {Package: "internal/cli/scripttest/orgpolicy", Globs: []string{"org_policy*.txtar"}},
		"verdicts": {Package: "internal/cli/scripttest/verdicts", Globs: []string{
			"policy_*.txtar", "baseline_*.txtar", "changed_since.txtar", "hostile_base_*.txtar", "init_policy.txtar",
			"*_verdicts.txtar", "image.txtar", "iac_breadth.txtar", "sbom_without_deps.txtar", "supplychain.txtar",
		}},
	}
}

// Files lists the scripts in dir that belong to theme, in name order; theme "" is
// every script no theme claims (internal/cli's). An unknown theme, or one with no
// script, is an error: a test that runs nothing must not pass.
func Files(dir, theme string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		return nil, err
	}
	themes := Themes()
	if _, ok := themes[theme]; theme != "" && !ok {
		return nil, fmt.Errorf("unknown script theme %q", theme)
	}
	var files []string
	for _, f := range all {
		owner, err := themeOf(themes, filepath.Base(f))
		if err != nil {
			return nil, err
		}
		if owner == theme {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no script in %s belongs to theme %q", dir, theme)
	}
	slices.Sort(files)
	return files, nil
}

// themeOf is the theme of the script named base ("" for internal/cli's own); a name
// two themes claim is an error.
func themeOf(themes map[string]Theme, base string) (string, error) {
	owner := ""
	names := make([]string, 0, len(themes))
	for name := range themes {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		th := themes[name]
		for _, g := range th.Globs {
			ok, err := filepath.Match(g, base)
			if err != nil {
				return "", fmt.Errorf("theme %s: bad glob %q: %w", name, g, err)
			}
			if !ok {
				continue
			}
			if owner != "" && owner != name {
				return "", fmt.Errorf("script %s belongs to two themes, %s and %s: it would run twice", base, owner, name)
			}
			owner = name
		}
	}
	return owner, nil
}

// Main is the TestMain of a package that runs scripts: `shiftgate` in a script runs
// the test binary itself as the real command line (cli.Main, passed as run).
func Main(m *testing.M, run func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int) {
	testscript.Main(m, map[string]func(){
		"shiftgate": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// Run runs the scripts of theme in dir (the package's path to
// internal/cli/testdata/script) as parallel subtests of t.
func Run(t *testing.T, dir, theme string) {
	files, err := Files(dir, theme)
	if err != nil {
		t.Fatal(err)
	}
	goenv := GoEnv(t)
	p := testscript.Params{
		Files:     files,
		Cmds:      Commands(),
		Condition: condition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			// Every command is a short-lived process: collecting garbage four times
			// less often takes 10-25% less CPU per scan (measured, docs/testing.md) for
			// about 40% more peak memory (185 -> 260 MB on a Rego-heavy scan). What a
			// command does, prints and exits with does not depend on it.
			env.Setenv("GOGC", "400")
			// Each script has its own analysis cache, outside the trees it scans.
			env.Setenv("XDG_CACHE_HOME", filepath.Join(filepath.Dir(env.WorkDir), "cache-"+filepath.Base(env.WorkDir)))
			// The go command behind the sast and deps checks uses the caller's caches
			// and module proxy (for a cold cache), as `go test` itself does.
			for k, v := range goenv {
				env.Setenv(k, v)
			}
			return nil
		},
	}
	// Near the test binary's deadline (go test -timeout), testscript stops the
	// running commands and reports where each script was, instead of the bare
	// "test timed out" panic that names no script.
	if d, ok := t.Deadline(); ok {
		p.Deadline = d
	}
	testscript.Run(t, p)
}

// GoEnv is the go command's cache and proxy settings, for scans of Go modules (the
// gate's own environment for the go command sets GOENV=off, so a `go env -w` value
// of the developer's must be passed explicitly).
func GoEnv(t testing.TB) map[string]string {
	t.Helper()
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE"}
	out, err := exec.Command("go", append([]string{"env"}, keys...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	env := map[string]string{"GOTOOLCHAIN": "local"}
	for i, v := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if i < len(keys) {
			env[keys[i]] = v
		}
	}
	return env
}

// Commands are the scripts' own commands.
func Commands() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"zip":        cmdZip,
		"exits":      cmdExits,
		"mkimage":    cmdMkimage,
		"writebytes": cmdWritebytes,
		"dayin":      cmdDayin,
		"envfile":    cmdEnvfile,
		"expand":     cmdExpand,
		"corrupt":    cmdCorrupt,
		"mkosvdb":    cmdMkosvdb,
		// Organisation policy scripts.
		"keypair":  cmdKeypair,
		"registry": cmdRegistry,
		"sha256":   cmdSHA256,
		"cosign":   cmdCosign,
	}
}

// cmdZip is `zip DIR FILE`: write the files under DIR into the zip FILE (an offline
// OSV database is DIR/osv-scalibr/<Ecosystem>/all.zip).
func cmdZip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: zip DIR FILE")
	}
	ts.Check(ZipDir(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
}

// cmdExits is `exits CODE CMD ARGS...`: run CMD and require exactly that exit code.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE CMD ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("exits: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// cmdMkimage is `mkimage [-tar] NAME PATH`: write a test container image
// (imagetest.Named) as an OCI layout directory, or with -tar as a docker save tarball.
func cmdMkimage(ts *testscript.TestScript, neg bool, args []string) {
	tar := len(args) > 0 && args[0] == "-tar"
	if tar {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkimage [-tar] NAME PATH")
	}
	img, err := imagetest.Named(args[0])
	ts.Check(err)
	if tar {
		tag, err := name.NewTag("shiftgate.test/" + args[0] + ":1")
		ts.Check(err)
		ts.Check(tarball.WriteToFile(ts.MkAbs(args[1]), tag, img))
		return
	}
	ts.Check(imagetest.WriteLayout(ts.MkAbs(args[1]), img))
}

// cmdWritebytes is `writebytes FILE COUNT TEXT...`: write each TEXT (a Go string
// literal body: \x00, \xe9, \n) to FILE, the whole sequence COUNT times (hostile bytes
// that a txtar file should not hold raw).
func cmdWritebytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: writebytes FILE COUNT TEXT...")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	var one []byte
	for _, a := range args[2:] {
		u, err := strconv.Unquote(`"` + strings.ReplaceAll(a, `"`, `\"`) + `"`)
		ts.Check(err)
		one = append(one, u...)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), bytes.Repeat(one, n), 0o644))
}

// cmdDayin is `dayin VAR DAYS`: set VAR to the UTC date DAYS days from today
// (YYYY-MM-DD), for expiries relative to the scan's clock.
func cmdDayin(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dayin VAR DAYS")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Setenv(args[0], time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly))
}

// cmdEnvfile is `envfile VAR FILE`: set VAR to the content of FILE (a PEM key from
// the runner's environment).
func cmdEnvfile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envfile VAR FILE")
	}
	ts.Setenv(args[0], ts.ReadFile(args[1]))
}

// cmdExpand is `expand SRC DST`: copy SRC to DST with $VAR and ${VAR} replaced by the
// script's environment (a policy file with a computed date).
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand SRC DST")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(os.Expand(ts.ReadFile(args[0]), ts.Getenv)), 0o644))
}

// cmdCorrupt is `corrupt DIR`: every analysis cache entry under DIR gets one byte
// more in its payload, so that its digest no longer matches.
func cmdCorrupt(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: corrupt DIR")
	}
	n := 0
	r, err := os.OpenRoot(ts.MkAbs(args[0]))
	ts.Check(err)
	defer r.Close()
	ts.Check(fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := r.ReadFile(p)
		if err != nil {
			return err
		}
		c := bytes.Replace(b, []byte(`"payload":{`), []byte(`"payload":{ `), 1)
		if bytes.Equal(b, c) {
			ts.Fatalf("%s: not a cache entry", p)
		}
		n++
		return r.WriteFile(p, c, 0o600)
	}))
	if n == 0 {
		ts.Fatalf("no entry under %s", args[0])
	}
}

// cmdMkosvdb is `mkosvdb DIR`: the image tests' OSV records as
// DIR/osv-scalibr/<Ecosystem>/all.zip.
func cmdMkosvdb(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: mkosvdb DIR")
	}
	ts.Check(imagetest.OfflineDB(ts.MkAbs(args[0])))
}

// cmdKeypair is `keypair DIR`: a cosign key pair (DIR/cosign.key encrypted with
// $COSIGN_PASSWORD, DIR/cosign.pub) in cosign's formats.
func cmdKeypair(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: keypair DIR")
	}
	priv, pub, err := sign.GenerateKeyPair([]byte(ts.Getenv("COSIGN_PASSWORD")))
	ts.Check(err)
	dir := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(dir, 0o755))
	ts.Check(os.WriteFile(filepath.Join(dir, "cosign.key"), priv, 0o600))
	ts.Check(os.WriteFile(filepath.Join(dir, "cosign.pub"), pub, 0o644))
}

// cmdRegistry is `registry VAR`: an in-process OCI registry (go-containerregistry's)
// for the rest of the script, its HOST:PORT in $VAR.
func cmdRegistry(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: registry VAR")
	}
	srv := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], strings.TrimPrefix(srv.URL, "http://"))
}

// cmdSHA256 is `sha256 FILE VAR`: $VAR=sha256:HEX of FILE and $VAR_HEX=HEX.
func cmdSHA256(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sha256 FILE VAR")
	}
	sum := sha256.Sum256([]byte(ts.ReadFile(args[0])))
	ts.Setenv(args[1], "sha256:"+hex.EncodeToString(sum[:]))
	ts.Setenv(args[1]+"_HEX", hex.EncodeToString(sum[:]))
}

// condition answers [cosign]: whether the real cosign CLI is there
// (SHIFTGATE_COSIGN, which .ci/run builds).
func condition(cond string) (bool, error) {
	if cond == "cosign" {
		return os.Getenv("SHIFTGATE_COSIGN") != "", nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// cmdCosign is `[!] cosign ARGS...`: the real cosign CLI (SHIFTGATE_COSIGN); scripts
// guard it with [!cosign] skip.
func cmdCosign(ts *testscript.TestScript, neg bool, args []string) {
	bin := os.Getenv("SHIFTGATE_COSIGN")
	if bin == "" {
		ts.Fatalf("SHIFTGATE_COSIGN is not set: guard the script with [!cosign] skip")
	}
	err := ts.Exec(bin, args...)
	if neg && err == nil {
		ts.Fatalf("cosign %s succeeded unexpectedly", strings.Join(args, " "))
	}
	if !neg {
		ts.Check(err)
	}
}

// ZipDir writes the regular files under dir, in name order, into a zip at dst.
func ZipDir(dir, dst string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	r, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("zip %s: %w", dir, err)
	}
	defer r.Close()
	err = fs.WalkDir(r.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := r.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("zip %s: %w", dir, err)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
