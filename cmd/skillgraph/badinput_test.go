package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/server"
)

// graphQLAnswer is a /graphql response as a client sees it.
type graphQLAnswer struct {
	status  int
	raw     string
	hasData bool
	data    map[string]json.RawMessage
	errors  []graphQLError
}

type graphQLError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// code and field are the first error's extensions.code and extensions.field.
func (a graphQLAnswer) code() string  { return a.extension("code") }
func (a graphQLAnswer) field() string { return a.extension("field") }

func (a graphQLAnswer) extension(name string) string {
	if len(a.errors) == 0 {
		return ""
	}
	s, _ := a.errors[0].Extensions[name].(string)
	return s
}

// postRaw posts body as it is to /graphql and decodes the answer; a body that is not a
// GraphQL response fails the test.
func postRaw(t *testing.T, base string, body []byte, header ...string) graphQLAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := graphQLAnswer{status: res.StatusCode, raw: string(raw)}
	var out struct {
		Data   *map[string]json.RawMessage `json:"data"`
		Errors []graphQLError              `json:"errors"`
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatalf("%d: not a JSON object: %q", res.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%d: not a GraphQL response: %q (%v)", res.StatusCode, raw, err)
	}
	_, a.hasData = top["data"]
	if out.Data != nil {
		a.data = *out.Data
	}
	a.errors = out.Errors
	for _, e := range a.errors {
		if e.Message == "" {
			t.Errorf("an error without a message: %s", raw)
		}
	}
	return a
}

// postQuery posts a GraphQL request built from query, variables and operation name, with
// header (name, value pairs).
func postQuery(t *testing.T, base, query string, vars map[string]any, operationName string, header ...string) graphQLAnswer {
	t.Helper()
	req := map[string]any{"query": query}
	if vars != nil {
		req["variables"] = vars
	}
	if operationName != "" {
		req["operationName"] = operationName
	}
	body, _ := json.Marshal(req)
	return postRaw(t, base, body, header...)
}

// globalIDOf builds an opaque global id as the API does (base64url of "Kind:key").
func globalIDOf(kind graph.Kind, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(string(kind) + ":" + key))
}

// deepCompetencyQuery nests broader { edges { node { ... } } } until the operation is at
// least minDepth fields deep, and returns it with its depth.
func deepCompetencyQuery(minDepth int) (string, int) {
	inner, depth := "id", 4 // competencies, edges, node, id
	for depth < minDepth {
		inner = "broader { edges { node { " + inner + " } } }"
		depth += 3
	}
	return "{ competencies(first: 1) { edges { node { " + inner + " } } } }", depth
}

