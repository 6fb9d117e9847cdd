package neo4j_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/esco"
)

func TestZZESCOPerf(t *testing.T) {
	zips, _ := filepath.Glob("/work/shared/data/esco-official/*.zip")
	s := neo4jtest.Open(t)
	for i := 0; i < 2; i++ {
		start := time.Now()
		if _, err := esco.Import(ctx, s, zips, esco.Options{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("import %d: %v", i, time.Since(start))
	}
	timeit := func(name string, n int, f func() error) {
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := f(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		t.Logf("%-20s %v/op", name, time.Since(start)/time.Duration(n))
	}
	page, _ := s.List(ctx, graph.KindCompetency, graph.ListOptions{First: 1000, OrderBy: graph.OrderBy{Field: graph.OrderByID}})
	var ids []string
	for _, n := range page.Items[:100] {
		ids = append(ids, n.NodeID())
	}
	timeit("GetMany100", 50, func() error { _, err := s.GetMany(ctx, graph.KindCompetency, ids); return err })
	timeit("ListFiltered50", 50, func() error {
		_, err := s.List(ctx, graph.KindCompetency, graph.ListOptions{First: 50, Filter: graph.Filter{FrameworkIDs: []string{"esco"},
			CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeSkill}, ReuseLevels: []graph.ReuseLevel{graph.ReuseSectorSpecific}}})
		return err
	})
	timeit("ListName50", 50, func() error { _, err := s.List(ctx, graph.KindCompetency, graph.ListOptions{First: 50}); return err })
	timeit("ListText", 50, func() error {
		_, err := s.List(ctx, graph.KindJobRole, graph.ListOptions{First: 1, Filter: graph.Filter{Text: "software developer"}})
		return err
	})
	for _, q := range []string{"data analysis", "project management", "python", "customer service", "machine learning", "a"} {
		timeit("Search "+q, 20, func() error { _, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: 20}); return err })
	}
	hits, _ := s.Search(ctx, graph.SearchQuery{Text: "project management", Limit: 5})
	for _, h := range hits {
		t.Logf("  %.1f %s", h.Score, h.Node.DisplayName())
	}
	roles, _ := s.List(ctx, graph.KindJobRole, graph.ListOptions{First: 1, Filter: graph.Filter{Text: "software developer"}})
	role := roles.Items[0].NodeID()
	if _, err := s.Create(ctx, &graph.Learner{Meta: graph.Meta{ID: "l"}, Name: "L"}); err != nil {
		t.Fatal(err)
	}
	timeit("PathwayContext", 20, func() error { _, err := s.PathwayContext(ctx, "l", role); return err })
	timeit("Stats", 20, func() error { _, err := s.Stats(ctx); return err })
	timeit("EdgesBroader100", 20, func() error { _, err := s.Edges(ctx, graph.RelBroader, graph.Outgoing, ids); return err })
}
