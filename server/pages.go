package server

import (
	"html/template"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/i18n"
)

// Headers every page a browser may render carries: no script, frame, form or plug-in beyond
// what the page needs, no framing by other sites (clickjacking), no MIME sniffing, no referrer
// leaking badge URLs to the sites a page links to.
const (
	// pageCSP suits pages with inline styles and nothing else (badge pages, error pages).
	pageCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	// referrerPolicy: links from our pages do not tell other sites where they came from.
	referrerPolicy = "no-referrer"
)

var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{.Status}} {{.Text}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}</style></head>
<body><h1>{{.Text}}</h1><p>{{.Detail}}</p></body></html>
`))

// errorTexts are the error page's words in each language: a person may follow a dead link to a
// badge in either.
var errorTexts = i18n.Messages{
	"server":    {i18n.English: "Something went wrong on our side.", i18n.French: "Une erreur s'est produite de notre côté."},
	"client":    {i18n.English: "There is nothing to show at this address.", i18n.French: "Il n'y a rien à afficher à cette adresse."},
	"title.404": {i18n.English: "Not Found", i18n.French: "Page introuvable"},
	"title.503": {i18n.English: "Service Unavailable", i18n.French: "Service indisponible"},
	"title.500": {i18n.English: "Internal Server Error", i18n.French: "Erreur interne"},
}

// secure sets the headers above on every response, a CSP on every HTML one that has none, and
// answers a browser asking for a page (Accept: text/html, outside /graphql) an HTML error page
// instead of the JSON or text a route answered with an error status.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", referrerPolicy)
		pw := &pageWriter{ResponseWriter: w, browser: r.URL.Path != "/graphql" && wantsHTML(r),
			lang: i18n.Negotiate(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))}
		next.ServeHTTP(pw, r)
	})
}

// wantsHTML reports whether the request's Accept header asks for HTML before JSON or JWTs.
func wantsHTML(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch {
		case mt == "text/html" || mt == "application/xhtml+xml":
			return true
		case strings.Contains(mt, "json") || strings.Contains(mt, "jwt"):
			return false
		}
	}
	return false
}

// pageWriter applies secure's rules when the status is written.
type pageWriter struct {
	http.ResponseWriter
	browser  bool // the client asked for a page
	lang     i18n.Lang
	wrote    bool
	replaced bool // an error page was written instead of the route's body
}

func (p *pageWriter) WriteHeader(code int) {
	if p.wrote {
		return
	}
	p.wrote = true
	h := p.Header()
	html := strings.HasPrefix(h.Get("Content-Type"), "text/html")
	if p.browser && code >= 400 && !html {
		p.replaced = true
		h.Del("Content-Length")
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", pageCSP)
		p.ResponseWriter.WriteHeader(code)
		detail := errorTexts.T(p.lang, "server")
		if code < 500 {
			detail = errorTexts.T(p.lang, "client")
		}
		text := http.StatusText(code)
		if t := errorTexts.T(p.lang, "title."+strconv.Itoa(code)); !strings.HasPrefix(t, "title.") {
			text = t
		}
		errorPage.Execute(p.ResponseWriter, map[string]any{"Status": code, "Text": text, "Detail": detail, "Lang": p.lang})
		return
	}
	if html && h.Get("Content-Security-Policy") == "" {
		h.Set("Content-Security-Policy", pageCSP)
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *pageWriter) Write(b []byte) (int, error) {
	if !p.wrote {
		if p.Header().Get("Content-Type") == "" {
			p.Header().Set("Content-Type", http.DetectContentType(b))
		}
		p.WriteHeader(http.StatusOK)
	}
	if p.replaced {
		return len(b), nil
	}
	return p.ResponseWriter.Write(b)
}

func (p *pageWriter) Flush() {
	if f, ok := p.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (p *pageWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }
