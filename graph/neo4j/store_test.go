package neo4j_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/graph/record"
)

func ptr[T any](v T) *T { return &v }

var ctx = context.Background()

// catalogue is a small, complete graph: every kind, every to-one field and every edge type.
func catalogue() graph.Batch {
	issued := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	deadline := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	since := time.Date(2023, 1, 15, 12, 0, 0, 0, time.UTC)
	return graph.Batch{
		Nodes: []graph.Node{
			&graph.Framework{Meta: graph.Meta{ID: "esco"}, Name: "ESCO", Version: "1.1.1",
				Attribution: "This service uses the ESCO classification of the European Commission."},
			&graph.Organization{Meta: graph.Meta{ID: "org"}, Name: "Open Academy", Kind: graph.OrgOnlineAcademy, Country: "FR"},
			&graph.Organization{Meta: graph.Meta{ID: "acme"}, Name: "Acme", Kind: graph.OrgEmployer},
			&graph.Competency{Meta: graph.Meta{ID: "data"}, Name: "Data analysis", Type: graph.CompetencyTypeSkill,
				ReuseLevel: graph.ReuseCrossSector, FrameworkID: "esco", AltLabels: []string{"analyse data", "data analytics"},
				Description: "Collect and interpret data.", AlignmentURI: "http://data.europa.eu/esco/skill/x"},
			&graph.Competency{Meta: graph.Meta{ID: "sql"}, Name: "SQL", Type: graph.CompetencyTypeKnowledge, FrameworkID: "esco",
				Description: "Query languages for data analysis."},
			&graph.Competency{Meta: graph.Meta{ID: "ict"}, Name: "ICT skills", Type: graph.CompetencyTypeGroup},
			&graph.Competency{Meta: graph.Meta{ID: "comm"}, Name: "Communication", ReuseLevel: graph.ReuseTransversal},
			&graph.Credential{Meta: graph.Meta{ID: "c-sql"}, Title: "SQL for analysts", Hours: 21, ECTS: 1.5, EQFLevel: 5,
				Modality: graph.ModalityBlended, AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject, graph.AssessmentExam},
				Language: "fr", Price: 490.5, Currency: "EUR", OrganizationID: "org", PartialValidation: true, RetakesAllowed: -1,
				Outcomes: []string{"write joins", "aggregate"}, ValidityMonths: 36},
			&graph.Credential{Meta: graph.Meta{ID: "c-data"}, Title: "Data analysis project", Hours: 35, ECTS: 3, EQFLevel: 6,
				Modality: graph.ModalityRemote, Language: "en", Price: 900, OrganizationID: "org"},
			&graph.Credential{Meta: graph.Meta{ID: "c-comm"}, Title: "Speaking at work", Hours: 7,
				Modality: graph.ModalityOnSite, Language: "fr", OrganizationID: "org"},
			&graph.Block{Meta: graph.Meta{ID: "b-data"}, Title: "Data block", Rule: graph.Rule{Kind: graph.RuleMinECTS, Min: 4},
				Components: []string{"c-data", "c-sql"}, OrganizationID: "org", Code: "RNCP-1"},
			&graph.Block{Meta: graph.Meta{ID: "b-cert"}, Title: "Data certification", Certification: true,
				Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"b-data"}},
			&graph.JobRole{Meta: graph.Meta{ID: "analyst"}, Title: "Data analyst", AltLabels: []string{"BI analyst"},
				ISCOGroup: "2511", FrameworkID: "esco", OrganizationID: "acme"},
			&graph.Learner{Meta: graph.Meta{ID: "ana"}, Name: "Ana", Email: "ana@example.org", OpenToOpportunities: true,
				Constraints: graph.Constraints{HoursPerWeek: 6.5, MaxBudget: ptr(1500.0), Modalities: []graph.Modality{graph.ModalityRemote},
					Languages: []string{"fr", "en"}, Deadline: &deadline},
				InProgress: []string{"c-data"}},
			&graph.Achievement{Meta: graph.Meta{ID: "ach"}, LearnerID: "ana", CredentialID: "c-comm", IssuedAt: issued,
				ValidUntil: ptr(issued.AddDate(3, 0, 0)), Status: graph.StatusValid, Evidence: []string{"https://example.org/e/1"}},
		},
		Edges: []graph.Edge{
			{Type: graph.RelBroader, From: "sql", To: "ict"},
			{Type: graph.RelRelated, From: "sql", To: "data", Kind: "essential"},
			{Type: graph.RelCertifies, From: "c-sql", To: "sql", Level: 3},
			{Type: graph.RelCertifies, From: "c-data", To: "data", Level: 4},
			{Type: graph.RelCertifies, From: "c-comm", To: "comm", Level: 2},
			{Type: graph.RelPrerequisite, From: "c-data", To: "c-sql"},
			{Type: graph.RelRequiresCompetency, From: "c-data", To: "comm", Level: 2},
			{Type: graph.RelRoleRequires, From: "analyst", To: "data", Level: 4},
			{Type: graph.RelRoleRequires, From: "analyst", To: "sql", Level: 3, Importance: graph.Optional, Weight: 0.5},
			{Type: graph.RelHas, From: "ana", To: "comm", Level: 2, Source: graph.SourceCertified, Since: &since},
			{Type: graph.RelTargets, From: "ana", To: "analyst"},
		},
	}
}

