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

// Learners indexes learners' holdings (learner id -> competency id -> level) for ranking
// them against roles: per competency, the learners holding it. It is built once per change of
// the learners and is read-only afterwards, so it is safe for concurrent use.
type Learners struct {
	ids     []string // sorted
	holders map[string][]holder
}

// holder is a learner (by position in Learners.ids) holding a competency at a level above 0.
type holder struct{ learner, level int32 }

// NewLearners indexes the holdings of learners (learner id -> competency id -> level).
func NewLearners(learners map[string]map[string]int) *Learners {
	ix := &Learners{ids: sortedKeys(learners), holders: map[string][]holder{}}
	for i, id := range ix.ids {
		for comp, level := range learners[id] {
			if level > 0 {
				ix.holders[comp] = append(ix.holders[comp], holder{int32(i), int32(level)})
			}
		}
	}
	return ix
}

// Len returns the number of learners indexed.
func (l *Learners) Len() int { return len(l.ids) }

// Candidates ranks learners for a role: by weighted coverage, then essential coverage, then
// learner id. It returns the first ones (all when first <= 0), and nil for a role the index
// does not know. It walks the holders of the role's competencies only, not scores every
// learner against every requirement: a learner holding none of them scores as one holding
// nothing, and such learners rank among themselves by id.
func (ix *FitIndex) Candidates(roleID string, learners *Learners, first int) []CandidateScore {
	i, ok := ix.rolePos[roleID]
	if !ok {
		return nil
	}
	reqs := ix.reqs[i]
	n := learners.Len()
	met := make([]float64, n)
	essMet := make([]float64, n)
	levelMet := make([]float64, n)
	count := make([]int32, n)
	touched := make([]bool, n)
	var held []int32
	// Requirements in order, so that each learner's sums add up in the order a scan of its
	// requirements would.
	for _, r := range reqs {
		for _, h := range learners.holders[r.comp] {
			if !touched[h.learner] {
				touched[h.learner] = true
				held = append(held, h.learner)
			}
			if int(h.level) >= r.level {
				met[h.learner] += r.weight
				levelMet[h.learner] += r.weight
				count[h.learner]++
				if r.essential {
					essMet[h.learner] += r.weight
				}
			} else {
				levelMet[h.learner] += r.weight * float64(h.level) / float64(r.level)
			}
		}
	}
	score := func(l int32) CandidateScore {
		return CandidateScore{LearnerID: learners.ids[l], WeightedCoverage: share(met[l], ix.totalW[i]),
			EssentialCoverage: share(essMet[l], ix.essW[i]), LevelWeightedCoverage: share(levelMet[l], ix.totalW[i]),
			MetCount: int(count[l]), TotalCount: len(reqs)}
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
	// A learner holding none of the role's competencies scores as one holding nothing, and
	// so may some holders (a requirement of weight 0, say): all of those rank among
	// themselves by id, after those scoring better and before any scoring worse.
	zero := CandidateScore{WeightedCoverage: share(0, ix.totalW[i]), EssentialCoverage: share(0, ix.essW[i])}
	rel := func(a CandidateScore) int { // -1 when a ranks before zero's coverages, 1 after, 0 tied
		switch {
		case a.WeightedCoverage != zero.WeightedCoverage:
			if a.WeightedCoverage > zero.WeightedCoverage {
				return -1
			}
			return 1
		case a.EssentialCoverage != zero.EssentialCoverage:
			if a.EssentialCoverage > zero.EssentialCoverage {
				return -1
			}
			return 1
		}
		return 0
	}
	var better, worse []CandidateScore
	tied := make([]bool, n)
	for l := range tied {
		tied[l] = !touched[l]
	}
	for _, l := range held {
		switch sc := score(l); rel(sc) {
		case -1:
			better = append(better, sc)
		case 1:
			worse = append(worse, sc)
		default:
			tied[l] = true
		}
	}
	full := func(list []CandidateScore) bool { return first > 0 && len(list) >= first }
	ranked := topN(better, first, less)
	for l := int32(0); int(l) < n && !full(ranked); l++ {
		if tied[l] {
			ranked = append(ranked, score(l))
		}
	}
	if !full(ranked) {
		rest := 0
		if first > 0 {
			rest = first - len(ranked)
		}
		ranked = append(ranked, topN(worse, rest, less)...)
	}
	return ranked
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
