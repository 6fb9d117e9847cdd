package resolvers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// byIDOrKey loads the node of kind k named by exactly one of a global id and a store key; nil
// when it does not exist.
func byIDOrKey[T graph.Node](ctx context.Context, r *Resolver, k graph.Kind, id, key *string) (T, error) {
	var zero T
	var ref string
	switch {
	case id != nil && key != nil:
		return zero, graph.Invalid("key", "give id or key, not both")
	case id != nil:
		var err error
		if ref, err = keyOf("id", *id, k); err != nil {
			return zero, err
		}
	case key != nil:
		if *key == "" {
			return zero, graph.Invalid("key", "must not be empty")
		}
		ref = *key
	default:
		return zero, graph.Invalid("id", "give id or key")
	}
	if k == graph.KindLearner || k == graph.KindAchievement {
		// Personal data: read through the guard, which says FORBIDDEN rather than null.
		n, err := r.personal(ctx, k, ref)
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return zero, nil
		}
		if err != nil {
			return zero, err
		}
		t, _ := n.(T)
		return t, nil
	}
	return typed[T](ctx, r.loaders(ctx), k, ref)
}

// learnerEdgeFields are the fields of a learner answered from their outgoing edges of one type,
// unfiltered: what a read of the learner can bring along (graph.EdgesReader).
var learnerEdgeFields = map[string]graph.RelType{"holdings": graph.RelHas, "targets": graph.RelTargets}

// personal reads a learner or an achievement through the guard. A learner whose holdings or
// targets the request selects is read with them in one round trip when the store reads
// personal data from a database, and the request's loaders are primed with those edges.
func (r *Resolver) personal(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	l := r.loaders(ctx)
	if k != graph.KindLearner || l.fromMemory(ctx, true) || graphql.GetFieldContext(ctx) == nil {
		return r.Store.Get(ctx, k, id)
	}
	var types []graph.RelType
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if t, ok := learnerEdgeFields[f.Name]; ok && !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	if len(types) == 0 {
		return r.Store.Get(ctx, k, id)
	}
	ne, err := graph.ReadWithEdges(ctx, r.Store, k, id, types)
	if err != nil {
		return nil, err
	}
	for t, es := range ne.Edges {
		l.edgeLoader(t, graph.Outgoing, graph.EdgeFilter{}).Prime(ne.Node.NodeID(), es)
	}
	return ne.Node, nil
}

// nodeThunk starts loading the node with global id id; the thunk returns nil when it does not
// exist, EINVALID naming field when id is not a global id.
func (r *Resolver) nodeThunk(ctx context.Context, field, id string) func() (graph.Node, error) {
	k, key, ok := decodeGlobalID(id)
	if !ok {
		return func() (graph.Node, error) { return nil, graph.Invalid(field, "is not a valid global id") }
	}
	l := r.loaders(ctx)
	th := l.nodeLoader(k).LoadThunk(ctx, key)
	return func() (graph.Node, error) {
		n, err := th()
		if errors.Is(err, dataloadgen.ErrNotFound) {
			return nil, nil // a missing node reads as null, as Relay expects of node(id:)
		}
		return n, err
	}
}

func (r *Resolver) node(ctx context.Context, field, id string) (graph.Node, error) {
	return r.nodeThunk(ctx, field, id)()
}

var searchKinds = map[model.SearchType]graph.Kind{
	model.SearchTypeCompetency:   graph.KindCompetency,
	model.SearchTypeCredential:   graph.KindCredential,
	model.SearchTypeBlock:        graph.KindBlock,
	model.SearchTypeJobRole:      graph.KindJobRole,
	model.SearchTypeOrganization: graph.KindOrganization,
	model.SearchTypeFramework:    graph.KindFramework,
}

