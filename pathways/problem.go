package pathways

import (
	"maps"
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
}

// problem is a PathwayContext and Options turned into the search's terms.
type problem struct {
	pc       *graph.PathwayContext
	cat      Catalog
	opts     Options
	obj      Objective
	perWeek  float64
	weeks    float64 // until the deadline; +Inf without one
	budget   float64 // +Inf without one
	maxHours float64 // +Inf without one

	held       Holdings
	inProgress []string        // sorted
	done       map[string]bool // earned in full or in progress

	comps   []string
	compPos map[string]int
	base    []int // level per competency index, from holdings and in-progress credentials

	cands   []cand
	candPos map[string]int

	reqs      []requirement // every requirement of the role
	targets   []target
	threshold float64 // optional weight among the targets the plan must cover
	uncovered []UncoveredGap
	providers map[lvl][]int // candidates certifying a competency at a level or above

	// greedy is the greedy set cover of every relevant candidate, dominated ones included,
	// taken before dominance filters the lists: the search starts from it (nil without
	// dominance, where Recommend runs it on the same lists).
	greedy []int

	certBy  map[string][]graph.Edge // credential -> its RelCertifies edges
	blocks  *blockIndex
	blkPos  []int // candidate index -> blockIndex credential index, -1 when in no block
	baseSt  blockState
	baseCnt int // blocks complete before the plan
}

