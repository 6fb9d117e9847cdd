// Command loadtest is a closed-loop load generator for the GraphQL endpoint: -c clients each
// send one query, wait for the answer and send the next, for -d after a -warmup. Every answer
// must be HTTP 200 without GraphQL errors; failures are counted apart from the latencies.
//
//	loadtest -url http://127.0.0.1:8080/graphql -query '{ __typename }' -name ceiling
//	loadtest -url ... -file q.graphql -vars '{"key":"x"}' -metrics http://127.0.0.1:8080/metrics
//	loadtest -url ... -file q.graphql -header "Authorization: Bearer $TOKEN"
//	loadtest -table results.jsonl   print the Markdown table of earlier runs' JSON lines
//
// It prints one line of JSON on stdout and a human line on stderr. With -metrics it scrapes
// the server's Prometheus metrics before and after the measured window, which clients leave
// idle, and reports store calls and store time per request, overall and per store method.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The server's histograms (server/metrics.go).
const (
	storeMetric    = "skillgraph_store_duration_seconds"
	databaseMetric = "skillgraph_database_duration_seconds" // calls that reach Neo4j under the catalogue in memory
	requestMetric  = "skillgraph_http_request_duration_seconds"
)

type config struct {
	url      string
	clients  int
	duration time.Duration
	warmup   time.Duration
	timeout  time.Duration
	body     []byte
	name     string
	store    string
	metrics  string
	headers  http.Header
}

// headerFlags collects repeated -header "Name: value" flags.
type headerFlags http.Header

func (h headerFlags) String() string { return "" }

func (h headerFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("want \"Name: value\", got %q", s)
	}
	http.Header(h).Add(strings.TrimSpace(name), strings.TrimSpace(value))
	return nil
}

func main() {
	var (
		cfg               config
		query, file, vars string
		table             string
	)
	flag.StringVar(&cfg.url, "url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
	flag.IntVar(&cfg.clients, "c", 16, "concurrent clients")
	flag.DurationVar(&cfg.duration, "d", 10*time.Second, "measured duration")
	flag.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "unmeasured warm-up before the measured window")
	flag.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "per-request timeout")
	flag.StringVar(&query, "query", "", "the GraphQL document, inline")
	flag.StringVar(&file, "file", "", "a file holding the GraphQL document")
	flag.StringVar(&vars, "vars", "", "variables, a JSON object")
	flag.StringVar(&cfg.name, "name", "", "scenario name for the report (default: the document, shortened)")
	flag.StringVar(&cfg.store, "store", "", "store label for the report, e.g. embedded or neo4j")
	flag.StringVar(&cfg.metrics, "metrics", "", "Prometheus /metrics URL of the server, for store calls per request")
	cfg.headers = http.Header{}
	flag.Var(headerFlags(cfg.headers), "header", "a request header, \"Name: value\" (repeatable), e.g. an Authorization header")
	flag.StringVar(&table, "table", "", "print the Markdown table of a file of JSON result lines and exit (non-zero when any run had errors)")
	flag.Parse()

	if table != "" {
		failed, err := printTable(os.Stdout, table)
		if err != nil {
			fatal(err)
		}
		if failed {
			os.Exit(1)
		}
		return
	}
	if err := cfg.setBody(query, file, vars); err != nil {
		fatal(err)
	}
	if cfg.clients < 1 || cfg.duration <= 0 || cfg.warmup < 0 {
		fatal(errors.New("-c must be at least 1, -d positive and -warmup not negative"))
	}
	res, err := run(context.Background(), cfg)
	if err != nil {
		fatal(err)
	}
	line, err := json.Marshal(res)
	if err != nil {
		fatal(err)
	}
	fmt.Println(string(line))
	fmt.Fprintln(os.Stderr, res.human())
	if res.Errors > 0 {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "loadtest:", err)
	os.Exit(2)
}

