package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/resolvers/abuse"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/server"
)

// maxAllocPerRefusal bounds the memory a refused request may allocate, client included: a
// refusal before execution costs about the document's size a few times over.
const maxAllocPerRefusal = 16 << 20

// Every abusive document of the table, sent anonymously to a real server (the demo on the
// embedded store), is refused with its coded error before it runs: no store read, and a
// bounded allocation. With introspection on and off.
func TestAbusiveDocumentsAreRefusedBeforeExecution(t *testing.T) {
	rc := &countingStore{Store: demoStore(t)}
	for _, introspection := range []bool{true, false} {
		quiet := slog.New(slog.DiscardHandler)
		h := resolvers.NewHandler(rc, resolvers.Options{Introspection: introspection, Logger: quiet})
		srv := httptest.NewServer(server.New(server.Config{}, rc, h, quiet).Handler())
		t.Cleanup(srv.Close)
		cases := abuse.Cases(introspection)
		if len(cases) < 20 {
			t.Fatalf("%d cases, want at least 20", len(cases))
		}
		for _, c := range cases {
			rc.calls.Store(0)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			code, msg, data := send(t, srv.URL, c)
			runtime.ReadMemStats(&after)
			if !slices.Contains(c.Codes, code) {
				t.Errorf("%s (introspection %v): code %q (%s), want one of %v", c.Name, introspection, code, msg, c.Codes)
			}
			if data {
				t.Errorf("%s: answered with data", c.Name)
			}
			if n := rc.calls.Load(); n != 0 {
				t.Errorf("%s: the store was read %d times", c.Name, n)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxAllocPerRefusal {
				t.Errorf("%s: %d MB allocated, want at most %d MB", c.Name, alloc>>20, maxAllocPerRefusal>>20)
			}
			if !introspection && strings.Contains(msg, "Did you mean") {
				t.Errorf("%s: suggests names with introspection off: %q", c.Name, msg)
			}
		}
	}
}

// send posts (or GETs) a case and returns the first error's code and message, and whether
// any data came back.
func send(t *testing.T, base string, c abuse.Case) (code, msg string, data bool) {
	t.Helper()
	var req *http.Request
	if c.Get {
		req, _ = http.NewRequest(http.MethodGet, base+"/graphql?query="+url.QueryEscape(string(c.Body)), nil)
	} else {
		req, _ = http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(c.Body))
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out response
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Errorf("%s: HTTP %d %.200s", c.Name, res.StatusCode, raw)
		return "", "", false
	}
	if len(out.Errors) == 0 {
		return "", "", len(out.Data) > 0
	}
	code, _ = out.Errors[0].Extensions["code"].(string)
	return code, out.Errors[0].Message, len(out.Data) > 0
}

// introspectionQuery is the full introspection query GraphiQL sends (graphql-js's).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }`

// The limits leave ordinary documents alone: GraphiQL's introspection with introspection on;
// __typename with it off, when __type is refused with its code.
func TestLimitsLeaveOrdinaryDocumentsAlone(t *testing.T) {
	st := demoStore(t)
	quiet := slog.New(slog.DiscardHandler)
	serve := func(introspection bool) string {
		h := resolvers.NewHandler(st, resolvers.Options{Introspection: introspection, Logger: quiet})
		srv := httptest.NewServer(server.New(server.Config{}, st, h, quiet).Handler())
		t.Cleanup(srv.Close)
		return srv.URL
	}
	on, off := serve(true), serve(false)
	ask := func(base, q string) (string, bool) {
		code, _, data := send(t, base, abuse.Case{Name: q[:min(len(q), 30)], Body: mustJSON(map[string]any{"query": q})})
		return code, data
	}
	if code, data := ask(on, introspectionQuery); code != "" || !data {
		t.Fatalf("GraphiQL's introspection: code %q, data %v", code, data)
	}
	if code, data := ask(off, `{ __typename }`); code != "" || !data {
		t.Fatalf("__typename with introspection off: code %q", code)
	}
	if code, _ := ask(off, `{ __type(name: "Learner") { name } }`); code != "INTROSPECTION_DISABLED" {
		t.Fatalf("__type with introspection off: code %q", code)
	}
}

// demoStore opens an embedded store in a temporary file with the demo dataset.
func demoStore(t testing.TB) *embedded.Store {
	t.Helper()
	st, err := embedded.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := demo.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	return st
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
