package orgpolicy

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// extract writes files (checked by Read) under dir, which must not exist, through
// os.Root so that no write leaves it.
func extract(files map[string][]byte, dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, n := range sortedNames(files) {
		if n == ManifestFile {
			continue
		}
		if d := path.Dir(n); d != "." {
			if err := root.MkdirAll(filepath.FromSlash(d), 0o755); err != nil {
				return fmt.Errorf("could not extract %s: %w", n, err)
			}
		}
		f, err := root.OpenFile(filepath.FromSlash(n), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("could not extract %s: %w", n, err)
		}
		_, err = f.Write(files[n])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("could not extract %s: %w", n, err)
		}
	}
	return nil
}

// sameTree reports whether dir holds exactly the files (less the manifest), with the
// same bytes, and nothing else: no extra file, no link.
func sameTree(files map[string][]byte, dir string) error {
	want := map[string]bool{}
	for n := range files {
		if n != ManifestFile {
			want[n] = true
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		if !want[p] {
			return fmt.Errorf("%s is not in the bundle", p)
		}
		b, err := root.ReadFile(filepath.FromSlash(p))
		if err != nil {
			return err
		}
		if !bytes.Equal(b, files[p]) {
			return fmt.Errorf("%s differs from the bundle", p)
		}
		delete(want, p)
		return nil
	})
	if err != nil {
		return err
	}
	for n := range want {
		return fmt.Errorf("%s is missing", n)
	}
	return nil
}
