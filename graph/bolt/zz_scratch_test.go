package bolt_test

import (
	"os"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph/bolt"
	"github.com/skillgraph/skillgraph/seed/esco"
)

func TestScratchMake(t *testing.T) {
	path := "/tmp/esco-full.db"
	if _, err := os.Stat(path); err == nil {
		t.Skip()
	}
	s, err := bolt.Open(path)
	must(t, err)
	_, err = esco.Import(t.Context(), s, escoPaths(t, "esco-official"), esco.Options{})
	must(t, err)
	s.Close()
}

func TestScratchOpen(t *testing.T) {
	for range 3 {
		start := time.Now()
		s, err := bolt.Open("/tmp/esco-full.db")
		must(t, err)
		t.Log(time.Since(start))
		s.Close()
	}
}
