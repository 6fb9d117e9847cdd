package neo4j

import (
	"context"
	"fmt"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// PathwayContext returns everything the pathway engine needs for a learner and a target role,
// assembled by graph.ReadPathwayContext over this store's reads. ENOTFOUND when either does
// not exist; EINTERNAL on failure.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	pc, err := graph.ReadPathwayContext(ctx, s, learnerID, roleID)
	return pc, wrap("PathwayContext", err)
}

// Stats counts nodes per kind and edges per type, every kind and type present. Each count is a
// subquery of its own, without a grouping key, so that Neo4j answers it from its count store
// (a label, or a relationship type with its start's label) however large the graph.
// EINTERNAL on failure.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	var b strings.Builder
	var cols []string
	for i, k := range graph.Kinds {
		fmt.Fprintf(&b, "CALL { MATCH (n:%s) RETURN count(n) AS n%d }\n", k, i)
		cols = append(cols, fmt.Sprintf("n%d", i))
	}
	for i, t := range graph.RelTypes {
		fmt.Fprintf(&b, "CALL { MATCH (:%s)-[r:%s]->() RETURN count(r) AS e%d }\n", graph.Rels[t].From, cypherType(t), i)
		cols = append(cols, fmt.Sprintf("e%d", i))
	}
	query := b.String() + "RETURN " + strings.Join(cols, ", ")
	st, err := readTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (*graph.Stats, error) {
		recs, err := collect(ctx, tx, query, nil)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("stats query returned %d records", len(recs))
		}
		st := &graph.Stats{Nodes: map[graph.Kind]int{}, Edges: map[graph.RelType]int{}}
		for i, k := range graph.Kinds {
			c, err := get[int64](recs[0], fmt.Sprintf("n%d", i))
			if err != nil {
				return nil, err
			}
			st.Nodes[k] = int(c)
		}
		for i, t := range graph.RelTypes {
			c, err := get[int64](recs[0], fmt.Sprintf("e%d", i))
			if err != nil {
				return nil, err
			}
			st.Edges[t] = int(c)
		}
		return st, nil
	})
	return st, wrap("Stats", err)
}
