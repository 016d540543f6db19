module example.com/polyglot

go 1.22

require (
	github.com/gorilla/mux v1.8.0
	golang.org/x/text v0.3.7
)
