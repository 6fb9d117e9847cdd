package neo4j_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/graph/record"
)

// v1Graph is a small graph in the property layout of storage version 1, written as that
// release's store wrote it: domain JSON fields, nested values as JSON strings listed in _json,
// search words lower-cased but not folded (_sname, _slabels, _sdesc), no _v, no storage
// version node.
var v1Graph = []string{
	`CREATE (:Node:Framework {id: 'fw', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  name: 'Référentiel', _name: 'Référentiel', _hash: 'old', _sname: 'référentiel', _slabels: '', _sdesc: ''})`,
	`CREATE (:Node:Competency {id: 'c-data', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-06T11:30:00.000Z',
  name: 'Analyse de données', description: 'Analyser des données chiffrées.', altLabels: ['data analysis', 'Traitement des données'],
  type: 'SKILL', frameworkId: 'fw', _name: 'Analyse de données', _hash: 'old', _labels: 'data analysis\nTraitement des données',
  _sname: 'analyse de données', _slabels: 'data analysis traitement des données', _sdesc: 'analyser des données chiffrées'})`,
	`CREATE (:Node:Competency {id: 'c-stats', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  name: 'Données', _name: 'Données', _hash: 'old', _sname: 'données', _slabels: '', _sdesc: ''})`,
	`CREATE (:Node:Organization {id: 'org', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  name: 'École des données', kind: 'UNIVERSITY', _name: 'École des données', _hash: 'old', _sname: 'école des données', _slabels: '', _sdesc: ''})`,
	`CREATE (:Node:Credential {id: 'k', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  title: 'Python pour les données', hours: 21, ects: 1.5, eqfLevel: 5, modality: 'BLENDED', assessmentTypes: ['PROJECT', 'EXAM'],
  language: 'fr', price: 450.5, currency: 'EUR', organizationId: 'org', _name: 'Python pour les données', _hash: 'old',
  _sname: 'python pour les données', _slabels: '', _sdesc: ''})`,
	`CREATE (:Node:Block {id: 'b', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  title: 'Bloc données', rule: '{"kind":"AT_LEAST","count":1}', components: ['k'], _json: ['rule'], _name: 'Bloc données',
  _hash: 'old', _sname: 'bloc données', _slabels: '', _sdesc: ''})`,
	`CREATE (:Node:Learner {id: 'l', createdAt: '2026-01-05T10:00:00.000Z', updatedAt: '2026-01-05T10:00:00.000Z',
  name: 'Léa Martin', constraints: '{"hoursPerWeek":6,"maxBudget":900,"modalities":["REMOTE"],"deadline":"2026-09-01T00:00:00Z"}',
  _json: ['constraints'], _name: 'Léa Martin', _hash: 'old'})`,
	`CREATE (:Node:Achievement {id: 'a', createdAt: '2026-02-01T09:00:00.000Z', updatedAt: '2026-02-01T09:00:00.000Z',
  learnerId: 'l', credentialId: 'k', issuedAt: '2026-02-01T09:00:00.000Z', status: 'VALID', badgeJwt: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
  statusList: 'https://example.org/status/1', statusIndex: 3, visibility: 'PUBLIC', _name: 'a', _hash: 'old'})`,
	`MATCH (c:Competency {id: 'c-data'}), (f:Framework {id: 'fw'}) CREATE (c)-[:IN_FRAMEWORK]->(f)`,
	`MATCH (k:Credential {id: 'k'}), (o:Organization {id: 'org'}) CREATE (k)-[:AWARDED_BY]->(o)`,
	`MATCH (k:Credential {id: 'k'}), (c:Competency {id: 'c-data'}) CREATE (k)-[:CERTIFIES {level: 3}]->(c)`,
	`MATCH (b:Block {id: 'b'}), (k:Credential {id: 'k'}) CREATE (b)-[:COMPRISES {position: 0}]->(k)`,
	`MATCH (l:Learner {id: 'l'}), (a:Achievement {id: 'a'}), (k:Credential {id: 'k'}) CREATE (l)-[:EARNED]->(a)-[:OF]->(k)`,
	`MATCH (m:Meta {name: 'storage'}) DELETE m`,
}

