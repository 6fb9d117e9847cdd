package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/access"
)

// tourQuery is one GraphQL block of the README, with the error it is documented to answer.
type tourQuery struct {
	query             string
	wantCode, wantFld string
}

var (
	graphqlBlock = regexp.MustCompile("(?s)```graphql\n(.*?)```\n")
	answersCode  = regexp.MustCompile(`"code": "([A-Z_]+)"`)
	answersField = regexp.MustCompile(`"field": "([^"]+)"`)
	asRole       = regexp.MustCompile(`^# as (?:the |an? )?(admin|issuer|employer|advisor|learner)\b`)
)

// readmeTour returns the README's GraphQL blocks in order. A block followed by a paragraph that
// starts with "answers" is expected to fail with the code (and field) that paragraph shows.
func readmeTour(t *testing.T) []tourQuery {
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	var out []tourQuery
	for _, m := range graphqlBlock.FindAllStringSubmatchIndex(text, -1) {
		q := tourQuery{query: text[m[2]:m[3]]}
		rest := strings.TrimLeft(text[m[1]:], "\n")
		if strings.HasPrefix(rest, "answers") {
			para, _, _ := strings.Cut(rest, "\n\n")
			if c := answersCode.FindStringSubmatch(para); c != nil {
				q.wantCode = c[1]
			}
			if f := answersField.FindStringSubmatch(para); f != nil {
				q.wantFld = f[1]
			}
		}
		out = append(out, q)
	}
	return out
}

// serveForTour starts `skillgraph serve` on a fresh embedded store with the demo and returns
// its address; the server stops when the test ends.
func serveForTour(t *testing.T, extra ...string) string {
	t.Helper()
	addr, _ := serveDemo(t, extra...)
	return addr
}

// serveDemo is serveForTour that also returns the store's file (its development secret lies
// beside it).
func serveDemo(t *testing.T, extra ...string) (addr, db string) {
	t.Helper()
	t.Setenv("NEO4J_URI", "") // the embedded store, even when the Neo4j suite runs
	db = filepath.Join(t.TempDir(), "tour.db")
	return startServe(t, append([]string{"--db", db}, extra...)...).addr, db
}

// tourToken mints a token for a role of the demo (admin, issuer, employer, advisor, learner),
// with the development secret serve created beside the store.
func tourToken(t *testing.T, db, role string) string {
	t.Helper()
	return demoToken(t, db+".secret", role)
}

// demoToken mints a token for a role of the demo with the development secret in secretFile.
func demoToken(t *testing.T, secretFile, role string) string {
	t.Helper()
	secret, err := access.LoadOrCreateSecret(secretFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range demoTokens {
		if string(d.in.Role) == role {
			tok, err := access.Mint(secret, d.in)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
	}
	t.Fatalf("no demo token for role %q", role)
	return ""
}

// Every GraphQL block of the README works as shown, in order, against a fresh demo server.
func TestReadmeTour(t *testing.T) {
	tour := readmeTour(t)
	if len(tour) < 8 {
		t.Fatalf("found only %d GraphQL blocks in the README", len(tour))
	}
	addr, db := serveDemo(t)
	t.Logf("running %d GraphQL blocks of the README", len(tour))
	for i, q := range tour {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		// "# as the advisor ..." on a block's first line says whose token the block needs.
		if m := asRole.FindStringSubmatch(q.query); m != nil {
			req.Header.Set("Authorization", "Bearer "+tourToken(t, db, m[1]))
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Data   map[string]any `json:"data"`
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil {
			t.Fatalf("block %d: %v", i+1, err)
		}
		first := strings.SplitN(strings.TrimSpace(q.query), "\n", 3)
		name := strings.Join(first[:min(2, len(first))], " ")
		if q.wantCode != "" {
			if len(out.Errors) == 0 || out.Errors[0].Extensions["code"] != q.wantCode ||
				(q.wantFld != "" && out.Errors[0].Extensions["field"] != q.wantFld) {
				t.Errorf("block %d (%s): want %s on %s, got %+v", i+1, name, q.wantCode, q.wantFld, out)
			}
			continue
		}
		if len(out.Errors) > 0 || len(out.Data) == 0 {
			t.Errorf("block %d (%s) failed: %+v", i+1, name, out.Errors)
			continue
		}
		// A tour query that finds nothing shows nothing: every top-level field must hold data.
		for k, v := range out.Data {
			if v == nil {
				t.Errorf("block %d (%s): %s is null", i+1, name, k)
			}
			if m, ok := v.(map[string]any); ok {
				if e, ok := m["edges"].([]any); ok && len(e) == 0 {
					t.Errorf("block %d (%s): %s has no edges", i+1, name, k)
				}
			}
			if l, ok := v.([]any); ok && len(l) == 0 {
				t.Errorf("block %d (%s): %s is empty", i+1, name, k)
			}
		}
	}
}
