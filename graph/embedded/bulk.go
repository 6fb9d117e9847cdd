package embedded

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// BulkUpsert writes a batch in one transaction: nodes are created, or replaced when they
// exist (a node whose content is unchanged is not written and keeps its timestamps), then
// edges are linked as by Link. References may point into the batch. Items are taken in order,
// as if written one after another, so a repeated id or edge counts as an update (or as
// unchanged) of the earlier one. Everything is validated before anything is written: EINVALID
// or ECONFLICT naming the item ("nodes[3].name", "edges[7].to") when anything is wrong, and
// then nothing is written; EINTERNAL when the file cannot be written.
//
// The checks cost about the size of the batch plus the part of the graph it reaches: cycles
// are looked for by one depth-first search per acyclic type from the batch's new edges.
func (s *Store) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	if err := ctx.Err(); err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	p, err := prepareBatch(b)
	if err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	if len(p.nodes) == 0 && len(p.edges) == 0 {
		return graph.BulkResult{}, nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	if err := s.keepBadges(p); err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	ch, res, err := s.planBatch(p)
	if err == nil {
		err = s.write(ctx, ch)
	}
	if err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	return res, nil
}

// batch is a graph.Batch after the checks that need no store: copies of its nodes, validated
// and with ids, and its edges, normalised and validated.
type batch struct {
	nodes  []graph.Node
	hashes []string              // record.Hash of each node
	kinds  map[string]graph.Kind // the batch's ids
	last   map[string]int        // index of each id's last occurrence
	order  []string              // the batch's ids, first seen first
	edges  []graph.Edge
	// createOnly: Batch.CreateOnly.
	createOnly bool
}

func prepareBatch(b graph.Batch) (*batch, error) {
	p := &batch{
		nodes: make([]graph.Node, len(b.Nodes)), hashes: make([]string, len(b.Nodes)),
		kinds: make(map[string]graph.Kind, len(b.Nodes)), last: make(map[string]int, len(b.Nodes)),
		edges: make([]graph.Edge, len(b.Edges)), createOnly: b.CreateOnly,
	}
	for i, n := range b.Nodes {
		c, err := prepare(n)
		if err != nil {
			return nil, graph.Within(fmt.Sprintf("nodes[%d]", i), err)
		}
		id, k := c.NodeID(), c.NodeKind()
		if id == "" {
			id = graph.NewID(k)
			graph.SetID(c, id)
		}
		if _, ok := p.kinds[id]; b.CreateOnly && ok {
			return nil, graph.CheckNew(i, id, k, false, true)
		}
		if other, ok := p.kinds[id]; ok && other != k {
			return nil, &graph.Error{Code: graph.ECONFLICT, Field: fmt.Sprintf("nodes[%d].id", i),
				Message: fmt.Sprintf("%q is a %s earlier in the batch", id, other)}
		} else if !ok {
			p.order = append(p.order, id)
		}
		p.kinds[id] = k
		p.last[id] = i
		p.nodes[i] = c
		p.hashes[i] = record.Hash(c)
	}
	for i, e := range b.Edges {
		e.Normalize() // a copy: Normalize gives Since a pointer of its own
		if err := e.Validate(); err != nil {
			return nil, graph.Within(fmt.Sprintf("edges[%d]", i), err)
		}
		p.edges[i] = e
	}
	return p, nil
}

// keepBadges applies graph.KeepBadge to the batch's achievements that replace stored ones,
// and hashes them again. Callers hold s.wmu.
func (s *Store) keepBadges(p *batch) error {
	for i, n := range p.nodes {
		a, ok := n.(*graph.Achievement)
		if !ok {
			continue
		}
		r := s.nodes[a.ID]
		if r == nil {
			continue
		}
		if old, ok := r.n.(*graph.Achievement); ok {
			if err := graph.KeepBadge(old, a); err != nil {
				return graph.Within(fmt.Sprintf("nodes[%d]", i), err)
			}
			p.hashes[i] = record.Hash(a)
		}
	}
	return nil
}

