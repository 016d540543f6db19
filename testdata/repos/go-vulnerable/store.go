// Package vulnerable is a fixture for shiftgate's sast check: every function holds
// one known bug at a known line. Nothing here is built or run.
package vulnerable

import (
	"crypto/md5"
	"crypto/tls"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
)

// FindUser builds a query from its argument: SQL injection.
func FindUser(db *sql.DB, name string) (*sql.Rows, error) {
	query := fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name)
	rows, err := db.Query(query)
	return rows, err
}

// Run passes its argument to a shell: command injection.
func Run(arg string) error {
	return exec.Command("sh", "-c", arg).Run()
}

// Client skips certificate verification.
func Client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}}
}

// Checksum uses a broken hash.
func Checksum(b []byte) string {
	return fmt.Sprintf("%x", md5.Sum(b))
}

// Save writes a world-writable file.
func Save(path string, b []byte) error {
	return os.WriteFile(path, b, 0o777)
}

// Trusted runs a script the reviewer vouched for.
func Trusted(script string) error {
	return exec.Command("sh", "-c", script).Run() // #nosec G204 -- script comes from the signed build config
}
