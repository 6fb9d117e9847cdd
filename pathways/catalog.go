package pathways

import (
	"slices"
	"sort"

	"github.com/skillgraph/skillgraph/graph"
)

// Catalog is the part of the graph the engine reasons over: credentials, blocks and the edges
// between credentials and competencies. CatalogFrom builds it from a PathwayContext; callers
// may also assemble one by hand (for instance a block's closure). Nil maps and slices are
// fine.
type Catalog struct {
	Credentials          map[string]*graph.Credential
	Blocks               map[string]*graph.Block
	Certifies            []graph.Edge // RelCertifies: credential -> competency {level}
	Prerequisites        []graph.Edge // RelPrerequisite: From requires To
	RequiredCompetencies []graph.Edge // RelRequiresCompetency: credential -> competency {level}
}

// CatalogFrom returns the catalogue held in a PathwayContext. It shares the context's maps
// (of a numbered context, those of its Full form).
func CatalogFrom(pc *graph.PathwayContext) Catalog {
	if pc == nil {
		return Catalog{}
	}
	pc = pc.Full()
	return Catalog{
		Credentials:          pc.Credentials,
		Blocks:               pc.Blocks,
		Certifies:            pc.Certifies,
		Prerequisites:        pc.Prerequisites,
		RequiredCompetencies: pc.RequiredCompetencies,
	}
}

// Holdings is what a learner already has, as the engine counts it.
type Holdings struct {
	// Levels: competency id -> the level held, the highest of the learner's HAS edges and of
	// the levels certified by credentials in Credentials.
	Levels map[string]int
	// Credentials earned in full: VALID, non-partial credential achievements, and the
	// credentials a VALID block achievement vouches for (see HoldingsFrom).
	Credentials map[string]bool
	// Partial: credentials with a VALID partial achievement whose credential allows partial
	// validation, and that are not also earned in full.
	Partial map[string]bool
	// Blocks earned: VALID block achievements and the nested blocks they vouch for.
	Blocks map[string]bool
}

// HoldingsFrom returns the learner's holdings in a PathwayContext.
//
// Only VALID achievements count. A block achievement vouches for its nested blocks and, when
// its rule is ALL, for each of its credentials (recursively through nested ALL blocks): under
// AT_LEAST or MIN rules the achievement does not say which components were taken, so only
// the block itself counts as earned and no competency level is inferred from it.
func HoldingsFrom(pc *graph.PathwayContext) Holdings {
	h := Holdings{Levels: map[string]int{}, Credentials: map[string]bool{},
		Partial: map[string]bool{}, Blocks: map[string]bool{}}
	if pc == nil {
		return h
	}
	for _, e := range pc.Holdings {
		level := max(e.Level, graph.MinLevel)
		if level > h.Levels[e.To] {
			h.Levels[e.To] = level
		}
	}
	var partial []string
	for _, a := range pc.Achievements {
		if a == nil || a.Status != graph.StatusValid {
			continue
		}
		switch {
		case a.CredentialID != "" && !a.Partial:
			h.Credentials[a.CredentialID] = true
		case a.CredentialID != "":
			partial = append(partial, a.CredentialID)
		case a.BlockID != "":
			vouchBlock(pc.Blocks, a.BlockID, true, h, map[string]bool{})
		}
	}
	for _, id := range partial {
		if c := pc.Credential(id); c != nil && c.PartialValidation && !h.Credentials[id] {
			h.Partial[id] = true
		}
	}
	raise := func(comp string, level int) {
		if level = max(level, graph.MinLevel); level > h.Levels[comp] {
			h.Levels[comp] = level
		}
	}
	if num := pc.Numbered; num != nil {
		// By number: the held credentials the context holds, and their certifications.
		for id := range h.Credentials {
			if i, ok := pc.Member(id); ok {
				for _, c := range num.Certifies.At(pc.Members[i]) {
					raise(num.CompetencyIDs[c.Comp], int(c.Level))
				}
			}
		}
		return h
	}
	// Edges come grouped by credential: one lookup per credential, not per edge.
	last, held := "", false
	for _, e := range pc.Certifies {
		if e.From != last {
			last, held = e.From, h.Credentials[e.From]
		}
		if held {
			raise(e.To, e.Level)
		}
	}
	return h
}

