//go:build linux

package embedded

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// TestOpenReleasesFilePages checks that once Open has loaded a file, the pages loading read
// through the memory map are no longer resident in the process: the store serves reads from
// memory, and on a large catalogue those pages were a third of the process's resident memory.
// It reads the map's resident size from /proc/self/smaps.
func TestOpenReleasesFilePages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pages.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var b graph.Batch
	for i := range 4000 {
		b.Nodes = append(b.Nodes, &graph.Competency{Meta: graph.Meta{ID: fmt.Sprintf("comp-%05d", i)},
			Name: fmt.Sprintf("Competency %d", i), Description: strings.Repeat("a description long enough to fill pages ", 50)})
	}
	if _, err := s.BulkUpsert(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < 4<<20 {
		t.Fatalf("the file has %d bytes: too small to tell", fi.Size())
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, err := s.List(t.Context(), graph.KindCompetency, graph.ListOptions{First: 10}); err != nil || len(n.Items) != 10 {
		t.Fatalf("after Open: %v, %v", n, err)
	}
	rss := mappingRSS(t, s.db.Info().Data)
	if rss > fi.Size()/4 {
		t.Fatalf("after Open, %d KB of the %d KB file stay resident in its map", rss>>10, fi.Size()>>10)
	}
	// The map still reads: a write looks its pages up again.
	if _, err := s.Create(t.Context(), &graph.Competency{Meta: graph.Meta{ID: "comp-after"}, Name: "After the release"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(t.Context(), graph.KindCompetency, "comp-01234"); err != nil {
		t.Fatal(err)
	}
}

// mappingRSS returns the resident bytes of the mapping starting at start.
func mappingRSS(t *testing.T, start uintptr) int64 {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	in := false
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		// A mapping's line starts with its range; its attributes' lines with "Name:".
		if lo, _, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			v, err := strconv.ParseUint(lo, 16, 64)
			in = err == nil && uintptr(v) == start
			continue
		}
		if in && fields[0] == "Rss:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no mapping at %#x in /proc/self/smaps", start)
	return 0
}
