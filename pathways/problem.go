package pathways

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// Reason says why a gap is left uncovered (UncoveredGap.Code): a closed set, an enum in the API.
type Reason string

// Reasons a gap is left uncovered.
const (
	ReasonNoCredential  Reason = "NO_CREDENTIAL" // no credential certifies it at the level
	ReasonNotAllowed    Reason = "NOT_ALLOWED"   // its credentials are excluded, or of another modality or language
	ReasonPrerequisites Reason = "PREREQUISITES" // its credentials have prerequisites that cannot be met
	ReasonConstraints   Reason = "CONSTRAINTS"   // covering it would break the budget, hours or deadline
)

// UncoveredGap is a requirement a pathway leaves unmet, and why.
type UncoveredGap struct {
	CompetencyID string
	Level        int
	Essential    bool
	Weight       float64
	Code         Reason
	Message      Message
	Reason       string // the message in English
}

// lvl is a competency (by index) at a level.
type lvl struct{ comp, level int }

// cand is a credential the search may add.
type cand struct {
	id      string
	at      int // ctxIndex credential
	cred    *graph.Credential
	hours   float64
	price   float64
	w       float64 // cost under the objective (hours for CALENDAR)
	certs   []lvl   // relevant competencies it certifies, by competency index
	prereqs []int   // direct prerequisites among the candidates
	closure []int   // itself and every prerequisite among the candidates, transitively
	needs   []lvl   // competencies it requires above the learner's level
	closeW  float64 // cost of the closure
}

// target is a gap some candidate covers.
type target struct {
	req      requirement
	comp     int
	coverers []int // candidate indices, cheapest closure first
	all      []int // coverers before dominance filters them, in some order
}

// problem is a PathwayContext and Options turned into the search's terms.
type problem struct {
	pc       *graph.PathwayContext
	opts     Options
	obj      Objective
	perWeek  float64
	weeks    float64 // until the deadline; +Inf without one
	budget   float64 // +Inf without one
	maxHours float64 // +Inf without one

	held       Holdings
	inProgress []string // sorted

	ix     *ctxIndex
	comps  []string // tracked competencies (gaps and required competencies), by id
	track  []int    // ctxIndex competency -> tracked index, -1 when untracked
	base   []int    // level per tracked competency, from holdings and in-progress credentials
	cands  []cand
	candOf []int // ctxIndex credential -> candidate index, -1 when not a candidate
	// unit: every candidate's cost is a whole multiple of it, and so is every plan's, so a
	// bound rounds up to the next multiple (0: no such unit).
	unit float64

	reqs      []requirement // every requirement of the role
	targets   []target
	threshold float64 // optional weight among the targets the plan must cover
	uncovered []UncoveredGap
	providers map[lvl][]int // candidates certifying a competency at a level or above

	// greedy is the greedy set cover of every relevant candidate, dominated ones included,
	// taken before dominance filters the lists: the search starts from it (nil without
	// dominance, where Recommend runs it on the same lists).
	greedy []int

	sc *scratch // lends the problem's arrays until release

	blocks   *blockIndex
	blkPos   []int // candidate index -> blockIndex credential index, -1 when in no block
	blkCands []int // the candidates in some block, ascending
	baseSt   blockState
	baseCnt  int // blocks complete before the plan
}

