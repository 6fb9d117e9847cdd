// Package cached serves a shared store's catalogue from memory. skillgraph is the only writer
// of its graph, and every write that changes the catalogue also replaces the catalogue's
// version token (graph.CatalogueSource). A request reads that token once, in its first store
// call; while it matches the copy held in memory, catalogue reads (nodes of catalogue kinds,
// their edges, lists, search) are answered from memory by an embedded.FromSnapshot store,
// which implements the same contract. Personal data, statistics, pathway contexts and every
// write go to the shared store.
//
// When the token has moved (a write through this process or any other), the request is
// answered by the shared store and a fresh copy is read in the background (in Sync mode, before
// answering: tests use it to run the conformance suite against the memory path). So a write
// through one process is read through every other on its next request, and a stale copy is
// never served.
package cached

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
)

// Options tune a Store.
type Options struct {
	// Sync reloads a stale copy before answering, instead of answering from the shared store
	// while the copy reloads in the background.
	Sync bool
	// Logger receives reload reports; nil: slog.Default().
	Logger *slog.Logger
	// LoadTimeout bounds one reload; 0: 5 minutes.
	LoadTimeout time.Duration
}

// Store is a graph.Store over a graph.CatalogueSource that answers catalogue reads from a copy
// in memory while the copy is current. It is safe for concurrent use.
type Store struct {
	src  graph.CatalogueSource
	opts Options
	log  *slog.Logger

	copy    atomic.Pointer[catalogue] // the latest copy, nil before the first load
	writes  atomic.Int64              // writes through this store, so a request re-checks after its own
	loadMu  sync.Mutex                // one load at a time
	loading atomic.Bool
	// notBefore (unix nanoseconds) spaces background reloads: the next may start only as long
	// after the last ended as it took, so that a stream of writes (an import) keeps the
	// database at most half busy copying the catalogue.
	notBefore atomic.Int64

	hits, misses atomic.Int64
	versions     versionReads // the version reads of concurrent requests, shared
}

// catalogue is one copy of the catalogue.
type catalogue struct {
	version string
	mem     *embedded.Store
}

var (
	_ graph.Store        = (*Store)(nil)
	_ graph.MemoryReader = (*Store)(nil)
)

// New returns a Store over src. It holds no copy yet: Load reads one now (a warm start);
// otherwise the first catalogue read starts loading it (in Sync mode, before answering).
func New(src graph.CatalogueSource, opts Options) *Store {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.LoadTimeout <= 0 {
		opts.LoadTimeout = 5 * time.Minute
	}
	s := &Store{src: src, opts: opts, log: opts.Logger}
	s.versions.read = src.CatalogueVersion
	return s
}

// Load reads a fresh copy of the catalogue now, for a warm start. Errors are the source's.
func (s *Store) Load(ctx context.Context) error {
	_, err := s.reload(ctx, "")
	return err
}

// HitsAndMisses counts the catalogue reads answered from memory and those sent to the source
// because the copy was missing, stale, or its version could not be read.
func (s *Store) HitsAndMisses() (hits, misses int64) { return s.hits.Load(), s.misses.Load() }

// scopeKey keeps, in a request's read scope, the version it found and the write count then.
type scopeKey struct{ s *Store }

type checked struct {
	version string
	writes  int64
}

// current returns the memory copy when it is current for this request, or nil: then the
// caller reads the source. It reads the version at most once per request (graph.ReadScope),
// again after a write through this store.
func (s *Store) current(ctx context.Context) *embedded.Store {
	version, writes, found := s.scopeVersion(ctx)
	if !found {
		// A read shared with concurrent requests, begun after this call: it sees every write
		// committed before, this request's own included.
		v, err := s.versions.get(ctx)
		if err != nil {
			s.misses.Add(1)
			return nil // the source's own read will report the failure
		}
		version = v
		s.keepVersion(ctx, v, writes)
	}
	if c := s.copy.Load(); c != nil && c.version == version {
		s.hits.Add(1)
		return c.mem
	}
	if s.opts.Sync {
		if c, err := s.reload(ctx, version); err == nil && c.version == version {
			s.hits.Add(1)
			return c.mem
		}
		s.misses.Add(1)
		return nil
	}
	s.misses.Add(1)
	s.reloadAsync()
	return nil
}

// scopeVersion returns the version this request found, if it read one since this store's last
// write, and the store's write count now.
func (s *Store) scopeVersion(ctx context.Context) (version string, writes int64, found bool) {
	writes = s.writes.Load()
	if scope := graph.ReadScopeFrom(ctx); scope != nil {
		if v, ok := scope.Load(scopeKey{s}); ok {
			if c := v.(checked); c.writes == writes {
				return c.version, writes, true
			}
		}
	}
	return "", writes, false
}