// Bad input gets a spec-conformant error, never a 500, and the server keeps serving.
func TestBadInputEndToEnd(t *testing.T) {
	secretFile := filepath.Join(t.TempDir(), "dev.secret")
	base := "http://" + serveForTour(t, "--dev-secret", secretFile)
	// Writes need a principal: an administrator's development token, so that the input, not
	// the policy, is what each mutation below is refused for.
	secret, err := access.LoadOrCreateSecret(secretFile)
	if err != nil {
		t.Fatal(err)
	}
	token, err := access.Mint(secret, access.MintInput{Role: access.RoleAdmin, Subject: "bad-input-probe"})
	if err != nil {
		t.Fatal(err)
	}
	asAdmin := []string{"Authorization", "Bearer " + token}
	const org = "org-alveole" // an organisation of the demo that awards credentials
	healthy := func(t *testing.T) {
		t.Helper()
		a := postQuery(t, base, "{ stats { competencies credentials } }", nil, "")
		if a.status != 200 || len(a.errors) > 0 || !strings.Contains(string(a.data["stats"]), `"competencies":`) {
			t.Fatalf("a normal query after bad input: %d %s", a.status, a.raw)
		}
	}
	// wantError checks an error answer with the given status, code and (when not "") field.
	wantError := func(t *testing.T, a graphQLAnswer, status int, code, field string) {
		t.Helper()
		if a.status != status || len(a.errors) == 0 || a.code() != code || a.field() != field {
			t.Errorf("got %d code %q field %q, want %d %s %q: %s", a.status, a.code(), a.field(), status, code, field, a.raw)
		}
	}
	validInput := func(overrides map[string]any) map[string]any {
		in := map[string]any{"title": "Bad input probe", "hours": 7, "modality": "REMOTE", "language": "fr",
			"price": 0, "organizationId": globalIDOf(graph.KindOrganization, org)}
		for k, v := range overrides {
			in[k] = v
		}
		return in
	}
	const createCredential = `mutation Create($input: CreateCredentialInput!) { createCredential(input: $input) { id } }`

	cases := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"malformed JSON", func(t *testing.T) {
			a := postRaw(t, base, []byte(`{"query": "{ stats { competencies } }", "note": "secret-in-body`))
			wantError(t, a, http.StatusBadRequest, server.CodeBadRequest, "")
			if a.hasData || strings.Contains(a.raw, "secret-in-body") {
				t.Errorf("a malformed request is echoed or has data: %s", a.raw)
			}
		}},
		{"unknown operation name", func(t *testing.T) {
			a := postQuery(t, base, "query Stats { stats { competencies } }", nil, "NoSuchOperation")
			wantError(t, a, http.StatusOK, "GRAPHQL_VALIDATION_FAILED", "")
			if a.hasData {
				t.Errorf("a request error has a data entry: %s", a.raw)
			}
		}},
		{"wrong variable type", func(t *testing.T) {
			const q = "query Page($n: Int) { competencies(first: $n) { edges { node { id } } } }"
			a := postQuery(t, base, q, map[string]any{"n": "ten"}, "")
			wantError(t, a, http.StatusOK, "GRAPHQL_VALIDATION_FAILED", "")
			if a.hasData {
				t.Errorf("a request error has a data entry: %s", a.raw)
			}
			body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"n": "ten"}})
			strict := postRaw(t, base, body, "Accept", "application/graphql-response+json")
			wantError(t, strict, http.StatusBadRequest, "GRAPHQL_VALIDATION_FAILED", "")
		}},
		{"10 MB body", func(t *testing.T) {
			body := []byte(`{"query":"{ stats { competencies } }","padding":"` + strings.Repeat("x", 10<<20) + `"}`)
			a := postRaw(t, base, body)
			if a.status != http.StatusRequestEntityTooLarge || len(a.errors) == 0 || a.code() == "" {
				t.Errorf("got %d %s, want 413 with a coded JSON error", a.status, a.raw)
			}
		}},
		{"50 levels deep", func(t *testing.T) {
			q, depth := deepCompetencyQuery(50)
			if n := strings.Count(q, "{"); n != depth || depth < 50 {
				t.Fatalf("the query nests %d levels, not %d", n, depth)
			}
			a := postQuery(t, base, q, nil, "")
			wantError(t, a, http.StatusOK, "DEPTH_LIMIT_EXCEEDED", "")
		}},
		{"first: 1000000", func(t *testing.T) {
			a := postQuery(t, base, "{ competencies(first: 1000000) { edges { node { id } } } }", nil, "")
			wantError(t, a, http.StatusOK, resolvers.CodeBadUserInput, "first")
		}},
		{"unknown global id", func(t *testing.T) {
			a := postQuery(t, base, `query($id: ID!) { node(id: $id) { id } }`,
				map[string]any{"id": globalIDOf(graph.KindCompetency, "no-such-competency")}, "")
			if a.status != 200 || len(a.errors) > 0 || string(a.data["node"]) != "null" {
				t.Errorf("got %d %s, want node: null and no error", a.status, a.raw)
			}
		}},
		{"malformed global id", func(t *testing.T) {
			a := postQuery(t, base, `{ node(id: "%%% not an id %%%") { id } }`, nil, "")
			wantError(t, a, http.StatusOK, resolvers.CodeBadUserInput, "id")
		}},
		{"credential by an unknown key", func(t *testing.T) {
			a := postQuery(t, base, `{ credential(key: "nope") { id title } }`, nil, "")
			if a.status != 200 || len(a.errors) > 0 || string(a.data["credential"]) != "null" {
				t.Errorf("got %d %s, want credential: null and no error", a.status, a.raw)
			}
		}},
		{"anonymous mutation", func(t *testing.T) {
			a := postQuery(t, base, createCredential, map[string]any{"input": validInput(nil)}, "")
			if a.status >= 500 || a.code() != resolvers.CodeUnauthenticated {
				t.Errorf("got %d %s, want UNAUTHENTICATED", a.status, a.raw)
			}
		}},
		{"negative hours", func(t *testing.T) {
			a := postQuery(t, base, createCredential, map[string]any{"input": validInput(map[string]any{"hours": -5})}, "", asAdmin...)
			wantError(t, a, http.StatusOK, resolvers.CodeBadUserInput, "input.hours")
		}},
		{"organisation that does not exist", func(t *testing.T) {
			a := postQuery(t, base, createCredential, map[string]any{"input": validInput(map[string]any{
				"organizationId": globalIDOf(graph.KindOrganization, "org-that-does-not-exist")})}, "", asAdmin...)
			wantError(t, a, http.StatusOK, resolvers.CodeBadUserInput, "input.organizationId")
		}},
		{"duplicate key", func(t *testing.T) {
			a := postQuery(t, base, `mutation { createOrganization(input: {key: "`+org+`", name: "Another"}) { id } }`, nil, "", asAdmin...)
			wantError(t, a, http.StatusOK, resolvers.CodeConflict, "")
			kept := postQuery(t, base, `{ organization(key: "`+org+`") { name } }`, nil, "")
			if strings.Contains(string(kept.data["organization"]), "Another") {
				t.Errorf("the duplicate replaced the organisation: %s", kept.raw)
			}
		}},
		{"deleting a referenced organisation", func(t *testing.T) {
			a := postQuery(t, base, `mutation($id: ID!) { deleteOrganization(id: $id) { deletedId } }`,
				map[string]any{"id": globalIDOf(graph.KindOrganization, org)}, "", asAdmin...)
			wantError(t, a, http.StatusOK, resolvers.CodeConflict, "")
			kept := postQuery(t, base, `{ organization(key: "`+org+`") { key } }`, nil, "")
			if !strings.Contains(string(kept.data["organization"]), org) {
				t.Errorf("the refused delete removed the organisation: %s", kept.raw)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t)
			healthy(t)
		})
	}
}

