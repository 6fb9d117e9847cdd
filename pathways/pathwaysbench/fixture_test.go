package pathwaysbench

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/bolt"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/catalog"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

const (
	catalogSeed   = 7 // the generated catalogue, hence every figure, depends on it
	credentials   = 20000
	learners      = 10000
	instanceCount = 500
	sampleSeed    = 11 // which learner–role pairs are measured
	storeChunk    = 1000
)

// instance is one question the engine answers: a learner and a role they target.
type instance struct{ learner, role string }

// fixture is a store holding full ESCO and the generated catalogue, with what the tests ask it.
type fixture struct {
	name      string
	store     graph.Store
	instances []instance // sorted
	learners  []string   // the instances' distinct learners, sorted
	roles     []string   // every role, sorted

	ctxOnce sync.Once
	pcs     []*graph.PathwayContext // per instance
	pcErr   error
}

// contexts reads every instance's pathway context once; tests and benchmarks that time the
// engine alone share them.
func (f *fixture) contexts(tb testing.TB) []*graph.PathwayContext {
	tb.Helper()
	f.ctxOnce.Do(func() {
		ctx := context.Background()
		for _, in := range f.instances {
			pc, err := f.store.PathwayContext(ctx, in.learner, in.role)
			if err != nil {
				f.pcErr = fmt.Errorf("%s: pathway context of %v: %w", f.name, in, err)
				return
			}
			f.pcs = append(f.pcs, pc)
		}
	})
	if f.pcErr != nil {
		tb.Fatal(f.pcErr)
	}
	return f.pcs
}

// cleanups run when the test binary ends: the fixtures are shared by every test and benchmark,
// so no single one of them may close them.
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	cleanups = append(cleanups, f)
	cleanupMu.Unlock()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// longLived defers the cleanups registered through it to the end of the test binary, so a
// store opened under one benchmark outlives it.
type longLived struct{ testing.TB }

func (longLived) Cleanup(f func()) { atExit(f) }

// shared builds a fixture once per test binary. A skip or a failure while building is
// remembered, so every later caller skips or fails alike instead of building again.
type shared struct {
	once    sync.Once
	f       *fixture
	err     error
	skipped bool
	open    func(tb testing.TB) (graph.Store, error)
	name    string
}

var (
	embedded = &shared{name: "embedded", open: func(tb testing.TB) (graph.Store, error) {
		dir, err := os.MkdirTemp("", "skillgraph-pathwaysbench-")
		if err != nil {
			return nil, err
		}
		s, err := bolt.Open(filepath.Join(dir, "bench.db"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		atExit(func() { s.Close(); os.RemoveAll(dir) })
		return s, nil
	}}
	neo4jStore = &shared{name: "neo4j", open: func(tb testing.TB) (graph.Store, error) {
		return neo4jtest.Open(longLived{tb}), nil
	}}
)

func (s *shared) get(tb testing.TB) *fixture {
	tb.Helper()
	if testing.Short() {
		tb.Skip("PATHWAYS BENCH SKIPPED in -short: it loads full ESCO and a generated catalogue")
	}
	s.once.Do(func() {
		finished := false
		defer func() {
			if !finished && s.err == nil {
				// A Skip or Fatal left the function early.
				s.skipped = tb.Skipped()
				s.err = errors.New(s.name + " fixture: not built (see the first test that asked for it)")
			}
		}()
		s.f, s.err = build(tb, s.name, s.open)
		finished = true
	})
	switch {
	case s.skipped:
		tb.Skip("*** " + s.err.Error() + " ***")
	case s.err != nil:
		tb.Fatal(s.err)
	}
	return s.f
}

// build opens a store, imports full ESCO, generates the catalogue, and picks the instances.
func build(tb testing.TB, name string, open func(testing.TB) (graph.Store, error)) (*fixture, error) {
	zips, _ := filepath.Glob(filepath.Join(seedtest.DataDir(tb, "esco-official"), "*.zip"))
	if len(zips) != 2 {
		return nil, fmt.Errorf("want the two official ESCO zips, got %v", zips)
	}
	store, err := open(tb)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	start := time.Now()
	if _, err := esco.Import(ctx, store, zips, esco.Options{}); err != nil {
		return nil, fmt.Errorf("%s: ESCO import: %w", name, err)
	}
	imported := time.Since(start)
	if _, err := catalog.Generate(ctx, store, catalog.Options{Seed: catalogSeed, Credentials: credentials, Learners: learners}); err != nil {
		return nil, fmt.Errorf("%s: catalogue: %w", name, err)
	}
	f := &fixture{name: name, store: store}
	if f.roles, err = allIDs(ctx, store, graph.KindJobRole); err != nil {
		return nil, err
	}
	if f.instances, err = pickInstances(ctx, store); err != nil {
		return nil, err
	}
	for _, in := range f.instances {
		f.learners = append(f.learners, in.learner)
	}
	slices.Sort(f.learners)
	f.learners = slices.Compact(f.learners)
	tb.Logf("%s fixture: ESCO in %.1f s, then %d credentials and %d learners in %.1f s; %d roles; %d instances over %d learners",
		name, imported.Seconds(), credentials, learners, (time.Since(start) - imported).Seconds(), len(f.roles), len(f.instances), len(f.learners))
	return f, nil
}

// pickInstances takes a seeded sample of the (generated learner, targeted role) pairs. A sample
// rather than the first pairs in id order, so that the instances spread over many learners.
func pickInstances(ctx context.Context, store graph.Store) ([]instance, error) {
	ids, err := allIDs(ctx, store, graph.KindLearner)
	if err != nil {
		return nil, err
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return !strings.HasPrefix(id, catalog.IDPrefix) })
	var all []instance
	for start := 0; start < len(ids); start += storeChunk {
		chunk := ids[start:min(start+storeChunk, len(ids))]
		m, err := store.Edges(ctx, graph.RelTargets, graph.Outgoing, chunk)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			for _, e := range m[id] {
				all = append(all, instance{id, e.To})
			}
		}
	}
	if len(all) < instanceCount {
		return nil, fmt.Errorf("only %d learner–role pairs, want %d", len(all), instanceCount)
	}
	// Sorted first, so the sample does not depend on the order the store returns edges in.
	slices.SortFunc(all, cmpInstance)
	all = slices.Compact(all)
	r := rand.New(rand.NewPCG(sampleSeed, 0))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	picked := all[:instanceCount]
	slices.SortFunc(picked, cmpInstance)
	return picked, nil
}

func cmpInstance(a, b instance) int {
	if c := strings.Compare(a.learner, b.learner); c != 0 {
		return c
	}
	return strings.Compare(a.role, b.role)
}

// allIDs pages through every node of a kind, in id order.
func allIDs(ctx context.Context, store graph.Store, k graph.Kind) ([]string, error) {
	var ids []string
	opts := graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	for {
		p, err := store.List(ctx, k, opts)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", k, err)
		}
		for _, n := range p.Items {
			ids = append(ids, n.NodeID())
		}
		if !p.HasNextPage || len(p.Cursors) == 0 {
			return ids, nil
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
}

// roleRequirements reads every role's requirements, as the role-fit index is built from.
func roleRequirements(ctx context.Context, f *fixture) ([]graph.Edge, error) {
	var reqs []graph.Edge
	for start := 0; start < len(f.roles); start += storeChunk {
		chunk := f.roles[start:min(start+storeChunk, len(f.roles))]
		m, err := f.store.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, chunk)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			reqs = append(reqs, m[id]...)
		}
	}
	return reqs, nil
}
