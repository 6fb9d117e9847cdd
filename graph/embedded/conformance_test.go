package embedded_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/storetest"
)

// TestConformance runs the shared suite of graph.Store against a fresh file per subtest.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) graph.Store { return openTemp(t, embedded.WithClock(now)) })
}

// openTemp opens a store in a new file of t's temporary directory, closed at the end of t.
func openTemp(t *testing.T, opts ...embedded.Option) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "graph.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}