// faultyStore wraps a store and fails every call with an internal error while down is set:
// an outage of the database under a running server.
type faultyStore struct {
	graph.Store
	down atomic.Bool
}

// outageCause is the failure's own message: it must reach the log, never a client.
const outageCause = "dial tcp db-primary.internal:7687: connection refused"

func (f *faultyStore) fail() error {
	if f.down.Load() {
		return graph.Internal(errors.New(outageCause))
	}
	return nil
}

// faultyMethods is how many store methods faultyStore overrides: every one of graph.Store.
const faultyMethods = 20

func (f *faultyStore) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Get(ctx, k, id)
}

func (f *faultyStore) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.GetMany(ctx, k, ids)
}

func (f *faultyStore) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.List(ctx, k, opts)
}

func (f *faultyStore) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Search(ctx, q)
}

func (f *faultyStore) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Create(ctx, n)
}

func (f *faultyStore) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.CreateWithEdges(ctx, n, edges)
}

func (f *faultyStore) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Update(ctx, n)
}

func (f *faultyStore) Delete(ctx context.Context, k graph.Kind, id string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Delete(ctx, k, id)
}

func (f *faultyStore) Link(ctx context.Context, e graph.Edge) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Link(ctx, e)
}

func (f *faultyStore) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Unlink(ctx, t, from, to)
}

func (f *faultyStore) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, ef graph.EdgeFilter) (map[string][]graph.Edge, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Edges(ctx, t, dir, ids, ef)
}

func (f *faultyStore) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	if err := f.fail(); err != nil {
		return graph.BulkResult{}, err
	}
	return f.Store.BulkUpsert(ctx, b)
}

