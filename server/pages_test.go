package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// Every HTML response carries a CSP with frame-ancestors, nosniff and a referrer policy, and
// a browser asking for a page gets an HTML error page, while API clients keep their JSON.
func TestPagesABrowserCanTrust(t *testing.T) {
	srv := New(Config{}, &flakyStore{}, echo, quiet())
	srv.Handle("GET /page", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><p>a badge</p>")
	}))
	srv.Handle("GET /thing/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":"not found"}`)
	}))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	fetch := func(path, accept string) (*http.Response, string) {
		u, _ := url.Parse(ts.URL + path)
		res, err := ts.Client().Do(&http.Request{Method: http.MethodGet, URL: u, Header: http.Header{"Accept": {accept}}})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	for _, c := range []struct {
		path, accept string
		status       int
	}{
		{"/", browser, 200},
		{"/page", browser, 200},
		{"/thing/x", browser, 404},
		{"/no/such/page", browser, 404},
	} {
		res, body := fetch(c.path, c.accept)
		h := res.Header
		if res.StatusCode != c.status || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s, want %d HTML", c.path, res.StatusCode, h.Get("Content-Type"), c.status)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff %q, referrer policy %q", c.path, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		if c.status >= 400 && (!strings.Contains(body, "<h1>") || strings.Contains(body, `"error"`)) {
			t.Errorf("%s: a browser got %q", c.path, body)
		}
	}
	for _, p := range []string{"/", "/graphiql", "/advisor/learners/x"} {
		if res, _ := fetch(p, browser); res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Security-Policy"), "script-src 'self';") ||
			strings.Contains(res.Header.Get("Content-Security-Policy"), "https:") {
			t.Errorf("%s: %d, CSP %q: want scripts from this server only", p, res.StatusCode, res.Header.Get("Content-Security-Policy"))
		}
	}
	// A French reader gets the error page in French.
	u, _ := url.Parse(ts.URL + "/no/such/page")
	res, err := ts.Client().Do(&http.Request{Method: http.MethodGet, URL: u, Header: http.Header{"Accept": {browser}, "Accept-Language": {"fr-FR,fr;q=0.9"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || !strings.Contains(string(b), `<html lang="fr">`) || !strings.Contains(string(b), "Page introuvable") {
		t.Errorf("French error page: %d %s", res.StatusCode, b)
	}
	// API clients keep their JSON errors.
	if res, body := fetch("/thing/x", "application/json"); res.StatusCode != 404 || body != `{"error":"not found"}` {
		t.Errorf("an API client got %d %q", res.StatusCode, body)
	}
}
