package pathways

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// key orders plans: fewer uncovered essential gaps (by weight, then count), then less optional
// shortfall, then a lower objective value, then more blocks completed.
type key struct {
	missW  float64
	missN  int
	short  float64
	value  float64
	blocks int
}

// cmpFloat compares with a tolerance relative to the magnitudes.
func cmpFloat(a, b float64) int {
	tol := eps * math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
	switch {
	case a < b-tol:
		return -1
	case a > b+tol:
		return 1
	}
	return 0
}

// cmpPrefix compares everything but the blocks.
func cmpPrefix(a, b key) int {
	if c := cmpFloat(a.missW, b.missW); c != 0 {
		return c
	}
	if a.missN != b.missN {
		if a.missN < b.missN {
			return -1
		}
		return 1
	}
	if c := cmpFloat(a.short, b.short); c != 0 {
		return c
	}
	return cmpFloat(a.value, b.value)
}

func cmpKey(a, b key) int {
	if c := cmpPrefix(a, b); c != 0 {
		return c
	}
	switch {
	case a.blocks > b.blocks:
		return -1
	case a.blocks < b.blocks:
		return 1
	}
	return 0
}

// solution is a plan the search found: candidate indices, ascending.
type solution struct {
	key key
	set []int
	ids string // the sorted credential ids joined, the last tie-break
}

type undoLevel struct{ comp, old int }

// searcher is the branch-and-bound state. Everything is indexed; iteration orders never
// depend on maps.
type searcher struct {
	p        *problem
	k        int
	in       []bool
	chosen   []int
	excl     []int // exclusion marks per candidate
	level    []int // competency levels from the base and the chosen candidates
	undo     []undoLevel
	hours    float64
	price    float64
	skipped  []bool // targets given up
	missW    float64
	missN    int
	best     []solution
	nodes    int
	maxNodes int
	stopAt   time.Time
	ctx      context.Context
	aborted  bool
	ctxErr   error
	openLB   float64 // the least value bound of the frames left open by an abort
	rootLB   key
	// maxBlocks: the blocks the root's plans could complete at most (every candidate the
	// root leaves available taken), an upper bound for every node; -1 before the root's.
	maxBlocks int
	dual      float64   // the last bound's dual ascent value; slack holds what it left of each coverer's cost
	lag       *lagrange // the root's Lagrangian multipliers' outcome, when it applies

	// scratch
	items   []openItem
	count   []int
	slack   []float64 // per candidate: its cost not yet spent on the dual bound
	order   []int     // open items, fewest coverers first
	nCov    []int     // per open item: its available coverers
	blkDone []bool
	blkComp []bool
	// lacking's: levels reached, steps ordered, steps left
	ordLevel []int
	ordDone  []bool
	ordLeft  []int
	// blkReach: from the root on, the blocks the root's upper bound completes, the only ones
	// a plan below it can complete (nil before).
	blkReach []int
}

// newSearcher prepares a search that stops at stopAt: the request's start plus its budget, so
// that building the problem counts against the budget too.
func newSearcher(ctx context.Context, p *problem, stopAt time.Time) *searcher {
	n := len(p.cands)
	s := &searcher{p: p, k: p.opts.k(), in: p.sc.bools.take(n), excl: p.sc.ints.take(n),
		level: append([]int(nil), p.base...), skipped: make([]bool, len(p.targets)),
		maxNodes: p.opts.MaxNodes, stopAt: stopAt, ctx: ctx,
		openLB: math.Inf(1), count: p.sc.ints.take(n), slack: p.sc.floats.take(n), maxBlocks: -1}
	return s
}

// seed records a plan found outside the search (the greedy cover) before it starts: the
// search then returns nothing worse, and prunes against it from the first node. A plan that
// breaks the budget, the hours or the deadline, or cannot be ordered, is not recorded.
func (s *searcher) seed(set []int) {
	p := s.p
	var added, undone int
	fits := true
	for _, c := range set {
		if s.in[c] {
			continue
		}
		a, u, ok := s.addClosure(c)
		added, undone = added+a, undone+u
		if !ok {
			fits = false
			break
		}
	}
	if fits {
		if sc, stuck := p.schedule(s.chosen); stuck == nil && sc.weeks <= p.weeks+eps {
			// The essential gaps it leaves open count as given up, as in the search.
			for t := range p.targets {
				if tg := &p.targets[t]; tg.req.essential && !s.covered(t) {
					s.missW += tg.req.weight
					s.missN++
				}
			}
			s.record(sc.weeks)
			s.missW, s.missN = 0, 0
		}
	}
	s.removeLast(added, undone)
}

// addClosure adds a candidate and its missing prerequisites, unless one of them is excluded
// or the additions break the budget, the hours or the deadline. It returns how many were
// added and how many level changes to undo, or ok=false.
func (s *searcher) addClosure(c int) (added, undone int, ok bool) {
	p := s.p
	var h, pr float64
	for _, x := range p.cands[c].closure {
		if s.in[x] {
			continue
		}
		if s.excl[x] > 0 {
			return 0, 0, false
		}
		h += p.cands[x].hours
		pr += p.cands[x].price
	}
	nh, np := s.hours+h, s.price+pr
	if nh > p.maxHours+eps || np > p.budget+eps || calendarWeeks(nh, p.perWeek) > p.weeks+eps {
		return 0, 0, false
	}
	mark := len(s.undo)
	for _, x := range p.cands[c].closure {
		if s.in[x] {
			continue
		}
		s.in[x] = true
		s.chosen = append(s.chosen, x)
		added++
		for _, ct := range p.cands[x].certs {
			if ct.level > s.level[ct.comp] {
				s.undo = append(s.undo, undoLevel{ct.comp, s.level[ct.comp]})
				s.level[ct.comp] = ct.level
			}
		}
	}
	s.hours, s.price = nh, np
	return added, len(s.undo) - mark, true
}

