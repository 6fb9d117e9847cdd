package pathways

import (
	"cmp"
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

// ctxIndex numbers a PathwayContext's credentials (sorted ids, then prerequisites named
// outside the context) and competencies, and keeps their edges in flat per-credential
// lists: preprocessing then runs on integers and slices, not on string-keyed maps, which
// dominated its time and garbage on large catalogues. A numbered context (pc.Numbered) is
// read by number; any other by id.
type ctxIndex struct {
	pc    *graph.PathwayContext
	ids   []string
	creds []*graph.Credential // nil for a prerequisite outside the context
	pos   map[string]int      // by id; of a numbered context, its outside prerequisites only
	local []int32             // of a numbered context: catalogue credential -> its number + 1, 0 outside
	// figs holds the credentials' figures: by catalogue number for a numbered context whose
	// catalogue has them (members maps a credential to it), else by the context's number.
	figs    []graph.CredentialFigures
	members []int32
	comps   []string       // competency ids the role or a credential requires, in order of first appearance
	compPos map[string]int // of a numbered context, the role's competencies only (see compNum)
	// compLocal is, of a numbered context, catalogue competency -> its number here, -1 for none.
	compLocal []int32

	certs      flat[lvl]    // per credential: competencies certified, the highest level each, by competency
	prereqs    flat[int]    // per credential: its prerequisites, ascending, without repeats
	needEdges  flat[lvl]    // per credential: required competencies, the highest level each, by competency
	certifiers flat[certBy] // per competency: credentials certifying it, ascending, at their level
}

// certBy is a credential certifying a competency, at a level.
type certBy struct{ cred, level int }

// flat is a list of lists in one slice: list i is items[off[i]:off[i+1]].
type flat[T any] struct {
	off   []int32
	items []T
}

func (f *flat[T]) at(i int) []T { return f.items[f.off[i]:f.off[i+1]] }

// flatOf groups (owner, item) pairs by owner, keeping their order within an owner, in arrays
// lent by offs and lists (made when nil).
func flatOf[T any](offs *slab[int32], lists *slab[T], n int, owners []int32, items []T) flat[T] {
	f := flat[T]{off: offs.take(n + 1), items: lists.take(len(items))}
	for _, o := range owners {
		f.off[o+1]++
	}
	for i := 1; i <= n; i++ {
		f.off[i] += f.off[i-1]
	}
	next := offs.take(n)
	copy(next, f.off[:n])
	for i, o := range owners {
		f.items[next[o]] = items[i]
		next[o]++
	}
	return f
}

// sortUniq sorts each list by order and keeps the first of each run of items same calls equal.
func sortUniq[T any](f *flat[T], order func(a, b T) int, same func(a, b T) bool) {
	out := f.items[:0]
	start := int32(0)
	for i := 0; i+1 < len(f.off); i++ {
		list := f.items[f.off[i]:f.off[i+1]]
		slices.SortFunc(list, order)
		f.off[i] = start
		for j, x := range list {
			if j == 0 || !same(x, list[j-1]) {
				out = append(out, x)
				start++
			}
		}
	}
	f.off[len(f.off)-1] = start
	f.items = out
}

// byCompMax sorts each list by competency and keeps the highest level of each. A context's
// lists are tens of thousands of a few items each: they are sorted by insertion, in place,
// without a call per comparison.
func byCompMax(f *flat[lvl]) {
	before := func(a, b lvl) bool { return a.comp < b.comp || (a.comp == b.comp && a.level > b.level) }
	out := f.items[:0]
	start := int32(0)
	for i := 0; i+1 < len(f.off); i++ {
		list := f.items[f.off[i]:f.off[i+1]]
		if len(list) > 16 {
			slices.SortFunc(list, func(a, b lvl) int {
				if a.comp != b.comp {
					return a.comp - b.comp
				}
				return b.level - a.level
			})
		} else {
			for a := 1; a < len(list); a++ {
				x, b := list[a], a
				for ; b > 0 && before(x, list[b-1]); b-- {
					list[b] = list[b-1]
				}
				list[b] = x
			}
		}
		f.off[i] = start
		for j, x := range list { // out never passes list[j-1]: it is read first
			if j == 0 || x.comp != list[j-1].comp {
				out = append(out, x)
				start++
			}
		}
	}
	f.off[len(f.off)-1] = start
	f.items = out
}

// figures returns credential i's figures: zero for a prerequisite outside the context.
func (ix *ctxIndex) figures(i int) graph.CredentialFigures {
	if ix.members != nil {
		if i < len(ix.members) {
			return ix.figs[ix.members[i]]
		}
		return graph.CredentialFigures{}
	}
	if i < len(ix.figs) {
		return ix.figs[i]
	}
	return graph.CredentialFigures{}
}

// fillFigures sets figs from the credentials, for an index the catalogue gives none.
func (ix *ctxIndex) fillFigures() {
	ix.figs = make([]graph.CredentialFigures, len(ix.creds))
	for i, c := range ix.creds {
		if c != nil {
			ix.figs[i] = graph.FiguresOf(c)
		}
	}
}

// newCtxIndex indexes pc, with arrays lent by sc.
func newCtxIndex(pc *graph.PathwayContext, sc *scratch) *ctxIndex {
	if pc.Numbered != nil {
		return newNumberedIndex(pc, sc)
	}
	ix := &ctxIndex{pc: pc, pos: make(map[string]int, len(pc.Credentials)), compPos: map[string]int{},
		ids: make([]string, 0, len(pc.Credentials)), creds: make([]*graph.Credential, 0, len(pc.Credentials))}
	if !ix.numberInOrder(pc) {
		ix.ids, ix.creds = ix.ids[:0], ix.creds[:0]
		clear(ix.pos)
		for id, c := range pc.Credentials {
			if c != nil {
				ix.ids = append(ix.ids, id)
			}
		}
		slices.Sort(ix.ids)
		for i, id := range ix.ids {
			ix.pos[id] = i
			ix.creds = append(ix.creds, pc.Credentials[id])
		}
	}
	// Edges come grouped by credential, and from the stores in id order: an owner is found by
	// walking the sorted ids forward from the last one's place, with a map lookup only when
	// that fails (edges in another order), and each list starts the walk again.
	nCtx := len(ix.ids)
	last, lastPos, cur := "", -1, 0
	owner := func(id string) int {
		if id == last {
			return lastPos
		}
		last, lastPos = id, -1
		for cur < nCtx && ix.ids[cur] < id {
			cur++
		}
		if cur < nCtx && ix.ids[cur] == id {
			lastPos = cur
		} else if i, ok := ix.pos[id]; ok && ix.creds[i] != nil {
			lastPos, cur = i, i
		}
		return lastPos
	}
	restart := func() { last, lastPos, cur = "", -1, 0 }
	for _, r := range pc.Requirements {
		ix.comp(r.To)
	}
	// Prerequisites first: those outside the context are numbered too, after the others.
	var e edgeLists
	for _, p := range pc.Prerequisites {
		if i := owner(p.From); i >= 0 {
			e.pre(i, ix.outside(p.To))
		}
	}
	// Competency edges by credential. Only the competencies the role or a credential requires
	// are numbered: a certification of any other one never matters, and most of a large
	// catalogue's are such.
	restart()
	for _, r := range pc.RequiredCompetencies {
		if i := owner(r.From); i >= 0 {
			e.need(i, ix.comp(r.To), r.Level)
		}
	}
	restart()
	for _, c := range pc.Certifies {
		if i := owner(c.From); i >= 0 {
			if k, ok := ix.compPos[c.To]; ok {
				e.cert(i, k, c.Level)
			}
		}
	}
	ix.index(&e, sc)
	ix.fillFigures()
	return ix
}

// newNumberedIndex is newCtxIndex for a numbered context: the same numbering, read from the
// numbered catalogue's lists (in the same order as a context's edges by id) instead of edges
// looked up by id.
func newNumberedIndex(pc *graph.PathwayContext, sc *scratch) *ctxIndex {
	num := pc.Numbered
	n := len(pc.Members)
	ix := &ctxIndex{pc: pc, pos: map[string]int{}, compPos: map[string]int{},
		ids: sc.strings.take(n), creds: sc.creds.take(n)}
	ix.prereqs.off = sc.int32s.take(n + 1)[:1]
	ix.needEdges.off = sc.int32s.take(n + 1)[:1]
	ix.certs.off = sc.int32s.take(n + 1)[:1]
	ix.local = sc.int32s.take(len(num.Credentials))
	for i, g := range pc.Members {
		ix.ids[i], ix.creds[i] = num.CredentialIDs[g], num.Credentials[g]
		ix.local[g] = int32(i) + 1
	}
	// compLocal: catalogue competency -> the context's number, -1 while unnumbered.
	compLocal := sc.int32s.take(len(num.CompetencyIDs))
	for k := range compLocal {
		compLocal[k] = -1
	}
	for _, r := range pc.Requirements {
		k := ix.comp(r.To)
		if g, ok := num.CompetencyNum[r.To]; ok {
			compLocal[g] = int32(k)
		}
	}
	// Lists built in credential order, each credential's at once: no regrouping, and each
	// allocated once at its size (certifications of competencies numbered after the
	// requirements are counted once those are).
	nPre, nNeed := 0, 0
	for _, g := range pc.Members {
		nPre += len(num.Prerequisites.At(g))
		nNeed += len(num.Requires.At(g))
	}
	pres, needs := sc.ints.room(nPre), sc.lvls.room(nNeed)
	for _, g := range pc.Members {
		for _, q := range num.Prerequisites.At(g) {
			j := int(ix.local[q]) - 1
			if j < 0 {
				j = ix.outside(num.CredentialIDs[q])
			}
			pres = append(pres, j)
		}
		ix.prereqs.off = append(ix.prereqs.off, int32(len(pres)))
		for _, r := range num.Requires.At(g) {
			if compLocal[r.Comp] < 0 { // numbered here only: compNum finds it by the catalogue
				compLocal[r.Comp] = int32(len(ix.comps))
				ix.comps = append(ix.comps, num.CompetencyIDs[r.Comp])
			}
			needs = append(needs, lvl{int(compLocal[r.Comp]), max(int(r.Level), graph.MinLevel)})
		}
		ix.needEdges.off = append(ix.needEdges.off, int32(len(needs)))
	}
	nCert := 0
	for _, g := range pc.Members {
		for _, c := range num.Certifies.At(g) {
			if compLocal[c.Comp] >= 0 {
				nCert++
			}
		}
	}
	certs := sc.lvls.room(nCert)
	for _, g := range pc.Members {
		for _, c := range num.Certifies.At(g) {
			if k := compLocal[c.Comp]; k >= 0 {
				certs = append(certs, lvl{int(k), max(int(c.Level), graph.MinLevel)})
			}
		}
		ix.certs.off = append(ix.certs.off, int32(len(certs)))
	}
	ix.prereqs.items, ix.needEdges.items, ix.certs.items = pres, needs, certs
	ix.compLocal = compLocal
	// Prerequisites outside the context have no lists.
	for range len(ix.ids) - n {
		ix.prereqs.off = append(ix.prereqs.off, int32(len(pres)))
		ix.needEdges.off = append(ix.needEdges.off, int32(len(needs)))
		ix.certs.off = append(ix.certs.off, int32(len(certs)))
	}
	if len(num.Figures) == len(num.Credentials) {
		ix.figs, ix.members = num.Figures, pc.Members
	} else {
		ix.fillFigures()
	}
	ix.finish(sc)
	return ix
}

// edgeLists collects a context's edges by credential number, for ctxIndex.index.
type edgeLists struct {
	preOwners, needOwners, certOwners []int32
	pres                              []int
	needs, certs                      []lvl
}

func (e *edgeLists) pre(from, to int) {
	e.preOwners = append(e.preOwners, int32(from))
	e.pres = append(e.pres, to)
}

func (e *edgeLists) need(from, comp, level int) {
	e.needOwners = append(e.needOwners, int32(from))
	e.needs = append(e.needs, lvl{comp, max(level, graph.MinLevel)})
}

func (e *edgeLists) cert(from, comp, level int) {
	e.certOwners = append(e.certOwners, int32(from))
	e.certs = append(e.certs, lvl{comp, max(level, graph.MinLevel)})
}

// index groups the edges by credential, then finishes the lists.
func (ix *ctxIndex) index(e *edgeLists, sc *scratch) {
	n := len(ix.ids)
	ix.needEdges = flatOf(&sc.int32s, &sc.lvls, n, e.needOwners, e.needs)
	ix.certs = flatOf(&sc.int32s, &sc.lvls, n, e.certOwners, e.certs)
	ix.prereqs = flatOf(&sc.int32s, &sc.ints, n, e.preOwners, e.pres)
	ix.finish(sc)
}

// finish keeps the highest level of each competency in a credential's lists, by competency,
// and its prerequisites ascending, once each; and lists each competency's certifiers.
func (ix *ctxIndex) finish(sc *scratch) {
	n := len(ix.ids)
	byCompMax(&ix.needEdges)
	byCompMax(&ix.certs)
	sortUniq(&ix.prereqs, cmp.Compare[int], func(a, b int) bool { return a == b })
	compOwners := sc.int32s.room(len(ix.certs.items))
	certifiers := sc.certBys.room(len(ix.certs.items))
	for i := 0; i < n; i++ {
		for _, ct := range ix.certs.at(i) {
			compOwners = append(compOwners, int32(ct.comp))
			certifiers = append(certifiers, certBy{i, ct.level})
		}
	}
	ix.certifiers = flatOf(&sc.int32s, &sc.certBys, len(ix.comps), compOwners, certifiers)
}

// find returns the number of the credential id, and whether the index numbers it.
func (ix *ctxIndex) find(id string) (int, bool) {
	if num := ix.pc.Numbered; num != nil {
		if g, ok := num.CredentialNum[id]; ok && ix.local[g] > 0 {
			return int(ix.local[g]) - 1, true
		}
	}
	i, ok := ix.pos[id]
	return i, ok
}

// outside numbers a prerequisite, adding it after the others (with no credential) when the
// context does not hold it.
func (ix *ctxIndex) outside(id string) int {
	if j, ok := ix.find(id); ok {
		return j
	}
	j := len(ix.ids)
	ix.pos[id] = j
	ix.ids = append(ix.ids, id)
	ix.creds = append(ix.creds, nil)
	return j
}

// numberInOrder numbers the credentials in the order of pc.CredentialIDs when it lists the
// keys of pc.Credentials in ascending order, each once, every one a credential; otherwise it
// reports false, having numbered some.
func (ix *ctxIndex) numberInOrder(pc *graph.PathwayContext) bool {
	if len(pc.CredentialIDs) != len(pc.Credentials) {
		return false
	}
	for i, id := range pc.CredentialIDs {
		c := pc.Credentials[id]
		if c == nil || (i > 0 && pc.CredentialIDs[i-1] >= id) {
			return false
		}
		ix.ids = append(ix.ids, id)
		ix.creds = append(ix.creds, c)
		ix.pos[id] = i
	}
	return true
}

// comp numbers a competency, adding it when new.
func (ix *ctxIndex) comp(id string) int {
	if k, ok := ix.compPos[id]; ok {
		return k
	}
	k := len(ix.comps)
	ix.compPos[id] = k
	ix.comps = append(ix.comps, id)
	return k
}

// compNum returns the number of the competency id, and whether the index numbers it.
func (ix *ctxIndex) compNum(id string) (int, bool) {
	if k, ok := ix.compPos[id]; ok {
		return k, true
	}
	if ix.compLocal != nil {
		if g, ok := ix.pc.Numbered.CompetencyNum[id]; ok && ix.compLocal[g] >= 0 {
			return int(ix.compLocal[g]), true
		}
	}
	return 0, false
}

// certLevel is the highest level a credential certifies a competency at, 0 when none.
func (ix *ctxIndex) certLevel(cred, comp int) int {
	for _, ct := range ix.certs.at(cred) {
		if ct.comp == comp {
			return ct.level
		}
	}
	return 0
}

// blocksByNumber is keptByID over a numbered context's blocks, read by number: which blocks
// are kept is found from their component numbers, and only the kept ones are resolved: a
// credential component by the index's number, a block by its place among the kept ones, and
// any other component (a block or credential outside the context, an id naming nothing) by
// its id, with idx -1.
func (ix *ctxIndex) blocksByNumber(wanted []bool, sc *scratch) ([]string, []*graph.Block, [][]component) {
	num, held := ix.pc.Numbered, ix.pc.BlockMembers
	nb := int32(len(num.Blocks))
	// place returns the place among the context's blocks of a component naming one, or -1.
	place := func(x int32) int {
		if x >= 0 || x < -nb {
			return -1
		}
		if j, ok := slices.BinarySearch(held, -1-x); ok {
			return j
		}
		return -1
	}
	keep := keptBlocks(sc, len(held), func(i int) bool {
		for _, x := range num.Components.At(held[i]) {
			if x >= 0 && ix.local[x] > 0 && wanted[ix.local[x]-1] {
				return true
			}
		}
		return false
	}, func(i int, visit func(j int)) {
		for _, x := range num.Components.At(held[i]) {
			if j := place(x); j >= 0 {
				visit(j)
			}
		}
	})
	renum := sc.ints.take(len(held))
	kept, nComps := 0, 0
	for i, k := range keep {
		renum[i] = -1
		if k {
			renum[i] = kept
			kept++
			nComps += len(num.Components.At(held[i]))
		}
	}
	ids := sc.strings.room(kept)
	blocks := sc.blocks.room(kept)
	comps := sc.componentLists.room(kept)
	all := sc.components.room(nComps) // one backing array
	for i, b := range held {
		if !keep[i] {
			continue
		}
		ids, blocks = append(ids, num.BlockIDs[b]), append(blocks, num.Blocks[b])
		from := len(all)
		for _, x := range num.Components.At(b) {
			id, g, isCred, _ := num.Component(x)
			switch j := place(x); {
			case j >= 0:
				all = append(all, component{block: true, idx: renum[j], id: id})
			case isCred && ix.local[g] > 0:
				all = append(all, component{idx: int(ix.local[g]) - 1, id: id})
			default: // a prerequisite numbered outside the context, or none
				j, ok := ix.pos[id]
				if !ok {
					j = -1
				}
				all = append(all, component{idx: j, id: id})
			}
		}
		comps = append(comps, all[from:len(all):len(all)])
	}
	return ids, blocks, comps
}
