package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/shiftgate/shiftgate/checks/image/imagetest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"shiftgate": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real binary entry
// point on real files, with exact exit codes asserted by the `exits` command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// zip DIR FILE: write the files under DIR into the zip FILE (an offline OSV
			// database is DIR/osv-scalibr/<Ecosystem>/all.zip).
			"zip": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: zip DIR FILE")
				}
				ts.Check(zipDir(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
			},
			// exits CODE CMD ARGS...: run CMD and require exactly that exit code.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
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
			},
			// mkimage [-tar] NAME PATH: write a test container image (imagetest.Named)
			// as an OCI layout directory, or with -tar as a docker save tarball.
			"mkimage": func(ts *testscript.TestScript, neg bool, args []string) {
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
			},
			// writebytes FILE COUNT TEXT...: write each TEXT (a Go string literal body:
			// \x00, \xe9, \n) to FILE, the whole sequence COUNT times (hostile bytes
			// that a txtar file should not hold raw).
			"writebytes": func(ts *testscript.TestScript, neg bool, args []string) {
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
			},
			// dayin VAR DAYS: set VAR to the UTC date DAYS days from today (YYYY-MM-DD), for
			// expiries relative to the scan's clock.
			"dayin": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: dayin VAR DAYS")
				}
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				ts.Setenv(args[0], time.Now().UTC().AddDate(0, 0, n).Format(time.DateOnly))
			},
			// envfile VAR FILE: set VAR to the content of FILE (a PEM key from the
			// runner's environment).
			"envfile": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: envfile VAR FILE")
				}
				ts.Setenv(args[0], ts.ReadFile(args[1]))
			},
			// expand SRC DST: copy SRC to DST with $VAR and ${VAR} replaced by the script's
			// environment (a policy file with a computed date).
			"expand": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 2 {
					ts.Fatalf("usage: expand SRC DST")
				}
				ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(os.Expand(ts.ReadFile(args[0]), ts.Getenv)), 0o644))
			},
			// corrupt DIR: every analysis cache entry under DIR gets one byte more in its
			// payload, so that its digest no longer matches.
			"corrupt": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: corrupt DIR")
				}
				n := 0
				ts.Check(filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d fs.DirEntry, err error) error {
					if err != nil || !d.Type().IsRegular() {
						return err
					}
					b, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					c := bytes.Replace(b, []byte(`"payload":{`), []byte(`"payload":{ `), 1)
					if bytes.Equal(b, c) {
						ts.Fatalf("%s: not a cache entry", p)
					}
					n++
					return os.WriteFile(p, c, 0o600)
				}))
				if n == 0 {
					ts.Fatalf("no entry under %s", args[0])
				}
			},
			// mkosvdb DIR: the image tests' OSV records as DIR/osv-scalibr/<Ecosystem>/all.zip.
			"mkosvdb": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: mkosvdb DIR")
				}
				ts.Check(imagetest.OfflineDB(ts.MkAbs(args[0])))
			},
			// Organisation policy scripts (orgpolicy_script_test.go).
			"keypair":  cmdKeypair,
			"registry": cmdRegistry,
			"sha256":   cmdSHA256,
			"cosign":   cmdCosign,
		},
		Condition: scriptCondition,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			// Each script has its own analysis cache, outside the trees it scans.
			env.Setenv("XDG_CACHE_HOME", filepath.Join(filepath.Dir(env.WorkDir), "cache-"+filepath.Base(env.WorkDir)))
			// The go command behind the sast and deps checks uses the caller's caches
			// and module proxy (for a cold cache), as `go test` itself does.
			for k, v := range goEnv(t) {
				env.Setenv(k, v)
			}
			return nil
		},
	})
}

// goEnv is the go command's cache and proxy settings, for scripts that scan Go modules.
func goEnv(t *testing.T) map[string]string {
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

// zipDir writes the regular files under dir, in name order, into a zip at dst.
func zipDir(dir, dst string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
