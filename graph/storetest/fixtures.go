package storetest

import (
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// Builders of valid nodes. The new* functions only build; the methods of fixture also store
// the node and fail the test when the store refuses it.

func newFramework(id, name string) *graph.Framework {
	return &graph.Framework{Meta: graph.Meta{ID: id}, Name: name}
}

func newOrg(id, name string) *graph.Organization {
	return &graph.Organization{Meta: graph.Meta{ID: id}, Name: name, Kind: graph.OrgOnlineAcademy}
}

func newComp(id, name string) *graph.Competency {
	return &graph.Competency{Meta: graph.Meta{ID: id}, Name: name, Type: graph.CompetencyTypeSkill}
}

func newCred(id, title, orgID string) *graph.Credential {
	return &graph.Credential{Meta: graph.Meta{ID: id}, Title: title, Hours: 14, ECTS: 1, EQFLevel: 5,
		Modality: graph.ModalityRemote, Language: "en", Price: 300, Currency: "EUR", OrganizationID: orgID,
		AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject}}
}

func newBlock(id, title string, rule graph.Rule, components ...string) *graph.Block {
	return &graph.Block{Meta: graph.Meta{ID: id}, Title: title, Rule: rule, Components: components}
}

func newRole(id, title string) *graph.JobRole {
	return &graph.JobRole{Meta: graph.Meta{ID: id}, Title: title}
}

func newLearner(id, name string) *graph.Learner {
	return &graph.Learner{Meta: graph.Meta{ID: id}, Name: name}
}

// issuedAt is a fixed issue date, at millisecond precision as stores keep times.
var issuedAt = time.Date(2024, 3, 1, 9, 30, 0, 250_000_000, time.UTC)

func newAchievement(id, learnerID, credentialID string, status graph.AchievementStatus) *graph.Achievement {
	return &graph.Achievement{Meta: graph.Meta{ID: id}, LearnerID: learnerID, CredentialID: credentialID,
		IssuedAt: issuedAt, Status: status}
}

// Block rules.
var ruleAll = graph.Rule{Kind: graph.RuleAll}

func atLeast(n int) graph.Rule      { return graph.Rule{Kind: graph.RuleAtLeast, Count: n} }
func minECTS(x float64) graph.Rule  { return graph.Rule{Kind: graph.RuleMinECTS, Min: x} }
func minHours(x float64) graph.Rule { return graph.Rule{Kind: graph.RuleMinHours, Min: x} }

// edge and leveled build edges.
func edge(typ graph.RelType, from, to string) graph.Edge {
	return graph.Edge{Type: typ, From: from, To: to}
}
func leveled(typ graph.RelType, from, to string, level int) graph.Edge {
	return graph.Edge{Type: typ, From: from, To: to, Level: level}
}

// fixture builds a store's content for a test.
type fixture struct {
	t *testing.T
	s graph.Store
}

func newFixture(t *testing.T, s graph.Store) *fixture { return &fixture{t: t, s: s} }

// create stores n and returns it as stored.
func create[T graph.Node](f *fixture, n T) T {
	f.t.Helper()
	out, err := f.s.Create(f.t.Context(), n)
	if err != nil {
		f.t.Fatalf("Create %s %q: %v", n.NodeKind(), n.NodeID(), err)
	}
	got, ok := out.(T)
	if !ok {
		f.t.Fatalf("Create %s returned a %T", n.NodeKind(), out)
	}
	return got
}

func (f *fixture) framework(id, name string) *graph.Framework {
	f.t.Helper()
	return create(f, newFramework(id, name))
}

func (f *fixture) org(id, name string) *graph.Organization {
	f.t.Helper()
	return create(f, newOrg(id, name))
}

func (f *fixture) comp(id, name string) *graph.Competency {
	f.t.Helper()
	return create(f, newComp(id, name))
}

func (f *fixture) cred(id, title, orgID string) *graph.Credential {
	f.t.Helper()
	return create(f, newCred(id, title, orgID))
}

func (f *fixture) block(id, title string, rule graph.Rule, components ...string) *graph.Block {
	f.t.Helper()
	return create(f, newBlock(id, title, rule, components...))
}

func (f *fixture) role(id, title string) *graph.JobRole {
	f.t.Helper()
	return create(f, newRole(id, title))
}

func (f *fixture) learner(id, name string) *graph.Learner {
	f.t.Helper()
	return create(f, newLearner(id, name))
}

func (f *fixture) achievement(id, learnerID, credentialID string, status graph.AchievementStatus) *graph.Achievement {
	f.t.Helper()
	return create(f, newAchievement(id, learnerID, credentialID, status))
}

