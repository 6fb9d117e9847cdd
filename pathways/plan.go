package pathways

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// Coverage is a gap a step covers.
type Coverage struct {
	CompetencyID string
	Level        int
	Essential    bool
	Weight       float64
}

// Step is one credential of a pathway.
type Step struct {
	CredentialID string
	// Phase: steps of one phase run in parallel and need only holdings and earlier phases.
	// Phase 0 holds the credentials already in progress.
	Phase      int
	InProgress bool
	// StartWeek and EndWeek estimate when the step runs, in weeks from the start: a phase's
	// steps share the weekly hours, and the next phase starts at the following whole week.
	StartWeek, EndWeek float64
	Hours, Price, ECTS float64
	Covers             []Coverage // gaps this step is the first to cover
	Unlocks            []string   // later steps it is a prerequisite of (they require the credential)
	Enables            []string   // later steps requiring a competency it is the first step to certify at their level
	CompletesBlocks    []string   // blocks complete once this step is done and not before
	// Message says why the step is in the plan; Explanation is its English text.
	Message     Message
	Explanation string
}

// Pathway is an ordered plan. Totals count the new steps only: credentials in progress are
// already paid for and started.
type Pathway struct {
	Steps           []Step // by phase, then credential id
	TotalHours      float64
	TotalCost       float64
	TotalECTS       float64
	CredentialCount int
	CalendarWeeks   float64
	CompletesBlocks []string // sorted
	ObjectiveValue  float64
	// UncoveredEssentialWeight: weight of the essential gaps that some credential covers but
	// this plan leaves open because of the constraints.
	UncoveredEssentialWeight float64
}

// Result is what Recommend found.
type Result struct {
	Objective Objective
	Pathways  []Pathway // best first, with distinct credential sets, each covering as much as the first
	// ProvenOptimal: the search finished, so the first pathway is optimal (and the others
	// are the next best the search met).
	ProvenOptimal bool
	// LowerBound of the objective for any plan covering as much as the first pathway.
	LowerBound float64
	// Gap is ObjectiveValue/LowerBound - 1: 0 when proven, -1 when unknown (a zero bound).
	Gap           float64
	UncoveredGaps []UncoveredGap // essential first, then by competency id
	NodesExplored int
	Elapsed       time.Duration
}

