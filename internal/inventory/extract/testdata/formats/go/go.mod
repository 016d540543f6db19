module example.com/app

go 1.21

toolchain go1.22.3

require (
	github.com/pkg/errors v0.9.1
	golang.org/x/sys v0.1.0 // indirect
)
