//go:build !unix

package repofs

import "os"

// ReadNoWait opens a file to read (no FIFOs to wait on here).
const ReadNoWait = os.O_RDONLY
