// Command replicas runs skillgraph as several stateless processes over one Neo4j and checks
// that they behave as one service. On loopback it starts Neo4j (tools/neo4j), loads the demo,
// starts three `skillgraph serve` processes sharing one key-encryption key, and puts a small
// round-robin reverse proxy in front of them. It then runs bounded mixed traffic (catalogue
// reads, searches, personal reads, candidate rankings, learner creations) through the proxy
// with 1, 2 and 3 processes in rotation and prints the throughput of each; runs it once more
// with 3 while it kills one process with SIGKILL and starts it again; and checks that:
//
//   - no acknowledged write is lost (every learner whose creation was answered is there);
//   - a badge issued through one process verifies through the others;
//   - a key rotated through one process is published and used by the others;
//   - a revocation through one process fails the badge through the others on their next request;
//   - a write through one process is read through another on the client's next request, which
//     sends back the X-Skillgraph-Bookmark header the write answered.
//
// It exits 1 when a check fails.
//
//	go run ./tools/replicas                     # Neo4j on 127.0.0.1:7726, HTTP on 18500-18503
//	go run ./tools/replicas -duration 20s -clients 16
//	go run ./tools/replicas -neo4j-uri neo4j://127.0.0.1:7725   # a Neo4j already running
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const bookmarkHeader = "X-Skillgraph-Bookmark"

type options struct {
	repo      string
	neo4jPort int
	neo4jURI  string
	httpPort  int // the proxy; the processes take the next ports
	processes int
	duration  time.Duration
	clients   int
	keep      bool
	readsOnly bool
	warmup    time.Duration
	desc      bool
}

func main() {
	var o options
	flag.StringVar(&o.repo, "repo", ".", "the skillgraph source tree (holds go.mod)")
	flag.IntVar(&o.neo4jPort, "neo4j-port", 7726, "Bolt port of the Neo4j to start")
	flag.StringVar(&o.neo4jURI, "neo4j-uri", "", "use this running Neo4j instead of starting one")
	flag.IntVar(&o.httpPort, "port", 18500, "the proxy's port; the processes listen on the next ones")
	flag.IntVar(&o.processes, "processes", 3, "serve processes (at least 2)")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "traffic per measured phase")
	flag.IntVar(&o.clients, "clients", 8, "concurrent closed-loop clients")
	flag.BoolVar(&o.keep, "keep", false, "keep the work folder (logs) after the run")
	flag.DurationVar(&o.warmup, "warmup", 0, "unmeasured traffic through every process before the phases (default: -duration)")
	flag.BoolVar(&o.desc, "descending", false, "measure with the most processes first (to tell warm-up from scaling)")
	flag.BoolVar(&o.readsOnly, "reads-only", false, "measure reads only (catalogue, holdings, candidates); the kill phase and the checks still write")
	flag.Parse()
	if o.processes < 2 || o.clients < 1 || o.duration <= 0 {
		fmt.Fprintln(os.Stderr, "replicas: -processes must be at least 2, -clients at least 1, -duration positive")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, &o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replicas:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05.000"), fmt.Sprintf(format, args...))
}

