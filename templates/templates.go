// Package templates holds the files prep writes that belong to no one challenge: the go.mod of
// a challenge folder, and the README, .gitignore and CI files of a practice repository. They
// are embedded so that an installed binary needs no checkout of this repository.
package templates

import (
	"bytes"
	"embed"
	"text/template"
)

// GoVersion is the go directive of the modules prep creates. It is the oldest release that
// builds every stub and visible test, not the release prep itself is built with, so that a
// learner with an older toolchain can still run `go test` in the folder.
const GoVersion = "1.22"

//go:embed go.mod.tmpl
var files embed.FS

var goMod = template.Must(template.ParseFS(files, "go.mod.tmpl"))

// GoMod returns a go.mod that makes a folder the module named module, so that plain
// `go test` works in a folder that no other module contains.
func GoMod(module string) []byte {
	var b bytes.Buffer
	// The template and its data are fixed here, so execution cannot fail but by a bug in the
	// template, which the package's tests catch.
	if err := goMod.Execute(&b, struct{ Module, GoVersion string }{module, GoVersion}); err != nil {
		panic(err)
	}
	return b.Bytes()
}
