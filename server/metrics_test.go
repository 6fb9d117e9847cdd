package server

import (
	"context"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// versionedSource is a catalogue source that reads the version with personal data; its other
// methods are never called here.
type versionedSource struct {
	graph.CatalogueSource
	calls int
}

func (v *versionedSource) GetManyVersioned(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, string, error) {
	v.calls++
	return map[string]graph.Node{}, "v1", nil
}

func (v *versionedSource) GetWithEdgesVersioned(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, string, error) {
	v.calls++
	return &graph.NodeEdges{}, "v2", nil
}

// The database's instrumentation keeps the one-round-trip read of personal data and the
// version when the source has it, and does not claim it when the source has not.
func TestInstrumentDatabaseKeepsVersionedReads(t *testing.T) {
	src := &versionedSource{}
	vr, ok := InstrumentDatabase(src).(graph.VersionedReader)
	if !ok {
		t.Fatal("the instrumented source lost GetManyVersioned")
	}
	if _, v, err := vr.GetManyVersioned(context.Background(), graph.KindLearner, []string{"a"}); err != nil || v != "v1" || src.calls != 1 {
		t.Fatalf("GetManyVersioned: version %q, err %v, %d calls", v, err, src.calls)
	}
	if _, v, err := vr.GetWithEdgesVersioned(context.Background(), graph.KindLearner, "a", nil); err != nil || v != "v2" || src.calls != 2 {
		t.Fatalf("GetWithEdgesVersioned: version %q, err %v, %d calls", v, err, src.calls)
	}
	type plain struct{ graph.CatalogueSource }
	if _, ok := InstrumentDatabase(plain{}).(graph.VersionedReader); ok {
		t.Fatal("a source without versioned reads is instrumented as having them")
	}
}
