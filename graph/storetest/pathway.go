package storetest

import (
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// pathwayGraph stores a learner "L" aiming at role "R" in a catalogue where:
//   - R requires c1 and c2 (essential) and c3 (optional); L holds c1 and c8;
//   - A certifies c2 and requires B, which requires C (C certifies only c9, which R does not
//     require: it is in the context only through the prerequisite closure);
//   - K and D certify c1 and c3; L earned X (valid) and D (revoked), and is taking Y, which
//     requires Z;
//   - block B1 holds A and F, certification B2 holds B1 and H, block B5 holds C;
//   - E, G and block B6 (holding E and G) concern neither L nor R, nor do role R2 and learner L2.
func pathwayGraph(t *testing.T, s graph.Store) *fixture {
	f := newFixture(t, s)
	f.org("org-1", "Open Academy")
	for _, id := range []string{"c1", "c2", "c3", "c8", "c9"} {
		f.comp(id, "Competency "+id)
	}
	for _, id := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "K", "X", "Y", "Z"} {
		f.cred(id, "Course "+id, "org-1")
	}
	f.role("R", "Data analyst")
	f.role("R2", "Mathematician")
	l := newLearner("L", "Ana")
	l.InProgress = []string{"Y"}
	create(f, l)
	f.learner("L2", "Bo")
	f.achievement("ach-x", "L", "X", graph.StatusValid)
	f.achievement("ach-d", "L", "D", graph.StatusRevoked)
	f.achievement("ach-e", "L2", "E", graph.StatusValid)
	f.block("B1", "Data block", ruleAll, "A", "F")
	cert := newBlock("B2", "Data certification", atLeast(1), "B1", "H")
	cert.Certification = true
	create(f, cert)
	f.block("B5", "Foundations", ruleAll, "C")
	f.block("B6", "Mathematics", ruleAll, "E", "G")
	f.link(
		graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c1", Level: 2},
		graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c2", Level: 3, Importance: graph.Essential, Weight: 2},
		graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c3", Importance: graph.Optional, Weight: 0.5},
		graph.Edge{Type: graph.RelRoleRequires, From: "R2", To: "c9", Level: 4},
		graph.Edge{Type: graph.RelHas, From: "L", To: "c1", Level: 3, Source: graph.SourceAssessed},
		graph.Edge{Type: graph.RelHas, From: "L", To: "c8"},
		graph.Edge{Type: graph.RelHas, From: "L2", To: "c2", Level: 5},
		edge(graph.RelTargets, "L", "R"),
		leveled(graph.RelCertifies, "A", "c2", 3),
		leveled(graph.RelCertifies, "B", "c2", 1),
		leveled(graph.RelCertifies, "C", "c9", 2),
		leveled(graph.RelCertifies, "D", "c3", 2),
		leveled(graph.RelCertifies, "K", "c1", 1),
		leveled(graph.RelCertifies, "X", "c8", 2),
		leveled(graph.RelCertifies, "E", "c9", 3),
		edge(graph.RelPrerequisite, "A", "B"),
		edge(graph.RelPrerequisite, "B", "C"),
		edge(graph.RelPrerequisite, "Y", "Z"),
		edge(graph.RelPrerequisite, "E", "G"),
		leveled(graph.RelRequiresCompetency, "A", "c1", 2),
		leveled(graph.RelRequiresCompetency, "E", "c3", 1),
	)
	return f
}

