package pathways

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// benchInstance draws a realistic instance: a role with nReq requirements, nCred candidate
// credentials with prerequisite chains and required competencies, a learner holding part of
// the requirements, and a few blocks.
func benchInstance(seed uint64, nReq, nCred int) *graph.PathwayContext {
	r := rand.New(rand.NewPCG(seed, 0xbe7c4))
	b := newBuilder()
	nComp := nReq + nReq/2
	comp := func(i int) string { return fmt.Sprintf("comp%03d", i) }
	for i := 0; i < nReq; i++ {
		b.require(comp(i), 1+r.IntN(4), r.IntN(10) < 7, float64(1+r.IntN(5)))
	}
	for i := 0; i < nComp; i++ {
		if r.IntN(10) < 3 {
			b.has(comp(i), 1+r.IntN(3))
		}
	}
	cred := func(i int) string { return fmt.Sprintf("cred%04d", i) }
	for i := 0; i < nCred; i++ {
		certs := map[string]int{}
		for j := 0; j < 1+r.IntN(4); j++ {
			certs[comp(r.IntN(nComp))] = 1 + r.IntN(5)
		}
		b.cred(cred(i), float64(5*(1+r.IntN(12))), float64(50*r.IntN(30)), certs)
		if i > 0 && r.IntN(10) < 3 {
			b.prereq(cred(i), cred(r.IntN(i)))
		}
		if r.IntN(100) < 15 {
			b.needs(cred(i), comp(r.IntN(nComp)), 1+r.IntN(3))
		}
	}
	for i := 0; i < nCred/30; i++ {
		var comps []string
		for _, j := range r.Perm(nCred)[:3+r.IntN(3)] {
			comps = append(comps, cred(j))
		}
		sort.Strings(comps)
		rule := graph.Rule{Kind: graph.RuleAtLeast, Count: 2}
		if r.IntN(2) == 0 {
			rule = graph.Rule{Kind: graph.RuleMinHours, Min: 40}
		}
		b.block(fmt.Sprintf("blk%02d", i), rule, comps...)
	}
	return b.pc
}

func BenchmarkRecommend(b *testing.B) {
	for _, size := range []struct{ reqs, creds int }{{12, 60}, {30, 300}} {
		b.Run(fmt.Sprintf("reqs=%d/creds=%d", size.reqs, size.creds), func(b *testing.B) {
			instances := make([]*graph.PathwayContext, 20)
			for i := range instances {
				instances[i] = benchInstance(uint64(i+1), size.reqs, size.creds)
			}
			proven, nodes := 0, 0
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := Recommend(context.Background(), instances[i%len(instances)], Options{})
				if err != nil {
					b.Fatal(err)
				}
				if res.ProvenOptimal {
					proven++
				}
				nodes += res.NodesExplored
			}
			b.ReportMetric(float64(proven)/float64(b.N), "proven/op")
			b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
		})
	}
}

// qualityStats sums plan/optimum ratios.
type qualityStats struct {
	n        int
	sum, max float64
	optimal  int
}

func (q *qualityStats) add(ratio float64) {
	q.n++
	q.sum += ratio
	q.max = math.Max(q.max, ratio)
	if ratio < 1+1e-9 {
		q.optimal++
	}
}

func (q *qualityStats) String() string {
	if q.n == 0 {
		return "no data"
	}
	return fmt.Sprintf("mean %.4f, worst %.3f, optimal in %.1f%%", q.sum/float64(q.n), q.max, 100*float64(q.optimal)/float64(q.n))
}

// qualityNodes bounds the searches of TestQualityAgainstBaselines by a node count rather than
// the default 50 ms, so that which instances are proven is the same on any machine, however
// busy. BenchmarkQualityRealistic reports the share proven within the default time budget.
const qualityNodes = 2000

// TestQualityAgainstBaselines compares, over seeded random instances, the optimiser with
// the naive and greedy baselines, in hours over the proven optimum, and checks the share of
// instances proven optimal within qualityNodes.
func TestQualityAgainstBaselines(t *testing.T) {
	n := 500
	if testing.Short() {
		n = 60
	}
	var opt, naive, greedy qualityStats
	proven := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		pc := benchInstance(seed, 15, 90)
		res, err := Recommend(context.Background(), pc, Options{MaxNodes: qualityNodes, TimeBudget: MaxTimeBudget})
		if err != nil {
			t.Fatal(err)
		}
		if !res.ProvenOptimal {
			continue
		}
		proven++
		best := res.Pathways[0]
		if best.UncoveredEssentialWeight > 0 {
			t.Fatalf("seed %d: unconstrained plan leaves essential gaps", seed)
		}
		nv, err := NaiveBaseline(pc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		gr, err := GreedyBaseline(pc, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, pw := range []*Pathway{nv, gr} {
			if pw.UncoveredEssentialWeight > 0 {
				t.Fatalf("seed %d: a baseline leaves essential gaps", seed)
			}
			if pw.ObjectiveValue < best.ObjectiveValue-1e-9 {
				t.Fatalf("seed %d: baseline %g beats the proven optimum %g", seed, pw.ObjectiveValue, best.ObjectiveValue)
			}
		}
		if best.ObjectiveValue == 0 {
			continue
		}
		opt.add(best.ObjectiveValue / best.ObjectiveValue)
		naive.add(nv.ObjectiveValue / best.ObjectiveValue)
		greedy.add(gr.ObjectiveValue / best.ObjectiveValue)
	}
	t.Logf("%d instances (15 requirements, 90 credentials): %.1f%% proven optimal within %d nodes",
		n, 100*float64(proven)/float64(n), qualityNodes)
	t.Logf("hours / optimum: optimiser %s", &opt)
	t.Logf("hours / optimum: naive     %s", &naive)
	t.Logf("hours / optimum: greedy    %s", &greedy)
	if proven < n*8/10 {
		t.Errorf("only %d of %d proven within %d nodes", proven, n, qualityNodes)
	}
	if naive.sum <= opt.sum || greedy.sum <= opt.sum {
		t.Errorf("baselines never worse than the optimum: the comparison measures nothing")
	}
}

// BenchmarkQualityRealistic reports, on instances of realistic size, the baselines' hours
// over the optimiser's, and the share of searches proven within 50 ms.
func BenchmarkQualityRealistic(b *testing.B) {
	var naive, greedy qualityStats
	proven, runs := 0, 0
	for i := 0; i < b.N; i++ {
		pc := benchInstance(uint64(i%50+1), 30, 300)
		res, err := Recommend(context.Background(), pc, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runs++
		if res.ProvenOptimal {
			proven++
		}
		v := res.Pathways[0].ObjectiveValue
		if v == 0 {
			continue
		}
		nv, _ := NaiveBaseline(pc, Options{})
		gr, _ := GreedyBaseline(pc, Options{})
		naive.add(nv.ObjectiveValue / v)
		greedy.add(gr.ObjectiveValue / v)
	}
	b.ReportMetric(float64(proven)/float64(runs), "proven-share")
	if naive.n > 0 {
		b.ReportMetric(naive.sum/float64(naive.n), "naive/opt")
		b.ReportMetric(greedy.sum/float64(greedy.n), "greedy/opt")
	}
}

// BenchmarkNewProblem builds the search's problem alone, on a role with many candidate
// credentials: the part of a request that grows with the catalogue.
func BenchmarkNewProblem(b *testing.B) {
	pc := benchInstance(1, 30, 8000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newProblem(pc, Options{}, true); err != nil {
			b.Fatal(err)
		}
	}
}