// vouchBlock marks a block earned and, while every rule on the way down is ALL, its
// credentials too. seen guards against cycles in hand-built catalogues.
func vouchBlock(blocks map[string]*graph.Block, id string, allChain bool, h Holdings, seen map[string]bool) {
	if seen[id] {
		return
	}
	seen[id] = true
	h.Blocks[id] = true
	b := blocks[id]
	if b == nil {
		return
	}
	all := allChain && b.Rule.Kind == graph.RuleAll
	for _, comp := range b.Components {
		if blocks[comp] != nil {
			vouchBlock(blocks, comp, all, h, seen)
		} else if all {
			h.Credentials[comp] = true
		}
	}
}

// sortedKeys returns a map's keys in ascending order, so that nothing depends on map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// blockIndex is a catalogue's blocks compiled for fast, repeated evaluation: components are
// resolved to credential or block indices and blocks are ordered children first.
type blockIndex struct {
	ids      []string                    // block ids, in evaluation order (nested blocks before their parents)
	sorted   []string                    // block ids, ascending
	evalPos  []int                       // by sorted: the place in ids
	creds    []string                    // every credential named by a component, sorted (or a problem's numbering)
	credPos  func(id string) (int, bool) // a credential's number
	extraPos map[string]int              // with a problem's numbering: components it does not number, after it
	named    []bool                      // by credential: some component names it (all, without a problem's numbering)
	credECTS []float64
	credHrs  []float64
	partOK   []bool // the credential allows partial validation
	comps    [][]component
	rules    []graph.Rule
	worthH   []float64 // total hours of the credentials under each block
	worthE   []float64
	cyclic   []bool // the block nests itself: it can never be complete
}

type component struct {
	block bool
	idx   int // index into blockIndex.ids (evaluation order) or blockIndex.creds; -1 when unknown
	id    string
}

// newBlockIndex indexes the blocks of cat, numbering the credentials their components name
// in id order.
func newBlockIndex(cat Catalog) *blockIndex {
	ix := &blockIndex{}
	ix.numberComponents(cat)
	ids, blocks, comps := blocksByID(cat.Blocks, func(id string) int {
		i, _ := ix.credPos(id)
		return i
	})
	ix.compile(ids, blocks, comps, new(scratch))
	return ix
}