func (f *faultyStore) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.PathwayContext(ctx, learnerID, roleID)
}

func (f *faultyStore) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	if err := f.fail(); err != nil {
		return 0, err
	}
	return f.Store.NextSequence(ctx, name, floor)
}

func (f *faultyStore) KeySet(ctx context.Context) (graph.KeySet, error) {
	if err := f.fail(); err != nil {
		return graph.KeySet{}, err
	}
	return f.Store.KeySet(ctx)
}

func (f *faultyStore) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	if err := f.fail(); err != nil {
		return graph.KeySet{}, err
	}
	return f.Store.SaveKeySet(ctx, data, prev)
}

func (f *faultyStore) Versions(ctx context.Context) (graph.Versions, error) {
	if err := f.fail(); err != nil {
		return graph.Versions{}, err
	}
	return f.Store.Versions(ctx)
}

func (f *faultyStore) Stats(ctx context.Context) (*graph.Stats, error) {
	if err := f.fail(); err != nil {
		return nil, err
	}
	return f.Store.Stats(ctx)
}

func (f *faultyStore) Ping(ctx context.Context) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Ping(ctx)
}

func (f *faultyStore) Close() error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.Store.Close()
}

// While the store fails, the server says it is not ready and answers queries with a bare
// INTERNAL error; once the store is back, it serves again by itself.
func TestStoreOutageAndRecovery(t *testing.T) {
	if n := reflect.TypeFor[graph.Store]().NumMethod(); n != faultyMethods {
		t.Fatalf("graph.Store has %d methods, faultyStore overrides %d: add the new ones", n, faultyMethods)
	}
	ctx := context.Background()
	embedded, err := embedded.Open(filepath.Join(t.TempDir(), "outage.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, embedded); err != nil {
		t.Fatal(err)
	}
	store := &faultyStore{Store: embedded}
	t.Cleanup(func() {
		store.down.Store(false)
		store.Close()
	})
	var logs syncBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	srv := server.New(server.Config{}, store, resolvers.NewHandler(store, resolvers.Options{Logger: logger}), logger)
	ts := httptest.NewServer(srv.Handler()) // on 127.0.0.1
	defer ts.Close()

	readyz := func() int {
		res, err := http.Get(ts.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	queries := []struct{ query, field string }{
		{"{ stats { competencies } }", "stats"},
		{"{ competencies(first: 3) { edges { node { name broader { edges { node { name } } } } } } }", "competencies"},
		{`{ search(query: "data") { edges { score } } }`, "search"},
	}
	serving := func(when string) {
		t.Helper()
		if code := readyz(); code != http.StatusOK {
			t.Errorf("%s: /readyz %d, want 200", when, code)
		}
		for _, q := range queries {
			a := postQuery(t, ts.URL, q.query, nil, "")
			if a.status != 200 || len(a.errors) > 0 || len(a.data[q.field]) == 0 || string(a.data[q.field]) == "null" {
				t.Errorf("%s: %s: %d %s", when, q.field, a.status, a.raw)
			}
		}
	}

	serving("before the outage")
	store.down.Store(true)
	if code := readyz(); code != http.StatusServiceUnavailable {
		t.Errorf("during the outage: /readyz %d, want 503", code)
	}
	for _, q := range queries {
		a := postQuery(t, ts.URL, q.query, nil, "")
		if a.status != 200 || a.code() != resolvers.CodeInternal || a.errors[0].Message != "internal error" {
			t.Errorf("during the outage: %s: %d %s, want an INTERNAL error", q.field, a.status, a.raw)
		}
		for _, leak := range []string{"db-primary", "connection refused", "dial tcp", "7687"} {
			if strings.Contains(a.raw, leak) {
				t.Errorf("during the outage: %s: the response leaks %q: %s", q.field, leak, a.raw)
			}
		}
	}
	if !strings.Contains(logs.String(), "db-primary") {
		t.Errorf("the cause of the failure was not logged:\n%s", logs.String())
	}
	store.down.Store(false)
	serving("after the outage")
}
