package pathways

import (
	"context"
	"slices"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// The matrix says which credential meets which requirement at which level, and the cheapest
// set is the cheapest, not the one that meets the most.
func TestCoverageMatrix(t *testing.T) {
	b := newBuilder().require("g1", 2, true, 1).require("g2", 3, true, 1).require("h", 1, false, 1).require("lonely", 1, true, 1).
		cred("a", 10, 100, map[string]int{"g1": 2}).
		cred("b", 40, 300, map[string]int{"g1": 3, "g2": 3}).
		cred("c", 5, 50, map[string]int{"g2": 4}).
		cred("d", 1, 1, map[string]int{"g1": 1}).
		cred("e", 2, 20, map[string]int{"h": 1}).
		cred("z", 1, 1, map[string]int{"other": 5})
	cov, err := CoverageMatrix(context.Background(), b.pc, 10, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if cov.Cheapest == nil || !slices.Equal(planIDs(*cov.Cheapest), []string{"a", "c"}) || cov.Cheapest.TotalCost != 150 || !cov.ProvenOptimal {
		t.Fatalf("cheapest %+v", cov.Cheapest)
	}
	if len(cov.Uncovered) != 1 || cov.Uncovered[0].CompetencyID != "lonely" || cov.Uncovered[0].Code != ReasonNoCredential {
		t.Fatalf("uncovered %+v", cov.Uncovered)
	}
	var cols []string
	for _, c := range cov.Columns {
		cols = append(cols, c.CredentialID)
	}
	if !slices.Equal(cols, []string{"b", "c", "a", "e", "d"}) || cov.TotalColumns != 5 {
		t.Fatalf("columns %v of %d", cols, cov.TotalColumns)
	}
	if b := cov.Columns[0]; b.EssentialMeets != 2 || b.Meets != 2 || b.Price != 300 || b.Hours != 40 {
		t.Fatalf("column b %+v", b)
	}
	rows := map[string]CoverageRow{}
	var order []string
	for _, r := range cov.Rows {
		rows[r.CompetencyID] = r
		order = append(order, r.CompetencyID)
	}
	if order[len(order)-1] != "h" || rows["h"].Importance != graph.Optional {
		t.Fatalf("rows %v: essential ones first", order)
	}
	want := []CoverageCell{{"b", 3, true}, {"a", 2, true}, {"d", 1, false}}
	if !slices.Equal(rows["g1"].Cells, want) || !rows["g1"].Coverable || rows["lonely"].Coverable || len(rows["lonely"].Cells) != 0 {
		t.Fatalf("g1 %+v, lonely %+v", rows["g1"], rows["lonely"])
	}
	// Fewer columns: the cheapest set's credentials stay, the rest by rank.
	cov, err = CoverageMatrix(context.Background(), b.pc, 1, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	cols = nil
	for _, c := range cov.Columns {
		cols = append(cols, c.CredentialID)
	}
	if !slices.Equal(cols, []string{"c", "a"}) {
		t.Fatalf("columns %v with first 1", cols)
	}
	for _, r := range cov.Rows {
		for _, c := range r.Cells {
			if !slices.Contains(cols, c.CredentialID) {
				t.Fatalf("row %s has a cell of %s, not shown", r.CompetencyID, c.CredentialID)
			}
		}
	}
	// Fewest credentials: b alone.
	cov, err = CoverageMatrix(context.Background(), b.pc, 10, Options{Now: testNow, Objective: ObjectiveCount})
	if err != nil || !slices.Equal(planIDs(*cov.Cheapest), []string{"b"}) {
		t.Fatalf("fewest credentials: %v %v", err, cov)
	}
	for _, n := range []int{0, MaxCoverageColumns + 1} {
		if _, err := CoverageMatrix(context.Background(), b.pc, n, Options{}); graph.ErrorField(err) != "first" {
			t.Errorf("first %d: %v", n, err)
		}
	}
}
