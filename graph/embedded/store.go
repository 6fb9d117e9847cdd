// Package embedded is skillgraph's embedded store: the skills graph in one local file, written
// through bbolt (ACID, crash-safe, one writer at a time) and served from memory.
//
// The file holds one bucket per node kind (id -> the node's record, as graph/record encodes
// it), one bucket per edge type (from + "\x00" + to -> JSON of the edge's properties, a record
// type of this package) and a meta bucket with the file's storage version. Open upgrades a file
// of an older version in place (see migrate.go) and refuses one of a newer version.
// COMPRISES edges have no bucket: Block.Components is their one source of truth, and the
// in-memory edge index is derived from it.
//
// At Open every node and edge is decoded once into memory, with the indexes reads need:
// nodes by kind and id, outgoing and incoming edges per type, the nodes that refer to each
// node, and a word index for Search. Reads are served from memory and return copies. Writes
// are serialised: each validates against memory, commits one bbolt transaction, and only then
// changes memory, so that a failed call changes nothing and memory always matches the file.
// Readers wait only while memory changes, never for the disk.
//
// Every method fails with ctx.Err() (wrapped) when ctx is done before it starts, and with
// EINTERNAL once the store is closed.
package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// storageVersion is the layout of the files this build writes. Open upgrades files of older
// versions and refuses newer ones.
const storageVersion = 2

// lockTimeout is how long Open waits for another process to release the file.
const lockTimeout = time.Second

var (
	metaBucket = []byte("meta")
	schemaKey  = []byte("schema")
)

func nodeBucket(k graph.Kind) []byte    { return []byte("node/" + string(k)) }
func edgeBucket(t graph.RelType) []byte { return []byte("edge/" + string(t)) }

// edgeKeyBytes is the key of an edge in its type's bucket. Ids hold no control characters,
// so the separator cannot occur in them, and keys sort by (from, to).
func edgeKeyBytes(from, to string) []byte {
	k := make([]byte, 0, len(from)+1+len(to))
	k = append(k, from...)
	k = append(k, 0)
	return append(k, to...)
}

// props is what the file keeps of an edge: its properties. The bucket names its type and the
// key its ends.
type props struct {
	Level      int                 `json:"level,omitempty"`
	Importance graph.Importance    `json:"importance,omitempty"`
	Weight     float64             `json:"weight,omitempty"`
	Kind       string              `json:"kind,omitempty"`
	Source     graph.HoldingSource `json:"source,omitempty"`
	Since      *time.Time          `json:"since,omitempty"`
}

func propsOf(e *graph.Edge) props {
	return props{Level: e.Level, Importance: e.Importance, Weight: e.Weight, Kind: e.Kind, Source: e.Source, Since: e.Since}
}

// edge returns the edge of type t from -> to with the properties p.
func (p props) edge(t graph.RelType, from, to string) graph.Edge {
	return graph.Edge{Type: t, From: from, To: to, Level: p.Level, Importance: p.Importance, Weight: p.Weight,
		Kind: p.Kind, Source: p.Source, Since: p.Since}
}