func (r *Resolver) search(ctx context.Context, query string, types []model.SearchType, first *int) (*model.SearchResult, error) {
	limit := graph.DefaultSearchLimit
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > graph.MaxSearchLimit {
		return nil, graph.Invalid("first", "must be between 0 and %d", graph.MaxSearchLimit)
	}
	res := &model.SearchResult{Edges: []*model.SearchEdge{}}
	if limit == 0 {
		return res, nil
	}
	q := graph.SearchQuery{Text: query, Limit: min(limit+1, graph.MaxSearchLimit)}
	for _, t := range types {
		q.Kinds = append(q.Kinds, searchKinds[t])
	}
	hits, err := r.Store.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if len(hits) > limit {
		hits, res.HasMore = hits[:limit], true
	}
	for _, h := range hits {
		res.Edges = append(res.Edges, &model.SearchEdge{Node: h.Node, Score: h.Score})
	}
	return res, nil
}

// MaxCoveringSet bounds credentialsCovering's competency set.
const MaxCoveringSet = 200

// credentialsCovering ranks credentials by how many of the competencies they certify at
// minLevel or above: one batched read of the competencies' CERTIFIES edges.
func (r *Resolver) credentialsCovering(ctx context.Context, ids []string, minLevel *int, first *int) ([]*model.CoveringCredential, error) {
	if len(ids) == 0 {
		return nil, graph.Invalid("competencyIds", "must not be empty")
	}
	if len(ids) > MaxCoveringSet {
		return nil, graph.Invalid("competencyIds", "at most %d competencies", MaxCoveringSet)
	}
	level := graph.MinLevel
	if minLevel != nil {
		level = *minLevel
	}
	if level < graph.MinLevel || level > graph.MaxLevel {
		return nil, graph.Invalid("minLevel", "must be between %d and %d", graph.MinLevel, graph.MaxLevel)
	}
	limit := 20
	if first != nil {
		limit = *first
	}
	if limit < 0 || limit > graph.MaxPageSize {
		return nil, graph.Invalid("first", "must be between 0 and %d", graph.MaxPageSize)
	}
	keys, err := keysOf("competencyIds", ids, graph.KindCompetency)
	if err != nil {
		return nil, err
	}
	keys = graph.UniqueIDs(keys)
	comps, err := r.Store.GetMany(ctx, graph.KindCompetency, keys)
	if err != nil {
		return nil, fmt.Errorf("credentials covering: %w", err)
	}
	for i, k := range keys {
		if comps[k] == nil {
			return nil, graph.Within(indexed("competencyIds", i), graph.NotFound(graph.KindCompetency, k))
		}
	}
	edges, err := r.Store.Edges(ctx, graph.RelCertifies, graph.Incoming, keys, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("credentials covering: %w", err)
	}
	covers := map[string][]*model.CompetencyLevel{}
	for _, k := range keys {
		for _, e := range edges[k] {
			if e.Level >= level {
				covers[e.From] = append(covers[e.From], &model.CompetencyLevel{Competency: comps[k].(*graph.Competency), Level: e.Level})
			}
		}
	}
	credIDs := make([]string, 0, len(covers))
	for id := range covers {
		credIDs = append(credIDs, id)
	}
	creds, err := r.Store.GetMany(ctx, graph.KindCredential, credIDs)
	if err != nil {
		return nil, fmt.Errorf("credentials covering: %w", err)
	}
	out := make([]*model.CoveringCredential, 0, len(creds))
	for id, n := range creds {
		c := covers[id]
		out = append(out, &model.CoveringCredential{Credential: n.(*graph.Credential), Covers: c,
			CoveredCount: len(c), Coverage: float64(len(c)) / float64(len(keys))})
	}
	// Most coverage first; then the lighter credential; then by id, for a stable order.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.CoveredCount != b.CoveredCount {
			return a.CoveredCount > b.CoveredCount
		}
		if a.Credential.Hours != b.Credential.Hours {
			return a.Credential.Hours < b.Credential.Hours
		}
		return a.Credential.ID < b.Credential.ID
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
