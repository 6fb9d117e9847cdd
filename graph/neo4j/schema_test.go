package neo4j_test

import (
	"context"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

// The uniqueness constraint, not only the check before writing, guards ids: a duplicate that
// reaches the database is refused and reported as ECONFLICT, and its transaction writes nothing.
func TestConstraintViolationIsConflict(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	err := neo4j.WriteQueries(ctx, s,
		"CREATE (:Node:Framework {id: 'dup', name: 'a'})",
		"CREATE (:Node:Organization {id: 'dup', name: 'b'})")
	if err == nil {
		t.Fatal("a duplicate id was accepted by the database")
	}
	if code := graph.ErrorCode(neo4j.Wrap("test", err)); code != graph.ECONFLICT {
		t.Fatalf("code = %q, want %q (err %v)", code, graph.ECONFLICT, err)
	}
	if _, err := s.Get(ctx, graph.KindFramework, "dup"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("Get after the failed transaction: %v", err)
	}
}

// Opening a second store runs the migrations again without error and without new indexes.
func TestMigrationsAreIdempotent(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	const online = "SHOW INDEXES YIELD state WHERE state = 'ONLINE' RETURN count(*) AS c"
	before, err := neo4j.Count(ctx, s, online, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(len(neo4j.Migrations())); before < want {
		t.Fatalf("%d online indexes, want at least %d (one per migration)", before, want)
	}
	cfg, _ := neo4jtest.Config()
	again, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer again.Close()
	if err := again.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := neo4j.Count(ctx, again, online, nil)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("online indexes: %d after reopening, %d before", after, before)
	}
}

func TestLuceneQueryEscapes(t *testing.T) {
	if got, want := neo4j.LuceneEscape(`a+b(c)*"d\`), `a\+b\(c\)\*\"d\\`; got != want {
		t.Fatalf("luceneEscape = %s, want %s", got, want)
	}
	want := "+(_sname:data* _slabels:data* _sdesc:data*) +(_sname:an* _slabels:an* _sdesc:an*)"
	if got := neo4j.LuceneQuery([]string{"data", "an"}); got != want {
		t.Fatalf("luceneQuery = %s, want %s", got, want)
	}
}

// Processes starting together over a fresh database each run the migrations: all of them
// open, and the database ends with every constraint and index once.
func TestConcurrentMigrationsOnAFreshDatabase(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	dropSchema(t, s)
	cfg, _ := neo4jtest.Config()
	const processes = 4
	stores := make([]*neo4j.Store, processes)
	errs := make([]error, processes)
	start := make(chan struct{})
	done := make(chan int)
	for i := range processes {
		go func() {
			<-start
			stores[i], errs[i] = neo4j.Open(ctx, cfg)
			done <- i
		}()
	}
	close(start)
	for range processes {
		<-done
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
		defer stores[i].Close()
	}
	const online = "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' AND name IN $names RETURN count(*) AS c"
	n, err := neo4j.Count(ctx, s, online, map[string]any{"names": neo4j.SchemaNames()})
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(len(neo4j.SchemaNames())); n != want {
		t.Fatalf("%d of the %d indexes the migrations create are online", n, want)
	}
	// Every store works, and the versions the migrations seed are there once.
	for i, st := range stores {
		if _, err := st.Versions(ctx); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
	}
	metas, err := neo4j.Count(ctx, s, "MATCH (m:Meta {name: 'catalogue'}) RETURN count(m) AS c", nil)
	if err != nil || metas != 1 {
		t.Fatalf("%d catalogue version nodes (%v), want 1", metas, err)
	}
}

// dropSchema removes every constraint and index the migrations made, as on a new database.
func dropSchema(t *testing.T, s *neo4j.Store) {
	t.Helper()
	ctx := context.Background()
	for _, name := range neo4j.SchemaNames() {
		if err := neo4j.WriteSchema(ctx, s, "DROP CONSTRAINT "+name+" IF EXISTS"); err != nil {
			t.Fatal(err)
		}
		if err := neo4j.WriteSchema(ctx, s, "DROP INDEX "+name+" IF EXISTS"); err != nil {
			t.Fatal(err)
		}
	}
	n, err := neo4j.Count(ctx, s, "SHOW INDEXES YIELD name WHERE name IN $names RETURN count(*) AS c", map[string]any{"names": neo4j.SchemaNames()})
	if err != nil || n != 0 {
		t.Fatalf("%d indexes left after dropping (%v)", n, err)
	}
}