func (s *searcher) removeLast(added, undone int) {
	for i := 0; i < undone; i++ {
		u := s.undo[len(s.undo)-1]
		s.undo = s.undo[:len(s.undo)-1]
		s.level[u.comp] = u.old
	}
	for i := 0; i < added; i++ {
		x := s.chosen[len(s.chosen)-1]
		s.chosen = s.chosen[:len(s.chosen)-1]
		s.in[x] = false
		s.hours -= s.p.cands[x].hours
		s.price -= s.p.cands[x].price
	}
	if len(s.chosen) == 0 {
		s.hours, s.price = 0, 0 // no drift from float sums
	}
}

func (s *searcher) avail(c int) bool { return !s.in[c] && s.excl[c] == 0 }

// needMet reports whether a chosen candidate's required competency is provided by another
// chosen candidate (the base never is: needs are above it).
func (s *searcher) needMet(c int, n lvl) bool {
	if s.level[n.comp] < n.level {
		return false
	}
	if !s.p.cands[c].certifies(n.comp, n.level) {
		return true
	}
	for _, d := range s.chosen {
		if d != c && s.p.cands[d].certifies(n.comp, n.level) {
			return true
		}
	}
	return false
}

func (s *searcher) covered(t int) bool {
	tg := &s.p.targets[t]
	return s.level[tg.comp] >= tg.req.level
}

// optional weight covered by the chosen set, and still coverable.
func (s *searcher) optionalState() (covered, coverable float64) {
	for t := range s.p.targets {
		tg := &s.p.targets[t]
		if tg.req.essential {
			continue
		}
		if s.covered(t) {
			covered += tg.req.weight
			continue
		}
		if s.skipped[t] {
			continue
		}
		for _, c := range tg.coverers {
			if s.avail(c) {
				coverable += tg.req.weight
				break
			}
		}
	}
	return covered, coverable
}

// openItem is something the plan still has to cover: a gap (target >= 0) or a chosen
// candidate's required competency (owner >= 0).
type openItem struct {
	target int
	owner  int
	need   lvl
}

func (s *searcher) coverersOf(it openItem) []int {
	if it.target >= 0 {
		return s.p.targets[it.target].coverers
	}
	return s.p.providers[it.need]
}

// bound returns a lower bound of the key of any plan below this node, and the item to
// branch on (target and owner both -1 when the node is a leaf; dead=true when some required
// competency can no longer be provided).
func (s *searcher) bound() (b key, branch openItem, dead bool) {
	p := s.p
	branch = openItem{target: -1, owner: -1}
	items := s.items[:0] // scratch: used only within this call
	defer func() { s.items = items[:0] }()
	for _, c := range s.chosen {
		for _, n := range p.cands[c].needs {
			if !s.needMet(c, n) {
				items = append(items, openItem{target: -1, owner: c, need: n})
			}
		}
	}
	b.missW, b.missN = s.missW, s.missN
	for t := range p.targets {
		tg := &p.targets[t]
		if tg.req.essential && !s.skipped[t] && !s.covered(t) {
			items = append(items, openItem{target: t, owner: -1})
		}
	}
	// Fractional and closure bounds over the open items.
	for _, it := range items {
		for _, c := range s.coverersOf(it) {
			if s.avail(c) && c != it.owner {
				s.count[c]++
				s.slack[c] = p.cands[c].w
			}
		}
	}
	var frac, maxClosure float64
	bestAvail := math.MaxInt
	nCov := s.nCov[:0]
	for _, it := range items {
		minFrac, minClose := math.Inf(1), math.Inf(1)
		n := 0
		for _, c := range s.coverersOf(it) {
			if !s.avail(c) || c == it.owner {
				continue
			}
			n++
			cd := &p.cands[c]
			// Plain comparisons: math.Min's NaN handling is measurable in this loop.
			if f := cd.w / float64(s.count[c]); f < minFrac {
				minFrac = f
			}
			if minClose > cd.w { // a closure never costs less than the credential itself
				if cc := s.closureCost(c); cc < minClose {
					minClose = cc
				}
			}
		}
		if n == 0 {
			if it.target < 0 {
				dead = true
			} else {
				// The gap will be given up: count it in the bound, not the value.
				b.missW += p.targets[it.target].req.weight
				b.missN++
			}
		} else {
			frac += minFrac
			if minClose > maxClosure {
				maxClosure = minClose
			}
		}
		// Branch on required competencies first (they cannot be given up), then on the
		// item with the fewest choices.
		rank := n
		if it.target < 0 {
			rank -= math.MaxInt / 2
		}
		if rank < bestAvail {
			bestAvail, branch = rank, it
		}
		nCov = append(nCov, n)
	}
	s.nCov = nCov
	dual := s.dualBound(items, nCov)
	s.dual = dual
	for _, it := range items {
		for _, c := range s.coverersOf(it) {
			s.count[c] = 0
		}
	}
	rem := math.Max(math.Max(frac, dual), maxClosure)
	cov, coverable := s.optionalState()
	short := math.Max(0, p.threshold-cov)
	b.short = math.Max(0, p.threshold-cov-coverable)
	if short > eps && cmpFloat(b.short, short) < 0 {
		// Meeting more of the optional threshold takes one more credential at least.
		minOpt := math.Inf(1)
		for t := range p.targets {
			tg := &p.targets[t]
			if tg.req.essential || s.skipped[t] || s.covered(t) {
				continue
			}
			for _, c := range tg.coverers {
				if s.avail(c) {
					minOpt = math.Min(minOpt, s.closureCost(c))
				}
			}
		}
		if !math.IsInf(minOpt, 1) {
			rem = math.Max(rem, minOpt)
		}
	}
	if branch.target < 0 && branch.owner < 0 && short > eps {
		// Essential gaps are settled: branch on the heaviest optional gap still coverable.
		bestW := -1.0
		for t := range p.targets {
			tg := &p.targets[t]
			if tg.req.essential || s.skipped[t] || s.covered(t) {
				continue
			}
			has := false
			for _, c := range tg.coverers {
				if s.avail(c) {
					has = true
					break
				}
			}
			if has && tg.req.weight > bestW {
				bestW, branch = tg.req.weight, openItem{target: t, owner: -1}
			}
		}
	}
	b.value = s.valueBound(rem)
	return b, branch, dead
}

