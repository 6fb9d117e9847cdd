package cached_test

import (
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/graph/storetest"
)

// TestConformance runs the store contract's suite against the memory copy over Neo4j. In
// Sync mode every read after a write reloads the copy first, so the catalogue's reads are
// answered from memory throughout, and the suite checks them.
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("the Neo4j store's own conformance run covers the writes; -short keeps the memory path's other tests")
	}
	storetest.Run(t, func(t *testing.T, now func() time.Time) graph.Store {
		return cached.New(neo4jtest.Open(t, neo4j.WithClock(now)), cached.Options{Sync: true})
	})
}
