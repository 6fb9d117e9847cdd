package embedded_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/seed/catalog"
	"github.com/skillgraph/skillgraph/seed/esco"
)

// TestPathwayContextAgreesWithReads checks the store's PathwayContext, which walks its
// indexes under one lock and shares the catalogue, against graph.ReadPathwayContext over the
// same store's public reads (copies), on the ESCO sample with a generated catalogue of
// credentials, prerequisites, blocks, certifications and learners with achievements and
// work in progress; then again after writes to the catalogue and to a learner, so that a
// shared node is never stale.
func TestPathwayContextAgreesWithReads(t *testing.T) {
	ctx := t.Context()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "pc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := esco.Import(ctx, s, escoPaths(t, "esco-official-sample"), esco.Options{BatchSize: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, err := catalog.Generate(ctx, s, catalog.Options{Seed: 7, Credentials: 1500, Learners: 200}); err != nil {
		t.Fatal(err)
	}
	roles := allOf(t, s, graph.KindJobRole)
	learners := allOf(t, s, graph.KindLearner)
	creds := allOf(t, s, graph.KindCredential)
	r := rand.New(rand.NewPCG(7, 7))
	compare := func(round string, pairs int) {
		t.Helper()
		blocks, achievements := 0, 0
		for range pairs {
			l, role := learners[r.IntN(len(learners))], roles[r.IntN(len(roles))]
			got, err := s.PathwayContext(ctx, l, role)
			if err != nil {
				t.Fatal(err)
			}
			want, err := graph.ReadPathwayContext(ctx, s, l, role)
			if err != nil {
				t.Fatal(err)
			}
			if got.Numbered == nil || got.Credentials != nil {
				t.Fatalf("%s: the store's context is not numbered", round)
			}
			if got = got.Full(); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: learner %s, role %s: the store's context differs from its reads':\n%s", round, l, role, contextDiff(got, want))
			}
			blocks += len(got.Blocks)
			achievements += len(got.Achievements)
		}
		if blocks == 0 || achievements == 0 {
			t.Fatalf("%s: the sample has no blocks (%d) or achievements (%d): the comparison misses them", round, blocks, achievements)
		}
	}
	compare("as generated", 150)

	// Writes: a credential renamed, a prerequisite added, a learner's holdings changed.
	c, err := s.Get(ctx, graph.KindCredential, creds[0])
	if err != nil {
		t.Fatal(err)
	}
	renamed := c.(*graph.Credential)
	renamed.Title = "Renamed after the first comparison"
	if _, err := s.Update(ctx, renamed); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(creds) && i < 40; i++ {
		// Prerequisite edges that would close a cycle are refused: those are skipped.
		_ = s.Link(ctx, graph.Edge{Type: graph.RelPrerequisite, From: creds[i], To: creds[0]})
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelHas, From: learners[0], To: firstCompetency(t, s, roles[0]), Level: 2}); err != nil {
		t.Fatal(err)
	}
	compare("after writes", 150)

	// Writes to each part of the catalogue a context walks: a block over credentials, a
	// certification of a role's competency, a required competency unlinked, a credential
	// deleted, each compared on its own, so that none hides another's stale index.
	comp := firstCompetency(t, s, roles[1])
	if _, err := s.Create(ctx, &graph.Block{Meta: graph.Meta{ID: "pc-test-block"}, Title: "Stacked after the first comparisons",
		Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{creds[2], creds[3]}}); err != nil {
		t.Fatal(err)
	}
	compare("after a block's creation", 40)
	if err := s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: creds[4], To: comp, Level: 3}); err != nil {
		t.Fatal(err)
	}
	compare("after a certification", 40)
	if req, err := s.Edges(ctx, graph.RelRequiresCompetency, graph.Outgoing, creds, graph.EdgeFilter{}); err != nil {
		t.Fatal(err)
	} else {
		for _, id := range creds {
			if len(req[id]) > 0 {
				if err := s.Unlink(ctx, graph.RelRequiresCompetency, id, req[id][0].To); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
	}
	compare("after a required competency unlinked", 40)
	deleted := false
	for i := len(creds) - 1; i > 5 && !deleted; i-- { // one no block refers to
		deleted = s.Delete(ctx, graph.KindCredential, creds[i]) == nil
	}
	if !deleted {
		t.Fatal("no credential could be deleted")
	}
	compare("after a credential's deletion", 40)

	// Readers build and use the index while writes drop it: each sees the catalogue before
	// or after a write (the race detector checks the index is shared safely).
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for g := range 3 {
		wg.Go(func() {
			for i := range 30 {
				if _, err := s.PathwayContext(ctx, learners[(g*31+i)%len(learners)], roles[(g*17+i)%len(roles)]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := range 10 {
		renamed.Title = fmt.Sprintf("Renamed while read, %d", i)
		if _, err := s.Update(ctx, renamed); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	compare("after writes during reads", 40)

	if _, err := s.PathwayContext(ctx, "no-such-learner", roles[0]); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("unknown learner: %v, want ENOTFOUND", err)
	}
	if _, err := s.PathwayContext(ctx, learners[0], "no-such-role"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("unknown role: %v, want ENOTFOUND", err)
	}
}

// allOf returns the ids of every node of kind k.
func allOf(t *testing.T, s graph.Store, k graph.Kind) []string {
	t.Helper()
	var out []string
	opts := graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	for {
		p, err := s.List(context.Background(), k, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range p.Items {
			out = append(out, n.NodeID())
		}
		if !p.HasNextPage || len(p.Cursors) == 0 {
			break
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
	if len(out) == 0 {
		t.Fatalf("no %s in the store", k)
	}
	return out
}

// firstCompetency returns a competency the role requires.
func firstCompetency(t *testing.T, s graph.Store, role string) string {
	t.Helper()
	m, err := s.Edges(context.Background(), graph.RelRoleRequires, graph.Outgoing, []string{role}, graph.EdgeFilter{})
	if err != nil || len(m[role]) == 0 {
		t.Fatalf("role %s requires nothing (%v)", role, err)
	}
	return m[role][0].To
}

// contextDiff names the first field of two contexts that differs.
func contextDiff(got, want *graph.PathwayContext) string {
	g, w := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			return fmt.Sprintf("%s: got %d items, want %d", g.Type().Field(i).Name, lenOf(g.Field(i)), lenOf(w.Field(i)))
		}
	}
	return "no field differs"
}

func lenOf(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len()
	}
	return 1
}