// dualBound is a lower bound of the cost of covering the open items, by dual ascent on the
// covering LP: each item, fewest coverers first, takes as its share the least cost its
// coverers have left, and that share is spent from each of them. No credential is charged
// more than it costs, so the shares sum to a bound; unlike the even split of the fractional
// bound, an item with one coverer takes that coverer's whole cost. slack must hold each
// available coverer's cost.
func (s *searcher) dualBound(items []openItem, nCov []int) float64 {
	order := s.order[:0]
	for i, n := range nCov {
		if n > 0 {
			order = append(order, i)
		}
	}
	for i := 1; i < len(order); i++ { // insertion sort: few items, stable
		for j := i; j > 0 && nCov[order[j]] < nCov[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	s.order = order
	var sum float64
	for _, i := range order {
		it := items[i]
		y := math.Inf(1)
		for _, c := range s.coverersOf(it) {
			if s.avail(c) && c != it.owner && s.slack[c] < y {
				y = s.slack[c]
			}
		}
		if y <= 0 {
			continue
		}
		sum += y
		for _, c := range s.coverersOf(it) {
			if s.avail(c) && c != it.owner {
				s.slack[c] -= y
			}
		}
	}
	return sum
}

// closureCost is the objective cost of adding a candidate with its missing prerequisites.
func (s *searcher) closureCost(c int) float64 {
	var w float64
	for _, x := range s.p.cands[c].closure {
		if !s.in[x] {
			w += s.p.cands[x].w
		}
	}
	return w
}

// valueBound turns the chosen set's cost plus a bound of what remains into an objective
// bound.
func (s *searcher) valueBound(rem float64) float64 {
	switch s.p.obj {
	case ObjectiveCost:
		return s.p.roundUp(s.price + rem)
	case ObjectiveCount:
		return s.p.roundUp(float64(len(s.chosen)) + rem)
	case ObjectiveCalendar:
		// Phases take whole weeks, so the weeks are at least the hours over the weekly pace.
		return calendarWeeks(s.p.roundUp(s.hours+rem), s.p.perWeek)
	default:
		return s.p.roundUp(s.hours + rem)
	}
}

// prune reports whether no plan below a node of bound b can enter the kept list.
func (s *searcher) prune(b key) bool {
	if len(s.best) < s.k {
		return false
	}
	worst := s.best[len(s.best)-1].key
	switch cmpPrefix(b, worst) {
	case 1:
		return true
	case -1:
		return false
	}
	// A tie on everything but blocks: worth going on only if more blocks can be completed.
	// Most plans complete none and most roles have no block within reach: the root's
	// count, an upper bound of every node's, settles it without evaluating the blocks.
	return s.maxBlocks <= worst.blocks || s.blocksUpperBound() <= worst.blocks
}

func (s *searcher) stop() bool {
	if s.aborted {
		return true
	}
	if s.maxNodes > 0 && s.nodes >= s.maxNodes {
		s.aborted = true
	} else if s.nodes&15 == 1 {
		// From the first node after the root on: the root always runs, so an early stop
		// (building may have used the budget up) still has the root's bound. Every 16
		// nodes: on a large catalogue a node walks thousands of coverers, and the clock
		// costs far less than that.
		if err := s.ctx.Err(); err != nil {
			s.aborted, s.ctxErr = true, err
		} else if time.Now().After(s.stopAt) {
			s.aborted = true
		}
	}
	return s.aborted
}

// noteOpen records, when the search stops early, the bound of a frame left unexplored.
func (s *searcher) noteOpen(b key) {
	if len(s.best) > 0 && cmpFloat(b.missW, s.best[0].key.missW) <= 0 && b.missN <= s.best[0].key.missN &&
		cmpFloat(b.short, s.best[0].key.short) <= 0 {
		s.openLB = math.Min(s.openLB, b.value)
	} else if len(s.best) == 0 {
		s.openLB = math.Min(s.openLB, b.value)
	}
}

func (s *searcher) dfs() {
	if s.stop() {
		return
	}
	s.nodes++
	b, branch, dead := s.bound()
	if s.nodes == 1 {
		if lb := s.fixAtRoot(b); lb > b.value {
			b.value = lb
		}
		s.rootLB = b
		s.maxBlocks = s.blocksUpperBound()
		s.reachBlocks()
	} else if lb, ok := s.lagrangeBound(b); ok {
		b.value = math.Max(b.value, s.totalBound(lb))
	}
	if dead || s.prune(b) {
		return
	}
	defer func() {
		if s.aborted {
			s.noteOpen(b)
		}
	}()
	if branch.target < 0 && branch.owner < 0 {
		s.leaf()
		return
	}
	fixed := s.fixByReducedCost(b, branch)
	defer func() {
		for _, c := range fixed {
			s.excl[c]--
		}
	}()
	list := s.coverersOf(branch)
	var excluded []int
	for _, c := range list {
		if s.aborted {
			break
		}
		if !s.avail(c) || c == branch.owner {
			continue
		}
		if added, undone, ok := s.addClosure(c); ok {
			s.dfs()
			s.removeLast(added, undone)
		}
		s.excl[c]++
		excluded = append(excluded, c)
	}
	if branch.target >= 0 && !s.aborted {
		// Give the gap up: none of its coverers may then enter the plan.
		t := branch.target
		tg := &s.p.targets[t]
		var more []int
		for _, c := range tg.coverers {
			if !s.in[c] {
				s.excl[c]++
				more = append(more, c)
			}
		}
		s.skipped[t] = true
		if tg.req.essential {
			s.missW += tg.req.weight
			s.missN++
		}
		s.dfs()
		if tg.req.essential {
			s.missW -= tg.req.weight
			s.missN--
		}
		s.skipped[t] = false
		for _, c := range more {
			s.excl[c]--
		}
	}
	for _, c := range excluded {
		s.excl[c]--
	}
}

// fixByReducedCost excludes from the subtree of a node the coverers of its branch item that
// no plan worth keeping can hold, and returns them. bound's dual ascent gave each open item a
// share that no available coverer's cost exceeds in sum, and left each coverer its slack:
// its cost less the shares of the items it covers. A plan below the node that covers every
// open item therefore costs at least the shares' sum plus the slack of each credential it
// adds. When the kept plans are full and the worst of them leaves as much open as the
// node's bound, a plan leaving more open loses to it anyway, so a coverer whose slack lifts
// the bound past that plan's value is in no plan that could be kept. Must run right after
// bound, before another bound overwrites the slack.
func (s *searcher) fixByReducedCost(b key, branch openItem) []int {
	if len(s.best) < s.k || (branch.target >= 0 && !s.p.targets[branch.target].req.essential) {
		return nil // optional targets are not among the dual's items
	}
	worst := s.best[len(s.best)-1].key
	if cmpFloat(b.missW, worst.missW) != 0 || b.missN != worst.missN || cmpFloat(b.short, worst.short) != 0 {
		return nil
	}
	lb, lagOK := s.lagrangeBound(b)
	var fixed []int
	for _, c := range s.coverersOf(branch) {
		if !s.avail(c) || c == branch.owner {
			continue
		}
		if cmpFloat(s.valueBound(s.dual+s.slack[c]), worst.value) > 0 ||
			(lagOK && s.lag.rc[c] >= 0 && cmpFloat(s.totalBound(lb+s.lag.rc[c]), worst.value) > 0) {
			s.excl[c]++
			fixed = append(fixed, c)
		}
	}
	return fixed
}

// rootRetry enables the second ascent; tests turn it off to see what it adds.
var rootRetry = true

// Subgradient settings of fixAtRoot: at most rootIterations steps from a scale of rootScale,
// halved after rootStall steps without a better bound; when the bound is then below
// rootRetryBelow times the best plan's value, an ascent from rootRetryScale follows.
const (
	rootIterations = 400
	rootStall      = 12
	rootScale      = 2.0
	rootRetryBelow = 0.8
	rootRetryScale = 0.5
)

// fixAtRoot bounds the root by Lagrangian relaxation and excludes, for the whole search,
// every candidate that no plan worth keeping can hold; it returns the bound as an objective
// value (0 when it does not apply). The relaxed constraints are the open essential gaps'
// (some chosen candidate covers each: multiplier u >= 0 each), the prerequisites' (a
// candidate is chosen only with each prerequisite: v >= 0 each) and the required
// competencies' (a candidate is chosen only with another provider of each: w >= 0 each). A
// candidate's reduced cost is its cost less the u of the gaps it covers, plus the v of its
// prerequisites and the w of its required competencies, less the v of the candidates
// requiring it and the w of those whose requirement it provides: the cost of what a step
// needs moves onto the step. L(u, v, w), the u's sum plus every negative reduced cost, bounds
// the cost of any plan meeting the constraints, and a plan holding a candidate of reduced
// cost r >= 0 costs at least L + r. On real catalogues most of a plan's cost is what its
// steps need, which the dual ascent of bound does not see: the root's bound can be half the
// optimum without it (without the required competencies, a third on some ESCO roles). The
// multipliers start from the dual ascent and follow the subgradient, a second time with
// shorter steps when the first ascent ends far below the best plan. As in fixByReducedCost,
// this applies when the kept plans are full and the worst leaves as much open as the root's
// bound.
func (s *searcher) fixAtRoot(b key) float64 {
	p := s.p
	if len(s.best) < s.k {
		return 0
	}
	worst := s.best[len(s.best)-1]
	if cmpFloat(b.missW, worst.key.missW) != 0 || b.missN != worst.key.missN || cmpFloat(b.short, worst.key.short) != 0 {
		return 0
	}
	var items []int // open essential gaps some available candidate covers
	for t := range p.targets {
		if tg := &p.targets[t]; tg.req.essential && !s.skipped[t] && !s.covered(t) && slices.ContainsFunc(tg.coverers, s.avail) {
			items = append(items, t)
		}
	}
	type link struct{ from, to int } // from requires to
	nPrereqs, nLinks := 0, 0
	for c := range p.cands {
		if s.avail(c) {
			nPrereqs += len(p.cands[c].prereqs)
			nLinks += len(p.cands[c].needs)
		}
	}
	links := make([]link, 0, nPrereqs)
	for c := range p.cands {
		if s.avail(c) {
			for _, q := range p.cands[c].prereqs {
				if s.avail(q) {
					links = append(links, link{c, q})
				}
			}
		}
	}
	// A candidate's required competencies: a plan holding it holds another provider of each.
	// Candidates requiring the same competency share its providers (a group), so a pass
	// over the links walks each providers list once, not once per candidate requiring it.
	type needLink struct {
		from, group int
		self        bool // from is among the group's providers, and does not count for itself
	}
	needLinks := make([]needLink, 0, nLinks)
	// Groups are found by competency: firstGroup holds 1 + the first group of each, nextGroup
	// chains those of other levels. Their providers lie in one array (groupFrom offsets).
	firstGroup := p.sc.ints.take(len(p.comps))
	var nextGroup []int
	var groupNeed []lvl
	room := 0
	for c := range p.cands {
		if !s.avail(c) {
			continue
		}
		for _, nd := range p.cands[c].needs {
			g := firstGroup[nd.comp] - 1
			for g >= 0 && groupNeed[g] != nd {
				g = nextGroup[g]
			}
			if g < 0 {
				g = len(groupNeed)
				groupNeed = append(groupNeed, nd)
				nextGroup = append(nextGroup, firstGroup[nd.comp]-1)
				firstGroup[nd.comp] = g + 1
				room += len(p.providers[nd])
			}
			needLinks = append(needLinks, needLink{from: c, group: g})
		}
	}
	groupFrom := p.sc.ints.take(len(groupNeed) + 1)
	providers := p.sc.ints.room(room)
	for g, nd := range groupNeed {
		for _, d := range p.providers[nd] {
			if s.avail(d) {
				providers = append(providers, d)
			}
		}
		groupFrom[g+1] = len(providers)
	}
	groupW, groupTaken := p.sc.floats.take(len(groupNeed)), p.sc.floats.take(len(groupNeed))
	// memberOf lists the groups each candidate provides, so that counting the providers the
	// relaxation takes walks the few it takes, not every providers list.
	memberFrom := p.sc.int32s.take(len(p.cands) + 1)
	for _, d := range providers {
		memberFrom[d+1]++
	}
	for c := range p.cands {
		memberFrom[c+1] += memberFrom[c]
	}
	memberOf := p.sc.int32s.take(int(memberFrom[len(p.cands)]))
	fill := p.sc.int32s.take(len(p.cands))
	copy(fill, memberFrom)
	for g := range groupNeed {
		for _, d := range providers[groupFrom[g]:groupFrom[g+1]] {
			memberOf[fill[d]] = int32(g)
			fill[d]++
		}
	}
	for e := range needLinks {
		k := &needLinks[e]
		k.self = slices.Contains(memberOf[memberFrom[k.from]:memberFrom[k.from+1]], int32(k.group))
	}
	var takenList []int // the available candidates of negative reduced cost, after lagrangian
	var ub float64      // the worst kept plan's cost, the subgradient's target
	for _, c := range worst.set {
		ub += p.cands[c].w
	}
	n := len(p.cands)
	rc := p.sc.floats.take(n)
	costs := p.sc.floats.take(n) // side by side: the candidates are large, and read each step
	for c := range costs {
		costs[c] = p.cands[c].w
	}
	fl := &p.sc.floats
	u, v, w := fl.take(len(items)), fl.take(len(links)), fl.take(len(needLinks))
	// A feasible dual to start from: the dual ascent over own costs, fewest coverers first.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return len(p.targets[items[order[a]]].coverers) < len(p.targets[items[order[b]]].coverers)
	})
	copy(rc, costs)
	for _, i := range order {
		y := math.Inf(1)
		for _, c := range p.targets[items[i]].coverers {
			if s.avail(c) {
				y = math.Min(y, rc[c])
			}
		}
		if y > 0 {
			u[i] = y
			for _, c := range p.targets[items[i]].coverers {
				if s.avail(c) {
					rc[c] -= y
				}
			}
		}
	}
	u0 := fl.take(len(u))
	copy(u0, u)
	// lagrangian sets rc for the multipliers and returns L.
	lagrangian := func(u, v, w []float64) float64 {
		var l float64
		copy(rc, costs)
		for i, t := range items {
			l += u[i]
			for _, c := range p.targets[t].coverers {
				rc[c] -= u[i]
			}
		}
		for e, k := range links {
			rc[k.from] += v[e]
			rc[k.to] -= v[e]
		}
		clear(groupW)
		for e, k := range needLinks {
			rc[k.from] += w[e]
			if k.self {
				rc[k.from] += w[e] // the group takes it off every provider, this one included
			}
			groupW[k.group] += w[e]
		}
		for g, sum := range groupW {
			if sum != 0 {
				for _, d := range providers[groupFrom[g]:groupFrom[g+1]] {
					rc[d] -= sum
				}
			}
		}
		takenList = takenList[:0]
		for c, r := range rc {
			if r < 0 && s.avail(c) {
				l += r
				takenList = append(takenList, c)
			}
		}
		return l
	}
	best := lagrangian(u, v, w)
	bestU, bestV, bestW := fl.take(len(u)), fl.take(len(v)), fl.take(len(w))
	copy(bestU, u)
	copy(bestV, v)
	copy(bestW, w)
	gu, gv, gw := fl.take(len(items)), fl.take(len(links)), fl.take(len(needLinks))
	// The relaxation's solution: every available candidate of negative reduced cost.
	taken := func(c int) float64 {
		if s.avail(c) && rc[c] < 0 {
			return 1
		}
		return 0
	}
	// ascend follows the subgradient from the dual ascent's multipliers, keeping the best
	// multipliers met in bestU, bestV and bestW.
	ascend := func(scale float64, until time.Time) {
		copy(u, u0)
		clear(v)
		clear(w)
		runBest := lagrangian(u, v, w)
		stall := 0
		for range rootIterations {
			if cmpFloat(s.totalBound(best), worst.key.value) >= 0 || scale < 1e-3 || time.Now().After(until) {
				break
			}
			// The subgradient at the relaxation's solution.
			var norm float64
			for i, t := range items {
				gu[i] = 1
				for _, c := range p.targets[t].coverers {
					gu[i] -= taken(c)
				}
				if gu[i] < 0 && u[i] <= 0 {
					gu[i] = 0 // at its floor: a step down changes nothing
				}
				norm += gu[i] * gu[i]
			}
			for e, k := range links {
				gv[e] = taken(k.from) - taken(k.to)
				if gv[e] < 0 && v[e] <= 0 {
					gv[e] = 0
				}
				norm += gv[e] * gv[e]
			}
			clear(groupTaken)
			for _, c := range takenList {
				for _, g := range memberOf[memberFrom[c]:memberFrom[c+1]] {
					groupTaken[g]++
				}
			}
			for e, k := range needLinks {
				gw[e] = taken(k.from) - groupTaken[k.group]
				if k.self {
					gw[e] += taken(k.from)
				}
				if gw[e] < 0 && w[e] <= 0 {
					gw[e] = 0
				}
				norm += gw[e] * gw[e]
			}
			if norm == 0 {
				break
			}
			step := scale * math.Max(ub-runBest, eps) / norm
			project(u, gu, step)
			project(v, gv, step)
			project(w, gw, step)
			l := lagrangian(u, v, w)
			if l > best+eps {
				best = l
				copy(bestU, u)
				copy(bestV, v)
				copy(bestW, w)
			}
			if l > runBest+eps {
				runBest, stall = l, 0
			} else if stall++; stall >= rootStall {
				scale, stall = scale/2, 0
			}
		}
	}
	ascend(rootScale, s.stopAt)
	if rootRetry && s.totalBound(best) < rootRetryBelow*worst.key.value {
		// The first steps can overshoot so far that the ascent never climbs back: on some
		// ESCO roles the bound stayed at the dual ascent's, a third of the optimum. Shorter
		// steps from the start again recover it there; where the first ascent did well this
		// does not run, and it takes at most half the time left, so that a large
		// catalogue's search keeps the other half.
		now := time.Now()
		ascend(rootRetryScale, now.Add(s.stopAt.Sub(now)/2))
	}
	lagrangian(bestU, bestV, bestW)
	// A plan from the relaxation: the candidates it takes, completed greedily and less what
	// the rest does without. It often beats the greedy cover by far, and every plan it beats
	// tightens the fixing below and the pruning after it.
	var start []int
	for c := range rc {
		if taken(c) == 1 {
			start = append(start, c)
		}
	}
	s.seed(p.withoutRedundant(p.greedyFrom(start, s.avail)))
	worst = s.best[len(s.best)-1]
	lag := &lagrange{prefix: b, bound: best, rc: rc, fixed: p.sc.bools.take(n), refixedAt: math.NaN()}
	for _, x := range bestU {
		lag.sumU += x
	}
	for c, r := range rc {
		if s.avail(c) && r < 0 {
			lag.negative = append(lag.negative, c)
		}
	}
	s.lag = lag
	s.refix()
	if time.Now().After(s.stopAt) {
		// Building used the budget up (a large catalogue): the search stops at its next node,
		// so reordering every list would serve nothing, and took a tenth of such a call.
		return s.totalBound(best)
	}
	// The lists lose what is excluded for good, and are tried in order of reduced cost: the
	// relaxation's favourites first, so that good plans come early and prune the rest.
	byRC := func(list []int) []int {
		kept := p.sc.ints.room(len(list))
		for _, c := range list {
			if s.excl[c] == 0 {
				kept = append(kept, c)
			}
		}
		slices.SortStableFunc(kept, func(a, b int) int { return cmp.Compare(rc[a], rc[b]) })
		return kept
	}
	for t := range p.targets {
		p.targets[t].coverers = byRC(p.targets[t].coverers)
	}
	for need, list := range p.providers {
		p.providers[need] = byRC(list)
	}
	return s.totalBound(best)
}