// Recommend returns the best pathways from the learner to the role of a PathwayContext under
// the options: every essential gap some allowed credential covers is covered, optional gaps
// up to opts.OptionalCoverage, prerequisites come first and the constraints hold. When the
// constraints do not allow covering every such essential gap, the plans cover as much
// essential weight as they allow, and the rest is listed with ReasonConstraints.
//
// Errors: EINVALID ("options.<field>") for bad options, or "context" for a nil context; the
// context's error, wrapped, when ctx has ended before or ends during the search.
func Recommend(ctx context.Context, pc *graph.PathwayContext, opts Options) (*Result, error) {
	start := time.Now()
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("recommend: %w", err) // a search proven at its root checks no later
	}
	dominance := opts.k() == 1 && opts.objective() != ObjectiveCalendar && opts.Deadline == nil
	p, err := newProblem(pc, opts, dominance)
	if err != nil {
		return nil, fmt.Errorf("recommend: %w", err)
	}
	defer p.release()
	// The budget counts from the start, building the problem included; on a large catalogue
	// building can use all of it, and the search then gets at least a tenth of it, so that it
	// can still dive to a plan rather than give none.
	deadline := start.Add(opts.timeBudget())
	if least := time.Now().Add(opts.timeBudget() / 10); least.After(deadline) {
		deadline = least
	}
	s := newSearcher(ctx, p, deadline)
	seed := p.greedy
	if !dominance {
		seed = p.greedyCover() // the lists are whole: the same plan as GreedyBaseline's
	}
	s.seed(p.withoutRedundant(seed))
	s.dfs()
	if s.ctxErr != nil {
		return nil, fmt.Errorf("recommend: %w", s.ctxErr)
	}
	res := &Result{Objective: p.obj, ProvenOptimal: !s.aborted, NodesExplored: s.nodes}
	for _, sol := range s.best {
		// An alternative must cover as much as the best plan: one that leaves more gaps open
		// is not another way to the same goal.
		b := s.best[0].key
		if cmpFloat(sol.key.missW, b.missW) != 0 || sol.key.missN != b.missN || cmpFloat(sol.key.short, b.short) != 0 {
			continue
		}
		res.Pathways = append(res.Pathways, p.pathway(sol.set))
	}
	if len(s.best) > 0 {
		best := s.best[0]
		res.LowerBound = best.key.value
		if s.aborted {
			res.LowerBound = math.Min(s.openLB, best.key.value)
			if cmpFloat(s.rootLB.missW, best.key.missW) == 0 && s.rootLB.missN == best.key.missN &&
				cmpFloat(s.rootLB.short, best.key.short) == 0 {
				res.LowerBound = math.Max(res.LowerBound, math.Min(s.rootLB.value, best.key.value))
			}
		}
		switch {
		case cmpFloat(res.LowerBound, best.key.value) == 0:
			res.Gap = 0
		case res.LowerBound > 0:
			res.Gap = best.key.value/res.LowerBound - 1
		default:
			res.Gap = -1
		}
		res.UncoveredGaps = p.uncoveredBy(best.set, best.key.short > eps)
	} else {
		res.UncoveredGaps = p.uncoveredBy(nil, false)
	}
	if len(res.Pathways) == 0 && s.aborted && p.obj != ObjectiveHours {
		// With many free credentials the cost bound cannot prune, and the search may run out
		// of time before its first complete plan. The plan of fewest hours, searched under
		// the same constraints, is then the best plan known: worth giving, not proven.
		hours := opts
		hours.Objective, hours.K = ObjectiveHours, 1
		if alt, err := Recommend(ctx, pc, hours); err == nil && len(alt.Pathways) > 0 {
			pw := alt.Pathways[0]
			switch p.obj {
			case ObjectiveCost:
				pw.ObjectiveValue = pw.TotalCost
			case ObjectiveCount:
				pw.ObjectiveValue = float64(pw.CredentialCount)
			case ObjectiveCalendar:
				pw.ObjectiveValue = pw.CalendarWeeks
			}
			res.Pathways, res.UncoveredGaps, res.Gap = []Pathway{pw}, alt.UncoveredGaps, -1
		}
	}
	if len(res.Pathways) == 0 && s.aborted && opts.Deadline == nil {
		// Still nothing within the time: the greedy cover, when it keeps to the budget and
		// the hours and its steps can be ordered, is a plan worth giving (never proven,
		// never better than a search's).
		if g, ordered, err := greedyPlan(pc, opts); err == nil && ordered && len(g.Steps) > 0 &&
			(opts.MaxBudget == nil || g.TotalCost <= *opts.MaxBudget+eps) &&
			(opts.MaxTotalHours == nil || g.TotalHours <= *opts.MaxTotalHours+eps) {
			res.Pathways, res.Gap = []Pathway{*g}, -1
			res.UncoveredGaps = p.uncoveredGreedy(g)
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// uncoveredBy lists the gaps a plan leaves open for a reason: those no usable credential
// covers, the essential ones the plan gives up, and the optional ones when the optional
// coverage asked is not reached.
func (p *problem) uncoveredBy(set []int, short bool) []UncoveredGap {
	out := append([]UncoveredGap(nil), p.uncovered...)
	level := append([]int(nil), p.base...)
	for _, c := range set {
		for _, ct := range p.cands[c].certs {
			level[ct.comp] = max(level[ct.comp], ct.level)
		}
	}
	for _, t := range p.targets {
		if level[t.comp] >= t.req.level || (!t.req.essential && !short) {
			continue
		}
		out = append(out, p.uncoveredGap(t.req, ReasonConstraints))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Essential != out[j].Essential {
			return out[i].Essential
		}
		return out[i].CompetencyID < out[j].CompetencyID
	})
	return out
}

// sched is a plan put in phases.
type sched struct {
	order      []int // candidate indices by phase, then id
	phase      []int // parallel to order, from 1
	phaseHours []float64
	weeks      float64
}

// schedule puts a set of candidates in phases, each as early as its prerequisites and
// required competencies allow. When some cannot be ordered it returns the phases found so
// far and the required competencies the others still lack (non-nil, maybe empty).
func (p *problem) schedule(set []int) (*sched, []lvl) {
	level := append([]int(nil), p.base...)
	done := make(map[int]bool, len(set))
	remaining := append([]int(nil), set...)
	sort.Ints(remaining)
	sc := &sched{}
	for ph := 1; len(remaining) > 0; ph++ {
		var ready, rest []int
		for _, c := range remaining {
			ok := true
			for _, q := range p.cands[c].prereqs {
				ok = ok && done[q]
			}
			for _, n := range p.cands[c].needs {
				ok = ok && level[n.comp] >= n.level
			}
			if ok {
				ready = append(ready, c)
			} else {
				rest = append(rest, c)
			}
		}
		if len(ready) == 0 {
			var lack []lvl
			for _, c := range remaining {
				for _, n := range p.cands[c].needs {
					if level[n.comp] < n.level {
						lack = append(lack, n)
					}
				}
			}
			if lack == nil {
				lack = []lvl{} // stuck on prerequisites alone: nothing can repair it
			}
			return sc, lack
		}
		var hours float64
		for _, c := range ready {
			done[c] = true
			sc.order = append(sc.order, c)
			sc.phase = append(sc.phase, ph)
			hours += p.cands[c].hours
			for _, ct := range p.cands[c].certs {
				level[ct.comp] = max(level[ct.comp], ct.level)
			}
		}
		sc.phaseHours = append(sc.phaseHours, hours)
		sc.weeks += calendarWeeks(hours, p.perWeek)
		remaining = rest
	}
	return sc, nil
}

// pathway turns a scheduled set into an explained Pathway.
func (p *problem) pathway(set []int) Pathway {
	var pw Pathway
	sc, lack := p.schedule(set)
	if lack != nil {
		// Only the baselines can get here: what cannot be ordered goes in one last phase.
		placed := map[int]bool{}
		for _, c := range sc.order {
			placed[c] = true
		}
		var hours float64
		ph := len(sc.phaseHours) + 1
		for _, c := range set {
			if !placed[c] {
				sc.order = append(sc.order, c)
				sc.phase = append(sc.phase, ph)
				hours += p.cands[c].hours
			}
		}
		sc.phaseHours = append(sc.phaseHours, hours)
		sc.weeks += calendarWeeks(hours, p.perWeek)
	}
	for _, id := range p.inProgress {
		c := p.pc.Credential(id)
		pw.Steps = append(pw.Steps, Step{CredentialID: id, InProgress: true, Hours: c.Hours, Price: c.Price, ECTS: c.ECTS})
	}
	start := 0.0
	for i, c := range sc.order {
		ph := sc.phase[i]
		if i > 0 && sc.phase[i-1] != ph {
			start += calendarWeeks(sc.phaseHours[sc.phase[i-1]-1], p.perWeek)
		}
		cd := p.cands[c]
		pw.Steps = append(pw.Steps, Step{CredentialID: cd.id, Phase: ph, Hours: cd.hours, Price: cd.price,
			ECTS: cd.cred.ECTS, StartWeek: start, EndWeek: start + sc.phaseHours[ph-1]/p.perWeek})
		pw.TotalHours += cd.hours
		pw.TotalCost += cd.price
		pw.TotalECTS += cd.cred.ECTS
		pw.CredentialCount++
	}
	pw.CalendarWeeks = sc.weeks
	switch p.obj {
	case ObjectiveCost:
		pw.ObjectiveValue = pw.TotalCost
	case ObjectiveCount:
		pw.ObjectiveValue = float64(pw.CredentialCount)
	case ObjectiveCalendar:
		pw.ObjectiveValue = pw.CalendarWeeks
	default:
		pw.ObjectiveValue = pw.TotalHours
	}
	p.explain(&pw)
	level := append([]int(nil), p.base...)
	for _, c := range set {
		for _, ct := range p.cands[c].certs {
			level[ct.comp] = max(level[ct.comp], ct.level)
		}
	}
	for _, t := range p.targets {
		if t.req.essential && level[t.comp] < t.req.level {
			pw.UncoveredEssentialWeight += t.req.weight
		}
	}
	return pw
}

// explain fills each step's coverage, unlocks, blocks and sentence, walking the steps in
// order from what the learner holds.
func (p *problem) explain(pw *Pathway) {
	level := map[string]int{}
	for k, v := range p.held.Levels {
		level[k] = v
	}
	pos := map[string]int{}
	for i, st := range pw.Steps {
		pos[st.CredentialID] = i
	}
	unlocks := make([][]int, len(pw.Steps))
	enables := make([][]int, len(pw.Steps))
	// Each step's prerequisites and required competencies, read from the index (the highest
	// level of each), not from every edge of the context.
	for j, st := range pw.Steps {
		x, ok := p.ix.find(st.CredentialID)
		if !ok {
			continue
		}
		for _, pre := range p.ix.prereqs.at(x) {
			if i, ok := pos[p.ix.ids[pre]]; ok && i < j {
				unlocks[i] = append(unlocks[i], j)
			}
		}
		for _, need := range p.ix.needEdges.at(x) {
			comp := p.ix.comps[need.comp]
			if p.held.Levels[comp] >= need.level {
				continue
			}
			// The first earlier step certifying it is the one that enables j.
			for i := 0; i < j; i++ {
				if p.certLevel(pw.Steps[i].CredentialID, comp) >= need.level {
					enables[i] = append(enables[i], j)
					break
				}
			}
		}
	}
	st := p.blocks.stateFrom(p.held)
	before := p.blocks.eval(st, nil)
	for i := range pw.Steps {
		step := &pw.Steps[i]
		for _, r := range p.reqs {
			if level[r.comp] < r.level && p.certLevel(step.CredentialID, r.comp) >= r.level {
				step.Covers = append(step.Covers, Coverage{CompetencyID: r.comp, Level: r.level, Essential: r.essential, Weight: r.weight})
			}
		}
		if i, ok := p.ix.find(step.CredentialID); ok {
			for _, ct := range p.ix.certs.at(i) {
				id := p.ix.comps[ct.comp]
				level[id] = max(level[id], ct.level)
			}
		}
		for _, j := range uniqInts(unlocks[i]) {
			step.Unlocks = append(step.Unlocks, pw.Steps[j].CredentialID)
		}
		for _, j := range uniqInts(enables[i]) {
			step.Enables = append(step.Enables, pw.Steps[j].CredentialID)
		}
		if j, ok := p.blocks.namedCred(step.CredentialID); ok {
			st.done[j] = true
			after := p.blocks.eval(st, nil)
			for b := range after {
				if after[b] && !before[b] {
					step.CompletesBlocks = append(step.CompletesBlocks, p.blocks.ids[b])
				}
			}
			sort.Strings(step.CompletesBlocks)
			pw.CompletesBlocks = append(pw.CompletesBlocks, step.CompletesBlocks...)
			before = after
		}
		step.Message = p.stepMessage(step)
		step.Explanation = step.Message.Text(i18n.English)
	}
	sort.Strings(pw.CompletesBlocks)
}

func (p *problem) certLevel(cred, comp string) int {
	i, ok := p.ix.find(cred)
	k, okComp := p.ix.compNum(comp)
	if !ok || !okComp {
		return 0
	}
	return p.ix.certLevel(i, k)
}

func (p *problem) credTitle(id string) string {
	if c := p.pc.Credential(id); c != nil && c.Title != "" {
		return c.Title
	}
	return id
}

func uniqInts(list []int) []int {
	sort.Ints(list)
	n := 0
	for i, v := range list {
		if i == 0 || v != list[n-1] {
			list[n] = v
			n++
		}
	}
	return list[:n]
}

// uncoveredGreedy lists the gaps a plan found outside the search leaves open.
func (p *problem) uncoveredGreedy(pw *Pathway) []UncoveredGap {
	var set []int
	for _, st := range pw.Steps {
		if i, ok := p.ix.find(st.CredentialID); ok && p.candOf[i] >= 0 {
			set = append(set, p.candOf[i])
		}
	}
	return p.uncoveredBy(set, false)
}
