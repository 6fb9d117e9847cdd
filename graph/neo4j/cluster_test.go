package neo4j_test

import (
	"context"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

// A store on a neo4j:// URI (the routing scheme of clusters and Aura) reads and writes; the
// bookmarks of a request's write, handed to another store's request, make its reads see the
// write; a bookmark this database never issued is refused as bad input.
func TestRoutingURIAndBookmarks(t *testing.T) {
	first := neo4jtest.Open(t)
	cfg, _ := neo4jtest.Config()
	cfg.URI = "neo4j://" + strings.TrimPrefix(strings.TrimPrefix(cfg.URI, "bolt://"), "neo4j://")
	ctx := context.Background()
	routed, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open %s: %v", cfg.URI, err)
	}
	defer routed.Close()

	wbm := graph.NewBookmarks(nil)
	wctx := graph.WithBookmarks(ctx, wbm)
	if _, err := routed.Create(wctx, &graph.Framework{Meta: graph.Meta{ID: "fw-routed"}, Name: "Routed"}); err != nil {
		t.Fatal(err)
	}
	got, wrote := wbm.Written()
	if !wrote || len(got) == 0 {
		t.Fatalf("a write recorded no bookmark (%v, %v)", got, wrote)
	}
	// Reads record nothing: only writes move what the next request must wait for.
	rbm := graph.NewBookmarks(got)
	rctx := graph.WithBookmarks(ctx, rbm)
	if _, err := first.Get(rctx, graph.KindFramework, "fw-routed"); err != nil {
		t.Fatalf("read with the write's bookmarks through another store: %v", err)
	}
	if _, wrote := rbm.Written(); wrote {
		t.Error("a read recorded bookmarks")
	}
	// The next write of the reading request replaces the bookmark it started from.
	if _, err := first.Create(rctx, &graph.Framework{Meta: graph.Meta{ID: "fw-second"}, Name: "Second"}); err != nil {
		t.Fatal(err)
	}
	after, wrote := rbm.Written()
	if !wrote || len(after) != 1 || after[0] == got[0] {
		t.Fatalf("bookmarks after a second write %v (first %v)", after, got)
	}

	bogus := graph.WithBookmarks(ctx, graph.NewBookmarks([]string{"not-a-bookmark"}))
	_, err = routed.Get(bogus, graph.KindFramework, "fw-routed")
	if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "bookmark" {
		t.Fatalf("a bookmark never issued: %v, want EINVALID bookmark", err)
	}
}
