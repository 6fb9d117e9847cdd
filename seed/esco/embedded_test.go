package esco

import (
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
)

// openBolt opens an empty embedded store.
func openBolt(t testing.TB) graph.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "skillgraph.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestImportSampleBolt(t *testing.T) { checkSampleImport(t, openBolt(t)) }
func TestImportFullBolt(t *testing.T) {
	skipShort(t)
	checkFullImport(t, openBolt(t))
}
func TestImportMalformedBolt(t *testing.T) { checkMalformedImport(t, openBolt(t)) }
func TestImportRejectedBolt(t *testing.T)  { checkRejectedImport(t, openBolt(t)) }