// Store is the embedded graph.Store. It is safe for concurrent use.
type Store struct {
	db *bbolt.DB // nil for a read-only snapshot (FromSnapshot)

	// Writes are serialised by wmu, held across validation, commit and apply, so that memory
	// changes in commit order. mu guards memory: readers hold it for reading, a write holds it
	// for writing only while applying a committed change, so reads do not wait for the disk.
	// A write validates against memory without mu: only writes change memory.
	wmu    sync.Mutex
	mu     sync.RWMutex
	closed bool
	nodes  map[string]*rec                // every node by id (ids are unique across kinds)
	byKind map[graph.Kind]map[string]*rec // the same, per kind
	adj    map[graph.RelType]*adjacency   // edges per type
	refBy  map[string]map[string]struct{} // id -> ids of the nodes whose fields refer to it
	posts  map[string]*posting            // search word -> the nodes holding it
	// recs are the records by number (rec.num), as postings hold them; freeRecs are the
	// numbers of deleted nodes, for the next new ones.
	recs     []*rec
	freeRecs []int32
	// postings are the postings by number (posting.num), as records hold their words, and
	// wordTexts their words, side by side for search's prefix tests; freeWords are the
	// numbers of dropped ones, for the next new words.
	postings  []*posting
	wordTexts []string
	freeWords []int32
	words     []string            // the keys of posts, sorted, for prefix ranges
	cache     map[sortKey][]entry // sorted nodes per kind and order, built lazily
	cmu       sync.Mutex          // guards cache among readers
	added     []string            // words new to posts during an apply
	drops     bool                // whether an apply emptied some word's postings
	clock     func() time.Time    // the time writes are stamped with; see WithClock
	log       *slog.Logger        // where Open reports the upgrade of an older file
	// epoch and generation make the Versions tokens: a random prefix per open, and a count
	// of the writes since.
	epoch      string
	generation atomic.Int64
	// pix is the catalogue's index for pathway contexts, built on demand (under pmu, by
	// readers) and dropped by writes to the catalogue.
	pmu sync.Mutex
	pix *pathIndex
}

// Option configures a Store at Open.
type Option func(*Store)

// WithClock makes the store stamp CreatedAt and UpdatedAt with now() rather than the system
// clock, so that a test can set the time a write records instead of waiting for it to pass.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.clock = now } }

// WithLogger makes Open report the upgrade of a file of an older version to log rather than to
// slog's default logger (nil keeps it).
func WithLogger(log *slog.Logger) Option {
	return func(s *Store) {
		if log != nil {
			s.log = log
		}
	}
}

// now is the time a write stamps, as graph.Now gives it: UTC, millisecond precision.
func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }

var _ graph.Store = (*Store)(nil)

// Open opens the store in the file at path, creating it when missing, and loads it into
// memory. Only one process can have a file open: another Open of it fails after about a
// second with an error saying so. A file of an older storage version is upgraded in place, in
// one transaction (all or nothing), before it is loaded; a file of a newer version is refused.
func Open(path string, opts ...Option) (*Store, error) {
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: lockTimeout, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		if errors.Is(err, bberrors.ErrTimeout) {
			return nil, fmt.Errorf("embedded.Open: %s is in use by another process (its lock was not released within %s): %w",
				path, lockTimeout, err)
		}
		return nil, fmt.Errorf("embedded.Open %s: %w", path, err)
	}
	s := newStore(db)
	for _, o := range opts {
		o(s)
	}
	// A write transaction (and its fsync) only when the file is new or older than this build.
	version, complete := 0, false
	err = db.View(func(tx *bbolt.Tx) error {
		complete = hasBuckets(tx)
		version, err = fileVersion(tx)
		return err
	})
	switch {
	case err != nil:
	case version > storageVersion:
		err = fmt.Errorf("the file has storage version %d; this build reads versions up to %d", version, storageVersion)
	case !complete || version < storageVersion:
		err = db.Update(func(tx *bbolt.Tx) error { return s.initBuckets(tx, version) })
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("embedded.Open %s: %w", path, err)
	}
	if err := db.View(s.load); err != nil {
		db.Close()
		return nil, fmt.Errorf("embedded.Open %s: %w", path, err)
	}
	// Memory holds the data now: the file's pages need not stay resident. Failing to say so
	// costs memory, not correctness.
	if err := releaseFilePages(db); err != nil {
		s.log.Warn("the store file's pages stay resident", "path", path, "err", err)
	}
	return s, nil
}

