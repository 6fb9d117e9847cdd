package pathways

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

func recommend(t *testing.T, pc *graph.PathwayContext, opts Options) *Result {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	res, err := Recommend(context.Background(), pc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pathways) == 0 {
		t.Fatal("no pathway")
	}
	return res
}

// A credential covering three gaps cheaply per gap tempts greedy set cover, but a pair of
// credentials covers all four for less.
func TestRecommendBeatsGreedyCover(t *testing.T) {
	b := newBuilder().
		require("g1", 2, true, 1).require("g2", 2, true, 1).require("g3", 2, true, 1).require("g4", 2, true, 1).
		cred("big", 9, 0, map[string]int{"g1": 2, "g2": 2, "g3": 2}).
		cred("pair1", 7, 0, map[string]int{"g1": 2, "g2": 2}).
		cred("pair2", 7, 0, map[string]int{"g3": 2, "g4": 2})
	res := recommend(t, b.pc, Options{})
	best := res.Pathways[0]
	if got := planIDs(best); !slices.Equal(got, []string{"pair1", "pair2"}) {
		t.Fatalf("plan %v, want [pair1 pair2]", got)
	}
	if best.TotalHours != 14 || !res.ProvenOptimal {
		t.Fatalf("hours %g proven %v", best.TotalHours, res.ProvenOptimal)
	}
	greedy, err := GreedyBaseline(b.pc, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if greedy.TotalHours <= best.TotalHours {
		t.Fatalf("greedy found %g hours (%v): the case no longer traps it", greedy.TotalHours, planIDs(*greedy))
	}
}

// A cheap credential whose prerequisite chain is long loses to a dearer one without.
func TestRecommendPrerequisiteChain(t *testing.T) {
	b := newBuilder().require("g", 3, true, 1).
		cred("cheap", 2, 10, map[string]int{"g": 3}).
		cred("mid", 10, 10, nil).cred("base", 10, 10, nil).
		prereq("cheap", "mid").prereq("mid", "base").
		cred("direct", 8, 500, map[string]int{"g": 3})
	res := recommend(t, b.pc, Options{})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"direct"}) {
		t.Fatalf("plan %v, want [direct]", got)
	}
	naive, err := NaiveBaseline(b.pc, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if got := planIDs(*naive); !slices.Equal(got, []string{"base", "cheap", "mid"}) || naive.TotalHours != 22 {
		t.Fatalf("naive %v %g h", got, naive.TotalHours)
	}
	// By cost the chain is cheaper, and its steps come in three phases.
	res = recommend(t, b.pc, Options{Objective: ObjectiveCost})
	pw := res.Pathways[0]
	if got := planIDs(pw); !slices.Equal(got, []string{"base", "cheap", "mid"}) || pw.TotalCost != 30 {
		t.Fatalf("by cost: %v %g", got, pw.TotalCost)
	}
	var order []string
	for _, st := range pw.Steps {
		order = append(order, st.CredentialID)
	}
	if !slices.Equal(order, []string{"base", "mid", "cheap"}) || pw.Steps[2].Phase != 3 {
		t.Fatalf("order %v phases %d", order, pw.Steps[2].Phase)
	}
	if !slices.Equal(pw.Steps[0].Unlocks, []string{"mid"}) || len(pw.Steps[2].Covers) != 1 {
		t.Fatalf("unlocks %v covers %v", pw.Steps[0].Unlocks, pw.Steps[2].Covers)
	}
	// 10 h/week: base in week 0-1, mid 1-2, cheap 2-2.2, three whole weeks.
	if pw.Steps[1].StartWeek != 1 || pw.Steps[2].EndWeek != 2.2 || pw.CalendarWeeks != 3 {
		t.Fatalf("weeks %+v calendar %g", pw.Steps, pw.CalendarWeeks)
	}
}

