package storebench_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// fixture is what the benchmarks query, prepared once per store.
type fixture struct {
	store     graph.Store
	ids       []string // competency ids
	learnerID string
	roleID    string
}

// prepare imports full ESCO into s, then adds a small catalogue around one role: an
// organisation, credentials certifying the role's requirements with prerequisite chains, and a
// learner holding some of them.
func prepare(b *testing.B, name string, s graph.Store) *fixture {
	ctx := context.Background()
	start := time.Now()
	if _, err := esco.Import(ctx, s, seedtest.OfficialZips(b), esco.Options{}); err != nil {
		b.Fatalf("%s: import: %v", name, err)
	}
	b.Logf("%s: full ESCO import took %s", name, time.Since(start).Round(time.Millisecond))

	page, err := s.List(ctx, graph.KindCompetency, graph.ListOptions{First: graph.MaxPageSize,
		OrderBy: graph.OrderBy{Field: graph.OrderByID}})
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{store: s}
	for _, n := range page.Items {
		f.ids = append(f.ids, n.NodeID())
	}
	roles, err := s.List(ctx, graph.KindJobRole, graph.ListOptions{First: 1,
		Filter: graph.Filter{Text: "software developer"}})
	if err != nil || len(roles.Items) == 0 {
		b.Fatalf("no software developer role: %v", err)
	}
	f.roleID = roles.Items[0].NodeID()
	reqs, err := s.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, []string{f.roleID}, graph.EdgeFilter{})
	if err != nil {
		b.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	batch := graph.Batch{Nodes: []graph.Node{&graph.Organization{Meta: graph.Meta{ID: "bench-org"}, Name: "Bench Academy"}}}
	var prev string
	for i, req := range reqs[f.roleID] {
		for j := 0; j < 3; j++ {
			id := fmt.Sprintf("bench-cred-%d-%d", i, j)
			batch.Nodes = append(batch.Nodes, &graph.Credential{Meta: graph.Meta{ID: id},
				Title: fmt.Sprintf("Course %d.%d", i, j), Hours: float64(7 + rng.IntN(60)),
				Modality: graph.ModalityRemote, Language: "en", Price: float64(100 + rng.IntN(900)),
				OrganizationID: "bench-org"})
			batch.Edges = append(batch.Edges, graph.Edge{Type: graph.RelCertifies, From: id, To: req.To, Level: 1 + rng.IntN(4)})
			if prev != "" && rng.IntN(3) == 0 {
				batch.Edges = append(batch.Edges, graph.Edge{Type: graph.RelPrerequisite, From: id, To: prev})
			}
			prev = id
		}
	}
	f.learnerID = "bench-learner"
	batch.Nodes = append(batch.Nodes, &graph.Learner{Meta: graph.Meta{ID: f.learnerID}, Name: "Bench Learner"})
	for i, req := range reqs[f.roleID] {
		if i%4 == 0 {
			batch.Edges = append(batch.Edges, graph.Edge{Type: graph.RelHas, From: f.learnerID, To: req.To, Level: 2})
		}
	}
	if _, err := s.BulkUpsert(ctx, batch); err != nil {
		b.Fatalf("%s: catalogue: %v", name, err)
	}
	return f
}

func (f *fixture) run(b *testing.B) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	b.Run("GetMany100", func(b *testing.B) {
		ids := make([]string, 100)
		for i := 0; b.Loop(); i++ {
			for j := range ids {
				ids[j] = f.ids[rng.IntN(len(f.ids))]
			}
			got, err := f.store.GetMany(ctx, graph.KindCompetency, ids)
			if err != nil || len(got) == 0 {
				b.Fatalf("GetMany: %d, %v", len(got), err)
			}
		}
	})
	b.Run("ListFiltered50", func(b *testing.B) {
		opts := graph.ListOptions{First: 50, Filter: graph.Filter{
			FrameworkIDs:    []string{"esco"},
			CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeSkill},
			ReuseLevels:     []graph.ReuseLevel{graph.ReuseSectorSpecific},
		}}
		for b.Loop() {
			p, err := f.store.List(ctx, graph.KindCompetency, opts)
			if err != nil || len(p.Items) != 50 {
				b.Fatalf("List: %v", err)
			}
		}
	})
	b.Run("Search", func(b *testing.B) {
		queries := []string{"data analysis", "project management", "python", "customer service", "machine learning"}
		for i := 0; b.Loop(); i++ {
			if _, err := f.store.Search(ctx, graph.SearchQuery{Text: queries[i%len(queries)], Limit: 20}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("PathwayContext", func(b *testing.B) {
		for b.Loop() {
			pc, err := f.store.PathwayContext(ctx, f.learnerID, f.roleID)
			if err != nil || len(pc.Requirements) == 0 || len(pc.Credentials)+len(pc.Members) == 0 {
				b.Fatalf("PathwayContext: %v", err)
			}
		}
	})
}

// BenchmarkEmbedded measures the embedded store; it is the baseline.
func BenchmarkEmbedded(b *testing.B) {
	seedtest.OfficialZips(b)
	s, err := embedded.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	prepare(b, "embedded", s).run(b)
}

// BenchmarkNeo4j measures the Neo4j store on the same data and queries: every read from the
// database (direct), and as serve reads, with the catalogue copied into memory (cached; each
// call checks the copy's version, one round trip, as the first call of a request does).
func BenchmarkNeo4j(b *testing.B) {
	seedtest.OfficialZips(b)
	s := neo4jtest.Open(b)
	f := prepare(b, "neo4j", s)
	b.Run("direct", f.run)
	c := cached.New(s, cached.Options{Logger: slog.New(slog.DiscardHandler)})
	if err := c.Load(context.Background()); err != nil {
		b.Fatal(err)
	}
	withCopy := *f
	withCopy.store = c
	b.Run("cached", withCopy.run)
}

// BenchmarkEmbeddedImport measures the full ESCO import into an empty embedded store, as
// `skillgraph import esco` runs it.
func BenchmarkEmbeddedImport(b *testing.B) {
	zips := seedtest.OfficialZips(b)
	for b.Loop() {
		b.StopTimer()
		s, err := embedded.Open(filepath.Join(b.TempDir(), "import.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := esco.Import(context.Background(), s, zips, esco.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkEmbeddedOpen measures opening an embedded store that holds full ESCO: the time to
// rebuild its in-memory indexes, and the heap they take (heap-MB).
func BenchmarkEmbeddedOpen(b *testing.B) {
	zips := seedtest.OfficialZips(b)
	path := filepath.Join(b.TempDir(), "open.db")
	s, err := embedded.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := esco.Import(context.Background(), s, zips, esco.Options{}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
	var heap []float64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := embedded.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		heap = append(heap, float64(after.HeapInuse-min(after.HeapInuse, before.HeapInuse))/(1<<20))
		s.Close()
	}
	sort.Float64s(heap)
	b.ReportMetric(heap[len(heap)/2], "heap-MB")
}