func newStore(db *bbolt.DB) *Store {
	s := &Store{
		db:     db,
		nodes:  map[string]*rec{},
		byKind: map[graph.Kind]map[string]*rec{},
		adj:    map[graph.RelType]*adjacency{},
		refBy:  map[string]map[string]struct{}{},
		posts:  map[string]*posting{},
		cache:  map[sortKey][]entry{},
		clock:  time.Now,
		log:    slog.Default(),
		epoch:  newToken(),
	}
	for _, k := range graph.Kinds {
		s.byKind[k] = map[string]*rec{}
	}
	ends, texts := newInterned(), newInterned()
	for _, t := range graph.RelTypes {
		s.adj[t] = newAdjacency(t, ends, texts)
	}
	return s
}

// hasBuckets reports whether every bucket of the layout exists.
func hasBuckets(tx *bbolt.Tx) bool {
	if tx.Bucket(metaBucket) == nil {
		return false
	}
	for _, k := range graph.Kinds {
		if tx.Bucket(nodeBucket(k)) == nil {
			return false
		}
	}
	for _, t := range graph.RelTypes {
		if t != graph.RelComprises && tx.Bucket(edgeBucket(t)) == nil {
			return false
		}
	}
	return true
}

// fileVersion returns the file's storage version: 0 for a new file (no meta bucket).
func fileVersion(tx *bbolt.Tx) (int, error) {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get(schemaKey)
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("the file's storage version %q is not a version", raw)
	}
	return v, nil
}

// initBuckets makes the file one of this build's version: a new file gets the meta bucket and
// version, a file of an older version (from) is upgraded, and missing buckets are created.
func (s *Store) initBuckets(tx *bbolt.Tx, from int) error {
	if from == 0 {
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error { empty = false; return nil })
		if !empty {
			return errors.New("the file is a bbolt database but not a skillgraph store")
		}
		if _, err := tx.CreateBucket(metaBucket); err != nil {
			return err
		}
		from = storageVersion // nothing to upgrade
	}
	for _, k := range graph.Kinds {
		if _, err := tx.CreateBucketIfNotExists(nodeBucket(k)); err != nil {
			return err
		}
	}
	for _, t := range graph.RelTypes {
		if t == graph.RelComprises {
			continue
		}
		if _, err := tx.CreateBucketIfNotExists(edgeBucket(t)); err != nil {
			return err
		}
	}
	if err := s.upgrade(tx, from); err != nil {
		return err
	}
	return tx.Bucket(metaBucket).Put(schemaKey, []byte(strconv.Itoa(storageVersion)))
}

// load decodes the whole file into memory.
func (s *Store) load(tx *bbolt.Tx) error {
	for _, k := range graph.Kinds {
		err := tx.Bucket(nodeBucket(k)).ForEach(func(key, v []byte) error {
			n, err := record.Decode(k, v)
			if err != nil {
				return fmt.Errorf("%s %q: %w", k, key, err)
			}
			if n.NodeID() != string(key) {
				return fmt.Errorf("%s %q is stored under the key %q", k, n.NodeID(), key)
			}
			s.putRec(n, "")
			return nil
		})
		if err != nil {
			return err
		}
		releaseRead(tx)
	}
	// The search index is built on the side while the edges load: they share no state.
	words := make(chan []string)
	go func() {
		seen := map[string]bool{}
		for _, r := range s.nodes {
			s.addWords(r, setWords(r, seen))
		}
		list := make([]string, 0, len(s.posts))
		for w := range s.posts {
			list = append(list, w)
		}
		slices.Sort(list)
		words <- list
	}()
	defer func() {
		s.words = <-words
		s.added, s.drops = nil, false
	}()
	for _, t := range graph.RelTypes {
		if t == graph.RelComprises {
			continue // derived from the blocks
		}
		// Keys come sorted by (from, to): edges are laid out in that order and indexed at once.
		b := tx.Bucket(edgeBucket(t))
		load := s.adj[t].loader(b.Stats().KeyN)
		decoded := map[string]props{} // most edges share one of a few property sets
		err := b.ForEach(func(key, v []byte) error {
			i := bytes.IndexByte(key, 0)
			if i < 0 {
				return fmt.Errorf("%s edge key %q has no separator", t, key)
			}
			// The ends' ids are taken from their nodes, so that the ends' table shares them.
			from, to := s.nodes[string(key[:i])], s.nodes[string(key[i+1:])]
			if from == nil || to == nil {
				return fmt.Errorf("%s edge %q has an end that is not stored", t, key)
			}
			p, ok := decoded[string(v)]
			if !ok {
				if err := json.Unmarshal(v, &p); err != nil {
					return fmt.Errorf("%s edge %q: %w", t, key, err)
				}
				probe := p.edge(t, "", "") // the properties, checked once per set
				if err := checkCompact(&probe); err != nil {
					return fmt.Errorf("%s edge %q: %w", t, key, err)
				}
				decoded[string(v)] = p
			}
			e := p.edge(t, from.n.NodeID(), to.n.NodeID())
			load.add(&e)
			return nil
		})
		load.done()
		if err != nil {
			return err
		}
		releaseRead(tx)
	}
	return nil
}

