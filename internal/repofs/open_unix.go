//go:build unix

package repofs

import (
	"os"
	"syscall"
)

// ReadNoWait opens a file to read without waiting for a FIFO's writer, so that a
// FIFO where a file is expected fails the regular-file check instead of hanging.
const ReadNoWait = os.O_RDONLY | syscall.O_NONBLOCK
