package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// flakyStore is a store whose Ping fails while down is set.
type flakyStore struct {
	graph.Store
	down atomic.Bool
}

func (f *flakyStore) Ping(ctx context.Context) error {
	if f.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

// echo is a stand-in GraphQL endpoint: it reads the body and answers with a fixed result.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.ReadAll(r.Body); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if r.URL.Query().Get("panic") != "" {
		panic("boom in resolver")
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"data":{"__typename":"Query"}}`)
})

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func start(t *testing.T, cfg Config, st graph.Store) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(New(cfg, st, echo, quiet()).Handler())
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func errorCode(t *testing.T, body string) string {
	t.Helper()
	var v struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || len(v.Errors) == 0 {
		t.Fatalf("not a GraphQL error body: %q (%v)", body, err)
	}
	return v.Errors[0].Extensions.Code
}

func TestHealthAndReadiness(t *testing.T) {
	st := &flakyStore{}
	ts := start(t, Config{}, st)
	if code, _ := get(t, ts.URL+"/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	if code, _ := get(t, ts.URL+"/readyz"); code != 200 {
		t.Fatalf("readyz up: %d", code)
	}
	st.down.Store(true)
	code, body := get(t, ts.URL+"/readyz")
	if code != 503 || !strings.Contains(body, "store unavailable") || strings.Contains(body, "connection refused") {
		t.Fatalf("readyz down: %d %q", code, body)
	}
	if code, _ := get(t, ts.URL+"/healthz"); code != 200 {
		t.Fatalf("healthz while store down: %d", code)
	}
	st.down.Store(false)
	if code, _ := get(t, ts.URL+"/readyz"); code != 200 {
		t.Fatalf("readyz recovered: %d", code)
	}
}

func TestGraphiQLAndGraphQL(t *testing.T) {
	ts := start(t, Config{}, &flakyStore{})
	code, body := get(t, ts.URL+"/graphiql")
	if code != 200 || !strings.Contains(body, "graphiql") || strings.Contains(body, "https://") {
		t.Fatalf("GraphiQL page: %d %q", code, body)
	}
	res, body := post(t, ts.URL+"/graphql", `{"query":"{__typename}"}`)
	if res.StatusCode != 200 || !strings.Contains(body, "Query") {
		t.Fatalf("graphql: %d %q", res.StatusCode, body)
	}
}

func TestMetrics(t *testing.T) {
	ts := start(t, Config{}, InstrumentStore(&flakyStore{}))
	get(t, ts.URL+"/readyz")
	ObserveError("NOT_FOUND")
	code, body := get(t, ts.URL+"/metrics")
	if code != 200 {
		t.Fatalf("metrics: %d", code)
	}
	for _, want := range []string{
		`skillgraph_http_requests_total{code="200",path="/readyz"}`,
		`skillgraph_http_request_duration_seconds_bucket{path="/readyz"`,
		`skillgraph_graphql_errors_total{code="NOT_FOUND"}`,
		`skillgraph_store_duration_seconds_count{method="Ping"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestCORS(t *testing.T) {
	ts := start(t, Config{CORSOrigins: []string{"https://app.example"}}, &flakyStore{})
	preflight := func(origin string) string { return preflightFrom(t, ts.URL, origin) }
	if got := preflight("https://app.example"); got != "https://app.example" {
		t.Errorf("allowlisted origin: Access-Control-Allow-Origin %q", got)
	}
	if got := preflight("https://evil.example"); got != "" {
		t.Errorf("other origin: Access-Control-Allow-Origin %q", got)
	}
	// With no origins configured, none is allowed (not every one).
	none := start(t, Config{}, &flakyStore{})
	if got := preflightFrom(t, none.URL, "https://evil.example"); got != "" {
		t.Errorf("no origins configured: Access-Control-Allow-Origin %q", got)
	}
}

// preflightFrom sends a CORS preflight for a POST with a bearer token from origin and
// returns the Access-Control-Allow-Origin it gets.
func preflightFrom(t *testing.T, base, origin string) string {
	t.Helper()
	{
		req, _ := http.NewRequest(http.MethodOptions, base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.Header.Get("Access-Control-Allow-Origin")
	}
}

func TestBodyLimit(t *testing.T) {
	ts := start(t, Config{MaxBodyBytes: 1 << 10}, &flakyStore{})
	big := `{"query":"{__typename}","x":"` + strings.Repeat("a", 4<<10) + `"}`
	res, body := post(t, ts.URL+"/graphql", big)
	if res.StatusCode != http.StatusRequestEntityTooLarge || errorCode(t, body) == "" {
		t.Fatalf("big body: %d %q", res.StatusCode, body)
	}
	// Without a Content-Length, the limit applies while reading.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if r2.StatusCode != http.StatusRequestEntityTooLarge || errorCode(t, string(b2)) == "" {
		t.Fatalf("chunked big body: %d %q", r2.StatusCode, b2)
	}
	if res, _ := post(t, ts.URL+"/graphql", `{"query":"{__typename}"}`); res.StatusCode != 200 {
		t.Fatalf("after big body: %d", res.StatusCode)
	}
}

func TestPanicRecovery(t *testing.T) {
	ts := start(t, Config{}, &flakyStore{})
	res, body := post(t, ts.URL+"/graphql?panic=1", `{"query":"{__typename}"}`)
	if errorCode(t, body) != "INTERNAL" || strings.Contains(body, "boom") || strings.Contains(body, "goroutine") {
		t.Fatalf("panic: %d %q", res.StatusCode, body)
	}
	if res, _ := post(t, ts.URL+"/graphql", `{"query":"{__typename}"}`); res.StatusCode != 200 {
		t.Fatalf("after panic: %d", res.StatusCode)
	}
}

// closeSignal is a listener that says when it is closed: a shutdown starts by closing it.
type closeSignal struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func (l *closeSignal) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// TestGracefulShutdown cancels Serve while a request is in flight, and checks that the request
// is answered, Serve returns, and nothing is served after. The handler answers only once the
// shutdown has closed the listener, so the request is in flight throughout the shutdown.
func TestGracefulShutdown(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &closeSignal{Listener: inner, closed: make(chan struct{})}
	entered := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-ln.closed
		echo(w, r)
	})
	s := New(Config{ShutdownTimeout: time.Minute}, &flakyStore{}, slow, quiet())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	type result struct {
		code int
		body string
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{__typename}"}`))
		if err != nil {
			inflight <- result{err: err}
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		inflight <- result{code: res.StatusCode, body: string(b)}
	}()
	select {
	case <-entered:
	case r := <-inflight:
		t.Fatalf("request ended before the handler ran: %+v", r)
	}
	cancel()
	r := <-inflight
	if r.err != nil || r.code != 200 || !strings.Contains(r.body, "Query") {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

func TestRequestTimeout(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := r.Context().Deadline(); !ok {
			io.WriteString(w, "no deadline")
			return
		}
		<-r.Context().Done()
		io.WriteString(w, r.Context().Err().Error())
	})
	ts := httptest.NewServer(New(Config{RequestTimeout: 50 * time.Millisecond}, &flakyStore{}, h, quiet()).Handler())
	defer ts.Close()
	_, body := post(t, ts.URL+"/graphql", `{"query":"{ __typename }"}`)
	if body != context.DeadlineExceeded.Error() {
		t.Fatalf("request context: %q", body)
	}
}
