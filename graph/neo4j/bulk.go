package neo4j

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
)

// bulkNode is one node of a batch after validation.
type bulkNode struct {
	node graph.Node // as it will be stored, without timestamps
	hash string
}

// edgeKey identifies an edge: one of each type between two nodes.
type edgeKey struct {
	t        graph.RelType
	from, to string
}

// BulkUpsert writes a batch in one transaction: nodes created or replaced (unchanged ones keep
// their UpdatedAt), then edges linked as by Link. References may point into the batch. Items
// are taken in order, as if written one after another, so a repeated id or edge counts as an
// update (or unchanged) of the earlier one. EINVALID or ECONFLICT naming the item
// ("nodes[3].name", "edges[7].to") when anything is wrong, and then nothing is written;
// EINTERNAL on failure.
func (s *Store) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	plan, err := planBatch(b)
	if err != nil {
		return graph.BulkResult{}, wrap("BulkUpsert", err)
	}
	if len(plan.nodes) == 0 && len(plan.edges) == 0 {
		return graph.BulkResult{}, nil
	}
	plan.now = s.now()
	res, err := versionedWriteTx(ctx, s, !plan.personal(), plan.anyPersonal(), changedAny, plan.apply)
	return res, wrap("BulkUpsert", err)
}

// anyPersonal reports whether the batch holds some personal data, so that writing it
// replaces personal data's version.
func (p *batchPlan) anyPersonal() bool {
	for _, n := range p.nodes {
		if n.node.NodeKind().Personal() {
			return true
		}
	}
	for _, e := range p.edges {
		if e.Type.Personal() {
			return true
		}
	}
	return false
}

// personal reports whether the batch holds personal data only, so that writing it leaves the
// catalogue's version alone.
func (p *batchPlan) personal() bool {
	for _, n := range p.nodes {
		if !n.node.NodeKind().Personal() {
			return false
		}
	}
	for _, e := range p.edges {
		if !e.Type.Personal() {
			return false
		}
	}
	return true
}

// changedAny reports whether a bulk upsert created or changed anything: a batch that was
// already stored leaves the catalogue's version alone, so that re-running an import does not
// make every process copy the catalogue again.
func changedAny(r graph.BulkResult) bool {
	return r.NodesCreated+r.NodesUpdated+r.EdgesCreated+r.EdgesUpdated > 0
}

// batchPlan is what can be worked out about a batch without the database.
type batchPlan struct {
	nodes []bulkNode
	edges []graph.Edge
	kinds map[string]graph.Kind // the batch's ids
	last  map[string]int        // index of each id's last occurrence
	// final is what is written for each id: its last occurrence, plus the components that
	// COMPRISES edges of the batch append; finalProps its encoding.
	final      map[string]graph.Node
	finalProps map[string]map[string]any
	finalHash  map[string]string
	// appended tells, for each COMPRISES edge, whether it adds a component to a block of the
	// batch (false: already there, or the block is not in the batch); appendedBy lists, for
	// each such block, the edges that did, in the order of the components they added.
	appended   map[int]bool
	appendedBy map[string][]int
	ids        []string // every id the batch names, for one lookup
	createOnly bool     // Batch.CreateOnly

	now time.Time // the time written nodes are stamped with, set by BulkUpsert
}