// newProblem preprocesses a context. dominance enables the removal of dominated candidates,
// which keeps the optimum but not every alternative.
func newProblem(pc *graph.PathwayContext, opts Options, dominance bool) (*problem, error) {
	if pc == nil {
		return nil, graph.Invalid("context", "no pathway context")
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	p := &problem{pc: pc, cat: CatalogFrom(pc), opts: opts, obj: opts.objective(),
		perWeek: opts.hoursPerWeek(), weeks: opts.weeksAvailable(opts.now()),
		budget: math.Inf(1), maxHours: math.Inf(1), compPos: map[string]int{},
		candPos: map[string]int{}, providers: map[lvl][]int{}, certBy: map[string][]graph.Edge{}}
	if opts.MaxBudget != nil {
		p.budget = *opts.MaxBudget
	}
	if opts.MaxTotalHours != nil {
		p.maxHours = *opts.MaxTotalHours
	}
	p.held = HoldingsFrom(pc)
	p.done = map[string]bool{}
	for id := range p.held.Credentials {
		p.done[id] = true
	}
	seenIP := map[string]bool{}
	for _, id := range opts.InProgress {
		if pc.Credentials[id] != nil && !p.held.Credentials[id] && !seenIP[id] {
			seenIP[id] = true
			p.inProgress = append(p.inProgress, id)
			p.done[id] = true
		}
	}
	sort.Strings(p.inProgress)

	for _, e := range pc.Certifies {
		if pc.Credentials[e.From] != nil {
			p.certBy[e.From] = append(p.certBy[e.From], e)
		}
	}
	levels := map[string]int{}
	for k, v := range p.held.Levels {
		levels[k] = v
	}
	for _, id := range p.inProgress {
		for _, e := range p.certBy[id] {
			levels[e.To] = max(levels[e.To], max(e.Level, graph.MinLevel))
		}
	}
	prereqOf := map[string][]string{}
	for _, e := range pc.Prerequisites {
		prereqOf[e.From] = append(prereqOf[e.From], e.To)
	}
	needsOf := map[string][]graph.Edge{}
	for _, e := range pc.RequiredCompetencies {
		if max(e.Level, graph.MinLevel) > levels[e.To] {
			needsOf[e.From] = append(needsOf[e.From], e)
		}
	}
	certifies := func(cred, comp string, level int) bool {
		for _, e := range p.certBy[cred] {
			if e.To == comp && max(e.Level, graph.MinLevel) >= level {
				return true
			}
		}
		return false
	}
	certifiersOf := map[string][]string{} // competency -> credentials, sorted
	for _, id := range sortedKeys(p.certBy) {
		for _, e := range p.certBy[id] {
			certifiersOf[e.To] = append(certifiersOf[e.To], id)
		}
	}

	// Allowed: not already done, not excluded, of an accepted modality and language.
	excluded := map[string]bool{}
	for _, id := range opts.Exclude {
		excluded[id] = true
	}
	allowed := map[string]bool{}
	for _, id := range sortedKeys(pc.Credentials) {
		c := pc.Credentials[id]
		if c == nil || p.done[id] || excluded[id] || !modalityOK(c, opts.Modalities) || !languageOK(c, opts.Languages) {
			continue
		}
		allowed[id] = true
	}
	// Usable: allowed, within the budget and hours alone and with its closure, and with
	// every prerequisite and required competency obtainable. The greatest fixpoint.
	usable := map[string]bool{}
	overLimits := map[string]bool{}
	for id := range allowed {
		c := pc.Credentials[id]
		if c.Price > p.budget+eps || c.Hours > p.maxHours+eps {
			overLimits[id] = true
			continue
		}
		usable[id] = true
	}
	for changed := true; changed; {
		changed = false
		for _, id := range sortedKeys(usable) {
			ok := true
			for _, pre := range prereqOf[id] {
				if !p.done[pre] && !usable[pre] {
					ok = false
				}
			}
			for _, need := range needsOf[id] {
				found := false
				for _, prov := range certifiersOf[need.To] {
					if prov != id && usable[prov] && certifies(prov, need.To, max(need.Level, graph.MinLevel)) {
						found = true
						break
					}
				}
				ok = ok && found
			}
			if ok {
				price, hours, acyclic := closureTotals(id, prereqOf, p.done, pc.Credentials)
				ok = acyclic && price <= p.budget+eps && hours <= p.maxHours+eps
				if !ok && acyclic {
					overLimits[id] = true
				}
			}
			if !ok {
				delete(usable, id)
				changed = true
			}
		}
	}

	// Relevant: usable credentials covering a gap, their prerequisites, and providers of
	// the competencies those require, to a fixpoint.
	p.reqs = requirementsOf(pc.Requirements)
	relevant := map[string]bool{}
	var work []string
	addRel := func(id string) {
		if usable[id] && !relevant[id] {
			relevant[id] = true
			work = append(work, id)
		}
	}
	for _, r := range p.reqs {
		if levels[r.comp] >= r.level {
			continue
		}
		for _, id := range certifiersOf[r.comp] {
			if certifies(id, r.comp, r.level) {
				addRel(id)
			}
		}
	}
	// A need is expanded once: after that every provider of it is relevant (the first
	// credential expanding it is relevant already), so later credentials with the same need
	// would only rescan its providers, thousands on a large catalogue.
	type needKey struct {
		comp  string
		level int
	}
	expanded := map[needKey]bool{}
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		for _, pre := range prereqOf[id] {
			addRel(pre)
		}
		for _, e := range needsOf[id] {
			n := needKey{e.To, max(e.Level, graph.MinLevel)}
			if expanded[n] {
				continue
			}
			expanded[n] = true
			for _, prov := range certifiersOf[n.comp] {
				if prov != id && certifies(prov, n.comp, n.level) {
					addRel(prov)
				}
			}
		}
	}

	// Competencies the search tracks: gaps and required competencies.
	compSet := map[string]bool{}
	for _, r := range p.reqs {
		if levels[r.comp] < r.level {
			compSet[r.comp] = true
		}
	}
	for id := range relevant {
		for _, need := range needsOf[id] {
			compSet[need.To] = true
		}
	}
	p.comps = sortedKeys(compSet)
	for i, c := range p.comps {
		p.compPos[c] = i
	}
	p.base = make([]int, len(p.comps))
	for i, c := range p.comps {
		p.base[i] = levels[c]
	}

	ids := sortedKeys(relevant)
	var kept []string
	if dominance {
		kept = p.dropDominated(ids, prereqOf, needsOf)
	}
	for i, id := range ids {
		p.candPos[id] = i
	}
	p.cands = make([]cand, len(ids))
	for i, id := range ids {
		c := pc.Credentials[id]
		cd := cand{id: id, cred: c, hours: c.Hours, price: c.Price}
		cd.w = p.weight(c)
		best := map[int]int{}
		for _, e := range p.certBy[id] {
			if k, ok := p.compPos[e.To]; ok {
				best[k] = max(best[k], max(e.Level, graph.MinLevel))
			}
		}
		// In competency order, from the credential's own competencies: a pass over every
		// tracked competency per candidate would be quadratic on large catalogues.
		for _, k := range slices.Sorted(maps.Keys(best)) {
			cd.certs = append(cd.certs, lvl{k, best[k]})
		}
		for _, pre := range uniqSorted(prereqOf[id]) {
			if j, ok := p.candPos[pre]; ok {
				cd.prereqs = append(cd.prereqs, j)
			}
		}
		needBest := map[int]int{}
		for _, e := range needsOf[id] {
			k := p.compPos[e.To]
			needBest[k] = max(needBest[k], max(e.Level, graph.MinLevel))
		}
		for _, k := range slices.Sorted(maps.Keys(needBest)) {
			if k >= len(p.comps) {
				continue // as before: only tracked competencies
			}
			cd.needs = append(cd.needs, lvl{k, needBest[k]})
		}
		p.cands[i] = cd
	}
	for i := range p.cands {
		seen := map[int]bool{}
		var walk func(j int)
		walk = func(j int) {
			if seen[j] {
				return
			}
			seen[j] = true
			for _, q := range p.cands[j].prereqs {
				walk(q)
			}
		}
		walk(i)
		// In candidate order, from the closure itself: a pass over every candidate per
		// candidate would be quadratic on large catalogues.
		closure := make([]int, 0, len(seen))
		for j := range seen {
			closure = append(closure, j)
		}
		sort.Ints(closure)
		for _, j := range closure {
			p.cands[i].closure = append(p.cands[i].closure, j)
			p.cands[i].closeW += p.cands[j].w
		}
	}
	byCost := func(list []int) {
		sort.SliceStable(list, func(a, b int) bool {
			ca, cb := p.cands[list[a]], p.cands[list[b]]
			if ca.closeW != cb.closeW {
				return ca.closeW < cb.closeW
			}
			return list[a] < list[b]
		})
	}
	// Candidates certifying each competency, in candidate order: providers are found among
	// them, not among every candidate.
	certifying := make([][]int, len(p.comps))
	for j := range p.cands {
		for _, ct := range p.cands[j].certs {
			certifying[ct.comp] = append(certifying[ct.comp], j)
		}
	}
	for i := range p.cands {
		for _, need := range p.cands[i].needs {
			if _, ok := p.providers[need]; ok {
				continue
			}
			var list []int
			for _, j := range certifying[need.comp] {
				if p.cands[j].certifies(need.comp, need.level) {
					list = append(list, j)
				}
			}
			byCost(list)
			p.providers[need] = list
		}
	}

	// Targets, and the gaps no candidate covers.
	var totalOpt, metOpt, coverableOpt float64
	for _, r := range p.reqs {
		if !r.essential {
			totalOpt += r.weight
		}
		if levels[r.comp] >= r.level {
			if !r.essential {
				metOpt += r.weight
			}
			continue
		}
		k := p.compPos[r.comp]
		var list []int
		for _, j := range certifying[k] {
			if p.cands[j].certifies(k, r.level) {
				list = append(list, j)
			}
		}
		if len(list) == 0 {
			code := ReasonNoCredential
			for _, id := range certifiersOf[r.comp] {
				if !certifies(id, r.comp, r.level) {
					continue
				}
				switch {
				case allowed[id] && overLimits[id]:
					code = ReasonConstraints
				case allowed[id] && code != ReasonConstraints:
					code = ReasonPrerequisites
				case code == ReasonNoCredential:
					code = ReasonNotAllowed
				}
			}
			p.uncovered = append(p.uncovered, p.uncoveredGap(r, code))
			continue
		}
		byCost(list)
		p.targets = append(p.targets, target{req: r, comp: k, coverers: list})
		if !r.essential {
			coverableOpt += r.weight
		}
	}
	need := opts.OptionalCoverage*totalOpt - metOpt
	p.threshold = math.Max(0, math.Min(need, coverableOpt))

	p.blocks = newBlockIndex(p.cat)
	p.baseSt = p.blocks.stateFrom(p.held, p.inProgress)
	for _, c := range p.blocks.eval(p.baseSt, nil) {
		if c {
			p.baseCnt++
		}
	}
	p.blkPos = make([]int, len(p.cands))
	for i, c := range p.cands {
		p.blkPos[i] = -1
		if j, ok := p.blocks.credPos[c.id]; ok {
			p.blkPos[i] = j
		}
	}
	if dominance {
		p.greedy = p.greedyCover()
		p.filterDominated(kept)
	}
	return p, nil
}

