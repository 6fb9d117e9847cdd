package pathways

import (
	"cmp"
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

// ctxIndex numbers a PathwayContext's credentials (sorted ids, then prerequisites named
// outside the context) and competencies, and keeps their edges in flat per-credential
// lists: preprocessing then runs on integers and slices, not on string-keyed maps, which
// dominated its time and garbage on large catalogues.
type ctxIndex struct {
	ids     []string
	creds   []*graph.Credential // nil for a prerequisite outside the context
	pos     map[string]int
	comps   []string // competency ids the role or a credential requires, in order of first appearance
	compPos map[string]int

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

// flatOf groups (owner, item) pairs by owner, keeping their order within an owner.
func flatOf[T any](n int, owners []int32, items []T) flat[T] {
	f := flat[T]{off: make([]int32, n+1), items: make([]T, len(items))}
	for _, o := range owners {
		f.off[o+1]++
	}
	for i := 1; i <= n; i++ {
		f.off[i] += f.off[i-1]
	}
	next := slices.Clone(f.off[:n])
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

// byCompMax sorts each list by competency and keeps the highest level of each.
func byCompMax(f *flat[lvl]) {
	sortUniq(f, func(a, b lvl) int {
		if a.comp != b.comp {
			return a.comp - b.comp
		}
		return b.level - a.level
	}, func(a, b lvl) bool { return a.comp == b.comp })
}

func newCtxIndex(pc *graph.PathwayContext) *ctxIndex {
	ix := &ctxIndex{pos: make(map[string]int, len(pc.Credentials)), compPos: map[string]int{},
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
	preOwners := make([]int32, 0, len(pc.Prerequisites))
	pres := make([]int, 0, len(pc.Prerequisites))
	for _, e := range pc.Prerequisites {
		if i := owner(e.From); i >= 0 {
			j, ok := ix.pos[e.To]
			if !ok {
				j = len(ix.ids)
				ix.pos[e.To] = j
				ix.ids = append(ix.ids, e.To)
				ix.creds = append(ix.creds, nil)
			}
			preOwners = append(preOwners, int32(i))
			pres = append(pres, j)
		}
	}
	// Competency edges by credential: the highest level of each competency, by competency.
	// Only the competencies the role or a credential requires are numbered: a certification
	// of any other one never matters, and most of a large catalogue's are such.
	byCred := func(edges []graph.Edge, add bool) flat[lvl] {
		restart()
		owners := make([]int32, 0, len(edges))
		items := make([]lvl, 0, len(edges))
		for _, e := range edges {
			if i := owner(e.From); i >= 0 {
				k, ok := ix.compPos[e.To]
				if !ok && !add {
					continue
				}
				if !ok {
					k = ix.comp(e.To)
				}
				owners = append(owners, int32(i))
				items = append(items, lvl{k, max(e.Level, graph.MinLevel)})
			}
		}
		f := flatOf(len(ix.ids), owners, items)
		byCompMax(&f)
		return f
	}
	ix.needEdges = byCred(pc.RequiredCompetencies, true)
	ix.certs = byCred(pc.Certifies, false)
	n := len(ix.ids)
	ix.prereqs = flatOf(n, preOwners, pres)
	sortUniq(&ix.prereqs, cmp.Compare[int], func(a, b int) bool { return a == b })
	compOwners := make([]int32, 0, len(ix.certs.items))
	certifiers := make([]certBy, 0, len(ix.certs.items))
	for i := 0; i < n; i++ {
		for _, ct := range ix.certs.at(i) {
			compOwners = append(compOwners, int32(ct.comp))
			certifiers = append(certifiers, certBy{i, ct.level})
		}
	}
	ix.certifiers = flatOf(len(ix.comps), compOwners, certifiers)
	return ix
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

// certLevel is the highest level a credential certifies a competency at, 0 when none.
func (ix *ctxIndex) certLevel(cred, comp int) int {
	for _, ct := range ix.certs.at(cred) {
		if ct.comp == comp {
			return ct.level
		}
	}
	return 0
}