// project takes a subgradient step on multipliers held at zero or above.
func project(mult, grad []float64, step float64) {
	for i, g := range grad {
		if g != 0 {
			if x := mult[i] + step*g; x > 0 {
				mult[i] = x
			} else {
				mult[i] = 0
			}
		}
	}
}

// lagrange is what the root's relaxation leaves for the nodes below: with the multipliers
// fixed, any plan below a node that covers the root's open essential gaps costs at least the
// u's sum, plus the reduced costs of the credentials chosen, plus the negative reduced costs
// of those still available (the relaxation's bound restricted to the node), and a plan
// holding an available candidate of reduced cost r >= 0 at least r more.
type lagrange struct {
	prefix   key       // the root's bound: the nodes whose bound leaves as much open use it
	bound    float64   // L: the root's cost bound
	sumU     float64   // the gaps' multipliers, summed
	rc       []float64 // reduced cost per candidate
	negative []int     // the available candidates of negative reduced cost at the root
	fixed    []bool    // per candidate: excluded for good by refix
	// refixedAt: the worst kept plan's value at the last refix that applied (NaN before);
	// with the same value (and prefix, or refix would not apply) it would exclude nothing
	// new, and plans that tie the worst are recorded often.
	refixedAt float64
}

// refix excludes for good every candidate that the root's bound puts in no plan worth
// keeping: L + r above the worst kept plan's value, for a reduced cost r >= 0. The bound
// holds for every plan covering the root's gaps, so each better plan the search keeps
// excludes more, wherever the search is.
func (s *searcher) refix() {
	l := s.lag
	if l == nil || len(s.best) < s.k {
		return
	}
	worst := s.best[len(s.best)-1].key
	if cmpFloat(worst.missW, l.prefix.missW) != 0 || worst.missN != l.prefix.missN || cmpFloat(worst.short, l.prefix.short) != 0 {
		return
	}
	if worst.value == l.refixedAt {
		return
	}
	l.refixedAt = worst.value
	for c, r := range l.rc {
		if !l.fixed[c] && r >= 0 && cmpFloat(s.totalBound(l.bound+r), worst.value) > 0 {
			l.fixed[c] = true
			s.excl[c]++
		}
	}
}

