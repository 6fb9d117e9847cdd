package embedded

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// Get returns the node of kind k with id. ENOTFOUND when there is none of that kind;
// EINVALID ("kind") for an unknown kind; EINTERNAL once closed.
func (s *Store) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("Get", err)
	}
	if !k.Valid() {
		return nil, wrap("Get", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("Get", err)
	}
	r := s.byKind[k][id]
	if r == nil {
		return nil, wrap("Get", graph.NotFound(k, id))
	}
	return cloneNode(r.n), nil
}

// GetMany returns the nodes of kind k with the given ids, keyed by id; missing ids are
// absent. EINVALID ("kind") for an unknown kind; EINTERNAL once closed.
func (s *Store) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("GetMany", err)
	}
	if !k.Valid() {
		return nil, wrap("GetMany", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("GetMany", err)
	}
	out := make(map[string]graph.Node, len(ids))
	nodes := s.byKind[k]
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		if r := nodes[id]; r != nil {
			out[id] = cloneNode(r.n)
		}
	}
	return out, nil
}

// Create stores a new node and returns it as stored, with an id (graph.NewID when empty) and
// timestamps. EINVALID when it does not validate, a reference or block component does not
// exist with the right kind, a block's rule cannot be satisfied or its components would form
// a cycle (naming the field); ECONFLICT ("id") when a node of any kind has its id; EINTERNAL
// when the file cannot be written.
func (s *Store) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	return s.create(ctx, "Create", n, nil)
}

// CreateWithEdges stores a new node and the edges from it in one write: see graph.Store.
func (s *Store) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	return s.create(ctx, "CreateWithEdges", n, edges)
}

// create stores a new node and edges from it (none for Create) in one write; op names the
// operation in errors.
func (s *Store) create(ctx context.Context, op string, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap(op, err)
	}
	c, err := prepare(n)
	if err != nil {
		return nil, wrap(op, err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return nil, wrap(op, err)
	}
	k, id := c.NodeKind(), c.NodeID()
	if id == "" {
		for id == "" || s.nodes[id] != nil {
			id = graph.NewID(k)
		}
		graph.SetID(c, id)
	} else if other := s.nodes[id]; other != nil {
		return nil, wrap(op, conflictID("id", other.n))
	}
	out, err := graph.OutgoingEdges(k, id, edges)
	if err != nil {
		return nil, wrap(op, err)
	}
	for i, e := range out {
		// The node is new, so the other ends are nodes already stored (never itself).
		if err := checkEnds(e, graph.Rels[e.Type], func(ref string) (graph.Kind, bool) {
			if ref == id && ref == e.From {
				return k, true
			}
			return s.kindOf(ref)
		}, fmt.Sprintf("edges[%d].from", i), fmt.Sprintf("edges[%d].to", i)); err != nil {
			return nil, wrap(op, err)
		}
	}
	if err := s.checkNode(c); err != nil {
		return nil, wrap(op, err)
	}
	if a, ok := c.(*graph.Achievement); ok && s.idempotencyTaken(a) {
		return nil, wrap(op, graph.DuplicateIdempotencyKey())
	}
	graph.Stamp(c, time.Time{}, s.now())
	if err := s.write(ctx, &changes{nodes: []graph.Node{c}, edges: out}); err != nil {
		return nil, wrap(op, err)
	}
	return cloneNode(c), nil
}

// Update replaces the stored node with n (matched by kind and id), keeps CreatedAt, moves
// UpdatedAt forward and returns the node as stored. ENOTFOUND when there is no such node;
// EINVALID as for Create; EINTERNAL when the file cannot be written.
func (s *Store) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("Update", err)
	}
	c, err := prepare(n)
	if err != nil {
		return nil, wrap("Update", err)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return nil, wrap("Update", err)
	}
	old := s.byKind[c.NodeKind()][c.NodeID()]
	if old == nil {
		return nil, wrap("Update", graph.NotFound(c.NodeKind(), c.NodeID()))
	}
	if err := s.checkNode(c); err != nil {
		return nil, wrap("Update", err)
	}
	if a, ok := c.(*graph.Achievement); ok {
		if err := graph.CheckAchievementUpdate(old.n.(*graph.Achievement), a); err != nil {
			return nil, wrap("Update", err)
		}
	}
	created, updated := graph.Timestamps(old.n)
	graph.Stamp(c, created, later(updated, s.now()))
	if err := s.write(ctx, &changes{nodes: []graph.Node{c}}); err != nil {
		return nil, wrap("Update", err)
	}
	return cloneNode(c), nil
}

