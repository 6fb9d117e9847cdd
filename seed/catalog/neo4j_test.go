package catalog

import (
	"context"
	"testing"

	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// TestGenerateOnSampleNeo4j runs a small generation on the Neo4j that NEO4J_URI names, and
// skips loudly without one.
func TestGenerateOnSampleNeo4j(t *testing.T) {
	dir := seedtest.DataDir(t, "esco-official-sample")
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := esco.Import(ctx, s, []string{dir}, esco.Options{}); err != nil {
		t.Fatal(err)
	}
	opts := Options{Seed: 5, Credentials: 300, Learners: 100, BatchSize: 2000}
	first, snap := generate(t, s, opts)
	checkCatalogue(t, snap)

	again, err := Generate(ctx, s, opts)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if w := again.Written; w.NodesCreated+w.NodesUpdated+w.EdgesCreated+w.EdgesUpdated != 0 ||
		w.NodesUnchanged != first.Written.NodesCreated || w.EdgesUnchanged != first.Written.EdgesCreated {
		t.Errorf("rerun wrote %+v, want everything of %+v unchanged", w, first.Written)
	}

	// The embedded store given the same data holds the same catalogue.
	_, embedded := generate(t, sampleStore(t), opts)
	if embedded.hash() != snap.hash() {
		t.Error("the same seed gave different catalogues on Neo4j and on the embedded store")
	}
}