func load(t *testing.T) *neo4j.Store {
	t.Helper()
	s := neo4jtest.Open(t)
	if _, err := s.BulkUpsert(ctx, catalogue()); err != nil {
		t.Fatalf("BulkUpsert: %v", err)
	}
	return s
}

func wantCode(t *testing.T, err error, code, field string) {
	t.Helper()
	if graph.ErrorCode(err) != code || (field != "" && graph.ErrorField(err) != field) {
		t.Fatalf("got %v (code %q, field %q), want code %q field %q", err, graph.ErrorCode(err), graph.ErrorField(err), code, field)
	}
}

// withoutTimes returns a copy of n with zero timestamps, for comparing content.
func withoutTimes(t *testing.T, n graph.Node) graph.Node {
	t.Helper()
	c := reflect.New(reflect.TypeOf(n).Elem())
	c.Elem().Set(reflect.ValueOf(n).Elem())
	out := c.Interface().(graph.Node)
	graph.Stamp(out, time.Time{}, time.Time{})
	return out
}

// Every kind survives Create, Get, GetMany, List and Update exactly.
func TestRoundTripEveryKind(t *testing.T) {
	s := neo4jtest.Open(t)
	b := catalogue()
	for _, n := range b.Nodes {
		before := record.Hash(n)
		created, err := s.Create(ctx, n)
		if err != nil {
			t.Fatalf("Create %s: %v", n.NodeID(), err)
		}
		if record.Hash(n) != before {
			t.Fatalf("Create changed the caller's %s", n.NodeID())
		}
		if !reflect.DeepEqual(withoutTimes(t, created), withoutTimes(t, n)) {
			t.Fatalf("Create %s returned\n%#v\nwant\n%#v", n.NodeID(), created, n)
		}
		c, u := graph.Timestamps(created)
		if c.IsZero() || !c.Equal(u) || c.Location() != time.UTC {
			t.Fatalf("Create %s: timestamps %v %v", n.NodeID(), c, u)
		}
		got, err := s.Get(ctx, n.NodeKind(), n.NodeID())
		if err != nil {
			t.Fatalf("Get %s: %v", n.NodeID(), err)
		}
		if !reflect.DeepEqual(got, created) {
			t.Fatalf("Get %s =\n%#v\nwant\n%#v", n.NodeID(), got, created)
		}
		many, err := s.GetMany(ctx, n.NodeKind(), []string{n.NodeID(), "nope", n.NodeID()})
		if err != nil || len(many) != 1 || !reflect.DeepEqual(many[n.NodeID()], created) {
			t.Fatalf("GetMany %s = %v, %v", n.NodeID(), many, err)
		}
		page, err := s.List(ctx, n.NodeKind(), graph.ListOptions{Filter: graph.Filter{IDs: []string{n.NodeID()}}})
		if err != nil || len(page.Items) != 1 || !reflect.DeepEqual(page.Items[0], created) {
			t.Fatalf("List %s = %+v, %v", n.NodeID(), page, err)
		}
		updated, err := s.Update(ctx, got)
		if err != nil {
			t.Fatalf("Update %s: %v", n.NodeID(), err)
		}
		uc, uu := graph.Timestamps(updated)
		if !uc.Equal(c) || !uu.After(u) {
			t.Fatalf("Update %s: timestamps %v %v after %v %v", n.NodeID(), uc, uu, c, u)
		}
		if again, _ := s.Get(ctx, n.NodeKind(), n.NodeID()); !reflect.DeepEqual(again, updated) {
			t.Fatalf("Get after Update %s =\n%#v\nwant\n%#v", n.NodeID(), again, updated)
		}
	}
	for _, e := range b.Edges {
		if err := s.Link(ctx, e); err != nil {
			t.Fatalf("Link %+v: %v", e, err)
		}
	}
	for _, e := range b.Edges {
		want := e
		want.Normalize()
		out, err := s.Edges(ctx, e.Type, graph.Outgoing, []string{e.From}, graph.EdgeFilter{})
		if err != nil || !slices.ContainsFunc(out[e.From], func(x graph.Edge) bool { return reflect.DeepEqual(x, want) }) {
			t.Fatalf("Edges out of %s = %+v, %v; want %+v", e.From, out, err, want)
		}
		in, err := s.Edges(ctx, e.Type, graph.Incoming, []string{e.To}, graph.EdgeFilter{})
		if err != nil || !slices.ContainsFunc(in[e.To], func(x graph.Edge) bool { return reflect.DeepEqual(x, want) }) {
			t.Fatalf("Edges into %s = %+v, %v; want %+v", e.To, in, err, want)
		}
	}
}

