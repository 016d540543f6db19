// Command runtime is the fixture the runtime tests scan inside the image's filesystem:
// one gosec finding (G402, below) and one reachable vulnerability of a dependency
// (golang.org/x/text's language.ParseAcceptLanguage, GO-2022-1059), so both the sast
// and the deps check must load Go packages to find them.
package main

import (
	"crypto/tls"
	"fmt"
	"os"

	"golang.org/x/text/language"
)

func main() {
	tags, _, err := language.ParseAcceptLanguage(os.Getenv("ACCEPT_LANGUAGE"))
	conf := &tls.Config{InsecureSkipVerify: true}
	fmt.Println(tags, err, conf.MinVersion)
}
