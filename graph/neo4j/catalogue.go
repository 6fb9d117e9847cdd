package neo4j

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// The catalogue's version lives on one :Meta node, as a random token that every transaction
// changing the catalogue replaces. A token rather than a counter, so that a database wiped
// and written again never repeats a version that a process may have cached.
const (
	versionQuery = "OPTIONAL MATCH (m:Meta {name: 'catalogue'}) RETURN coalesce(m.version, '') AS v"
	bumpQuery    = "MERGE (m:Meta {name: 'catalogue'}) SET m.version = $token"
	// Personal data has a version of its own (see Versions), replaced by every transaction
	// that writes learners, achievements or their edges, last, so that its lock is held only
	// while the transaction commits.
	personalBumpQuery = "MERGE (m:Meta {name: 'personal'}) SET m.version = $token"
	versionsQuery     = "OPTIONAL MATCH (c:Meta {name: 'catalogue'}) OPTIONAL MATCH (p:Meta {name: 'personal'}) " +
		"RETURN coalesce(c.version, '') AS c, coalesce(p.version, '') AS p"
)

var _ graph.CatalogueSource = (*Store)(nil)

// newToken returns a fresh catalogue version.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// catalogueWriteTx is writeTx for transactions that may change the catalogue: it replaces
// the version token in the same transaction, after the work, so that other processes see the
// change and the version together. The token is made outside the transaction function, which
// the driver may retry. changed reports whether the work changed anything (nil: assume so).
func catalogueWriteTx[T any](ctx context.Context, s *Store, changed func(T) bool, work txWork[T]) (T, error) {
	return versionedWriteTx(ctx, s, true, false, changed, work)
}

// versionedWriteTx runs work and then replaces the catalogue's version, personal data's, or
// both, in the same transaction, unless changed says that the work changed nothing.
func versionedWriteTx[T any](ctx context.Context, s *Store, catalogue, personal bool, changed func(T) bool, work txWork[T]) (T, error) {
	token := newToken()
	return writeTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (T, error) {
		v, err := work(ctx, tx)
		if err != nil || (changed != nil && !changed(v)) {
			return v, err
		}
		if catalogue {
			if err := exec(ctx, tx, bumpQuery, map[string]any{"token": token}); err != nil {
				return v, err
			}
		}
		if personal {
			if err := exec(ctx, tx, personalBumpQuery, map[string]any{"token": token}); err != nil {
				return v, err
			}
		}
		return v, nil
	})
}

// storeWriteTx runs a write that changes nodes of kind k, or edges of type t, replacing the
// version of what it changes: personal data, or the catalogue.
func storeWriteTx[T any](ctx context.Context, s *Store, personal bool, work txWork[T]) (T, error) {
	return versionedWriteTx(ctx, s, !personal, personal, nil, work)
}

// Versions returns the catalogue's and personal data's version tokens in one auto-commit
// read. EINTERNAL on failure.
func (s *Store) Versions(ctx context.Context) (graph.Versions, error) {
	v, err := readOne(ctx, s, func(ctx context.Context, r runner) (graph.Versions, error) {
		recs, err := collect(ctx, r, versionsQuery, nil)
		if err != nil || len(recs) == 0 {
			return graph.Versions{}, err
		}
		c, err := get[string](recs[0], "c")
		if err != nil {
			return graph.Versions{}, err
		}
		p, err := get[string](recs[0], "p")
		return graph.Versions{Catalogue: c, Personal: p}, err
	})
	return v, wrap("Versions", err)
}

// CatalogueVersion returns the catalogue's version token ("" for a database never written
// by this version of skillgraph). One auto-commit statement: a single round trip. EINTERNAL
// on failure.
func (s *Store) CatalogueVersion(ctx context.Context) (string, error) {
	v, err := readOne(ctx, s, func(ctx context.Context, r runner) (string, error) {
		recs, err := collect(ctx, r, versionQuery, nil)
		if err != nil || len(recs) == 0 {
			return "", err
		}
		return get[string](recs[0], "v")
	})
	return v, wrap("CatalogueVersion", err)
}

