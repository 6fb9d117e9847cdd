package embedded

import (
	"context"
	"slices"
	"sync"

	"github.com/skillgraph/skillgraph/graph"
)

// pathIndex numbers the catalogue's credentials (in id order) and blocks, and keeps the edges
// a pathway context walks as lists of numbers: a context then walks integers and marks in
// arrays instead of looking every id up in maps of the whole catalogue, which on a large
// catalogue was most of its time. It is built on the first context after a change to the
// catalogue (credentials, blocks, competencies, or their CERTIFIES, PREREQUISITE and
// REQUIRES_COMPETENCY edges) and read-only after: learners' writes leave it as it is.
type pathIndex struct {
	// num numbers the credentials and competencies, and holds each credential's edges: the
	// walk follows its prerequisite lists, and contexts are lists of its numbers.
	num    *graph.NumberedCatalogue
	credUp graph.NumLists // per credential: the blocks comprising it

	blockUp graph.NumLists // per block: the blocks comprising it
	// certifiedBy lists per competency the credentials certifying it, in the order of its
	// incoming CERTIFIES edges: a context's seeds without a lookup by id for each.
	certifiedBy graph.NumLists

	// walks keeps contextWalks between contexts: a walk's marks are sized by the catalogue
	// and its lists by the largest contexts, and made anew for each they were most of what
	// a context allocated.
	walks sync.Pool
}

// catalogueChange reports whether ch changes what a pathIndex holds.
func catalogueChange(ch *changes) bool {
	kinds := func(nodes []graph.Node) bool {
		for _, n := range nodes {
			switch n.NodeKind() {
			case graph.KindCredential, graph.KindBlock, graph.KindCompetency:
				return true
			}
		}
		return false
	}
	walked := func(t graph.RelType) bool {
		return t == graph.RelCertifies || t == graph.RelPrerequisite || t == graph.RelRequiresCompetency
	}
	for _, e := range ch.edges {
		if walked(e.Type) {
			return true
		}
	}
	for _, k := range ch.unlinked {
		if walked(k.t) {
			return true
		}
	}
	return kinds(ch.nodes) || kinds(ch.deleted)
}

// pathIndex returns the index of the catalogue as it is, building it when a write has
// dropped it. Called under s.mu (for reading).
func (s *Store) pathIndex() *pathIndex {
	s.pmu.Lock()
	defer s.pmu.Unlock()
	if s.pix == nil {
		s.pix = s.buildPathIndex()
	}
	return s.pix
}

// Warm builds the pathway index the first pathway context would build: about a second with
// 200,000 credentials, which the first recommendation after opening, or after a change to
// the catalogue, would otherwise wait for. EINTERNAL once closed.
func (s *Store) Warm(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return wrap("Warm", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return wrap("Warm", err)
	}
	s.pathIndex()
	return nil
}

var _ graph.Warmer = (*Store)(nil)

// dropPathIndex drops the index after a change to the catalogue. Called under s.mu.
func (s *Store) dropPathIndex() {
	s.pmu.Lock()
	s.pix = nil
	s.pmu.Unlock()
}

