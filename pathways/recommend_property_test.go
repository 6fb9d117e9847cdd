package pathways

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// TestRecommendMatchesBruteForce draws thousands of small instances and checks, against an
// exhaustive search written from first principles, that every plan is feasible, that a
// proven plan is optimal, and that the output is the same from one run to the next.
func TestRecommendMatchesBruteForce(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 400
	}
	proven, withBlocks, constrained := 0, 0, 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		pc, opts := randomInstance(seed, 13)
		res, err := Recommend(context.Background(), pc, opts)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		o := newOracle(pc, opts)
		if len(res.Pathways) == 0 {
			t.Fatalf("seed %d: no pathway", seed)
		}
		for i, pw := range res.Pathways {
			got, ok := o.eval(planIDs(pw))
			if !ok {
				t.Fatalf("seed %d: pathway %d %v is not feasible (opts %+v)", seed, i, planIDs(pw), opts)
			}
			checkOrder(t, seed, pc, opts, pw)
			if cmpFloat(got.value, pw.ObjectiveValue) != 0 {
				t.Fatalf("seed %d: pathway %d reports value %g, oracle %g", seed, i, pw.ObjectiveValue, got.value)
			}
			if i > 0 {
				prev, _ := o.eval(planIDs(res.Pathways[i-1]))
				if cmpPrefix(prev, got) > 0 {
					t.Fatalf("seed %d: pathway %d better than pathway %d", seed, i, i-1)
				}
				if reflect.DeepEqual(planIDs(res.Pathways[i-1]), planIDs(pw)) {
					t.Fatalf("seed %d: pathways %d and %d are the same set", seed, i-1, i)
				}
			}
		}
		first, _ := o.eval(planIDs(res.Pathways[0]))
		// Every essential gap the plan leaves open is reported.
		reported := map[string]bool{}
		for _, u := range res.UncoveredGaps {
			reported[u.CompetencyID] = true
		}
		for _, r := range o.essential {
			if !covers(pc, opts, res.Pathways[0], r) && !reported[r.comp] {
				t.Fatalf("seed %d: essential gap %s neither covered nor reported", seed, r.comp)
			}
		}
		if first.missW > 0 {
			constrained++
		}
		if len(res.Pathways[0].CompletesBlocks) > 0 {
			withBlocks++
		}
		if res.ProvenOptimal {
			proven++
			want, ok := o.bruteForce()
			if !ok {
				t.Fatalf("seed %d: brute force found nothing", seed)
			}
			if cmpPrefix(first, want) != 0 {
				t.Fatalf("seed %d: proven plan %v has key %+v, brute force %+v (opts %+v)", seed, planIDs(res.Pathways[0]), first, want, opts)
			}
			if res.Gap != 0 || cmpFloat(res.LowerBound, first.value) != 0 {
				t.Fatalf("seed %d: proven but gap %g, bound %g, value %g", seed, res.Gap, res.LowerBound, first.value)
			}
		}
		again, err := Recommend(context.Background(), pc, opts)
		if err != nil {
			t.Fatal(err)
		}
		again.Elapsed = res.Elapsed
		if res.ProvenOptimal && !reflect.DeepEqual(res, again) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
	if proven < n*95/100 {
		t.Errorf("only %d of %d instances proven optimal", proven, n)
	}
	t.Logf("%d instances: %d proven optimal and checked against brute force; %d complete a block; %d leave an essential gap open (no coverer, filtered out, or constrained)",
		n, proven, withBlocks, constrained)
}

// covers reports whether a pathway (with held and in-progress credentials) meets r.
func covers(pc *graph.PathwayContext, opts Options, pw Pathway, r requirement) bool {
	o := newOracle(pc, opts)
	if o.held[r.comp] >= r.level {
		return true
	}
	for _, st := range pw.Steps {
		if o.certLevel(st.CredentialID, r.comp) >= r.level {
			return true
		}
	}
	return false
}

