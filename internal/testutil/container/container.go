// Package container runs a process inside an image's root filesystem the way a
// container runtime does, without a container engine: an overlay of the filesystem
// (so the cached image is never modified and every write to the container's own
// layer can be listed afterwards), bubblewrap for the mount, PID, IPC, UTS and
// optionally network namespaces, and the filesystem's own setpriv to become the
// container's uid and gid with no capabilities and no new privileges. It is for the
// runtime tests that scripts/runtime-test.sh drives; it needs root.
package container

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// RootfsEnv names the environment variable holding the runtime filesystem that
// scripts/runtime-test.sh built; its image config is the file beside it, ".config.json".
const RootfsEnv = "SHIFTGATE_RUNTIME_ROOTFS"

// Image is a built runtime filesystem and its image config.
type Image struct {
	Rootfs string
	Config Config
}

// Config is the part of an OCI image config a runtime applies.
type Config struct {
	Env        []string
	User       string
	WorkingDir string
	Entrypoint []string
	Cmd        []string
}

// Load returns the image scripts/runtime-test.sh built, or skips the test with a plain
// message when it was not run through that script.
func Load(t testing.TB) *Image {
	t.Helper()
	root := os.Getenv(RootfsEnv)
	if root == "" {
		t.Skipf("%s is not set: scripts/runtime-test.sh builds the image's filesystem and runs this test", RootfsEnv)
	}
	b, err := os.ReadFile(root + ".config.json") // #nosec G703 -- the path CI's own script sets, in a test
	if err != nil {
		t.Fatalf("the image config of %s: %v", root, err)
	}
	img := &Image{Rootfs: root}
	if err := json.Unmarshal(b, &img.Config); err != nil {
		t.Fatalf("%s.config.json: %v", root, err)
	}
	return img
}

// Mount is a host folder (or file) mounted into the container.
type Mount struct {
	Host, Path string
	ReadOnly   bool
}

// Run is one process to run in the image.
type Run struct {
	// User is "UID:GID"; empty means the image's USER.
	User string
	// Env is the process's whole environment (a runtime's merge of the image's ENV and
	// its own variables is the caller's business: see MergeEnv).
	Env []string
	// Dir is the working directory; empty means the image's WORKDIR.
	Dir string
	// Args is the command line.
	Args []string
	// Mounts are bound over the image's filesystem.
	Mounts []Mount
	// ReadOnlyRoot mounts the image's filesystem read-only (Kubernetes'
	// readOnlyRootFilesystem); otherwise writes land in a layer of their own, as in docker.
	ReadOnlyRoot bool
	// Network shares the host's network; otherwise the container has none.
	Network bool
	// Stdout and Stderr receive the process's output.
	Stdout, Stderr io.Writer
}

// Result is how the process ended and what it wrote to the container's own layer.
type Result struct {
	Code int
	// Written lists the paths (absolute in the container) the process created or
	// changed outside every mount: its writes to the image's own filesystem.
	Written []string
}

// Run runs r in the image and returns its exit code and the writes outside the mounts.
func (img *Image) Run(t testing.TB, r Run) Result {
	t.Helper()
	for _, tool := range []string{"unshare", "bwrap"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (scripts/runtime-test.sh installs it)", tool)
		}
	}
	// Not t.TempDir(): overlayfs options are comma-separated, and a test's name may hold commas.
	layer, err := os.MkdirTemp("", "shiftgate-container-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(layer) })
	upper, work, merged := filepath.Join(layer, "upper"), filepath.Join(layer, "work"), filepath.Join(layer, "merged")
	for _, d := range []string{upper, work, merged} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	user := r.User
	if user == "" {
		user = img.Config.User
	}
	uid, gid, ok := strings.Cut(user, ":")
	if !ok {
		gid = uid
	}
	dir := r.Dir
	if dir == "" {
		dir = img.Config.WorkingDir
	}
	root := "--bind"
	if r.ReadOnlyRoot {
		root = "--ro-bind"
	}
	args := []string{"--mount", "--propagation", "private", "--", "sh", "-ec",
		`mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4"; shift 4; exec "$@"`,
		"sh", img.Rootfs, upper, work, merged,
		"bwrap", root, merged, "/", "--dev", "/dev", "--proc", "/proc",
		"--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--clearenv"}
	if !r.Network {
		args = append(args, "--unshare-net")
	}
	for _, m := range r.Mounts {
		flag := "--bind"
		if m.ReadOnly {
			flag = "--ro-bind"
		}
		args = append(args, flag, m.Host, m.Path)
	}
	for _, kv := range r.Env {
		k, v, _ := strings.Cut(kv, "=")
		args = append(args, "--setenv", k, v)
	}
	args = append(args, "--chdir", dir, "--",
		"/usr/bin/setpriv", "--reuid", uid, "--regid", gid, "--clear-groups",
		"--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--")
	args = append(args, r.Args...)
	cmd := exec.Command("unshare", args...)
	cmd.Stdout, cmd.Stderr = r.Stdout, r.Stderr
	res := Result{}
	targets := []string{"/dev", "/proc"}
	for _, m := range r.Mounts {
		targets = append(targets, m.Path)
	}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("could not start the container: %v", err)
		}
		res.Code = ee.ExitCode()
	}
	err = filepath.WalkDir(upper, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == upper {
			return nil
		}
		rel := "/" + filepath.ToSlash(strings.TrimPrefix(p, upper+"/"))
		// A mount point bubblewrap had to create is the runtime's doing, not the process's.
		if d.IsDir() && slices.ContainsFunc(targets, func(m string) bool { return m == rel || strings.HasPrefix(m, rel+"/") }) {
			return nil
		}
		// Overlayfs copies a directory up when something is created under it: only
		// files, links and directories new to the image count as writes.
		if d.IsDir() {
			if _, err := os.Lstat(filepath.Join(img.Rootfs, rel)); err == nil {
				return nil
			}
		}
		res.Written = append(res.Written, rel)
		return nil
	})
	if err != nil {
		t.Fatalf("listing the container's layer: %v", err)
	}
	slices.Sort(res.Written)
	return res
}

// MergeEnv is a runtime's environment: the image's ENV, each variable overridden by
// the runtime's own of the same name, in a stable order.
func MergeEnv(image []string, runtime ...string) []string {
	byName := map[string]string{}
	var order []string
	for _, kv := range append(slices.Clone(image), runtime...) {
		k, _, _ := strings.Cut(kv, "=")
		if _, seen := byName[k]; !seen {
			order = append(order, k)
		}
		byName[k] = kv
	}
	out := make([]string, 0, len(order))
	for _, k := range order {
		out = append(out, byName[k])
	}
	return out
}

// Chown gives a host folder tree to uid:gid, as a volume the runtime prepares for the
// container's user (an fsGroup, or the runner's own checkout).
func Chown(t testing.TB, dir string, uid, gid int) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return root.Lchown(p, uid, gid)
	})
	if err != nil {
		t.Fatalf("chown %s: %v", dir, err)
	}
}

// Tree is a listing of a folder (path → size and modification time) for comparing what
// a run changed.
func Tree(t testing.TB, dir string, skip func(rel string) bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			out[rel] = info.Mode().String() // a new entry changes a folder's time, not its content
		} else {
			out[rel] = fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", dir, err)
	}
	return out
}
