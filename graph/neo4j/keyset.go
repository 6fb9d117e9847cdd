package neo4j

import (
	"context"
	"fmt"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// The key set lives on the :Meta node named 'keys' (unique by the meta_name constraint):
// its data as a byte array, its version and the time of its last save.

// KeySet returns the saved key set. ENOTFOUND when none was saved; EINTERNAL on failure.
func (s *Store) KeySet(ctx context.Context) (graph.KeySet, error) {
	ks, err := readOne(ctx, s, func(ctx context.Context, r runner) (graph.KeySet, error) {
		recs, err := collect(ctx, r, "MATCH (m:Meta {name: 'keys'}) WHERE m.version IS NOT NULL RETURN m.version AS v, m.data AS d, m.updatedAt AS at", nil)
		if err != nil || len(recs) == 0 {
			return graph.KeySet{}, err
		}
		return keySetOf(recs[0])
	})
	if err == nil && ks.Version == "" {
		err = graph.Errorf(graph.ENOTFOUND, "no key set is stored")
	}
	return ks, wrap("KeySet", err)
}

func keySetOf(rec *driver.Record) (graph.KeySet, error) {
	v, err := get[string](rec, "v")
	if err != nil {
		return graph.KeySet{}, err
	}
	d, err := get[[]byte](rec, "d")
	if err != nil {
		return graph.KeySet{}, err
	}
	at, err := get[time.Time](rec, "at")
	if err != nil {
		return graph.KeySet{}, err
	}
	return graph.KeySet{Version: v, Data: d, UpdatedAt: at.UTC()}, nil
}

// SaveKeySet replaces the key set when its version is prev. Writing the node first takes its
// write lock, so that the version read next is the last committed one and a concurrent save
// waits for this transaction (as NextSequence does). ECONFLICT ("version") when the version
// is not prev; EINVALID ("data") for empty or oversized data; EINTERNAL on failure.
func (s *Store) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	if err := graph.CheckKeySetData(data); err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", err)
	}
	token, now := newToken(), s.now()
	ks, err := writeTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (graph.KeySet, error) {
		recs, err := collect(ctx, tx, `MERGE (m:Meta {name: 'keys'})
SET m._lock = true
WITH m
REMOVE m._lock
RETURN coalesce(m.version, '') AS v`, nil)
		if err != nil {
			return graph.KeySet{}, err
		}
		if len(recs) != 1 {
			return graph.KeySet{}, fmt.Errorf("key set node: %d rows", len(recs))
		}
		cur, err := get[string](recs[0], "v")
		if err != nil {
			return graph.KeySet{}, err
		}
		if cur != prev {
			return graph.KeySet{}, graph.KeySetConflict(prev)
		}
		recs, err = collect(ctx, tx, `MATCH (m:Meta {name: 'keys'})
SET m.version = $token, m.data = $data, m.updatedAt = $now
RETURN m.version AS v, m.data AS d, m.updatedAt AS at`, map[string]any{"token": token, "data": data, "now": now})
		if err != nil || len(recs) != 1 {
			return graph.KeySet{}, err
		}
		return keySetOf(recs[0])
	})
	return ks, wrap("SaveKeySet", err)
}