// child is a process this tool started: it stops it, gently or not.
type child struct {
	name string
	args []string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

func (c *child) start(dir string) error {
	f, err := os.OpenFile(c.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	c.cmd = exec.Command(c.args[0], c.args[1:]...)
	c.cmd.Dir, c.cmd.Stdout, c.cmd.Stderr = dir, f, f
	if err := c.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", c.name, err)
	}
	c.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { cmd.Wait(); close(done) }(c.cmd, c.done)
	return nil
}

func (c *child) running() bool {
	select {
	case <-c.done:
		return false
	default:
		return true
	}
}

// stop asks the process to stop (SIGTERM: a drain, or Neo4j's clean shutdown) and kills it
// when it has not within grace.
func (c *child) stop(grace time.Duration) {
	if c.cmd == nil || !c.running() {
		return
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(grace):
		c.cmd.Process.Kill()
		<-c.done
	}
}

// kill ends the process at once, as a crash or an OOM killer would.
func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

// await polls ready every 100 ms until it holds, or fails when the process exits or timeout passes.
func (c *child) await(ctx context.Context, timeout time.Duration, ready func() bool) error {
	deadline := time.Now().Add(timeout)
	for !ready() {
		if !c.running() {
			b, _ := os.ReadFile(c.log)
			return fmt.Errorf("%s exited; its log:\n%s", c.name, b)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready within %s; see %s", c.name, timeout, c.log)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return nil
}

func ready(base string) func() bool {
	return func() bool {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}
}

func run(ctx context.Context, o *options) (bool, error) {
	repo, err := filepath.Abs(o.repo)
	if err != nil {
		return false, err
	}
	work, err := os.MkdirTemp("", "skillgraph-replicas-")
	if err != nil {
		return false, err
	}
	if o.keep {
		logf("work folder (logs): %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	bin := filepath.Join(work, "skillgraph")
	logf("building skillgraph")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/skillgraph")
	build.Dir, build.Stdout, build.Stderr = repo, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return false, fmt.Errorf("build: %w", err)
	}

	var children []*child
	var neo *child
	defer func() {
		for i := len(children) - 1; i >= 0; i-- {
			children[i].stop(60 * time.Second)
		}
	}()
	if o.neo4jURI == "" {
		script := filepath.Join(repo, "tools", "neo4j", "neo4j.sh")
		// neo4j.sh run execs java: the child is Neo4j itself, with a fresh data folder it
		// removes on SIGTERM.
		neo = &child{name: "Neo4j", log: filepath.Join(work, "neo4j.log"), args: []string{script, "run", strconv.Itoa(o.neo4jPort)}}
		if err := neo.start(repo); err != nil {
			return false, err
		}
		children = append(children, neo)
		logf("starting Neo4j on 127.0.0.1:%d", o.neo4jPort)
		if err := neo.await(ctx, 5*time.Minute, func() bool {
			b, _ := os.ReadFile(neo.log)
			return bytes.Contains(b, []byte("BOLT READY"))
		}); err != nil {
			return false, err
		}
		// The routing scheme, as for a cluster: reads and writes are routed by the driver.
		o.neo4jURI = fmt.Sprintf("neo4j://127.0.0.1:%d", o.neo4jPort)
	}
	logf("loading the demo into %s", o.neo4jURI)
	if out, err := exec.CommandContext(ctx, bin, "import", "demo", "--neo4j-uri", o.neo4jURI).CombinedOutput(); err != nil {
		return false, fmt.Errorf("import demo: %w\n%s", err, out)
	}

	// One key-encryption key and one token secret, given to every process.
	kek := make([]byte, 32)
	rand.Read(kek)
	kekFile, secret := filepath.Join(work, "kek"), filepath.Join(work, "dev.secret")
	if err := os.WriteFile(kekFile, []byte(base64.StdEncoding.EncodeToString(kek)), 0o600); err != nil {
		return false, err
	}
	tokens := map[string]string{}
	for role, args := range map[string][]string{
		"admin":    {"--role", "admin", "--sub", "replicas-admin"},
		"issuer":   {"--role", "issuer", "--org", "org-octet", "--sub", "replicas-issuer"},
		"employer": {"--role", "employer", "--org", "org-alveole", "--sub", "replicas-employer"},
	} {
		out, err := exec.CommandContext(ctx, bin, append([]string{"token", "--dev-secret", secret}, args...)...).Output()
		if err != nil {
			return false, fmt.Errorf("token %s: %w", role, err)
		}
		tokens[role] = strings.TrimSpace(string(out))
	}

	proxyURL := fmt.Sprintf("http://127.0.0.1:%d", o.httpPort)
	serves := make([]*child, o.processes)
	bases := make([]string, o.processes)
	for i := range serves {
		port := o.httpPort + 1 + i
		bases[i] = fmt.Sprintf("http://127.0.0.1:%d", port)
		serves[i] = &child{name: fmt.Sprintf("serve %d", i+1), log: filepath.Join(work, fmt.Sprintf("serve-%d.log", i+1)),
			args: []string{bin, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--neo4j-uri", o.neo4jURI,
				"--base-url", proxyURL, "--key-encryption-key-file", kekFile, "--dev-secret", secret,
				"--keys", filepath.Join(work, "no-key-file.json")}}
	}
	// All at once, as a deployment rolls out: migrations and the first key set race.
	logf("starting %d serve processes at once", o.processes)
	for i, s := range serves {
		if err := s.start(work); err != nil {
			return false, err
		}
		children = append(children, serves[i])
	}
	for i, s := range serves {
		if err := s.await(ctx, 3*time.Minute, ready(bases[i])); err != nil {
			return false, err
		}
	}

	px := newProxy(bases)
	srv := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", o.httpPort), Handler: px, ReadHeaderTimeout: 10 * time.Second}
	go srv.ListenAndServe()
	defer srv.Close()
	pctx, stopHealth := context.WithCancel(ctx)
	defer stopHealth()
	go px.health(pctx)
	if err := serves[0].await(ctx, 30*time.Second, ready(proxyURL)); err != nil {
		return false, fmt.Errorf("proxy: %w", err)
	}

	runID := strconv.FormatInt(time.Now().UnixNano(), 36)
	load := &traffic{proxy: proxyURL + "/graphql", tokens: tokens, run: runID, readsOnly: o.readsOnly}
	// CPU time of each part, from /proc: Neo4j (when started here), the serve processes, and
	// this process (the proxy and the load generator).
	sample := func() cpuSample {
		var s cpuSample
		if neo != nil {
			s.neo4j = cpuTicks(neo.cmd.Process.Pid)
		}
		for _, sv := range serves {
			s.serve += cpuTicks(sv.cmd.Process.Pid)
		}
		s.tool = cpuTicks(os.Getpid())
		s.at = time.Now()
		return s
	}
	// Warm up first, unmeasured, through every process: the JVM compiles Neo4j's hot paths and
	// every process loads its copies, so that the first measured phase is not the slowest
	// for want of it.
	if o.warmup <= 0 {
		o.warmup = o.duration
	}
	logf("warming up through %d processes for %s", o.processes, o.warmup)
	load.phase(ctx, "warm-up", o.clients, o.warmup, nil)
	var phases []result
	order := make([]int, o.processes)
	for i := range order {
		order[i] = i + 1
	}
	if o.desc {
		slices.Reverse(order)
	}
	for _, n := range order {
		px.active.Store(int32(n))
		logf("traffic through %d process(es) for %s, %d clients", n, o.duration, o.clients)
		before := sample()
		r := load.phase(ctx, fmt.Sprintf("%d", n), o.clients, o.duration, nil)
		r.cpu = sample().minus(before)
		phases = append(phases, r)
	}
	victim := serves[1]
	logf("traffic through %d processes for %s; %s is killed with SIGKILL a third of the way in and started again", o.processes, o.duration, victim.name)
	load.readsOnly = false // the kill phase writes, so that a lost write would show
	var restarted time.Duration
	phases = append(phases, load.phase(ctx, fmt.Sprintf("%d, one killed and restarted", o.processes), o.clients, o.duration, func() {
		time.Sleep(o.duration / 3)
		victim.kill()
		start := time.Now()
		if err := victim.start(work); err != nil {
			logf("restart: %v", err)
			return
		}
		if err := victim.await(ctx, 2*time.Minute, ready(bases[1])); err != nil {
			logf("restart: %v", err)
			return
		}
		restarted = time.Since(start)
	}))
	if ctx.Err() != nil {
		return false, ctx.Err()
	}

	mix := mixDescription
	if o.readsOnly {
		mix = "reads only in the first phases: " + readsDescription + "; the last phase mixed: " + mixDescription
	}
	fmt.Printf("\nthroughput through the proxy (%d closed-loop clients, %s per phase, traffic: %s)\n\n", o.clients, o.duration, mix)
	fmt.Printf("CPU: milliseconds of CPU per request, and cores busy, of Neo4j%s, of the skillgraph processes together, and of the proxy with the load generator (%d cores)\n\n",
		map[bool]string{true: "", false: " (not started here: not measured)"}[neo != nil], runtime.NumCPU())
	fmt.Println("| processes | requests/s | p50 ms | p99 ms | failed | writes acknowledged | Neo4j CPU ms/req | skillgraph CPU ms/req | proxy+load CPU ms/req | cores busy (Neo4j + skillgraph + proxy/load) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	for _, r := range phases {
		if r.requests == 0 || r.cpu.seconds == 0 {
			fmt.Printf("| %s | %.0f | %.1f | %.1f | %d | %d | | | | |\n", r.name, r.rate, r.p50, r.p99, r.failed, r.acked)
			continue
		}
		per := func(ticks int64) float64 { return float64(ticks) * 10 / float64(r.requests) } // a tick is 10 ms
		busy := func(ticks int64) float64 { return float64(ticks) / 100 / r.cpu.seconds }
		fmt.Printf("| %s | %.0f | %.1f | %.1f | %d | %d | %.2f | %.2f | %.2f | %.2f + %.2f + %.2f |\n", r.name, r.rate, r.p50, r.p99, r.failed, r.acked,
			per(r.cpu.neo4j), per(r.cpu.serve), per(r.cpu.tool), busy(r.cpu.neo4j), busy(r.cpu.serve), busy(r.cpu.tool))
	}
	fmt.Printf("\nthe killed process answered /readyz again %s after it was started again\n\n", restarted.Round(time.Millisecond))

	c := checker{tokens: tokens, bases: bases, proxy: proxyURL, run: runID}
	c.lostWrites(load.acknowledged())
	c.badges()
	c.bookmarks()
	if c.failed {
		fmt.Println("\nFAIL")
		return false, nil
	}
	fmt.Println("\nPASS")
	return true, nil
}

// proxy sends each request to the next live process of the first active ones, round robin. A
// process that fails a connection is taken out until its /readyz answers again, as a load
// balancer's health check would.
type proxy struct {
	backends []*backend
	active   atomic.Int32
	next     atomic.Uint64
}

type backend struct {
	url   *url.URL
	alive atomic.Bool
	rp    *httputil.ReverseProxy
}

type backendKey struct{}

func newProxy(bases []string) *proxy {
	p := &proxy{}
	for _, b := range bases {
		u, _ := url.Parse(b)
		be := &backend{url: u}
		be.alive.Store(true)
		be.rp = &httputil.ReverseProxy{
			Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(u); r.Out.Host = r.In.Host },
			ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
				if r.Context().Err() != nil {
					return // the client went away: nothing wrong with the process
				}
				be.alive.Store(false)
				http.Error(w, "upstream failed: "+err.Error(), http.StatusBadGateway)
			},
		}
		p.backends = append(p.backends, be)
	}
	p.active.Store(int32(len(bases)))
	return p
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(p.active.Load())
	for range n {
		be := p.backends[int(p.next.Add(1)%uint64(n))]
		if be.alive.Load() {
			be.rp.ServeHTTP(w, r)
			return
		}
	}
	http.Error(w, "no live process", http.StatusServiceUnavailable)
}

func (p *proxy) health(ctx context.Context) {
	for ctx.Err() == nil {
		for _, be := range p.backends {
			if !be.alive.Load() && ready(be.url.String())() {
				be.alive.Store(true)
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// The mix: of every ten requests, four read the catalogue (a credential page, a text filter),
// one reads a learner's holdings, one ranks candidates for a role, two create learners, and two
// read a learner created earlier.
const (
	mixDescription   = "40% catalogue reads, 10% a learner's holdings, 10% candidatesForRole, 20% learner creations, 20% reads of created learners"
	readsDescription = "60% catalogue reads, 30% a learner's holdings, 10% candidatesForRole"
)

const (
	qCredential = `{ credential(key: "cred-python-data") { title certifies { edges { level node { name } } } prerequisites { edges { node { title } } } blocks { edges { node { title } } } } }`
	qText       = `{ competencies(first: 20, where: {text: "data"}) { edges { node { name } } } }`
	qHoldings   = `{ learner(key: "learner-lea-dubois") { name holdings { edges { level node { name } } } } }`
	qCandidates = `{ candidatesForRole(roleId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", first: 10) { learner { key } weightedCoverage } }`
)

type traffic struct {
	readsOnly bool
	proxy     string
	tokens    map[string]string
	run       string
	mu        sync.Mutex
	acked     []string
	seq       atomic.Int64
}

type result struct {
	name          string
	rate          float64
	p50, p99      float64
	failed, acked int
	requests      int
	cpu           cpuSample
}

// cpuSample is CPU time in clock ticks (1/100 s) per part; seconds is the wall time of a
// difference of two samples.
type cpuSample struct {
	neo4j, serve, tool int64
	at                 time.Time
	seconds            float64
}

func (s cpuSample) minus(o cpuSample) cpuSample {
	return cpuSample{neo4j: s.neo4j - o.neo4j, serve: s.serve - o.serve, tool: s.tool - o.tool, seconds: s.at.Sub(o.at).Seconds()}
}

// cpuTicks is a process's user and system CPU time, from /proc/PID/stat; 0 when unreadable.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// utime and stime are fields 14 and 15: the 12th and 13th after the command name, which
	// ends with the line's last ')'.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

func (t *traffic) acknowledged() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.acked)
}

// phase runs clients closed-loop for d; during, when set, runs alongside.
func (t *traffic) phase(ctx context.Context, name string, clients int, d time.Duration, during func()) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    int
		acked     int
		wg        sync.WaitGroup
	)
	if during != nil {
		wg.Add(1)
		go func() { defer wg.Done(); during() }()
	}
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for i := c; ctx.Err() == nil; i++ {
				t0 := time.Now()
				ok, created := t.one(ctx, client, i)
				if ctx.Err() != nil && !ok {
					break // cut off by the end of the phase: not counted
				}
				mu.Lock()
				latencies = append(latencies, time.Since(t0))
				if !ok {
					failed++
				}
				if created != "" {
					acked++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	return result{name: name, rate: float64(len(latencies)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99), failed: failed, acked: acked, requests: len(latencies)}
}

// one sends request i of the mix; created is the key of a learner whose creation was answered.
func (t *traffic) one(ctx context.Context, client *http.Client, i int) (ok bool, created string) {
	if t.readsOnly {
		switch i % 10 {
		case 0, 4, 5:
			return t.post(ctx, client, "", qCredential), ""
		case 1, 6, 8:
			return t.post(ctx, client, "", qText), ""
		case 3:
			return t.post(ctx, client, t.tokens["employer"], qCandidates), ""
		default:
			return t.post(ctx, client, t.tokens["admin"], qHoldings), ""
		}
	}
	switch i % 10 {
	case 0, 5:
		return t.post(ctx, client, "", qCredential), ""
	case 1, 6:
		return t.post(ctx, client, "", qText), ""
	case 2:
		return t.post(ctx, client, t.tokens["admin"], qHoldings), ""
	case 3:
		return t.post(ctx, client, t.tokens["employer"], qCandidates), ""
	case 4, 8:
		key := fmt.Sprintf("replica-%s-%d", t.run, t.seq.Add(1))
		q := `mutation { createLearner(input: {key: "` + key + `", name: "Replica learner"}) { key } }`
		if !t.post(ctx, client, t.tokens["admin"], q) {
			return false, ""
		}
		t.mu.Lock()
		t.acked = append(t.acked, key)
		t.mu.Unlock()
		return true, key
	default:
		t.mu.Lock()
		var key string
		if len(t.acked) > 0 {
			key = t.acked[i%len(t.acked)]
		}
		t.mu.Unlock()
		if key == "" {
			return t.post(ctx, client, "", qText), ""
		}
		return t.post(ctx, client, t.tokens["admin"], `{ learner(key: "`+key+`") { key } }`), ""
	}
}

// post sends a query; ok when the answer is 200 with data and no errors.
func (t *traffic) post(ctx context.Context, client *http.Client, token, query string) bool {
	_, errs, _, err := graphql(ctx, client, t.proxy, token, "", query)
	return err == nil && len(errs) == 0
}

// graphql posts a query and returns its data, errors and response bookmark.
func graphql(ctx context.Context, client *http.Client, endpoint, token, bookmark, query string) (map[string]any, []any, string, error) {
	body, _ := json.Marshal(map[string]string{"query": query})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, nil, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if bookmark != "" {
		req.Header.Set(bookmarkHeader, bookmark)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, nil, "", err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		io.Copy(io.Discard, res.Body)
		return nil, nil, "", fmt.Errorf("HTTP %d", res.StatusCode)
	}
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, nil, "", err
	}
	return out.Data, out.Errors, res.Header.Get(bookmarkHeader), nil
}

// checker runs the checks against the processes directly, one after another.
type checker struct {
	tokens map[string]string
	bases  []string
	proxy  string
	run    string
	failed bool
}

func (c *checker) report(ok bool, format string, args ...any) {
	mark := "ok  "
	if !ok {
		mark, c.failed = "FAIL", true
	}
	fmt.Printf("%s %s\n", mark, fmt.Sprintf(format, args...))
}

func (c *checker) query(base, token, bookmark, query string) (map[string]any, string, error) {
	data, errs, bm, err := graphql(context.Background(), http.DefaultClient, base+"/graphql", token, bookmark, query)
	if err == nil && len(errs) > 0 {
		err = fmt.Errorf("%v", errs)
	}
	return data, bm, err
}

// lostWrites reads back every learner whose creation was acknowledged, 25 per request.
func (c *checker) lostWrites(keys []string) {
	lost := 0
	for start := 0; start < len(keys); start += 25 {
		chunk := keys[start:min(start+25, len(keys))]
		var q strings.Builder
		q.WriteString("{")
		for i, k := range chunk {
			fmt.Fprintf(&q, ` l%d: learner(key: "%s") { key }`, i, k)
		}
		q.WriteString(" }")
		data, _, err := c.query(c.proxy, c.tokens["admin"], "", q.String())
		if err != nil {
			c.report(false, "read back acknowledged writes: %v", err)
			return
		}
		for i := range chunk {
			if data[fmt.Sprintf("l%d", i)] == nil {
				lost++
			}
		}
	}
	c.report(lost == 0 && len(keys) > 0, "no acknowledged write lost: %d learners created with an answer, %d missing", len(keys), lost)
}

func (c *checker) verify(base, jwt string) (bool, error) {
	data, _, err := c.query(base, "", "", `{ verifyBadge(jwt: "`+jwt+`") { valid } }`)
	if err != nil {
		return false, err
	}
	return data["verifyBadge"].(map[string]any)["valid"].(bool), nil
}

func (c *checker) issue(base, key string) (id, jwt string, err error) {
	data, _, err := c.query(base, c.tokens["issuer"], "", `mutation { issueBadge(input: {learnerId: "learner-ines-moreau",
		credentialId: "cred-javascript", result: "Replica check", idempotencyKey: "`+key+`"}) { key badgeJwt } }`)
	if err != nil {
		return "", "", err
	}
	a := data["issueBadge"].(map[string]any)
	return a["key"].(string), a["badgeJwt"].(string), nil
}

func jwksKIDs(base string) ([]string, error) {
	res, err := http.Get(base + "/.well-known/jwks.json")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var set struct {
		Keys []struct {
			KID string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.NewDecoder(res.Body).Decode(&set); err != nil {
		return nil, err
	}
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.KID)
	}
	return out, nil
}

func kidOf(jwt string) string {
	raw, _ := base64.RawURLEncoding.DecodeString(strings.SplitN(jwt, ".", 2)[0])
	var h struct {
		KID string `json:"kid"`
	}
	json.Unmarshal(raw, &h)
	return h.KID
}

// badges: issue through the first process, verify through the others; rotate through the
// last, see it published and used by the first; revoke through the first, see it fail through
// the others.
func (c *checker) badges() {
	first, last := c.bases[0], c.bases[len(c.bases)-1]
	id, jwt, err := c.issue(first, "replicas-"+c.run+"-1")
	if err != nil {
		c.report(false, "issue a badge through process 1: %v", err)
		return
	}
	for i, base := range c.bases[1:] {
		ok, err := c.verify(base, jwt)
		c.report(ok && err == nil, "a badge issued through process 1 verifies through process %d (%v)", i+2, errOrNil(err))
	}
	data, _, err := c.query(last, c.tokens["admin"], "", `mutation { rotateSigningKey(algorithm: ES256) { kid } }`)
	if err != nil {
		c.report(false, "rotate the signing key through process %d: %v", len(c.bases), err)
		return
	}
	kid := data["rotateSigningKey"].(map[string]any)["kid"].(string)
	for i, base := range c.bases {
		kids, err := jwksKIDs(base)
		c.report(err == nil && slices.Contains(kids, kid), "process %d publishes the key rotated through process %d (%d keys)", i+1, len(c.bases), len(kids))
	}
	_, jwt2, err := c.issue(first, "replicas-"+c.run+"-2")
	c.report(err == nil && kidOf(jwt2) == kid, "process 1 signs with the key rotated through process %d", len(c.bases))
	if ok, err := c.verify(last, jwt2); !ok || err != nil {
		c.report(false, "a badge signed with the new key verifies through process %d (%v)", len(c.bases), errOrNil(err))
	}
	if _, _, err := c.query(first, c.tokens["issuer"], "", `mutation { revokeAchievement(id: "`+id+`", reason: "replica check") { status } }`); err != nil {
		c.report(false, "revoke through process 1: %v", err)
		return
	}
	for i, base := range c.bases[1:] {
		ok, err := c.verify(base, jwt)
		c.report(!ok && err == nil, "a badge revoked through process 1 fails through process %d on its next request (%v)", i+2, errOrNil(err))
	}
}

// bookmarks: a write through one process, read through another with the write's bookmark.
func (c *checker) bookmarks() {
	for i := range c.bases {
		w, r := c.bases[i], c.bases[(i+1)%len(c.bases)]
		headline := fmt.Sprintf("written through process %d (%s)", i+1, c.run)
		_, bm, err := c.query(w, c.tokens["admin"], "", `mutation { updateLearner(input: {id: "learner-lea-dubois", headline: "`+headline+`"}) { key } }`)
		if err != nil || bm == "" {
			c.report(false, "a write through process %d answers a bookmark (%v)", i+1, errOrNil(err))
			continue
		}
		data, _, err := c.query(r, c.tokens["admin"], bm, `{ learner(key: "learner-lea-dubois") { headline } }`)
		got := ""
		if err == nil {
			got, _ = data["learner"].(map[string]any)["headline"].(string)
		}
		c.report(got == headline, "a write through process %d is read through process %d on the next request, with its bookmark", i+1, (i+1)%len(c.bases)+1)
	}
}

func errOrNil(err error) any {
	if err == nil {
		return "no error"
	}
	return err
}