// The graph has the shape of the product brief: labels, relationship types, mirrored fields.
func TestGraphShape(t *testing.T) {
	s := load(t)
	for _, c := range []struct {
		query string
		want  int64
	}{
		{"MATCH (n:Node:Competency) RETURN count(n) AS c", 4},
		{"MATCH (:Competency {id: 'data'})-[:IN_FRAMEWORK]->(:Framework {id: 'esco'}) RETURN count(*) AS c", 1},
		{"MATCH (:JobRole)-[:IN_FRAMEWORK]->(:Framework) RETURN count(*) AS c", 1},
		{"MATCH (:JobRole)-[:OFFERED_BY]->(:Organization {id: 'acme'}) RETURN count(*) AS c", 1},
		{"MATCH (:Credential)-[:AWARDED_BY]->(:Organization {id: 'org'}) RETURN count(*) AS c", 3},
		{"MATCH (:Block {id: 'b-data'})-[:AWARDED_BY]->(:Organization) RETURN count(*) AS c", 1},
		{"MATCH (:Learner {id: 'ana'})-[:EARNED]->(:Achievement)-[:OF]->(:Credential {id: 'c-comm'}) RETURN count(*) AS c", 1},
		{"MATCH (:Block {id: 'b-data'})-[r:COMPRISES]->(c:Credential) WHERE r.position = CASE c.id WHEN 'c-data' THEN 0 ELSE 1 END RETURN count(*) AS c", 2},
		{"MATCH (:Block {id: 'b-cert'})-[:COMPRISES]->(:Block {id: 'b-data'}) RETURN count(*) AS c", 1},
		{"MATCH (:Credential)-[:REQUIRES]->(:Credential) RETURN count(*) AS c", 1},
		{"MATCH (:JobRole)-[r:REQUIRES {importance: 'OPTIONAL'}]->(:Competency) WHERE r.weight = 0.5 AND r.level = 3 RETURN count(*) AS c", 1},
		{"MATCH (:Learner)-[r:HAS {source: 'CERTIFIED', since: '2023-01-15T12:00:00.000Z'}]->(:Competency) RETURN count(*) AS c", 1},
		{"MATCH (n:Credential {id: 'c-sql'}) WHERE n.hours = 21 AND n.price = 490.5 AND n.assessmentTypes = ['PROJECT', 'EXAM'] RETURN count(*) AS c", 1},
		{"MATCH (n:Block {id: 'b-data'}) WHERE n.rule STARTS WITH '{' RETURN count(*) AS c", 1},
	} {
		got, err := neo4j.Count(ctx, s, c.query, nil)
		if err != nil || got != c.want {
			t.Errorf("%s = %d, %v; want %d", c.query, got, err, c.want)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes[graph.KindCompetency] != 4 || st.Nodes[graph.KindLearner] != 1 || st.Edges[graph.RelCertifies] != 3 ||
		st.Edges[graph.RelPrerequisite] != 1 || st.Edges[graph.RelRoleRequires] != 2 || st.Edges[graph.RelComprises] != 3 ||
		len(st.Nodes) != len(graph.Kinds) || len(st.Edges) != len(graph.RelTypes) {
		t.Fatalf("Stats = %+v", st)
	}
}

func TestCreateConflictsAndReferences(t *testing.T) {
	s := load(t)
	_, err := s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "org"}, Name: "x"})
	wantCode(t, err, graph.ECONFLICT, "")
	_, err = s.Create(ctx, &graph.Credential{Title: "x", Modality: graph.ModalityRemote, Language: "en", OrganizationID: "esco"})
	wantCode(t, err, graph.EINVALID, "organizationId")
	_, err = s.Create(ctx, &graph.Block{Title: "x", Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"c-sql", "sql"}})
	wantCode(t, err, graph.EINVALID, "components[1]")
	_, err = s.Create(ctx, &graph.Block{Title: "x", Rule: graph.Rule{Kind: graph.RuleMinHours, Min: 100}, Components: []string{"c-sql", "b-data"}})
	wantCode(t, err, graph.EINVALID, "rule.min") // 21 + (21 + 35): the nested block counts its credentials
	if _, err := s.Create(ctx, &graph.Block{Title: "x", Rule: graph.Rule{Kind: graph.RuleMinHours, Min: 56}, Components: []string{"b-data"}}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Update(ctx, &graph.Block{Meta: graph.Meta{ID: "b-data"}, Title: "x", Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"b-cert"}})
	wantCode(t, err, graph.EINVALID, "components[0]")
	_, err = s.Update(ctx, &graph.Competency{Meta: graph.Meta{ID: "c-sql"}, Name: "x"})
	wantCode(t, err, graph.ENOTFOUND, "")
	_, err = s.Create(ctx, (*graph.Competency)(nil))
	wantCode(t, err, graph.EINVALID, "")
	n, err := s.Create(ctx, &graph.Competency{Name: "Fresh"})
	if err != nil || len(n.NodeID()) < 6 || n.NodeID()[:5] != "comp_" {
		t.Fatalf("Create without id = %v, %v", n, err)
	}
}