// lagrangeBound is the cost bound of the lagrange at this node, ok=false when the node's
// bound b leaves more open than the root's (a plan below need not cover the root's gaps).
func (s *searcher) lagrangeBound(b key) (lb float64, ok bool) {
	l := s.lag
	if l == nil || cmpFloat(b.missW, l.prefix.missW) != 0 || b.missN != l.prefix.missN || cmpFloat(b.short, l.prefix.short) != 0 {
		return 0, false
	}
	lb = l.sumU
	for _, c := range s.chosen {
		lb += l.rc[c]
	}
	for _, c := range l.negative {
		if s.avail(c) {
			lb += l.rc[c]
		}
	}
	return lb, true
}

// totalBound turns a bound of a plan's whole cost into an objective bound.
func (s *searcher) totalBound(cost float64) float64 {
	cost = s.p.roundUp(cost)
	if s.p.obj == ObjectiveCalendar {
		return calendarWeeks(cost, s.p.perWeek)
	}
	return cost
}

// leaf handles a node where every gap is settled: it checks the order, records the plan, and
// for calendar-sensitive searches tries adding providers that let steps start earlier.
func (s *searcher) leaf() {
	p := s.p
	if p.obj != ObjectiveCalendar && math.IsInf(p.weeks, 1) {
		// No weeks to count: only whether the steps can be ordered, without building the
		// schedule (a leaf is the search's most frequent node on plans that tie).
		if lack := s.lacking(); lack != nil {
			s.branchOver(lack)
			return
		}
		s.record(0)
		return
	}
	sched, stuck := p.schedule(s.chosen)
	if stuck != nil {
		// Some steps wait on each other: add a provider of what they lack.
		s.branchOver(stuck)
		return
	}
	weeks := sched.weeks
	feasible := weeks <= p.weeks+eps
	if feasible {
		s.record(weeks)
	}
	if p.obj == ObjectiveCalendar || !feasible {
		var needs []lvl
		for _, c := range s.chosen {
			needs = append(needs, p.cands[c].needs...)
		}
		s.branchOver(needs)
	}
}