func planBatch(b graph.Batch) (*batchPlan, error) {
	p := &batchPlan{
		nodes: make([]bulkNode, len(b.Nodes)), kinds: map[string]graph.Kind{}, last: map[string]int{},
		final: map[string]graph.Node{}, finalProps: map[string]map[string]any{}, finalHash: map[string]string{},
		appended: map[int]bool{}, appendedBy: map[string][]int{}, createOnly: b.CreateOnly,
	}
	for i, n := range b.Nodes {
		c, err := prepare(n)
		if err != nil {
			return nil, graph.Within(fmt.Sprintf("nodes[%d]", i), err)
		}
		id := c.NodeID()
		if id == "" {
			id = graph.NewID(c.NodeKind())
			graph.SetID(c, id)
		}
		if _, ok := p.kinds[id]; b.CreateOnly && ok {
			return nil, graph.CheckNew(i, id, c.NodeKind(), false, true)
		}
		if k, ok := p.kinds[id]; ok && k != c.NodeKind() {
			return nil, &graph.Error{Code: graph.ECONFLICT, Field: fmt.Sprintf("nodes[%d].id", i),
				Message: fmt.Sprintf("%q is a %s earlier in the batch", id, k)}
		}
		p.kinds[id] = c.NodeKind()
		p.last[id] = i
		p.nodes[i] = bulkNode{node: c, hash: record.Hash(c)}
		p.ids = append(p.ids, id)
		p.ids = append(p.ids, graph.RefIDs(c)...)
	}
	for id, i := range p.last {
		p.final[id] = p.nodes[i].node
	}
	p.edges = slices.Clone(b.Edges)
	for i := range p.edges {
		e := &p.edges[i]
		e.Normalize()
		if err := e.Validate(); err != nil {
			return nil, graph.Within(fmt.Sprintf("edges[%d]", i), err)
		}
		p.ids = append(p.ids, e.From, e.To)
		if e.Type != graph.RelComprises || p.kinds[e.From] != graph.KindBlock {
			continue
		}
		// Append to a copy: the last occurrence also counts as a node of its own.
		blk, ok := p.final[e.From].(*graph.Block)
		if !ok || slices.Contains(blk.Components, e.To) {
			continue
		}
		cp := *blk
		cp.Components = append(slices.Clone(blk.Components), e.To)
		p.final[e.From] = &cp
		p.appended[i] = true
		p.appendedBy[e.From] = append(p.appendedBy[e.From], i)
	}
	for id, n := range p.final {
		props, err := encode(n)
		if err != nil {
			return nil, graph.Within(fmt.Sprintf("nodes[%d]", p.last[id]), graph.Invalid("", "cannot be encoded: %v", err))
		}
		p.finalProps[id] = props
		p.finalHash[id], _ = props["_hash"].(string)
	}
	p.ids = graph.UniqueIDs(p.ids)
	return p, nil
}

// stored is what the database holds of an id the batch names.
type stored struct {
	kind             graph.Kind
	hash             string
	created, updated string
	block            *graph.Block       // for blocks that COMPRISES edges of the batch extend
	achievement      *graph.Achievement // for achievements, whose badge an import keeps
}