// A credential whose required competency only a credential depending on it provides can
// never be ordered: neither the search, nor the greedy cover, nor the plan given when the
// search finds nothing in time may hold it.
func TestCircularSupportIsNotUsable(t *testing.T) {
	b := newBuilder().require("g", 1, true, 1).require("h", 1, true, 1).
		cred("circular", 2, 10, map[string]int{"g": 1}).needs("circular", "x", 1).
		cred("after", 2, 10, map[string]int{"x": 1, "h": 1}).prereq("after", "circular").
		cred("plain-g", 20, 100, map[string]int{"g": 1}).
		cred("plain-h", 20, 100, map[string]int{"h": 1})
	ordered := func(name string, pw *Pathway) {
		t.Helper()
		phase := map[string]int{}
		for _, st := range pw.Steps {
			phase[st.CredentialID] = st.Phase
		}
		if _, ok := phase["circular"]; ok {
			t.Fatalf("%s: plan %v holds the credential no order reaches", name, planIDs(*pw))
		}
		if pw.UncoveredEssentialWeight != 0 {
			t.Fatalf("%s: plan %v leaves essential gaps open", name, planIDs(*pw))
		}
	}
	g, err := GreedyBaseline(b.pc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ordered("greedy", g)
	res := recommend(t, b.pc, Options{})
	ordered("search", &res.Pathways[0])
	if !res.ProvenOptimal || res.Pathways[0].TotalHours != 40 {
		t.Fatalf("search: %v h, proven %v; want 40 h, proven", res.Pathways[0].TotalHours, res.ProvenOptimal)
	}
}

// Two plans of equal hours: the one completing a 2-of-3 block wins the tie, and block
// progress names the same cheapest completion.
func TestRecommendBlockTieBreak(t *testing.T) {
	b := newBuilder().require("g", 2, true, 1).
		cred("plain", 10, 100, map[string]int{"g": 2}).
		cred("stack", 10, 100, map[string]int{"g": 2}).
		cred("done", 5, 100, nil).cred("other", 30, 100, nil).
		block("blk", graph.Rule{Kind: graph.RuleAtLeast, Count: 2}, "done", "other", "stack").
		earned("done", false)
	res := recommend(t, b.pc, Options{})
	pw := res.Pathways[0]
	if got := planIDs(pw); !slices.Equal(got, []string{"stack"}) {
		t.Fatalf("plan %v, want [stack] for the block", got)
	}
	if !slices.Equal(pw.CompletesBlocks, []string{"blk"}) || !slices.Equal(pw.Steps[0].CompletesBlocks, []string{"blk"}) {
		t.Fatalf("completes %v / %v", pw.CompletesBlocks, pw.Steps[0].CompletesBlocks)
	}
	if pw.Steps[0].Explanation != "course stack (10 h) covers the essential gap skill g (level 2) and completes the block B-blk." {
		t.Fatalf("explanation %q", pw.Steps[0].Explanation)
	}
	st, err := BlockProgress(CatalogFrom(b.pc), HoldingsFrom(b.pc), "blk", ObjectiveHours)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.CheapestCompletion, []string{"stack"}) || st.Percent != 50 || st.CompletionHours != 10 {
		t.Fatalf("progress %+v", st)
	}
}

// With a block rule, the cheapest completion is not the cheapest credential: AT_LEAST 2
// from three, one held, and a dear credential that the plan needs anyway.
func TestRecommendBlockChangesChoice(t *testing.T) {
	b := newBuilder().require("g", 2, true, 1).
		cred("a", 10, 0, map[string]int{"g": 2}).
		cred("b", 10, 0, map[string]int{"g": 2}).
		cred("c", 1, 0, nil).
		block("blk1", graph.Rule{Kind: graph.RuleAll}, "b", "c").
		block("blk2", graph.Rule{Kind: graph.RuleAtLeast, Count: 1}, "a", "c").
		block("cert", graph.Rule{Kind: graph.RuleAtLeast, Count: 2}, "blk1", "blk2")
	b.pc.Blocks["cert"].Certification = true
	// b alone completes nothing; a completes blk2. Equal hours: a wins.
	res := recommend(t, b.pc, Options{})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("plan %v, want [a]", got)
	}
	st, err := BlockProgress(CatalogFrom(b.pc), Holdings{}, "cert", ObjectiveHours)
	if err != nil {
		t.Fatal(err)
	}
	// blk1 needs b+c (11 h), blk2 needs c (1 h): together b and c, 11 h, not a+b+c.
	if !slices.Equal(st.CheapestCompletion, []string{"b", "c"}) || st.CompletionHours != 11 || !st.CompletionExact {
		t.Fatalf("completion %v %g exact %v", st.CheapestCompletion, st.CompletionHours, st.CompletionExact)
	}
}

