package embedded

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// The edges are held compactly: an edge is four numbers, its ends numbered in a table the
// store's adjacencies share, its level, importance and source as small codes, and the
// properties only some edges carry (weight, kind, since) in a side slot. Nothing in an edge is a pointer, so the collector does not
// scan the millions of them a large catalogue has: at ten times the demo's catalogue, edges
// held as graph.Edge values and pointers to them were about 520 MB of the live heap, and the
// mark phase's largest part.

// interned numbers strings, counting references: a string's number is freed, for the next
// new string, when its last reference goes. The empty string is -1 and not stored.
type interned struct {
	num   map[string]int32
	texts []string
	refs  []int32
	free  []int32
}

func newInterned() *interned { return &interned{num: map[string]int32{}} }

// ref returns s's number, numbering s if new, and counts one more reference to it.
func (t *interned) ref(s string) int32 {
	if s == "" {
		return -1
	}
	n, ok := t.num[s]
	if !ok {
		if k := len(t.free); k > 0 {
			n, t.free = t.free[k-1], t.free[:k-1]
			t.texts[n], t.refs[n] = s, 0
		} else {
			n = int32(len(t.texts))
			t.texts = append(t.texts, s)
			t.refs = append(t.refs, 0)
		}
		t.num[s] = n
	}
	t.refs[n]++
	return n
}

// unref drops a reference to n, freeing it with the last.
func (t *interned) unref(n int32) {
	if n < 0 {
		return
	}
	if t.refs[n]--; t.refs[n] == 0 {
		delete(t.num, t.texts[n])
		t.texts[n] = ""
		t.free = append(t.free, n)
	}
}

// lookup returns s's number, if s is referenced.
func (t *interned) lookup(s string) (int32, bool) {
	n, ok := t.num[s]
	return n, ok
}

// text returns the string numbered n.
func (t *interned) text(n int32) string {
	if n < 0 {
		return ""
	}
	return t.texts[n]
}

// edge is one stored edge: its ends' numbers (see adjacency.ends), its place in its
// adjacency's extras (-1 when it has none), its level, and its importance and source as
// places in importances and sources.
type edge struct {
	from, to           int32
	extra              int32
	level              int8
	importance, source uint8
}

// The values an edge's importance and source can take (graph.Edge.Validate), by code.
var (
	importances = []graph.Importance{"", graph.Essential, graph.Optional}
	sources     = []graph.HoldingSource{"", graph.SourceDeclared, graph.SourceAssessed, graph.SourceCertified}
)

// checkCompact reports an edge property an adjacency cannot hold, for edges that did not go
// through graph.Edge.Validate (read from a file or another store): every valid edge fits.
func checkCompact(g *graph.Edge) error {
	switch {
	case g.Level < math.MinInt8 || g.Level > math.MaxInt8:
		return fmt.Errorf("level %d out of range", g.Level)
	case !slices.Contains(importances, g.Importance):
		return fmt.Errorf("unknown importance %q", g.Importance)
	case !slices.Contains(sources, g.Source):
		return fmt.Errorf("unknown source %q", g.Source)
	}
	return nil
}

// compact returns g as an edge, but for its ends and extra.
func compact(g *graph.Edge) edge {
	return edge{level: int8(g.Level), importance: uint8(slices.Index(importances, g.Importance)),
		source: uint8(slices.Index(sources, g.Source))}
}

// edgeExtra holds an edge's weight, kind (a number of adjacency.texts) and since. An edge
// without any has no extra.
type edgeExtra struct {
	since    int64 // Unix milliseconds, when hasSince: stores keep milliseconds
	weight   float64
	kind     int32
	hasSince bool
}

// adjacency holds the edges of one type. Each edge is in its start's outgoing list, sorted by
// the other end's id, and its end's incoming list, sorted by its start's id; the two copies
// share the extra slot, and change together.
type adjacency struct {
	t      graph.RelType
	ends   *interned // shared by the store's adjacencies
	texts  *interned // RELATED kinds, shared likewise
	out    map[int32][]edge
	in     map[int32][]edge
	extras []edgeExtra
	free   []int32 // free places in extras
	n      int
}

