package neo4j_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

const callsWhileDown = 30

// While Neo4j is unreachable, calls answer EUNAVAILABLE without each trying to reach it; when
// it comes back with an empty database (no data, no indexes), the store migrates again by
// itself and search works, without a restart.
func TestFailFastAndHealWithoutRestart(t *testing.T) {
	direct := neo4jtest.Open(t)
	cfg, _ := neo4jtest.Config()
	u, err := url.Parse(cfg.URI)
	if err != nil {
		t.Fatal(err)
	}
	px := neo4jtest.StartProxy(t, u.Host)
	viaProxy := cfg
	viaProxy.URI = px.URI()
	ctx := context.Background()
	s, err := neo4j.Open(ctx, viaProxy)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "comp-1"}, Name: "Data analysis"}); err != nil {
		t.Fatal(err)
	}

	px.SetDown(true)
	for i := range callsWhileDown {
		var err error
		switch i % 3 {
		case 0:
			_, err = s.Get(ctx, graph.KindCompetency, "comp-1")
		case 1:
			_, err = s.Search(ctx, graph.SearchQuery{Text: "data"})
		case 2:
			err = s.Ping(ctx)
		}
		if graph.ErrorCode(err) != graph.EUNAVAILABLE {
			t.Fatalf("call %d while down: %v, want EUNAVAILABLE", i, err)
		}
	}
	if n := px.Refused(); n >= callsWhileDown {
		t.Fatalf("%d connection attempts for %d calls while down: calls do not fail fast", n, callsWhileDown)
	}

	// The server comes back with a new, empty database: no data, no search index.
	if err := direct.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := neo4j.WriteSchema(ctx, direct, "DROP INDEX node_search"); err != nil {
		t.Fatal(err)
	}
	px.SetDown(false)
	s.ProbeNow()
	if _, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "comp-2"}, Name: "Data visualisation"}); err != nil {
		t.Fatalf("first call after the server is back: %v", err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "visualisation"})
	if err != nil || len(hits) != 1 {
		t.Fatalf("search after the server came back empty: %v, %d hits", err, len(hits))
	}
}

// A search index dropped while the store is up is recreated by the store itself.
func TestLostIndexIsRecreated(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "comp-1"}, Name: "Data analysis"}); err != nil {
		t.Fatal(err)
	}
	if err := neo4j.WriteSchema(ctx, s, "DROP INDEX node_search"); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "data"})
	if err != nil || len(hits) != 1 {
		t.Fatalf("search after its index was dropped: %v, %d hits", err, len(hits))
	}
}

// A call whose caller went away (its context canceled while the driver read) fails alone: the
// store stays up for every other call. The same failure on a live context marks it down.
func TestCanceledCallDoesNotMarkTheStoreDown(t *testing.T) {
	s := neo4jtest.Open(t)
	broken := &driver.ConnectivityError{Inner: errors.New("Reading from connection has been canceled: context canceled")}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := neo4j.Failed(s, ctx, broken); graph.ErrorCode(err) == graph.EUNAVAILABLE {
		t.Fatalf("a canceled call reported %v", err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatalf("after a canceled call: %v", err)
	}
	if err := neo4j.Failed(s, context.Background(), broken); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("a live call's broken connection: %v, want EUNAVAILABLE", err)
	}
	if err := s.Ping(context.Background()); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Fatalf("after a live call's broken connection: %v, want the store down", err)
	}
}