// keepVersion records in the request's scope the version read when the write count was writes.
func (s *Store) keepVersion(ctx context.Context, version string, writes int64) {
	if scope := graph.ReadScopeFrom(ctx); scope != nil {
		scope.Store(scopeKey{s}, checked{version: version, writes: writes})
	}
}

// personalMany reads personal nodes from the source, with the catalogue's version in the same
// round trip when the request has not read it yet and the source can (graph.VersionedReader).
func (s *Store) personalMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	vr, ok := s.src.(graph.VersionedReader)
	if !ok || graph.ReadScopeFrom(ctx) == nil {
		return s.src.GetMany(ctx, k, ids)
	}
	if _, _, found := s.scopeVersion(ctx); found {
		return s.src.GetMany(ctx, k, ids)
	}
	writes := s.writes.Load()
	m, version, err := vr.GetManyVersioned(ctx, k, ids)
	if err != nil {
		return nil, err
	}
	s.keepVersion(ctx, version, writes)
	return m, nil
}

// ReadsFromMemory reports whether catalogue reads of this request are answered from memory
// (the copy is current); personal data never is.
func (s *Store) ReadsFromMemory(ctx context.Context, personal bool) bool {
	if personal {
		return false
	}
	return s.current(ctx) != nil
}

// reloadAsync starts a background reload unless one is running or the last ended too
// recently.
func (s *Store) reloadAsync() {
	if time.Now().UnixNano() < s.notBefore.Load() || !s.loading.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.loading.Store(false)
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), s.opts.LoadTimeout)
		defer cancel()
		if _, err := s.reload(ctx, ""); err != nil {
			s.log.Warn("catalogue copy not reloaded; reads go to the store", "err", err)
		}
		end := time.Now()
		s.notBefore.Store(end.Add(end.Sub(start)).UnixNano())
	}()
}

// Warm builds the current copy's indexes (its pathway index), which its first pathway
// context would otherwise build; without a copy there is nothing to build. Errors as
// embedded.Store.Warm's.
func (s *Store) Warm(ctx context.Context) error {
	if c := s.copy.Load(); c != nil {
		return c.mem.Warm(ctx)
	}
	return nil
}

var _ graph.Warmer = (*Store)(nil)

// reload reads a fresh copy unless the current one is at want (want "" forces a read).
func (s *Store) reload(ctx context.Context, want string) (*catalogue, error) {
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	if c := s.copy.Load(); c != nil && want != "" && c.version == want {
		return c, nil // loaded by a concurrent call meanwhile
	}
	start := time.Now()
	snap, err := s.src.CatalogueSnapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("cached.reload: %w", err)
	}
	mem, err := embedded.FromSnapshot(ctx, snap.Nodes, snap.Edges)
	if err != nil {
		return nil, fmt.Errorf("cached.reload: %w", err)
	}
	c := &catalogue{version: snap.Version, mem: mem}
	// The old copy is left to the garbage collector, not closed: reads still running on it
	// finish there.
	s.copy.Store(c)
	s.log.Info("catalogue copied into memory", "nodes", len(snap.Nodes), "edges", len(snap.Edges),
		"ms", time.Since(start).Milliseconds())
	return c, nil
}

// Reads: catalogue kinds and edge types from memory when current.

// Get returns the node of kind k with id; errors as the source's.
func (s *Store) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if k.Valid() && !k.Personal() {
		if m := s.current(ctx); m != nil {
			return m.Get(ctx, k, id)
		}
	} else if k.Valid() {
		m, err := s.personalMany(ctx, k, []string{id})
		if err != nil {
			return nil, err
		}
		if n, ok := m[id]; ok {
			return n, nil
		}
		return nil, graph.NotFound(k, id)
	}
	return s.src.Get(ctx, k, id)
}

// GetMany returns the nodes of kind k with the given ids; errors as the source's.
func (s *Store) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	if k.Valid() && !k.Personal() {
		if m := s.current(ctx); m != nil {
			return m.GetMany(ctx, k, ids)
		}
	} else if k.Valid() {
		return s.personalMany(ctx, k, ids)
	}
	return s.src.GetMany(ctx, k, ids)
}

// List returns one page of nodes of kind k; errors as the source's.
func (s *Store) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	if k.Valid() && !k.Personal() {
		if m := s.current(ctx); m != nil {
			return m.List(ctx, k, opts)
		}
	}
	return s.src.List(ctx, k, opts)
}

// Edges returns the edges of type t at ids seen from dir; errors as the source's.
func (s *Store) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	if _, ok := graph.Rels[t]; ok && !t.Personal() {
		if m := s.current(ctx); m != nil {
			return m.Edges(ctx, t, dir, ids, f)
		}
	}
	return s.src.Edges(ctx, t, dir, ids, f)
}