func newAdjacency(t graph.RelType, ends, texts *interned) *adjacency {
	return &adjacency{t: t, ends: ends, texts: texts, out: map[int32][]edge{}, in: map[int32][]edge{}}
}

// id returns the id of the end numbered n.
func (a *adjacency) id(n int32) string { return a.ends.texts[n] }

// outOf returns the edges starting at id, sorted by their ends' ids. Read-only.
func (a *adjacency) outOf(id string) []edge {
	if n, ok := a.ends.lookup(id); ok {
		return a.out[n]
	}
	return nil
}

// inOf returns the edges ending at id, sorted by their starts' ids. Read-only.
func (a *adjacency) inOf(id string) []edge {
	if n, ok := a.ends.lookup(id); ok {
		return a.in[n]
	}
	return nil
}

// edge returns e as a graph.Edge, sharing nothing with the store.
func (a *adjacency) edge(e edge) graph.Edge {
	g := graph.Edge{Type: a.t, From: a.id(e.from), To: a.id(e.to), Level: int(e.level),
		Importance: importances[e.importance], Source: sources[e.source]}
	if e.extra >= 0 {
		x := &a.extras[e.extra]
		g.Weight = x.weight
		g.Kind = a.texts.text(x.kind)
		if x.hasSince {
			t := time.UnixMilli(x.since).UTC()
			g.Since = &t
		}
	}
	return g
}

// edges returns list as graph.Edge values, never nil.
func (a *adjacency) edges(list []edge) []graph.Edge {
	return a.appendEdges(make([]graph.Edge, 0, len(list)), list)
}

// appendEdges appends list to out as graph.Edge values.
func (a *adjacency) appendEdges(out []graph.Edge, list []edge) []graph.Edge {
	for _, e := range list {
		out = append(out, a.edge(e))
	}
	return out
}

// find returns the edge from -> to, and whether there is one.
func (a *adjacency) find(from, to string) (edge, bool) {
	list := a.outOf(from)
	if i, ok := slices.BinarySearchFunc(list, to, a.byTo); ok {
		return list[i], true
	}
	return edge{}, false
}

func (a *adjacency) byTo(e edge, to string) int     { return strings.Compare(a.id(e.to), to) }
func (a *adjacency) byFrom(e edge, from string) int { return strings.Compare(a.id(e.from), from) }

// setExtra stores g's weight, kind and since in a new extra slot, returning its place, or -1
// when they are all zero.
func (a *adjacency) setExtra(g *graph.Edge) int32 {
	if g.Weight == 0 && g.Kind == "" && g.Since == nil {
		return -1
	}
	x := edgeExtra{weight: g.Weight, kind: a.texts.ref(g.Kind)}
	if g.Since != nil {
		x.since, x.hasSince = g.Since.UnixMilli(), true
	}
	if k := len(a.free); k > 0 {
		n := a.free[k-1]
		a.free = a.free[:k-1]
		a.extras[n] = x
		return n
	}
	a.extras = append(a.extras, x)
	return int32(len(a.extras) - 1)
}

// dropExtra frees the extra slot n, if any.
func (a *adjacency) dropExtra(n int32) {
	if n < 0 {
		return
	}
	x := &a.extras[n]
	a.texts.unref(x.kind)
	*x = edgeExtra{kind: -1} // a free slot holds no text
	a.free = append(a.free, n)
}

// put stores g, which checkCompact accepts, replacing the properties of the edge between the same nodes.
func (a *adjacency) put(g graph.Edge) {
	if from, ok := a.ends.lookup(g.From); ok {
		outs := a.out[from]
		if i, found := slices.BinarySearchFunc(outs, g.To, a.byTo); found {
			e := &outs[i]
			a.dropExtra(e.extra)
			c := compact(&g)
			c.from, c.to, c.extra = e.from, e.to, a.setExtra(&g)
			*e = c
			ins := a.in[e.to]
			j, _ := slices.BinarySearchFunc(ins, g.From, a.byFrom)
			ins[j] = c
			return
		}
	}
	e := compact(&g)
	e.from, e.to, e.extra = a.ends.ref(g.From), a.ends.ref(g.To), a.setExtra(&g)
	outs := a.out[e.from]
	i, _ := slices.BinarySearchFunc(outs, g.To, a.byTo)
	a.out[e.from] = slices.Insert(outs, i, e)
	ins := a.in[e.to]
	j, _ := slices.BinarySearchFunc(ins, g.From, a.byFrom)
	a.in[e.to] = slices.Insert(ins, j, e)
	a.n++
}