func TestDelete(t *testing.T) {
	s := load(t)
	for _, c := range []struct {
		kind graph.Kind
		id   string
	}{
		{graph.KindOrganization, "org"},  // awarding body
		{graph.KindFramework, "esco"},    // framework
		{graph.KindLearner, "ana"},       // an achievement's learner
		{graph.KindCredential, "c-comm"}, // an achievement's subject
		{graph.KindCredential, "c-data"}, // a block component, and in progress
		{graph.KindBlock, "b-data"},      // a certification's component
		{graph.KindOrganization, "acme"}, // a role's organisation
	} {
		wantCode(t, s.Delete(ctx, c.kind, c.id), graph.ECONFLICT, "")
	}
	wantCode(t, s.Delete(ctx, graph.KindCompetency, "org"), graph.ENOTFOUND, "")
	if err := s.Delete(ctx, graph.KindCompetency, "sql"); err != nil {
		t.Fatal(err)
	}
	out, err := s.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, []string{"analyst"}, graph.EdgeFilter{})
	if err != nil || len(out["analyst"]) != 1 || out["analyst"][0].To != "data" {
		t.Fatalf("role requirements after deleting sql: %+v, %v", out, err)
	}
	if err := s.Delete(ctx, graph.KindAchievement, "ach"); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, graph.KindCredential, "c-comm"); err != nil {
		t.Fatal(err)
	}
}

func TestLinkUnlink(t *testing.T) {
	s := load(t)
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelBroader, From: "ict", To: "sql"}), graph.EINVALID, "to")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelPrerequisite, From: "c-sql", To: "c-data"}), graph.EINVALID, "to")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "sql", To: "sql"}), graph.EINVALID, "to")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "sql", To: "data"}), graph.EINVALID, "from")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "c-sql", To: "c-data"}), graph.EINVALID, "to")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelComprises, From: "b-data", To: "b-cert"}), graph.EINVALID, "to")
	wantCode(t, s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "c-sql", To: "sql", Level: 9}), graph.EINVALID, "level")

	// Replacing properties keeps one edge.
	if err := s.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "c-sql", To: "sql", Level: 5}); err != nil {
		t.Fatal(err)
	}
	out, _ := s.Edges(ctx, graph.RelCertifies, graph.Outgoing, []string{"c-sql"}, graph.EdgeFilter{})
	if len(out["c-sql"]) != 1 || out["c-sql"][0].Level != 5 {
		t.Fatalf("after relinking: %+v", out)
	}

	// COMPRISES edits the block's components, in order.
	if err := s.Link(ctx, graph.Edge{Type: graph.RelComprises, From: "b-data", To: "c-comm"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelComprises, From: "b-data", To: "c-comm"}); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Get(ctx, graph.KindBlock, "b-data")
	if got := n.(*graph.Block).Components; !slices.Equal(got, []string{"c-data", "c-sql", "c-comm"}) {
		t.Fatalf("components after Link = %v", got)
	}
	out, _ = s.Edges(ctx, graph.RelComprises, graph.Outgoing, []string{"b-data"}, graph.EdgeFilter{})
	var order []string
	for _, e := range out["b-data"] {
		order = append(order, e.To)
	}
	if !slices.Equal(order, []string{"c-data", "c-sql", "c-comm"}) {
		t.Fatalf("COMPRISES edges in order %v", order)
	}
	// MIN_ECTS 4 needs c-data (3) and c-sql (1.5).
	wantCode(t, s.Unlink(ctx, graph.RelComprises, "b-data", "c-sql"), graph.EINVALID, "components")
	if err := s.Unlink(ctx, graph.RelComprises, "b-data", "c-comm"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.Unlink(ctx, graph.RelComprises, "b-data", "c-comm"), graph.ENOTFOUND, "")
	wantCode(t, s.Unlink(ctx, graph.RelComprises, "b-cert", "b-data"), graph.EINVALID, "components")

	// PREREQUISITE and ROLE_REQUIRES share REQUIRES in the database but not in the API.
	wantCode(t, s.Unlink(ctx, graph.RelPrerequisite, "analyst", "data"), graph.ENOTFOUND, "")
	if err := s.Unlink(ctx, graph.RelRoleRequires, "analyst", "data"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlink(ctx, graph.RelPrerequisite, "c-data", "c-sql"); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Stats(ctx)
	if st.Edges[graph.RelRoleRequires] != 1 || st.Edges[graph.RelPrerequisite] != 0 || st.Edges[graph.RelComprises] != 3 {
		t.Fatalf("Stats after unlinking: %+v", st.Edges)
	}
}