// lacking is schedule's verdict on the chosen steps without the schedule: nil when they can be
// ordered (each after its prerequisites, once earlier steps or the learner meet its required
// competencies), otherwise the required competencies the steps left over lack (non-nil, maybe
// empty). Both take every step some order reaches, so they agree.
func (s *searcher) lacking() []lvl {
	p := s.p
	if s.ordLevel == nil {
		s.ordLevel = make([]int, len(p.base))
		s.ordDone = make([]bool, len(p.cands))
	}
	copy(s.ordLevel, p.base)
	left := append(s.ordLeft[:0], s.chosen...)
	defer func() {
		for _, c := range s.chosen {
			s.ordDone[c] = false
		}
		s.ordLeft = left[:0]
	}()
	for len(left) > 0 {
		kept := left[:0]
		for _, c := range left {
			if s.ready(c) {
				s.ordDone[c] = true
				for _, ct := range p.cands[c].certs {
					s.ordLevel[ct.comp] = max(s.ordLevel[ct.comp], ct.level)
				}
			} else {
				kept = append(kept, c)
			}
		}
		if len(kept) == len(left) {
			lack := []lvl{}
			for _, c := range kept {
				for _, n := range p.cands[c].needs {
					if s.ordLevel[n.comp] < n.level {
						lack = append(lack, n)
					}
				}
			}
			return lack
		}
		left = kept
	}
	return nil
}

