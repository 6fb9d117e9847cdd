package resolvers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/skillgraph/skillgraph/graph"
)

// Loaders batch the store reads of one request: every node fetched by id and every
// relationship list goes through them, so a query's store round trips depend on its shape, not
// on its page sizes. They are built per request (never shared: their cache would serve stale
// data across requests and users).
type Loaders struct {
	store graph.Store
	wait  time.Duration
	// batchAll batches every read, even those the store answers from memory (see fromMemory).
	batchAll bool

	mu    sync.Mutex
	nodes map[graph.Kind]*dataloadgen.Loader[string, graph.Node]
	edges map[edgeKey]*dataloadgen.Loader[string, []graph.Edge]
	// readable holds the learners this request has read and the caller may read, so that the
	// access check of their holdings or targets does not read them again (see guard.Edges).
	readable map[string]graph.Node
}

type edgeKey struct {
	t   graph.RelType
	dir graph.Direction
	f   graph.EdgeFilter
}

// DefaultBatchWait is how long a loader waits to gather keys: resolvers of one list level run
// concurrently and register their keys within microseconds on an idle machine; the margin
// covers a busy scheduler.
const DefaultBatchWait = time.Millisecond

// batchCapacity bounds the keys of one store call: the largest page times a generous fan-out.
const batchCapacity = 10 * graph.MaxPageSize

// NewLoaders returns fresh loaders over store that wait up to wait (DefaultBatchWait when 0)
// to gather the keys of a batch. Reads the store answers from memory (graph.MemoryReader) are
// made at once, unbatched, unless batchAll.
func NewLoaders(store graph.Store, wait time.Duration, batchAll bool) *Loaders {
	if wait <= 0 {
		wait = DefaultBatchWait
	}
	return &Loaders{store: store, wait: wait, batchAll: batchAll,
		nodes: map[graph.Kind]*dataloadgen.Loader[string, graph.Node]{},
		edges: map[edgeKey]*dataloadgen.Loader[string, []graph.Edge]{}}
}

type loadersKey struct{}

// rememberReadable records learners the caller was allowed to read in this request.
func (l *Loaders) rememberReadable(ns map[string]graph.Node) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.readable == nil {
		l.readable = map[string]graph.Node{}
	}
	for id, n := range ns {
		l.readable[id] = n
	}
}

// readableOf returns the learners among ids already read in this request, and the others.
func (l *Loaders) readableOf(ids []string) (known map[string]graph.Node, unknown []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	known = map[string]graph.Node{}
	for _, id := range ids {
		if n, ok := l.readable[id]; ok {
			known[id] = n
		} else {
			unknown = append(unknown, id)
		}
	}
	return known, unknown
}

// forgetReadable drops what a write in this request may have changed (every learner when id
// is empty).
func (l *Loaders) forgetReadable(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if id == "" {
		clear(l.readable)
		return
	}
	delete(l.readable, id)
}

// requestLoaders returns the request's loaders, or nil outside a request.
func requestLoaders(ctx context.Context) *Loaders {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	return l
}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// LoadersMiddleware gives every request its own loaders (see NewLoaders), and its own read
// scope, so that a store serving the catalogue from memory checks that its copy is current
// once per request.
func LoadersMiddleware(store graph.Store, wait time.Duration, batchAll bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := graph.WithReadScope(r.Context())
		next.ServeHTTP(w, r.WithContext(WithLoaders(ctx, NewLoaders(store, wait, batchAll))))
	})
}

// loadersFrom returns the request's loaders; a context without any (a direct call in a test)
// gets unshared ones, which still work.
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store, 0, false)
}

func (l *Loaders) nodeLoader(k graph.Kind) *dataloadgen.Loader[string, graph.Node] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.nodes[k]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]graph.Node, error) {
		return l.store.GetMany(ctx, k, ids)
	}, dataloadgen.WithWait(l.wait), dataloadgen.WithBatchCapacity(batchCapacity))
	l.nodes[k] = ld
	return ld
}