func TestBulkUpsertCountsAndIdempotence(t *testing.T) {
	s := neo4jtest.Open(t)
	b := catalogue()
	res, err := s.BulkUpsert(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res != (graph.BulkResult{NodesCreated: len(b.Nodes), EdgesCreated: len(b.Edges)}) {
		t.Fatalf("first upsert: %+v", res)
	}
	before, _ := s.Get(ctx, graph.KindCredential, "c-sql")
	res, err = s.BulkUpsert(ctx, catalogue())
	if err != nil {
		t.Fatal(err)
	}
	if res != (graph.BulkResult{NodesUnchanged: len(b.Nodes), EdgesUnchanged: len(b.Edges)}) {
		t.Fatalf("second upsert: %+v", res)
	}
	if after, _ := s.Get(ctx, graph.KindCredential, "c-sql"); !reflect.DeepEqual(after, before) {
		t.Fatalf("an unchanged node changed:\n%#v\n%#v", after, before)
	}
	b = catalogue()
	b.Nodes[7].(*graph.Credential).Price = 10
	b.Edges[2].Level = 1
	res, err = s.BulkUpsert(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.NodesUpdated != 1 || res.EdgesUpdated != 1 || res.NodesUnchanged != len(b.Nodes)-1 {
		t.Fatalf("third upsert: %+v", res)
	}
	after, _ := s.Get(ctx, graph.KindCredential, "c-sql")
	bc, bu := graph.Timestamps(before)
	ac, au := graph.Timestamps(after)
	if after.(*graph.Credential).Price != 10 || !ac.Equal(bc) || !au.After(bu) {
		t.Fatalf("updated node: %+v", after)
	}
}

// A failing batch writes nothing, whichever check fails.
func TestBulkUpsertFailureChangesNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	seedBatch := graph.Batch{Nodes: []graph.Node{&graph.Competency{Meta: graph.Meta{ID: "root"}, Name: "Root"}}}
	if _, err := s.BulkUpsert(ctx, seedBatch); err != nil {
		t.Fatal(err)
	}
	base := func() graph.Batch {
		return graph.Batch{
			Nodes: []graph.Node{
				&graph.Competency{Meta: graph.Meta{ID: "a"}, Name: "A"},
				&graph.Competency{Meta: graph.Meta{ID: "b"}, Name: "B"},
				&graph.Competency{Meta: graph.Meta{ID: "root"}, Name: "Root, renamed"},
			},
			Edges: []graph.Edge{
				{Type: graph.RelBroader, From: "a", To: "root"},
				{Type: graph.RelBroader, From: "b", To: "a"},
			},
		}
	}
	cases := []struct {
		name   string
		edit   func(*graph.Batch)
		code   string
		field  string
		nodes1 bool
	}{
		{"invalid node", func(b *graph.Batch) { b.Nodes[1].(*graph.Competency).Name = " " }, graph.EINVALID, "nodes[1].name", false},
		{"invalid edge", func(b *graph.Batch) { b.Edges[1].Type = "NOPE" }, graph.EINVALID, "edges[1].type", false},
		{"missing end", func(b *graph.Batch) { b.Edges[1].To = "zzz" }, graph.EINVALID, "edges[1].to", false},
		{"wrong kind", func(b *graph.Batch) {
			b.Nodes = append(b.Nodes, &graph.Framework{Meta: graph.Meta{ID: "fw"}, Name: "F"})
			b.Edges = append(b.Edges, graph.Edge{Type: graph.RelBroader, From: "fw", To: "a"})
		}, graph.EINVALID, "edges[2].from", false},
		{"missing ref", func(b *graph.Batch) { b.Nodes[0].(*graph.Competency).FrameworkID = "nope" }, graph.EINVALID, "nodes[0].frameworkId", false},
		{"cycle", func(b *graph.Batch) {
			b.Edges = append(b.Edges, graph.Edge{Type: graph.RelBroader, From: "root", To: "b"})
		}, graph.EINVALID, "edges[2].to", false},
		{"id of another kind", func(b *graph.Batch) {
			b.Nodes = append(b.Nodes, &graph.Framework{Meta: graph.Meta{ID: "root"}, Name: "F"})
		}, graph.ECONFLICT, "nodes[3].id", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := base()
			c.edit(&b)
			_, err := s.BulkUpsert(ctx, b)
			wantCode(t, err, c.code, c.field)
			st, err := s.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Nodes[graph.KindCompetency] != 1 || st.Edges[graph.RelBroader] != 0 {
				t.Fatalf("a failed batch wrote: %+v", st)
			}
			if n, _ := s.Get(ctx, graph.KindCompetency, "root"); n.DisplayName() != "Root" {
				t.Fatalf("a failed batch renamed root to %q", n.DisplayName())
			}
		})
	}
	if _, err := s.BulkUpsert(ctx, base()); err != nil {
		t.Fatal(err)
	}
}