// apply runs in the write transaction: it reads what exists, checks the batch against it,
// writes, then checks what only the written graph can tell (cycles, block rules). Any error
// rolls the whole batch back.
func (p *batchPlan) apply(ctx context.Context, tx driver.ManagedTransaction) (graph.BulkResult, error) {
	var res graph.BulkResult
	var blockIDs []string // blocks outside the batch that COMPRISES edges extend
	var acyclic []graph.RelType
	for _, e := range p.edges {
		if e.Type == graph.RelComprises {
			if _, ok := p.kinds[e.From]; !ok {
				blockIDs = append(blockIDs, e.From)
			}
		}
		if graph.Rels[e.Type].Acyclic {
			acyclic = append(acyclic, e.Type)
		}
	}
	for _, k := range p.kinds {
		if k == graph.KindBlock {
			acyclic = append(acyclic, graph.RelComprises)
			break
		}
	}
	// Before anything else, so that waiting for a lock holds no other.
	if err := lockAcyclic(ctx, tx, acyclic...); err != nil {
		return res, err
	}
	db, err := lookup(ctx, tx, p.ids, graph.UniqueIDs(blockIDs))
	if err != nil {
		return res, err
	}

	// Kinds as they will be once the batch is written.
	kinds := make(map[string]graph.Kind, len(db)+len(p.kinds))
	for id, st := range db {
		kinds[id] = st.kind
	}
	for i, n := range p.nodes {
		id := n.node.NodeID()
		if st, ok := db[id]; ok && p.createOnly {
			return res, graph.CheckNew(i, id, st.kind, true, false)
		}
		if st, ok := db[id]; ok && st.kind != n.node.NodeKind() {
			return res, &graph.Error{Code: graph.ECONFLICT, Field: fmt.Sprintf("nodes[%d].id", i),
				Message: fmt.Sprintf("%s %q already exists", st.kind, id)}
		}
		kinds[id] = n.node.NodeKind()
	}

	// Edges: ends, then what each changes, in order.
	for i, e := range p.edges {
		spec := graph.Rels[e.Type]
		if kinds[e.From] != spec.From {
			return res, graph.Invalid(fmt.Sprintf("edges[%d].from", i), "no %s %q", spec.From, e.From)
		}
		if !slices.Contains(spec.To, kinds[e.To]) {
			return res, graph.Invalid(fmt.Sprintf("edges[%d].to", i), "no %s %q", toLabels(spec), e.To)
		}
	}
	for i, n := range p.nodes {
		if err := graph.CheckRefs(n.node, kindIn(kinds)); err != nil {
			return res, graph.Within(fmt.Sprintf("nodes[%d]", i), err)
		}
	}
	finalProps, finalHash, err := p.keepBadges(db)
	if err != nil {
		return res, err
	}

	now := p.now
	nowText := graph.FormatTime(now)
	var created, updated []nodeWrite
	type written struct {
		block *graph.Block
		field string // the item a broken rule is reported on
	}
	var blocks []written

	// Nodes, counted one occurrence at a time.
	cur := map[string]string{}
	for id, st := range db {
		if _, ok := p.kinds[id]; ok {
			cur[id] = st.hash
		}
	}
	for _, n := range p.nodes {
		id := n.node.NodeID()
		nh := n.hash
		if _, kept := db[id]; kept && db[id].achievement != nil {
			nh = finalHash[id] // an import names no badge: compared with the badge kept
		}
		h, ok := cur[id]
		switch {
		case !ok:
			res.NodesCreated++
		case h == nh:
			res.NodesUnchanged++
		default:
			res.NodesUpdated++
		}
		cur[id] = nh
	}
	for _, id := range p.ids {
		k, inBatch := p.kinds[id]
		if !inBatch {
			continue
		}
		props := finalProps[id]
		st, exists := db[id]
		var w nodeWrite
		switch {
		case !exists:
			pr, n, err := stamped(k, props, nowText, nowText)
			if err != nil {
				return res, err
			}
			w = nodeWrite{k, pr, refRels(n)}
			created = append(created, w)
		case st.hash == finalHash[id]:
			continue // unchanged: no write, timestamps kept
		default:
			pr, n, err := stamped(k, props, st.created, later(st.updated, now))
			if err != nil {
				return res, err
			}
			w = nodeWrite{k, pr, refRels(n)}
			updated = append(updated, w)
		}
		if blk, ok := p.final[id].(*graph.Block); ok {
			blocks = append(blocks, written{blk, fmt.Sprintf("nodes[%d]", p.last[id])})
		}
	}

	// COMPRISES edges: components appended to blocks of the batch (done in planBatch) or to
	// stored blocks (done here).
	// COMPRISES relationships to check for cycles, in the order a sequential writer would add
	// them: the blocks' own components by node, then those of COMPRISES edges by edge. The
	// order key is the node's index, or the number of nodes plus the edge's.
	type comprisesRow struct {
		order    int
		from, to string
		field    string
	}
	var comprises []comprisesRow
	extended := map[string]*graph.Block{}
	changed := map[string]bool{}
	for i, e := range p.edges {
		if e.Type != graph.RelComprises {
			continue
		}
		if _, ok := p.kinds[e.From]; ok {
			if p.appended[i] {
				res.EdgesCreated++
			} else {
				res.EdgesUnchanged++
			}
			continue
		}
		blk := extended[e.From]
		if blk == nil {
			st := db[e.From]
			if st.block == nil {
				return res, fmt.Errorf("block %q was not read", e.From)
			}
			cp := *st.block
			cp.Components = slices.Clone(cp.Components)
			blk = &cp
			extended[e.From] = blk
		}
		if slices.Contains(blk.Components, e.To) {
			res.EdgesUnchanged++
			continue
		}
		blk.Components = append(blk.Components, e.To)
		changed[e.From] = true
		res.EdgesCreated++
		comprises = append(comprises, comprisesRow{len(p.nodes) + i, e.From, e.To, fmt.Sprintf("edges[%d].to", i)})
	}
	for _, id := range graph.UniqueIDs(blockIDs) {
		blk := extended[id]
		if !changed[id] {
			continue
		}
		props, err := encode(blk)
		if err != nil {
			return res, err
		}
		pr, n, err := stamped(graph.KindBlock, props, db[id].created, later(db[id].updated, now))
		if err != nil {
			return res, err
		}
		updated = append(updated, nodeWrite{graph.KindBlock, pr, refRels(n)})
	}
	for _, w := range blocks {
		byEdge := p.appendedBy[w.block.ID]
		given := len(w.block.Components) - len(byEdge) // the rest came from COMPRISES edges
		for j, c := range w.block.Components {
			if kinds[c] != graph.KindBlock {
				continue
			}
			row := comprisesRow{p.last[w.block.ID], w.block.ID, c, fmt.Sprintf("%s.components[%d]", w.field, j)}
			if j >= given {
				row.order, row.field = len(p.nodes)+byEdge[j-given], fmt.Sprintf("edges[%d].to", byEdge[j-given])
			}
			comprises = append(comprises, row)
		}
	}
	slices.SortStableFunc(comprises, func(a, b comprisesRow) int { return a.order - b.order })
	comprisesRows := make([]cycleRow, len(comprises))
	for i, r := range comprises {
		comprisesRows[i] = cycleRow{I: i, From: r.from, To: r.to}
	}

	// Other edges: compare with what is stored (or earlier in the batch).
	existing, err := storedEdges(ctx, tx, p.edges, db)
	if err != nil {
		return res, err
	}
	state := map[edgeKey]graph.Edge{}
	for k, e := range existing {
		state[k] = e
	}
	finalEdge := map[edgeKey]int{} // key -> index of its last occurrence
	firstNew := map[edgeKey]int{}  // key -> index of the occurrence that creates it
	var keys []edgeKey
	for i, e := range p.edges {
		if e.Type == graph.RelComprises {
			continue
		}
		k := edgeKey{e.Type, e.From, e.To}
		old, ok := state[k]
		switch {
		case !ok:
			res.EdgesCreated++
			firstNew[k] = i
		case graph.SameEdge(old, e):
			res.EdgesUnchanged++
		default:
			res.EdgesUpdated++
		}
		if _, seen := finalEdge[k]; !seen {
			keys = append(keys, k)
		}
		state[k] = e
		finalEdge[k] = i
	}
	createRows := map[graph.RelType][]any{}
	updateRows := map[graph.RelType][]any{}
	cycleRows := map[graph.RelType][]cycleRow{}
	for _, k := range keys {
		e := p.edges[finalEdge[k]]
		row := map[string]any{"from": e.From, "to": e.To, "props": edgeProps(e)}
		old, ok := existing[k]
		switch {
		case !ok:
			createRows[k.t] = append(createRows[k.t], row)
			if graph.Rels[k.t].Acyclic {
				cycleRows[k.t] = append(cycleRows[k.t], cycleRow{I: firstNew[k], From: e.From, To: e.To})
			}
		case !graph.SameEdge(old, e):
			updateRows[k.t] = append(updateRows[k.t], row)
		}
	}

	// Write.
	if err := writeNodes(ctx, tx, created, updated); err != nil {
		return res, err
	}
	if err := createEdges(ctx, tx, createRows); err != nil {
		return res, err
	}
	for _, t := range graph.RelTypes {
		typ := cypherType(t)
		if rows := updateRows[t]; len(rows) > 0 {
			q := fmt.Sprintf("UNWIND $rows AS row MATCH (a:Node {id: row.from})-[r:%s]->(b:Node {id: row.to}) SET r = row.props", typ)
			if err := exec(ctx, tx, q, map[string]any{"rows": rows}); err != nil {
				return res, err
			}
		}
	}

	// Checks on the written graph; an error rolls everything back.
	for _, t := range graph.RelTypes {
		if rows := cycleRows[t]; len(rows) > 0 {
			i, err := closingCycle(ctx, tx, cypherType(t), rows)
			if err != nil {
				return res, err
			}
			if i >= 0 {
				e := p.edges[i]
				return res, graph.Invalid(fmt.Sprintf("edges[%d].to", i), "%s from %q to %q would close a cycle", e.Type, e.From, e.To)
			}
		}
	}
	if i, err := closingCycle(ctx, tx, "COMPRISES", comprisesRows); err != nil {
		return res, err
	} else if i >= 0 {
		return res, graph.Invalid(comprises[i].field, "a block would contain itself")
	}
	var components []string
	for _, w := range blocks {
		if w.block.Rule.Kind == graph.RuleMinECTS || w.block.Rule.Kind == graph.RuleMinHours {
			components = append(components, w.block.Components...)
		}
	}
	if len(components) > 0 {
		info, err := componentInfo(ctx, tx, components)
		if err != nil {
			return res, err
		}
		for _, w := range blocks {
			if w.block.Rule.Kind != graph.RuleMinECTS && w.block.Rule.Kind != graph.RuleMinHours {
				continue
			}
			if err := graph.CheckRule(w.block, info); err != nil {
				return res, graph.Within(w.field, err)
			}
		}
	}
	return res, nil
}

