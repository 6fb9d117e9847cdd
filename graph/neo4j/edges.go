package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// toLabels is the label expression of the kinds an edge type points at, e.g. "Credential|Block".
func toLabels(spec graph.RelSpec) string {
	return strings.Join(toStrings(spec.To), "|")
}

// Link creates the edge or replaces the properties of the existing one, after Normalize; for
// RelComprises it appends the component to the block. EINVALID when the edge does not
// validate, an end is missing or of the wrong kind ("from"/"to"), or it would close a cycle
// ("to"); EINTERNAL on failure.
func (s *Store) Link(ctx context.Context, e graph.Edge) error {
	e.Normalize()
	if err := e.Validate(); err != nil {
		return wrap("Link", err)
	}
	spec := graph.Rels[e.Type]
	typ := cypherType(e.Type)
	_, err := storeWriteTx(ctx, s, e.Type.Personal(), func(ctx context.Context, tx driver.ManagedTransaction) (bool, error) {
		if err := lockAcyclic(ctx, tx, e.Type); err != nil {
			return false, err
		}
		kinds, err := kindsOf(ctx, tx, []string{e.From, e.To})
		if err != nil {
			return false, err
		}
		if kinds[e.From] != spec.From {
			return false, graph.Invalid("from", "no %s %q", spec.From, e.From)
		}
		if !slices.Contains(spec.To, kinds[e.To]) {
			return false, graph.Invalid("to", "no %s %q", strings.Join(toStrings(spec.To), " or "), e.To)
		}
		if spec.Acyclic {
			i, err := closingCycle(ctx, tx, typ, []cycleRow{{I: 0, From: e.From, To: e.To}})
			if err != nil {
				return false, err
			}
			if i >= 0 {
				return false, graph.Invalid("to", "%s from %q to %q would close a cycle", e.Type, e.From, e.To)
			}
		}
		if e.Type == graph.RelComprises {
			return true, editBlock(ctx, tx, s.now(), e.From, func(b *graph.Block) (bool, error) {
				if slices.Contains(b.Components, e.To) {
					return false, nil
				}
				b.Components = append(b.Components, e.To)
				return true, nil
			})
		}
		q := fmt.Sprintf("MATCH (a:Node {id: $from}) MATCH (b:Node {id: $to}) MERGE (a)-[r:%s]->(b) SET r = $props", typ)
		return true, exec(ctx, tx, q, map[string]any{"from": e.From, "to": e.To, "props": edgeProps(e)})
	})
	return wrap("Link", err)
}

// Unlink removes the edge of type t from one node to another; for RelComprises it removes the
// component from the block. ENOTFOUND when there is no such edge; EINVALID ("type") for an
// unknown type, ("components") when the block's rule could no longer be satisfied.
func (s *Store) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	spec, ok := graph.Rels[t]
	if !ok {
		return wrap("Unlink", graph.Invalid("type", "unknown relationship type %q", string(t)))
	}
	_, err := storeWriteTx(ctx, s, t.Personal(), func(ctx context.Context, tx driver.ManagedTransaction) (bool, error) {
		q := fmt.Sprintf("MATCH (a:Node {id: $from})-[r:%s]->(b:Node {id: $to}) WHERE a:%s AND b:%s RETURN count(r) AS c",
			cypherType(t), spec.From, toLabels(spec))
		params := map[string]any{"from": from, "to": to}
		recs, err := collect(ctx, tx, q, params)
		if err != nil || len(recs) == 0 {
			return false, err
		}
		c, err := get[int64](recs[0], "c")
		if err != nil {
			return false, err
		}
		if c == 0 {
			return false, graph.Errorf(graph.ENOTFOUND, "no %s edge from %q to %q", t, from, to)
		}
		if t == graph.RelComprises {
			return true, editBlock(ctx, tx, s.now(), from, func(b *graph.Block) (bool, error) {
				b.Components = slices.DeleteFunc(b.Components, func(id string) bool { return id == to })
				err := b.Validate()
				if err == nil {
					err = checkRule(ctx, tx, b)
				}
				if err != nil {
					return false, graph.Invalid("components", "without %q the block's rule could never be satisfied (%s)", to, graph.ErrorMessage(err))
				}
				return true, nil
			})
		}
		q = fmt.Sprintf("MATCH (a:Node {id: $from})-[r:%s]->(b:Node {id: $to}) WHERE a:%s AND b:%s DELETE r",
			cypherType(t), spec.From, toLabels(spec))
		return true, exec(ctx, tx, q, params)
	})
	return wrap("Unlink", err)
}

