package embedded

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
)

// keySetKey holds the key set in the meta bucket.
var keySetKey = []byte("keyset")

// storedKeySet is the key set as the file keeps it.
type storedKeySet struct {
	Version   string    `json:"version"`
	Data      []byte    `json:"data"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// KeySet returns the saved key set. ENOTFOUND when none was saved; EINTERNAL when the file
// cannot be read or once closed.
func (s *Store) KeySet(ctx context.Context) (graph.KeySet, error) {
	if err := ctx.Err(); err != nil {
		return graph.KeySet{}, wrap("KeySet", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	ks, err := s.readKeySet()
	if err != nil {
		return graph.KeySet{}, wrap("KeySet", err)
	}
	if ks.Version == "" {
		return graph.KeySet{}, wrap("KeySet", graph.Errorf(graph.ENOTFOUND, "no key set is stored"))
	}
	return ks, nil
}

// readKeySet reads the key set from the file; the zero KeySet when there is none. Callers
// hold s.wmu.
func (s *Store) readKeySet() (graph.KeySet, error) {
	if err := s.check(); err != nil {
		return graph.KeySet{}, err
	}
	if s.db == nil {
		return graph.KeySet{}, graph.Internal(errReadOnly)
	}
	var out graph.KeySet
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(metaBucket)
		if b == nil {
			return nil
		}
		v := b.Get(keySetKey)
		if v == nil {
			return nil
		}
		var st storedKeySet
		if err := json.Unmarshal(v, &st); err != nil {
			return fmt.Errorf("decode key set: %w", err)
		}
		out = graph.KeySet{Version: st.Version, Data: st.Data, UpdatedAt: st.UpdatedAt}
		return nil
	})
	if err != nil {
		return graph.KeySet{}, graph.Internal(err)
	}
	return out, nil
}

// SaveKeySet replaces the key set when its version is prev. ECONFLICT ("version") when it is
// not; EINVALID ("data") for empty or oversized data; EINTERNAL when the file cannot be
// written or once closed.
func (s *Store) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	if err := ctx.Err(); err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", err)
	}
	if err := graph.CheckKeySetData(data); err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	cur, err := s.readKeySet()
	if err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", err)
	}
	if cur.Version != prev {
		return graph.KeySet{}, wrap("SaveKeySet", graph.KeySetConflict(prev))
	}
	st := storedKeySet{Version: newToken(), Data: append([]byte(nil), data...), UpdatedAt: s.now()}
	v, err := json.Marshal(st)
	if err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", graph.Internal(err))
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		return b.Put(keySetKey, v)
	})
	if err != nil {
		return graph.KeySet{}, wrap("SaveKeySet", graph.Internal(err))
	}
	return graph.KeySet{Version: st.Version, Data: st.Data, UpdatedAt: st.UpdatedAt}, nil
}

// Versions returns the store's write generation as both tokens: one process holds the file,
// and every write through it counts, so a token changes with any write (more often than the
// contract needs, never less). The process's random prefix keeps a reopened file from
// repeating a token a cache saw.
func (s *Store) Versions(ctx context.Context) (graph.Versions, error) {
	if err := ctx.Err(); err != nil {
		return graph.Versions{}, wrap("Versions", err)
	}
	v := fmt.Sprintf("%s-%d", s.epoch, s.generation.Load())
	return graph.Versions{Catalogue: v, Personal: v}, nil
}

// newToken returns a fresh random version.
func newToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
