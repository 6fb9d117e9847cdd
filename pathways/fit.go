package pathways

import (
	"sort"

	"github.com/skillgraph/skillgraph/graph"
)

// FitIndex ranks roles for a learner and learners for a role. It is built once over every
// role requirement and is read-only afterwards, so it is safe for concurrent use.
type FitIndex struct {
	roles    []string // sorted
	rolePos  map[string]int
	reqs     [][]requirement // per role, by competency id
	totalW   []float64
	essW     []float64
	postings map[string][]posting // competency -> roles requiring it
}

type posting struct {
	role      int32
	level     int32
	essential bool
	weight    float64
}

// RoleFitScore is a role's fit for a learner.
type RoleFitScore struct {
	RoleID string
	// WeightedCoverage: weight of the met requirements over the total weight, 0-1.
	WeightedCoverage float64
	// EssentialCoverage: the same over essential requirements (1 when the role has none).
	EssentialCoverage float64
	// LevelWeightedCoverage also credits a requirement held below its level for
	// held/required of its weight.
	LevelWeightedCoverage float64
	MetCount, TotalCount  int
}

// CandidateScore is a learner's fit for a role.
type CandidateScore struct {
	LearnerID             string
	WeightedCoverage      float64
	EssentialCoverage     float64
	LevelWeightedCoverage float64
	MetCount, TotalCount  int
}

// NewFitIndex indexes role requirements (RelRoleRequires edges: From is the role, To the
// competency). Defaults apply as in graph.Edge.Normalize; a role requiring a competency twice
// keeps the most demanding requirement.
func NewFitIndex(requirements []graph.Edge) *FitIndex {
	byRole := map[string][]graph.Edge{}
	for _, e := range requirements {
		byRole[e.From] = append(byRole[e.From], e)
	}
	ix := &FitIndex{roles: sortedKeys(byRole), rolePos: map[string]int{}, postings: map[string][]posting{}}
	ix.reqs = make([][]requirement, len(ix.roles))
	ix.totalW = make([]float64, len(ix.roles))
	ix.essW = make([]float64, len(ix.roles))
	for i, role := range ix.roles {
		ix.rolePos[role] = i
		ix.reqs[i] = requirementsOf(byRole[role])
		for _, r := range ix.reqs[i] {
			ix.totalW[i] += r.weight
			if r.essential {
				ix.essW[i] += r.weight
			}
			ix.postings[r.comp] = append(ix.postings[r.comp], posting{role: int32(i), level: int32(r.level), essential: r.essential, weight: r.weight})
		}
	}
	return ix
}

// Roles returns the number of roles indexed.
func (ix *FitIndex) Roles() int { return len(ix.roles) }

// RoleFit ranks every indexed role for a learner's holdings (competency id -> level): by
// weighted coverage, then essential coverage, then role id. It returns the first ones
// (every role when first <= 0). It walks only the learner's competencies.
func (ix *FitIndex) RoleFit(holdings map[string]int, first int) []RoleFitScore {
	n := len(ix.roles)
	met := make([]float64, n)
	essMet := make([]float64, n)
	levelMet := make([]float64, n)
	count := make([]int32, n)
	// Sorted so that float sums, and so ties, never depend on map order.
	for _, comp := range sortedKeys(holdings) {
		level := holdings[comp]
		for _, p := range ix.postings[comp] {
			if int32(level) >= p.level {
				met[p.role] += p.weight
				levelMet[p.role] += p.weight
				count[p.role]++
				if p.essential {
					essMet[p.role] += p.weight
				}
			} else if level > 0 {
				levelMet[p.role] += p.weight * float64(level) / float64(p.level)
			}
		}
	}
	out := make([]RoleFitScore, n)
	for i, role := range ix.roles {
		out[i] = RoleFitScore{RoleID: role, WeightedCoverage: share(met[i], ix.totalW[i]),
			EssentialCoverage: share(essMet[i], ix.essW[i]), LevelWeightedCoverage: share(levelMet[i], ix.totalW[i]),
			MetCount: int(count[i]), TotalCount: len(ix.reqs[i])}
	}
	less := func(a, b RoleFitScore) bool {
		if a.WeightedCoverage != b.WeightedCoverage {
			return a.WeightedCoverage > b.WeightedCoverage
		}
		if a.EssentialCoverage != b.EssentialCoverage {
			return a.EssentialCoverage > b.EssentialCoverage
		}
		return a.RoleID < b.RoleID
	}
	return topN(out, first, less)
}

// Candidates ranks learners (learner id -> competency id -> level) for a role: by weighted
// coverage, then essential coverage, then learner id. It returns the first ones (all when
// first <= 0), and nil for a role the index does not know.
func (ix *FitIndex) Candidates(roleID string, learners map[string]map[string]int, first int) []CandidateScore {
	i, ok := ix.rolePos[roleID]
	if !ok {
		return nil
	}
	reqs := ix.reqs[i]
	out := make([]CandidateScore, 0, len(learners))
	for id, held := range learners {
		var met, essMet, levelMet float64
		count := 0
		for _, r := range reqs {
			h := held[r.comp]
			if h >= r.level {
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
			MetCount: count, TotalCount: len(reqs)})
	}
	less := func(a, b CandidateScore) bool {
		if a.WeightedCoverage != b.WeightedCoverage {
			return a.WeightedCoverage > b.WeightedCoverage
		}
		if a.EssentialCoverage != b.EssentialCoverage {
			return a.EssentialCoverage > b.EssentialCoverage
		}
		return a.LearnerID < b.LearnerID
	}
	return topN(out, first, less)
}

// topN sorts the best first items to the front and cuts there; the order is total, so the
// result does not depend on the input order.
func topN[T any](items []T, first int, less func(a, b T) bool) []T {
	if first <= 0 || first >= len(items) {
		sort.Slice(items, func(a, b int) bool { return less(items[a], items[b]) })
		return items
	}
	// Partial selection: keep a sorted window of the best first items.
	best := make([]T, 0, first+1)
	for _, it := range items {
		if len(best) == first && !less(it, best[first-1]) {
			continue
		}
		k := sort.Search(len(best), func(j int) bool { return less(it, best[j]) })
		best = append(best, it)
		copy(best[k+1:], best[k:])
		best[k] = it
		if len(best) > first {
			best = best[:first]
		}
	}
	return best
}
