package pathways

import (
	"slices"
	"testing"
)

func TestGap(t *testing.T) {
	b := newBuilder().
		require("go", 3, true, 2).require("sql", 2, true, 1).require("ux", 2, false, 1).require("qa", 1, false, 3).
		has("go", 1).has("ux", 2).
		cred("sql-course", 10, 0, map[string]int{"sql": 2}).earned("sql-course", false).
		cred("go-long", 40, 0, map[string]int{"go": 4}).
		cred("go-short", 20, 0, map[string]int{"go": 3}).
		cred("go-b", 20, 0, map[string]int{"go": 3}).
		cred("go-low", 5, 0, map[string]int{"go": 2}).
		cred("qa-partial", 5, 0, map[string]int{"qa": 1}).earned("qa-partial", true)
	rep := Gap(b.pc)
	byComp := map[string]RequirementGap{}
	for _, r := range rep.Requirements {
		byComp[r.CompetencyID] = r
	}
	if g := byComp["go"]; g.Met || g.HeldLevel != 1 || !slices.Equal(g.CoveredBy, []string{"go-b", "go-short", "go-long"}) {
		t.Fatalf("go %+v", g)
	}
	if g := byComp["sql"]; !g.Met || g.HeldLevel != 2 || g.CoveredBy != nil {
		t.Fatalf("sql %+v (certified by an achievement)", g)
	}
	if g := byComp["qa"]; g.Met || !slices.Equal(g.CoveredBy, []string{"qa-partial"}) {
		t.Fatalf("qa %+v (a partial achievement certifies nothing)", g)
	}
	if rep.MetCount != 2 || rep.TotalCount != 4 {
		t.Fatalf("counts %d/%d", rep.MetCount, rep.TotalCount)
	}
	if rep.EssentialCoverage != 1.0/3 || rep.OptionalCoverage != 0.25 || rep.WeightedCoverage != 2.0/7 {
		t.Fatalf("coverage %+v", rep)
	}
	// go held at 1 of 3 adds 2/3 of its weight 2.
	if want := (2 + 2.0/3) / 7; rep.LevelWeightedCoverage != want {
		t.Fatalf("level-weighted %g, want %g", rep.LevelWeightedCoverage, want)
	}
	if empty := Gap(newBuilder().pc); empty.WeightedCoverage != 1 || empty.TotalCount != 0 {
		t.Fatalf("empty %+v", empty)
	}
}
