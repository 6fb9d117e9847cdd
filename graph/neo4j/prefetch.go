package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

var _ graph.EdgesReader = (*Store)(nil)

// GetWithEdges returns a node with its outgoing edges of the given types, in one statement that
// also reads the catalogue's version: one round trip for a learner's page with their holdings.
// ENOTFOUND when there is no node of kind k with id; EINVALID for an unknown kind or a type that
// does not start at k; EINTERNAL on failure.
func (s *Store) GetWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, error) {
	out, _, err := s.getWithEdges(ctx, k, id, types)
	return out, err
}

// GetWithEdgesVersioned is GetWithEdges with the catalogue's version read in the same statement
// (graph.VersionedReader).
func (s *Store) GetWithEdgesVersioned(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, string, error) {
	return s.getWithEdges(ctx, k, id, types)
}

func (s *Store) getWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, string, error) {
	if !k.Valid() {
		return nil, "", wrap("GetWithEdges", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	if err := graph.CheckEdgeTypesFrom(k, types); err != nil {
		return nil, "", wrap("GetWithEdges", err)
	}
	var q strings.Builder
	fmt.Fprintf(&q, "OPTIONAL MATCH (m:Meta {name: 'catalogue'}) WITH coalesce(m.version, '') AS v "+
		"OPTIONAL MATCH (n:Node {id: $id}) WHERE n:%s RETURN v, n", k)
	for i, t := range types {
		// One COLLECT subquery per type: the node's edges of that type as [other id, properties,
		// position].
		fmt.Fprintf(&q, ", COLLECT { MATCH (n)-[r:%s]->(b:Node) WHERE b:%s RETURN [b.id, properties(r), coalesce(r.position, 0)] } AS e%d",
			cypherType(t), toLabels(graph.Rels[t]), i)
	}
	type result struct {
		out     *graph.NodeEdges
		version string
	}
	res, err := readOne(ctx, s, func(ctx context.Context, tx runner) (result, error) {
		recs, err := collect(ctx, tx, q.String(), map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return result{}, err
		}
		rec := recs[0]
		v, err := get[string](rec, "v")
		if err != nil {
			return result{}, err
		}
		raw, _ := rec.Get("n")
		if raw == nil {
			return result{version: v}, nil
		}
		n, err := nodeValue(raw)
		if err != nil {
			return result{}, err
		}
		out := &graph.NodeEdges{Node: n, Edges: make(map[graph.RelType][]graph.Edge, len(types))}
		for i, t := range types {
			items, err := get[[]any](rec, fmt.Sprintf("e%d", i))
			if err != nil {
				return result{}, err
			}
			type edgeAt struct {
				edge graph.Edge
				pos  int64
			}
			es := make([]edgeAt, 0, len(items))
			for _, item := range items {
				triple, ok := item.([]any)
				if !ok || len(triple) != 3 {
					return result{}, fmt.Errorf("%s edges of %q: unexpected item %v", t, id, item)
				}
				to, ok1 := triple[0].(string)
				pos, ok2 := triple[2].(int64)
				if !ok1 || !ok2 {
					return result{}, fmt.Errorf("%s edges of %q: unexpected item %v", t, id, item)
				}
				e, err := edgeOf(t, id, to, triple[1])
				if err != nil {
					return result{}, err
				}
				es = append(es, edgeAt{e, pos})
			}
			// The order of Store.Edges for outgoing edges: a block's components by position.
			slices.SortFunc(es, func(x, y edgeAt) int {
				if t == graph.RelComprises && x.pos != y.pos {
					return cmp.Compare(x.pos, y.pos)
				}
				return strings.Compare(x.edge.To, y.edge.To)
			})
			list := make([]graph.Edge, len(es))
			for j, x := range es {
				list[j] = x.edge
			}
			out.Edges[t] = list
		}
		return result{out: out, version: v}, nil
	})
	if err == nil && res.out == nil {
		err = graph.NotFound(k, id)
	}
	return res.out, res.version, wrap("GetWithEdges", err)
}
