package pathways

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

// NaiveBaseline is the plan an advisor would sketch by hand: for each gap in turn (essential
// ones, then optional ones by weight until the optional coverage asked is met), the credential
// with the lowest own cost under the objective, plus its prerequisites, skipping gaps already
// covered; then providers for the competencies those require. It honours modalities,
// languages, exclusions and credentials in progress, but not the budget, hours or deadline.
// For comparisons with Recommend.
//
// Errors: as Recommend's option errors.
func NaiveBaseline(pc *graph.PathwayContext, opts Options) (*Pathway, error) {
	p, err := newProblem(pc, baselineOptions(opts), false)
	if err != nil {
		return nil, fmt.Errorf("naive baseline: %w", err)
	}
	defer p.release()
	b := newBuilderState(p)
	for _, t := range p.targetOrder() {
		if b.covered(t) || b.optionalDone(t) {
			continue
		}
		best := -1
		for _, c := range p.targets[t].coverers {
			if best < 0 || p.cands[c].w < p.cands[best].w || (p.cands[c].w == p.cands[best].w && c < best) {
				best = c
			}
		}
		b.add(best)
	}
	b.provide()
	pw := p.pathway(b.set())
	return &pw, nil
}

// GreedyBaseline is the classic greedy set cover: it repeatedly takes the credential whose
// cost (with its missing prerequisites) per newly covered gap is lowest, essential gaps
// first, then optional ones until the optional coverage asked is met; then providers for
// the competencies those require. Constraints are treated as in NaiveBaseline.
//
// Errors: as Recommend's option errors.
func GreedyBaseline(pc *graph.PathwayContext, opts Options) (*Pathway, error) {
	pw, _, err := greedyPlan(pc, opts)
	return pw, err
}

// greedyPlan is GreedyBaseline's plan, and whether its steps can be ordered: when the
// providers it adds depend, through their prerequisites, on the steps that need them, the
// steps left over go in a last phase, as a sketch, which is no plan to give a learner.
func greedyPlan(pc *graph.PathwayContext, opts Options) (*Pathway, bool, error) {
	p, err := newProblem(pc, baselineOptions(opts), false)
	if err != nil {
		return nil, false, fmt.Errorf("greedy baseline: %w", err)
	}
	defer p.release()
	set := p.greedyCover()
	_, stuck := p.schedule(set)
	pw := p.pathway(set)
	return &pw, stuck == nil, nil
}

// greedyCover is GreedyBaseline's plan over the problem's candidates.
func (p *problem) greedyCover() []int { return p.greedyFrom(nil, nil) }

// greedyFrom completes a start (candidates taken with their prerequisites, in order) as
// greedyCover does, taking only candidates usable allows (every one when nil).
func (p *problem) greedyFrom(start []int, usable func(int) bool) []int {
	b := newBuilderState(p)
	for _, c := range start {
		if !b.in[c] {
			b.add(c)
		}
	}
	// Requirements are one per competency, so a candidate's gain is read from its own
	// certifications: a pass over every target per candidate is slow on large catalogues.
	targetOf := make([]int, len(p.comps))
	for k := range targetOf {
		targetOf[k] = -1
	}
	for t := range p.targets {
		targetOf[p.targets[t].comp] = t
	}
	// Only a coverer of an open target can gain: each round marks those in a bitmap and
	// visits them in ascending order, as a scan of every candidate would, without the
	// tens of thousands that gain nothing on a large catalogue.
	marked := p.sc.uint64s.take((len(p.cands) + 63) / 64)
	for _, essential := range []bool{true, false} {
		for {
			if !essential && b.optionalCovered() >= p.threshold-eps {
				break
			}
			clear(marked)
			for t := range p.targets {
				if p.targets[t].req.essential == essential && !b.covered(t) {
					for _, c := range p.targets[t].all {
						marked[c>>6] |= 1 << (c & 63)
					}
				}
			}
			best, bestRatio := -1, math.Inf(1)
			for w, word := range marked {
				for word != 0 {
					c := w<<6 + bits.TrailingZeros64(word)
					word &= word - 1
					if b.in[c] || (usable != nil && !usable(c)) {
						continue
					}
					var gain float64
					for _, ct := range p.cands[c].certs {
						if t := targetOf[ct.comp]; t >= 0 {
							tg := &p.targets[t]
							if tg.req.essential == essential && !b.covered(t) && ct.level >= tg.req.level {
								gain++
							}
						}
					}
					if gain == 0 {
						continue
					}
					if ratio := b.closureCost(c) / gain; ratio < bestRatio-eps {
						best, bestRatio = c, ratio
					}
				}
			}
			if best < 0 {
				break
			}
			b.add(best)
		}
	}
	b.provide()
	return b.set()
}