// K alternatives are distinct sets, best first.
func TestRecommendAlternatives(t *testing.T) {
	b := newBuilder().require("g1", 1, true, 1).require("g2", 1, true, 1).
		cred("x1", 5, 0, map[string]int{"g1": 1}).cred("x2", 6, 0, map[string]int{"g1": 1}).
		cred("y1", 7, 0, map[string]int{"g2": 1}).cred("y2", 9, 0, map[string]int{"g2": 1}).
		cred("xy", 20, 0, map[string]int{"g1": 1, "g2": 1})
	res := recommend(t, b.pc, Options{K: 4})
	var got [][]string
	var hours []float64
	for _, pw := range res.Pathways {
		got = append(got, planIDs(pw))
		hours = append(hours, pw.ObjectiveValue)
	}
	want := [][]string{{"x1", "y1"}, {"x2", "y1"}, {"x1", "y2"}, {"x2", "y2"}}
	if !reflect.DeepEqual(got, want) || !slices.Equal(hours, []float64{12, 13, 14, 15}) {
		t.Fatalf("alternatives %v %v", got, hours)
	}
	if !res.ProvenOptimal {
		t.Fatal("not proven")
	}
}

// Adding a credential that no gap needs can shorten the calendar: it lets a step start a
// phase earlier.
func TestRecommendCalendarAddsProvider(t *testing.T) {
	b := newBuilder().require("g1", 1, true, 1).require("g2", 1, true, 1).
		cred("y", 5, 0, map[string]int{"g2": 1, "x": 2}). // the only coverer of g2
		cred("z", 5, 0, map[string]int{"w": 1}).
		needs("y", "w", 1).
		cred("x", 5, 0, map[string]int{"g1": 1}).
		cred("x2", 50, 0, map[string]int{"g1": 1}).
		needs("x", "x", 2).
		cred("e", 1, 0, map[string]int{"x": 2})
	b.pc.Competencies["x"] = &graph.Competency{Meta: graph.Meta{ID: "x"}, Name: "skill x"}
	res := recommend(t, b.pc, Options{Objective: ObjectiveHours})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"x", "y", "z"}) || res.Pathways[0].CalendarWeeks != 3 {
		t.Fatalf("by hours %v, %g weeks", got, res.Pathways[0].CalendarWeeks)
	}
	res = recommend(t, b.pc, Options{Objective: ObjectiveCalendar})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"e", "x", "y", "z"}) || res.Pathways[0].ObjectiveValue != 2 {
		t.Fatalf("by calendar %v, %g weeks", got, res.Pathways[0].ObjectiveValue)
	}
	// A two-week deadline asks for the same, whatever the objective.
	deadline := testNow.Add(14 * 24 * time.Hour)
	res = recommend(t, b.pc, Options{Deadline: &deadline})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"e", "x", "y", "z"}) || len(res.UncoveredGaps) != 0 {
		t.Fatalf("under the deadline %v, uncovered %v", got, res.UncoveredGaps)
	}
}

// A budget too small for every essential gap: the plan covers the most essential weight it
// can and lists the rest with the constraint as reason.
func TestRecommendBudgetCoversWhatItCan(t *testing.T) {
	b := newBuilder().require("heavy", 1, true, 3).require("light", 1, true, 1).require("none", 4, true, 1).
		cred("h", 10, 300, map[string]int{"heavy": 1}).
		cred("l", 1, 100, map[string]int{"light": 1}).
		cred("fr", 1, 1, map[string]int{"none": 2})
	budget := 350.0
	res := recommend(t, b.pc, Options{MaxBudget: &budget})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"h"}) {
		t.Fatalf("plan %v, want [h]", got)
	}
	codes := map[string]Reason{}
	for _, u := range res.UncoveredGaps {
		codes[u.CompetencyID] = u.Code
	}
	want := map[string]Reason{"light": ReasonConstraints, "none": ReasonNoCredential}
	if !reflect.DeepEqual(codes, want) {
		t.Fatalf("uncovered %v", res.UncoveredGaps)
	}
	if res.Pathways[0].UncoveredEssentialWeight != 1 {
		t.Fatalf("uncovered weight %g", res.Pathways[0].UncoveredEssentialWeight)
	}
}