// blocksByID lists the blocks of m (nil ones left out) in id order, with their components
// resolved: a block by its index in the list, any other id by the number cred gives it.
func blocksByID(m map[string]*graph.Block, cred func(id string) int) ([]string, []*graph.Block, [][]component) {
	ids := make([]string, 0, len(m))
	nComps := 0
	for id, b := range m {
		if b != nil {
			ids = append(ids, id)
			nComps += len(b.Components)
		}
	}
	slices.Sort(ids)
	at := make(map[string]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	blocks := make([]*graph.Block, len(ids))
	comps := make([][]component, len(ids))
	all := make([]component, 0, nComps) // one backing array
	for i, id := range ids {
		blocks[i] = m[id]
		from := len(all)
		for _, c := range blocks[i].Components {
			if j, ok := at[c]; ok {
				all = append(all, component{block: true, idx: j, id: c})
			} else {
				all = append(all, component{idx: cred(c), id: c})
			}
		}
		comps[i] = all[from:len(all):len(all)]
	}
	return ids, blocks, comps
}

// compile indexes blocks (ids ascending) whose components are resolved in comps: a block by
// its index in blocks, a credential by its number in ix (whose credentials are set). Blocks
// are ordered children first, by a depth-first post-order over the ids; a block met again
// while still open closes a cycle.
func (ix *blockIndex) compile(ids []string, blocks []*graph.Block, comps [][]component, sc *scratch) {
	n := len(ids)
	const open, closedOK, closedCyclic = 1, 2, 3
	state := sc.int8s.take(n)
	evalPos := sc.ints.take(n)
	order := sc.ints.room(n)
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case open, closedCyclic:
			return false
		case closedOK:
			return true
		}
		state[i] = open
		ok := true
		for _, c := range comps[i] {
			if c.block && !visit(c.idx) {
				ok = false
			}
		}
		state[i] = closedOK
		if !ok {
			state[i] = closedCyclic
		}
		evalPos[i] = len(order)
		order = append(order, i)
		return ok
	}
	nComps := 0
	for i := range ids {
		visit(i)
		nComps += len(comps[i])
	}
	ix.ids = sc.strings.take(n)
	ix.sorted, ix.evalPos = ids, evalPos // looked up by a search: a map of thousands of ids cost more
	ix.comps = sc.componentLists.take(n)
	ix.rules = sc.rules.take(n)
	ix.worthH = sc.floats.take(n)
	ix.worthE = sc.floats.take(n)
	ix.cyclic = sc.bools.take(n)
	all := sc.components.room(nComps) // the blocks' component lists, one backing array
	for e, i := range order {
		ix.ids[e] = ids[i]
		ix.rules[e] = blocks[i].Rule
		ix.cyclic[e] = state[i] == closedCyclic
		from := len(all)
		for _, c := range comps[i] {
			if c.block {
				j := evalPos[c.idx]
				all = append(all, component{block: true, idx: j, id: c.id})
				if j < e {
					ix.worthH[e] += ix.worthH[j]
					ix.worthE[e] += ix.worthE[j]
				}
			} else {
				all = append(all, c)
				ix.worthH[e] += ix.credHrs[c.idx]
				ix.worthE[e] += ix.credECTS[c.idx]
			}
		}
		ix.comps[e] = all[from:len(all):len(all)]
	}
}

// pos returns a block's place in evaluation order, and whether the index holds it.
func (ix *blockIndex) pos(id string) (int, bool) {
	if i, ok := slices.BinarySearch(ix.sorted, id); ok {
		return ix.evalPos[i], true
	}
	return 0, false
}

// numberComponents numbers the credentials the components name, in id order. Sized and
// sorted slices rather than sets: a large catalogue's blocks name tens of thousands.
func (ix *blockIndex) numberComponents(cat Catalog) {
	nComps := 0
	for _, b := range cat.Blocks {
		if b != nil {
			nComps += len(b.Components)
		}
	}
	creds := make([]string, 0, nComps)
	for _, b := range cat.Blocks {
		if b == nil {
			continue
		}
		for _, c := range b.Components {
			if cat.Blocks[c] == nil {
				creds = append(creds, c)
			}
		}
	}
	slices.Sort(creds)
	ix.creds = slices.Clip(slices.Compact(creds))
	nc := len(ix.creds)
	pos := make(map[string]int, nc)
	ix.credPos = func(id string) (int, bool) {
		i, ok := pos[id]
		return i, ok
	}
	ix.credECTS, ix.credHrs, ix.partOK = make([]float64, nc), make([]float64, nc), make([]bool, nc)
	ix.named = make([]bool, nc)
	for i, id := range ix.creds {
		pos[id] = i
		ix.named[i] = true
		if c := cat.Credentials[id]; c != nil {
			ix.credECTS[i], ix.credHrs[i], ix.partOK[i] = c.ECTS, c.Hours, c.PartialValidation
		}
	}
}

// credNum returns a credential's number.
func (ix *blockIndex) credNum(id string) (int, bool) {
	if i, ok := ix.credPos(id); ok {
		return i, true
	}
	i, ok := ix.extraPos[id]
	return i, ok
}

// namedCred returns the number of a credential some component names.
func (ix *blockIndex) namedCred(id string) (int, bool) {
	i, ok := ix.credNum(id)
	return i, ok && ix.named[i]
}

// blockState is the evaluation input: which credentials are done or validated in part
// (indexed like blockIndex.creds) and which blocks are earned outright.
type blockState struct {
	done, partial []bool
	earned        []bool // by block index
}

