package demo

import (
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
)

// The server loads the demo into the embedded store on first start.
func TestLoadIntoEmbeddedStore(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := load(t)

	res, err := Load(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if want := (graph.BulkResult{NodesCreated: len(d.batch.Nodes), EdgesCreated: len(d.batch.Edges)}); res != want {
		t.Errorf("first Load: %+v, want %+v", res, want)
	}

	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range graph.Kinds {
		if st.Nodes[k] != len(d.byKind[k]) {
			t.Errorf("Stats: %d %s nodes, want %d", st.Nodes[k], k, len(d.byKind[k]))
		}
	}
	components := 0
	for _, b := range d.blocks {
		components += len(b.Components)
	}
	for _, typ := range graph.RelTypes {
		want := len(d.edges[typ])
		if typ == graph.RelComprises {
			want = components
		}
		if st.Edges[typ] != want {
			t.Errorf("Stats: %d %s edges, want %d", st.Edges[typ], typ, want)
		}
	}

	res, err = Load(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	if want := (graph.BulkResult{NodesUnchanged: len(d.batch.Nodes), EdgesUnchanged: len(d.batch.Edges)}); res != want {
		t.Errorf("second Load: %+v, want everything unchanged: %+v", res, want)
	}

	// The pathway engine's view of a story learner resolves in the store.
	pc, err := s.PathwayContext(t.Context(), "learner-lea-dubois", "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2")
	if err != nil {
		t.Fatal(err)
	}
	if len(pc.Requirements) != 12 || len(pc.Achievements) != 3 || pc.Blocks["block-data-preparer"] == nil {
		t.Errorf("PathwayContext for Léa: %d requirements, %d achievements, blocks %v", len(pc.Requirements), len(pc.Achievements), keys(pc.Blocks))
	}
}

func keys[V any](m map[string]V) []string { return sortedKeys(m) }
