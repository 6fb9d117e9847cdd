package pathwaysbench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/pathways"
	"github.com/skillgraph/skillgraph/resolvers"
)

// stores in the order the benchmarks run: the embedded store first, as the baseline that
// Neo4j's figures of the same run are divided by.
var stores = []*shared{embedded, neo4jStore}

var (
	baselineMu  sync.Mutex
	baselineFig = map[string]dist{} // the embedded store's figures, by benchmark and metric prefix
)

// report sends a latency distribution to the benchmark; on Neo4j it adds the ratios to the
// embedded store's figures of the same run, when those ran.
func report(b *testing.B, f *fixture, key, prefix string, l *latencies) {
	d := l.report(b, prefix)
	key += "/" + prefix
	baselineMu.Lock()
	defer baselineMu.Unlock()
	if f.name == embedded.name {
		baselineFig[key] = d
		return
	}
	if e, ok := baselineFig[key]; ok && e.p50 > 0 && e.p99 > 0 {
		b.ReportMetric(d.p50/e.p50, prefix+"p50-x-embedded")
		b.ReportMetric(d.p99/e.p99, prefix+"p99-x-embedded")
	}
}

// BenchmarkRecommendInProcess times one recommendation per operation, cycling over the
// instances with the options the API would use (the learner's own constraints): the engine
// alone on a context read beforehand, then the store's context read and the engine.
func BenchmarkRecommendInProcess(b *testing.B) {
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			f := s.get(b)
			pcs := f.contexts(b)
			ctx := context.Background()
			b.Run("engine", func(b *testing.B) {
				var l latencies
				proven, i := 0, 0
				for b.Loop() {
					pc := pcs[i%len(pcs)]
					i++
					opts := pathways.Options{}.WithLearnerDefaults(pc.Learner)
					start := time.Now()
					res, err := pathways.Recommend(ctx, pc, opts)
					l.add(time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					if res.ProvenOptimal {
						proven++
					}
				}
				report(b, f, "RecommendInProcess/engine", "", &l)
				b.ReportMetric(float64(proven)/float64(i), "proven/op")
			})
			b.Run("store+engine", func(b *testing.B) {
				var read, total latencies
				i := 0
				for b.Loop() {
					in := f.instances[i%len(f.instances)]
					i++
					start := time.Now()
					pc, err := f.store.PathwayContext(ctx, in.learner, in.role)
					read.add(time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					_, err = pathways.Recommend(ctx, pc, pathways.Options{}.WithLearnerDefaults(pc.Learner))
					total.add(time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
				}
				report(b, f, "RecommendInProcess/store+engine", "read-", &read)
				report(b, f, "RecommendInProcess/store+engine", "", &total)
			})
		})
	}
}

// api is a real HTTP server on 127.0.0.1 serving /graphql over a store, with an admin token,
// since pathways read personal data.
type api struct {
	srv    *httptest.Server
	client *http.Client
	token  string
}

var apiSecret = []byte("pathways benchmark secret 32 b..")

func newAPI(tb testing.TB, store graph.Store) *api {
	tb.Helper()
	v, err := access.NewVerifier(access.Config{HS256Secret: apiSecret})
	if err != nil {
		tb.Fatal(err)
	}
	token, err := access.Mint(apiSecret, access.MintInput{Role: access.RoleAdmin, Subject: "bench"})
	if err != nil {
		tb.Fatal(err)
	}
	a := &api{srv: httptest.NewServer(resolvers.NewHandler(store, resolvers.Options{Verifier: v})), token: token,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}}
	tb.Cleanup(a.close)
	return a
}

func (a *api) close() {
	a.client.CloseIdleConnections()
	a.srv.Close()
}

