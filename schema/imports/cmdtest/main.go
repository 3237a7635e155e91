package main

import (
	"context"
	"fmt"
	"os"

	"github.com/archiehq/archie/schema/imports"
	"github.com/archiehq/archie/schema/imports/ir"
)

func main() {
	res, err := imports.Import(context.Background(), os.Args[1], os.DirFS("/"), os.Args[2][1:], os.Args[2])
	if err != nil {
		fmt.Println(err)
		return
	}
	out := ir.Write(res)
	for _, f := range out.Files {
		fmt.Printf("=== %s\n%s", f.Name, f.Src)
	}
	for _, d := range res.Diags {
		fmt.Println(d)
	}
	fmt.Println(res.Unsupported, res.Ignored)
	l, diags := imports.Load(context.Background(), os.Args[1], os.DirFS("/"), os.Args[2][1:], os.Args[2])
	for _, d := range diags {
		fmt.Println(d)
	}
	if l.Arch != nil {
		for _, e := range l.Arch.Edges {
			fmt.Println(e.From.Address(), e.Relation, e.To.Address(), e.Range)
		}
	}
}