func TestListPaging(t *testing.T) {
	s := neo4jtest.Open(t)
	var b graph.Batch
	b.Nodes = append(b.Nodes, &graph.Organization{Meta: graph.Meta{ID: "org"}, Name: "Org"})
	for i := range 25 {
		b.Nodes = append(b.Nodes, &graph.Credential{Meta: graph.Meta{ID: fmt.Sprintf("c%02d", i)},
			Title: fmt.Sprintf("Course %d", i%5), Hours: float64(i % 7), Modality: graph.ModalityRemote,
			Language: "en", OrganizationID: "org", EQFLevel: i % 9})
	}
	if _, err := s.BulkUpsert(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, order := range []graph.OrderBy{{}, {Desc: true}, {Field: graph.OrderByHours}, {Field: graph.OrderByHours, Desc: true},
		{Field: graph.OrderByID, Desc: true}, {Field: graph.OrderByCreatedAt}} {
		var fwd []string
		opts := graph.ListOptions{OrderBy: order, First: 7}
		for {
			p, err := s.List(ctx, graph.KindCredential, opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.TotalCount != 25 || p.HasPreviousPage != (opts.After != "") {
				t.Fatalf("%v: page %+v", order, p)
			}
			for _, n := range p.Items {
				fwd = append(fwd, n.NodeID())
			}
			if !p.HasNextPage {
				break
			}
			opts.After = p.Cursors[len(p.Cursors)-1]
		}
		var bwd []string
		opts = graph.ListOptions{OrderBy: order, Last: 6}
		for {
			p, err := s.List(ctx, graph.KindCredential, opts)
			if err != nil {
				t.Fatal(err)
			}
			if p.HasNextPage != (opts.Before != "") {
				t.Fatalf("%v: backward page %+v", order, p)
			}
			ids := make([]string, len(p.Items))
			for i, n := range p.Items {
				ids[i] = n.NodeID()
			}
			bwd = append(ids, bwd...)
			if !p.HasPreviousPage {
				break
			}
			opts.Before = p.Cursors[0]
		}
		if len(fwd) != 25 || !slices.Equal(fwd, bwd) {
			t.Fatalf("%v: forward %v\nbackward %v", order, fwd, bwd)
		}
	}
	_, err := s.List(ctx, graph.KindCredential, graph.ListOptions{After: "garbage"})
	wantCode(t, err, graph.EINVALID, "after")
	p, _ := s.List(ctx, graph.KindCredential, graph.ListOptions{First: 1})
	_, err = s.List(ctx, graph.KindCredential, graph.ListOptions{After: p.Cursors[0], OrderBy: graph.OrderBy{Field: graph.OrderByHours}})
	wantCode(t, err, graph.EINVALID, "after")
	_, err = s.List(ctx, graph.KindCompetency, graph.ListOptions{Filter: graph.Filter{EQFMin: 2}})
	wantCode(t, err, graph.EINVALID, "filter.eqfMin")

	p, err = s.List(ctx, graph.KindCredential, graph.ListOptions{Filter: graph.Filter{Text: "COURSE 3", EQFMin: 1, HoursMax: ptr(3.0)}, First: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range p.Items {
		c := n.(*graph.Credential)
		if c.Title != "Course 3" || c.EQFLevel < 1 || c.Hours > 3 {
			t.Fatalf("filtered list holds %+v", c)
		}
	}
	if p.TotalCount != len(p.Items) || p.TotalCount != 3 { // c03 (h3, eqf3), c08 (h1, eqf8), c13 (h6: out), c18 (h4: out), c23 (h2, eqf5)
		t.Fatalf("filtered list: %d items, total %d", len(p.Items), p.TotalCount)
	}
}

func TestListFilters(t *testing.T) {
	s := load(t)
	ids := func(f graph.Filter, k graph.Kind) []string {
		t.Helper()
		p, err := s.List(ctx, k, graph.ListOptions{Filter: f, OrderBy: graph.OrderBy{Field: graph.OrderByID}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range p.Items {
			out = append(out, n.NodeID())
		}
		return out
	}
	for _, c := range []struct {
		kind   graph.Kind
		filter graph.Filter
		want   []string
	}{
		{graph.KindCompetency, graph.Filter{Text: "analytics"}, []string{"data"}},
		{graph.KindCompetency, graph.Filter{Text: "data analy"}, []string{"data"}},
		{graph.KindCompetency, graph.Filter{FrameworkIDs: []string{"esco"}, CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeKnowledge}}, []string{"sql"}},
		{graph.KindCompetency, graph.Filter{ReuseLevels: []graph.ReuseLevel{graph.ReuseTransversal}}, []string{"comm"}},
		{graph.KindCredential, graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "sql", MinLevel: 3}}, []string{"c-sql"}},
		{graph.KindCredential, graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "sql", MinLevel: 4}}, nil},
		{graph.KindCredential, graph.Filter{AssessmentTypes: []graph.AssessmentType{graph.AssessmentExam}, Languages: []string{"fr"}}, []string{"c-sql"}},
		{graph.KindCredential, graph.Filter{Modalities: []graph.Modality{graph.ModalityOnSite, graph.ModalityRemote}}, []string{"c-comm", "c-data"}},
		{graph.KindCredential, graph.Filter{PriceMin: ptr(0.0), PriceMax: ptr(490.5)}, []string{"c-comm", "c-sql"}},
		{graph.KindCredential, graph.Filter{EQFMax: 5}, []string{"c-comm", "c-sql"}},
		{graph.KindBlock, graph.Filter{Certification: ptr(true)}, []string{"b-cert"}},
		{graph.KindBlock, graph.Filter{Certification: ptr(false), OrganizationIDs: []string{"org"}}, []string{"b-data"}},
		{graph.KindJobRole, graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "sql", Importance: graph.Optional}}, []string{"analyst"}},
		{graph.KindJobRole, graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "sql", Importance: graph.Essential}}, nil},
		{graph.KindLearner, graph.Filter{OpenToOpportunities: ptr(true)}, []string{"ana"}},
		{graph.KindAchievement, graph.Filter{LearnerIDs: []string{"ana"}, SubjectIDs: []string{"c-comm"}, Statuses: []graph.AchievementStatus{graph.StatusValid}}, []string{"ach"}},
		{graph.KindAchievement, graph.Filter{IdempotencyKey: "k"}, nil},
	} {
		if got := ids(c.filter, c.kind); !slices.Equal(got, c.want) {
			t.Errorf("List %s %+v = %v, want %v", c.kind, c.filter, got, c.want)
		}
	}
}

