package embedded

import (
	"bytes"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// Storage versions of the file:
//
//  1. Nodes as the domain types' JSON; edges as JSON of their properties.
//  2. Nodes as graph/record records (version 1 of that package, which reads what version 1
//     of the file holds); edges unchanged.
//
// upgrades[v] turns a file of version v into one of version v+1, inside Open's transaction.
var upgrades = map[int]func(s *Store, tx *bbolt.Tx) error{
	1: (*Store).recodeNodes,
}

// progressEvery is how many records an upgrade handles between two progress reports.
const progressEvery = 50000

// upgrade brings a file of version from to storageVersion, one step at a time, reporting
// each step to s.log. The caller's transaction makes it all or nothing.
func (s *Store) upgrade(tx *bbolt.Tx, from int) error {
	for v := from; v < storageVersion; v++ {
		step := upgrades[v]
		if step == nil {
			return fmt.Errorf("no upgrade from storage version %d", v)
		}
		start := time.Now()
		s.log.Info("upgrading the store file", "from_version", v, "to_version", v+1)
		if err := step(s, tx); err != nil {
			return fmt.Errorf("upgrade from storage version %d: %w", v, err)
		}
		s.log.Info("store file upgraded", "version", v+1, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// recodeNodes rewrites every node as a record, checking that each decodes and sits under its
// own id, so that a file that cannot be read fails here, whole, rather than later.
func (s *Store) recodeNodes(tx *bbolt.Tx) error {
	total := 0
	for _, k := range graph.Kinds {
		total += tx.Bucket(nodeBucket(k)).Stats().KeyN
	}
	done := 0
	for _, k := range graph.Kinds {
		b := tx.Bucket(nodeBucket(k))
		type put struct{ key, value []byte }
		var puts []put // a bucket is not written while its cursor walks it
		err := b.ForEach(func(key, v []byte) error {
			n, err := record.Decode(k, v)
			if err != nil {
				return fmt.Errorf("%s %q: %w", k, key, err)
			}
			if n.NodeID() != string(key) {
				return fmt.Errorf("%s %q is stored under the key %q", k, n.NodeID(), key)
			}
			enc, err := record.Encode(n)
			if err != nil {
				return err
			}
			if !bytes.Equal(enc, v) {
				puts = append(puts, put{bytes.Clone(key), enc})
			}
			if done++; done%progressEvery == 0 {
				s.log.Info("upgrading the store file", "nodes", done, "of", total)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, p := range puts {
			if err := b.Put(p.key, p.value); err != nil {
				return err
			}
		}
	}
	return nil
}