func (c *config) setBody(query, file, vars string) error {
	switch {
	case query != "" && file != "":
		return errors.New("give -query or -file, not both")
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		query = string(b)
	case query == "":
		return errors.New("give the GraphQL document with -query or -file")
	}
	req := map[string]any{"query": query}
	if vars != "" {
		var v map[string]any
		if err := json.Unmarshal([]byte(vars), &v); err != nil {
			return fmt.Errorf("-vars: %w", err)
		}
		req["variables"] = v
	}
	if c.name == "" {
		c.name = shorten(strings.Join(strings.Fields(query), " "), 40)
	}
	var err error
	c.body, err = json.Marshal(req)
	return err
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// result is one run, the JSON line.
type result struct {
	Store       string  `json:"store,omitempty"`
	Name        string  `json:"name"`
	Clients     int     `json:"clients"`
	Seconds     float64 `json:"seconds"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"firstError,omitempty"`
	RPS         float64 `json:"rps"`
	P50ms       float64 `json:"p50ms"`
	P90ms       float64 `json:"p90ms"`
	P99ms       float64 `json:"p99ms"`
	MaxMs       float64 `json:"maxMs"`
	MeanMs      float64 `json:"meanMs"`
	ResponseLen int     `json:"responseBytes"`
	// With -metrics: deltas over the measured window divided by the requests sent in it.
	StoreCallsPerReq *float64                `json:"storeCallsPerRequest,omitempty"`
	StoreMsPerReq    *float64                `json:"storeMsPerRequest,omitempty"`
	ServerMsPerReq   *float64                `json:"serverMsPerRequest,omitempty"`
	StoreMethods     map[string]methodFigure `json:"storeMethods,omitempty"`
	// DatabaseCallsPerReq: the store calls that reached the database (Neo4j with the catalogue
	// in memory); absent when the server reports none (the embedded store).
	DatabaseCallsPerReq *float64 `json:"databaseCallsPerRequest,omitempty"`
}

// methodFigure is one store method's share of a request.
type methodFigure struct {
	CallsPerReq float64 `json:"callsPerRequest"`
	MeanMs      float64 `json:"meanMs"`
}

func (r result) human() string {
	s := fmt.Sprintf("%s%s: %d requests, %d errors in %.1fs at c=%d: %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms",
		prefix(r.Store), r.Name, r.Requests, r.Errors, r.Seconds, r.Clients, r.RPS, r.P50ms, r.P90ms, r.P99ms, r.MaxMs)
	if r.StoreCallsPerReq != nil {
		s += fmt.Sprintf("; %.2f store calls and %.2f ms store time per request, %.2f ms in the server", *r.StoreCallsPerReq, *r.StoreMsPerReq, *r.ServerMsPerReq)
		if r.DatabaseCallsPerReq != nil {
			s += fmt.Sprintf(", %.2f reaching the database", *r.DatabaseCallsPerReq)
		}
		names := slices.Sorted(maps.Keys(r.StoreMethods))
		var parts []string
		for _, m := range names {
			f := r.StoreMethods[m]
			parts = append(parts, fmt.Sprintf("%s %.2f×%.2f ms", m, f.CallsPerReq, f.MeanMs))
		}
		if len(parts) > 0 {
			s += " (" + strings.Join(parts, ", ") + ")"
		}
	}
	if r.FirstError != "" {
		s += "; first error: " + r.FirstError
	}
	return s
}

func prefix(store string) string {
	if store == "" {
		return ""
	}
	return store + " "
}

// run warms up, then measures. Each phase ends only when every client has its last answer, so
// the metrics scraped between phases hold exactly the measured requests' store calls.
func run(ctx context.Context, cfg config) (result, error) {
	client := &http.Client{
		Timeout: cfg.timeout,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.clients,
			MaxIdleConnsPerHost: cfg.clients,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true, // the server's work, not gzip's, is what is measured
		},
	}
	if cfg.warmup > 0 {
		if w := phase(ctx, client, cfg, cfg.warmup); len(w.latencies) == 0 && w.errors > 0 {
			return result{}, fmt.Errorf("every warm-up request failed: %s", w.firstError)
		}
	}
	var before metrics
	if cfg.metrics != "" {
		var err error
		if before, err = scrape(ctx, client, cfg.metrics); err != nil {
			return result{}, err
		}
	}
	start := time.Now()
	p := phase(ctx, client, cfg, cfg.duration)
	elapsed := time.Since(start)

	res := result{
		Store:       cfg.store,
		Name:        cfg.name,
		Clients:     cfg.clients,
		Seconds:     round(elapsed.Seconds(), 3),
		Requests:    len(p.latencies) + p.errors,
		Errors:      p.errors,
		FirstError:  p.firstError,
		ResponseLen: p.responseLen,
	}
	res.RPS = round(float64(res.Requests)/elapsed.Seconds(), 1)
	if n := len(p.latencies); n > 0 {
		slices.Sort(p.latencies)
		var sum time.Duration
		for _, d := range p.latencies {
			sum += d
		}
		res.P50ms = ms(quantile(p.latencies, 0.50))
		res.P90ms = ms(quantile(p.latencies, 0.90))
		res.P99ms = ms(quantile(p.latencies, 0.99))
		res.MaxMs = ms(p.latencies[n-1])
		res.MeanMs = ms(sum / time.Duration(n))
	}
	if cfg.metrics != "" && res.Requests > 0 {
		after, err := scrape(ctx, client, cfg.metrics)
		if err != nil {
			return result{}, err
		}
		res.addMetrics(before, after)
	}
	return res, nil
}

// quantile is the nearest-rank quantile of sorted samples.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

type phaseResult struct {
	latencies   []time.Duration // successful requests only
	errors      int
	firstError  string
	responseLen int
}