// The upgrade rewrites every node of a version 1 graph in the version 2 layout, in batches,
// while two processes open the graph at once; it keeps every value, the content hash an issued
// badge had, and the catalogue's version node, and makes the graph searchable without accents.
func TestOpenUpgradesAVersion1Graph(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if err := neo4j.WriteQueries(ctx, s, v1Graph...); err != nil {
		t.Fatal(err)
	}
	catalogue, err := s.CatalogueVersion(ctx)
	if err != nil || catalogue == "" {
		t.Fatalf("catalogue version %q, %v", catalogue, err)
	}
	when := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	budget, deadline := 900.0, when("2026-09-01T00:00:00Z")
	want := &graph.Achievement{Meta: graph.Meta{ID: "a", CreatedAt: when("2026-02-01T09:00:00Z"), UpdatedAt: when("2026-02-01T09:00:00Z")},
		LearnerID: "l", CredentialID: "k", IssuedAt: when("2026-02-01T09:00:00Z"), Status: graph.StatusValid,
		BadgeJWT: "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", StatusList: "https://example.org/status/1", StatusIndex: 3,
		Visibility: graph.VisibilityPublic}

	// Two processes open the old graph at once; each rewrites what the other has not.
	cfg, _ := neo4jtest.Config()
	var logs [2]bytes.Buffer
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			st, err := neo4j.Open(ctx, cfg, neo4j.WithLogger(slog.New(slog.NewTextHandler(&logs[i], nil))),
				neo4j.WithUpgradeBatch(2))
			if err == nil {
				err = st.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d of the old graph: %v", i, err)
		}
	}
	all := logs[0].String() + logs[1].String()
	for _, want := range []string{"upgrading the graph", "from_version=1", "to_version=2", "nodes=8", "of=8", "graph upgraded"} {
		if !strings.Contains(all, want) {
			t.Fatalf("the upgrade logged %q, want %q in it", all, want)
		}
	}

	count := func(query string) int64 {
		t.Helper()
		n, err := neo4j.Count(ctx, s, query, nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count("MATCH (m:Meta {name: 'storage'}) WHERE m.version = 2 RETURN count(m) AS c"); n != 1 {
		t.Fatalf("%d storage version nodes at 2, want 1", n)
	}
	if n := count("MATCH (n:Node) WHERE n._v = 2 RETURN count(n) AS c"); n != 8 {
		t.Fatalf("%d nodes at version 2, want 8", n)
	}
	if n := count("MATCH (n:Node) WHERE n._hash = 'old' RETURN count(n) AS c"); n != 0 {
		t.Fatalf("%d nodes kept the old hash placeholder", n)
	}
	if n := count("MATCH (m:Meta {name: 'catalogue'}) RETURN count(m) AS c"); n != 1 {
		t.Fatalf("%d catalogue version nodes, want 1", n)
	}

	// Values read back as written; the badge byte for byte, with its content hash.
	got, err := s.Get(ctx, graph.KindAchievement, "a")
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "achievement", got, want)
	if h, err := neo4j.Count(ctx, s, "MATCH (a:Achievement {id: 'a'}) RETURN CASE a._hash WHEN $h THEN 1 ELSE 0 END AS c",
		map[string]any{"h": record.Hash(want)}); err != nil || h != 1 {
		t.Fatalf("the achievement's stored hash is not its content hash (%v)", err)
	}
	l, err := s.Get(ctx, graph.KindLearner, "l")
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, "learner", l, &graph.Learner{Meta: graph.Meta{ID: "l", CreatedAt: when("2026-01-05T10:00:00Z"),
		UpdatedAt: when("2026-01-05T10:00:00Z")}, Name: "Léa Martin", Constraints: graph.Constraints{HoursPerWeek: 6,
		MaxBudget: &budget, Modalities: []graph.Modality{graph.ModalityRemote}, Deadline: &deadline}})
	b, err := s.Get(ctx, graph.KindBlock, "b")
	if err != nil {
		t.Fatal(err)
	}
	if r := b.(*graph.Block).Rule; r != (graph.Rule{Kind: graph.RuleAtLeast, Count: 1}) {
		t.Fatalf("block rule %+v", r)
	}
	edges, err := s.Edges(ctx, graph.RelCertifies, graph.Outgoing, []string{"k"}, graph.EdgeFilter{})
	if err != nil || len(edges["k"]) != 1 || edges["k"][0].Level != 3 {
		t.Fatalf("CERTIFIES after the upgrade: %v, %v", edges, err)
	}

	// Search reads the new words: no accents, labels ranked as names.
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "donnees"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range hits {
		ids = append(ids, h.Node.NodeID())
	}
	if strings.Join(ids, " ") != "c-stats c-data b k org" {
		t.Fatalf("Search donnees after the upgrade: %q", ids)
	}
	hits, err = s.Search(ctx, graph.SearchQuery{Text: "traitement des donnees"})
	if err != nil || len(hits) != 1 || hits[0].Score != float64(graph.RankExact*100+3) {
		t.Fatalf("Search of a label after the upgrade: %v, %v", hits, err)
	}

	// Opening again upgrades nothing.
	var again bytes.Buffer
	st, err := neo4j.Open(ctx, cfg, neo4j.WithLogger(slog.New(slog.NewTextHandler(&again, nil))))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if again.Len() != 0 {
		t.Fatalf("a second Open logged %q", again.String())
	}
}

// A graph of a newer storage version is refused, naming the version.
func TestOpenRefusesANewerGraph(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	if err := neo4j.WriteQueries(ctx, s, "MERGE (m:Meta {name: 'storage'}) SET m.version = 99"); err != nil {
		t.Fatal(err)
	}
	// Left at 99, the graph would refuse the next test's Open.
	defer func() {
		if err := neo4j.WriteQueries(ctx, s, "MATCH (m:Meta {name: 'storage'}) SET m.version = 2"); err != nil {
			t.Fatal(err)
		}
	}()
	cfg, _ := neo4jtest.Config()
	st, err := neo4j.Open(ctx, cfg)
	if err == nil {
		st.Close()
		t.Fatal("Open of a graph of storage version 99 succeeded")
	}
	if !strings.Contains(err.Error(), "storage version 99") {
		t.Fatalf("Open of a newer graph: %v, want an error naming its version", err)
	}
}

// sameJSON fails unless got and want encode alike (times compared as instants in UTC).
func sameJSON(t *testing.T, what string, got, want graph.Node) {
	t.Helper()
	g, err := record.Encode(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := record.Encode(want)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g, w) {
		t.Fatalf("%s after the upgrade:\n got %s\nwant %s", what, g, w)
	}
}
