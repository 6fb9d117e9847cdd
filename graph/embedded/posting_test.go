package embedded

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// A posting lists its nodes, then holds them in a set past postingListMax, and answers the
// same either way as nodes come and go.
func TestPostingAcrossItsSizes(t *testing.T) {
	recs := make([]*rec, 3*postingListMax+1) // the last never added
	for i := range recs {
		recs[i] = &rec{num: int32(i)}
	}
	p := &posting{word: "w"}
	want := map[*rec]bool{}
	check := func(step string) {
		t.Helper()
		got := map[*rec]bool{}
		for r := range p.all(recs) {
			if got[r] {
				t.Fatalf("%s: a node listed twice", step)
			}
			got[r] = true
		}
		if len(got) != len(want) || p.len() != len(want) {
			t.Fatalf("%s: %d nodes, len %d, want %d", step, len(got), p.len(), len(want))
		}
		for r := range want {
			if !got[r] {
				t.Fatalf("%s: a node is missing", step)
			}
		}
	}
	for i, r := range recs[:len(recs)-1] {
		p.add(r.num)
		p.add(r.num) // twice: once in the posting
		want[r] = true
		check(fmt.Sprintf("after %d adds", i+1))
	}
	if p.many == nil {
		t.Fatalf("%d nodes still listed, want a set past %d", len(recs), postingListMax)
	}
	for i, r := range recs[:len(recs)-1] {
		if i%2 == 0 {
			p.remove(r.num)
			delete(want, r)
		}
	}
	p.remove(recs[len(recs)-1].num) // not held: nothing changes
	check("after removals")

	small := &posting{word: "v"}
	for _, r := range recs[:4] {
		small.add(r.num)
	}
	small.remove(recs[1].num)
	small.remove(recs[1].num)
	if got := slices.Collect(small.all(recs)); !slices.Equal(got, []*rec{recs[0], recs[2], recs[3]}) {
		t.Fatalf("list after a removal: %d nodes", len(got))
	}
}

// Search finds every node holding a word held by more nodes than a posting lists, before and
// after some of them are deleted, and the records holding a word name its posting.
func TestSearchOverLargePostings(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const n = 3 * postingListMax
	for i := range n {
		c := &graph.Competency{Meta: graph.Meta{ID: fmt.Sprintf("comp-%02d", i)}, Name: fmt.Sprintf("Zanzibar weaving %02d", i)}
		if _, err := s.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	count := func() int {
		hits, err := s.Search(ctx, graph.SearchQuery{Text: "zanzibar", Kinds: []graph.Kind{graph.KindCompetency}, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(hits)
	}
	if got := count(); got != n {
		t.Fatalf("%d hits, want %d", got, n)
	}
	for i := 0; i < n; i += 3 {
		if err := s.Delete(ctx, graph.KindCompetency, fmt.Sprintf("comp-%02d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(); got != n-n/3 {
		t.Fatalf("%d hits after deletions, want %d", got, n-n/3)
	}
	// New nodes take the deleted ones' numbers in the postings: a node without the word must
	// not be found through them, and one renamed away from it neither.
	for i := range n / 3 {
		c := &graph.Competency{Meta: graph.Meta{ID: fmt.Sprintf("other-%02d", i)}, Name: fmt.Sprintf("Basket making %02d", i)}
		if _, err := s.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	renamed := &graph.Competency{Meta: graph.Meta{ID: "comp-01"}, Name: "Rope knotting"}
	if _, err := s.Update(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	if got := count(); got != n-n/3-1 {
		t.Fatalf("%d hits after new nodes and a rename, want %d", got, n-n/3-1)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "basket", Kinds: []graph.Kind{graph.KindCompetency}, Limit: 100})
	if err != nil || len(hits) != n/3 {
		t.Fatalf("search for the new nodes' word: %d hits, %v; want %d", len(hits), err, n/3)
	}
	// A word no node holds any more gives its posting's number to the next new word.
	if err := s.Delete(ctx, graph.KindCompetency, "comp-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "lace"}, Name: "Lace"}); err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]int{"rope": 0, "knotting": 0, "lace": 1, "zanzibar": n - n/3 - 1} {
		hits, err := s.Search(ctx, graph.SearchQuery{Text: word, Kinds: []graph.Kind{graph.KindCompetency}, Limit: 100})
		if err != nil || len(hits) != want {
			t.Fatalf("search for %q: %d hits, %v; want %d", word, len(hits), err, want)
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p := s.posts["zanzibar"]
	for r := range p.all(s.recs) {
		if i := slices.Index(r.words, p.num); i < 0 || s.word(r, i) != "zanzibar" {
			t.Fatalf("%s does not hold the posting of its word", r.n.NodeID())
		}
	}
	for _, q := range s.posts {
		if s.postings[q.num] != q {
			t.Fatalf("posting %q is not at its number", q.word)
		}
	}
}
