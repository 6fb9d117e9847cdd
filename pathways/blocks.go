package pathways

import (
	"fmt"
	"math"
	"sort"

	"github.com/skillgraph/skillgraph/graph"
)

// BlockStatus is a block's progress for a learner.
type BlockStatus struct {
	BlockID  string
	Rule     graph.Rule
	Complete bool
	// Percent (0-100): ALL averages its components' progress, AT_LEAST n the n most advanced
	// components', MIN_ECTS and MIN_HOURS the share of the minimum reached.
	Percent float64
	// Have and Need measure the rule: components for ALL and AT_LEAST, ECTS or hours for the
	// MIN rules.
	Have, Need float64
	Done       []string       // components done: credentials earned, nested blocks complete
	Partial    []string       // credentials validated in part (they count only under MIN rules)
	Missing    []string       // components not done
	Nested     []*BlockStatus // the nested blocks' progress, in component order
	// CheapestCompletion: the credentials, sorted, that complete the block at the least cost
	// under the objective; empty when complete, nil with Completable false when impossible.
	// Prerequisites outside the block are not counted: Recommend accounts for those.
	CheapestCompletion []string
	CompletionHours    float64
	CompletionCost     float64
	Completable        bool
	// CompletionExact: the completion is proven cheapest. It may not be when a credential
	// sits in two nested blocks or a MIN rule has very many components.
	CompletionExact bool
}

// BlockProgress returns a block's progress against a learner's holdings, nested blocks
// included, and the cheapest set of credentials that would complete it under the objective
// (hours for HOURS and CALENDAR, price for COST, count for COUNT; "" means HOURS).
//
// A VALID partial achievement (in held.Partial) counts only under MIN_ECTS and MIN_HOURS
// rules, for half the credential's worth, and only when the credential allows partial
// validation; it never counts as a done component under ALL or AT_LEAST.
//
// Errors: ENOTFOUND when the block is not in the catalogue; EINVALID ("objective") for an
// unknown objective, ("blockId") when the block nests itself.
func BlockProgress(in Catalog, held Holdings, blockID string, objective Objective) (*BlockStatus, error) {
	switch objective {
	case "", ObjectiveHours, ObjectiveCalendar, ObjectiveCost, ObjectiveCount:
	default:
		return nil, fmt.Errorf("block progress: %w", graph.Invalid("objective", "unknown objective %q", string(objective)))
	}
	if in.Blocks[blockID] == nil {
		return nil, fmt.Errorf("block progress: %w", graph.NotFound(graph.KindBlock, blockID))
	}
	ix := newBlockIndex(in)
	i, _ := ix.pos(blockID)
	if ix.cyclic[i] {
		return nil, fmt.Errorf("block progress: %w", graph.Invalid("blockId", "block %q nests itself", blockID))
	}
	pr := &progress{ix: ix, cat: in, obj: objective, st: ix.stateFrom(held), memo: map[int]*completion{}}
	pr.complete = ix.eval(pr.st, nil)
	return pr.status(i), nil
}

type progress struct {
	ix       *blockIndex
	cat      Catalog
	obj      Objective
	st       blockState
	complete []bool
	memo     map[int]*completion
}

// completion is the cheapest way found to complete a block.
type completion struct {
	cost  float64 // +Inf when impossible
	set   []string
	exact bool
}

func (pr *progress) status(i int) *BlockStatus {
	ix := pr.ix
	bs := &BlockStatus{BlockID: ix.ids[i], Rule: ix.rules[i], Complete: pr.complete[i]}
	bs.Have, bs.Need = ix.ruleProgress(i, pr.st, pr.complete)
	for _, c := range ix.comps[i] {
		switch {
		case c.block:
			if pr.complete[c.idx] {
				bs.Done = append(bs.Done, c.id)
			} else {
				bs.Missing = append(bs.Missing, c.id)
			}
			bs.Nested = append(bs.Nested, pr.status(c.idx))
		case pr.st.done[c.idx]:
			bs.Done = append(bs.Done, c.id)
		default:
			if pr.st.partial[c.idx] {
				bs.Partial = append(bs.Partial, c.id)
			}
			bs.Missing = append(bs.Missing, c.id)
		}
	}
	bs.Percent = 100 * pr.fraction(i)
	comp := pr.cheapest(i)
	if !comp.exact && !math.IsInf(comp.cost, 1) {
		comp = pr.exactCompletion(i, comp)
	}
	bs.Completable = !math.IsInf(comp.cost, 1)
	bs.CompletionExact = comp.exact
	if bs.Completable {
		bs.CheapestCompletion = uniqSorted(comp.set)
		if bs.CheapestCompletion == nil {
			bs.CheapestCompletion = []string{}
		}
		for _, id := range bs.CheapestCompletion {
			if c := pr.cat.Credentials[id]; c != nil {
				bs.CompletionHours += c.Hours
				bs.CompletionCost += c.Price
			}
		}
	}
	return bs
}