// newProblem preprocesses a context. dominance enables the removal of dominated candidates,
// which keeps the optimum but not every alternative. Its arrays are lent from a pooled
// scratch: release gives them back once nothing reads the problem any more (what it
// returns, pathways and gaps, holds none of them).
func newProblem(pc *graph.PathwayContext, opts Options, dominance bool) (*problem, error) {
	if pc == nil {
		return nil, graph.Invalid("context", "no pathway context")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	p := &problem{pc: pc, opts: opts, obj: opts.objective(),
		perWeek: opts.hoursPerWeek(), weeks: opts.weeksAvailable(opts.now()),
		budget: math.Inf(1), maxHours: math.Inf(1), providers: map[lvl][]int{}, sc: getScratch()}
	sc := p.sc
	if opts.MaxBudget != nil {
		p.budget = *opts.MaxBudget
	}
	if opts.MaxTotalHours != nil {
		p.maxHours = *opts.MaxTotalHours
	}
	ix := newCtxIndex(pc, sc)
	p.ix = ix
	n := len(ix.ids)
	p.held = HoldingsFrom(pc)
	done := sc.bools.take(n)
	for id := range p.held.Credentials {
		if i, ok := ix.find(id); ok {
			done[i] = true
		}
	}
	for _, id := range opts.InProgress {
		if i, ok := ix.find(id); ok && ix.creds[i] != nil && !p.held.Credentials[id] && !done[i] {
			p.inProgress = append(p.inProgress, id)
			done[i] = true
		}
	}
	sort.Strings(p.inProgress)

	// Levels before the plan, by competency: holdings and credentials in progress.
	levels := make([]int, len(ix.comps))
	for k, id := range ix.comps {
		levels[k] = p.held.Levels[id]
	}
	for _, id := range p.inProgress {
		i, _ := ix.find(id)
		for _, ct := range ix.certs.at(i) {
			levels[ct.comp] = max(levels[ct.comp], ct.level)
		}
	}
	// A credential's needs are its required competencies above those levels.
	needs := func(i int) []lvl {
		list := ix.needEdges.at(i)
		for _, x := range list {
			if x.level <= levels[x.comp] {
				out := make([]lvl, 0, len(list))
				for _, y := range list {
					if y.level > levels[y.comp] {
						out = append(out, y)
					}
				}
				return out
			}
		}
		return list
	}

	// Allowed: not already done, not excluded, of an accepted modality and language.
	excluded := sc.bools.take(n)
	for _, id := range opts.Exclude {
		if i, ok := ix.find(id); ok {
			excluded[i] = true
		}
	}
	allowed := sc.bools.take(n)
	accepts := acceptor(opts)
	for i, c := range ix.creds {
		allowed[i] = c != nil && !done[i] && !excluded[i] && accepts(c, ix.figures(i))
	}
	// Reachable: among the credentials ok allows, those covering a gap, their prerequisites,
	// and providers of the competencies those require, to a fixpoint.
	p.reqs = requirementsOf(pc.Requirements)
	reqComp := make([]int, len(p.reqs))
	for i, r := range p.reqs {
		reqComp[i] = ix.compPos[r.comp]
	}
	expandedAt := make([]int, len(ix.comps))
	reach := func(ok []bool) []bool {
		out := sc.bools.take(n)
		work := sc.ints.room(n) // each credential enters once
		add := func(i int) {
			if ok[i] && !out[i] {
				out[i] = true
				work = append(work, i)
			}
		}
		for i, r := range p.reqs {
			if levels[reqComp[i]] >= r.level {
				continue
			}
			for _, c := range ix.certifiers.at(reqComp[i]) {
				if c.level >= r.level {
					add(c.cred)
				}
			}
		}
		// A need is expanded once: after that every provider of it is in (the first
		// credential expanding it is in already), so later credentials with the same need
		// would only rescan its providers, thousands on a large catalogue. Nor is one at a
		// level above one expanded: its providers are among those. expandedAt is the lowest
		// level expanded per competency, 0 for none.
		clear(expandedAt)
		for len(work) > 0 {
			i := work[len(work)-1]
			work = work[:len(work)-1]
			for _, pre := range ix.prereqs.at(i) {
				add(pre)
			}
			for _, need := range needs(i) {
				if at := expandedAt[need.comp]; at != 0 && need.level >= at {
					continue
				}
				expandedAt[need.comp] = need.level
				for _, prov := range ix.certifiers.at(need.comp) {
					if prov.cred != i && prov.level >= need.level {
						add(prov.cred)
					}
				}
			}
		}
		return out
	}

	// Usable: allowed, within the budget and hours alone and with its closure, and with
	// every prerequisite and required competency obtainable. The greatest fixpoint, taken
	// over the allowed credentials a gap can reach only: whether one is usable depends on
	// its prerequisites and providers alone, which are reachable too, and on a large
	// catalogue most of the context (block components, say) is out of reach.
	reachable := reach(allowed)
	usable := sc.bools.take(n)
	overLimits := sc.bools.take(n)
	for i := range ix.creds {
		if !reachable[i] {
			continue
		}
		if f := ix.figures(i); f.Price > p.budget+eps || f.Hours > p.maxHours+eps {
			overLimits[i] = true
			continue
		}
		usable[i] = true
	}
	closures := &closureWalker{ix: ix, done: done, state: sc.int32s.take(len(ix.ids))}
	// A closure's totals do not change between rounds: one that passed once passes again.
	withinLimits := sc.bools.take(n)
	for changed := true; changed; {
		changed = false
		for i := range usable {
			if !usable[i] {
				continue
			}
			ok := true
			for _, pre := range ix.prereqs.at(i) {
				if !done[pre] && !usable[pre] {
					ok = false
				}
			}
			for _, need := range needs(i) {
				found := false
				for _, prov := range ix.certifiers.at(need.comp) {
					if prov.cred != i && usable[prov.cred] && prov.level >= need.level {
						found = true
						break
					}
				}
				ok = ok && found
			}
			if ok && !withinLimits[i] {
				price, hours, acyclic := closures.totals(i)
				ok = acyclic && price <= p.budget+eps && hours <= p.maxHours+eps
				if !ok && acyclic {
					overLimits[i] = true
				}
				withinLimits[i] = ok
			}
			if !ok {
				usable[i] = false
				changed = true
			}
		}
	}
	obtainable(ix, sc, usable, done, levels, needs)
	relevant := reach(usable)

	// Competencies the search tracks (gaps and required competencies), by id.
	tracked := make([]bool, len(ix.comps))
	for i, r := range p.reqs {
		if levels[reqComp[i]] < r.level {
			tracked[reqComp[i]] = true
		}
	}
	ids := sc.ints.room(n) // relevant credentials, ascending
	for i, rel := range relevant {
		if rel {
			ids = append(ids, i)
			for _, need := range needs(i) {
				tracked[need.comp] = true
			}
		}
	}
	var trackedIDs []int
	for k, t := range tracked {
		if t {
			trackedIDs = append(trackedIDs, k)
		}
	}
	sort.Slice(trackedIDs, func(a, b int) bool { return ix.comps[trackedIDs[a]] < ix.comps[trackedIDs[b]] })
	p.track = make([]int, len(ix.comps))
	for k := range p.track {
		p.track[k] = -1
	}
	p.comps = make([]string, len(trackedIDs))
	p.base = make([]int, len(trackedIDs))
	for t, k := range trackedIDs {
		p.track[k] = t
		p.comps[t] = ix.comps[k]
		p.base[t] = levels[k]
	}

	p.candOf = sc.ints.take(n)
	for i := range p.candOf {
		p.candOf[i] = -1
	}
	for j, i := range ids {
		p.candOf[i] = j
	}
	p.cands = sc.cands.take(len(ids))
	var nCerts, nNeeds, nPrereqs int
	for _, i := range ids {
		nCerts += len(ix.certs.at(i))
		nNeeds += len(ix.needEdges.at(i))
		nPrereqs += len(ix.prereqs.at(i))
	}
	// Backing arrays shared by the candidates, sized once (at most these lengths).
	certs, needList, prereqs := sc.lvls.room(nCerts), sc.lvls.room(nNeeds), sc.ints.room(nPrereqs)
	for j, i := range ids {
		f := ix.figures(i)
		cd := cand{id: ix.ids[i], at: i, cred: ix.creds[i], hours: f.Hours, price: f.Price}
		cd.w = p.weight(f)
		from := len(certs)
		for _, ct := range ix.certs.at(i) {
			if t := p.track[ct.comp]; t >= 0 {
				certs = append(certs, lvl{t, ct.level})
			}
		}
		cd.certs = certs[from:len(certs):len(certs)]
		sortByComp(cd.certs) // tracked indices follow competency ids, not first appearance
		from = len(prereqs)
		for _, pre := range ix.prereqs.at(i) {
			if q := p.candOf[pre]; q >= 0 {
				prereqs = append(prereqs, q)
			}
		}
		cd.prereqs = prereqs[from:len(prereqs):len(prereqs)]
		from = len(needList)
		for _, need := range needs(i) {
			needList = append(needList, lvl{p.track[need.comp], need.level})
		}
		cd.needs = needList[from:len(needList):len(needList)]
		sortByComp(cd.needs)
		p.cands[j] = cd
	}
	p.closeCands()
	p.unit = costUnit(p.cands)
	// Candidates certifying each competency, cheapest closure first (ties by candidate):
	// providers and coverers are found among them, not among every candidate, and come out
	// in that order, which the search tries them in, without a sort per list.
	byCost := candidatesBy(sc, p.cands, func(c *cand) float64 { return c.closeW })
	// Each entry holds the level it certifies at, so lists are filtered without a look at
	// the candidates.
	owners, byComp := sc.int32s.room(len(certs)), sc.certBys.room(len(certs))
	for _, j := range byCost {
		for _, ct := range p.cands[j].certs {
			owners = append(owners, int32(ct.comp))
			byComp = append(byComp, certBy{j, ct.level})
		}
	}
	certifying := flatOf(&sc.int32s, &sc.certBys, len(p.comps), owners, byComp)
	atLevel := func(all []certBy, level int) []int {
		count := 0
		for _, c := range all {
			if c.level >= level {
				count++
			}
		}
		if count == 0 {
			return nil
		}
		list := sc.ints.room(count)
		for _, c := range all {
			if c.level >= level {
				list = append(list, c.cred)
			}
		}
		return list
	}
	for i := range p.cands {
		for _, need := range p.cands[i].needs {
			if _, ok := p.providers[need]; !ok {
				p.providers[need] = atLevel(certifying.at(need.comp), need.level)
			}
		}
	}

	// Targets, and the gaps no candidate covers.
	var totalOpt, metOpt, coverableOpt float64
	for ri, r := range p.reqs {
		if !r.essential {
			totalOpt += r.weight
		}
		if levels[reqComp[ri]] >= r.level {
			if !r.essential {
				metOpt += r.weight
			}
			continue
		}
		k := p.track[reqComp[ri]]
		list := atLevel(certifying.at(k), r.level)
		if len(list) == 0 {
			code := ReasonNoCredential
			for _, c := range ix.certifiers.at(reqComp[ri]) {
				if c.level < r.level {
					continue
				}
				i := c.cred
				switch {
				case allowed[i] && overLimits[i]:
					code = ReasonConstraints
				case allowed[i] && code != ReasonConstraints:
					code = ReasonPrerequisites
				case code == ReasonNoCredential:
					code = ReasonNotAllowed
				}
			}
			p.uncovered = append(p.uncovered, p.uncoveredGap(r, code))
			continue
		}
		p.targets = append(p.targets, target{req: r, comp: k, coverers: list, all: list})
		if !r.essential {
			coverableOpt += r.weight
		}
	}
	need := opts.OptionalCoverage*totalOpt - metOpt
	p.threshold = math.Max(0, math.Min(need, coverableOpt))

	p.blocks = p.problemBlocks()
	p.baseSt = p.blocks.stateFrom(p.held, p.inProgress)
	for _, c := range p.blocks.eval(p.baseSt, nil) {
		if c {
			p.baseCnt++
		}
	}
	p.blkPos = sc.ints.take(len(p.cands))
	p.blkCands = sc.ints.room(len(p.cands))
	for i, c := range p.cands {
		p.blkPos[i] = -1
		if p.blocks.named[c.at] { // numbered as the problem numbers them
			p.blkPos[i] = c.at
			p.blkCands = append(p.blkCands, i)
		}
	}
	if dominance {
		p.greedy = p.greedyCover()
		p.filterDominated(p.dominated(done))
	}
	return p, nil
}

// release gives the problem's arrays back to the pool: nothing may read the problem after.
func (p *problem) release() {
	p.sc.release()
	p.sc = nil
}

// obtainable keeps among the usable credentials those that some order of study reaches from
// what the learner holds: each after its prerequisites (done or reached before it) and once
// the credentials reached before it, or the learner, meet its required competencies. The
// usability fixpoint accepts support in a circle (a credential requiring a competency whose
// only provider has that credential as a prerequisite), which no plan can order: a plan's
// steps in their order are reached one by one, so nothing dropped here is in any plan.
// A pass over the credentials as they are reached, linear in their edges.
func obtainable(ix *ctxIndex, sc *scratch, usable, done []bool, levels []int, needs func(int) []lvl) {
	n := len(usable)
	level := slices.Clone(levels)
	pending := sc.ints.take(n)
	// At most every prerequisite and need of the context.
	depOwners, deps := sc.int32s.room(len(ix.prereqs.items)), sc.ints.room(len(ix.prereqs.items))
	// By competency: the credential (in comp) and the level it needs.
	waitOwners, waits := sc.int32s.room(len(ix.needEdges.items)), sc.lvls.room(len(ix.needEdges.items))
	for i := range usable {
		if !usable[i] {
			continue
		}
		for _, pre := range ix.prereqs.at(i) {
			if !done[pre] {
				pending[i]++
				depOwners = append(depOwners, int32(pre))
				deps = append(deps, i)
			}
		}
		for _, need := range needs(i) {
			pending[i]++
			waitOwners = append(waitOwners, int32(need.comp))
			waits = append(waits, lvl{comp: i, level: need.level})
		}
	}
	dependents := flatOf(&sc.int32s, &sc.ints, n, depOwners, deps)
	waiting := flatOf(&sc.int32s, &sc.lvls, len(level), waitOwners, waits)
	next := make([]int32, len(level)) // per competency: its waiting entries before next are met
	for k := range level {
		list := waiting.at(k)
		slices.SortFunc(list, func(a, b lvl) int { return a.level - b.level })
	}
	reached := sc.bools.take(n)
	queue := sc.ints.room(n) // each credential enters once
	for i := range usable {
		if usable[i] && pending[i] == 0 {
			queue = append(queue, i)
		}
	}
	release := func(j int) {
		if pending[j]--; pending[j] == 0 {
			queue = append(queue, j)
		}
	}
	for len(queue) > 0 {
		i := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		reached[i] = true
		for _, j := range dependents.at(i) {
			release(j)
		}
		for _, ct := range ix.certs.at(i) {
			if ct.level <= level[ct.comp] {
				continue
			}
			level[ct.comp] = ct.level
			list := waiting.at(ct.comp)
			for int(next[ct.comp]) < len(list) && list[next[ct.comp]].level <= ct.level {
				release(list[next[ct.comp]].comp)
				next[ct.comp]++
			}
		}
	}
	for i := range usable {
		usable[i] = usable[i] && reached[i]
	}
}

// problemBlocks indexes only the blocks a plan can change: those holding, directly or
// through nested blocks, a candidate or a credential in progress, and the blocks nested in
// them (their evaluation needs them). On a large catalogue the context holds thousands of
// blocks, nearly all out of the plan's reach, and the search evaluates its blocks at every
// plan it meets; the others complete or not whatever the plan. Credentials are numbered as
// the problem numbers them (a component it does not number comes after, in the order the
// kept blocks name them), and the blocks are walked by number: this runs for every
// recommendation, over tens of thousands of components. A numbered context's blocks are
// kept by number before any is resolved.
func (p *problem) problemBlocks() *blockIndex {
	ix := &blockIndex{}
	n := len(p.ix.ids)
	wanted := p.sc.bools.take(n)
	for j, c := range p.candOf {
		wanted[j] = c >= 0
	}
	for _, id := range p.inProgress {
		i, _ := p.ix.find(id)
		wanted[i] = true
	}
	var ids []string
	var blocks []*graph.Block
	var comps [][]component // a credential the problem does not number has idx -1
	if p.pc.Numbered != nil {
		ids, blocks, comps = p.ix.blocksByNumber(wanted, p.sc)
	} else {
		ids, blocks, comps = keptByID(p.sc, p.pc.Blocks, wanted, func(c string) int {
			if j, ok := p.ix.find(c); ok {
				return j
			}
			return -1
		})
	}

	// Components the problem does not number, after its credentials.
	var extras []string
	for _, list := range comps {
		for k, c := range list {
			if c.block || c.idx >= 0 {
				continue
			}
			j, ok := ix.extraPos[c.id]
			if !ok {
				if ix.extraPos == nil {
					ix.extraPos = map[string]int{}
				}
				j = n + len(extras)
				ix.extraPos[c.id] = j
				extras = append(extras, c.id)
			}
			list[k].idx = j
		}
	}
	total := n + len(extras)
	ix.named = p.sc.bools.take(total)
	for _, list := range comps {
		for _, c := range list {
			if !c.block {
				ix.named[c.idx] = true
			}
		}
	}
	ix.creds, ix.credPos = p.ix.ids, p.ix.find
	if len(extras) > 0 {
		ix.creds = append(slices.Clip(p.ix.ids), extras...)
	}
	ix.credECTS, ix.credHrs, ix.partOK = p.sc.floats.take(total), p.sc.floats.take(total), p.sc.bools.take(total)
	for i := range p.ix.creds {
		if ix.named[i] { // the others are never read
			f := p.ix.figures(i)
			ix.credECTS[i], ix.credHrs[i], ix.partOK[i] = f.ECTS, f.Hours, f.PartialValidation
		}
	}
	ix.compile(ids, blocks, comps, p.sc)
	return ix
}

// keptBlocks marks which of nb blocks a plan can change: those holding a wanted credential
// (holds), the blocks holding a kept one, and the blocks nested in a kept one. nested calls
// visit with each block nested in block i.
func keptBlocks(sc *scratch, nb int, holds func(i int) bool, nested func(i int, visit func(j int))) []bool {
	keep := sc.bools.take(nb)
	var work []int
	var upOwners []int32
	var ups []int
	// The visits are made once, not per block: a closure per call was an allocation each.
	cur := 0
	up := func(j int) {
		upOwners = append(upOwners, int32(j))
		ups = append(ups, cur)
	}
	down := func(j int) {
		if !keep[j] {
			keep[j] = true
			work = append(work, j)
		}
	}
	for i := range nb {
		cur = i
		nested(i, up)
		if holds(i) {
			keep[i] = true
			work = append(work, i)
		}
	}
	parents := flatOf(&sc.int32s, &sc.ints, nb, upOwners, ups)
	for len(work) > 0 { // up: the blocks holding a kept one
		i := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range parents.at(i) {
			if !keep[p] {
				keep[p] = true
				work = append(work, p)
			}
		}
	}
	for i, k := range keep {
		if k {
			work = append(work, i)
		}
	}
	for len(work) > 0 { // down: the blocks nested in a kept one
		i := work[len(work)-1]
		work = work[:len(work)-1]
		nested(i, down)
	}
	return keep
}

// keptByID resolves the blocks of m as blocksByID, with cred numbering credentials (-1 for
// none), and keeps those keptBlocks keeps, in id order, their nested blocks renumbered
// among them.
func keptByID(sc *scratch, m map[string]*graph.Block, wanted []bool, cred func(id string) int) ([]string, []*graph.Block, [][]component) {
	ids, blocks, comps := blocksByID(m, cred)
	keep := keptBlocks(sc, len(ids), func(i int) bool {
		for _, c := range comps[i] {
			if !c.block && c.idx >= 0 && wanted[c.idx] {
				return true
			}
		}
		return false
	}, func(i int, visit func(j int)) {
		for _, c := range comps[i] {
			if c.block {
				visit(c.idx)
			}
		}
	})
	renum := make([]int, len(ids))
	var keptIDs []string
	var keptBlocks []*graph.Block
	for i, id := range ids {
		renum[i] = -1
		if keep[i] {
			renum[i] = len(keptIDs)
			keptIDs = append(keptIDs, id)
			keptBlocks = append(keptBlocks, blocks[i])
		}
	}
	keptComps := make([][]component, 0, len(keptIDs))
	for i := range ids {
		if !keep[i] {
			continue
		}
		for k, c := range comps[i] {
			if c.block {
				comps[i][k].idx = renum[c.idx] // kept: nested in a kept block
			}
		}
		keptComps = append(keptComps, comps[i])
	}
	return keptIDs, keptBlocks, keptComps
}

func sortByComp(list []lvl) {
	slices.SortFunc(list, func(a, b lvl) int { return a.comp - b.comp })
}

// closeCands fills each candidate's closure (itself and its prerequisites among the
// candidates, transitively, ascending) and its cost.
func (p *problem) closeCands() {
	seen := p.sc.ints.take(len(p.cands)) // stamp: candidate i+1 walked it
	// Closures are mostly a credential alone: twice the candidates is room for most, and
	// beyond it the list is copied to the heap, where the closures before stay valid.
	stack, closure := p.sc.ints.room(len(p.cands)), p.sc.ints.room(2*len(p.cands))
	for i := range p.cands {
		stack = append(stack[:0], i)
		seen[i] = i + 1
		from := len(closure)
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			closure = append(closure, j)
			for _, q := range p.cands[j].prereqs {
				if seen[q] != i+1 {
					seen[q] = i + 1
					stack = append(stack, q)
				}
			}
		}
		cl := closure[from:len(closure):len(closure)]
		slices.Sort(cl)
		p.cands[i].closure = cl
		for _, j := range cl {
			p.cands[i].closeW += p.cands[j].w
		}
	}
}