func (ix *blockIndex) newState() blockState {
	return blockState{done: make([]bool, len(ix.creds)), partial: make([]bool, len(ix.creds)),
		earned: make([]bool, len(ix.ids))}
}

// stateFrom marks the learner's holdings plus extra credentials as done.
func (ix *blockIndex) stateFrom(held Holdings, extra ...[]string) blockState {
	st := ix.newState()
	for id := range held.Credentials {
		if i, ok := ix.credNum(id); ok {
			st.done[i] = true
		}
	}
	for id := range held.Partial {
		if i, ok := ix.credNum(id); ok && ix.partOK[i] {
			st.partial[i] = true
		}
	}
	for id := range held.Blocks {
		if i, ok := ix.pos(id); ok {
			st.earned[i] = true
		}
	}
	for _, ids := range extra {
		for _, id := range ids {
			if i, ok := ix.credNum(id); ok {
				st.done[i] = true
			}
		}
	}
	return st
}

// ruleProgress is a block's progress under its rule: have and need are in the rule's unit
// (components for ALL and AT_LEAST, ECTS or hours for the MIN rules).
func (ix *blockIndex) ruleProgress(i int, st blockState, complete []bool) (have, need float64) {
	r := ix.rules[i]
	switch r.Kind {
	case graph.RuleMinECTS, graph.RuleMinHours:
		need = r.Min
		for _, c := range ix.comps[i] {
			switch {
			case c.block && complete[c.idx]:
				have += ix.pick(r.Kind, ix.worthH[c.idx], ix.worthE[c.idx])
			case !c.block && st.done[c.idx]:
				have += ix.pick(r.Kind, ix.credHrs[c.idx], ix.credECTS[c.idx])
			case !c.block && st.partial[c.idx]:
				// A partial validation counts for half its worth, and only under MIN rules.
				have += ix.pick(r.Kind, ix.credHrs[c.idx], ix.credECTS[c.idx]) / 2
			}
		}
	default:
		need = float64(len(ix.comps[i]))
		if r.Kind == graph.RuleAtLeast {
			need = float64(r.Count)
		}
		for _, c := range ix.comps[i] {
			if (c.block && complete[c.idx]) || (!c.block && st.done[c.idx]) {
				have++
			}
		}
	}
	return have, need
}

func (ix *blockIndex) pick(kind graph.RuleKind, hours, ects float64) float64 {
	if kind == graph.RuleMinHours {
		return hours
	}
	return ects
}

// eval returns, for each block (by index), whether it is complete.
func (ix *blockIndex) eval(st blockState, complete []bool) []bool {
	if len(complete) != len(ix.ids) {
		complete = make([]bool, len(ix.ids))
	}
	for i := range ix.ids {
		complete[i] = ix.evalOne(i, st, complete)
	}
	return complete
}

// evalOnly is eval over the blocks of only (ascending indices, so nested blocks first): the
// others keep their value in complete. For a search, which knows at its root the blocks no
// plan below can complete.
func (ix *blockIndex) evalOnly(st blockState, complete []bool, only []int) {
	for _, i := range only {
		complete[i] = ix.evalOne(i, st, complete)
	}
}

// evalOne is whether block i is complete, its nested blocks evaluated in complete already.
func (ix *blockIndex) evalOne(i int, st blockState, complete []bool) bool {
	switch {
	case st.earned[i]:
		return true
	case ix.cyclic[i]:
		return false
	}
	have, need := ix.ruleProgress(i, st, complete)
	return have >= need-eps
}

const eps = 1e-9

// BlocksCompletedBy returns the ids of the blocks and certifications of the catalogue that
// the given credentials complete by themselves, nested blocks included (a certification
// whose blocks are all completed counts). Sorted by id. It returns no error: unknown ids are
// ignored.
func BlocksCompletedBy(in Catalog, credentialIDs []string) []string {
	ix := newBlockIndex(in)
	st := ix.stateFrom(Holdings{}, credentialIDs)
	complete := ix.eval(st, nil)
	var out []string
	for i, id := range ix.ids {
		if complete[i] {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}