// maxComponents is the most components Block.Validate accepts.
const maxComponents = 1000

// arc is one edge seen by the cycle search, with the batch item it comes from: item is a node
// index (comp its component index), len(nodes) + an edge index, or -1 for a stored edge.
type arc struct {
	from, to   string
	item, comp int
}

// blockWork is a block whose components the batch sets or extends: the working copy and
// where each component comes from.
type blockWork struct {
	b      *graph.Block
	srcs   []arc
	stored bool // a stored block that the batch's COMPRISES edges extend
	grown  bool // COMPRISES edges of the batch appended components
}

// planBatch checks p against the store and returns what writing it changes and counts.
// Callers hold s.wmu; nothing is changed.
func (s *Store) planBatch(p *batch) (*changes, graph.BulkResult, error) {
	var res graph.BulkResult
	edgeItem := func(i int) int { return len(p.nodes) + i }
	for i, n := range p.nodes {
		r := s.nodes[n.NodeID()]
		if r != nil && p.createOnly {
			return nil, res, graph.CheckNew(i, n.NodeID(), r.n.NodeKind(), true, false)
		}
		if r != nil && r.n.NodeKind() != n.NodeKind() {
			return nil, res, conflictID(fmt.Sprintf("nodes[%d].id", i), r.n)
		}
	}
	kindOf := func(id string) (graph.Kind, bool) {
		if k, ok := p.kinds[id]; ok {
			return k, true
		}
		return s.kindOf(id)
	}
	for i, e := range p.edges {
		if err := checkEnds(e, graph.Rels[e.Type], kindOf, fmt.Sprintf("edges[%d].from", i), fmt.Sprintf("edges[%d].to", i)); err != nil {
			return nil, res, err
		}
	}
	for i, n := range p.nodes {
		if err := graph.CheckRefs(n, kindOf); err != nil {
			return nil, res, graph.Within(fmt.Sprintf("nodes[%d]", i), err)
		}
	}

	// What each id of the batch becomes: its last occurrence (the batch owns these copies),
	// blocks extended by the batch's COMPRISES edges.
	final := make(map[string]graph.Node, len(p.order))
	for id, i := range p.last {
		final[id] = p.nodes[i]
	}
	work := map[string]*blockWork{}
	var workOrder []string
	for _, id := range p.order {
		if b, ok := final[id].(*graph.Block); ok {
			i := p.last[id]
			w := &blockWork{b: b, srcs: make([]arc, len(b.Components))}
			for j, c := range b.Components {
				w.srcs[j] = arc{from: id, to: c, item: i, comp: j}
			}
			work[id] = w
			workOrder = append(workOrder, id)
		}
	}
	for i, e := range p.edges {
		if e.Type != graph.RelComprises {
			continue
		}
		w := work[e.From]
		if w == nil {
			b := cloneNode(s.node(e.From)).(*graph.Block)
			w = &blockWork{b: b, srcs: make([]arc, len(b.Components)), stored: true}
			for j, c := range b.Components {
				w.srcs[j] = arc{from: e.From, to: c, item: -1}
			}
			work[e.From] = w
			workOrder = append(workOrder, e.From)
		}
		if slices.Contains(w.b.Components, e.To) {
			res.EdgesUnchanged++
			continue
		}
		if len(w.b.Components) >= maxComponents {
			return nil, res, graph.Invalid(fmt.Sprintf("edges[%d].to", i), "block %q would have more than %d components", e.From, maxComponents)
		}
		w.b.Components = append(w.b.Components, e.To)
		w.srcs = append(w.srcs, arc{from: e.From, to: e.To, item: edgeItem(i)})
		w.grown = true
		res.EdgesCreated++
	}

	// Other edges: compare each with what is stored or came earlier in the batch.
	state := map[edgeKey]graph.Edge{}
	stored := map[edgeKey]bool{}
	firstNew := map[edgeKey]int{}
	lastIdx := map[edgeKey]int{}
	var keys []edgeKey
	for i, e := range p.edges {
		if e.Type == graph.RelComprises {
			continue
		}
		k := edgeKey{e.Type, e.From, e.To}
		old, ok := state[k]
		if !ok {
			a := s.adj[e.Type]
			if st, found := a.find(e.From, e.To); found {
				old, ok = a.edge(st), true
				stored[k] = true
			}
		}
		switch {
		case !ok:
			res.EdgesCreated++
			firstNew[k] = i
		case graph.SameEdge(old, e):
			res.EdgesUnchanged++
		default:
			res.EdgesUpdated++
		}
		if _, seen := lastIdx[k]; !seen {
			keys = append(keys, k)
		}
		state[k] = e
		lastIdx[k] = i
	}

	// Cycles, per acyclic type, over the graph as the batch leaves it.
	for _, t := range graph.RelTypes {
		if !graph.Rels[t].Acyclic || t == graph.RelComprises {
			continue
		}
		added := map[string][]arc{}
		var starts []string
		for _, k := range keys {
			if k.t == t && !stored[k] {
				added[k.from] = append(added[k.from], arc{from: k.from, to: k.to, item: edgeItem(firstNew[k])})
				starts = append(starts, k.from)
			}
		}
		if len(starts) == 0 {
			continue
		}
		a := s.adj[t]
		cycle := findCycle(starts, func(id string) []arc {
			list := a.outOf(id)
			out := make([]arc, 0, len(list)+len(added[id]))
			for _, e := range list {
				out = append(out, arc{from: id, to: a.id(e.to), item: -1})
			}
			return append(out, added[id]...)
		})
		if cycle != nil {
			c := latest(cycle)
			return nil, res, graph.Invalid(fmt.Sprintf("edges[%d].to", c.item-len(p.nodes)),
				"%s from %q to %q would close a cycle", t, c.from, c.to)
		}
	}
	if cycle := findCycle(workOrder, func(id string) []arc {
		if w := work[id]; w != nil {
			return w.srcs
		}
		if b, ok := s.node(id).(*graph.Block); ok {
			out := make([]arc, len(b.Components))
			for j, c := range b.Components {
				out[j] = arc{from: id, to: c, item: -1}
			}
			return out
		}
		return nil
	}); cycle != nil {
		c := latest(cycle)
		field := fmt.Sprintf("edges[%d].to", c.item-len(p.nodes))
		if c.item < len(p.nodes) {
			field = fmt.Sprintf("nodes[%d].components[%d]", c.item, c.comp)
		}
		return nil, res, graph.Invalid(field, "block %q would contain itself through %q", c.from, c.to)
	}

	// Block rules, over the nodes as the batch leaves them.
	get := func(id string) graph.Node {
		if w := work[id]; w != nil {
			return w.b
		}
		if n, ok := final[id]; ok {
			return n
		}
		return s.node(id)
	}
	memo := map[string][]string{}
	for _, id := range workOrder {
		w := work[id]
		if w.stored || (w.b.Rule.Kind != graph.RuleMinECTS && w.b.Rule.Kind != graph.RuleMinHours) {
			continue // appending components to a stored block can only help its rule
		}
		if err := graph.CheckRule(w.b, componentInfo(w.b.Components, get, memo)); err != nil {
			return nil, res, graph.Within(fmt.Sprintf("nodes[%d]", p.last[id]), err)
		}
	}

	// Count the nodes one occurrence at a time.
	cur := make(map[string]string, len(p.order))
	for i, n := range p.nodes {
		id := n.NodeID()
		h, ok := cur[id]
		if !ok {
			if r := s.nodes[id]; r != nil {
				h, ok = s.hashOf(r), true
			}
		}
		switch {
		case !ok:
			res.NodesCreated++
		case h == p.hashes[i]:
			res.NodesUnchanged++
		default:
			res.NodesUpdated++
		}
		cur[id] = p.hashes[i]
	}

	// What to write: nodes whose final content differs from the stored one, stamped.
	ch := &changes{}
	now := s.now()
	for _, id := range p.order {
		n, h := final[id], p.hashes[p.last[id]]
		if w := work[id]; w != nil && w.grown {
			h = record.Hash(n)
		}
		r := s.nodes[id]
		if r != nil && s.hashOf(r) == h {
			continue
		}
		if r == nil {
			graph.Stamp(n, time.Time{}, now)
		} else {
			created, updated := graph.Timestamps(r.n)
			graph.Stamp(n, created, later(updated, now))
		}
		ch.nodes = append(ch.nodes, n)
		ch.hashes = append(ch.hashes, h)
	}
	for _, id := range workOrder {
		if w := work[id]; w.stored && w.grown {
			graph.Stamp(w.b, w.b.CreatedAt, later(w.b.UpdatedAt, now))
			ch.nodes = append(ch.nodes, w.b)
			ch.hashes = append(ch.hashes, "")
		}
	}
	for _, k := range keys {
		e := p.edges[lastIdx[k]]
		if stored[k] {
			a := s.adj[k.t]
			if st, _ := a.find(k.from, k.to); graph.SameEdge(a.edge(st), e) {
				continue
			}
		}
		ch.edges = append(ch.edges, e)
	}
	return ch, res, nil
}

