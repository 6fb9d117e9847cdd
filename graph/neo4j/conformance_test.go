package neo4j_test

import (
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/graph/storetest"
)

// TestConformance runs the store contract's suite against Neo4j, each test on an emptied
// database.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) graph.Store { return neo4jtest.Open(t, neo4j.WithClock(now)) })
}
