// Command depsvulnerable is a fixture: it calls one vulnerable golang.org/x/text
// symbol (language.ParseAcceptLanguage, GO-2022-1059) and imports a package with
// another vulnerability (unicode/norm, GO-2026-5970) without calling its vulnerable code.
package main

import (
	"fmt"
	"os"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func main() {
	tags, _, err := language.ParseAcceptLanguage(os.Getenv("ACCEPT_LANGUAGE"))
	fmt.Println(tags, err, norm.Version)
}