// snapshotAttempts bounds the reads of a snapshot while writes keep changing the catalogue.
const snapshotAttempts = 3

var errCatalogueMoving = errors.New("the catalogue changed during every attempt to copy it")

// CatalogueSnapshot reads every catalogue node and edge. Neo4j reads are read-committed, not
// a snapshot, so the version is read before and after: equal tokens mean that no catalogue
// write committed in between (each replaces the token). EINTERNAL on failure, or when the
// catalogue changed during each of a few attempts.
func (s *Store) CatalogueSnapshot(ctx context.Context) (*graph.Snapshot, error) {
	for range snapshotAttempts {
		snap, err := readTx(ctx, s, readSnapshot)
		if err != nil {
			return nil, wrap("CatalogueSnapshot", err)
		}
		if snap != nil {
			return snap, nil
		}
	}
	return nil, wrap("CatalogueSnapshot", errCatalogueMoving)
}

// readSnapshot reads the catalogue between two reads of its version; nil when they differ.
func readSnapshot(ctx context.Context, tx driver.ManagedTransaction) (*graph.Snapshot, error) {
	version := func() (string, error) {
		recs, err := collect(ctx, tx, versionQuery, nil)
		if err != nil || len(recs) == 0 {
			return "", err
		}
		return get[string](recs[0], "v")
	}
	before, err := version()
	if err != nil {
		return nil, err
	}
	snap := &graph.Snapshot{Version: before}
	// Two statements, whatever the number of kinds and types: a reload is one pass.
	recs, err := collect(ctx, tx, "MATCH (n:Node) WHERE NOT (n:"+string(graph.KindLearner)+" OR n:"+string(graph.KindAchievement)+") RETURN n", nil)
	if err != nil {
		return nil, err
	}
	snap.Nodes = make([]graph.Node, 0, len(recs))
	for _, r := range recs {
		v, _ := r.Get("n")
		n, err := nodeValue(v)
		if err != nil {
			return nil, err
		}
		if !n.NodeKind().Personal() {
			snap.Nodes = append(snap.Nodes, n)
		}
	}
	// Each catalogue edge type by its relationship type and its start's kind (REQUIRES is two).
	types := map[[2]string]graph.RelType{}
	var rels []string
	for _, t := range graph.RelTypes {
		if t.Personal() || t == graph.RelComprises {
			continue
		}
		types[[2]string{cypherType(t), string(graph.Rels[t].From)}] = t
		if !slices.Contains(rels, cypherType(t)) {
			rels = append(rels, cypherType(t))
		}
	}
	// One record per start node, its edges collected: the driver's cost is per record.
	recs, err = collect(ctx, tx, "MATCH (a:Node)-[r:"+strings.Join(rels, "|")+"]->(b:Node) "+
		"RETURN a.id AS a, labels(a) AS la, collect([type(r), b.id, properties(r)]) AS es", nil)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		from, err := get[string](r, "a")
		if err != nil {
			return nil, err
		}
		la, _ := r.Get("la")
		kind, _ := labelsKind(la)
		es, err := triples(r, from)
		if err != nil {
			return nil, err
		}
		for _, triple := range es {
			typ, ok1 := triple[0].(string)
			to, ok2 := triple[1].(string)
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("edges of %q: unexpected item %v", from, triple)
			}
			t, ok := types[[2]string{typ, string(kind)}]
			if !ok {
				continue // not a catalogue edge (a start of another kind)
			}
			e, err := edgeOf(t, from, to, triple[2])
			if err != nil {
				return nil, err
			}
			snap.Edges = append(snap.Edges, e)
		}
	}
	after, err := version()
	if err != nil || after != before {
		return nil, err
	}
	return snap, nil
}
