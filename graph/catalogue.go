package graph

import (
	"context"
	"sync"
)

// Personal reports whether nodes of kind k are personal data (learners and their
// achievements) rather than part of the catalogue.
func (k Kind) Personal() bool { return k == KindLearner || k == KindAchievement }

// Personal reports whether edges of type t are personal data: every such edge starts at a
// learner. The other types connect catalogue nodes only.
func (t RelType) Personal() bool { return Rels[t].From == KindLearner }

// Warmer is a store that can build ahead what its first reads would otherwise build (an
// index over the catalogue, say), so that the first request does not wait for it.
type Warmer interface {
	// Warm builds it now. EINTERNAL once closed; the context's error when it has ended.
	Warm(ctx context.Context) error
}

// CatalogueSource is a Store shared with other processes (a database server) that can hand
// out a copy of its catalogue, so that a process may serve catalogue reads from memory and
// still see every other process's writes on its next request.
type CatalogueSource interface {
	Store

	// CatalogueVersion returns a token that changes whenever a write of any process changes
	// the catalogue: a node whose kind is not Personal or an edge whose type is not Personal.
	// Equal tokens mean an unchanged catalogue. EINTERNAL on failure.
	CatalogueVersion(ctx context.Context) (string, error)

	// CatalogueSnapshot returns every catalogue node and edge (blocks' components included,
	// COMPRISES edges left out), as they were at the version it returns. EINTERNAL on failure,
	// or when writes kept changing the catalogue while it read.
	CatalogueSnapshot(ctx context.Context) (*Snapshot, error)
}

// VersionedReader is implemented by a CatalogueSource that can read the catalogue's version in
// the same round trip as personal nodes: a request that starts with personal data (a learner's
// page) then learns whether a copy of the catalogue is current without a call of its own.
type VersionedReader interface {
	// GetManyVersioned is GetMany, with what CatalogueVersion would return read in the same
	// statement. Errors as GetMany's.
	GetManyVersioned(ctx context.Context, k Kind, ids []string) (map[string]Node, string, error)
	// GetWithEdgesVersioned is GetWithEdges (EdgesReader), with the version read in the same
	// statement. Errors as GetWithEdges's.
	GetWithEdgesVersioned(ctx context.Context, k Kind, id string, types []RelType) (*NodeEdges, string, error)
}

// NodeEdges is a node with some of its outgoing relationship lists, read together.
type NodeEdges struct {
	Node Node
	// Edges holds, per type asked for, the node's outgoing edges of that type, unfiltered and in
	// the order Store.Edges gives them.
	Edges map[RelType][]Edge
}

// EdgesReader is implemented by stores that read a node and its outgoing edges of some types in
// one round trip (with the catalogue's version, for a CatalogueSource): a learner's page with
// their holdings and targets then costs one call to the database instead of three.
type EdgesReader interface {
	// GetWithEdges returns the node of kind k with id and its outgoing edges of each type in
	// types. ENOTFOUND when there is no such node; EINVALID for an unknown kind, or a type
	// whose edges do not start at k.
	GetWithEdges(ctx context.Context, k Kind, id string, types []RelType) (*NodeEdges, error)
}

// ReadWithEdges is s.GetWithEdges when s has it, and otherwise Get then Edges per type (see
// ReadWithEdgesApart).
func ReadWithEdges(ctx context.Context, s Store, k Kind, id string, types []RelType) (*NodeEdges, error) {
	if er, ok := s.(EdgesReader); ok {
		return er.GetWithEdges(ctx, k, id, types)
	}
	return ReadWithEdgesApart(ctx, s, k, id, types)
}

// ReadWithEdgesApart reads what GetWithEdges returns with Get and one Edges call per type: for
// stores that answer from memory, and wrappers of stores without GetWithEdges.
func ReadWithEdgesApart(ctx context.Context, s Store, k Kind, id string, types []RelType) (*NodeEdges, error) {
	if err := CheckEdgeTypesFrom(k, types); err != nil {
		return nil, err
	}
	n, err := s.Get(ctx, k, id)
	if err != nil {
		return nil, err
	}
	out := &NodeEdges{Node: n, Edges: make(map[RelType][]Edge, len(types))}
	for _, t := range types {
		m, err := s.Edges(ctx, t, Outgoing, []string{id}, EdgeFilter{})
		if err != nil {
			return nil, err
		}
		out.Edges[t] = m[id]
	}
	return out, nil
}

// CheckEdgeTypesFrom checks that every type in types is known and starts at kind k.
// EINVALID ("types") otherwise.
func CheckEdgeTypesFrom(k Kind, types []RelType) error {
	for _, t := range types {
		spec, ok := Rels[t]
		if !ok {
			return Invalid("types", "unknown relationship type %q", string(t))
		}
		if spec.From != k {
			return Invalid("types", "%s edges do not start at a %s", t, k)
		}
	}
	return nil
}

// MemoryReader is implemented by stores that answer reads from memory, where gathering them
// into batches would only add waiting: a loader reads such data at once.
type MemoryReader interface {
	// ReadsFromMemory reports whether reads of personal data (personal) or of the catalogue
	// are answered from memory for the request of ctx.
	ReadsFromMemory(ctx context.Context, personal bool) bool
}

// Snapshot is a copy of the catalogue at one version.
type Snapshot struct {
	Version string
	Nodes   []Node
	Edges   []Edge
}

// ReadScope groups the reads of one request, so that a store can check once per request,
// rather than once per read, that what it serves from memory is current. Stores keep what
// they like in it under keys of their own.
type ReadScope struct {
	mu   sync.Mutex
	vals map[any]any
}

type readScopeKey struct{}

// WithReadScope returns ctx carrying a new, empty read scope.
func WithReadScope(ctx context.Context) context.Context {
	return context.WithValue(ctx, readScopeKey{}, &ReadScope{vals: map[any]any{}})
}

// ReadScopeFrom returns ctx's read scope, or nil when it has none.
func ReadScopeFrom(ctx context.Context) *ReadScope {
	s, _ := ctx.Value(readScopeKey{}).(*ReadScope)
	return s
}

// Load returns the value kept under key.
func (s *ReadScope) Load(key any) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.vals[key]
	return v, ok
}

// Store keeps v under key.
func (s *ReadScope) Store(key, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vals[key] = v
}