// withoutRedundant drops from a plan, dearest first, each credential the rest of the plan
// does without: no other step requires it, every gap stays covered and the steps can still be
// ordered within the deadline. The plan is then never worse under an additive objective (CALENDAR is left as it
// is: fewer steps may mean more phases). It improves the greedy cover the search starts from.
func (p *problem) withoutRedundant(set []int) []int {
	if p.obj == ObjectiveCalendar {
		return set
	}
	set = slices.Clone(set)
	byCost := slices.Clone(set)
	slices.SortStableFunc(byCost, func(a, b int) int { return cmp.Compare(p.cands[b].w, p.cands[a].w) })
	covered := func(set []int) []bool {
		level := slices.Clone(p.base)
		for _, c := range set {
			for _, ct := range p.cands[c].certs {
				level[ct.comp] = max(level[ct.comp], ct.level)
			}
		}
		out := make([]bool, len(p.targets))
		for t := range p.targets {
			out[t] = level[p.targets[t].comp] >= p.targets[t].req.level
		}
		return out
	}
	want := covered(set)
	for _, c := range byCost {
		if p.cands[c].w <= 0 {
			break
		}
		rest := slices.DeleteFunc(slices.Clone(set), func(x int) bool { return x == c })
		needed := false
		for _, x := range rest {
			if slices.Contains(p.cands[x].prereqs, c) {
				needed = true
				break
			}
		}
		if needed {
			continue
		}
		have := covered(rest)
		for t := range want {
			needed = needed || (want[t] && !have[t])
		}
		if needed {
			continue
		}
		if sc, stuck := p.schedule(rest); stuck != nil || sc.weeks > p.weeks+eps {
			continue // cannot be ordered, or later phases now miss the deadline
		}
		set = rest
	}
	return set
}

// baselineOptions drops the limits the baselines do not honour, so that no candidate is
// filtered out for them.
func baselineOptions(o Options) Options {
	o.MaxBudget, o.MaxTotalHours, o.Deadline = nil, nil, nil
	return o
}

// targetOrder lists essential targets, then optional ones by weight (heaviest first).
func (p *problem) targetOrder() []int {
	var ess, opt []int
	for t, tg := range p.targets {
		if tg.req.essential {
			ess = append(ess, t)
		} else {
			opt = append(opt, t)
		}
	}
	for i := 1; i < len(opt); i++ { // insertion sort: stable, by weight descending
		for j := i; j > 0 && p.targets[opt[j]].req.weight > p.targets[opt[j-1]].req.weight; j-- {
			opt[j], opt[j-1] = opt[j-1], opt[j]
		}
	}
	return append(ess, opt...)
}

// builderState grows a plan for the baselines.
type builderState struct {
	p     *problem
	in    []bool
	level []int
	order []int
}

func newBuilderState(p *problem) *builderState {
	return &builderState{p: p, in: p.sc.bools.take(len(p.cands)), level: append([]int(nil), p.base...)}
}

func (b *builderState) add(c int) {
	for _, x := range b.p.cands[c].closure {
		if b.in[x] {
			continue
		}
		b.in[x] = true
		b.order = append(b.order, x)
		for _, ct := range b.p.cands[x].certs {
			b.level[ct.comp] = max(b.level[ct.comp], ct.level)
		}
	}
}

func (b *builderState) covered(t int) bool {
	return b.level[b.p.targets[t].comp] >= b.p.targets[t].req.level
}

func (b *builderState) optionalCovered() float64 {
	var w float64
	for t, tg := range b.p.targets {
		if !tg.req.essential && b.covered(t) {
			w += tg.req.weight
		}
	}
	return w
}

// optionalDone reports, for an optional target, that the optional coverage asked is met.
func (b *builderState) optionalDone(t int) bool {
	return !b.p.targets[t].req.essential && b.optionalCovered() >= b.p.threshold-eps
}

func (b *builderState) closureCost(c int) float64 {
	var w float64
	for _, x := range b.p.cands[c].closure {
		if !b.in[x] {
			w += b.p.cands[x].w
		}
	}
	return w
}

// provide adds, until the plan can be ordered, the cheapest provider of a competency a step
// still lacks.
func (b *builderState) provide() {
	for range len(b.p.cands) + 1 {
		_, lack := b.p.schedule(b.set())
		if lack == nil {
			return
		}
		best := -1
		for _, n := range lack {
			for _, c := range b.p.providers[n] {
				if !b.in[c] && (best < 0 || b.closureCost(c) < b.closureCost(best)) {
					best = c
				}
			}
		}
		if best < 0 {
			return // cannot be ordered: the plan is reported as it stands
		}
		b.add(best)
	}
}

func (b *builderState) set() []int { return append([]int(nil), b.order...) }
