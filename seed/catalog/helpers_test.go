package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/record"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// openBolt opens the embedded store at path.
func openBolt(t testing.TB, path string) graph.Store {
	t.Helper()
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var (
	sampleOnce sync.Once
	sampleFile string // an embedded store holding the ESCO sample, imported once per run
	sampleErr  error
)

// sampleStore returns a fresh embedded store holding the imported ESCO sample: a copy of a
// store the sample was imported into once.
func sampleStore(t testing.TB) graph.Store {
	t.Helper()
	dir := seedtest.DataDir(t, "esco-official-sample")
	sampleOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "catalog-sample-")
		if err != nil {
			sampleErr = err
			return
		}
		sampleFile = filepath.Join(tmp, "sample.db")
		s, err := embedded.Open(sampleFile)
		if err != nil {
			sampleErr = err
			return
		}
		_, sampleErr = esco.Import(context.Background(), s, []string{dir}, esco.Options{})
		if err := s.Close(); sampleErr == nil {
			sampleErr = err
		}
	})
	if sampleErr != nil {
		t.Fatalf("import the ESCO sample: %v", sampleErr)
	}
	path := filepath.Join(t.TempDir(), "skillgraph.db")
	if err := copyFile(sampleFile, path); err != nil {
		t.Fatal(err)
	}
	return openBolt(t, path)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleFile != "" {
		os.RemoveAll(filepath.Dir(sampleFile))
	}
	os.Exit(code)
}

// snapshot is everything a store holds, read back through the Store interface.
type snapshot struct {
	nodes map[graph.Kind][]graph.Node               // by kind, in id order
	byID  map[string]graph.Node                     // every node
	edges map[graph.RelType][]graph.Edge            // by type, by start then end id
	out   map[graph.RelType]map[string][]graph.Edge // by type and start id
}

// readAll reads every node and edge of s.
func readAll(t testing.TB, s graph.Store) *snapshot {
	t.Helper()
	ctx := context.Background()
	snap := &snapshot{nodes: map[graph.Kind][]graph.Node{}, byID: map[string]graph.Node{},
		edges: map[graph.RelType][]graph.Edge{}, out: map[graph.RelType]map[string][]graph.Edge{}}
	for _, k := range graph.Kinds {
		opts := graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
		for {
			page, err := s.List(ctx, k, opts)
			if err != nil {
				t.Fatalf("list %s: %v", k, err)
			}
			for _, n := range page.Items {
				snap.nodes[k] = append(snap.nodes[k], n)
				snap.byID[n.NodeID()] = n
			}
			if !page.HasNextPage || len(page.Items) == 0 {
				break
			}
			opts.After = page.Cursors[len(page.Cursors)-1]
		}
	}
	for _, rt := range graph.RelTypes {
		from := snap.nodes[graph.Rels[rt].From]
		snap.out[rt] = map[string][]graph.Edge{}
		for lo := 0; lo < len(from); lo += readChunk {
			ids := make([]string, 0, readChunk)
			for _, n := range from[lo:min(lo+readChunk, len(from))] {
				ids = append(ids, n.NodeID())
			}
			got, err := s.Edges(ctx, rt, graph.Outgoing, ids, graph.EdgeFilter{})
			if err != nil {
				t.Fatalf("edges %s: %v", rt, err)
			}
			for _, id := range ids {
				snap.edges[rt] = append(snap.edges[rt], got[id]...)
				snap.out[rt][id] = got[id]
			}
		}
	}
	return snap
}

// hash digests the snapshot's content: nodes without timestamps, and edges.
func (s *snapshot) hash() string {
	h := sha256.New()
	for _, k := range graph.Kinds {
		for _, n := range s.nodes[k] {
			fmt.Fprintln(h, n.NodeID(), record.Hash(n))
		}
	}
	for _, rt := range graph.RelTypes {
		edges := slices.Clone(s.edges[rt])
		slices.SortFunc(edges, func(a, b graph.Edge) int {
			if a.From != b.From {
				return strings.Compare(a.From, b.From)
			}
			return strings.Compare(a.To, b.To)
		})
		for _, e := range edges {
			b, _ := json.Marshal(e)
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// generated returns the generated nodes of kind k.
func (s *snapshot) generated(k graph.Kind) []graph.Node {
	var out []graph.Node
	for _, n := range s.nodes[k] {
		if strings.HasPrefix(n.NodeID(), IDPrefix) {
			out = append(out, n)
		}
	}
	return out
}