// query posts a GraphQL request and decodes its data into out; a GraphQL error fails it.
func (a *api) query(q string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": q, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, a.srv.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body) // read whole, so the connection is reused
	if err != nil {
		return err
	}
	var env struct {
		Data   json.RawMessage `json:"data"`
		Errors []any           `json:"errors"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("status %d: %w", res.StatusCode, err)
	}
	if len(env.Errors) > 0 || res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %v", res.StatusCode, env.Errors)
	}
	return json.Unmarshal(env.Data, out)
}

// recommendQuery asks what a client showing a plan would.
const recommendQuery = `query($l: ID!, $r: ID!) { recommendPathways(learnerId: $l, targetRoleId: $r) {
  provenOptimal elapsedMs optimalityGap
  pathways { totalHours totalCost calendarWeeks
    steps { phase startWeek endWeek explanation credential { id title hours price } covers { level essential competency { id name } } } }
  uncoveredGaps { code reason competency { name } } } }`

type recommendReply struct {
	RecommendPathways struct {
		ProvenOptimal bool    `json:"provenOptimal"`
		ElapsedMs     float64 `json:"elapsedMs"`
		Pathways      []struct {
			Steps []json.RawMessage `json:"steps"`
		} `json:"pathways"`
	} `json:"recommendPathways"`
}

// BenchmarkRecommendGraphQL times recommendPathways through a real HTTP server over loopback,
// one request at a time, cycling over the instances. engine- figures are the server's own
// search times (elapsedMs).
func BenchmarkRecommendGraphQL(b *testing.B) {
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			f := s.get(b)
			a := newAPI(b, f.store)
			var warm recommendReply
			in := f.instances[0]
			if err := a.query(recommendQuery, map[string]any{"l": in.learner, "r": in.role}, &warm); err != nil {
				b.Fatal(err) // also parses the query once, as a running server would have
			}
			var total, engine latencies
			proven, i := 0, 0
			for b.Loop() {
				in := f.instances[i%len(f.instances)]
				i++
				var out recommendReply
				start := time.Now()
				err := a.query(recommendQuery, map[string]any{"l": in.learner, "r": in.role}, &out)
				total.add(time.Since(start))
				if err != nil {
					b.Fatalf("%v: %v", in, err)
				}
				engine.ms = append(engine.ms, out.RecommendPathways.ElapsedMs)
				if out.RecommendPathways.ProvenOptimal {
					proven++
				}
			}
			report(b, f, "RecommendGraphQL", "", &total)
			report(b, f, "RecommendGraphQL", "engine-", &engine)
			b.ReportMetric(float64(proven)/float64(i), "proven/op")
		})
	}
}

const roleFitQuery = `query($l: ID!) { roleFit(learnerId: $l, first: 10) {
  role { id title } weightedCoverage essentialCoverage metCount totalCount pathwayHours } }`

type roleFitReply struct {
	RoleFit []struct {
		PathwayHours *float64 `json:"pathwayHours"`
	} `json:"roleFit"`
}

const (
	// coldSamples is how many fresh servers the cold role-fit figure is taken over: each
	// builds the index from the store, which on Neo4j takes about a second.
	coldSamples = 3
	// roleFitWarmFor is how long one server serves warm role-fit calls: less than the
	// resolver's one-minute index lifetime by more than a slow call.
	roleFitWarmFor = 45 * time.Second
)

// BenchmarkRoleFit ranks every role for one learner per operation, cycling over the instances'
// learners: with the engine on a prebuilt index (index), and through GraphQL (graphql), where
// the resolver also plans the best three roles. The resolver keeps its index for a minute: the
// first call of a fresh server (cold-, over coldSamples servers) reads every role's
// requirements and builds it; the operations are warm calls.
func BenchmarkRoleFit(b *testing.B) {
	for _, s := range stores {
		b.Run(s.name, func(b *testing.B) {
			f := s.get(b)
			ctx := context.Background()
			b.Run("index", func(b *testing.B) {
				start := time.Now()
				reqs, err := roleRequirements(ctx, f)
				if err != nil {
					b.Fatal(err)
				}
				read := time.Since(start)
				start = time.Now()
				ix := pathways.NewFitIndex(reqs)
				build := time.Since(start)
				levels := make([]map[string]int, len(f.instances))
				for i, pc := range f.contexts(b) {
					levels[i] = pathways.HoldingsFrom(pc).Levels
				}
				var l latencies
				i := 0
				for b.Loop() {
					held := levels[i%len(levels)]
					i++
					start := time.Now()
					scores := ix.RoleFit(held, 0)
					l.add(time.Since(start))
					if len(scores) != ix.Roles() {
						b.Fatalf("%d scores for %d roles", len(scores), ix.Roles())
					}
				}
				report(b, f, "RoleFit/index", "", &l)
				b.ReportMetric(ms(read), "index-read-ms")
				b.ReportMetric(ms(build), "index-build-ms")
				b.ReportMetric(float64(ix.Roles()), "roles")
			})
			b.Run("graphql", func(b *testing.B) {
				var cold latencies
				for k := range coldSamples {
					a := newAPI(b, f.store)
					var out roleFitReply
					start := time.Now()
					if err := a.query(roleFitQuery, map[string]any{"l": f.learners[k]}, &out); err != nil {
						b.Fatal(err)
					}
					cold.add(time.Since(start))
					a.close()
				}
				var a *api
				var built time.Time
				fresh := func() {
					a = newAPI(b, f.store)
					var out roleFitReply
					if err := a.query(roleFitQuery, map[string]any{"l": f.learners[0]}, &out); err != nil {
						b.Fatal(err) // builds the index this server keeps
					}
					built = time.Now()
				}
				fresh()
				var warm latencies
				withHours, i, rebuilt := 0, 0, 0
				for b.Loop() {
					if time.Since(built) > roleFitWarmFor {
						// Before the resolver's one-minute index expires, so that no timed
						// call pays a rebuild.
						a.close()
						fresh()
						rebuilt++
					}
					learner := f.learners[i%len(f.learners)]
					i++
					var out roleFitReply
					start := time.Now()
					err := a.query(roleFitQuery, map[string]any{"l": learner}, &out)
					warm.add(time.Since(start))
					if err != nil {
						b.Fatalf("%s: %v", learner, err)
					}
					if len(out.RoleFit) == 0 {
						b.Fatalf("%s: no role", learner)
					}
					for _, r := range out.RoleFit {
						if r.PathwayHours != nil {
							withHours++
						}
					}
				}
				if rebuilt > 0 {
					b.Logf("%s: %d fresh servers during the warm calls, untimed, as the index is kept one minute", f.name, rebuilt)
				}
				report(b, f, "RoleFit/graphql", "", &warm)
				c := summarize(cold.ms)
				b.ReportMetric(c.p50, "cold-p50-ms")
				b.ReportMetric(c.max, "cold-max-ms")
				b.ReportMetric(float64(withHours)/float64(i), "pathwayHours/op")
			})
		})
	}
}
