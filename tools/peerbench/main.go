// Command peerbench measures skillgraph against @neo4j/graphql, the generic GraphQL layer for
// Neo4j, on the same Neo4j database: it starts its own Neo4j, imports the full ESCO export and
// the demo dataset, serves the graph through skillgraph and through @neo4j/graphql on
// graphql-yoga (peer.mjs, typedefs.graphql), checks that both answer each paired query with the
// same data, then runs alternating rounds of closed-loop load (tools/loadtest) and prints a
// Markdown table. Run it from the repository root, or through tools/peerbench/run.sh:
//
//	go run ./tools/peerbench [-rounds 3] [-c 8] [-d 10s] [-warmup 2s] [-prime 5s]
//	go run ./tools/peerbench -neo4j-uri bolt://127.0.0.1:7711   reuse a Neo4j already imported
//
// Every flag has an environment default (ROUNDS, CLIENTS, DURATION, WARMUP, PRIME, ESCO_DATA,
// RESULTS, QUERIES, PEER_NEO4J_URI). It exits non-zero when the servers disagree or any request
// failed.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type options struct {
	rounds         int
	clients        int
	duration       time.Duration
	warmup         time.Duration
	prime          time.Duration
	escoDir        string
	results        string
	only           string
	neo4jURI       string
	queriesDir     string
	repo, peerDir  string
	work           string
	skillgraph     string // binary
	loadtest       string // binary
	token          string
	calls          map[string]float64 // "query/server": Neo4j calls of one request
	sgURL, peerURL string             // base URLs
}

func main() {
	var o options
	flag.IntVar(&o.rounds, "rounds", envInt("ROUNDS", 3), "measured rounds; the table gives the median")
	flag.IntVar(&o.clients, "c", envInt("CLIENTS", 8), "concurrent connections")
	flag.DurationVar(&o.duration, "d", envDuration("DURATION", 10*time.Second), "measured duration per query, server and round")
	flag.DurationVar(&o.warmup, "warmup", envDuration("WARMUP", 2*time.Second), "unmeasured warm-up before each measurement")
	flag.DurationVar(&o.prime, "prime", envDuration("PRIME", 5*time.Second), "one priming pass per query and server before the rounds (the JVM compiles hot paths under load)")
	flag.StringVar(&o.escoDir, "esco", os.Getenv("ESCO_DATA"), "directory of the official ESCO zips (default ../shared/data/esco-official beside the repository)")
	flag.StringVar(&o.results, "results", os.Getenv("RESULTS"), "a file to keep the JSON result lines in")
	flag.StringVar(&o.only, "queries", os.Getenv("QUERIES"), "comma-separated query names to run (default all)")
	flag.StringVar(&o.neo4jURI, "neo4j-uri", os.Getenv("PEER_NEO4J_URI"), "use this Neo4j, already holding ESCO and the demo, instead of starting and importing one")
	flag.Parse()
	if o.rounds < 1 || o.clients < 1 || o.duration <= 0 {
		fatal(errors.New("-rounds and -c must be at least 1, -d positive"))
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var procs processes
	err := run(ctx, &o, &procs)
	procs.stopAll()
	if o.work != "" {
		os.RemoveAll(o.work)
	}
	if err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "peerbench:", err)
	os.Exit(1)
}

func run(ctx context.Context, o *options, procs *processes) error {
	if err := o.locate(); err != nil {
		return err
	}
	qs, err := selectQueries(o.only)
	if err != nil {
		return err
	}
	if o.work, err = os.MkdirTemp("", "skillgraph-peerbench-"); err != nil {
		return err
	}
	started := time.Now()

	logf("building skillgraph and the load generator")
	o.skillgraph, o.loadtest = filepath.Join(o.work, "skillgraph"), filepath.Join(o.work, "loadtest")
	if err := o.command(ctx, o.repo, "go", "build", "-o", o.skillgraph, "./cmd/skillgraph").Run(); err != nil {
		return fmt.Errorf("go build ./cmd/skillgraph: %w", err)
	}
	if err := o.command(ctx, o.repo, "go", "build", "-o", o.loadtest, "./tools/loadtest").Run(); err != nil {
		return fmt.Errorf("go build ./tools/loadtest: %w", err)
	}
	if err := o.npmCI(ctx); err != nil {
		return err
	}

	if o.neo4jURI == "" {
		neo, err := startNeo4j(ctx, o, procs)
		if err != nil {
			return err
		}
		if err := o.importData(ctx); err != nil {
			return err
		}
		logf("waiting for Neo4j to go idle after the import")
		waitIdle(ctx, neo.cmd.Process.Pid)
	}

	if err := startServers(ctx, o, procs); err != nil {
		return err
	}
	if err := checkSameData(ctx, o, qs); err != nil {
		return err
	}

	if o.prime > 0 {
		logf("priming every query on both servers for %s", o.prime)
		for _, q := range qs {
			for _, s := range q.servers() {
				if _, err := o.load(ctx, q, s, o.prime, 0); err != nil {
					return err
				}
			}
		}
	}

	var results []measurement
	for r := range o.rounds {
		logf("round %d of %d", r+1, o.rounds)
		for i, q := range qs {
			servers := q.servers()
			if (r+i)%2 == 1 {
				slices.Reverse(servers)
			}
			for _, s := range servers {
				m, err := o.load(ctx, q, s, o.duration, o.warmup)
				if err != nil {
					return err
				}
				m.Round = r + 1
				results = append(results, m)
			}
		}
	}
	if err := o.keep(results); err != nil {
		return err
	}

	fmt.Printf("\n%d rounds; per query and server %d connections for %s after a %s warm-up (and a %s priming pass); whole run %s\n\n",
		o.rounds, o.clients, o.duration, o.warmup, o.prime, time.Since(started).Round(time.Second))
	printTable(os.Stdout, o, qs, results)
	for _, m := range results {
		if m.Errors > 0 {
			return fmt.Errorf("%s on %s, round %d: %d requests failed; first: %s", m.Query, m.Server, m.Round, m.Errors, m.FirstError)
		}
	}
	return nil
}

