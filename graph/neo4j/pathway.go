package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// pathwayQuery reads everything PathwayContext returns in one statement. The credentials are:
// the seeds (certifying a required competency, achieved by the learner, or in progress) and
// their prerequisites, transitively; then every block above them, every block nested in those,
// and the credentials those blocks comprise (so that each block component resolves), again
// with their prerequisites, so that each prerequisite edge resolves too.
const pathwayQuery = `
OPTIONAL MATCH (l:Node {id: $learner}) WHERE l:Learner
OPTIONAL MATCH (r:Node {id: $role}) WHERE r:JobRole
WITH l, r,
  COLLECT { MATCH (r)-[q:REQUIRES]->(c:Competency) RETURN {to: c.id, p: properties(q)} } AS requirements,
  COLLECT { MATCH (r)-[:REQUIRES]->(c:Competency) RETURN DISTINCT c } AS competencies,
  COLLECT { MATCH (l)-[h:HAS]->(c:Competency) RETURN {to: c.id, p: properties(h)} } AS holdings,
  COLLECT { MATCH (l)-[:EARNED]->(a:Achievement) RETURN a } AS achievements,
  COLLECT {
    MATCH (r)-[:REQUIRES]->(:Competency)<-[:CERTIFIES]-(c:Credential) RETURN c
    UNION
    MATCH (l)-[:EARNED]->(:Achievement)-[:OF]->(c:Credential) RETURN c
    UNION
    UNWIND coalesce(l.inProgress, []) AS id MATCH (c:Node {id: id}) WHERE c:Credential RETURN c
  } AS seeds
WITH l, r, requirements, competencies, holdings, achievements,
  COLLECT { UNWIND seeds AS s MATCH (s)-[:REQUIRES*0..]->(p:Credential) RETURN DISTINCT p } AS core
WITH l, r, requirements, competencies, holdings, achievements, core,
  COLLECT { UNWIND core AS c MATCH (b:Block)-[:COMPRISES*1..]->(c) RETURN DISTINCT b } AS above
WITH l, r, requirements, competencies, holdings, achievements, core,
  COLLECT { UNWIND above AS a MATCH (a)-[:COMPRISES*0..]->(b:Block) RETURN DISTINCT b } AS blocks
WITH l, r, requirements, competencies, holdings, achievements, core, blocks,
  COLLECT { UNWIND blocks AS b MATCH (b)-[:COMPRISES]->(c:Credential) RETURN DISTINCT c } AS parts
WITH l, r, requirements, competencies, holdings, achievements, blocks,
  COLLECT { UNWIND core + parts AS s MATCH (s)-[:REQUIRES*0..]->(p:Credential) RETURN DISTINCT p } AS credentials
RETURN l, r, requirements, competencies, holdings, achievements, blocks, credentials,
  COLLECT { UNWIND credentials AS c MATCH (c)-[x:CERTIFIES]->(t:Competency) RETURN {from: c.id, to: t.id, p: properties(x)} } AS certifies,
  COLLECT { UNWIND credentials AS c MATCH (c)-[x:REQUIRES]->(t:Credential) RETURN {from: c.id, to: t.id, p: properties(x)} } AS prerequisites,
  COLLECT { UNWIND credentials AS c MATCH (c)-[x:REQUIRES_COMPETENCY]->(t:Competency) RETURN {from: c.id, to: t.id, p: properties(x)} } AS requiredCompetencies`

// PathwayContext returns in one read everything the pathway engine needs for a learner and a
// target role. Edge lists are ordered by their ends' ids. ENOTFOUND when either does not
// exist; EINTERNAL on failure.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	pc, err := readTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (*graph.PathwayContext, error) {
		recs, err := collect(ctx, tx, pathwayQuery, map[string]any{"learner": learnerID, "role": roleID})
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("pathway query returned %d records", len(recs))
		}
		return decodePathway(recs[0], learnerID, roleID)
	})
	return pc, wrap("PathwayContext", err)
}

