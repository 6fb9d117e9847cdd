package server

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/skillgraph/skillgraph/web"
)

// DemoIdentity is one principal of the demo that the web app and GraphiQL offer to act as.
// The server is given them only when the demo is loaded and tokens are development tokens.
type DemoIdentity struct {
	Name  string `json:"name"`
	Role  string `json:"role"`
	Token string `json:"token"`
}

const (
	// appCSP: the app's scripts and styles come from this server only; Mantine sets CSS
	// variables in a <style> element and style attributes, hence 'unsafe-inline' for styles.
	appCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
		"font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	// immutable: asset names carry a hash of their content, so a year of caching is safe.
	immutable = "public, max-age=31536000, immutable"
)

// appSections are the first path segments of the app's screens: any path below them is the
// app's to resolve in the browser, so it gets index.html. Other unknown paths stay 404.
var appSections = []string{"advisor", "learner", "employer", "issuer"}

// serveApp serves the web app at / (and its sections), GraphiQL at /graphiql, their hashed
// assets, and /config.json, which tells the app the demo identities it may offer.
func (s *Server) serveApp(demo []DemoIdentity) {
	files := web.Dist()
	page := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, err := fs.ReadFile(files, name)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Content-Security-Policy", appCSP)
			h.Set("Cache-Control", "no-cache") // the page names the current assets
			w.Write(b)
		}
	}
	index := page("index.html")
	s.mux.HandleFunc("GET /{$}", index)
	for _, sec := range appSections {
		s.mux.HandleFunc("GET /"+sec, index)
		s.mux.HandleFunc("GET /"+sec+"/", index)
	}
	s.mux.HandleFunc("GET /graphiql", page("graphiql.html"))
	assets := http.FileServerFS(files)
	s.mux.HandleFunc("GET /assets/", func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || path.Ext(r.URL.Path) == "" {
			http.NotFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", immutable)
		assets.ServeHTTP(w, r)
	})
	if demo == nil {
		demo = []DemoIdentity{}
	}
	cfg, _ := json.Marshal(map[string]any{"demo": demo})
	s.mux.HandleFunc("GET /config.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store") // tokens, in the demo
		w.Write(cfg)
	})
}