// editBlock applies edit to the stored block and, when it reports a change, writes the block
// back with UpdatedAt now (or just after the stored one) and its COMPRISES relationships rebuilt.
func editBlock(ctx context.Context, tx driver.ManagedTransaction, now time.Time, id string, edit func(*graph.Block) (bool, error)) error {
	recs, err := collect(ctx, tx, "MATCH (n:Node {id: $id}) WHERE n:Block RETURN n", map[string]any{"id": id})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return graph.NotFound(graph.KindBlock, id)
	}
	v, _ := recs[0].Get("n")
	n, err := nodeValue(v)
	if err != nil {
		return err
	}
	b, ok := n.(*graph.Block)
	if !ok {
		return fmt.Errorf("node %q decoded as %T", id, n)
	}
	changed, err := edit(b)
	if err != nil || !changed {
		return err
	}
	props, err := encode(b)
	if err != nil {
		return err
	}
	p, stored, err := stamped(graph.KindBlock, props, graph.FormatTime(b.CreatedAt), later(graph.FormatTime(b.UpdatedAt), now))
	if err != nil {
		return err
	}
	return writeNodes(ctx, tx, nil, []nodeWrite{{graph.KindBlock, p, refRels(stored)}})
}

// Edges returns the edges of type t at each of ids, seen from dir, that f keeps (filtered in
// the query), keyed by the given id, ordered by the other end's id (outgoing COMPRISES: in the
// block's component order). EINVALID ("type", "direction", "filter.*") for an unknown type or
// direction or a filter the type does not carry; EINTERNAL on failure.
func (s *Store) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	spec, ok := graph.Rels[t]
	if !ok {
		return nil, wrap("Edges", graph.Invalid("type", "unknown relationship type %q", string(t)))
	}
	var q string
	switch dir {
	case graph.Outgoing:
		q = "UNWIND $ids AS id MATCH (a:Node {id: id})-[r:%s]->(b:Node) WHERE a:%s AND b:%s%s RETURN id, collect([b.id, properties(r), coalesce(r.position, 0)]) AS es"
	case graph.Incoming:
		q = "UNWIND $ids AS id MATCH (b:Node {id: id})<-[r:%s]-(a:Node) WHERE a:%s AND b:%s%s RETURN id, collect([a.id, properties(r), 0]) AS es"
	default:
		return nil, wrap("Edges", graph.Invalid("direction", "unknown direction %d", dir))
	}
	if err := f.Check(t); err != nil {
		return nil, wrap("Edges", err)
	}
	params := map[string]any{}
	var keep string
	if f.Importance != "" {
		keep += " AND r.importance = $importance"
		params["importance"] = string(f.Importance)
	}
	if f.MinLevel != 0 {
		keep += " AND r.level >= $minLevel"
		params["minLevel"] = int64(f.MinLevel)
	}
	q = fmt.Sprintf(q, cypherType(t), spec.From, toLabels(spec), keep)
	ids = graph.UniqueIDs(ids)
	if len(ids) == 0 {
		return map[string][]graph.Edge{}, nil
	}
	params["ids"] = ids
	type edgeAt struct {
		edge graph.Edge
		pos  int64
	}
	out, err := readOne(ctx, s, func(ctx context.Context, tx runner) (map[string][]edgeAt, error) {
		recs, err := collect(ctx, tx, q, params)
		if err != nil {
			return nil, err
		}
		// One record per id, its edges collected: the driver's cost is per record, and a role
		// has dozens of requirements.
		m := map[string][]edgeAt{}
		for _, r := range recs {
			id, err := get[string](r, "id")
			if err != nil {
				return nil, err
			}
			es, err := triples(r, id)
			if err != nil {
				return nil, err
			}
			for _, triple := range es {
				other, ok1 := triple[0].(string)
				pos, ok2 := triple[2].(int64)
				if !ok1 || !ok2 {
					return nil, fmt.Errorf("edges of %q: unexpected item %v", id, triple)
				}
				from, to := id, other
				if dir == graph.Incoming {
					from, to = other, id
				}
				e, err := edgeOf(t, from, to, triple[1])
				if err != nil {
					return nil, err
				}
				m[id] = append(m[id], edgeAt{e, pos})
			}
		}
		return m, nil
	})
	if err != nil {
		return nil, wrap("Edges", err)
	}
	byOrder := dir == graph.Outgoing && t == graph.RelComprises
	res := make(map[string][]graph.Edge, len(out))
	for id, list := range out {
		slices.SortFunc(list, func(x, y edgeAt) int {
			if byOrder {
				if c := cmp.Compare(x.pos, y.pos); c != 0 {
					return c
				}
			}
			if dir == graph.Outgoing {
				return strings.Compare(x.edge.To, y.edge.To)
			}
			return strings.Compare(x.edge.From, y.edge.From)
		})
		edges := make([]graph.Edge, len(list))
		for i, x := range list {
			edges[i] = x.edge
		}
		res[id] = edges
	}
	return res, nil
}

// triples reads a record's "es": the edges of one node collected as lists of three items.
func triples(r *driver.Record, of string) ([][]any, error) {
	es, err := get[[]any](r, "es")
	if err != nil {
		return nil, err
	}
	out := make([][]any, len(es))
	for i, raw := range es {
		t, ok := raw.([]any)
		if !ok || len(t) != 3 {
			return nil, fmt.Errorf("edges of %q: unexpected item %T", of, raw)
		}
		out[i] = t
	}
	return out, nil
}
