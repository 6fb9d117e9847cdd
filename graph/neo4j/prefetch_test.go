package neo4j_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

// GetWithEdges answers in one statement what Get and Edges answer apart, with the catalogue's
// version as CatalogueVersion reads it.
func TestGetWithEdgesMatchesReadsApart(t *testing.T) {
	ctx := context.Background()
	s := neo4jtest.Open(t)
	_, err := s.BulkUpsert(ctx, graph.Batch{
		Nodes: []graph.Node{
			&graph.Competency{Meta: graph.Meta{ID: "sql"}, Name: "SQL", Type: graph.CompetencyTypeSkill},
			&graph.Competency{Meta: graph.Meta{ID: "python"}, Name: "Python", Type: graph.CompetencyTypeSkill},
			&graph.JobRole{Meta: graph.Meta{ID: "analyst"}, Title: "Data analyst"},
			&graph.Learner{Meta: graph.Meta{ID: "lea"}, Name: "Léa"},
			&graph.Learner{Meta: graph.Meta{ID: "noel"}, Name: "Noël"},
		},
		Edges: []graph.Edge{
			{Type: graph.RelHas, From: "lea", To: "sql", Level: 3, Source: graph.SourceDeclared},
			{Type: graph.RelHas, From: "lea", To: "python", Level: 2, Source: graph.SourceDeclared},
			{Type: graph.RelTargets, From: "lea", To: "analyst"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	types := []graph.RelType{graph.RelHas, graph.RelTargets}
	for _, id := range []string{"lea", "noel"} {
		got, version, err := s.GetWithEdgesVersioned(ctx, graph.KindLearner, id, types)
		if err != nil {
			t.Fatal(err)
		}
		want, err := graph.ReadWithEdgesApart(ctx, s, graph.KindLearner, id, types)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got.Node) != fmt.Sprint(want.Node) || fmt.Sprint(got.Edges) != fmt.Sprint(want.Edges) {
			t.Errorf("%s: read along %v %v, apart %v %v", id, got.Node, got.Edges, want.Node, want.Edges)
		}
		if v, err := s.CatalogueVersion(ctx); err != nil || v != version {
			t.Errorf("%s: version %q, CatalogueVersion %q (%v)", id, version, v, err)
		}
	}
	if _, err := s.GetWithEdges(ctx, graph.KindLearner, "nobody", types); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("a missing learner: %v, want ENOTFOUND", err)
	}
	if _, err := s.GetWithEdges(ctx, graph.KindLearner, "lea", []graph.RelType{graph.RelCertifies}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("edges that do not start at a learner: %v, want EINVALID", err)
	}
}