// fraction is a block's progress, 0-1.
func (pr *progress) fraction(i int) float64 {
	ix := pr.ix
	if pr.complete[i] {
		return 1
	}
	if ix.cyclic[i] {
		return 0
	}
	r := ix.rules[i]
	switch r.Kind {
	case graph.RuleMinECTS, graph.RuleMinHours:
		have, need := ix.ruleProgress(i, pr.st, pr.complete)
		return math.Min(1, have/need)
	}
	var fr []float64
	for _, c := range ix.comps[i] {
		switch {
		case c.block:
			fr = append(fr, pr.fraction(c.idx))
		case pr.st.done[c.idx]:
			fr = append(fr, 1)
		default:
			fr = append(fr, 0)
		}
	}
	n := len(fr)
	if r.Kind == graph.RuleAtLeast {
		sort.Sort(sort.Reverse(sort.Float64Slice(fr)))
		n = min(r.Count, len(fr))
		fr = fr[:n]
	}
	if n == 0 {
		return 0
	}
	var sum float64
	for _, f := range fr {
		sum += f
	}
	return sum / float64(n)
}

func (pr *progress) credCost(id string) float64 {
	c := pr.cat.Credentials[id]
	if c == nil {
		return math.Inf(1) // nothing known of it: it cannot be planned
	}
	switch pr.obj {
	case ObjectiveCost:
		return c.Price
	case ObjectiveCount:
		return 1
	}
	return c.Hours
}

// cheapest solves the completion exactly per block: a sum under ALL, the cheapest missing
// components under AT_LEAST, a min-cost covering knapsack under the MIN rules. Credentials
// shared between nested blocks are paid once, which may leave a cheaper combination unseen.
func (pr *progress) cheapest(i int) *completion {
	if c, ok := pr.memo[i]; ok {
		return c
	}
	ix := pr.ix
	res := &completion{exact: true}
	pr.memo[i] = res
	if pr.complete[i] {
		return res
	}
	if ix.cyclic[i] {
		res.cost = math.Inf(1)
		return res
	}
	type option struct {
		comp  component
		cost  float64
		worth float64
		set   []string
		exact bool
	}
	var opts []option
	r := ix.rules[i]
	for _, c := range ix.comps[i] {
		if c.block {
			if pr.complete[c.idx] {
				continue
			}
			sub := pr.cheapest(c.idx)
			opts = append(opts, option{comp: c, cost: sub.cost, set: sub.set, exact: sub.exact,
				worth: ix.pick(r.Kind, ix.worthH[c.idx], ix.worthE[c.idx])})
			continue
		}
		if pr.st.done[c.idx] {
			continue
		}
		worth := ix.pick(r.Kind, ix.credHrs[c.idx], ix.credECTS[c.idx])
		if pr.st.partial[c.idx] {
			worth /= 2 // the other half is already counted
		}
		opts = append(opts, option{comp: c, cost: pr.credCost(c.id), set: []string{c.id}, exact: true, worth: worth})
	}
	var chosen []option
	switch r.Kind {
	case graph.RuleAll:
		chosen = opts
	case graph.RuleAtLeast:
		have, need := ix.ruleProgress(i, pr.st, pr.complete)
		m := int(need - have + 0.5)
		sort.SliceStable(opts, func(a, b int) bool {
			if opts[a].cost != opts[b].cost {
				return opts[a].cost < opts[b].cost
			}
			return opts[a].comp.id < opts[b].comp.id
		})
		if m > len(opts) {
			res.cost = math.Inf(1)
			return res
		}
		chosen = opts[:m]
	default:
		have, need := ix.ruleProgress(i, pr.st, pr.complete)
		costs := make([]float64, len(opts))
		worths := make([]float64, len(opts))
		for j, o := range opts {
			costs[j], worths[j] = o.cost, o.worth
		}
		pick, exact := coverKnapsack(costs, worths, need-have)
		if pick == nil {
			res.cost = math.Inf(1)
			return res
		}
		res.exact = exact
		for _, j := range pick {
			chosen = append(chosen, opts[j])
		}
	}
	if pr.sharesCredentials(i) {
		res.exact = false // the per-block choices may miss a credential serving two blocks
	}
	seen := map[string]bool{}
	for _, o := range chosen {
		if math.IsInf(o.cost, 1) {
			res.cost, res.set = math.Inf(1), nil
			return res
		}
		res.exact = res.exact && o.exact
		for _, id := range o.set {
			if seen[id] {
				res.exact = false // shared with another nested block: paid once
				continue
			}
			seen[id] = true
			res.set = append(res.set, id)
			res.cost += pr.credCost(id)
		}
	}
	return res
}

// maxKnapsackNodes bounds the covering knapsack search.
const maxKnapsackNodes = 200000