// closureWalker sums the price and hours of a credential and its prerequisites not yet done,
// and tells whether those prerequisites are free of cycles.
type closureWalker struct {
	ix    *ctxIndex
	done  []bool
	state []int32 // per credential: stamp*2 while open, stamp*2+1 once closed
	stamp int32
}

func (w *closureWalker) totals(id int) (price, hours float64, acyclic bool) {
	w.stamp++
	open, closed := w.stamp*2, w.stamp*2+1
	acyclic = true
	var walk func(x int)
	walk = func(x int) {
		switch w.state[x] {
		case open:
			acyclic = false
			return
		case closed:
			return
		}
		w.state[x] = open
		f := w.ix.figures(x) // zero outside the context
		price += f.Price
		hours += f.Hours
		for _, pre := range w.ix.prereqs.at(x) {
			if !w.done[pre] {
				walk(pre)
			}
		}
		w.state[x] = closed
	}
	walk(id)
	return price, hours, acyclic
}

// dominated marks the candidates another candidate beats on every count: it certifies at
// least as much of what matters, costs no more hours nor price, needs no more, is in no block
// and is nobody's prerequisite. Such a credential is never needed by an optimal plan.
func (p *problem) dominated(done []bool) []bool {
	ix := p.ix
	isPrereq := p.sc.bools.take(len(p.cands))
	for _, c := range p.cands {
		for _, q := range c.prereqs {
			isPrereq[q] = true
		}
	}
	// A candidate some block names is in one the problem keeps (it holds a candidate): in
	// blkPos.
	inBlock := func(j int) bool { return p.blkPos[j] >= 0 }
	// A prerequisite outside the candidates (done, or out of the search) still counts.
	prereqsOf := func(j int) []int { return ix.prereqs.at(p.cands[j].at) }
	dominates := func(b, a int) bool {
		cb, ca := &p.cands[b], &p.cands[a]
		if cb.hours > ca.hours || cb.price > ca.price || cb.w > ca.w {
			return false
		}
		if !atLeast(cb.certs, ca.certs) {
			return false
		}
		pa := prereqsOf(a)
		for _, x := range prereqsOf(b) {
			if _, found := slices.BinarySearch(pa, x); !found && !done[x] {
				return false
			}
		}
		if !atLeast(ca.needs, cb.needs) {
			return false
		}
		// Equal on every count: keep the smaller id only.
		if cb.hours == ca.hours && cb.price == ca.price && len(ca.certs) == len(cb.certs) {
			return b < a
		}
		return true
	}
	// Cheapest first: a dominating credential costs no more, so a scan stops at the first
	// rival dearer than the credential it tests.
	all := candidatesBy(p.sc, p.cands, func(c *cand) float64 { return c.w })
	// A dominating credential certifies everything a does, so only the certifiers of a's
	// rarest competency need a look: this keeps the pass near linear on large catalogues.
	// Listed in the order of all, each list is cheapest first too.
	nCerts := 0
	for j := range p.cands {
		nCerts += len(p.cands[j].certs)
	}
	owners, byComp := p.sc.int32s.room(nCerts), p.sc.ints.room(nCerts)
	for _, j := range all {
		for _, ct := range p.cands[j].certs {
			owners = append(owners, int32(ct.comp))
			byComp = append(byComp, j)
		}
	}
	certifiers := flatOf(&p.sc.int32s, &p.sc.ints, len(p.comps), owners, byComp)
	out := p.sc.bools.take(len(p.cands))
	for a := range p.cands {
		if isPrereq[a] || inBlock(a) {
			continue
		}
		rivals := all
		for _, ct := range p.cands[a].certs {
			if list := certifiers.at(ct.comp); len(list) < len(rivals) {
				rivals = list
			}
		}
		for _, b := range rivals {
			if p.cands[b].w > p.cands[a].w {
				break
			}
			if b != a && !isPrereq[b] && dominates(b, a) && !dominates(a, b) {
				out[a] = true
				break
			}
		}
	}
	return out
}

