package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

const requestsWhileDown = 12

// With Neo4j taken away, serve answers GraphQL with UNAVAILABLE, /readyz and the badge routes
// with 503, each without trying to reach the server again (fewer connection attempts than
// requests).
func TestNeo4jOutageAnswersUnavailable(t *testing.T) {
	neo4jtest.Open(t) // an empty database, or a loud skip
	cfg, _ := neo4jtest.Config()
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	px := neo4jtest.StartProxy(t, u.Host)
	dir := t.TempDir()
	addr, _ := serveDemo(t, "--neo4j-uri", px.URI(), "--keys", filepath.Join(dir, "keys.json"),
		"--dev-secret", filepath.Join(dir, "dev.secret"))
	base := "http://" + addr
	const q = `{ competencies(first: 1) { totalCount } }`
	if a := postQuery(t, base, q, nil, ""); len(a.errors) > 0 {
		t.Fatalf("before the outage: %s", a.raw)
	}
	px.SetDown(true)
	for i := range requestsWhileDown {
		if a := postQuery(t, base, q, nil, ""); a.code() != "UNAVAILABLE" {
			t.Fatalf("request %d while down: %s", i, a.raw)
		}
	}
	for _, path := range []string{"/readyz", "/credentials/ach-anything"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s while down: %d, want 503", path, res.StatusCode)
		}
	}
	if n := px.Refused(); n >= requestsWhileDown {
		t.Fatalf("%d connection attempts for %d requests while down", n, requestsWhileDown)
	}
}
