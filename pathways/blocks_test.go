package pathways

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

func TestBlockProgressRules(t *testing.T) {
	b := newBuilder().
		cred("a", 10, 100, nil).cred("b", 20, 50, nil).cred("c", 30, 10, nil).cred("d", 40, 0, nil).
		block("all", graph.Rule{Kind: graph.RuleAll}, "a", "b").
		block("two", graph.Rule{Kind: graph.RuleAtLeast, Count: 2}, "a", "b", "c").
		block("hours", graph.Rule{Kind: graph.RuleMinHours, Min: 40}, "a", "c", "d").
		block("nested", graph.Rule{Kind: graph.RuleMinHours, Min: 60}, "all", "c").
		earned("a", false)
	b.pc.Credentials["c"].PartialValidation = true
	b.earned("c", true)
	cat, held := CatalogFrom(b.pc), HoldingsFrom(b.pc)
	cases := []struct {
		block    string
		obj      Objective
		complete bool
		percent  float64
		have     float64
		cheapest []string
	}{
		{"all", ObjectiveHours, false, 50, 1, []string{"b"}},
		{"two", ObjectiveHours, false, 50, 1, []string{"b"}},
		{"two", ObjectiveCost, false, 50, 1, []string{"c"}},
		// a (10 h) + half of c (15 h) = 25 of 40: finishing c (30 h, price 10) adds the 15
		// missing, d (40 h, free) adds 40.
		{"hours", ObjectiveHours, false, 62.5, 25, []string{"c"}},
		{"hours", ObjectiveCost, false, 62.5, 25, []string{"d"}},
		// "all" counts for its 30 h once complete, half of c for 15: 15 of 60, and both b
		// (completing "all") and the rest of c are needed.
		{"nested", ObjectiveHours, false, 25, 15, []string{"b", "c"}},
	}
	for _, c := range cases {
		st, err := BlockProgress(cat, held, c.block, c.obj)
		if err != nil {
			t.Fatal(err)
		}
		if st.Complete != c.complete || st.Percent != c.percent || st.Have != c.have || !slices.Equal(st.CheapestCompletion, c.cheapest) {
			t.Errorf("%s/%s: complete %v percent %g have %g cheapest %v", c.block, c.obj, st.Complete, st.Percent, st.Have, st.CheapestCompletion)
		}
	}
	st, _ := BlockProgress(cat, held, "two", ObjectiveHours)
	if !slices.Equal(st.Done, []string{"a"}) || !slices.Equal(st.Missing, []string{"b", "c"}) || !slices.Equal(st.Partial, []string{"c"}) {
		t.Fatalf("done %v missing %v partial %v", st.Done, st.Missing, st.Partial)
	}
	st, _ = BlockProgress(cat, held, "nested", ObjectiveHours)
	if len(st.Nested) != 1 || st.Nested[0].BlockID != "all" || st.Nested[0].Percent != 50 {
		t.Fatalf("nested %+v", st.Nested)
	}
}

func TestBlockProgressErrors(t *testing.T) {
	b := newBuilder().cred("a", 1, 1, nil).
		block("x", graph.Rule{Kind: graph.RuleAll}, "a", "y").
		block("y", graph.Rule{Kind: graph.RuleAll}, "x")
	cat := CatalogFrom(b.pc)
	if _, err := BlockProgress(cat, Holdings{}, "nope", ""); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("unknown block: %v", err)
	}
	if _, err := BlockProgress(cat, Holdings{}, "x", "FAST"); graph.ErrorField(err) != "objective" {
		t.Fatalf("bad objective: %v", err)
	}
	if _, err := BlockProgress(cat, Holdings{}, "x", ""); graph.ErrorField(err) != "blockId" {
		t.Fatalf("cycle: %v", err)
	}
}

// A block achievement under ALL vouches for its credentials; under AT_LEAST only for itself.
func TestHoldingsFromBlockAchievements(t *testing.T) {
	b := newBuilder().
		cred("a", 1, 1, map[string]int{"ca": 2}).cred("b", 1, 1, map[string]int{"cb": 3}).
		cred("c", 1, 1, map[string]int{"cc": 1}).
		block("inner", graph.Rule{Kind: graph.RuleAll}, "b").
		block("outer", graph.Rule{Kind: graph.RuleAll}, "a", "inner").
		block("some", graph.Rule{Kind: graph.RuleAtLeast, Count: 1}, "c").
		earned("outer", false).earned("some", false)
	b.pc.Achievements = append(b.pc.Achievements, &graph.Achievement{CredentialID: "c", Status: graph.StatusRevoked})
	h := HoldingsFrom(b.pc)
	if !h.Credentials["a"] || !h.Credentials["b"] || h.Credentials["c"] || !h.Blocks["inner"] || !h.Blocks["some"] {
		t.Fatalf("%+v", h)
	}
	if h.Levels["ca"] != 2 || h.Levels["cb"] != 3 || h.Levels["cc"] != 0 {
		t.Fatalf("levels %v", h.Levels)
	}
}