// checkOrder checks the steps' own order: each step's prerequisites and required levels are
// met by holdings, credentials in progress or earlier phases, and weeks never go backwards.
func checkOrder(t *testing.T, seed uint64, pc *graph.PathwayContext, opts Options, pw Pathway) {
	t.Helper()
	o := newOracle(pc, opts)
	phaseOf := map[string]int{}
	for _, st := range pw.Steps {
		phaseOf[st.CredentialID] = st.Phase
	}
	lastEnd := 0.0
	for i, st := range pw.Steps {
		if i > 0 && st.Phase < pw.Steps[i-1].Phase {
			t.Fatalf("seed %d: steps not in phase order", seed)
		}
		if st.EndWeek+1e-9 < st.StartWeek || st.StartWeek+1e-9 < lastEnd-1e-9 && st.Phase != pw.Steps[max(i-1, 0)].Phase {
			t.Fatalf("seed %d: step %s weeks %g-%g after %g", seed, st.CredentialID, st.StartWeek, st.EndWeek, lastEnd)
		}
		lastEnd = max(lastEnd, st.EndWeek)
		if st.InProgress {
			continue
		}
		for _, e := range pc.Prerequisites {
			if e.From != st.CredentialID || o.done[e.To] {
				continue
			}
			if ph, ok := phaseOf[e.To]; !ok || ph >= st.Phase {
				t.Fatalf("seed %d: %s needs %s before it", seed, st.CredentialID, e.To)
			}
		}
		for _, e := range pc.RequiredCompetencies {
			if e.From != st.CredentialID || o.held[e.To] >= e.Level {
				continue
			}
			met := false
			for _, other := range pw.Steps {
				if other.Phase < st.Phase && o.certLevel(other.CredentialID, e.To) >= e.Level {
					met = true
				}
			}
			if !met {
				t.Fatalf("seed %d: %s requires %s at %d, not met before it", seed, st.CredentialID, e.To, e.Level)
			}
		}
	}
	if pw.CalendarWeeks+1e-9 < lastEnd {
		t.Fatalf("seed %d: calendar %g ends before the last step %g", seed, pw.CalendarWeeks, lastEnd)
	}
}

// TestRecommendNeverWorseThanGreedy draws instances and cuts the search short (a few nodes,
// or a budget used up by building the problem): whenever the greedy set cover is a feasible
// plan under the same options, the first pathway is no worse by the engine's objective.
func TestRecommendNeverWorseThanGreedy(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	compared, cut, strictlyBetter := 0, 0, 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		pc, opts := randomInstance(seed, 13)
		g, err := GreedyBaseline(pc, opts)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		o := newOracle(pc, opts)
		want, feasible := o.eval(planIDs(*g))
		for _, limit := range []Options{{MaxNodes: 1}, {MaxNodes: 1 + int(seed%7)}, {TimeBudget: time.Nanosecond}, {}} {
			opts := opts
			opts.MaxNodes, opts.TimeBudget = limit.MaxNodes, limit.TimeBudget
			if limit.MaxNodes == 0 && limit.TimeBudget == 0 {
				opts.TimeBudget = 2 * time.Second
			}
			res, err := Recommend(context.Background(), pc, opts)
			if err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
			if !res.ProvenOptimal {
				cut++
			}
			if !feasible {
				continue
			}
			if len(res.Pathways) == 0 {
				t.Fatalf("seed %d (%+v): no pathway, greedy has %v", seed, limit, planIDs(*g))
			}
			got, ok := o.eval(planIDs(res.Pathways[0]))
			if !ok {
				t.Fatalf("seed %d (%+v): pathway %v not feasible", seed, limit, planIDs(res.Pathways[0]))
			}
			if cmpPrefix(got, want) > 0 {
				t.Fatalf("seed %d (%+v, opts %+v): pathway %v key %+v, greedy %v key %+v", seed, limit, opts,
					planIDs(res.Pathways[0]), got, planIDs(*g), want)
			}
			compared++
			if cmpPrefix(got, want) < 0 {
				strictlyBetter++
			}
		}
	}
	if compared == 0 || cut == 0 {
		t.Fatalf("nothing compared (%d) or no search cut short (%d)", compared, cut)
	}
	t.Logf("%d instances, 4 searches each: %d cut short; %d compared with a feasible greedy cover, %d strictly better", n, cut, compared, strictlyBetter)
}