// locate finds the repository (the working directory) and the ESCO data.
func (o *options) locate() error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	o.repo = wd
	o.peerDir = filepath.Join(wd, "tools", "peerbench")
	o.queriesDir = filepath.Join(o.peerDir, "queries")
	if _, err := os.Stat(filepath.Join(o.peerDir, "peer.mjs")); err != nil {
		return errors.New("run from the repository root (or use tools/peerbench/run.sh)")
	}
	if o.neo4jURI != "" {
		return nil
	}
	if o.escoDir == "" {
		o.escoDir = filepath.Join(wd, "..", "shared", "data", "esco-official")
	}
	zips, _ := filepath.Glob(filepath.Join(o.escoDir, "*.zip"))
	if len(zips) == 0 {
		return fmt.Errorf("no ESCO zips in %s (set ESCO_DATA or -esco)", o.escoDir)
	}
	return nil
}

// childEnv is the environment of every child: without the store settings the parent may carry,
// so that only flags choose the store.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NEO4J_") || strings.HasPrefix(kv, "SKILLGRAPH_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// command runs in dir with its output on stderr (progress for the reader, not the table).
func (o *options) command(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, name, args...)
	c.Dir, c.Env, c.Stdout, c.Stderr = dir, childEnv(), os.Stderr, os.Stderr
	return c
}

// npmCI installs the peer's pinned packages when they are missing or older than the lock file.
func (o *options) npmCI(ctx context.Context) error {
	lock, err := os.Stat(filepath.Join(o.peerDir, "package-lock.json"))
	if err != nil {
		return err
	}
	installed, err := os.Stat(filepath.Join(o.peerDir, "node_modules", ".package-lock.json"))
	if err == nil && !installed.ModTime().Before(lock.ModTime()) {
		return nil
	}
	logf("installing the peer's packages (npm ci)")
	if err := o.command(ctx, o.peerDir, "npm", "ci", "--no-audit", "--no-fund").Run(); err != nil {
		return fmt.Errorf("npm ci in tools/peerbench: %w", err)
	}
	return nil
}

func (o *options) importData(ctx context.Context) error {
	zips, _ := filepath.Glob(filepath.Join(o.escoDir, "*.zip"))
	logf("importing ESCO into %s", o.neo4jURI)
	t0 := time.Now()
	args := append([]string{"--neo4j-uri", o.neo4jURI, "import", "esco"}, zips...)
	if err := o.command(ctx, o.work, o.skillgraph, args...).Run(); err != nil {
		return fmt.Errorf("import esco: %w", err)
	}
	logf("ESCO imported in %s; importing the demo dataset", time.Since(t0).Round(time.Second))
	if err := o.command(ctx, o.work, o.skillgraph, "--neo4j-uri", o.neo4jURI, "import", "demo").Run(); err != nil {
		return fmt.Errorf("import demo: %w", err)
	}
	return nil
}

