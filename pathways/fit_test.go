package pathways

import (
	"archive/zip"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

func req(role, comp string, level int, essential bool, weight float64) graph.Edge {
	imp := graph.Optional
	if essential {
		imp = graph.Essential
	}
	return graph.Edge{Type: graph.RelRoleRequires, From: role, To: comp, Level: level, Importance: imp, Weight: weight}
}

func TestRoleFitRanksAndScores(t *testing.T) {
	ix := NewFitIndex([]graph.Edge{
		req("dev", "go", 3, true, 2), req("dev", "sql", 2, true, 1), req("dev", "ux", 1, false, 1),
		req("dba", "sql", 3, true, 1), req("dba", "backup", 2, true, 1),
		req("designer", "ux", 2, true, 1),
		req("tester", "go", 1, true, 1), req("tester", "qa", 1, false, 1),
	})
	got := ix.RoleFit(map[string]int{"go": 3, "sql": 2, "ux": 1}, 0)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.RoleID)
	}
	// dev 4/4; tester 1/2 (essential 1/1); designer 0 (level below); dba 0 (below). Ties by id.
	if !slices.Equal(ids, []string{"dev", "tester", "dba", "designer"}) {
		t.Fatalf("order %v", ids)
	}
	if got[0].WeightedCoverage != 1 || got[0].MetCount != 3 || got[0].TotalCount != 3 {
		t.Fatalf("dev %+v", got[0])
	}
	if got[1].WeightedCoverage != 0.5 || got[1].EssentialCoverage != 1 {
		t.Fatalf("tester %+v", got[1])
	}
	if dba := got[2]; dba.LevelWeightedCoverage != (2.0/3)/2 || dba.WeightedCoverage != 0 {
		t.Fatalf("dba %+v", dba)
	}
	if top := ix.RoleFit(map[string]int{"go": 3, "sql": 2, "ux": 1}, 2); len(top) != 2 || top[1].RoleID != "tester" {
		t.Fatalf("first 2: %+v", top)
	}
	cands := ix.Candidates("dba", NewLearners(map[string]map[string]int{
		"ann": {"sql": 3}, "bob": {"sql": 3, "backup": 2}, "cid": {}, "dee": {"sql": 3},
	}), 3)
	var lids []string
	for _, c := range cands {
		lids = append(lids, c.LearnerID)
	}
	if !slices.Equal(lids, []string{"bob", "ann", "dee"}) || cands[0].WeightedCoverage != 1 {
		t.Fatalf("candidates %+v", cands)
	}
	if ix.Candidates("nobody", NewLearners(nil), 5) != nil {
		t.Fatal("unknown role should give nil")
	}
}

// escoRequirements reads ESCO's occupation-skill relations from the shared data, or skips.
func escoRequirements(t testing.TB) []graph.Edge {
	path := filepath.Join(seedtest.DataDir(t, "esco-official"), "ESCO dataset - v1.1.1 - classification -  - csv.zip")
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "occupationSkillRelations.csv" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		r := csv.NewReader(rc)
		r.FieldsPerRecord = -1
		var edges []graph.Edge
		for first := true; ; first = false {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if first || len(rec) < 4 {
				continue
			}
			edges = append(edges, req(rec[0], rec[3], 1, rec[1] == "essential", 1))
		}
		return edges
	}
	t.Fatal("no occupationSkillRelations.csv in the zip")
	return nil
}

// TestFitAtESCOScale indexes every ESCO occupation and ranks them for 10,000 learners, and
// ranks the learners for a role, checking the index against a direct computation.
// The times it logs are for reading; BenchmarkRoleFitESCO measures RoleFit.
func TestFitAtESCOScale(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 21 MB of ESCO relations")
	}
	edges := escoRequirements(t)
	start := time.Now()
	ix := NewFitIndex(edges)
	built := time.Since(start)
	var skills []string
	seen := map[string]bool{}
	byRole := map[string][]graph.Edge{}
	for _, e := range edges {
		if !seen[e.To] {
			seen[e.To] = true
			skills = append(skills, e.To)
		}
		byRole[e.From] = append(byRole[e.From], e)
	}
	r := rand.New(rand.NewPCG(42, 1))
	learners := map[string]map[string]int{}
	roles := sortedKeys(byRole)
	for i := 0; i < 10000; i++ {
		h := map[string]int{}
		// Half the skills from one occupation, as real profiles cluster, the rest at random.
		role := byRole[roles[r.IntN(len(roles))]]
		for _, e := range role[:len(role)/2] {
			h[e.To] = 1 + r.IntN(3)
		}
		for j := 0; j < 20; j++ {
			h[skills[r.IntN(len(skills))]] = 1 + r.IntN(3)
		}
		learners[fmt.Sprintf("learner%05d", i)] = h
	}
	start = time.Now()
	var tops [][]RoleFitScore
	ids := sortedKeys(learners)
	for _, id := range ids {
		tops = append(tops, ix.RoleFit(learners[id], 10))
	}
	perLearner := time.Since(start) / time.Duration(len(ids))
	li := NewLearners(learners)
	start = time.Now()
	cands := ix.Candidates(roles[0], li, 10)
	candTime := time.Since(start)
	t.Logf("%d roles, %d requirements: index built in %s; RoleFit %s per learner (top 10 of %d roles); Candidates over %d learners in %s",
		ix.Roles(), len(edges), built.Round(time.Millisecond), perLearner.Round(time.Microsecond), ix.Roles(), len(learners), candTime.Round(time.Microsecond))
	if ix.Roles() < 3000 || len(cands) != 10 {
		t.Fatalf("%d roles, %d candidates", ix.Roles(), len(cands))
	}
	// The index agrees with scoring every role directly.
	for _, i := range []int{0, 17, 4242} {
		held := learners[ids[i]]
		var all []RoleFitScore
		for _, role := range roles {
			var met, total float64
			for _, e := range byRole[role] {
				total++
				if held[e.To] >= 1 {
					met++
				}
			}
			all = append(all, RoleFitScore{RoleID: role, WeightedCoverage: met / total})
		}
		slices.SortStableFunc(all, func(a, b RoleFitScore) int {
			if a.WeightedCoverage != b.WeightedCoverage {
				if a.WeightedCoverage > b.WeightedCoverage {
					return -1
				}
				return 1
			}
			return 0
		})
		if tops[i][0].WeightedCoverage != all[0].WeightedCoverage || tops[i][9].WeightedCoverage != all[9].WeightedCoverage {
			t.Fatalf("learner %d: index top %+v, direct %+v", i, tops[i][0], all[0])
		}
	}
}