// candidatesBy returns the candidates' indices ordered by key, ties by index. The keys are
// read once, as integers in the same order, and radix-sorted beside their indices: a sort
// comparing through the candidates, which are large, waited on memory on problems of tens of
// thousands, and a comparison sort of the keys still took a few milliseconds there. Keys are
// finite (costs); -0 counts as 0.
func candidatesBy(sc *scratch, cands []cand, key func(*cand) float64) []int {
	n := len(cands)
	if n == 0 {
		return nil
	}
	keys, idx := sc.uint64s.take(n), sc.int32s.take(n)
	for j := range cands {
		keys[j], idx[j] = sortableBits(key(&cands[j])+0), int32(j) // +0 turns -0 into 0
	}
	// Least significant byte first; each pass is stable, so equal keys keep index order. A
	// byte all keys share (the low bytes of whole hours, say) needs no pass.
	keys2, idx2 := sc.uint64s.take(n), sc.int32s.take(n)
	for shift := 0; shift < 64; shift += 8 {
		var count [257]int
		for _, k := range keys {
			count[(k>>shift)&0xff+1]++
		}
		if count[(keys[0]>>shift)&0xff+1] == n {
			continue
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for i, k := range keys {
			b := (k >> shift) & 0xff
			keys2[count[b]], idx2[count[b]] = k, idx[i]
			count[b]++
		}
		keys, keys2, idx, idx2 = keys2, keys, idx2, idx
	}
	out := sc.ints.take(n)
	for i, j := range idx {
		out[i] = int(j)
	}
	return out
}

// sortableBits maps a float to an integer of the same order: negatives' bits reversed, the
// sign bit set on the others.
func sortableBits(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// atLeast reports whether list a (by competency) has every competency of b at b's level or
// above.
func atLeast(a, b []lvl) bool {
	i := 0
	for _, x := range b {
		for i < len(a) && a[i].comp < x.comp {
			i++
		}
		if i == len(a) || a[i].comp != x.comp || a[i].level < x.level {
			return false
		}
	}
	return true
}

// filterDominated takes the dominated candidates out of the coverers and providers lists,
// so that the search never branches on them; they stay candidates, for the greedy cover
// only. A list they would empty is left whole (dominance is a shortcut, never a constraint).
func (p *problem) filterDominated(drop []bool) {
	filter := func(list []int) []int {
		out := p.sc.ints.room(len(list))
		for _, c := range list {
			if !drop[c] {
				out = append(out, c)
			}
		}
		if len(out) == 0 {
			return list
		}
		return out
	}
	for t := range p.targets {
		p.targets[t].coverers = filter(p.targets[t].coverers)
	}
	for n, list := range p.providers {
		p.providers[n] = filter(list)
	}
}

func (p *problem) uncoveredGap(r requirement, code Reason) UncoveredGap {
	m := gapMessage(code, r.comp, p.compName(r.comp), r.level)
	return UncoveredGap{CompetencyID: r.comp, Level: r.level, Essential: r.essential, Weight: r.weight, Code: code,
		Message: m, Reason: m.Text(i18n.English)}
}

func (p *problem) compName(id string) string {
	if c := p.pc.Competencies[id]; c != nil && c.Name != "" {
		return c.Name
	}
	return id
}

// weight is a credential's cost under the objective; CALENDAR searches on hours.
func (p *problem) weight(f graph.CredentialFigures) float64 {
	switch p.obj {
	case ObjectiveCost:
		return f.Price
	case ObjectiveCount:
		return 1
	default:
		return f.Hours
	}
}

// costUnit returns the greatest unit every candidate's cost is a whole multiple of, looked
// for in whole numbers and then in hundredths (hours and prices are given so), or 0. A
// catalogue of whole hours gives 1 or more: a bound of 380.2 hours is then 381, and nodes
// that cannot beat a plan of 381 hours by a whole hour are pruned.
func costUnit(cands []cand) float64 {
	for _, scale := range []float64{1, 100} {
		var g int64
		whole := true
		for i := range cands {
			x := cands[i].w * scale
			r := math.Round(x)
			if r < 0 || r > 1<<40 || math.Abs(x-r) > 1e-9*math.Max(1, x) {
				whole = false
				break
			}
			a, b := g, int64(r)
			for b != 0 {
				a, b = b, a%b
			}
			g = a
		}
		if whole && g > 0 {
			return float64(g) / scale
		}
	}
	return 0
}

// roundUp is the least multiple of the cost unit at or above a bound of a plan's cost. The
// tolerance keeps float noise (381.0000001 for 381) from adding a unit; it grows with the
// number of units, as the noise of a sum does (a bound of 100,000.00 in cents is 10 million
// units).
func (p *problem) roundUp(cost float64) float64 {
	if p.unit <= 0 || math.IsInf(cost, 0) {
		return cost
	}
	units := cost / p.unit
	return math.Ceil(units-1e-6-1e-9*math.Abs(units)) * p.unit
}

func (c *cand) certifies(comp, level int) bool {
	for _, x := range c.certs {
		if x.comp == comp {
			return x.level >= level
		}
	}
	return false
}

// acceptor returns whether a credential, with its figures, is of a modality and a language
// the options accept. It reads the figures' codes, side by side, and the credential only
// when they have none: a pass over tens of thousands of credentials then visits none.
func acceptor(opts Options) func(c *graph.Credential, f graph.CredentialFigures) bool {
	if len(opts.Modalities) == 0 && len(opts.Languages) == 0 {
		return func(*graph.Credential, graph.CredentialFigures) bool { return true }
	}
	var modes uint8 // bit code set: accepted
	for _, m := range opts.Modalities {
		modes |= 1 << graph.ModalityCode(m)
	}
	langs := make([][2]byte, 0, len(opts.Languages))
	byCode := true // every language asked has a code: otherwise each credential's is read
	for _, l := range opts.Languages {
		code := graph.LanguageCode(l)
		langs = append(langs, code)
		byCode = byCode && code != [2]byte{}
	}
	return func(c *graph.Credential, f graph.CredentialFigures) bool {
		if len(opts.Modalities) > 0 {
			if f.Modality == 0 {
				if !modalityOK(c, opts.Modalities) {
					return false
				}
			} else if modes&(1<<f.Modality) == 0 {
				return false
			}
		}
		if len(opts.Languages) > 0 {
			if !byCode || f.Language == [2]byte{} {
				return languageOK(c, opts.Languages)
			}
			return slices.Contains(langs, f.Language)
		}
		return true
	}
}

func modalityOK(c *graph.Credential, allowed []graph.Modality) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, m := range allowed {
		if c.Modality == m {
			return true
		}
	}
	return false
}

func languageOK(c *graph.Credential, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	for _, l := range allowed {
		if strings.EqualFold(c.Language, l) {
			return true
		}
	}
	return false
}

func uniqSorted(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	n := 0
	for i, s := range out {
		if i == 0 || s != out[n-1] {
			out[n] = s
			n++
		}
	}
	return out[:n]
}