// phase runs the clients until d has passed, each finishing the request it has in flight.
func phase(ctx context.Context, client *http.Client, cfg config, d time.Duration) phaseResult {
	deadline := time.Now().Add(d)
	results := make([]phaseResult, cfg.clients)
	var wg sync.WaitGroup
	for i := range results {
		wg.Go(func() {
			r := &results[i]
			// A full run at loopback speed stays in the hundreds of thousands of samples.
			r.latencies = make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) {
				t0 := time.Now()
				n, err := post(ctx, client, cfg.url, cfg.body, cfg.headers)
				lat := time.Since(t0)
				if err != nil {
					if r.errors == 0 {
						r.firstError = err.Error()
					}
					r.errors++
					continue
				}
				r.responseLen = n
				r.latencies = append(r.latencies, lat)
			}
		})
	}
	wg.Wait()
	var all phaseResult
	for _, r := range results {
		all.latencies = append(all.latencies, r.latencies...)
		all.errors += r.errors
		if all.firstError == "" {
			all.firstError = r.firstError
		}
		all.responseLen = max(all.responseLen, r.responseLen)
	}
	return all
}

// post sends one GraphQL request and checks the answer, returning its size.
func post(ctx context.Context, client *http.Client, url string, body []byte, headers http.Header) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for name, values := range headers {
		req.Header[name] = values
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	// Read to the end so that the connection is reused.
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("HTTP %d: %s", resp.StatusCode, shorten(string(data), 200))
	}
	var answer struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return 0, fmt.Errorf("answer is not JSON: %w", err)
	}
	if len(answer.Errors) > 0 {
		return 0, fmt.Errorf("GraphQL errors: %s", shorten(string(answer.Errors[0]), 200))
	}
	if len(answer.Data) == 0 || string(answer.Data) == "null" {
		return 0, errors.New("answer without data")
	}
	return len(data), nil
}

// metrics holds the histogram series the report needs: "name_count{labels}" -> value.
type metrics map[string]float64

func scrape(ctx context.Context, client *http.Client, url string) (metrics, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("scrape metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("scrape metrics: HTTP %d", resp.StatusCode)
	}
	m := metrics{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, storeMetric) && !strings.HasPrefix(line, requestMetric) && !strings.HasPrefix(line, databaseMetric) {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		if !ok || strings.Contains(series, "_bucket") {
			continue
		}
		// A sample may carry a timestamp after the value.
		value, _, _ = strings.Cut(value, " ")
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			return nil, fmt.Errorf("scrape metrics: %q: %w", line, err)
		}
		m[series] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("scrape metrics: %w", err)
	}
	return m, nil
}

// label returns the value of label name in a series such as `x_count{method="Get"}`.
func label(series, name string) string {
	_, rest, ok := strings.Cut(series, name+`="`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

func (r *result) addMetrics(before, after metrics) {
	n := float64(r.Requests)
	delta := func(series string) float64 { return after[series] - before[series] }
	var calls, seconds float64
	r.StoreMethods = map[string]methodFigure{}
	for series := range after {
		method, ok := strings.CutPrefix(series, storeMetric+"_count")
		if !ok {
			continue
		}
		c := delta(series)
		if c == 0 {
			continue
		}
		s := delta(storeMetric + "_sum" + method)
		calls += c
		seconds += s
		r.StoreMethods[label(method, "method")] = methodFigure{
			CallsPerReq: round(c/n, 3),
			MeanMs:      round(s/c*1000, 3),
		}
	}
	callsPerReq, storeMs := round(calls/n, 3), round(seconds/n*1000, 3)
	r.StoreCallsPerReq, r.StoreMsPerReq = &callsPerReq, &storeMs
	var dbCalls float64
	seen := false
	for series := range after {
		if strings.HasPrefix(series, databaseMetric+"_count") {
			seen = true
			dbCalls += delta(series)
		}
	}
	if seen {
		perReq := round(dbCalls/n, 3)
		r.DatabaseCallsPerReq = &perReq
	}
	var served, servedSeconds float64
	for series := range after {
		if strings.HasPrefix(series, requestMetric+"_count") && label(series, "path") == "/graphql" {
			served += delta(series)
			servedSeconds += delta(strings.Replace(series, "_count", "_sum", 1))
		}
	}
	serverMs := 0.0
	if served > 0 {
		serverMs = round(servedSeconds/served*1000, 3)
	}
	r.ServerMsPerReq = &serverMs
}

// printTable renders JSON result lines as a Markdown table and says whether any run failed.
func printTable(w io.Writer, path string) (failed bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	var rows []result
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var r result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return false, fmt.Errorf("%s: %w", path, err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	fmt.Fprintln(w, "| store | scenario | req/s | p50 ms | p99 ms | store calls/request | database calls/request | errors |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
	perReq := func(v *float64) string {
		if v == nil {
			return "n/a"
		}
		return strconv.FormatFloat(*v, 'f', 2, 64)
	}
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %.0f | %.2f | %.2f | %s | %s | %d |\n", r.Store, r.Name, r.RPS, r.P50ms, r.P99ms,
			perReq(r.StoreCallsPerReq), perReq(r.DatabaseCallsPerReq), r.Errors)
		failed = failed || r.Errors > 0
	}
	return failed, nil
}