// Modality, language and exclusions filter credentials; gaps left without one say why.
func TestRecommendFiltersAndReasons(t *testing.T) {
	b := newBuilder().require("a", 1, true, 1).require("b", 1, true, 1).require("c", 1, true, 1).
		cred("onsite", 1, 0, map[string]int{"a": 1}).
		cred("french", 1, 0, map[string]int{"b": 1}).
		cred("locked", 1, 0, map[string]int{"c": 1}).cred("missing-pre", 1, 0, nil).
		prereq("locked", "missing-pre").
		cred("remote", 9, 0, map[string]int{"a": 1})
	b.pc.Credentials["onsite"].Modality = graph.ModalityOnSite
	b.pc.Credentials["french"].Language = "fr"
	res := recommend(t, b.pc, Options{Modalities: []graph.Modality{graph.ModalityRemote}, Languages: []string{"EN"},
		Exclude: []string{"missing-pre", "unknown-id"}})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"remote"}) {
		t.Fatalf("plan %v", got)
	}
	codes := map[string]Reason{}
	for _, u := range res.UncoveredGaps {
		codes[u.CompetencyID] = u.Code
		if u.Reason == "" {
			t.Fatalf("no reason for %s", u.CompetencyID)
		}
	}
	want := map[string]Reason{"b": ReasonNotAllowed, "c": ReasonPrerequisites}
	if !reflect.DeepEqual(codes, want) {
		t.Fatalf("uncovered %v", res.UncoveredGaps)
	}
}

// A prerequisite the context does not hold (a credential outside it) can never be taken:
// what requires it is unusable, unless the learner has earned it already.
func TestRecommendPrerequisiteOutsideContext(t *testing.T) {
	b := newBuilder().require("a", 1, true, 1).
		cred("gated", 1, 0, map[string]int{"a": 1}).prereq("gated", "elsewhere").
		cred("open", 5, 0, map[string]int{"a": 1})
	if got := planIDs(recommend(t, b.pc, Options{}).Pathways[0]); !slices.Equal(got, []string{"open"}) {
		t.Fatalf("plan %v, want the credential without the missing prerequisite", got)
	}
	b.pc.Achievements = append(b.pc.Achievements, &graph.Achievement{Meta: graph.Meta{ID: "ach"}, LearnerID: "learner",
		Status: graph.StatusValid, CredentialID: "elsewhere"})
	if got := planIDs(recommend(t, b.pc, Options{}).Pathways[0]); !slices.Equal(got, []string{"gated"}) {
		t.Fatalf("plan %v, want the cheaper credential once its prerequisite is earned", got)
	}
}

// Credentials in progress come first, cost nothing more, and count as held for what follows;
// achieved credentials are never taken again.
func TestRecommendInProgressAndAchieved(t *testing.T) {
	b := newBuilder().require("g1", 1, true, 1).require("g2", 2, true, 1).require("g3", 1, true, 1).
		cred("started", 40, 900, map[string]int{"g1": 1}).
		cred("next", 5, 10, map[string]int{"g2": 2}).prereq("next", "started").
		cred("old", 1, 1, map[string]int{"g3": 1}).earned("old", false).
		cred("again", 1, 1, map[string]int{"g2": 2, "g3": 1}).prereq("again", "old")
	res := recommend(t, b.pc, Options{InProgress: []string{"started", "nope"}, Exclude: []string{"again"}})
	pw := res.Pathways[0]
	if len(pw.Steps) != 2 || !pw.Steps[0].InProgress || pw.Steps[0].CredentialID != "started" || pw.Steps[0].Phase != 0 {
		t.Fatalf("steps %+v", pw.Steps)
	}
	if pw.Steps[1].CredentialID != "next" || pw.TotalHours != 5 || pw.TotalCost != 10 || pw.CredentialCount != 1 {
		t.Fatalf("plan %+v", pw)
	}
	if len(pw.Steps[0].Covers) != 1 || !slices.Equal(pw.Steps[0].Unlocks, []string{"next"}) {
		t.Fatalf("in-progress step %+v", pw.Steps[0])
	}
	// Without the exclusion, "again" (prerequisite already achieved) is the lighter way.
	res = recommend(t, b.pc, Options{InProgress: []string{"started"}})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"again"}) {
		t.Fatalf("plan %v", got)
	}
}