var _ graph.EdgesReader = (*Store)(nil)

// GetWithEdges reads a node with its outgoing edges of some types: personal data from the
// source in one round trip that also brings the catalogue's version when the request has not
// read it yet (graph.VersionedReader); anything else through this store's own reads. Errors as
// graph.EdgesReader's.
func (s *Store) GetWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, error) {
	personal := k.Valid() && k.Personal()
	for _, t := range types {
		personal = personal && t.Personal()
	}
	if !personal {
		return graph.ReadWithEdgesApart(ctx, s, k, id, types)
	}
	if vr, ok := s.src.(graph.VersionedReader); ok && graph.ReadScopeFrom(ctx) != nil {
		if _, _, found := s.scopeVersion(ctx); !found {
			writes := s.writes.Load()
			out, version, err := vr.GetWithEdgesVersioned(ctx, k, id, types)
			if err != nil {
				return nil, err
			}
			s.keepVersion(ctx, version, writes)
			return out, nil
		}
	}
	return graph.ReadWithEdges(ctx, s.src, k, id, types)
}

// Search runs a text search; every searchable kind is in the catalogue. Errors as the source's.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if m := s.current(ctx); m != nil {
		return m.Search(ctx, q)
	}
	return s.src.Search(ctx, q)
}

// Everything else goes to the source.

// PathwayContext assembles the context: the learner's part from the source, the catalogue's
// from memory when current (shared, as graph.PathwayContext allows), else from the source.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	if graph.ReadScopeFrom(ctx) == nil {
		ctx = graph.WithReadScope(ctx) // one version check for the whole assembly
	}
	if m := s.current(ctx); m != nil {
		part, err := graph.ReadLearnerPart(ctx, s.src, learnerID)
		if err != nil {
			return nil, fmt.Errorf("cached.PathwayContext: %w", err)
		}
		pc, err := m.PathwayContextFor(ctx, part, roleID)
		if err != nil {
			return nil, fmt.Errorf("cached.PathwayContext: %w", err)
		}
		return pc, nil
	}
	pc, err := graph.ReadPathwayContext(ctx, s, learnerID, roleID)
	if err != nil {
		return nil, fmt.Errorf("cached.PathwayContext: %w", err)
	}
	return pc, nil
}

// Stats is the source's.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) { return s.src.Stats(ctx) }

// Ping is the source's.
func (s *Store) Ping(ctx context.Context) error { return s.src.Ping(ctx) }

// Close closes the source.
func (s *Store) Close() error { return s.src.Close() }

// CatalogueVersion is the source's.
func (s *Store) CatalogueVersion(ctx context.Context) (string, error) {
	return s.src.CatalogueVersion(ctx)
}

// CatalogueSnapshot is the source's.
func (s *Store) CatalogueSnapshot(ctx context.Context) (*graph.Snapshot, error) {
	return s.src.CatalogueSnapshot(ctx)
}

// Writes go to the source; each makes the requests of this process check the version again.

func (s *Store) wrote() { s.writes.Add(1) }

// Create is the source's.
func (s *Store) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	defer s.wrote()
	return s.src.Create(ctx, n)
}

// CreateWithEdges is the source's.
func (s *Store) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	defer s.wrote()
	return s.src.CreateWithEdges(ctx, n, edges)
}

// Update is the source's.
func (s *Store) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	defer s.wrote()
	return s.src.Update(ctx, n)
}

// Delete is the source's.
func (s *Store) Delete(ctx context.Context, k graph.Kind, id string) error {
	defer s.wrote()
	return s.src.Delete(ctx, k, id)
}

// Link is the source's.
func (s *Store) Link(ctx context.Context, e graph.Edge) error {
	defer s.wrote()
	return s.src.Link(ctx, e)
}

// Unlink is the source's.
func (s *Store) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	defer s.wrote()
	return s.src.Unlink(ctx, t, from, to)
}

// NextSequence is the source's: sequences are shared by every process.
func (s *Store) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	return s.src.NextSequence(ctx, name, floor)
}

// KeySet is the source's: the key set is shared by every process.
func (s *Store) KeySet(ctx context.Context) (graph.KeySet, error) { return s.src.KeySet(ctx) }

// SaveKeySet is the source's.
func (s *Store) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	return s.src.SaveKeySet(ctx, data, prev)
}

// Versions is the source's.
func (s *Store) Versions(ctx context.Context) (graph.Versions, error) { return s.src.Versions(ctx) }

// BulkUpsert is the source's.
func (s *Store) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	defer s.wrote()
	return s.src.BulkUpsert(ctx, b)
}