// remove deletes the edge from -> to, if any.
func (a *adjacency) remove(from, to string) {
	f, ok := a.ends.lookup(from)
	if !ok {
		return
	}
	outs := a.out[f]
	i, found := slices.BinarySearchFunc(outs, to, a.byTo)
	if !found {
		return
	}
	e := outs[i]
	if outs = slices.Delete(outs, i, i+1); len(outs) == 0 {
		delete(a.out, f)
	} else {
		a.out[f] = outs
	}
	ins := a.in[e.to]
	if j, ok := slices.BinarySearchFunc(ins, from, a.byFrom); ok {
		if ins = slices.Delete(ins, j, j+1); len(ins) == 0 {
			delete(a.in, e.to)
		} else {
			a.in[e.to] = ins
		}
	}
	a.dropExtra(e.extra)
	a.ends.unref(e.from)
	a.ends.unref(e.to)
	a.n--
}

// removeAt deletes every edge starting or ending at id.
func (a *adjacency) removeAt(id string) {
	for _, e := range slices.Clone(a.outOf(id)) {
		a.remove(a.id(e.from), a.id(e.to))
	}
	for _, e := range slices.Clone(a.inOf(id)) {
		a.remove(a.id(e.from), a.id(e.to))
	}
}

// load adds edges, sorted by (From, To) with one edge per pair, to a.
func (a *adjacency) load(edges []graph.Edge) {
	l := a.loader(len(edges))
	for i := range edges {
		l.add(&edges[i])
	}
	l.done()
}

// adjacencyLoader adds edges, which checkCompact accepts, given in (From, To) order with one
// edge per pair. Into an empty adjacency it gathers them, then lays out every list of each
// direction in one array: no searches, no list grown edge by edge, and two objects for the
// collector instead of one per node (opening a large file otherwise peaked at the lists'
// growth).
type adjacencyLoader struct {
	a     *adjacency
	empty bool
	all   []edge
}

// loader returns a loader for about n edges.
func (a *adjacency) loader(n int) *adjacencyLoader {
	l := &adjacencyLoader{a: a, empty: a.n == 0}
	if l.empty {
		l.all = make([]edge, 0, n)
	}
	return l
}

func (l *adjacencyLoader) add(g *graph.Edge) {
	a := l.a
	if !l.empty {
		a.put(*g)
		return
	}
	e := compact(g)
	e.from, e.to, e.extra = a.ends.ref(g.From), a.ends.ref(g.To), a.setExtra(g)
	l.all = append(l.all, e)
}

// done lays the gathered edges out. Each list is capped at its length, so that a later
// insertion copies it rather than writing over the next.
func (l *adjacencyLoader) done() {
	a, all := l.a, l.all
	if !l.empty || len(all) == 0 {
		return
	}
	l.all = nil
	if cap(all) > len(all) {
		all = slices.Clone(all)
	}
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].from == all[i].from {
			j++
		}
		a.out[all[i].from] = all[i:j:j]
		i = j
	}
	// The incoming lists: counted, then filled in From order, so each comes out sorted.
	count := map[int32]int32{}
	for _, e := range all {
		count[e.to]++
	}
	start := make(map[int32]int32, len(count))
	var off int32
	for _, e := range all {
		if _, ok := start[e.to]; !ok {
			start[e.to] = off
			off += count[e.to]
		}
	}
	ins := make([]edge, len(all))
	fill := count // reused: how many of each list are placed
	clear(fill)
	for _, e := range all {
		k := start[e.to] + fill[e.to]
		ins[k] = e
		fill[e.to]++
	}
	for to, k := range start {
		n := fill[to]
		a.in[to] = ins[k : k+n : k+n]
	}
	a.n = len(all)
	if x := a.extras; cap(x)-len(x) > len(x)/8 {
		a.extras = slices.Clone(x)
	}
}
