package resolvers

import (
	"context"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// linked is one item of a relationship list: the edge and the node at its other end.
type linked[T graph.Node] struct {
	cursor string
	edge   graph.Edge
	node   T
}

// pagedLinks pages a relationship list and loads the nodes at the other ends of the page's
// edges (kind k) through the request's loaders.
func pagedLinks[T graph.Node](ctx context.Context, l *Loaders, k graph.Kind, es []graph.Edge,
	other func(graph.Edge) string, first *int, after *string) (window, []linked[T], error) {
	w, err := pageOf(len(es), first, after)
	if err != nil {
		return w, nil, err
	}
	page := es[w.start:w.end]
	ids := make([]string, len(page))
	for i, e := range page {
		ids[i] = other(e)
	}
	ns, err := l.nodesOf(ctx, k, ids)
	if err != nil {
		return w, nil, err
	}
	byID := make(map[string]T, len(ns))
	for _, n := range ns {
		if t, ok := n.(T); ok {
			byID[n.NodeID()] = t
		}
	}
	out := make([]linked[T], 0, len(page))
	for i, e := range page {
		if n, ok := byID[ids[i]]; ok {
			out = append(out, linked[T]{cursor: offsetCursor(w.start + i), edge: e, node: n})
		}
	}
	return w, out, nil
}

func to(e graph.Edge) string   { return e.To }
func from(e graph.Edge) string { return e.From }

// links reads the edges of type t at id that f keeps and pages the nodes at their other ends.
func links[T graph.Node](ctx context.Context, r *Resolver, t graph.RelType, dir graph.Direction, id string, k graph.Kind,
	f graph.EdgeFilter, first *int, after *string) (window, []linked[T], error) {
	l := r.loaders(ctx)
	es, err := l.edgesOf(ctx, t, dir, f, id)
	if err != nil {
		return window{}, nil, err
	}
	other := to
	if dir == graph.Incoming {
		other = from
	}
	return pagedLinks[T](ctx, l, k, es, other, first, after)
}

func (r *Resolver) competencyLinks(ctx context.Context, t graph.RelType, dir graph.Direction, id string, first *int, after *string) (*model.CompetencyConnection, error) {
	w, items, err := links[*graph.Competency](ctx, r, t, dir, id, graph.KindCompetency, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.CompetencyConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.CompetencyEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.CompetencyEdge{Cursor: it.cursor, Node: it.node}
	}
	return c, nil
}

func (r *Resolver) competencyLevelLinks(ctx context.Context, t graph.RelType, id string, first *int, after *string) (*model.CompetencyLevelConnection, error) {
	w, items, err := links[*graph.Competency](ctx, r, t, graph.Outgoing, id, graph.KindCompetency, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.CompetencyLevelConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.CompetencyLevelEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.CompetencyLevelEdge{Cursor: it.cursor, Node: it.node, Level: it.edge.Level}
	}
	return c, nil
}

func (r *Resolver) credentialLinks(ctx context.Context, t graph.RelType, dir graph.Direction, id string, first *int, after *string) (*model.CredentialConnection, error) {
	w, items, err := links[*graph.Credential](ctx, r, t, dir, id, graph.KindCredential, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.CredentialConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.CredentialEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.CredentialEdge{Cursor: it.cursor, Node: it.node}
	}
	return c, nil
}

func (r *Resolver) blockLinks(ctx context.Context, id string, first *int, after *string) (*model.BlockConnection, error) {
	w, items, err := links[*graph.Block](ctx, r, graph.RelComprises, graph.Incoming, id, graph.KindBlock, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.BlockConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.BlockEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.BlockEdge{Cursor: it.cursor, Node: it.node}
	}
	return c, nil
}

func (r *Resolver) jobRoleLinks(ctx context.Context, t graph.RelType, id string, first *int, after *string) (*model.JobRoleConnection, error) {
	w, items, err := links[*graph.JobRole](ctx, r, t, graph.Outgoing, id, graph.KindJobRole, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.JobRoleConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.JobRoleEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.JobRoleEdge{Cursor: it.cursor, Node: it.node}
	}
	return c, nil
}

// related merges both directions of RELATED: the relation reads the same from either end.
func (r *Resolver) related(ctx context.Context, id string, first *int, after *string) (*model.RelatedCompetencyConnection, error) {
	l := r.loaders(ctx)
	out, err := l.edgesOf(ctx, graph.RelRelated, graph.Outgoing, graph.EdgeFilter{}, id)
	if err != nil {
		return nil, err
	}
	in, err := l.edgesOf(ctx, graph.RelRelated, graph.Incoming, graph.EdgeFilter{}, id)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var es []graph.Edge
	for _, e := range out {
		seen[e.To] = true
		es = append(es, e)
	}
	for _, e := range in {
		if !seen[e.From] {
			// Seen from this end, the other node is e.From.
			es = append(es, graph.Edge{Type: e.Type, From: e.To, To: e.From, Kind: e.Kind})
		}
	}
	w, items, err := pagedLinks[*graph.Competency](ctx, l, graph.KindCompetency, es, to, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.RelatedCompetencyConnection{PageInfo: w.info, TotalCount: w.total, Edges: []*model.RelatedCompetencyEdge{}}
	for _, it := range items {
		e := &model.RelatedCompetencyEdge{Cursor: it.cursor, Node: it.node}
		if it.edge.Kind != "" {
			k := it.edge.Kind
			e.Kind = &k
		}
		c.Edges = append(c.Edges, e)
	}
	return c, nil
}

// nonEmpty returns nil for an empty value, so optional enums and strings read as null.
func nonEmpty[T ~string](v T) *T {
	if v == "" {
		return nil
	}
	return &v
}

func nonZero[T int | float64](v T) *T {
	if v == 0 {
		return nil
	}
	return &v
}

func (r *Resolver) certifiedBy(ctx context.Context, id string, first *int, after *string, minLevel *int) (*model.CredentialLevelConnection, error) {
	var f graph.EdgeFilter
	if minLevel != nil {
		if *minLevel < graph.MinLevel || *minLevel > graph.MaxLevel {
			return nil, graph.Invalid("minLevel", "must be between %d and %d", graph.MinLevel, graph.MaxLevel)
		}
		f.MinLevel = *minLevel
	}
	w, items, err := links[*graph.Credential](ctx, r, graph.RelCertifies, graph.Incoming, id, graph.KindCredential, f, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.CredentialLevelConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.CredentialLevelEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.CredentialLevelEdge{Cursor: it.cursor, Node: it.node, Level: it.edge.Level}
	}
	return c, nil
}

// importanceIs is the filter of an optional importance argument.
func importanceIs(importance *graph.Importance) graph.EdgeFilter {
	if importance == nil {
		return graph.EdgeFilter{}
	}
	return graph.EdgeFilter{Importance: *importance}
}

func (r *Resolver) requiredBy(ctx context.Context, id string, first *int, after *string, importance *graph.Importance) (*model.RoleRequirementConnection, error) {
	w, items, err := links[*graph.JobRole](ctx, r, graph.RelRoleRequires, graph.Incoming, id, graph.KindJobRole, importanceIs(importance), first, after)
	if err != nil {
		return nil, err
	}
	c := &model.RoleRequirementConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.RoleRequirementEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.RoleRequirementEdge{Cursor: it.cursor, Node: it.node,
			Importance: it.edge.Importance, Level: it.edge.Level, Weight: it.edge.Weight}
	}
	return c, nil
}

func (r *Resolver) requirements(ctx context.Context, id string, first *int, after *string, importance *graph.Importance) (*model.RequirementConnection, error) {
	w, items, err := links[*graph.Competency](ctx, r, graph.RelRoleRequires, graph.Outgoing, id, graph.KindCompetency, importanceIs(importance), first, after)
	if err != nil {
		return nil, err
	}
	c := &model.RequirementConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.RequirementEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.RequirementEdge{Cursor: it.cursor, Node: it.node,
			Importance: it.edge.Importance, Level: it.edge.Level, Weight: it.edge.Weight}
	}
	return c, nil
}

