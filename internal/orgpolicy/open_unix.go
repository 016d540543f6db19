//go:build unix

package orgpolicy

import (
	"os"
	"syscall"
)

// openReadOnly opens a file to read without waiting for a FIFO's writer.
const openReadOnly = os.O_RDONLY | syscall.O_NONBLOCK
