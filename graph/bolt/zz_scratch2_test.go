package bolt

import (
	"encoding/json"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
)

func TestScratchParts(t *testing.T) {
	db, err := bbolt.Open("/tmp/esco-full.db", 0o600, &bbolt.Options{Timeout: lockTimeout, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var nodes []graph.Node
	var edges []*graph.Edge
	db.View(func(tx *bbolt.Tx) error {
		start := time.Now()
		for _, k := range graph.Kinds {
			tx.Bucket(nodeBucket(k)).ForEach(func(key, v []byte) error {
				n := graph.New(k)
				json.Unmarshal(v, n)
				nodes = append(nodes, n)
				return nil
			})
		}
		t.Log("decode nodes", time.Since(start), len(nodes))
		start = time.Now()
		for _, typ := range graph.RelTypes {
			if typ == graph.RelComprises {
				continue
			}
			tx.Bucket(edgeBucket(typ)).ForEach(func(key, v []byte) error {
				e := new(graph.Edge)
				json.Unmarshal(v, e)
				edges = append(edges, e)
				return nil
			})
		}
		t.Log("decode edges", time.Since(start), len(edges))
		return nil
	})
	s := newStore(db)
	start := time.Now()
	for _, n := range nodes {
		s.putNode(n, "")
	}
	t.Log("index nodes", time.Since(start), len(s.posts))
	start = time.Now()
	for _, e := range edges {
		s.adj[e.Type].put(e)
	}
	t.Log("index edges", time.Since(start))
}