// releaseRead releases the file's pages read so far while loading (see releaseFilePages), so
// that they and the memory being filled are not resident at once: opening a large file peaked
// at about their sum. A failure is reported once loading ends, by Open's own release.
func releaseRead(tx *bbolt.Tx) { _ = releaseFilePages(tx.DB()) }

// Close releases the file. Calls after Close fail with EINTERNAL.
func (s *Store) Close() error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.db == nil {
		return nil
	}
	return wrap("Close", s.db.Close())
}

// ReadsFromMemory is true: every read of this store is answered from memory.
func (s *Store) ReadsFromMemory(context.Context, bool) bool { return true }

// Ping reports whether the store can serve requests: EINTERNAL once closed.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return wrap("Ping", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return wrap("Ping", s.check())
}

var sequenceBucket = []byte("sequences")

// NextSequence returns the next value of the named sequence, above floor; the value is
// committed before it is returned, so it is never handed out again, even after a crash.
// EINVALID ("name") for an empty name; EINTERNAL when the file cannot be written or once
// closed.
func (s *Store) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, wrap("NextSequence", err)
	}
	if name == "" {
		return 0, wrap("NextSequence", graph.Invalid("name", "is empty"))
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return 0, wrap("NextSequence", err)
	}
	var next int64
	err := s.db.Update(func(tx *bbolt.Tx) error {
		// Created on first use, so that files made before sequences existed need no migration.
		b, err := tx.CreateBucketIfNotExists(sequenceBucket)
		if err != nil {
			return err
		}
		var cur int64
		if v := b.Get([]byte(name)); len(v) == 8 {
			cur = int64(binary.BigEndian.Uint64(v))
		}
		next = max(cur, floor) + 1
		return b.Put([]byte(name), binary.BigEndian.AppendUint64(nil, uint64(next)))
	})
	if err != nil {
		return 0, wrap("NextSequence", graph.Internal(err))
	}
	return next, nil
}

// Stats counts nodes per kind and edges per type, every kind and type present. EINTERNAL
// once closed.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("Stats", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("Stats", err)
	}
	st := &graph.Stats{Nodes: make(map[graph.Kind]int, len(graph.Kinds)), Edges: make(map[graph.RelType]int, len(graph.RelTypes))}
	for _, k := range graph.Kinds {
		st.Nodes[k] = len(s.byKind[k])
	}
	for _, t := range graph.RelTypes {
		st.Edges[t] = s.adj[t].n
	}
	return st, nil
}

// errClosed is the cause of every call on a closed store.
var errClosed = errors.New("the store is closed")

// check fails when the store is closed. Callers hold s.mu or s.wmu.
func (s *Store) check() error {
	if s.closed {
		return graph.Internal(errClosed)
	}
	return nil
}

