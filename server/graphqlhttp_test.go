package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// gqlgenEndpoint is a gqlgen server with the same transports as the real endpoint, over a
// tiny schema whose every operation answers {"name":"skillgraph"}: the tests exercise
// gqlgen's own status codes and bodies, not a stand-in's.
func gqlgenEndpoint() http.Handler {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `
		type Query { name(prefix: String): String! }
		type Mutation { rename(to: String!): String! }
	`})
	srv := handler.New(&graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return schema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 1, true
		},
		ExecFunc: func(context.Context) graphql.ResponseHandler {
			done := false
			return func(context.Context) *graphql.Response {
				if done {
					return nil
				}
				done = true
				return &graphql.Response{Data: json.RawMessage(`{"name":"skillgraph"}`)}
			}
		},
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](10)})
	return srv
}

// graphQLReply is a response as the conformance checks see it.
type graphQLReply struct {
	status      int
	contentType string
	allow       string
	raw         string
	hasData     bool
	codes       []string
}

func send(t *testing.T, req *http.Request) graphQLReply {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	reply := graphQLReply{status: res.StatusCode, contentType: res.Header.Get("Content-Type"),
		allow: res.Header.Get("Allow"), raw: string(b)}
	var body struct {
		Data   *json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("%s %s: body is not JSON: %q", req.Method, req.URL, b)
	}
	var fields map[string]json.RawMessage
	json.Unmarshal(b, &fields)
	_, reply.hasData = fields["data"]
	for _, e := range body.Errors {
		if e.Message == "" {
			t.Errorf("%s %s: error without a message: %s", req.Method, req.URL, b)
		}
		reply.codes = append(reply.codes, e.Extensions.Code)
	}
	return reply
}

