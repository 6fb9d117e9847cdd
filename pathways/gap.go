package pathways

import (
	"sort"

	"github.com/skillgraph/skillgraph/graph"
)

// RequirementGap is one requirement of a role against what the learner holds.
type RequirementGap struct {
	CompetencyID  string
	Importance    graph.Importance
	Weight        float64
	RequiredLevel int
	HeldLevel     int // 0 when not held
	Met           bool
	// CoveredBy: for an unmet requirement, the credentials certifying the competency at the
	// required level or above that the learner has not earned, fewest hours first, then by id.
	CoveredBy []string
}

// GapReport is a learner's gap to a role. Coverage scores are shares of weight, 0-1; a kind
// of requirement the role does not have counts as fully covered.
type GapReport struct {
	Requirements      []RequirementGap // sorted by competency id
	EssentialCoverage float64          // weight of met essential requirements / their total
	OptionalCoverage  float64          // the same over optional requirements
	WeightedCoverage  float64          // over every requirement
	// LevelWeightedCoverage also credits a requirement held below its level, for
	// held/required of its weight.
	LevelWeightedCoverage float64
	MetCount, TotalCount  int
}

// requirement is a role requirement with its defaults filled in.
type requirement struct {
	comp      string
	level     int
	essential bool
	weight    float64
}

// requirementsOf normalises and sorts a role's requirements; duplicates of a competency keep
// the most demanding one.
func requirementsOf(edges []graph.Edge) []requirement {
	byComp := map[string]requirement{}
	for _, e := range edges {
		e.Type = graph.RelRoleRequires
		e.Normalize()
		r := requirement{comp: e.To, level: e.Level, essential: e.Importance == graph.Essential, weight: e.Weight}
		if old, ok := byComp[e.To]; ok {
			r.level = max(r.level, old.level)
			r.essential = r.essential || old.essential
			r.weight = max(r.weight, old.weight)
		}
		byComp[e.To] = r
	}
	out := make([]requirement, 0, len(byComp))
	for _, k := range sortedKeys(byComp) {
		out = append(out, byComp[k])
	}
	return out
}

func (r requirement) importance() graph.Importance {
	if r.essential {
		return graph.Essential
	}
	return graph.Optional
}

// Gap returns the learner's gap to the role of a PathwayContext. A nil context gives an
// empty report. It returns no error: every input is usable.
func Gap(pc *graph.PathwayContext) *GapReport {
	rep := &GapReport{EssentialCoverage: 1, OptionalCoverage: 1, WeightedCoverage: 1, LevelWeightedCoverage: 1}
	if pc == nil {
		return rep
	}
	pc = pc.Full()
	held := HoldingsFrom(pc)
	reqs := requirementsOf(pc.Requirements)
	// certifiers: competency -> credentials certifying it, with the level.
	type cert struct {
		cred  string
		level int
	}
	certifiers := map[string][]cert{}
	for _, e := range pc.Certifies {
		certifiers[e.To] = append(certifiers[e.To], cert{e.From, max(e.Level, graph.MinLevel)})
	}
	var essW, essMet, optW, optMet, allW, allMet, levelMet float64
	for _, r := range reqs {
		h := held.Levels[r.comp]
		g := RequirementGap{CompetencyID: r.comp, Importance: r.importance(), Weight: r.weight,
			RequiredLevel: r.level, HeldLevel: h, Met: h >= r.level}
		allW += r.weight
		if r.essential {
			essW += r.weight
		} else {
			optW += r.weight
		}
		if g.Met {
			rep.MetCount++
			allMet += r.weight
			levelMet += r.weight
			if r.essential {
				essMet += r.weight
			} else {
				optMet += r.weight
			}
		} else {
			levelMet += r.weight * float64(h) / float64(r.level)
			seen := map[string]bool{}
			for _, c := range certifiers[r.comp] {
				if c.level >= r.level && !held.Credentials[c.cred] && !seen[c.cred] {
					seen[c.cred] = true
					g.CoveredBy = append(g.CoveredBy, c.cred)
				}
			}
			sort.Slice(g.CoveredBy, func(i, j int) bool {
				a, b := g.CoveredBy[i], g.CoveredBy[j]
				ha, hb := credHours(pc.Credentials[a]), credHours(pc.Credentials[b])
				if ha != hb {
					return ha < hb
				}
				return a < b
			})
		}
		rep.Requirements = append(rep.Requirements, g)
	}
	rep.TotalCount = len(reqs)
	rep.EssentialCoverage = share(essMet, essW)
	rep.OptionalCoverage = share(optMet, optW)
	rep.WeightedCoverage = share(allMet, allW)
	rep.LevelWeightedCoverage = share(levelMet, allW)
	return rep
}

// credHours is a credential's hours; an unknown credential sorts last.
func credHours(c *graph.Credential) float64 {
	if c == nil {
		return graph.MaxHours + 1
	}
	return c.Hours
}

// share is part/total, 1 when there is nothing to cover.
func share(part, total float64) float64 {
	if total <= 0 {
		return 1
	}
	return part / total
}