// Optional gaps are covered as far as asked, by weight.
func TestRecommendOptionalCoverage(t *testing.T) {
	b := newBuilder().require("e", 1, true, 1).require("o1", 1, false, 3).require("o2", 1, false, 1).
		cred("ce", 1, 0, map[string]int{"e": 1}).
		cred("c1", 10, 0, map[string]int{"o1": 1}).
		cred("c2", 2, 0, map[string]int{"o2": 1})
	cases := []struct {
		share float64
		want  []string
	}{
		{0, []string{"ce"}},
		{0.25, []string{"c2", "ce"}},
		{0.5, []string{"c1", "ce"}},
		{1, []string{"c1", "c2", "ce"}},
	}
	for _, c := range cases {
		res := recommend(t, b.pc, Options{OptionalCoverage: c.share})
		if got := planIDs(res.Pathways[0]); !slices.Equal(got, c.want) {
			t.Errorf("coverage %g: plan %v, want %v", c.share, got, c.want)
		}
	}
}

func TestRecommendNodeLimitIsDeterministic(t *testing.T) {
	pc := benchInstance(2, 40, 400) // needs hundreds of nodes
	opts := Options{MaxNodes: 20, TimeBudget: MaxTimeBudget, Now: testNow}
	a := recommend(t, pc, opts)
	b := recommend(t, pc, opts)
	if a.ProvenOptimal || a.NodesExplored != 20 {
		t.Fatalf("proven %v after %d nodes", a.ProvenOptimal, a.NodesExplored)
	}
	a.Elapsed, b.Elapsed = 0, 0
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs under the same node limit differ")
	}
	if a.LowerBound <= 0 || a.LowerBound > a.Pathways[0].ObjectiveValue || a.Gap < 0 {
		t.Fatalf("bound %g value %g gap %g", a.LowerBound, a.Pathways[0].ObjectiveValue, a.Gap)
	}
}

func TestRecommendCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Recommend(ctx, benchInstance(1, 30, 300), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

func TestOptionsValidate(t *testing.T) {
	neg := -1.0
	past := testNow.Add(-time.Hour)
	cases := []struct {
		field string
		opts  Options
	}{
		{"options.objective", Options{Objective: "FASTEST"}},
		{"options.optionalCoverage", Options{OptionalCoverage: 1.5}},
		{"options.optionalCoverage", Options{OptionalCoverage: -0.1}},
		{"options.maxBudget", Options{MaxBudget: &neg}},
		{"options.maxTotalHours", Options{MaxTotalHours: &neg}},
		{"options.hoursPerWeek", Options{HoursPerWeek: -1}},
		{"options.hoursPerWeek", Options{HoursPerWeek: 169}},
		{"options.deadline", Options{Deadline: &past}},
		{"options.modalities[1]", Options{Modalities: []graph.Modality{graph.ModalityRemote, "ZOOM"}}},
		{"options.k", Options{K: -1}},
		{"options.k", Options{K: 11}},
		{"options.timeBudget", Options{TimeBudget: -time.Millisecond}},
		{"options.timeBudget", Options{TimeBudget: time.Minute}},
		{"options.maxNodes", Options{MaxNodes: -5}},
	}
	pc := newBuilder().require("g", 1, true, 1).pc
	for _, c := range cases {
		c.opts.Now = testNow
		_, err := Recommend(context.Background(), pc, c.opts)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != c.field {
			t.Errorf("%+v: got %v, want EINVALID on %s", c.opts, err, c.field)
		}
	}
	ok := Options{K: 10, HoursPerWeek: 168, OptionalCoverage: 1, Exclude: []string{"unknown"}, Now: testNow}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := Recommend(context.Background(), nil, Options{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("nil context: %v", err)
	}
}

func TestWithLearnerDefaults(t *testing.T) {
	budget := 500.0
	l := &graph.Learner{Constraints: graph.Constraints{HoursPerWeek: 6, MaxBudget: &budget,
		Languages: []string{"fr"}}, InProgress: []string{"c1"}}
	o := Options{HoursPerWeek: 12}.WithLearnerDefaults(l)
	if o.HoursPerWeek != 12 || o.MaxBudget == nil || *o.MaxBudget != 500 || !slices.Equal(o.Languages, []string{"fr"}) ||
		!slices.Equal(o.InProgress, []string{"c1"}) {
		t.Fatalf("%+v", o)
	}
}

// unlocks lists the later steps a step is a prerequisite of, and only those; enables lists the
// later steps that require a competency the step is the first to certify.
func TestStepUnlocksAndEnables(t *testing.T) {
	b := newBuilder().require("g", 2, true, 1).
		cred("intro", 5, 10, map[string]int{"basics": 2}).
		cred("course", 5, 10, nil).
		cred("advanced", 5, 10, map[string]int{"g": 2}).
		prereq("advanced", "course").needs("advanced", "basics", 2)
	pw := recommend(t, b.pc, Options{}).Pathways[0]
	steps := map[string]Step{}
	for _, st := range pw.Steps {
		steps[st.CredentialID] = st
	}
	if len(steps) != 3 {
		t.Fatalf("plan %v, want intro, course and advanced", planIDs(pw))
	}
	if got := steps["course"]; !slices.Equal(got.Unlocks, []string{"advanced"}) || len(got.Enables) != 0 {
		t.Errorf("course: unlocks %v enables %v, want unlocks [advanced] only", got.Unlocks, got.Enables)
	}
	if got := steps["intro"]; len(got.Unlocks) != 0 || !slices.Equal(got.Enables, []string{"advanced"}) {
		t.Errorf("intro: unlocks %v enables %v, want enables [advanced] only", got.Unlocks, got.Enables)
	}
	if got := steps["intro"].Explanation; !strings.Contains(got, "certifies what") || strings.Contains(got, "needed before") {
		t.Errorf("intro explanation %q", got)
	}
}

// The search evaluates only the blocks a plan can change: those holding a candidate or a
// credential in progress (through nested blocks too), with what is nested in them.
func TestProblemKeepsReachableBlocks(t *testing.T) {
	b := newBuilder().require("a", 1, true, 1).
		cred("x", 1, 0, map[string]int{"a": 1}).cred("started", 1, 0, nil).
		cred("far", 1, 0, map[string]int{"z": 1}).cred("other", 1, 0, nil).
		block("holds-x", graph.Rule{Kind: graph.RuleAll}, "x", "other").
		block("nested", graph.Rule{Kind: graph.RuleAll}, "other").
		block("top", graph.Rule{Kind: graph.RuleAll}, "holds-x", "nested").
		block("holds-started", graph.Rule{Kind: graph.RuleAll}, "started").
		block("unreachable", graph.Rule{Kind: graph.RuleAll}, "far", "other")
	p, err := newProblem(b.pc, Options{InProgress: []string{"started"}}, true)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(p.blocks.ids))
	if want := []string{"holds-started", "holds-x", "nested", "top"}; !slices.Equal(got, want) {
		t.Fatalf("blocks %v, want %v", got, want)
	}
	res := recommend(t, b.pc, Options{InProgress: []string{"started"}})
	if got := res.Pathways[0].CompletesBlocks; !slices.Equal(got, []string{"holds-started"}) {
		t.Fatalf("completes %v", got)
	}
}

// The root's bound counts prerequisites: one cheap credential closing both gaps needs a dear
// prerequisite, so two plain credentials are best. Covering bounds without prerequisites stop
// at 5 (the cheapest closure per gap) or 1 (the cheap credential shared by both gaps); the
// Lagrangian bound over gaps and prerequisites reaches the optimum, 10, and proves it at the
// root.
func TestRecommendRootBoundCountsPrerequisites(t *testing.T) {
	b := newBuilder().require("t1", 1, true, 1).require("t2", 1, true, 1).
		cred("both", 1, 0, map[string]int{"t1": 1, "t2": 1}).
		cred("dear", 10, 0, map[string]int{"other": 1}).
		cred("one", 5, 0, map[string]int{"t1": 1}).
		cred("two", 5, 0, map[string]int{"t2": 1}).
		prereq("both", "dear")
	res := recommend(t, b.pc, Options{MaxNodes: 1, Now: testNow})
	if !res.ProvenOptimal || res.NodesExplored != 1 {
		t.Fatalf("proven %v after %d nodes, bound %g", res.ProvenOptimal, res.NodesExplored, res.LowerBound)
	}
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"one", "two"}) || res.LowerBound != 10 {
		t.Fatalf("plan %v, bound %g", got, res.LowerBound)
	}
}

