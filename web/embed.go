// Package web holds the built web app and GraphiQL (web/dist, built from web/src by Vite and
// committed), embedded so that the binary serves them without Node.js or npm.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built files: index.html (the app), graphiql.html and assets/ (hashed names).
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the directory is embedded at build time: this cannot fail at run time
	}
	return sub
}