// link stores edges.
func (f *fixture) link(edges ...graph.Edge) {
	f.t.Helper()
	for _, e := range edges {
		if err := f.s.Link(f.t.Context(), e); err != nil {
			f.t.Fatalf("Link %s %s -> %s: %v", e.Type, e.From, e.To, err)
		}
	}
}

// get returns the stored node of kind k with id.
func (f *fixture) get(k graph.Kind, id string) graph.Node {
	f.t.Helper()
	n, err := f.s.Get(f.t.Context(), k, id)
	if err != nil {
		f.t.Fatalf("Get %s %q: %v", k, id, err)
	}
	return n
}

// bulk writes a batch.
func (f *fixture) bulk(b graph.Batch) graph.BulkResult {
	f.t.Helper()
	r, err := f.s.BulkUpsert(f.t.Context(), b)
	if err != nil {
		f.t.Fatalf("BulkUpsert: %v", err)
	}
	return r
}

// fullNodes returns one node of every kind with every field set, referring to each other.
func fullNodes() []graph.Node {
	deadline := time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC)
	validUntil := issuedAt.AddDate(3, 0, 0)
	return []graph.Node{
		&graph.Framework{Meta: graph.Meta{ID: "fw-full"}, Name: "Référentiel numérique", Description: "Compétences du numérique",
			URI: "https://example.org/fw", Version: "2.1", Publisher: "Ministère", Attribution: "Used with permission."},
		&graph.Organization{Meta: graph.Meta{ID: "org-full"}, Name: "Université Ouverte", Kind: graph.OrgUniversity,
			Description: "Public university", Country: "FR", URL: "https://example.org", Email: "contact@example.org"},
		&graph.Competency{Meta: graph.Meta{ID: "comp-full"}, Name: "Analyse de données", Description: "Collecter et interpréter des données.",
			AltLabels: []string{"data analysis", "analytique"}, Names: map[string]string{"en": "Data analysis", "de": "Datenanalyse"},
			Type: graph.CompetencyTypeKnowledge, ReuseLevel: graph.ReuseCrossSector,
			FrameworkID: "fw-full", AlignmentURI: "http://data.europa.eu/esco/skill/x", Code: "S1.2"},
		&graph.Credential{Meta: graph.Meta{ID: "cred-full"}, Title: "SQL pour l’analyse", Description: "Requêtes, jointures.",
			Outcomes: []string{"écrire des jointures", "agréger"}, Hours: 21.5, ECTS: 1.5, EQFLevel: 6, Modality: graph.ModalityBlended,
			AssessmentTypes: []graph.AssessmentType{graph.AssessmentSimulation, graph.AssessmentExam}, Language: "fr", Price: 490.99,
			Currency: "EUR", OrganizationID: "org-full", QualityAssurance: "ISO 21001", PartialValidation: true, RetakesAllowed: -1,
			RetakePolicy: "anytime", ValidityMonths: 36, Country: "FR", URL: "https://example.org/sql"},
		&graph.Block{Meta: graph.Meta{ID: "block-full"}, Title: "Bloc données", Description: "Bloc 2", Rule: minHours(20),
			Components: []string{"cred-full"}, Certification: false, OrganizationID: "org-full", Code: "RNCP35-BC02"},
		&graph.JobRole{Meta: graph.Meta{ID: "role-full"}, Title: "Data analyst", Description: "Analyses data.",
			AltLabels: []string{"BI analyst"}, Titles: map[string]string{"fr": "Analyste de données"}, ISCOGroup: "2511", AlignmentURI: "http://data.europa.eu/esco/occupation/y",
			Code: "2511.4", FrameworkID: "fw-full", OrganizationID: "org-full"},
		&graph.Learner{Meta: graph.Meta{ID: "learner-full"}, Name: "Ana Lima", Email: "ana@example.org", Country: "PT",
			Headline: "Career changer", OpenToOpportunities: true, AdvisorID: "advisor-7",
			Constraints: graph.Constraints{HoursPerWeek: 6.5, MaxBudget: ptr(1500.0), MaxTotalHours: ptr(120.0),
				Modalities: []graph.Modality{graph.ModalityRemote, graph.ModalityBlended}, Languages: []string{"fr", "pt"},
				Deadline: &deadline},
			InProgress: []string{"cred-full"}},
		&graph.Achievement{Meta: graph.Meta{ID: "ach-full"}, LearnerID: "learner-full", BlockID: "block-full",
			IssuedAt: issuedAt, ValidUntil: &validUntil, Status: graph.StatusSuspended, StatusReason: "under review",
			Partial: true, Result: "B+", Evidence: []string{"https://example.org/e/1"}, IdempotencyKey: "issue-1",
			BadgeJWT: "eyJhbGciOiJFZERTQSJ9.e30.c2ln"},
	}
}