// The root's bound prices what steps require: three cheap courses each need a competency that
// only a long course provides, so the cheap way costs 3×10 + 50 hours. A bound that saw the
// gaps alone would stop at 30 and leave the search to find the 80 by trying; with the
// requirement priced, the root's bound is the optimum and one node proves it.
func TestRootBoundPricesRequiredCompetencies(t *testing.T) {
	b := newBuilder()
	for _, g := range []string{"g1", "g2", "g3"} {
		b.require(g, 1, true, 1).
			cred("cheap-"+g, 10, 0, map[string]int{g: 1}).needs("cheap-"+g, "x", 1).
			cred("long-"+g, 40, 0, map[string]int{g: 1})
	}
	b.cred("p1", 50, 0, map[string]int{"x": 1}).cred("p2", 60, 0, map[string]int{"x": 1})
	res := recommend(t, b.pc, Options{MaxNodes: 1, TimeBudget: MaxTimeBudget})
	if got := planIDs(res.Pathways[0]); !slices.Equal(got, []string{"cheap-g1", "cheap-g2", "cheap-g3", "p1"}) {
		t.Fatalf("plan %v", got)
	}
	if res.LowerBound != 80 || !res.ProvenOptimal || res.NodesExplored != 1 {
		t.Fatalf("bound %g, proven %v after %d nodes; want 80, proven at the root", res.LowerBound, res.ProvenOptimal, res.NodesExplored)
	}
}

func TestCostUnit(t *testing.T) {
	for _, c := range []struct {
		costs []float64
		want  float64
	}{
		{[]float64{7, 14, 21}, 7},
		{[]float64{7, 10, 0}, 1},
		{[]float64{0.5, 1.5, 2}, 0.5},
		{[]float64{12.25, 0.75}, 0.25},
		{[]float64{1.0 / 3, 1}, 0}, // no whole unit: no rounding
		{[]float64{0, 0}, 0},
		{nil, 0},
	} {
		cands := make([]cand, len(c.costs))
		for i, w := range c.costs {
			cands[i].w = w
		}
		if got := costUnit(cands); got != c.want {
			t.Errorf("costUnit(%v) = %g, want %g", c.costs, got, c.want)
		}
	}
	p := &problem{unit: 1}
	for in, want := range map[float64]float64{380.2: 381, 381.0000001: 381, 380.9999999: 381, 0: 0} {
		if got := p.roundUp(in); got != want {
			t.Errorf("roundUp(%v) = %v, want %v", in, got, want)
		}
	}
	cents := &problem{unit: 0.01}
	for in, want := range map[float64]float64{100000.0000001: 100000, 99999.991: 100000, 12.345: 12.35} {
		if got := cents.roundUp(in); math.Abs(got-want) > 1e-9 {
			t.Errorf("in cents: roundUp(%v) = %v, want %v", in, got, want)
		}
	}
	if got := (&problem{}).roundUp(380.2); got != 380.2 {
		t.Errorf("no unit: roundUp(380.2) = %v", got)
	}
}

// The root's first ascent can overshoot for good: ten gaps, each with sixty courses of 20 to 79
// hours and a 30-hour prerequisite apiece. Its first step lowers every course's reduced cost
// at once, and the bound never climbs back from there above the dual ascent's 200 hours (each
// gap's cheapest course without its prerequisite). A second ascent, with shorter steps, lifts
// it.
func TestRootRetriesAnAscentThatOvershoots(t *testing.T) {
	b := newBuilder()
	for i := range 10 {
		g := fmt.Sprintf("g%d", i)
		b.require(g, 1, true, 1)
		for j := range 60 {
			c, pre := fmt.Sprintf("c%d-%02d", i, j), fmt.Sprintf("p%d-%02d", i, j)
			b.cred(c, float64(20+j), 0, map[string]int{g: 1}).cred(pre, 30, 0, nil).prereq(c, pre)
		}
	}
	opts := Options{MaxNodes: 1, TimeBudget: MaxTimeBudget, Now: testNow}
	defer func() { rootRetry = true }()
	rootRetry = false
	once := recommend(t, b.pc, opts)
	rootRetry = true
	twice := recommend(t, b.pc, opts)
	if v := twice.Pathways[0].ObjectiveValue; v != 500 {
		t.Fatalf("plan of %g hours, want 500", v)
	}
	if once.LowerBound != 200 || twice.LowerBound <= 300 {
		t.Fatalf("root bound %g after one ascent (want 200, the overshoot) and %g after two (want above 300)", once.LowerBound, twice.LowerBound)
	}
}