// hashOf returns r's record.Hash, computing it once. Callers hold s.wmu.
func (s *Store) hashOf(r *rec) string {
	if r.hash == "" {
		r.hash = record.Hash(r.n)
	}
	return r.hash
}

// checkEnds checks that e's ends exist with the kinds spec names, reporting fromField or
// toField.
func checkEnds(e graph.Edge, spec graph.RelSpec, kindOf func(string) (graph.Kind, bool), fromField, toField string) error {
	if k, ok := kindOf(e.From); !ok || k != spec.From {
		return graph.Invalid(fromField, "no %s %q", spec.From, e.From)
	}
	if k, ok := kindOf(e.To); !ok || !slices.Contains(spec.To, k) {
		return graph.Invalid(toField, "no %s %q", kindNames(spec.To), e.To)
	}
	return nil
}

// findCycle searches depth first from starts along children and returns the arcs of a cycle,
// or nil. Each node is explored once, whatever the number of starts.
func findCycle(starts []string, children func(string) []arc) []arc {
	const (
		onPath = 1
		done   = 2
	)
	state := map[string]uint8{}
	type frame struct {
		id   string
		kids []arc
		next int
	}
	var stack []frame
	var path []arc // path[i] leads from stack[i] to stack[i+1]
	for _, start := range starts {
		if state[start] != 0 {
			continue
		}
		state[start] = onPath
		stack = append(stack[:0], frame{id: start, kids: children(start)})
		path = path[:0]
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			if f.next == len(f.kids) {
				state[f.id] = done
				stack = stack[:len(stack)-1]
				if len(path) > 0 {
					path = path[:len(path)-1]
				}
				continue
			}
			a := f.kids[f.next]
			f.next++
			switch state[a.to] {
			case 0:
				state[a.to] = onPath
				path = append(path, a)
				stack = append(stack, frame{id: a.to, kids: children(a.to)})
			case onPath:
				for i := range stack {
					if stack[i].id == a.to {
						return append(slices.Clone(path[i:]), a)
					}
				}
			}
		}
	}
	return nil
}

// latest returns the arc of cycle that comes last in the batch: the one whose writing, in
// batch order, closes the cycle.
func latest(cycle []arc) arc {
	best := cycle[0]
	for _, a := range cycle[1:] {
		if a.item > best.item || (a.item == best.item && a.comp > best.comp) {
			best = a
		}
	}
	return best
}