func decodePathway(rec *driver.Record, learnerID, roleID string) (*graph.PathwayContext, error) {
	pc := &graph.PathwayContext{
		Competencies: map[string]*graph.Competency{},
		Credentials:  map[string]*graph.Credential{},
		Blocks:       map[string]*graph.Block{},
	}
	v, _ := rec.Get("l")
	if v == nil {
		return nil, graph.NotFound(graph.KindLearner, learnerID)
	}
	if err := decodeAs(v, &pc.Learner); err != nil {
		return nil, err
	}
	if v, _ = rec.Get("r"); v == nil {
		return nil, graph.NotFound(graph.KindJobRole, roleID)
	}
	if err := decodeAs(v, &pc.Role); err != nil {
		return nil, err
	}

	var err error
	if pc.Requirements, err = edgeList(rec, "requirements", graph.RelRoleRequires, roleID); err != nil {
		return nil, err
	}
	if pc.Holdings, err = edgeList(rec, "holdings", graph.RelHas, learnerID); err != nil {
		return nil, err
	}
	if pc.Certifies, err = edgeList(rec, "certifies", graph.RelCertifies, ""); err != nil {
		return nil, err
	}
	if pc.Prerequisites, err = edgeList(rec, "prerequisites", graph.RelPrerequisite, ""); err != nil {
		return nil, err
	}
	if pc.RequiredCompetencies, err = edgeList(rec, "requiredCompetencies", graph.RelRequiresCompetency, ""); err != nil {
		return nil, err
	}
	if err := nodeMap(rec, "competencies", pc.Competencies); err != nil {
		return nil, err
	}
	if err := nodeMap(rec, "credentials", pc.Credentials); err != nil {
		return nil, err
	}
	if err := nodeMap(rec, "blocks", pc.Blocks); err != nil {
		return nil, err
	}
	achievements, err := get[[]any](rec, "achievements")
	if err != nil {
		return nil, err
	}
	for _, v := range achievements {
		var a *graph.Achievement
		if err := decodeAs(v, &a); err != nil {
			return nil, err
		}
		pc.Achievements = append(pc.Achievements, a)
	}
	slices.SortFunc(pc.Achievements, func(x, y *graph.Achievement) int { return strings.Compare(x.ID, y.ID) })
	return pc, nil
}

// decodeAs decodes a node value into *dst, checking its type.
func decodeAs[T graph.Node](v any, dst *T) error {
	n, err := nodeValue(v)
	if err != nil {
		return err
	}
	t, ok := n.(T)
	if !ok {
		return fmt.Errorf("node %q is a %s, want %T", n.NodeID(), n.NodeKind(), *dst)
	}
	*dst = t
	return nil
}

// nodeMap decodes a list of nodes into m, keyed by id.
func nodeMap[T graph.Node](rec *driver.Record, key string, m map[string]T) error {
	list, err := get[[]any](rec, key)
	if err != nil {
		return err
	}
	for _, v := range list {
		var n T
		if err := decodeAs(v, &n); err != nil {
			return err
		}
		m[n.NodeID()] = n
	}
	return nil
}

// edgeList decodes a list of {from, to, p} maps into edges of type t, from `from` when the
// maps carry no start, sorted by (from, to).
func edgeList(rec *driver.Record, key string, t graph.RelType, from string) ([]graph.Edge, error) {
	list, err := get[[]any](rec, key)
	if err != nil {
		return nil, err
	}
	edges := make([]graph.Edge, 0, len(list))
	for _, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: want a map, got %T", key, v)
		}
		f, to := from, ""
		if s, ok := m["from"].(string); ok {
			f = s
		}
		if s, ok := m["to"].(string); ok {
			to = s
		}
		e, err := edgeOf(t, f, to, m["p"])
		if err != nil {
			return nil, err
		}
		edges = append(edges, e)
	}
	slices.SortFunc(edges, func(x, y graph.Edge) int {
		if c := strings.Compare(x.From, y.From); c != 0 {
			return c
		}
		return strings.Compare(x.To, y.To)
	})
	return edges, nil
}

// Stats counts nodes per kind and edges per type, every kind and type present. Each count is a
// subquery of its own, without a grouping key, so that Neo4j answers it from its count store
// (a label, or a relationship type with its start's label) however large the graph.
// EINTERNAL on failure.
func (s *Store) Stats(ctx context.Context) (*graph.Stats, error) {
	var b strings.Builder
	var cols []string
	for i, k := range graph.Kinds {
		fmt.Fprintf(&b, "CALL { MATCH (n:%s) RETURN count(n) AS n%d }\n", k, i)
		cols = append(cols, fmt.Sprintf("n%d", i))
	}
	for i, t := range graph.RelTypes {
		fmt.Fprintf(&b, "CALL { MATCH (:%s)-[r:%s]->() RETURN count(r) AS e%d }\n", graph.Rels[t].From, cypherType(t), i)
		cols = append(cols, fmt.Sprintf("e%d", i))
	}
	query := b.String() + "RETURN " + strings.Join(cols, ", ")
	st, err := readTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (*graph.Stats, error) {
		recs, err := collect(ctx, tx, query, nil)
		if err != nil {
			return nil, err
		}
		if len(recs) != 1 {
			return nil, fmt.Errorf("stats query returned %d records", len(recs))
		}
		st := &graph.Stats{Nodes: map[graph.Kind]int{}, Edges: map[graph.RelType]int{}}
		for i, k := range graph.Kinds {
			c, err := get[int64](recs[0], fmt.Sprintf("n%d", i))
			if err != nil {
				return nil, err
			}
			st.Nodes[k] = int(c)
		}
		for i, t := range graph.RelTypes {
			c, err := get[int64](recs[0], fmt.Sprintf("e%d", i))
			if err != nil {
				return nil, err
			}
			st.Edges[t] = int(c)
		}
		return st, nil
	})
	return st, wrap("Stats", err)
}