func (r *Resolver) holdings(ctx context.Context, id string, first *int, after *string) (*model.HoldingConnection, error) {
	w, items, err := links[*graph.Competency](ctx, r, graph.RelHas, graph.Outgoing, id, graph.KindCompetency, graph.EdgeFilter{}, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.HoldingConnection{PageInfo: w.info, TotalCount: w.total, Edges: pointers[model.HoldingEdge](len(items))}
	for i, it := range items {
		*c.Edges[i] = model.HoldingEdge{Cursor: it.cursor, Node: it.node,
			Level: it.edge.Level, Source: it.edge.Source, Since: it.edge.Since}
	}
	return c, nil
}

// components pages a block's components in order; each is a credential or a block.
func (r *Resolver) components(ctx context.Context, b *graph.Block, first *int, after *string) (*model.BlockComponentConnection, error) {
	w, err := pageOf(len(b.Components), first, after)
	if err != nil {
		return nil, err
	}
	ids := b.Components[w.start:w.end]
	byID, err := r.credentialOrBlockByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	c := &model.BlockComponentConnection{PageInfo: w.info, TotalCount: w.total, Edges: []*model.BlockComponentEdge{}}
	for i, id := range ids {
		if n, ok := byID[id]; ok {
			c.Edges = append(c.Edges, &model.BlockComponentEdge{Cursor: offsetCursor(w.start + i), Node: n})
		}
	}
	return c, nil
}
