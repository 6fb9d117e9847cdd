package pathways

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/seed/catalog"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// TestNumberedContextPlansAsFull checks that a numbered context (the embedded store's, read
// by number) and the same context in full (maps and edge lists, read by id) give the engine
// the same problem, the same plans with the same explanations, and the same holdings and
// gap, on the ESCO sample with a generated catalogue: random learners, roles and options,
// exclusions and credentials in progress among them, the search bounded by nodes.
func TestNumberedContextPlansAsFull(t *testing.T) {
	ctx := t.Context()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "numbered.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := esco.Import(ctx, s, []string{seedtest.DataDir(t, "esco-official-sample")}, esco.Options{BatchSize: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, err := catalog.Generate(ctx, s, catalog.Options{Seed: 11, Credentials: 1500, Learners: 200}); err != nil {
		t.Fatal(err)
	}
	learners, roles := idsOf(t, s, graph.KindLearner), idsOf(t, s, graph.KindJobRole)
	r := rand.New(rand.NewPCG(11, 11))
	var planned, explained, held, blocked int
	for range 150 {
		l, role := learners[r.IntN(len(learners))], roles[r.IntN(len(roles))]
		pc, err := s.PathwayContext(ctx, l, role)
		if err != nil {
			t.Fatal(err)
		}
		if pc.Numbered == nil {
			t.Fatal("the embedded store's context is not numbered")
		}
		full := pc.Full()
		opts := Options{MaxNodes: 1 + r.IntN(400), TimeBudget: MaxTimeBudget, Now: testNow, K: 1 + r.IntN(3),
			OptionalCoverage: float64(r.IntN(3)) / 2}
		if len(full.CredentialIDs) > 0 {
			for range r.IntN(4) {
				opts.Exclude = append(opts.Exclude, full.CredentialIDs[r.IntN(len(full.CredentialIDs))])
			}
			if r.IntN(3) == 0 {
				opts.InProgress = []string{full.CredentialIDs[r.IntN(len(full.CredentialIDs))]}
			}
		}
		if r.IntN(3) == 0 {
			b := float64(200 + r.IntN(3000))
			opts.MaxBudget = &b
		}
		if r.IntN(4) == 0 {
			opts.Objective = ObjectiveCost
		}

		pn, err := newProblem(pc, opts, true)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := newProblem(full, opts, true)
		if err != nil {
			t.Fatal(err)
		}
		if d := problemDiff(pn, pf); d != "" {
			t.Fatalf("learner %s, role %s: the numbered context's problem differs in %s", l, role, d)
		}
		if len(pn.blocks.ids) > 0 {
			blocked++
		}
		got, err := Recommend(ctx, pc, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Recommend(ctx, full, opts)
		if err != nil {
			t.Fatal(err)
		}
		got.Elapsed, want.Elapsed = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("learner %s, role %s: plans differ:\nnumbered %+v\nfull     %+v", l, role, got, want)
		}
		if !reflect.DeepEqual(HoldingsFrom(pc), HoldingsFrom(full)) || !reflect.DeepEqual(Gap(pc), Gap(full)) {
			t.Fatalf("learner %s, role %s: holdings or gap differ", l, role)
		}
		if len(got.Pathways) > 0 && len(got.Pathways[0].Steps) > 0 {
			planned++
			for _, st := range got.Pathways[0].Steps {
				if len(st.Unlocks)+len(st.Enables) > 0 {
					explained++
					break
				}
			}
		}
		// Without the learner's own levels, which mostly cover what their credentials certify.
		bare, bareFull := *pc, *full
		bare.Holdings, bareFull.Holdings = nil, nil
		if !reflect.DeepEqual(HoldingsFrom(&bare), HoldingsFrom(&bareFull)) {
			t.Fatalf("learner %s, role %s: levels from credentials differ", l, role)
		}
		if len(HoldingsFrom(pc).Credentials) > 0 {
			held++
		}
	}
	t.Logf("%d plans, %d explained, %d with held credentials, %d with blocks", planned, explained, held, blocked)
	// The instances must exercise what they compare.
	if planned < 30 || explained < 5 || held < 10 || blocked < 30 {
		t.Fatalf("too few instances with plans (%d), explained steps (%d), held credentials (%d) or blocks (%d)", planned, explained, held, blocked)
	}
}

// problemDiff names the first part of the problems that differs, "" when none does.
func problemDiff(a, b *problem) string {
	parts := []struct {
		name string
		x, y any
	}{
		{"credentials", a.ix.ids, b.ix.ids},
		{"competencies", a.ix.comps, b.ix.comps},
		{"certifications", a.ix.certs, b.ix.certs},
		{"prerequisites", a.ix.prereqs, b.ix.prereqs},
		{"required competencies", a.ix.needEdges, b.ix.needEdges},
		{"certifiers", a.ix.certifiers, b.ix.certifiers},
		{"held", a.held, b.held},
		{"in progress", a.inProgress, b.inProgress},
		{"tracked", a.comps, b.comps},
		{"base levels", a.base, b.base},
		{"candidates", a.cands, b.cands},
		{"targets", a.targets, b.targets},
		{"uncovered", a.uncovered, b.uncovered},
		{"threshold", a.threshold, b.threshold},
		{"providers", a.providers, b.providers},
		{"greedy", a.greedy, b.greedy},
		{"block ids", a.blocks.ids, b.blocks.ids},
		{"block components", a.blocks.comps, b.blocks.comps},
		{"block credentials", a.blocks.creds, b.blocks.creds},
		{"blocks' candidates", a.blkCands, b.blkCands},
		{"blocks complete before", a.baseCnt, b.baseCnt},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.x, p.y) {
			return p.name
		}
	}
	return ""
}

func idsOf(t *testing.T, s graph.Store, k graph.Kind) []string {
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
			return slices.Clip(out)
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
}