// coverKnapsack picks items of least total cost whose worth reaches need, by branch and bound
// with the fractional (LP) bound. It returns nil when even every item falls short, and
// exact=false when the node bound stopped the search first.
func coverKnapsack(costs, worths []float64, need float64) (pick []int, exact bool) {
	if need <= eps {
		return []int{}, true
	}
	var order []int
	var total float64
	for j := range costs {
		if worths[j] > 0 && !math.IsInf(costs[j], 1) {
			order = append(order, j)
			total += worths[j]
		}
	}
	if total < need-eps {
		return nil, true
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := costs[order[a]]/worths[order[a]], costs[order[b]]/worths[order[b]]
		if ra != rb {
			return ra < rb
		}
		return order[a] < order[b]
	})
	bestCost := math.Inf(1)
	var best []int
	var cur []int
	nodes := 0
	exact = true
	var dfs func(k int, cost, rem float64)
	dfs = func(k int, cost, rem float64) {
		if rem <= eps {
			if cost < bestCost-eps {
				bestCost = cost
				best = append(best[:0], cur...)
			}
			return
		}
		nodes++
		if nodes > maxKnapsackNodes {
			exact = false
			return
		}
		// Fractional bound: fill what remains with the best ratios.
		lb, r := cost, rem
		for _, j := range order[k:] {
			if worths[j] >= r {
				lb += costs[j] * r / worths[j]
				r = 0
				break
			}
			lb += costs[j]
			r -= worths[j]
		}
		if r > eps || lb >= bestCost-eps {
			return
		}
		j := order[k]
		cur = append(cur, j)
		dfs(k+1, cost+costs[j], rem-worths[j])
		cur = cur[:len(cur)-1]
		dfs(k+1, cost, rem)
	}
	dfs(0, 0, need)
	if best == nil {
		return nil, exact
	}
	sort.Ints(best)
	return best, exact
}

// sharesCredentials reports whether a missing credential appears more than once under a block.
func (pr *progress) sharesCredentials(i int) bool {
	count := map[int]int{}
	var walk func(b int) bool
	walk = func(b int) bool {
		for _, c := range pr.ix.comps[b] {
			switch {
			case c.block && !pr.complete[c.idx]:
				if walk(c.idx) {
					return true
				}
			case !c.block && !pr.st.done[c.idx]:
				count[c.idx]++
				if count[c.idx] > 1 {
					return true
				}
			}
		}
		return false
	}
	return walk(i)
}

// maxCompletionNodes bounds the exact completion search.
const maxCompletionNodes = 100000

// exactCompletion searches the subsets of the block's missing credentials, cheapest first,
// for the least-cost one completing it, starting from a known completion as the bound. It is
// used when the per-block solution may not be optimal (shared credentials, a cut knapsack).
func (pr *progress) exactCompletion(i int, known *completion) *completion {
	ix := pr.ix
	seen := map[int]bool{}
	var missing []int
	var collect func(b int)
	collect = func(b int) {
		for _, c := range ix.comps[b] {
			switch {
			case c.block && !pr.complete[c.idx]:
				collect(c.idx)
			case !c.block && !pr.st.done[c.idx] && !seen[c.idx] && !math.IsInf(pr.credCost(c.id), 1):
				seen[c.idx] = true
				missing = append(missing, c.idx)
			}
		}
	}
	collect(i)
	sort.SliceStable(missing, func(a, b int) bool {
		ca, cb := pr.credCost(ix.creds[missing[a]]), pr.credCost(ix.creds[missing[b]])
		if ca != cb {
			return ca < cb
		}
		return missing[a] < missing[b]
	})
	st := pr.st
	st.done = append([]bool(nil), pr.st.done...)
	complete := make([]bool, len(ix.ids))
	done := func() bool { return ix.eval(st, complete)[i] }
	best := known
	nodes := 0
	cut := false
	var cur []int
	var dfs func(k int, cost float64)
	dfs = func(k int, cost float64) {
		if cost >= best.cost-eps {
			return
		}
		nodes++
		if nodes > maxCompletionNodes {
			cut = true
			return
		}
		if done() {
			set := make([]string, len(cur))
			for j, c := range cur {
				set[j] = ix.creds[c]
			}
			best = &completion{cost: cost, set: set}
			return
		}
		if k == len(missing) {
			return
		}
		// Prune when even every remaining credential would not complete it.
		for _, c := range missing[k:] {
			st.done[c] = true
		}
		ok := done()
		for _, c := range missing[k:] {
			st.done[c] = false
		}
		if !ok {
			return
		}
		c := missing[k]
		st.done[c] = true
		cur = append(cur, c)
		dfs(k+1, cost+pr.credCost(ix.creds[c]))
		cur = cur[:len(cur)-1]
		st.done[c] = false
		dfs(k+1, cost)
	}
	dfs(0, 0)
	return &completion{cost: best.cost, set: best.set, exact: !cut}
}