func (s *Store) buildPathIndex() *pathIndex {
	num := &graph.NumberedCatalogue{}
	ix := &pathIndex{num: num}
	num.CredentialIDs, num.Credentials, num.CredentialNum = numberByID[*graph.Credential](s.byKind[graph.KindCredential])
	num.Figures = make([]graph.CredentialFigures, len(num.Credentials))
	for i, c := range num.Credentials {
		num.Figures[i] = graph.FiguresOf(c)
	}
	num.CompetencyIDs, _, num.CompetencyNum = numberByID[*graph.Competency](s.byKind[graph.KindCompetency])
	var blockPos map[string]int32
	num.BlockIDs, num.Blocks, blockPos = numberByID[*graph.Block](s.byKind[graph.KindBlock])

	certifies, prerequisites := s.adj[graph.RelCertifies], s.adj[graph.RelPrerequisite]
	requires, comprises := s.adj[graph.RelRequiresCompetency], s.adj[graph.RelComprises]
	// up lists the blocks comprising id: COMPRISES edges come from blocks only (a block's
	// components are their source).
	var scratch []int32
	up := func(id string) []int32 {
		scratch = scratch[:0]
		for _, e := range comprises.inOf(id) {
			if b, ok := blockPos[comprises.id(e.from)]; ok {
				scratch = append(scratch, b)
			}
		}
		return scratch
	}
	var levels []graph.CompLevel
	byComp := func(a *adjacency, edges []edge) []graph.CompLevel {
		levels = levels[:0]
		for _, e := range edges {
			if k, ok := num.CompetencyNum[a.id(e.to)]; ok {
				levels = append(levels, graph.CompLevel{Comp: k, Level: int32(e.level)})
			}
		}
		slices.SortFunc(levels, func(a, b graph.CompLevel) int { return int(a.Comp - b.Comp) })
		return levels
	}
	for _, id := range num.CredentialIDs {
		num.Certifies.Add(byComp(certifies, certifies.outOf(id)))
		num.Requires.Add(byComp(requires, requires.outOf(id)))
		scratch = scratch[:0]
		for _, e := range prerequisites.outOf(id) {
			if j, ok := num.CredentialNum[prerequisites.id(e.to)]; ok {
				scratch = append(scratch, j)
			}
		}
		slices.Sort(scratch)
		num.Prerequisites.Add(slices.Compact(scratch))
		ix.credUp.Add(up(id))
	}
	for _, id := range num.CompetencyIDs {
		scratch = scratch[:0]
		for _, e := range certifies.inOf(id) {
			if j, ok := num.CredentialNum[certifies.id(e.from)]; ok {
				scratch = append(scratch, j)
			}
		}
		ix.certifiedBy.Add(scratch)
	}
	var comps []int32
	unnamed := map[string]int32{}
	nb := int32(len(num.Blocks))
	for _, b := range num.Blocks {
		comps = comps[:0]
		for _, c := range b.Components {
			if j, ok := blockPos[c]; ok {
				comps = append(comps, -1-j)
			} else if j, ok := num.CredentialNum[c]; ok {
				comps = append(comps, j)
			} else {
				k, ok := unnamed[c]
				if !ok {
					k = int32(len(num.Unnamed))
					unnamed[c] = k
					num.Unnamed = append(num.Unnamed, c)
				}
				comps = append(comps, -1-nb-k)
			}
		}
		num.Components.Add(comps)
		ix.blockUp.Add(up(b.ID))
	}
	return ix
}

// numberByID numbers the nodes of recs in id order: their ids, their nodes and each id's number.
func numberByID[T graph.Node](recs map[string]*rec) ([]string, []T, map[string]int32) {
	ids := make([]string, 0, len(recs))
	for id := range recs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	nodes := make([]T, len(ids))
	pos := make(map[string]int32, len(ids))
	for i, id := range ids {
		nodes[i] = recs[id].n.(T)
		pos[id] = int32(i)
	}
	return ids, nodes, pos
}

// contextWalk is one pathway context's walk over a pathIndex: which credentials and blocks
// it holds, marked by number. What it returns is copied out of it (see walk and done).
type contextWalk struct {
	ix      *pathIndex
	inCtx   []bool // per credential
	members []int32
	stack   []int32

	blockSeen, queued  []bool // per block: above the context; in the closure or its next round
	partSeen           []bool // per credential: a component of the closure
	above, next, front []int32
	held, parts, seeds []int32
}

// walk lends a contextWalk of ix, its marks clear.
func (ix *pathIndex) walk() *contextWalk {
	if w, ok := ix.walks.Get().(*contextWalk); ok {
		return w
	}
	nc, nb := len(ix.num.Credentials), len(ix.num.Blocks)
	return &contextWalk{ix: ix, inCtx: make([]bool, nc), partSeen: make([]bool, nc),
		blockSeen: make([]bool, nb), queued: make([]bool, nb)}
}