var pathwayTests = []test{
	{"returns exactly the learner's and role's neighbourhood", func(t *testing.T, s graph.Store) {
		f := pathwayGraph(t, s)
		numbered, err := s.PathwayContext(t.Context(), "L", "R")
		must(t, err)
		pc := numbered.Full()
		for id, c := range pc.Credentials {
			if got := numbered.Credential(id); got != c {
				t.Errorf("Credential(%s) = %v, want %v", id, got, c)
			}
		}
		if numbered.Credential("G") != nil || numbered.Credential("no-such-credential") != nil {
			t.Errorf("Credential of a credential outside the context is not nil")
		}
		if pc.Learner == nil || pc.Role == nil {
			t.Fatalf("PathwayContext without learner (%v) or role (%v)", pc.Learner, pc.Role)
		}
		sameNode(t, "Learner", pc.Learner, f.get(graph.KindLearner, "L"))
		sameNode(t, "Role", pc.Role, f.get(graph.KindJobRole, "R"))
		sameEdges(t, "Requirements", pc.Requirements, []graph.Edge{
			normalized(graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c1", Level: 2}),
			normalized(graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c2", Level: 3, Importance: graph.Essential, Weight: 2}),
			normalized(graph.Edge{Type: graph.RelRoleRequires, From: "R", To: "c3", Importance: graph.Optional, Weight: 0.5}),
		})
		sameIDs(t, "Competencies", keys(pc.Competencies), []string{"c1", "c2", "c3"})
		for id, c := range pc.Competencies {
			sameNode(t, "competency "+id, c, f.get(graph.KindCompetency, id))
		}
		sameEdges(t, "Holdings", pc.Holdings, []graph.Edge{
			normalized(graph.Edge{Type: graph.RelHas, From: "L", To: "c1", Level: 3, Source: graph.SourceAssessed}),
			normalized(graph.Edge{Type: graph.RelHas, From: "L", To: "c8"}),
		})
		var achIDs []string
		for _, a := range pc.Achievements {
			achIDs = append(achIDs, a.ID)
			sameNode(t, "achievement "+a.ID, a, f.get(graph.KindAchievement, a.ID))
		}
		sameIDs(t, "Achievements", achIDs, []string{"ach-x", "ach-d"})
		sameIDs(t, "Credentials", keys(pc.Credentials), []string{"A", "B", "C", "D", "K", "X", "Y", "Z", "F", "H"})
		for id, c := range pc.Credentials {
			sameNode(t, "credential "+id, c, f.get(graph.KindCredential, id))
		}
		sameEdges(t, "Certifies", pc.Certifies, []graph.Edge{
			leveled(graph.RelCertifies, "A", "c2", 3), leveled(graph.RelCertifies, "B", "c2", 1),
			leveled(graph.RelCertifies, "C", "c9", 2), leveled(graph.RelCertifies, "D", "c3", 2),
			leveled(graph.RelCertifies, "K", "c1", 1), leveled(graph.RelCertifies, "X", "c8", 2),
		})
		sameEdges(t, "Prerequisites", pc.Prerequisites, []graph.Edge{
			edge(graph.RelPrerequisite, "A", "B"), edge(graph.RelPrerequisite, "B", "C"), edge(graph.RelPrerequisite, "Y", "Z"),
		})
		sameEdges(t, "RequiredCompetencies", pc.RequiredCompetencies, []graph.Edge{leveled(graph.RelRequiresCompetency, "A", "c1", 2)})
		sameIDs(t, "Blocks", keys(pc.Blocks), []string{"B1", "B2", "B5"})
		for id, b := range pc.Blocks {
			sameNode(t, "block "+id, b, f.get(graph.KindBlock, id))
		}
	}},
	{"a learner and a role with nothing around them", func(t *testing.T, s graph.Store) {
		f := pathwayGraph(t, s)
		f.learner("L3", "Cleo")
		f.role("R3", "Astronaut")
		pc, err := s.PathwayContext(t.Context(), "L3", "R3")
		must(t, err)
		pc = pc.Full()
		if pc.Learner == nil || pc.Learner.ID != "L3" || pc.Role == nil || pc.Role.ID != "R3" {
			t.Fatalf("PathwayContext learner %v role %v, want L3 and R3", pc.Learner, pc.Role)
		}
		if len(pc.Requirements)+len(pc.Competencies)+len(pc.Holdings)+len(pc.Achievements)+len(pc.Credentials)+
			len(pc.Certifies)+len(pc.Prerequisites)+len(pc.RequiredCompetencies)+len(pc.Blocks) != 0 {
			t.Fatalf("PathwayContext of an isolated learner and role holds more than them: %+v", pc)
		}
	}},
	{"unknown learner or role is not found", func(t *testing.T, s graph.Store) {
		pathwayGraph(t, s)
		for _, c := range []struct{ name, learner, role string }{
			{"unknown learner", "nobody", "R"},
			{"unknown role", "L", "nothing"},
			{"a role as the learner", "R2", "R"},
			{"a learner as the role", "L", "L2"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.PathwayContext(t.Context(), c.learner, c.role)
				wantErr(t, err, graph.ENOTFOUND, "")
			})
		}
	}},
}