// ready reports whether a chosen step's prerequisites are ordered and its required
// competencies met, for lacking.
func (s *searcher) ready(c int) bool {
	for _, q := range s.p.cands[c].prereqs {
		if !s.ordDone[q] {
			return false
		}
	}
	for _, n := range s.p.cands[c].needs {
		if s.ordLevel[n.comp] < n.level {
			return false
		}
	}
	return true
}

// branchOver tries adding each available provider of any of the needs, one per child.
func (s *searcher) branchOver(needs []lvl) {
	seen := map[int]bool{}
	var list []int
	for _, n := range needs {
		for _, c := range s.p.providers[n] {
			if s.avail(c) && !seen[c] {
				seen[c] = true
				list = append(list, c)
			}
		}
	}
	sort.SliceStable(list, func(a, b int) bool {
		ca, cb := s.closureCost(list[a]), s.closureCost(list[b])
		if ca != cb {
			return ca < cb
		}
		return list[a] < list[b]
	})
	var excluded []int
	for _, c := range list {
		if s.aborted {
			break
		}
		if added, undone, ok := s.addClosure(c); ok {
			s.dfs()
			s.removeLast(added, undone)
		}
		s.excl[c]++
		excluded = append(excluded, c)
	}
	for _, c := range excluded {
		s.excl[c]--
	}
}