func newPost(t *testing.T, endpoint, contentType, accept, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, endpoint, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

func newGet(t *testing.T, endpoint, accept string, params url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, endpoint+"?"+params.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	return req
}

const (
	acceptJSON     = "application/json"
	acceptResponse = "application/graphql-response+json"
)

func TestGraphQLOverHTTPNegotiatesTheMediaType(t *testing.T) {
	endpoint := httptest.NewServer(New(Config{}, &flakyStore{}, gqlgenEndpoint(), quiet()).Handler())
	defer endpoint.Close()
	gql := endpoint.URL + "/graphql"
	for _, tc := range []struct{ accept, want string }{
		{"", acceptJSON},
		{"*/*", acceptJSON},
		{"application/*", acceptJSON},
		{"application/json", acceptJSON},
		{"application/graphql-response+json", acceptResponse},
		{"application/json, application/graphql-response+json", acceptResponse},
		{"application/graphql-response+json, application/json;q=0.9", acceptResponse},
		{"application/graphql-response+json;q=0.5, application/json", acceptJSON},
		{"text/html,application/xhtml+xml,*/*;q=0.8", acceptJSON},
		{"application/json;q=0, */*", acceptResponse},
	} {
		got := send(t, newPost(t, gql, "application/json", tc.accept, `{"query":"{ name }"}`))
		if got.status != 200 || !strings.HasPrefix(got.contentType, tc.want) || !strings.Contains(got.raw, "skillgraph") {
			t.Errorf("Accept %q: %d %q %s, want 200 %s", tc.accept, got.status, got.contentType, got.raw, tc.want)
		}
	}
	for _, accept := range []string{"text/html", "application/xml, text/plain", "application/json;q=0, application/graphql-response+json;q=0"} {
		got := send(t, newPost(t, gql, "application/json", accept, `{"query":"{ name }"}`))
		if got.status != http.StatusNotAcceptable || len(got.codes) != 1 || got.codes[0] != CodeBadRequest {
			t.Errorf("Accept %q: %d %s, want 406 BAD_REQUEST", accept, got.status, got.raw)
		}
	}
}

func TestGraphQLOverHTTPStatusCodes(t *testing.T) {
	endpoint := httptest.NewServer(New(Config{}, &flakyStore{}, gqlgenEndpoint(), quiet()).Handler())
	defer endpoint.Close()
	gql := endpoint.URL + "/graphql"
	const secret = "hunter2-do-not-echo"
	cases := []struct {
		name        string
		contentType string
		body        string
		jsonStatus  int // answered with application/json
		respStatus  int // answered with application/graphql-response+json
		code        string
	}{
		{"success", "application/json", `{"query":"{ name }"}`, 200, 200, ""},
		{"null parameters", "application/json", `{"query":"{ name }","variables":null,"operationName":null,"extensions":null}`, 200, 200, ""},
		{"empty operationName", "application/json", `{"query":"{ name }","operationName":""}`, 200, 200, ""},
		{"document parse failure", "application/json", `{"query":"{"}`, 200, 400, "GRAPHQL_PARSE_FAILED"},
		{"document validation failure", "application/json", `{"query":"{ nosuchfield }"}`, 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"variable coercion failure", "application/json", `{"query":"query Q($to: String!) { name(prefix: $to) }","variables":{"to":null}}`, 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown operation name", "application/json", `{"query":"query A { name }","operationName":"B"}`, 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"missing query", "application/json", `{"variables":{}}`, 400, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"empty query", "application/json", `{"query":""}`, 400, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"malformed JSON", "application/json", `{"query":"{ name }","password":"` + secret, 400, 400, CodeBadRequest},
		{"trailing garbage", "application/json", `{"query":"{ name }"} {"` + secret + `"}`, 400, 400, CodeBadRequest},
		{"empty body", "application/json", ``, 400, 400, CodeBadRequest},
		{"array body", "application/json", `[{"query":"{ name }"}]`, 400, 400, CodeBadRequest},
		{"string body", "application/json", `"{ name }"`, 400, 400, CodeBadRequest},
		{"null body", "application/json", `null`, 400, 400, CodeBadRequest},
		{"object query", "application/json", `{"query":{"obj":"ect"}}`, 400, 400, CodeBadRequest},
		{"number query", "application/json", `{"query":0}`, 400, 400, CodeBadRequest},
		{"string variables", "application/json", `{"query":"{ name }","variables":"string"}`, 400, 400, CodeBadRequest},
		{"array variables", "application/json", `{"query":"{ name }","variables":["array"]}`, 400, 400, CodeBadRequest},
		{"boolean extensions", "application/json", `{"query":"{ name }","extensions":false}`, 400, 400, CodeBadRequest},
		{"number operationName", "application/json", `{"query":"{ name }","operationName":0}`, 400, 400, CodeBadRequest},
		// Matched by gqlgen's case-insensitive decoding only: its message would quote the body.
		{"parameter of another case", "application/json", `{"query":"{ name }","Variables":"` + secret + `"}`, 400, 400, CodeBadRequest},
		{"no content type", "", `{"query":"{ name }"}`, 415, 415, CodeBadRequest},
		{"plain text", "text/plain;charset=UTF-8", `{"query":"{ name }"}`, 415, 415, CodeBadRequest},
		{"application/graphql", "application/graphql", `{ name }`, 415, 415, CodeBadRequest},
		{"latin-1 JSON", "application/json; charset=iso-8859-1", `{"query":"{ name }"}`, 415, 415, CodeBadRequest},
		{"explicit UTF-8 JSON", "application/json; charset=UTF-8", `{"query":"{ name }"}`, 200, 200, ""},
	}
	for _, tc := range cases {
		for _, accept := range []string{acceptJSON, acceptResponse} {
			want := tc.jsonStatus
			if accept == acceptResponse {
				want = tc.respStatus
			}
			got := send(t, newPost(t, gql, tc.contentType, accept, tc.body))
			if got.status != want {
				t.Errorf("%s (Accept %s): status %d, want %d: %s", tc.name, accept, got.status, want, got.raw)
			}
			if strings.Contains(got.raw, secret) {
				t.Errorf("%s (Accept %s): the response echoes the request: %s", tc.name, accept, got.raw)
			}
			if tc.code == "" {
				if !got.hasData || len(got.codes) != 0 {
					t.Errorf("%s (Accept %s): want data and no error: %s", tc.name, accept, got.raw)
				}
				continue
			}
			if got.hasData {
				t.Errorf("%s (Accept %s): a request error has a data entry: %s", tc.name, accept, got.raw)
			}
			if len(got.codes) == 0 || got.codes[0] != tc.code {
				t.Errorf("%s (Accept %s): codes %v, want %s: %s", tc.name, accept, got.codes, tc.code, got.raw)
			}
			if got.status >= 400 && got.status != 406 && !strings.HasPrefix(got.contentType, accept) {
				t.Errorf("%s (Accept %s): Content-Type %q", tc.name, accept, got.contentType)
			}
		}
	}
}

func TestGraphQLOverHTTPGetAndMethods(t *testing.T) {
	endpoint := httptest.NewServer(New(Config{}, &flakyStore{}, gqlgenEndpoint(), quiet()).Handler())
	defer endpoint.Close()
	gql := endpoint.URL + "/graphql"

	ok := send(t, newGet(t, gql, acceptResponse, map[string][]string{"query": {"query Q($to: String) { name(prefix: $to) }"},
		"variables": {`{"to":"x"}`}, "operationName": {""}, "extensions": {""}}))
	if ok.status != 200 || !strings.Contains(ok.raw, "skillgraph") || !strings.HasPrefix(ok.contentType, acceptResponse) {
		t.Errorf("GET query: %d %q %s", ok.status, ok.contentType, ok.raw)
	}
	for _, accept := range []string{acceptJSON, acceptResponse} {
		got := send(t, newGet(t, gql, accept, map[string][]string{"query": {`mutation { rename(to: "x") }`}}))
		if got.status != http.StatusMethodNotAllowed || got.allow != "POST" || got.hasData || len(got.codes) != 1 {
			t.Errorf("GET mutation (Accept %s): %d Allow %q %s, want 405 Allow POST", accept, got.status, got.allow, got.raw)
		}
	}
	for name, params := range map[string]url.Values{
		"missing query":        {},
		"variables not JSON":   {"query": {"{ name }"}, "variables": {"{"}},
		"variables an array":   {"query": {"{ name }"}, "variables": {"[1]"}},
		"extensions a string":  {"query": {"{ name }"}, "extensions": {`"x"`}},
		"parse failure (400)*": {"query": {"{"}},
	} {
		got := send(t, newGet(t, gql, acceptResponse, params))
		if got.status != http.StatusBadRequest || got.hasData || len(got.codes) == 0 {
			t.Errorf("GET %s: %d %s, want 400 without data", name, got.status, got.raw)
		}
	}
	if got := send(t, newGet(t, gql, acceptJSON, map[string][]string{"query": {"{"}})); got.status != 200 || got.hasData {
		t.Errorf("GET parse failure with application/json: %d %s, want 200 without data", got.status, got.raw)
	}
	malformed, _ := http.NewRequest(http.MethodGet, gql+"?query=%zz", nil)
	if got := send(t, malformed); got.status != http.StatusBadRequest {
		t.Errorf("malformed query string: %d %s", got.status, got.raw)
	}

	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		req, _ := http.NewRequest(method, gql, strings.NewReader(`{"query":"{ name }"}`))
		req.Header.Set("Content-Type", "application/json")
		got := send(t, req)
		if got.status != http.StatusMethodNotAllowed || !strings.Contains(got.allow, "POST") || !strings.Contains(got.allow, "GET") {
			t.Errorf("%s: %d Allow %q, want 405 allowing GET and POST", method, got.status, got.allow)
		}
	}
	req, _ := http.NewRequest(http.MethodOptions, gql, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Allow"), "POST") {
		t.Errorf("OPTIONS: %d Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

// A request without a query but with a persisted query's hash is let through: the hash stands
// for the query once the query has been sent with it.
func TestGraphQLOverHTTPKeepsPersistedQueries(t *testing.T) {
	endpoint := httptest.NewServer(New(Config{}, &flakyStore{}, gqlgenEndpoint(), quiet()).Handler())
	defer endpoint.Close()
	gql := endpoint.URL + "/graphql"
	const query = "{ name }"
	sum := sha256.Sum256([]byte(query))
	ext := `"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`

	unknown := send(t, newPost(t, gql, "application/json", "", `{`+ext+`}`))
	if unknown.status != 200 || len(unknown.codes) != 1 || unknown.codes[0] != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("hash before its query: %d %s, want 200 PERSISTED_QUERY_NOT_FOUND", unknown.status, unknown.raw)
	}
	if first := send(t, newPost(t, gql, "application/json", "", `{"query":"`+query+`",`+ext+`}`)); first.status != 200 || len(first.codes) != 0 {
		t.Fatalf("query with its hash: %d %s", first.status, first.raw)
	}
	for _, accept := range []string{acceptJSON, acceptResponse} {
		got := send(t, newPost(t, gql, "application/json", accept, `{`+ext+`}`))
		if got.status != 200 || len(got.codes) != 0 || !strings.Contains(got.raw, "skillgraph") {
			t.Errorf("hash alone (Accept %s): %d %s", accept, got.status, got.raw)
		}
	}
}

// The body limit still answers 413 when the conformance checks read the body.
func TestGraphQLOverHTTPKeepsTheBodyLimit(t *testing.T) {
	endpoint := httptest.NewServer(New(Config{MaxBodyBytes: 1 << 10}, &flakyStore{}, gqlgenEndpoint(), quiet()).Handler())
	defer endpoint.Close()
	big := `{"query":"{ name }","x":"` + strings.Repeat("a", 4<<10) + `"}`
	req := newPost(t, endpoint.URL+"/graphql", "application/json", "", "")
	req.Body = io.NopCloser(strings.NewReader(big))
	req.ContentLength = -1 // chunked: the limit trips while reading
	got := send(t, req)
	if got.status != http.StatusRequestEntityTooLarge || len(got.codes) != 1 || strings.Contains(got.raw, "aaaa") {
		t.Fatalf("chunked big body: %d %s", got.status, got.raw)
	}
}

// Successful responses go through as they are written, not buffered to the end.
func TestGraphQLOverHTTPStreamsSuccess(t *testing.T) {
	rec := httptest.NewRecorder()
	var seenWhileWriting string
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data":`)
		seenWhileWriting = rec.Body.String()
		io.WriteString(w, `{"name":"skillgraph"}}`)
	})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ name }"}`))
	req.Header.Set("Content-Type", "application/json")
	GraphQLOverHTTP(next).ServeHTTP(rec, req)
	if seenWhileWriting != `{"data":` {
		t.Errorf("success was buffered: the client had %q after the first write", seenWhileWriting)
	}
	if rec.Code != 200 || rec.Body.String() != `{"data":{"name":"skillgraph"}}` {
		t.Errorf("success changed: %d %q", rec.Code, rec.Body.String())
	}
}

// An error response that is not a GraphQL response (a proxy's, a panic page) is passed on
// unchanged.
func TestGraphQLOverHTTPLeavesOtherErrorsAlone(t *testing.T) {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
	})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ name }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	GraphQLOverHTTP(next).ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || rec.Body.String() != "upstream unavailable\n" {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestNegotiateIgnoresMalformedRanges(t *testing.T) {
	for _, tc := range []struct {
		accept []string
		want   string
		ok     bool
	}{
		{nil, acceptJSON, true},
		{[]string{"application/graphql-response+json;q=abc, application/json"}, acceptJSON, true},
		{[]string{";;;", "application/graphql-response+json"}, acceptResponse, true},
		{[]string{"application/json;q=2"}, "", false},
	} {
		got, ok := negotiate(tc.accept)
		if got != tc.want || ok != tc.ok {
			t.Errorf("negotiate(%q) = %q, %v; want %q, %v", tc.accept, got, ok, tc.want, tc.ok)
		}
	}
}
