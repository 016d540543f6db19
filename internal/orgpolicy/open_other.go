//go:build !unix

package orgpolicy

import "os"

// openReadOnly opens a file to read (no FIFOs to wait on here).
const openReadOnly = os.O_RDONLY