// filterDominated takes the candidates not kept out of the coverers and providers lists, so
// that the search never branches on them; they stay candidates, for the greedy cover only.
// A list they would empty is left whole (dominance is a shortcut, never a constraint).
func (p *problem) filterDominated(kept []string) {
	keep := make([]bool, len(p.cands))
	for _, id := range kept {
		keep[p.candPos[id]] = true
	}
	filter := func(list []int) []int {
		out := make([]int, 0, len(list))
		for _, c := range list {
			if keep[c] {
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

// dropDominated removes candidates that another candidate beats on every count: it certifies
// at least as much of what matters, costs no more hours nor price, needs no more, is in no
// block and is nobody's prerequisite. Such a credential is never needed by an optimal plan.
func (p *problem) dropDominated(ids []string, prereqOf map[string][]string, needsOf map[string][]graph.Edge) []string {
	isPrereq := map[string]bool{}
	for _, id := range ids {
		for _, pre := range prereqOf[id] {
			isPrereq[pre] = true
		}
	}
	inBlock := map[string]bool{}
	for _, b := range p.cat.Blocks {
		if b != nil {
			for _, c := range b.Components {
				inBlock[c] = true
			}
		}
	}
	level := func(id string) map[string]int {
		m := map[string]int{}
		for _, e := range p.certBy[id] {
			if _, ok := p.compPos[e.To]; ok {
				m[e.To] = max(m[e.To], max(e.Level, graph.MinLevel))
			}
		}
		return m
	}
	needs := func(id string) map[string]int {
		m := map[string]int{}
		for _, e := range needsOf[id] {
			m[e.To] = max(m[e.To], max(e.Level, graph.MinLevel))
		}
		return m
	}
	certs := make(map[string]map[string]int, len(ids))
	needMap := make(map[string]map[string]int, len(ids))
	preSet := make(map[string]map[string]bool, len(ids))
	for _, id := range ids {
		certs[id] = level(id)
		needMap[id] = needs(id)
		preSet[id] = map[string]bool{}
		for _, x := range prereqOf[id] {
			preSet[id][x] = true
		}
	}
	dominates := func(b, a string) bool {
		cb, ca := p.pc.Credentials[b], p.pc.Credentials[a]
		if cb.Hours > ca.Hours || cb.Price > ca.Price || p.weight(cb) > p.weight(ca) {
			return false
		}
		for comp, l := range certs[a] {
			if certs[b][comp] < l {
				return false
			}
		}
		for _, x := range prereqOf[b] {
			if !preSet[a][x] && !p.done[x] {
				return false
			}
		}
		na := needMap[a]
		for comp, l := range needMap[b] {
			if na[comp] < l {
				return false
			}
		}
		// Equal on every count: keep the smaller id only.
		if cb.Hours == ca.Hours && cb.Price == ca.Price && len(certs[a]) == len(certs[b]) {
			return b < a
		}
		return true
	}
	// A dominating credential certifies everything a does, so only the certifiers of a's
	// rarest competency need a look: this keeps the pass near linear on large catalogues.
	certifiers := map[string][]string{}
	for _, id := range ids {
		for comp := range certs[id] {
			certifiers[comp] = append(certifiers[comp], id)
		}
	}
	var out []string
	for _, a := range ids {
		if isPrereq[a] || inBlock[a] {
			out = append(out, a)
			continue
		}
		rivals := ids
		for comp := range certs[a] {
			if len(certifiers[comp]) < len(rivals) {
				rivals = certifiers[comp]
			}
		}
		dominated := false
		for _, b := range rivals {
			if b != a && !isPrereq[b] && dominates(b, a) && !dominates(a, b) {
				dominated = true
				break
			}
		}
		if !dominated {
			out = append(out, a)
		}
	}
	return out
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
func (p *problem) weight(c *graph.Credential) float64 {
	switch p.obj {
	case ObjectiveCost:
		return c.Price
	case ObjectiveCount:
		return 1
	default:
		return c.Hours
	}
}

func (c *cand) certifies(comp, level int) bool {
	for _, x := range c.certs {
		if x.comp == comp {
			return x.level >= level
		}
	}
	return false
}

// closureTotals sums the price and hours of a credential and its prerequisites not yet done,
// and reports whether the prerequisites are free of cycles.
func closureTotals(id string, prereqOf map[string][]string, done map[string]bool, creds map[string]*graph.Credential) (price, hours float64, acyclic bool) {
	state := map[string]int{}
	acyclic = true
	var walk func(x string)
	walk = func(x string) {
		switch state[x] {
		case 1:
			acyclic = false
			return
		case 2:
			return
		}
		state[x] = 1
		if c := creds[x]; c != nil {
			price += c.Price
			hours += c.Hours
		}
		for _, pre := range prereqOf[x] {
			if !done[pre] {
				walk(pre)
			}
		}
		state[x] = 2
	}
	walk(id)
	return price, hours, acyclic
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
