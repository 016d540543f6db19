package osvdb

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shiftgate/shiftgate/internal/httpretry"
)

// DefaultPullURL is where OSV publishes one all.zip per ecosystem.
const DefaultPullURL = "https://osv-vulnerabilities.storage.googleapis.com"

// DefaultEcosystems are pulled when none are named: the ecosystems the inventory reads.
func DefaultEcosystems() []string {
	return []string{"Go", "Maven", "NuGet", "Packagist", "PyPI", "RubyGems", "crates.io", "npm"}
}

// Pull downloads BASE/<Ecosystem>/all.zip for each ecosystem into
// DIR/osv-scalibr/<Ecosystem>/all.zip (the layout osv-scanner v2.5 reads; shiftgate also
// reads DIR/osv-scanner/). Each zip is downloaded to a temporary file, checked to be a
// readable zip, and renamed into place, so an interrupted pull never leaves a truncated
// database. Progress goes to log. baseURL "" means DefaultPullURL; ecosystems nil means
// DefaultEcosystems. Requests are retried up to three times
// with backoff (package httpretry).
func Pull(ctx context.Context, client *http.Client, baseURL string, ecosystems []string, dir string, log io.Writer) error {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	if baseURL == "" {
		baseURL = DefaultPullURL
	}
	if len(ecosystems) == 0 {
		ecosystems = DefaultEcosystems()
	}
	if log == nil {
		log = io.Discard
	}
	// A pull that fails leaves no empty folders behind that look like a database.
	var created []string
	for _, d := range []string{dir, filepath.Join(dir, "osv-scalibr")} {
		if _, err := os.Stat(d); err != nil {
			created = append(created, d)
		}
	}
	cleanup := func(eco string) {
		if eco != "" {
			os.Remove(filepath.Join(dir, "osv-scalibr", eco)) // only when empty
		}
		for i := len(created) - 1; i >= 0; i-- {
			os.Remove(created[i]) // only when empty: nothing pulled before is lost
		}
	}
	for _, eco := range ecosystems {
		eco = strings.TrimSpace(eco)
		if eco == "" || strings.ContainsAny(eco, `/\`) || eco == "." || eco == ".." {
			return fmt.Errorf("invalid ecosystem name %q (use OSV names such as Go, npm, PyPI, crates.io, Maven)", eco)
		}
		u := strings.TrimRight(baseURL, "/") + "/" + url.PathEscape(eco) + "/all.zip"
		dest := filepath.Join(dir, "osv-scalibr", eco, "all.zip")
		n, err := pullOne(ctx, client, u, dest)
		if err != nil {
			cleanup(eco)
			return fmt.Errorf("could not pull the %s database from %s: %w", eco, u, err)
		}
		fmt.Fprintf(log, "%s: %d records → %s\n", eco, n, dest)
	}
	return nil
}

// pullOne downloads one zip. The client's transport retries what HTTP can retry
// (package httpretry: network errors, 429 and 5xx, Retry-After honoured); a body
// that breaks off or is not a zip is an error that names it.
func pullOne(ctx context.Context, client *http.Client, u, dest string) (int, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return 0, err
	}
	return download(ctx, httpretry.Wrap(client, httpretry.Transport{Name: "OSV database", Attempts: 3}), u, dest)
}

func download(ctx context.Context, client *http.Client, u, dest string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("User-Agent", "shiftgate")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		if resp.StatusCode == http.StatusNotFound {
			return 0, fmt.Errorf("404 Not Found: no such ecosystem (names are case-sensitive: Go, npm, PyPI, crates.io, Maven)")
		}
		return 0, fmt.Errorf("HTTP %s", resp.Status)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".all.zip-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, resp.Body); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("the download broke off (run the pull again): %w", err)
	}
	if err := tmp.Close(); err != nil {
		return 0, err
	}
	zr, err := zip.OpenReader(tmp.Name())
	if err != nil {
		return 0, fmt.Errorf("the download is not a zip file: %w", err)
	}
	n := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".json") {
			n++
		}
	}
	zr.Close()
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return 0, err
	}
	return n, nil
}
