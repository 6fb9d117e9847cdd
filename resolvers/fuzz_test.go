package resolvers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/resolvers/abuse"
	"github.com/skillgraph/skillgraph/server"
)

// FuzzEndpoint sends arbitrary documents and variables, as an admin, to the whole HTTP stack
// over the demo: every answer is a GraphQL response whose errors all carry a code, and none
// is INTERNAL or a 5xx: bad input is always the caller's, and says so.
func FuzzEndpoint(f *testing.F) {
	st := demoStore(f)
	verifier, err := access.NewVerifier(access.Config{HS256Secret: testSecret})
	if err != nil {
		f.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	h := resolvers.NewHandler(st, resolvers.Options{Introspection: true, Verifier: verifier, Logger: quiet})
	ts := httptest.NewServer(server.New(server.Config{}, st, h, quiet).Handler())
	f.Cleanup(ts.Close)
	admin, err := access.Mint(testSecret, access.MintInput{Role: access.RoleAdmin, Subject: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	seeds := []struct{ q, vars string }{
		{`{ credential(key: "cred-data-mining") { title hours certifies { edges { level node { name } } } } }`, `{}`},
		{`mutation($in: CreateCredentialInput!) { createCredential(input: $in) { id } }`, `{"in":{"title":"x","hours":"NaN","modality":"REMOTE","language":"fr","price":0,"organizationId":"org-octet"}}`},
		{`mutation { updateLearner(input: {id: "learner-camille-martin", constraints: {deadline: "2026-13-45"}}) { name } }`, `{}`},
		{`mutation { link(input: {type: HAS, from: "learner-lea-dubois", to: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833", level: 0, since: "yesterday"}) { type } }`, `{}`},
		{`mutation { createOrganization(input: {name: "a\u0007b", url: "javascript:alert(1)"}) { id } }`, `{}`},
		{`{ search(query: "données", first: 8) { edges { score node { __typename } } } }`, `null`},
		{`query($n: Int) { jobRoles(first: $n) { totalCount } }`, `{"n": 1e400}`},
		{`{ nodes(ids: ["", "x", "Q29tcGV0ZW5jeTo="]) { __typename } }`, `{}`},
	}
	for _, s := range seeds {
		f.Add(s.q, s.vars)
	}
	for _, c := range abuse.Cases(true)[:6] {
		var b struct{ Query string }
		if json.Unmarshal(c.Body, &b) == nil {
			f.Add(b.Query, `{}`)
		}
	}
	f.Fuzz(func(t *testing.T, query, vars string) {
		req := map[string]any{"query": query}
		if json.Valid([]byte(vars)) {
			req["variables"] = json.RawMessage(vars)
		}
		body, err := json.Marshal(req)
		if err != nil {
			return
		}
		r, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 500 {
			t.Fatalf("HTTP %d for %q %s: %s", res.StatusCode, query, vars, raw)
		}
		var out struct {
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("not a GraphQL response for %q: %s", query, raw)
		}
		for _, e := range out.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" || code == resolvers.CodeInternal {
				t.Fatalf("error %q with code %q for %q %s", e.Message, code, query, vars)
			}
		}
	})
}
