package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Storage versions of the graph, kept on (:Meta {name: 'storage'}).version; a graph without
// it was written by version 1:
//
//  1. Node properties from the domain types' JSON; _sname, _slabels and _sdesc hold the words
//     of the name, labels and description, lower-cased.
//  2. Node properties from graph/record records; the search words are folded (no accents) as
//     graph.SearchTerms makes them, _snames holds each label's words apart for ranking, and
//     every node records its layout in _v.
//
// A node's _v says which layout it has (absent: 1), so that the upgrade can go in batches, be
// interrupted, and run in two processes at once: each batch rewrites only nodes still below
// the version, and every write of this build writes nodes at the version.
const storageVersion = 2

const (
	storageVersionQuery = "OPTIONAL MATCH (m:Meta {name: 'storage'}) RETURN coalesce(m.version, 0) AS v"
	// Never lowers the version, should a process of an older build finish after this one.
	setStorageVersion = "MERGE (m:Meta {name: 'storage'}) " +
		"SET m.version = CASE WHEN coalesce(m.version, 0) < $v THEN $v ELSE m.version END"
	staleCount = "MATCH (n:Node) WHERE coalesce(n._v, 1) < $v RETURN count(n) AS c"
	staleBatch = "MATCH (n:Node) WHERE coalesce(n._v, 1) < $v RETURN n LIMIT $limit"
	// Writing _lock first takes the node's write lock, so the version read after it is the
	// last committed one: a node another process rewrote meanwhile is left alone.
	rewriteStale = `UNWIND $rows AS r
MATCH (n:Node {id: r.id})
SET n._lock = true
WITH n, r, coalesce(n._v, 1) < $v AS stale
REMOVE n._lock
WITH n, r WHERE stale
SET n = r.props`
)

// upgradeBatch is how many nodes one transaction of the upgrade rewrites, unless a test sets
// another number (withUpgradeBatch).
const upgradeBatch = 2000

func withUpgradeBatch(n int) Option { return func(s *Store) { s.upgradeBatch = n } }

// upgrade brings the graph's nodes to storageVersion, logging its progress, and records the
// version. A graph of a newer version is refused. It reads one property when the graph is
// already at the version.
func (s *Store) upgrade(ctx context.Context) error {
	run := func(query string, params map[string]any) ([]*driver.Record, error) {
		res, err := driver.ExecuteQuery(ctx, s.driver, query, params, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithWritersRouting())
		if err != nil {
			return nil, err
		}
		return res.Records, nil
	}
	recs, err := run(storageVersionQuery, nil)
	if err != nil {
		return fmt.Errorf("storage version: %w", err)
	}
	version, err := get[int64](recs[0], "v")
	if err != nil {
		return fmt.Errorf("storage version: %w", err)
	}
	switch {
	case version > storageVersion:
		return fmt.Errorf("the graph has storage version %d; this build reads versions up to %d", version, storageVersion)
	case version == storageVersion:
		return nil
	}
	batch := upgradeBatch
	if s.upgradeBatch > 0 {
		batch = s.upgradeBatch
	}
	params := map[string]any{"v": int64(storageVersion), "limit": int64(batch)}
	recs, err = run(staleCount, params)
	if err != nil {
		return fmt.Errorf("upgrade: %w", err)
	}
	total, err := get[int64](recs[0], "c")
	if err != nil {
		return fmt.Errorf("upgrade: %w", err)
	}
	start := time.Now()
	if total > 0 {
		s.log.Info("upgrading the graph", "from_version", max(version, 1), "to_version", storageVersion, "nodes", total)
	}
	// Its own session, not writeTx: the upgrade runs while the store heals, before it is up.
	sess := s.driver.NewSession(ctx, driver.SessionConfig{DatabaseName: s.database, AccessMode: driver.AccessModeWrite})
	defer sess.Close(ctx)
	done := 0
	for {
		out, err := sess.ExecuteWrite(ctx, func(tx driver.ManagedTransaction) (any, error) {
			recs, err := collect(ctx, tx, staleBatch, params)
			if err != nil || len(recs) == 0 {
				return 0, err
			}
			rows := make([]map[string]any, 0, len(recs))
			for _, r := range recs {
				v, _ := r.Get("n")
				node, err := nodeValue(v)
				if err != nil {
					return 0, err
				}
				props, err := encode(node)
				if err != nil {
					return 0, fmt.Errorf("%s %q: %w", node.NodeKind(), node.NodeID(), err)
				}
				rows = append(rows, map[string]any{"id": node.NodeID(), "props": props})
			}
			// Every process locks nodes in id order, so two upgrading at once never deadlock.
			slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(a["id"].(string), b["id"].(string)) })
			return len(rows), exec(ctx, tx, rewriteStale, map[string]any{"rows": rows, "v": int64(storageVersion)})
		})
		if err != nil {
			return fmt.Errorf("upgrade: %w", err)
		}
		n, _ := out.(int)
		if n == 0 {
			break
		}
		done += n
		if total > int64(batch) {
			s.log.Info("upgrading the graph", "nodes", done, "of", total)
		}
	}
	if _, err := run(setStorageVersion, params); err != nil {
		return fmt.Errorf("storage version: %w", err)
	}
	if total > 0 {
		s.log.Info("graph upgraded", "version", storageVersion, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}