func startServers(ctx context.Context, o *options, procs *processes) error {
	secret := filepath.Join(o.work, "dev.secret")
	sgPort, err := freePort()
	if err != nil {
		return err
	}
	o.sgURL = fmt.Sprintf("http://127.0.0.1:%d", sgPort)
	sg, err := procs.start(ctx, "skillgraph", o.work, filepath.Join(o.work, "skillgraph.log"), 15*time.Second, childEnv(),
		o.skillgraph, "--neo4j-uri", o.neo4jURI, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", sgPort), "--no-demo",
		"--dev-secret", secret, "--keys", filepath.Join(o.work, "keys.json"))
	if err != nil {
		return err
	}
	if err := sg.waitFor(ctx, time.Minute, func() bool { return httpOK(o.sgURL + "/readyz") }); err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, o.skillgraph, "--neo4j-uri", o.neo4jURI, "token", "--role", "admin", "--dev-secret", secret).Output()
	if err != nil {
		return fmt.Errorf("skillgraph token: %w", err)
	}
	o.token = strings.TrimSpace(string(out))
	logf("skillgraph serving at %s", o.sgURL)

	peerPort, err := freePort()
	if err != nil {
		return err
	}
	o.peerURL = fmt.Sprintf("http://127.0.0.1:%d", peerPort)
	peer, err := procs.start(ctx, "the @neo4j/graphql peer", o.peerDir, filepath.Join(o.work, "peer.log"), 15*time.Second,
		childEnv("NEO4J_URI="+o.neo4jURI, "PORT="+strconv.Itoa(peerPort), "NODE_ENV=production"), "node", "peer.mjs")
	if err != nil {
		return err
	}
	if err := peer.waitFor(ctx, time.Minute, func() bool { return logHas(peer.log, "PEER READY") }); err != nil {
		return err
	}
	logf("@neo4j/graphql serving at %s", o.peerURL)
	return nil
}

// measurement is one loadtest run: its JSON line plus where it ran.
type measurement struct {
	Query      string  `json:"query"`
	Server     string  `json:"server"`
	Round      int     `json:"round"`
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	FirstError string  `json:"firstError,omitempty"`
	RPS        float64 `json:"rps"`
	P50ms      float64 `json:"p50ms"`
	P99ms      float64 `json:"p99ms"`
}

// load runs the load generator on one query and server.
func (o *options) load(ctx context.Context, q query, server string, d, warmup time.Duration) (measurement, error) {
	file, url := q.file(o, server), o.url(server)+"/graphql"
	args := []string{"-url", url, "-file", file, "-name", q.name, "-store", server,
		"-c", strconv.Itoa(o.clients), "-d", d.String(), "-warmup", warmup.String()}
	if server == skillgraph && q.auth {
		args = append(args, "-header", "Authorization: Bearer "+o.token)
	}
	c := exec.CommandContext(ctx, o.loadtest, args...)
	c.Stderr = os.Stderr
	out, err := c.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: some requests failed
		return measurement{}, fmt.Errorf("loadtest %s on %s: %w", q.name, server, err)
	}
	var r struct {
		Requests   int     `json:"requests"`
		Errors     int     `json:"errors"`
		FirstError string  `json:"firstError"`
		RPS        float64 `json:"rps"`
		P50ms      float64 `json:"p50ms"`
		P99ms      float64 `json:"p99ms"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		return measurement{}, fmt.Errorf("loadtest %s on %s: %w", q.name, server, err)
	}
	return measurement{Query: q.name, Server: server, Requests: r.Requests, Errors: r.Errors, FirstError: r.FirstError,
		RPS: r.RPS, P50ms: r.P50ms, P99ms: r.P99ms}, nil
}

func (o *options) url(server string) string {
	if server == peer {
		return o.peerURL
	}
	return o.sgURL
}

// neo4jCalls reads a server's count of Neo4j calls so far from its metrics: the Cypher
// queries of the peer; for skillgraph, the store calls that reached the database (with the
// catalogue in memory), or every store call when it reports none (each one transaction).
func neo4jCalls(server, base string) (float64, error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	prefixes := []string{"skillgraph_database_duration_seconds_count", "skillgraph_store_duration_seconds_count"}
	if server == peer {
		prefixes = []string{"peer_cypher_queries_total"}
	}
	totals := make([]float64, len(prefixes)) // a server that has made no call yet has no series: 0
	seen := make([]bool, len(prefixes))
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for i, prefix := range prefixes {
			if !strings.HasPrefix(line, prefix) {
				continue
			}
			fields := strings.Fields(line)
			v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
			if err != nil {
				return 0, fmt.Errorf("%s metrics: %q: %w", server, line, err)
			}
			totals[i] += v
			seen[i] = true
		}
	}
	for i := range prefixes {
		if seen[i] {
			return totals[i], sc.Err()
		}
	}
	return 0, sc.Err()
}

func (o *options) keep(results []measurement) error {
	if o.results == "" {
		return nil
	}
	f, err := os.Create(o.results)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	for _, m := range results {
		if err := enc.Encode(m); err != nil {
			f.Close()
			return err
		}
	}
	return f.Close()
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "== "+format+"\n", args...)
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// median of the values, 0 for none.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.SortFunc(s, cmp.Compare)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