// Delete removes the node and every edge at it. ENOTFOUND when there is no such node;
// ECONFLICT when another node refers to it through a field or as a block component;
// EINVALID ("kind") for an unknown kind; EINTERNAL when the file cannot be written.
func (s *Store) Delete(ctx context.Context, k graph.Kind, id string) error {
	if err := ctx.Err(); err != nil {
		return wrap("Delete", err)
	}
	if !k.Valid() {
		return wrap("Delete", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.check(); err != nil {
		return wrap("Delete", err)
	}
	r := s.byKind[k][id]
	if r == nil {
		return wrap("Delete", graph.NotFound(k, id))
	}
	if a, ok := r.n.(*graph.Achievement); ok {
		if err := graph.CheckAchievementDelete(a); err != nil {
			return wrap("Delete", err)
		}
	}
	if by := s.refBy[id]; len(by) > 0 {
		first := ""
		for x := range by {
			if first == "" || x < first {
				first = x
			}
		}
		return wrap("Delete", graph.Errorf(graph.ECONFLICT, "%s %q is referred to by %d node(s), e.g. %s %q",
			k, id, len(by), s.nodes[first].n.NodeKind(), first))
	}
	ch := &changes{deleted: []graph.Node{r.n}}
	for _, t := range graph.RelTypes {
		if t == graph.RelComprises {
			continue // the block's own components go with it; none can point at it
		}
		a := s.adj[t]
		for _, e := range a.outOf(id) {
			ch.unlinked = append(ch.unlinked, edgeKey{t, a.id(e.from), a.id(e.to)})
		}
		for _, e := range a.inOf(id) {
			ch.unlinked = append(ch.unlinked, edgeKey{t, a.id(e.from), a.id(e.to)})
		}
	}
	return wrap("Delete", s.write(ctx, ch))
}

// idempotencyTaken reports whether a's learner already has an achievement with a's
// idempotency key. Callers hold s.wmu, so the check and the write are one step.
func (s *Store) idempotencyTaken(a *graph.Achievement) bool {
	if a.IdempotencyKey == "" {
		return false
	}
	for id := range s.refBy[a.LearnerID] {
		if o, ok := s.nodes[id].n.(*graph.Achievement); ok && o.LearnerID == a.LearnerID && o.IdempotencyKey == a.IdempotencyKey {
			return true
		}
	}
	return false
}

func conflictID(field string, other graph.Node) error {
	return &graph.Error{Code: graph.ECONFLICT, Field: field,
		Message: fmt.Sprintf("%s %q already exists", other.NodeKind(), other.NodeID())}
}

// kindOf returns the kind of the stored node with id.
func (s *Store) kindOf(id string) (graph.Kind, bool) {
	if r := s.nodes[id]; r != nil {
		return r.n.NodeKind(), true
	}
	return "", false
}

// node returns the stored node with id, or nil.
func (s *Store) node(id string) graph.Node {
	if r := s.nodes[id]; r != nil {
		return r.n
	}
	return nil
}

// checkNode checks n against the store: references, and for a block its components, their
// cycles and its rule.
func (s *Store) checkNode(n graph.Node) error {
	if err := graph.CheckRefs(n, s.kindOf); err != nil {
		return err
	}
	b, ok := n.(*graph.Block)
	if !ok {
		return nil
	}
	// A component that reaches the block through COMPRISES would close a cycle. One search
	// for all components: what an earlier component reached without meeting the block, a
	// later one need not explore again.
	seen := map[string]bool{}
	for i, c := range b.Components {
		if s.reaches(graph.RelComprises, c, b.ID, seen) {
			return graph.Invalid(fmt.Sprintf("components[%d]", i), "%q contains block %q: that would form a cycle", c, b.ID)
		}
	}
	return graph.CheckRule(b, componentInfo(b.Components, s.node, map[string][]string{}))
}

// reaches reports whether target can be reached from start along edges of type t. Nodes in
// seen are known not to reach target; the search adds those it explores.
func (s *Store) reaches(t graph.RelType, start, target string, seen map[string]bool) bool {
	if start == target {
		return true
	}
	if seen[start] {
		return false
	}
	a := s.adj[t]
	seen[start] = true
	stack := []string{start}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, e := range a.outOf(id) {
			to := a.id(e.to)
			if to == target {
				return true
			}
			if !seen[to] {
				seen[to] = true
				stack = append(stack, to)
			}
		}
	}
	return false
}

// componentInfo returns what graph.CheckRule needs of the components ids, reading nodes
// through get: a credential is worth its own ECTS and hours, a block the totals of the
// distinct credentials under it, transitively. memo keeps, per block, the sorted ids of the
// credentials under it, for calls that share a graph. Missing ids are left out. The
// components must form no cycle.
func componentInfo(ids []string, get func(string) graph.Node, memo map[string][]string) map[string]graph.ComponentInfo {
	info := make(map[string]graph.ComponentInfo, len(ids))
	for _, id := range ids {
		switch v := get(id).(type) {
		case nil:
		case *graph.Credential:
			info[id] = graph.ComponentInfo{Kind: graph.KindCredential, ECTS: v.ECTS, Hours: v.Hours}
		case *graph.Block:
			ci := graph.ComponentInfo{Kind: graph.KindBlock}
			// Summed in id order, so that the totals do not depend on map order.
			for _, c := range credentialsUnder(id, get, memo) {
				if cr, ok := get(c).(*graph.Credential); ok {
					ci.ECTS += cr.ECTS
					ci.Hours += cr.Hours
				}
			}
			info[id] = ci
		default:
			info[id] = graph.ComponentInfo{Kind: v.NodeKind()}
		}
	}
	return info
}

// credentialsUnder returns the sorted ids of the distinct credentials under block id.
func credentialsUnder(id string, get func(string) graph.Node, memo map[string][]string) []string {
	if list, ok := memo[id]; ok {
		return list
	}
	memo[id] = nil // a cycle, were there one, ends here
	b, ok := get(id).(*graph.Block)
	if !ok {
		return nil
	}
	set := map[string]struct{}{}
	for _, c := range b.Components {
		switch get(c).(type) {
		case *graph.Credential:
			set[c] = struct{}{}
		case *graph.Block:
			for _, x := range credentialsUnder(c, get, memo) {
				set[x] = struct{}{}
			}
		}
	}
	list := make([]string, 0, len(set))
	for c := range set {
		list = append(list, c)
	}
	slices.Sort(list)
	memo[id] = list
	return list
}