func TestBlocksCompletedBy(t *testing.T) {
	b := newBuilder().cred("a", 10, 0, nil).cred("b", 10, 0, nil).cred("c", 30, 0, nil).
		block("b1", graph.Rule{Kind: graph.RuleAll}, "a", "b").
		block("b2", graph.Rule{Kind: graph.RuleMinHours, Min: 25}, "b", "c").
		block("cert", graph.Rule{Kind: graph.RuleAll}, "b1", "b2")
	cat := CatalogFrom(b.pc)
	cases := []struct {
		creds []string
		want  []string
	}{
		{nil, nil},
		{[]string{"a", "b"}, []string{"b1"}},
		{[]string{"c"}, []string{"b2"}},
		{[]string{"a", "b", "c", "unknown"}, []string{"b1", "b2", "cert"}},
	}
	for _, c := range cases {
		if got := BlocksCompletedBy(cat, c.creds); !slices.Equal(got, c.want) {
			t.Errorf("%v: got %v, want %v", c.creds, got, c.want)
		}
	}
}

// The cheapest completion equals the best of every subset of the missing credentials, on
// random nested blocks with shared credentials.
func TestCheapestCompletionMatchesBruteForce(t *testing.T) {
	rules := []graph.Rule{{Kind: graph.RuleAll}, {Kind: graph.RuleAtLeast, Count: 2}, {Kind: graph.RuleMinHours, Min: 35}, {Kind: graph.RuleMinECTS, Min: 1.5}}
	for seed := uint64(1); seed <= 400; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		b := newBuilder()
		var creds []string
		for i := 0; i < 8; i++ {
			id := string(rune('a' + i))
			creds = append(creds, id)
			b.cred(id, float64(5+5*r.IntN(8)), float64(10*r.IntN(20)), nil)
		}
		pick := func(n int) []string {
			var out []string
			for _, j := range r.Perm(len(creds))[:n] {
				out = append(out, creds[j])
			}
			slices.Sort(out)
			return out
		}
		b.block("n1", rules[r.IntN(4)], pick(3)...)
		b.block("n2", rules[r.IntN(4)], pick(3)...)
		b.block("top", rules[r.IntN(2)], append([]string{"n1", "n2"}, pick(1)...)...)
		if r.IntN(2) == 0 {
			b.earned(creds[r.IntN(8)], false)
		}
		cat, held := CatalogFrom(b.pc), HoldingsFrom(b.pc)
		st, err := BlockProgress(cat, held, "top", ObjectiveHours)
		if err != nil {
			t.Fatal(err)
		}
		best := -1.0
		for mask := 0; mask < 1<<len(creds); mask++ {
			var set []string
			var hours float64
			for i, id := range creds {
				if mask&(1<<i) != 0 && !held.Credentials[id] {
					set = append(set, id)
					hours += b.pc.Credentials[id].Hours
				}
			}
			for id := range held.Credentials {
				set = append(set, id)
			}
			if slices.Contains(BlocksCompletedBy(cat, set), "top") && (best < 0 || hours < best) {
				best = hours
			}
		}
		if !st.Completable {
			if best >= 0 {
				t.Fatalf("seed %d: said impossible, brute force %g", seed, best)
			}
			continue
		}
		if !st.CompletionExact || st.CompletionHours != best {
			t.Fatalf("seed %d: completion %v %g h (exact %v), brute force %g", seed, st.CheapestCompletion, st.CompletionHours, st.CompletionExact, best)
		}
		done := append(slices.Clone(st.CheapestCompletion), sortedKeys(held.Credentials)...)
		if !slices.Contains(BlocksCompletedBy(cat, done), "top") {
			t.Fatalf("seed %d: completion %v does not complete the block", seed, st.CheapestCompletion)
		}
	}
}
