package embedded_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// escoPaths returns the paths of an ESCO data set under ../shared/data, skipping the test
// loudly (or failing it, see seedtest) when it is absent.
func escoPaths(t *testing.T, name string) []string {
	t.Helper()
	if name == "esco-official" {
		return seedtest.OfficialZips(t)
	}
	return []string{seedtest.DataDir(t, name)}
}

// TestESCOSampleReopen imports the ESCO sample, reopens the file, and checks that the indexes
// rebuilt at open answer as the live ones did.
func TestESCOSampleReopen(t *testing.T) {
	paths := escoPaths(t, "esco-official-sample")
	path := filepath.Join(t.TempDir(), "esco.db")
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := esco.Import(t.Context(), s, paths, esco.Options{BatchSize: 1000}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path)
	if after := snapshot(t, s); after != before {
		t.Fatalf("the reopened store answers differently:\n%s", firstDiff(after, before))
	}
	// Importing again finds everything unchanged.
	res, err := esco.Import(t.Context(), s, paths, esco.Options{BatchSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Written; w.NodesCreated+w.NodesUpdated+w.EdgesCreated+w.EdgesUpdated != 0 {
		t.Fatalf("a second import into the reopened store wrote %+v", w)
	}
}

// TestESCOFull imports all of ESCO and reopens it, checking that the reopened store answers
// as the live one did. The times of the import and of the open are measured by
// BenchmarkEmbeddedImport and BenchmarkEmbeddedOpen in graph/storebench.
func TestESCOFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full ESCO import skipped in -short mode")
	}
	paths := escoPaths(t, "esco-official")
	path := filepath.Join(t.TempDir(), "esco.db")
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := esco.Import(t.Context(), s, paths, esco.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full ESCO import: %+v", res.Written)
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, path)
	again, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again) != fmt.Sprint(st) {
		t.Fatalf("Stats after reopening %v, want %v", again, st)
	}
	if st.Nodes[graph.KindCompetency] < 14000 || st.Edges[graph.RelRoleRequires] < 120000 {
		t.Fatalf("Stats %v: want all of ESCO", st)
	}
	hits, err := s.Search(t.Context(), graph.SearchQuery{Text: "software developer", Kinds: []graph.Kind{graph.KindJobRole}})
	if err != nil || len(hits) == 0 {
		t.Fatalf("Search software developer: %v, %v", hits, err)
	}
	if name := hits[0].Node.DisplayName(); name != "software developer" {
		t.Errorf("first hit for software developer: %q", name)
	}
}