// done clears the walk's marks and lists and gives it back.
func (w *contextWalk) done() {
	clear(w.inCtx)
	clear(w.partSeen)
	clear(w.blockSeen)
	clear(w.queued)
	w.members, w.stack, w.above, w.next = w.members[:0], w.stack[:0], w.above[:0], w.next[:0]
	w.front, w.held, w.parts, w.seeds = w.front[:0], w.held[:0], w.parts[:0], w.seeds[:0]
	w.ix.walks.Put(w)
}

// addPrerequisites adds the credentials numbered in ords, and those they require, transitively.
func (w *contextWalk) addPrerequisites(ords []int32) {
	w.stack = append(w.stack[:0], ords...)
	for len(w.stack) > 0 {
		i := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		if w.inCtx[i] {
			continue
		}
		w.inCtx[i] = true
		w.members = append(w.members, i)
		for _, j := range w.ix.num.Prerequisites.At(i) {
			if !w.inCtx[j] {
				w.stack = append(w.stack, j)
			}
		}
	}
}

// blocksAbove returns the blocks above the context's credentials, a round per level as
// graph.BlocksAbove, within graph.MaxClosureBlocks.
func (w *contextWalk) blocksAbove() []int32 {
	ix := w.ix
	seen := w.blockSeen
	above, next := w.above[:0], w.next[:0]
	nSeen := 0
	visit := func(list []int32) {
		for _, b := range list {
			if !seen[b] {
				seen[b] = true
				nSeen++
				above = append(above, b)
				next = append(next, b)
			}
		}
	}
	for _, c := range w.members {
		visit(ix.credUp.At(c))
	}
	frontier := append(w.front[:0], next...)
	for len(frontier) > 0 && nSeen < graph.MaxClosureBlocks {
		next = next[:0]
		for _, b := range frontier {
			visit(ix.blockUp.At(b))
		}
		frontier = append(frontier[:0], next...)
	}
	w.above, w.next, w.front = above, next, frontier
	return above
}

// closure adds the blocks in roots, those nested in them (a round per level as
// graph.BlockClosure, within graph.MaxClosureBlocks) and the credentials they comprise, and
// returns the blocks by number, ascending, in a list of its own.
func (w *contextWalk) closure(roots []int32) []int32 {
	ix := w.ix
	queued, partSeen := w.queued, w.partSeen
	held, parts, next := w.held[:0], w.parts[:0], w.next[:0]
	frontier := w.front[:0] // roots may be w.above, never w.front
	for _, b := range roots {
		if !queued[b] {
			queued[b] = true
			frontier = append(frontier, b)
		}
	}
	for len(frontier) > 0 && len(held) < graph.MaxClosureBlocks {
		held = append(held, frontier...)
		next = next[:0]
		for _, b := range frontier {
			for _, x := range ix.num.Components.At(b) {
				switch _, c, cred, block := ix.num.Component(x); {
				case block && !queued[c]:
					queued[c] = true
					next = append(next, c)
				case cred && !partSeen[c]:
					partSeen[c] = true
					parts = append(parts, c)
				}
			}
		}
		frontier = append(frontier[:0], next...)
	}
	w.addPrerequisites(parts)
	w.held, w.parts, w.next, w.front = held, parts, next, frontier
	out := slices.Clone(held)
	slices.Sort(out)
	return out
}

// credentialsByID lists the context's credentials by number, which is id order, in a list of
// its own. A large context is listed by a pass over the marks, linear in the catalogue;
// sorting its tens of thousands of numbers took a few milliseconds. A small one is sorted.
func (w *contextWalk) credentialsByID() []int32 {
	if len(w.members) < len(w.inCtx)/16 {
		out := slices.Clone(w.members)
		slices.Sort(out)
		return out
	}
	out := make([]int32, 0, len(w.members))
	for i, in := range w.inCtx {
		if in {
			out = append(out, int32(i))
		}
	}
	return out
}