func BenchmarkRoleFitESCO(b *testing.B) {
	edges := escoRequirements(b)
	ix := NewFitIndex(edges)
	held := map[string]int{}
	for _, e := range edges[:60] {
		held[e.To] = 2
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix.RoleFit(held, 10)
	}
}

// candidatesByScan is Candidates as a scan of every learner's holdings against every
// requirement: the reference the index must agree with.
func candidatesByScan(ix *FitIndex, roleID string, learners map[string]map[string]int, first int) []CandidateScore {
	i := ix.rolePos[roleID]
	var out []CandidateScore
	for id, held := range learners {
		var met, essMet, levelMet float64
		count := 0
		for _, r := range ix.reqs[i] {
			if h := held[r.comp]; h >= r.level {
				met += r.weight
				levelMet += r.weight
				count++
				if r.essential {
					essMet += r.weight
				}
			} else if h > 0 {
				levelMet += r.weight * float64(h) / float64(r.level)
			}
		}
		out = append(out, CandidateScore{LearnerID: id, WeightedCoverage: share(met, ix.totalW[i]),
			EssentialCoverage: share(essMet, ix.essW[i]), LevelWeightedCoverage: share(levelMet, ix.totalW[i]),
			MetCount: count, TotalCount: len(ix.reqs[i])})
	}
	slices.SortFunc(out, func(a, b CandidateScore) int {
		if a.WeightedCoverage != b.WeightedCoverage {
			return cmp.Compare(b.WeightedCoverage, a.WeightedCoverage)
		}
		if a.EssentialCoverage != b.EssentialCoverage {
			return cmp.Compare(b.EssentialCoverage, a.EssentialCoverage)
		}
		return strings.Compare(a.LearnerID, b.LearnerID)
	})
	if first > 0 && first < len(out) {
		out = out[:first]
	}
	return out
}

// Candidates walks only the holders of a role's competencies; it must rank exactly as a scan
// of every learner does, including learners holding nothing, holders below the level,
// requirements of weight 0 (a holder meeting one scores as a learner holding nothing) and
// roles with no essential requirement.
func TestCandidatesAgreeWithScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	comps := []string{"a", "b", "c", "d", "e", "f", "g"}
	for round := range 300 {
		var edges []graph.Edge
		for role := range 3 {
			for _, c := range comps {
				if r.IntN(3) == 0 {
					imp := graph.Optional
					if r.IntN(2) == 0 {
						imp = graph.Essential
					}
					edges = append(edges, graph.Edge{Type: graph.RelRoleRequires, From: fmt.Sprintf("role%d", role), To: c,
						Level: 1 + r.IntN(4), Importance: imp, Weight: float64(r.IntN(3))})
				}
			}
		}
		ix := NewFitIndex(edges)
		learners := map[string]map[string]int{}
		for l := range 1 + r.IntN(40) {
			held := map[string]int{}
			for _, c := range comps {
				if r.IntN(4) == 0 {
					held[c] = r.IntN(5)
				}
			}
			learners[fmt.Sprintf("l%02d", l)] = held
		}
		li := NewLearners(learners)
		for _, role := range ix.roles {
			for _, first := range []int{0, 1, 3, 10, 100} {
				got := ix.Candidates(role, li, first)
				want := candidatesByScan(ix, role, learners, first)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("round %d, %s, first %d:\n got %+v\nwant %+v", round, role, first, got, want)
				}
			}
		}
	}
}