func (l *Loaders) edgeLoader(t graph.RelType, dir graph.Direction, f graph.EdgeFilter) *dataloadgen.Loader[string, []graph.Edge] {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := edgeKey{t, dir, f}
	if ld, ok := l.edges[key]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]graph.Edge, error) {
		m, err := l.store.Edges(ctx, t, dir, ids, f)
		if err != nil {
			return nil, err
		}
		// Every key gets an answer: a node without edges has an empty list, not "not found".
		for _, id := range ids {
			if _, ok := m[id]; !ok {
				m[id] = nil
			}
		}
		return m, nil
	}, dataloadgen.WithWait(l.wait), dataloadgen.WithBatchCapacity(batchCapacity))
	l.edges[key] = ld
	return ld
}

// fromMemory reports whether reads of personal data (personal) or of the catalogue are
// answered from memory for this request: a batch window would then only add waiting, up to
// one per nesting level of the query, and the read is made at once.
func (l *Loaders) fromMemory(ctx context.Context, personal bool) bool {
	if l.batchAll {
		return false
	}
	m, ok := l.store.(graph.MemoryReader)
	return ok && m.ReadsFromMemory(ctx, personal)
}

// node loads one node of kind k; nil (no error) when it does not exist.
func (l *Loaders) node(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if l.fromMemory(ctx, k.Personal()) {
		m, err := l.store.GetMany(ctx, k, []string{id})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", k, err)
		}
		return m[id], nil
	}
	n, err := l.nodeLoader(k).Load(ctx, id)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", k, err)
	}
	return n, nil
}

// nodes loads nodes of kind k in the order of ids, leaving out those that do not exist.
func (l *Loaders) nodesOf(ctx context.Context, k graph.Kind, ids []string) ([]graph.Node, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	if l.fromMemory(ctx, k.Personal()) {
		m, err := l.store.GetMany(ctx, k, ids)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", k, err)
		}
		out := make([]graph.Node, 0, len(ids))
		for _, id := range ids {
			if n := m[id]; n != nil {
				out = append(out, n)
			}
		}
		return out, nil
	}
	thunks := make([]func() (graph.Node, error), len(ids))
	ld := l.nodeLoader(k)
	for i, id := range ids {
		thunks[i] = ld.LoadThunk(ctx, id)
	}
	out := make([]graph.Node, 0, len(ids))
	for _, th := range thunks {
		n, err := th()
		if errors.Is(err, dataloadgen.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", k, err)
		}
		out = append(out, n)
	}
	return out, nil
}

// edgesOf loads the edges of type t at id seen from dir that f keeps: the store filters, so
// that it reads only what the request asked for.
func (l *Loaders) edgesOf(ctx context.Context, t graph.RelType, dir graph.Direction, f graph.EdgeFilter, id string) ([]graph.Edge, error) {
	if l.fromMemory(ctx, t.Personal()) {
		m, err := l.store.Edges(ctx, t, dir, []string{id}, f)
		if err != nil {
			return nil, fmt.Errorf("load %s edges: %w", t, err)
		}
		return m[id], nil
	}
	es, err := l.edgeLoader(t, dir, f).Load(ctx, id)
	if err != nil && !errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, fmt.Errorf("load %s edges: %w", t, err)
	}
	return es, nil
}

// typed loads a node of kind k as its Go type; nil when it does not exist.
func typed[T graph.Node](ctx context.Context, l *Loaders, k graph.Kind, id string) (T, error) {
	var zero T
	if id == "" {
		return zero, nil
	}
	n, err := l.node(ctx, k, id)
	if err != nil || n == nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, graph.Internal(fmt.Errorf("node %q is a %T", id, n))
	}
	return t, nil
}

// typedAll loads nodes of kind k in order as their Go type, leaving out missing ones.
func typedAll[T graph.Node](ctx context.Context, l *Loaders, k graph.Kind, ids []string) ([]T, error) {
	ns, err := l.nodesOf(ctx, k, ids)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(ns))
	for _, n := range ns {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}