// keepBadges returns the batch's final properties and hashes, with graph.KeepBadge applied to
// the achievements that replace stored ones (on copies: apply may run again on a retry).
func (p *batchPlan) keepBadges(db map[string]stored) (map[string]map[string]any, map[string]string, error) {
	props, hashes := p.finalProps, p.finalHash
	copied := false
	for id, n := range p.final {
		a, ok := n.(*graph.Achievement)
		st := db[id]
		if !ok || st.achievement == nil {
			continue
		}
		c := *a
		if err := graph.KeepBadge(st.achievement, &c); err != nil {
			return nil, nil, graph.Within(fmt.Sprintf("nodes[%d]", p.last[id]), err)
		}
		pr, err := encode(&c)
		if err != nil {
			return nil, nil, err
		}
		if !copied {
			props, hashes, copied = maps.Clone(props), maps.Clone(hashes), true
		}
		props[id] = pr
		hashes[id], _ = pr["_hash"].(string)
	}
	return props, hashes, nil
}

// lookup reads what the database holds of ids, and the stored blocks among full in whole.
func lookup(ctx context.Context, tx driver.ManagedTransaction, ids, full []string) (map[string]stored, error) {
	recs, err := collect(ctx, tx, `UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN id, labels(n) AS labels, n._hash AS hash, n.createdAt AS created, n.updatedAt AS updated,
       CASE WHEN id IN $full AND n:Block OR n:Achievement THEN n END AS node`, map[string]any{"ids": ids, "full": full})
	if err != nil {
		return nil, err
	}
	out := make(map[string]stored, len(recs))
	for _, r := range recs {
		var st stored
		id, err := get[string](r, "id")
		if err != nil {
			return nil, err
		}
		v, _ := r.Get("labels")
		k, ok := labelsKind(v)
		if !ok {
			continue // not one of ours
		}
		st.kind = k
		if st.hash, err = get[string](r, "hash"); err != nil {
			return nil, err
		}
		if st.created, err = get[string](r, "created"); err != nil {
			return nil, err
		}
		if st.updated, err = get[string](r, "updated"); err != nil {
			return nil, err
		}
		if v, _ := r.Get("node"); v != nil {
			n, err := nodeValue(v)
			if err != nil {
				return nil, err
			}
			st.block, _ = n.(*graph.Block)
			st.achievement, _ = n.(*graph.Achievement)
		}
		out[id] = st
	}
	return out, nil
}

