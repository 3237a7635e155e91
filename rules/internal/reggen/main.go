// Command reggen writes rules/registry_gen.go, the registration of every
// rule of the rules package, from its rule files. go generate ./rules
// runs it before the rule documentation is written.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/archiehq/archie/rules/internal/registry"
)

func main() {
	dir := flag.String("dir", ".", "the directory of the rules package")
	flag.Parse()
	if err := registry.Write(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "reggen:", err)
		os.Exit(1)
	}
}
