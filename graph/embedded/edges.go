package embedded

import (
	"context"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// Link creates the edge, or replaces the properties of the edge of its type between the same
// nodes, after Normalize. For RelComprises it appends the component to the block (nothing
// when present). EINVALID when the edge does not validate, an end does not exist or has the
// wrong kind ("from"/"to"), or an acyclic type would close a cycle ("to"); EINTERNAL when the
// file cannot be written.
func (s *Store) Link(ctx context.Context, e graph.Edge) error {
	if err := ctx.Err(); err != nil {
		return wrap("Link", err)
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		return wrap("Link", err)
	}
	spec := graph.Rels[e.Type]
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return wrap("Link", err)
	}
	if err := checkEnds(e, spec, s.kindOf, "from", "to"); err != nil {
		return wrap("Link", err)
	}
	if spec.Acyclic && s.reaches(e.Type, e.To, e.From, map[string]bool{}) {
		return wrap("Link", graph.Invalid("to", "%s from %q to %q would close a cycle", e.Type, e.From, e.To))
	}
	if e.Type == graph.RelComprises {
		b := s.nodes[e.From].n.(*graph.Block)
		if slices.Contains(b.Components, e.To) {
			return nil
		}
		nb := cloneNode(b).(*graph.Block)
		nb.Components = append(nb.Components, e.To)
		if err := nb.Validate(); err != nil {
			return wrap("Link", graph.Invalid("to", "cannot add %q to block %q: %s", e.To, e.From, graph.ErrorMessage(err)))
		}
		return wrap("Link", s.writeBlock(ctx, nb))
	}
	a := s.adj[e.Type]
	if old, ok := a.find(e.From, e.To); ok && graph.SameEdge(a.edge(old), e) {
		return nil
	}
	return wrap("Link", s.write(ctx, &changes{edges: []graph.Edge{e}}))
}

func kindNames(kinds []graph.Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return strings.Join(names, " or ")
}

// writeBlock stores b, a changed copy of a stored block, with a new UpdatedAt. Callers hold
// s.wmu.
func (s *Store) writeBlock(ctx context.Context, b *graph.Block) error {
	graph.Stamp(b, b.CreatedAt, later(b.UpdatedAt, s.now()))
	return s.write(ctx, &changes{nodes: []graph.Node{b}})
}

// Unlink removes the edge of type t from one node to another; for RelComprises it removes
// the component from the block. ENOTFOUND when there is no such edge; EINVALID ("type") for
// an unknown type, ("components") when the block's rule could no longer be satisfied or no
// component would remain; EINTERNAL when the file cannot be written.
func (s *Store) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	if err := ctx.Err(); err != nil {
		return wrap("Unlink", err)
	}
	if _, ok := graph.Rels[t]; !ok {
		return wrap("Unlink", graph.Invalid("type", "unknown relationship type %q", string(t)))
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return wrap("Unlink", err)
	}
	if _, ok := s.adj[t].find(from, to); !ok {
		return wrap("Unlink", graph.Errorf(graph.ENOTFOUND, "no %s edge from %q to %q", t, from, to))
	}
	if t != graph.RelComprises {
		return wrap("Unlink", s.write(ctx, &changes{unlinked: []edgeKey{{t, from, to}}}))
	}
	nb := cloneNode(s.nodes[from].n).(*graph.Block)
	nb.Components = slices.DeleteFunc(nb.Components, func(id string) bool { return id == to })
	if len(nb.Components) == 0 {
		return wrap("Unlink", graph.Invalid("components", "%q is the last component of block %q", to, from))
	}
	err := nb.Validate()
	if err == nil {
		err = graph.CheckRule(nb, componentInfo(nb.Components, s.node, map[string][]string{}))
	}
	if err != nil {
		return wrap("Unlink", graph.Invalid("components", "without %q the rule of block %q could never be satisfied (%s)",
			to, from, graph.ErrorMessage(err)))
	}
	return wrap("Unlink", s.writeBlock(ctx, nb))
}

// Edges returns the edges of type t at each of ids, seen from dir, that f keeps, keyed by the
// given id (ids without such edges are absent), ordered by the other end's id; outgoing
// COMPRISES edges follow the block's component order. EINVALID ("type", "direction",
// "filter.*") for an unknown type or direction or a filter the type does not carry; EINTERNAL
// once closed.
func (s *Store) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("Edges", err)
	}
	if _, ok := graph.Rels[t]; !ok {
		return nil, wrap("Edges", graph.Invalid("type", "unknown relationship type %q", string(t)))
	}
	if dir != graph.Outgoing && dir != graph.Incoming {
		return nil, wrap("Edges", graph.Invalid("direction", "unknown direction %d", dir))
	}
	if err := f.Check(t); err != nil {
		return nil, wrap("Edges", err)
	}
	filtered := f != graph.EdgeFilter{}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("Edges", err)
	}
	a := s.adj[t]
	out := make(map[string][]graph.Edge, len(ids))
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		if dir == graph.Outgoing && t == graph.RelComprises {
			if b, ok := s.node(id).(*graph.Block); ok {
				list := make([]graph.Edge, len(b.Components))
				for i, c := range b.Components {
					list[i] = graph.Edge{Type: graph.RelComprises, From: id, To: c}
				}
				out[id] = list
			}
			continue
		}
		list := a.outOf(id)
		if dir == graph.Incoming {
			list = a.inOf(id)
		}
		if filtered {
			var kept []graph.Edge
			for _, e := range list {
				if g := a.edge(e); f.Keeps(g) {
					kept = append(kept, g)
				}
			}
			if len(kept) > 0 {
				out[id] = kept
			}
			continue
		}
		if len(list) > 0 {
			out[id] = a.edges(list)
		}
	}
	return out, nil
}
