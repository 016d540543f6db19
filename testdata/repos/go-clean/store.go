// Package clean is the fixed twin of the go-vulnerable fixture: the same functions
// without their bugs.
package clean

import (
	"crypto/sha256"
	"crypto/tls"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
)

// FindUser uses a parameterised query.
func FindUser(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query("SELECT * FROM users WHERE name = ?", name)
}

// Run runs a fixed program with the argument as data.
func Run(arg string) error {
	return exec.Command("echo", "--", "hello").Run()
}

// Client verifies certificates and requires TLS 1.2 or later.
func Client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	}}
}

// Checksum uses SHA-256.
func Checksum(b []byte) string {
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// Save writes a file only its owner can read.
func Save(path string, b []byte) error {
	return os.WriteFile(path, b, 0o600)
}
