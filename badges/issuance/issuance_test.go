package issuance_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/demo"
)

const (
	processes  = 2
	workers    = 6
	issuesEach = 10
)

// Two servers over one Neo4j (two stores, two badge services, each with its own memory)
// issuing at once never hand out one status list position twice.
func TestTwoProcessesNeverShareAStatusPosition(t *testing.T) {
	first := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, first); err != nil {
		t.Fatal(err)
	}
	cfg, _ := neo4jtest.Config()
	second, err := neo4j.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { second.Close() })
	keys, err := badges.OpenKeyStore("", badges.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	var services []*issuance.Service
	for _, s := range []graph.Store{first, second} {
		svc, err := issuance.New(s, keys, "https://badges.example.org")
		if err != nil {
			t.Fatal(err)
		}
		services = append(services, svc)
	}
	var mu sync.Mutex
	seen := map[string]string{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for p, svc := range services {
		for w := range workers {
			wg.Go(func() {
				<-start
				for i := range issuesEach {
					id := fmt.Sprintf("ach-p%d-w%d-%02d", p, w, i)
					a := &graph.Achievement{Meta: graph.Meta{ID: id}, LearnerID: "learner-lea-dubois",
						CredentialID: "cred-sql-fondamentaux", IssuedAt: graph.Now(), Status: graph.StatusValid}
					signed, err := svc.Prepare(ctx, a)
					if err != nil {
						t.Errorf("prepare %s: %v", id, err)
						return
					}
					if _, err := []graph.Store{first, second}[p].Create(ctx, signed); err != nil {
						t.Errorf("create %s: %v", id, err)
						return
					}
					pos := signed.StatusList + "/" + fmt.Sprint(signed.StatusIndex)
					mu.Lock()
					if other, dup := seen[pos]; dup {
						t.Errorf("%s and %s share status position %s", other, id, pos)
					}
					seen[pos] = id
					mu.Unlock()
				}
			})
		}
	}
	close(start)
	wg.Wait()
	if want := processes * workers * issuesEach; len(seen) != want {
		t.Fatalf("%d distinct positions, want %d", len(seen), want)
	}
}
