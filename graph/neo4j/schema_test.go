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