func (s *searcher) value(weeks float64) float64 {
	switch s.p.obj {
	case ObjectiveCost:
		return s.price
	case ObjectiveCount:
		return float64(len(s.chosen))
	case ObjectiveCalendar:
		return weeks
	default:
		return s.hours
	}
}

func (s *searcher) record(weeks float64) {
	cov, _ := s.optionalState()
	k := key{missW: s.missW, missN: s.missN, short: math.Max(0, s.p.threshold-cov), value: s.value(weeks)}
	if len(s.best) == s.k && cmpPrefix(k, s.best[len(s.best)-1].key) > 0 {
		return
	}
	if s.maxBlocks != 0 {
		k.blocks = s.blocksCompleted(false)
	}
	set := append([]int(nil), s.chosen...)
	sort.Ints(set)
	ids := make([]string, len(set))
	for i, c := range set {
		ids[i] = s.p.cands[c].id
	}
	sol := solution{key: k, set: set, ids: strings.Join(ids, "\x00")}
	for _, o := range s.best {
		if o.ids == sol.ids {
			return
		}
	}
	i := sort.Search(len(s.best), func(i int) bool {
		c := cmpKey(sol.key, s.best[i].key)
		return c < 0 || (c == 0 && sol.ids < s.best[i].ids)
	})
	s.best = append(s.best, solution{})
	copy(s.best[i+1:], s.best[i:])
	s.best[i] = sol
	if len(s.best) > s.k {
		s.best = s.best[:s.k]
	}
	s.refix()
}

// blocksCompleted counts the blocks complete with the plan and not before it; with all, every
// candidate not excluded counts as taken (an upper bound for the subtree).
func (s *searcher) blocksCompleted(all bool) int {
	p := s.p
	if len(p.blocks.ids) == 0 {
		return 0
	}
	if s.blkDone == nil {
		s.blkDone = make([]bool, len(p.blocks.creds))
	}
	copy(s.blkDone, p.baseSt.done)
	for _, c := range p.blkCands {
		if s.in[c] || (all && s.excl[c] == 0) {
			s.blkDone[p.blkPos[c]] = true
		}
	}
	st := p.baseSt
	st.done = s.blkDone
	n := 0
	if s.blkReach != nil {
		p.blocks.evalOnly(st, s.blkComp, s.blkReach)
		for _, i := range s.blkReach {
			if s.blkComp[i] {
				n++
			}
		}
		return n - p.baseCnt
	}
	s.blkComp = p.blocks.eval(st, s.blkComp)
	for _, c := range s.blkComp {
		if c {
			n++
		}
	}
	return n - p.baseCnt
}

// reachBlocks keeps, after the root's upper bound, the blocks it found complete: below the
// root fewer candidates remain, so no other block can complete, and the search evaluates
// these only (most blocks of a context are out of any plan's reach).
func (s *searcher) reachBlocks() {
	s.blkReach = []int{}
	for i, c := range s.blkComp {
		if c {
			s.blkReach = append(s.blkReach, i)
		}
	}
	clear(s.blkComp)
}

func (s *searcher) blocksUpperBound() int { return s.blocksCompleted(true) }