// wrap prefixes err with the operation, keeping the domain error visible to graph.ErrorCode.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("embedded.%s: %w", op, err)
}

// later returns now, or just after prev when the clock has not moved past it, so that an
// update always moves UpdatedAt forward.
func later(prev, now time.Time) time.Time {
	if !now.After(prev) {
		return prev.Add(time.Millisecond)
	}
	return now
}

// changes is what one write does to the file and, once committed, to memory.
type changes struct {
	nodes    []graph.Node // nodes to create or replace, stamped
	hashes   []string     // their record.Hash when known, else ""
	deleted  []graph.Node // nodes to remove, with every edge at them
	edges    []graph.Edge // edges (not COMPRISES) to create or replace
	unlinked []edgeKey    // edges (not COMPRISES) to remove
}

// edgeKey identifies an edge: one of each type between two nodes.
type edgeKey struct {
	t        graph.RelType
	from, to string
}

func (ch *changes) empty() bool {
	return len(ch.nodes) == 0 && len(ch.deleted) == 0 && len(ch.edges) == 0 && len(ch.unlinked) == 0
}

// write commits ch in one transaction, then applies it to memory. Callers hold s.wmu. On
// error nothing has changed.
func (s *Store) write(ctx context.Context, ch *changes) error {
	if ch.empty() {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.db == nil {
		return graph.Internal(errReadOnly)
	}
	if err := s.db.Update(ch.commit); err != nil {
		return graph.Internal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apply(ch)
	s.generation.Add(1)
	return nil
}

// commit writes ch into tx, each bucket's keys in order (bbolt appends fastest).
func (ch *changes) commit(tx *bbolt.Tx) error {
	for _, n := range ch.deleted {
		if err := tx.Bucket(nodeBucket(n.NodeKind())).Delete([]byte(n.NodeID())); err != nil {
			return err
		}
	}
	for _, k := range ch.unlinked {
		if err := tx.Bucket(edgeBucket(k.t)).Delete(edgeKeyBytes(k.from, k.to)); err != nil {
			return err
		}
	}
	nodes := slices.Clone(ch.nodes)
	slices.SortFunc(nodes, func(a, b graph.Node) int {
		if c := strings.Compare(string(a.NodeKind()), string(b.NodeKind())); c != 0 {
			return c
		}
		return strings.Compare(a.NodeID(), b.NodeID())
	})
	for _, n := range nodes {
		v, err := record.Encode(n)
		if err != nil {
			return err
		}
		if err := tx.Bucket(nodeBucket(n.NodeKind())).Put([]byte(n.NodeID()), v); err != nil {
			return err
		}
	}
	edges := slices.Clone(ch.edges)
	slices.SortFunc(edges, func(a, b graph.Edge) int {
		if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
			return c
		}
		if c := strings.Compare(a.From, b.From); c != 0 {
			return c
		}
		return strings.Compare(a.To, b.To)
	})
	for i := range edges {
		e := &edges[i]
		v, err := json.Marshal(propsOf(e))
		if err != nil {
			return fmt.Errorf("encode %s %s -> %s: %w", e.Type, e.From, e.To, err)
		}
		if err := tx.Bucket(edgeBucket(e.Type)).Put(edgeKeyBytes(e.From, e.To), v); err != nil {
			return err
		}
	}
	return nil
}

// apply changes memory as ch changed the file.
func (s *Store) apply(ch *changes) {
	if catalogueChange(ch) {
		s.dropPathIndex()
	}
	for _, k := range ch.unlinked {
		s.adj[k.t].remove(k.from, k.to)
	}
	for _, n := range ch.deleted {
		s.dropNode(n.NodeID())
	}
	for i, n := range ch.nodes {
		h := ""
		if i < len(ch.hashes) {
			h = ch.hashes[i]
		}
		s.putNode(n, h)
	}
	for _, e := range ch.edges {
		s.adj[e.Type].put(e)
	}
	s.fixWords()
}