func TestSearch(t *testing.T) {
	s := load(t)
	extra := graph.Batch{Nodes: []graph.Node{
		&graph.Competency{Meta: graph.Meta{ID: "da2"}, Name: "Advanced data analysis methods"},
		&graph.Competency{Meta: graph.Meta{ID: "fr"}, Name: "Méthodes d'analyse", AltLabels: []string{"l'analyse des données"}},
	}}
	if _, err := s.BulkUpsert(ctx, extra); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "data analysis"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, h := range hits {
		got = append(got, h.Node.NodeID())
		if i > 0 && h.Score > hits[i-1].Score {
			t.Fatalf("scores increase: %v", hits)
		}
	}
	// Exact name first, then the other name match, then description-only matches (sql, by
	// its description; c-data's title holds both terms too).
	if len(got) < 4 || got[0] != "data" || !slices.Contains(got, "sql") || slices.Index(got, "sql") < slices.Index(got, "da2") {
		t.Fatalf("Search(data analysis) = %v", got)
	}
	hits, err = s.Search(ctx, graph.SearchQuery{Text: "ANALY", Kinds: []graph.Kind{graph.KindJobRole}})
	if err != nil || len(hits) != 1 || hits[0].Node.NodeID() != "analyst" {
		t.Fatalf("Search(ANALY, roles) = %v, %v", hits, err)
	}
	hits, err = s.Search(ctx, graph.SearchQuery{Text: "analyse"})
	if err != nil || len(hits) != 2 { // "analyse data" (a label of data) and "Méthodes d'analyse"
		t.Fatalf("Search(analyse) = %v, %v", hits, err)
	}
	hits, err = s.Search(ctx, graph.SearchQuery{Text: "données"})
	if err != nil || len(hits) != 1 || hits[0].Node.NodeID() != "fr" {
		t.Fatalf("Search(données) = %v, %v", hits, err)
	}
	if hits, err = s.Search(ctx, graph.SearchQuery{Text: "ana"}); err != nil || slices.ContainsFunc(hits, func(h graph.SearchHit) bool {
		return h.Node.NodeKind() == graph.KindLearner
	}) {
		t.Fatalf("Search(ana) returned a learner or failed: %v, %v", hits, err)
	}
	if hits, err = s.Search(ctx, graph.SearchQuery{Text: "a", Limit: 2}); err != nil || len(hits) != 2 {
		t.Fatalf("Search limit 2 = %v, %v", hits, err)
	}
	_, err = s.Search(ctx, graph.SearchQuery{Text: " -*"})
	wantCode(t, err, graph.EINVALID, "query")
	_, err = s.Search(ctx, graph.SearchQuery{Text: "x", Kinds: []graph.Kind{graph.KindLearner}})
	wantCode(t, err, graph.EINVALID, "kinds")
	_, err = s.Search(ctx, graph.SearchQuery{Text: "x", Limit: graph.MaxSearchLimit + 1})
	wantCode(t, err, graph.EINVALID, "limit")
	if _, err = s.Search(ctx, graph.SearchQuery{Text: `data AND "x" OR (y) [z TO w] title:q~2 \`}); err != nil {
		t.Fatalf("query syntax reached Lucene: %v", err)
	}
}

func TestPathwayContext(t *testing.T) {
	s := load(t)
	pc, err := s.PathwayContext(ctx, "ana", "analyst")
	if err != nil {
		t.Fatal(err)
	}
	if pc.Learner.ID != "ana" || pc.Role.ID != "analyst" || pc.Learner.Constraints.MaxBudget == nil {
		t.Fatalf("learner/role: %+v %+v", pc.Learner, pc.Role)
	}
	keys := func(m any) []string {
		var out []string
		for _, k := range reflect.ValueOf(m).MapKeys() {
			out = append(out, k.String())
		}
		slices.Sort(out)
		return out
	}
	ends := func(es []graph.Edge) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.From+">"+e.To)
		}
		return out
	}
	check := func(name string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("requirements", ends(pc.Requirements), []string{"analyst>data", "analyst>sql"})
	if pc.Requirements[1].Importance != graph.Optional || pc.Requirements[1].Weight != 0.5 || pc.Requirements[0].Level != 4 {
		t.Errorf("requirement properties: %+v", pc.Requirements)
	}
	check("competencies", keys(pc.Competencies), []string{"data", "sql"})
	check("holdings", ends(pc.Holdings), []string{"ana>comm"})
	if len(pc.Achievements) != 1 || pc.Achievements[0].ID != "ach" {
		t.Errorf("achievements: %+v", pc.Achievements)
	}
	// c-data and c-sql certify requirements; c-comm is achieved; c-data is in progress.
	check("credentials", keys(pc.Credentials), []string{"c-comm", "c-data", "c-sql"})
	check("certifies", ends(pc.Certifies), []string{"c-comm>comm", "c-data>data", "c-sql>sql"})
	check("prerequisites", ends(pc.Prerequisites), []string{"c-data>c-sql"})
	check("required competencies", ends(pc.RequiredCompetencies), []string{"c-data>comm"})
	check("blocks", keys(pc.Blocks), []string{"b-cert", "b-data"})

	_, err = s.PathwayContext(ctx, "nobody", "analyst")
	wantCode(t, err, graph.ENOTFOUND, "")
	_, err = s.PathwayContext(ctx, "ana", "data")
	wantCode(t, err, graph.ENOTFOUND, "")

	// A learner with nothing still gets the role's side.
	if _, err := s.Create(ctx, &graph.Learner{Meta: graph.Meta{ID: "bob"}, Name: "Bob"}); err != nil {
		t.Fatal(err)
	}
	pc, err = s.PathwayContext(ctx, "bob", "analyst")
	if err != nil || len(pc.Holdings) != 0 || len(pc.Achievements) != 0 || len(pc.Credentials) != 2 {
		t.Fatalf("PathwayContext(bob) = %+v, %v", pc, err)
	}
}

// COMPRISES edges in a batch extend the blocks' components, as Link does.
func TestBulkUpsertComprises(t *testing.T) {
	s := load(t)
	components := func(id string) ([]string, time.Time) {
		t.Helper()
		n, err := s.Get(ctx, graph.KindBlock, id)
		if err != nil {
			t.Fatal(err)
		}
		_, u := graph.Timestamps(n)
		return n.(*graph.Block).Components, u
	}
	link := graph.Batch{Edges: []graph.Edge{{Type: graph.RelComprises, From: "b-data", To: "c-comm"}}}
	res, err := s.BulkUpsert(ctx, link)
	if err != nil || res != (graph.BulkResult{EdgesCreated: 1}) {
		t.Fatalf("BulkUpsert = %+v, %v", res, err)
	}
	got, updated := components("b-data")
	if !slices.Equal(got, []string{"c-data", "c-sql", "c-comm"}) {
		t.Fatalf("components = %v", got)
	}
	res, err = s.BulkUpsert(ctx, link)
	if err != nil || res != (graph.BulkResult{EdgesUnchanged: 1}) {
		t.Fatalf("BulkUpsert again = %+v, %v", res, err)
	}
	if _, again := components("b-data"); !again.Equal(updated) {
		t.Fatalf("an unchanged block was rewritten")
	}

	res, err = s.BulkUpsert(ctx, graph.Batch{
		Nodes: []graph.Node{&graph.Block{Meta: graph.Meta{ID: "b-new"}, Title: "New", Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"c-sql"}}},
		Edges: []graph.Edge{{Type: graph.RelComprises, From: "b-new", To: "c-comm"}},
	})
	if err != nil || res != (graph.BulkResult{NodesCreated: 1, EdgesCreated: 1}) {
		t.Fatalf("BulkUpsert new block = %+v, %v", res, err)
	}
	if got, _ := components("b-new"); !slices.Equal(got, []string{"c-sql", "c-comm"}) {
		t.Fatalf("components = %v", got)
	}
	out, err := s.Edges(ctx, graph.RelComprises, graph.Incoming, []string{"c-comm"}, graph.EdgeFilter{})
	if err != nil || len(out["c-comm"]) != 2 || out["c-comm"][0].From != "b-data" || out["c-comm"][1].From != "b-new" {
		t.Fatalf("COMPRISES into c-comm = %+v, %v", out, err)
	}

	_, err = s.BulkUpsert(ctx, graph.Batch{Nodes: []graph.Node{
		&graph.Block{Meta: graph.Meta{ID: "b-big"}, Title: "Big", Rule: graph.Rule{Kind: graph.RuleMinHours, Min: 1000}, Components: []string{"b-cert"}}}})
	wantCode(t, err, graph.EINVALID, "nodes[0].rule.min")
	_, err = s.BulkUpsert(ctx, graph.Batch{Edges: []graph.Edge{{Type: graph.RelComprises, From: "b-data", To: "b-cert"}}})
	wantCode(t, err, graph.EINVALID, "edges[0].to")
	_, err = s.BulkUpsert(ctx, graph.Batch{Nodes: []graph.Node{
		&graph.Block{Meta: graph.Meta{ID: "b-data"}, Title: "Data block", Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"b-cert"}}}})
	wantCode(t, err, graph.EINVALID, "nodes[0].components[0]")
	if _, err := s.Get(ctx, graph.KindBlock, "b-big"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("a failed batch wrote b-big: %v", err)
	}
	if got, _ := components("b-data"); !slices.Equal(got, []string{"c-data", "c-sql", "c-comm"}) {
		t.Fatalf("a failed batch changed b-data: %v", got)
	}
}
