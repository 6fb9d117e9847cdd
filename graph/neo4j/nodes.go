package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// Get returns the node of kind k with id. ENOTFOUND when there is none of that kind; EINVALID
// ("kind") for an unknown kind.
func (s *Store) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if !k.Valid() {
		return nil, wrap("Get", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	n, err := readOne(ctx, s, func(ctx context.Context, tx runner) (graph.Node, error) {
		recs, err := collect(ctx, tx, fmt.Sprintf("MATCH (n:Node {id: $id}) WHERE n:%s RETURN n", k), map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return nil, err
		}
		v, _ := recs[0].Get("n")
		return nodeValue(v)
	})
	if err == nil && n == nil {
		err = graph.NotFound(k, id)
	}
	return n, wrap("Get", err)
}

// GetMany returns the nodes of kind k with the given ids, keyed by id; missing ids are absent.
// EINVALID ("kind") for an unknown kind, EINTERNAL on failure.
func (s *Store) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	if !k.Valid() {
		return nil, wrap("GetMany", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	ids = graph.UniqueIDs(ids)
	if len(ids) == 0 {
		return map[string]graph.Node{}, nil
	}
	out, err := readOne(ctx, s, func(ctx context.Context, tx runner) (map[string]graph.Node, error) {
		recs, err := collect(ctx, tx, fmt.Sprintf("UNWIND $ids AS id MATCH (n:Node {id: id}) WHERE n:%s RETURN n", k),
			map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		m := make(map[string]graph.Node, len(recs))
		for _, r := range recs {
			v, _ := r.Get("n")
			n, err := nodeValue(v)
			if err != nil {
				return nil, err
			}
			m[n.NodeID()] = n
		}
		return m, nil
	})
	return out, wrap("GetMany", err)
}

var _ graph.VersionedReader = (*Store)(nil)

// GetManyVersioned is GetMany with the catalogue's version (CatalogueVersion) read in the same
// statement: one round trip instead of two for a request that starts with personal data.
// EINVALID ("kind") for an unknown kind, EINTERNAL on failure.
func (s *Store) GetManyVersioned(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, string, error) {
	if !k.Valid() {
		return nil, "", wrap("GetManyVersioned", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	type result struct {
		nodes   map[string]graph.Node
		version string
	}
	q := fmt.Sprintf("OPTIONAL MATCH (m:Meta {name: 'catalogue'}) WITH coalesce(m.version, '') AS v "+
		"OPTIONAL MATCH (n:Node) WHERE n.id IN $ids AND n:%s RETURN v, collect(n) AS ns", k)
	out, err := readOne(ctx, s, func(ctx context.Context, tx runner) (result, error) {
		recs, err := collect(ctx, tx, q, map[string]any{"ids": graph.UniqueIDs(ids)})
		if err != nil || len(recs) == 0 {
			return result{}, err
		}
		v, err := get[string](recs[0], "v")
		if err != nil {
			return result{}, err
		}
		ns, err := get[[]any](recs[0], "ns")
		if err != nil {
			return result{}, err
		}
		m := make(map[string]graph.Node, len(ns))
		for _, raw := range ns {
			n, err := nodeValue(raw)
			if err != nil {
				return result{}, err
			}
			m[n.NodeID()] = n
		}
		return result{nodes: m, version: v}, nil
	})
	if err == nil && out.nodes == nil {
		err = errors.New("no record")
	}
	return out.nodes, out.version, wrap("GetManyVersioned", err)
}

// Create stores a new node and returns it as stored. EINVALID when it does not validate or a
// reference, component or block rule is wrong (naming the field); ECONFLICT when any node has
// its id.
func (s *Store) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	return s.create(ctx, "Create", n, nil)
}

// CreateWithEdges stores a new node and the edges from it in one transaction: see
// graph.Store.
func (s *Store) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	return s.create(ctx, "CreateWithEdges", n, edges)
}

// create stores a new node and edges from it (none for Create) in one transaction; op names
// the operation in errors.
func (s *Store) create(ctx context.Context, op string, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	c, err := prepare(n)
	if err != nil {
		return nil, wrap(op, err)
	}
	k, id := c.NodeKind(), c.NodeID()
	if id == "" {
		id = graph.NewID(k)
		graph.SetID(c, id)
	}
	out, err := graph.OutgoingEdges(k, id, edges)
	if err != nil {
		return nil, wrap(op, err)
	}
	props, err := encode(c)
	if err != nil {
		return nil, wrap(op, err)
	}
	now := graph.FormatTime(s.now())
	props, c, err = stamped(k, props, now, now)
	if err != nil {
		return nil, wrap(op, err)
	}
	personal := k.Personal()
	ends := append(graph.RefIDs(c), id)
	for _, e := range out {
		personal = personal || e.Type.Personal()
		ends = append(ends, e.To)
	}
	created, err := storeWriteTx(ctx, s, personal, func(ctx context.Context, tx driver.ManagedTransaction) (graph.Node, error) {
		if err := lockBlocks(ctx, tx, c); err != nil {
			return nil, err
		}
		kinds, err := kindsOf(ctx, tx, ends)
		if err != nil {
			return nil, err
		}
		if other, ok := kinds[id]; ok {
			return nil, &graph.Error{Code: graph.ECONFLICT, Field: "id", Message: fmt.Sprintf("%s %q already exists", other, id)}
		}
		if a, ok := c.(*graph.Achievement); ok && a.IdempotencyKey != "" {
			if err := checkIdempotency(ctx, tx, a); err != nil {
				return nil, err
			}
		}
		if err := graph.CheckRefs(c, kindIn(kinds)); err != nil {
			return nil, err
		}
		if b, ok := c.(*graph.Block); ok {
			if err := checkBlock(ctx, tx, b); err != nil {
				return nil, err
			}
		}
		rows := map[graph.RelType][]any{}
		for i, e := range out {
			if !slices.Contains(graph.Rels[e.Type].To, kinds[e.To]) {
				return nil, graph.Invalid(fmt.Sprintf("edges[%d].to", i), "no %s %q", strings.Join(toStrings(graph.Rels[e.Type].To), " or "), e.To)
			}
			rows[e.Type] = append(rows[e.Type], map[string]any{"from": e.From, "to": e.To, "props": edgeProps(e)})
		}
		if err := writeNodes(ctx, tx, []nodeWrite{{k, props, refRels(c)}}, nil); err != nil {
			return nil, err
		}
		return c, createEdges(ctx, tx, rows)
	})
	return created, wrap(op, err)
}

// Update replaces the stored node with n, keeping CreatedAt and setting UpdatedAt. ENOTFOUND
// when no node of that kind has n's id; EINVALID as for Create.
func (s *Store) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	c, err := prepare(n)
	if err != nil {
		return nil, wrap("Update", err)
	}
	k, id := c.NodeKind(), c.NodeID()
	props, err := encode(c)
	if err != nil {
		return nil, wrap("Update", err)
	}
	out, err := storeWriteTx(ctx, s, k.Personal(), func(ctx context.Context, tx driver.ManagedTransaction) (graph.Node, error) {
		if err := lockBlocks(ctx, tx, c); err != nil {
			return nil, err
		}
		// An achievement is locked before it is read, so that its checks see the last
		// committed version and two updates cannot both pass them (see CheckAchievementUpdate).
		lock := ""
		if k == graph.KindAchievement {
			lock = "SET n._lock = true REMOVE n._lock "
		}
		recs, err := collect(ctx, tx, fmt.Sprintf("MATCH (n:Node {id: $id}) WHERE n:%s %sRETURN n.createdAt AS c, n.updatedAt AS u, n AS n", k, lock),
			map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, graph.NotFound(k, id)
		}
		if a, ok := c.(*graph.Achievement); ok {
			v, _ := recs[0].Get("n")
			old, err := nodeValue(v)
			if err != nil {
				return nil, err
			}
			if err := graph.CheckAchievementUpdate(old.(*graph.Achievement), a); err != nil {
				return nil, err
			}
		}
		created, err := get[string](recs[0], "c")
		if err != nil {
			return nil, err
		}
		prev, err := get[string](recs[0], "u")
		if err != nil {
			return nil, err
		}
		kinds, err := kindsOf(ctx, tx, graph.RefIDs(c))
		if err != nil {
			return nil, err
		}
		if err := graph.CheckRefs(c, kindIn(kinds)); err != nil {
			return nil, err
		}
		if b, ok := c.(*graph.Block); ok {
			if err := checkBlock(ctx, tx, b); err != nil {
				return nil, err
			}
		}
		p, node, err := stamped(k, props, created, later(prev, s.now()))
		if err != nil {
			return nil, err
		}
		return node, writeNodes(ctx, tx, nil, []nodeWrite{{k, p, refRels(node)}})
	})
	return out, wrap("Update", err)
}

// later returns now as stored, or just after prev when the clock has not moved past it, so
// that an update always moves UpdatedAt forward.
func later(prev string, now time.Time) string {
	now = now.UTC().Truncate(time.Millisecond)
	if p, err := time.Parse(time.RFC3339Nano, prev); err == nil && !now.After(p) {
		now = p.Add(time.Millisecond)
	}
	return graph.FormatTime(now)
}

// Delete removes the node and every edge at it. ENOTFOUND when it does not exist; ECONFLICT
// when another node refers to it through a field.
func (s *Store) Delete(ctx context.Context, k graph.Kind, id string) error {
	if !k.Valid() {
		return wrap("Delete", graph.Invalid("kind", "unknown kind %q", string(k)))
	}
	_, err := storeWriteTx(ctx, s, k.Personal(), func(ctx context.Context, tx driver.ManagedTransaction) (bool, error) {
		// The relationships that mirror fields point at the node (or, for EARNED, from a
		// learner to its achievements); in-progress credentials are only a list on learners.
		recs, err := collect(ctx, tx, fmt.Sprintf(`MATCH (n:Node {id: $id}) WHERE n:%s
RETURN EXISTS { (n)<-[:IN_FRAMEWORK|AWARDED_BY|OFFERED_BY|OF|COMPRISES]-() }
    OR EXISTS { (n)-[:EARNED]->() }
    OR (n:Credential AND EXISTS { MATCH (l:Learner) WHERE $id IN l.inProgress }) AS referenced`, k),
			map[string]any{"id": id})
		if err != nil {
			return false, err
		}
		if len(recs) == 0 {
			return false, graph.NotFound(k, id)
		}
		referenced, err := get[bool](recs[0], "referenced")
		if err != nil {
			return false, err
		}
		if referenced {
			return false, graph.Errorf(graph.ECONFLICT, "%s %q is referred to by other nodes", k, id)
		}
		if k == graph.KindAchievement {
			if err := checkDeleteAchievement(ctx, tx, id); err != nil {
				return false, err
			}
		}
		return true, exec(ctx, tx, "MATCH (n:Node {id: $id}) DETACH DELETE n", map[string]any{"id": id})
	})
	return wrap("Delete", err)
}

// checkIdempotency fails with ECONFLICT when a's learner already has an achievement with its
// idempotency key. The check is serialised by a lock node, so that of concurrent creates with
// one key only the first passes it, and the others see its achievement.
func checkIdempotency(ctx context.Context, tx driver.ManagedTransaction, a *graph.Achievement) error {
	if err := exec(ctx, tx, "MERGE (l:Lock {name: $name}) SET l.writes = coalesce(l.writes, 0) + 1",
		map[string]any{"name": "achievement-idempotency"}); err != nil {
		return err
	}
	recs, err := collect(ctx, tx, "MATCH (a:Achievement {learnerId: $learner, idempotencyKey: $key}) RETURN a.id AS id LIMIT 1",
		map[string]any{"learner": a.LearnerID, "key": a.IdempotencyKey})
	if err != nil {
		return err
	}
	if len(recs) > 0 {
		return graph.DuplicateIdempotencyKey()
	}
	return nil
}

// checkDeleteAchievement applies graph.CheckAchievementDelete to the stored achievement.
func checkDeleteAchievement(ctx context.Context, tx driver.ManagedTransaction, id string) error {
	recs, err := collect(ctx, tx, "MATCH (n:Achievement {id: $id}) RETURN n", map[string]any{"id": id})
	if err != nil || len(recs) == 0 {
		return err
	}
	v, _ := recs[0].Get("n")
	n, err := nodeValue(v)
	if err != nil {
		return err
	}
	return graph.CheckAchievementDelete(n.(*graph.Achievement))
}

// nodeWrite is one node to write: its kind, its properties and the relationships mirroring
// its fields.
type nodeWrite struct {
	kind  graph.Kind
	props map[string]any
	rels  []refRel
}

// writeNodes creates the created nodes, replaces the updated ones, and rewrites the
// relationships that mirror their fields. One query per kind and relationship type.
func writeNodes(ctx context.Context, tx driver.ManagedTransaction, created, updated []nodeWrite) error {
	byKind := map[graph.Kind][]any{}
	for _, w := range created {
		byKind[w.kind] = append(byKind[w.kind], w.props)
	}
	for _, k := range graph.Kinds {
		if rows := byKind[k]; len(rows) > 0 {
			q := fmt.Sprintf("UNWIND $rows AS props CREATE (n:Node:%s) SET n = props", k)
			if err := exec(ctx, tx, q, map[string]any{"rows": rows}); err != nil {
				return err
			}
		}
	}
	if len(updated) > 0 {
		rows := make([]any, len(updated))
		ids := make([]string, len(updated))
		var achievements []string
		for i, w := range updated {
			rows[i] = w.props
			ids[i], _ = w.props["id"].(string)
			if w.kind == graph.KindAchievement {
				achievements = append(achievements, ids[i])
			}
		}
		if err := exec(ctx, tx, "UNWIND $rows AS props MATCH (n:Node {id: props.id}) SET n = props",
			map[string]any{"rows": rows}); err != nil {
			return err
		}
		if err := exec(ctx, tx, "UNWIND $ids AS id MATCH (:Node {id: id})-[r:IN_FRAMEWORK|OFFERED_BY|AWARDED_BY|COMPRISES|OF]->() DELETE r",
			map[string]any{"ids": ids}); err != nil {
			return err
		}
		if len(achievements) > 0 {
			if err := exec(ctx, tx, "UNWIND $ids AS id MATCH (:Node {id: id})<-[r:EARNED]-() DELETE r",
				map[string]any{"ids": achievements}); err != nil {
				return err
			}
		}
	}
	byType := map[string][]any{}
	for _, list := range [][]nodeWrite{created, updated} {
		for _, w := range list {
			for _, r := range w.rels {
				byType[r.Type] = append(byType[r.Type], map[string]any{"from": r.From, "to": r.To, "props": r.Props})
			}
		}
	}
	for _, t := range refTypes {
		if rows := byType[t]; len(rows) > 0 {
			q := fmt.Sprintf("UNWIND $rows AS row MATCH (a:Node {id: row.from}) MATCH (b:Node {id: row.to}) CREATE (a)-[r:%s]->(b) SET r = row.props", t)
			if err := exec(ctx, tx, q, map[string]any{"rows": rows}); err != nil {
				return err
			}
		}
	}
	return nil
}

// kindsOf returns the kinds of the given ids that exist.
func kindsOf(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]graph.Kind, error) {
	ids = graph.UniqueIDs(ids)
	out := make(map[string]graph.Kind, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := collect(ctx, tx, "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN id, labels(n) AS labels",
		map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		id, err := get[string](r, "id")
		if err != nil {
			return nil, err
		}
		v, _ := r.Get("labels")
		if k, ok := labelsKind(v); ok {
			out[id] = k
		}
	}
	return out, nil
}

// lockBlocks takes the COMPRISES lock when n is a block, whose components are COMPRISES
// relationships.
func lockBlocks(ctx context.Context, tx driver.ManagedTransaction, n graph.Node) error {
	if n.NodeKind() != graph.KindBlock {
		return nil
	}
	return lockAcyclic(ctx, tx, graph.RelComprises)
}

// checkBlock checks, against the database, that b's components do not contain b (a cycle)
// and that its rule can be satisfied by them.
func checkBlock(ctx context.Context, tx driver.ManagedTransaction, b *graph.Block) error {
	rows := make([]cycleRow, len(b.Components))
	for i, c := range b.Components {
		rows[i] = cycleRow{I: i, From: b.ID, To: c}
	}
	i, err := closingCycle(ctx, tx, "COMPRISES", rows)
	if err != nil {
		return err
	}
	if i >= 0 {
		return graph.Invalid(fmt.Sprintf("components[%d]", i), "%q contains block %q: that would form a cycle", b.Components[i], b.ID)
	}
	return checkRule(ctx, tx, b)
}

// checkRule checks b's rule against its components as stored.
func checkRule(ctx context.Context, tx driver.ManagedTransaction, b *graph.Block) error {
	info, err := componentInfo(ctx, tx, b.Components)
	if err != nil {
		return err
	}
	return graph.CheckRule(b, info)
}

// componentInfo returns the kind of each existing id and what it is worth: a credential its
// own ECTS and hours, a block the totals of the distinct credentials under it.
func componentInfo(ctx context.Context, tx driver.ManagedTransaction, ids []string) (map[string]graph.ComponentInfo, error) {
	out := make(map[string]graph.ComponentInfo, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := collect(ctx, tx, `UNWIND $ids AS id
MATCH (c:Node {id: id})
WITH c, CASE WHEN c:Block THEN COLLECT { MATCH (c)-[:COMPRISES*]->(x:Credential) RETURN DISTINCT x } ELSE [c] END AS creds
RETURN c.id AS id, labels(c) AS labels,
       reduce(e = 0.0, x IN creds | e + coalesce(x.ects, 0)) AS ects,
       reduce(h = 0.0, x IN creds | h + coalesce(x.hours, 0)) AS hours`, map[string]any{"ids": graph.UniqueIDs(ids)})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		id, err := get[string](r, "id")
		if err != nil {
			return nil, err
		}
		ects, err := get[float64](r, "ects")
		if err != nil {
			return nil, err
		}
		hours, err := get[float64](r, "hours")
		if err != nil {
			return nil, err
		}
		v, _ := r.Get("labels")
		k, _ := labelsKind(v)
		out[id] = graph.ComponentInfo{Kind: k, ECTS: ects, Hours: hours}
	}
	return out, nil
}

// cycleRow is a relationship From -> To about to exist; I identifies it to the caller.
type cycleRow struct {
	I        int
	From, To string
}

// closingCycle returns the largest I among rows whose From is reachable from To through
// relationships of type typ, or -1. Such a relationship lies on a cycle; when the rows are a
// batch in order, the one that closes a cycle comes last in it. Each check is a bidirectional
// breadth-first search, whose cost is bounded by the nodes it reaches, however many paths a
// DAG with shared ancestors has.
func closingCycle(ctx context.Context, tx driver.ManagedTransaction, typ string, rows []cycleRow) (int, error) {
	if len(rows) == 0 {
		return -1, nil
	}
	params := make([]any, 0, len(rows))
	for _, r := range rows {
		if r.From != r.To {
			params = append(params, map[string]any{"i": int64(r.I), "from": r.From, "to": r.To})
		}
	}
	q := fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:Node {id: row.from}) MATCH (b:Node {id: row.to})
MATCH p = shortestPath((b)-[:%s*]->(a))
RETURN max(row.i) AS i`, typ)
	recs, err := collect(ctx, tx, q, map[string]any{"rows": params})
	if err != nil || len(recs) == 0 {
		return -1, err
	}
	v, isNil, err := driver.GetRecordValue[int64](recs[0], "i")
	if err != nil || isNil {
		return -1, err
	}
	return int(v), nil
}

// kindIn looks ids up in a map of their kinds.
func kindIn(kinds map[string]graph.Kind) func(string) (graph.Kind, bool) {
	return func(id string) (graph.Kind, bool) {
		k, ok := kinds[id]
		return k, ok
	}
}