// storedEdges returns the stored edges among those of the batch whose two ends already exist
// (other than COMPRISES, which the blocks' components describe).
func storedEdges(ctx context.Context, tx driver.ManagedTransaction, edges []graph.Edge, db map[string]stored) (map[edgeKey]graph.Edge, error) {
	var rows []any
	for i, e := range edges {
		if e.Type == graph.RelComprises {
			continue
		}
		if _, ok := db[e.From]; !ok {
			continue
		}
		if _, ok := db[e.To]; !ok {
			continue
		}
		rows = append(rows, map[string]any{"i": int64(i), "type": cypherType(e.Type), "from": e.From, "to": e.To})
	}
	out := map[edgeKey]graph.Edge{}
	if len(rows) == 0 {
		return out, nil
	}
	recs, err := collect(ctx, tx, `UNWIND $rows AS row
MATCH (a:Node {id: row.from})-[r]->(b:Node {id: row.to})
WHERE type(r) = row.type
RETURN row.i AS i, properties(r) AS p`, map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		i, err := get[int64](r, "i")
		if err != nil {
			return nil, err
		}
		if i < 0 || int(i) >= len(edges) {
			return nil, fmt.Errorf("edge index %d out of range", i)
		}
		e := edges[i]
		v, _ := r.Get("p")
		old, err := edgeOf(e.Type, e.From, e.To, v)
		if err != nil {
			return nil, err
		}
		out[edgeKey{e.Type, e.From, e.To}] = old
	}
	return out, nil
}

// createEdges creates new edges, rows of {from, to, props} by type, one statement per type.
func createEdges(ctx context.Context, tx driver.ManagedTransaction, rows map[graph.RelType][]any) error {
	for _, t := range graph.RelTypes {
		if len(rows[t]) == 0 {
			continue
		}
		q := fmt.Sprintf("UNWIND $rows AS row MATCH (a:Node {id: row.from}) MATCH (b:Node {id: row.to}) CREATE (a)-[r:%s]->(b) SET r = row.props", cypherType(t))
		if err := exec(ctx, tx, q, map[string]any{"rows": rows[t]}); err != nil {
			return err
		}
	}
	return nil
}
