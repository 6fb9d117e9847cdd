package storetest

import (
	"fmt"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// filterCase is one List filter and the ids it selects.
type filterCase struct {
	name   string
	filter graph.Filter
	want   []string
}

// checkFilters lists kind k under each case's filter and compares the ids and total.
func checkFilters(t *testing.T, s graph.Store, k graph.Kind, cases []filterCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.List(t.Context(), k, graph.ListOptions{Filter: tc.filter, First: 50})
			must(t, err)
			sameIDs(t, fmt.Sprintf("%s matching %+v", k, tc.filter), ids(p.Items), tc.want)
			if p.TotalCount != len(tc.want) || p.HasNextPage {
				t.Fatalf("TotalCount %d HasNextPage %v, want %d false", p.TotalCount, p.HasNextPage, len(tc.want))
			}
		})
	}
}

var filterTests = []test{
	{"credentials", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-a", "Open Academy")
		f.org("org-b", "Data School")
		f.comp("comp-sql", "SQL")
		f.comp("comp-py", "Python")
		rows := []struct {
			id, title, org string
			modality       graph.Modality
			lang           string
			price, hours   float64
			eqf            int
			assess         []graph.AssessmentType
		}{
			{"k1", "Alpha SQL", "org-a", graph.ModalityOnSite, "fr", 100, 10, 4, []graph.AssessmentType{graph.AssessmentExam}},
			{"k2", "Beta SQL", "org-a", graph.ModalityRemote, "en", 250, 20, 5, []graph.AssessmentType{graph.AssessmentProject, graph.AssessmentExam}},
			{"k3", "Gamma Python", "org-b", graph.ModalityRemote, "fr", 500, 35, 5, []graph.AssessmentType{graph.AssessmentProject}},
			{"k4", "Delta Python", "org-b", graph.ModalityBlended, "en", 0, 7, 6, []graph.AssessmentType{graph.AssessmentCaseStudy}},
			{"k5", "Epsilon data", "org-a", graph.ModalityRemote, "fr", 990, 70, 3, nil},
			{"k6", "Zeta SQL", "org-b", graph.ModalityOnSite, "de", 499.99, 14, 4, []graph.AssessmentType{graph.AssessmentSimulation, graph.AssessmentPortfolio}},
		}
		for _, r := range rows {
			c := newCred(r.id, r.title, r.org)
			c.Modality, c.Language, c.Price, c.Hours, c.EQFLevel, c.AssessmentTypes = r.modality, r.lang, r.price, r.hours, r.eqf, r.assess
			create(f, c)
		}
		f.link(leveled(graph.RelCertifies, "k1", "comp-sql", 2), leveled(graph.RelCertifies, "k2", "comp-sql", 4),
			leveled(graph.RelCertifies, "k3", "comp-py", 3), leveled(graph.RelCertifies, "k3", "comp-sql", 1),
			leveled(graph.RelCertifies, "k4", "comp-py", 5), leveled(graph.RelCertifies, "k6", "comp-sql", 3),
			leveled(graph.RelRequiresCompetency, "k5", "comp-sql", 5))
		checkFilters(t, s, graph.KindCredential, []filterCase{
			{"none", graph.Filter{}, []string{"k1", "k2", "k3", "k4", "k5", "k6"}},
			{"organisation", graph.Filter{OrganizationIDs: []string{"org-a"}}, []string{"k1", "k2", "k5"}},
			{"modality", graph.Filter{Modalities: []graph.Modality{graph.ModalityRemote}}, []string{"k2", "k3", "k5"}},
			{"modalities", graph.Filter{Modalities: []graph.Modality{graph.ModalityOnSite, graph.ModalityBlended}}, []string{"k1", "k4", "k6"}},
			{"price range, inclusive", graph.Filter{PriceMin: ptr(100.0), PriceMax: ptr(500.0)}, []string{"k1", "k2", "k3", "k6"}},
			{"free", graph.Filter{PriceMax: ptr(0.0)}, []string{"k4"}},
			{"hours range, inclusive", graph.Filter{HoursMin: ptr(14.0), HoursMax: ptr(35.0)}, []string{"k2", "k3", "k6"}},
			{"EQF at least 5", graph.Filter{EQFMin: 5}, []string{"k2", "k3", "k4"}},
			{"EQF 4 to 5", graph.Filter{EQFMin: 4, EQFMax: 5}, []string{"k1", "k2", "k3", "k6"}},
			{"language", graph.Filter{Languages: []string{"fr"}}, []string{"k1", "k3", "k5"}},
			{"languages", graph.Filter{Languages: []string{"en", "de"}}, []string{"k2", "k4", "k6"}},
			{"assessment type", graph.Filter{AssessmentTypes: []graph.AssessmentType{graph.AssessmentExam}}, []string{"k1", "k2"}},
			{"assessment types share one", graph.Filter{AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject, graph.AssessmentPortfolio}}, []string{"k2", "k3", "k6"}},
			{"certifies at any level", graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "comp-sql"}}, []string{"k1", "k2", "k3", "k6"}},
			{"certifies at level 3 or more", graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "comp-sql", MinLevel: 3}}, []string{"k2", "k6"}},
			{"certifies at level 5", graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "comp-py", MinLevel: 5}}, []string{"k4"}},
			{"certifies an unknown competency", graph.Filter{Certifies: &graph.LevelFilter{CompetencyID: "comp-none"}}, nil},
			{"text", graph.Filter{Text: "sql"}, []string{"k1", "k2", "k6"}},
			{"text terms, any case", graph.Filter{Text: "PYTHON gam"}, []string{"k3"}},
			{"ids and modality", graph.Filter{IDs: []string{"k1", "k4", "missing", "comp-py"}, Modalities: []graph.Modality{graph.ModalityBlended}}, []string{"k4"}},
			{"everything at once", graph.Filter{OrganizationIDs: []string{"org-b"},
				Modalities: []graph.Modality{graph.ModalityRemote, graph.ModalityOnSite}, PriceMin: ptr(100.0), PriceMax: ptr(500.0),
				EQFMin: 4, EQFMax: 5, Languages: []string{"fr", "de"},
				AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject, graph.AssessmentSimulation},
				Certifies:       &graph.LevelFilter{CompetencyID: "comp-sql", MinLevel: 1}}, []string{"k3", "k6"}},
			{"everything at once, level 2", graph.Filter{OrganizationIDs: []string{"org-b"},
				Modalities: []graph.Modality{graph.ModalityRemote, graph.ModalityOnSite}, PriceMin: ptr(100.0), PriceMax: ptr(500.0),
				EQFMin: 4, EQFMax: 5, Languages: []string{"fr", "de"},
				AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject, graph.AssessmentSimulation},
				Certifies:       &graph.LevelFilter{CompetencyID: "comp-sql", MinLevel: 2}}, []string{"k6"}},
		})
	}},
	{"competencies", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.framework("fw-esco", "ESCO")
		f.framework("fw-own", "Our framework")
		rows := []struct {
			id, name, fw string
			typ          graph.CompetencyType
			reuse        graph.ReuseLevel
			labels       []string
		}{
			{"c1", "Data analysis", "fw-esco", graph.CompetencyTypeSkill, graph.ReuseCrossSector, []string{"analyse data"}},
			{"c2", "Statistics", "fw-esco", graph.CompetencyTypeKnowledge, graph.ReuseSectorSpecific, []string{"statistical methods"}},
			{"c3", "Teamwork", "fw-own", graph.CompetencyTypeSkill, graph.ReuseTransversal, []string{"work in teams"}},
			{"c4", "Database design", "fw-own", graph.CompetencyTypeSkill, graph.ReuseSectorSpecific, nil},
			{"c5", "Digital skills", "", graph.CompetencyTypeGroup, graph.ReuseUnknown, nil},
		}
		for _, r := range rows {
			c := newComp(r.id, r.name)
			c.FrameworkID, c.Type, c.ReuseLevel, c.AltLabels = r.fw, r.typ, r.reuse, r.labels
			create(f, c)
		}
		checkFilters(t, s, graph.KindCompetency, []filterCase{
			{"framework", graph.Filter{FrameworkIDs: []string{"fw-esco"}}, []string{"c1", "c2"}},
			{"frameworks", graph.Filter{FrameworkIDs: []string{"fw-esco", "fw-own"}}, []string{"c1", "c2", "c3", "c4"}},
			{"type", graph.Filter{CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeSkill}}, []string{"c1", "c3", "c4"}},
			{"types", graph.Filter{CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeKnowledge, graph.CompetencyTypeGroup}}, []string{"c2", "c5"}},
			{"reuse level", graph.Filter{ReuseLevels: []graph.ReuseLevel{graph.ReuseSectorSpecific}}, []string{"c2", "c4"}},
			{"framework, type and reuse level", graph.Filter{FrameworkIDs: []string{"fw-own"},
				CompetencyTypes: []graph.CompetencyType{graph.CompetencyTypeSkill}, ReuseLevels: []graph.ReuseLevel{graph.ReuseSectorSpecific}}, []string{"c4"}},
			{"text inside words", graph.Filter{Text: "data"}, []string{"c1", "c4"}},
			{"text in a label, any case", graph.Filter{Text: "ANALYSE"}, []string{"c1"}},
			{"text terms", graph.Filter{Text: "data analy"}, []string{"c1"}},
			{"text terms in one word", graph.Filter{Text: "team work"}, []string{"c3"}},
			{"text in a label only", graph.Filter{Text: "statistical"}, []string{"c2"}},
			{"text terms in the name and a label", graph.Filter{Text: "analysis analyse"}, []string{"c1"}},
			{"text and framework", graph.Filter{Text: "data", FrameworkIDs: []string{"fw-own"}}, []string{"c4"}},
			{"text matching nothing", graph.Filter{Text: "data zebra"}, nil},
			{"ids", graph.Filter{IDs: []string{"c5", "c2", "fw-esco", "missing"}}, []string{"c2", "c5"}},
		})
	}},
	{"roles", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.framework("fw-esco", "ESCO")
		f.org("org-1", "Acme")
		f.comp("c1", "Data analysis")
		f.comp("c2", "Statistics")
		f.comp("c3", "Teamwork")
		r1 := newRole("r1", "Data analyst")
		r1.FrameworkID, r1.AltLabels = "fw-esco", []string{"BI specialist"}
		create(f, r1)
		r2 := newRole("r2", "Statistician")
		r2.OrganizationID = "org-1"
		create(f, r2)
		f.role("r3", "Team lead")
		f.link(graph.Edge{Type: graph.RelRoleRequires, From: "r1", To: "c1", Level: 3},
			graph.Edge{Type: graph.RelRoleRequires, From: "r1", To: "c2", Importance: graph.Optional},
			graph.Edge{Type: graph.RelRoleRequires, From: "r2", To: "c1", Importance: graph.Optional, Weight: 0.5},
			graph.Edge{Type: graph.RelRoleRequires, From: "r2", To: "c2", Importance: graph.Essential},
			graph.Edge{Type: graph.RelRoleRequires, From: "r3", To: "c3"})
		checkFilters(t, s, graph.KindJobRole, []filterCase{
			{"requires", graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "c1"}}, []string{"r1", "r2"}},
			{"requires as essential", graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "c1", Importance: graph.Essential}}, []string{"r1"}},
			{"requires as optional", graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "c2", Importance: graph.Optional}}, []string{"r1"}},
			{"requires by default as essential", graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "c3", Importance: graph.Essential}}, []string{"r3"}},
			{"requires nobody requires", graph.Filter{Requires: &graph.RequirementFilter{CompetencyID: "missing"}}, nil},
			{"framework", graph.Filter{FrameworkIDs: []string{"fw-esco"}}, []string{"r1"}},
			{"organisation and requirement", graph.Filter{OrganizationIDs: []string{"org-1"},
				Requires: &graph.RequirementFilter{CompetencyID: "c2", Importance: graph.Essential}}, []string{"r2"}},
			{"text in a label", graph.Filter{Text: "bi spec"}, []string{"r1"}},
		})
	}},
	{"learners", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		for _, r := range []struct {
			id, name, advisor string
			open              bool
		}{{"l1", "Ana Lima", "adv-1", true}, {"l2", "Bo Chen", "adv-1", false}, {"l3", "Cleo Ana", "adv-2", true}} {
			l := newLearner(r.id, r.name)
			l.AdvisorID, l.OpenToOpportunities = r.advisor, r.open
			create(f, l)
		}
		checkFilters(t, s, graph.KindLearner, []filterCase{
			{"open to opportunities", graph.Filter{OpenToOpportunities: ptr(true)}, []string{"l1", "l3"}},
			{"not open to opportunities", graph.Filter{OpenToOpportunities: ptr(false)}, []string{"l2"}},
			{"advisor", graph.Filter{AdvisorID: "adv-1"}, []string{"l1", "l2"}},
			{"advisor and open", graph.Filter{AdvisorID: "adv-1", OpenToOpportunities: ptr(true)}, []string{"l1"}},
			{"text", graph.Filter{Text: "ana"}, []string{"l1", "l3"}},
		})
	}},
	{"achievements", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.cred("k1", "SQL", "org-1")
		f.cred("k2", "Python", "org-1")
		f.block("b1", "Data", ruleAll, "k1", "k2")
		f.learner("l1", "Ana")
		f.learner("l2", "Bo")
		a1 := newAchievement("a1", "l1", "k1", graph.StatusValid)
		a1.IdempotencyKey = "key-1"
		create(f, a1)
		a2 := newAchievement("a2", "l1", "", graph.StatusValid)
		a2.BlockID = "b1"
		create(f, a2)
		a3 := newAchievement("a3", "l2", "k1", graph.StatusRevoked)
		a3.IdempotencyKey = "key-3"
		create(f, a3)
		f.achievement("a4", "l2", "k2", graph.StatusValid)
		f.achievement("a5", "l2", "k2", graph.StatusExpired)
		checkFilters(t, s, graph.KindAchievement, []filterCase{
			{"learner", graph.Filter{LearnerIDs: []string{"l1"}}, []string{"a1", "a2"}},
			{"status", graph.Filter{Statuses: []graph.AchievementStatus{graph.StatusRevoked}}, []string{"a3"}},
			{"statuses", graph.Filter{Statuses: []graph.AchievementStatus{graph.StatusRevoked, graph.StatusExpired}}, []string{"a3", "a5"}},
			{"learner and status", graph.Filter{LearnerIDs: []string{"l2"}, Statuses: []graph.AchievementStatus{graph.StatusValid}}, []string{"a4"}},
			{"idempotency key", graph.Filter{IdempotencyKey: "key-3"}, []string{"a3"}},
			{"learner, status and idempotency key", graph.Filter{LearnerIDs: []string{"l1"},
				Statuses: []graph.AchievementStatus{graph.StatusValid}, IdempotencyKey: "key-1"}, []string{"a1"}},
			{"another learner's idempotency key", graph.Filter{LearnerIDs: []string{"l2"}, IdempotencyKey: "key-1"}, nil},
			{"credential subject", graph.Filter{SubjectIDs: []string{"k1"}}, []string{"a1", "a3"}},
			{"block subject", graph.Filter{SubjectIDs: []string{"b1"}}, []string{"a2"}},
		})
	}},
	{"blocks", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-a", "Open Academy")
		f.org("org-b", "Data School")
		f.cred("k1", "SQL", "org-a")
		f.cred("k2", "Python", "org-a")
		b1 := newBlock("b1", "Data", ruleAll, "k1")
		b1.OrganizationID = "org-a"
		create(f, b1)
		b2 := newBlock("b2", "Programming", ruleAll, "k2")
		b2.OrganizationID = "org-b"
		create(f, b2)
		cert := newBlock("b3", "Data certification", atLeast(1), "b1", "b2")
		cert.Certification, cert.OrganizationID = true, "org-b"
		create(f, cert)
		checkFilters(t, s, graph.KindBlock, []filterCase{
			{"certifications", graph.Filter{Certification: ptr(true)}, []string{"b3"}},
			{"not certifications", graph.Filter{Certification: ptr(false)}, []string{"b1", "b2"}},
			{"organisation", graph.Filter{OrganizationIDs: []string{"org-b"}}, []string{"b2", "b3"}},
			{"organisation, not certification", graph.Filter{OrganizationIDs: []string{"org-b"}, Certification: ptr(false)}, []string{"b2"}},
			{"text", graph.Filter{Text: "data"}, []string{"b1", "b3"}},
		})
	}},
	{"ids on every kind", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		nodes := fullNodes()
		for _, n := range nodes {
			create(f, n)
		}
		all := ids(nodes)
		for _, n := range nodes {
			p, err := s.List(t.Context(), n.NodeKind(), graph.ListOptions{Filter: graph.Filter{IDs: append(all, "missing")}})
			must(t, err)
			sameIDs(t, string(n.NodeKind())+" by ids", ids(p.Items), []string{n.NodeID()})
		}
	}},
}
