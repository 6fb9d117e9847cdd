package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

var getTests = []test{
	{"found, missing and of another kind", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		c := f.comp("comp-1", "Data analysis")
		f.framework("fw-1", "ESCO")
		got, err := s.Get(t.Context(), graph.KindCompetency, "comp-1")
		must(t, err)
		sameNode(t, "Get", got, c)
		_, err = s.Get(t.Context(), graph.KindCompetency, "comp-2")
		wantErr(t, err, graph.ENOTFOUND, "")
		_, err = s.Get(t.Context(), graph.KindFramework, "comp-1")
		wantErr(t, err, graph.ENOTFOUND, "")
		_, err = s.Get(t.Context(), graph.KindCompetency, "fw-1")
		wantErr(t, err, graph.ENOTFOUND, "")
	}},
	{"returns copies", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		in := newComp("comp-1", "Data analysis")
		in.AltLabels = []string{"analyse data"}
		stored := create(f, in)
		want := clone(stored)
		in.Name, in.AltLabels[0] = "changed", "changed"
		stored.Name = "changed"
		got := f.get(graph.KindCompetency, "comp-1").(*graph.Competency)
		got.Name, got.AltLabels[0] = "changed", "changed"
		many, err := s.GetMany(t.Context(), graph.KindCompetency, []string{"comp-1"})
		must(t, err)
		many["comp-1"].(*graph.Competency).Name = "changed"
		page, err := s.List(t.Context(), graph.KindCompetency, graph.ListOptions{})
		must(t, err)
		page.Items[0].(*graph.Competency).Name = "changed"
		sameNode(t, "Get after changing the values the store returned", f.get(graph.KindCompetency, "comp-1"), want)
	}},
}

var getManyTests = []test{
	{"maps found ids, leaves out missing ones, accepts duplicates", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		a := f.comp("comp-a", "A")
		b := f.comp("comp-b", "B")
		f.comp("comp-c", "C")
		f.framework("fw-1", "ESCO")
		m, err := s.GetMany(t.Context(), graph.KindCompetency, []string{"comp-b", "missing", "comp-a", "comp-b", "fw-1"})
		must(t, err)
		sameIDs(t, "GetMany keys", keys(m), []string{"comp-a", "comp-b"})
		sameNode(t, "comp-a", m["comp-a"], a)
		sameNode(t, "comp-b", m["comp-b"], b)
		m, err = s.GetMany(t.Context(), graph.KindCompetency, nil)
		must(t, err)
		if len(m) != 0 {
			t.Fatalf("GetMany of no ids = %v, want nothing", m)
		}
		m, err = s.GetMany(t.Context(), graph.KindFramework, []string{"comp-a", "fw-1"})
		must(t, err)
		sameIDs(t, "GetMany frameworks", keys(m), []string{"fw-1"})
	}},
}

var createTests = []test{
	{"every kind round-trips", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		for _, n := range fullNodes() {
			want := clone(n)
			out := create(f, n)
			sameContent(t, "Create of "+string(n.NodeKind()), out, want)
			sameNode(t, "Get of "+string(n.NodeKind()), f.get(n.NodeKind(), n.NodeID()), out)
		}
	}},
	{"assigns an id when empty", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		a := create(f, newComp("", "Data analysis"))
		b := create(f, newComp("", "Data analysis"))
		for _, c := range []*graph.Competency{a, b} {
			if err := graph.ValidateID("id", c.ID); err != nil || !strings.HasPrefix(c.ID, "comp_") {
				t.Fatalf("assigned id %q, want one like graph.NewID(Competency) (%v)", c.ID, err)
			}
			sameNode(t, "Get by the assigned id", f.get(graph.KindCompetency, c.ID), c)
		}
		if a.ID == b.ID {
			t.Fatalf("two creates got the same id %q", a.ID)
		}
		o := create(f, newOrg("", "Open Academy"))
		if !strings.HasPrefix(o.ID, "org_") {
			t.Fatalf("assigned organisation id %q, want the prefix org_", o.ID)
		}
	}},
	{"sets the timestamps", clocked(func(t *testing.T, s graph.Store, clock *Clock) {
		f := newFixture(t, s)
		before := clock.Now()
		in := newComp("comp-1", "Data analysis")
		in.CreatedAt = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // the store sets timestamps
		in.UpdatedAt = in.CreatedAt
		c := create(f, in)
		after := clock.Now()
		wantStoredTime(t, "CreatedAt", c.CreatedAt)
		if !c.UpdatedAt.Equal(c.CreatedAt) {
			t.Fatalf("UpdatedAt %v, want CreatedAt %v on create", c.UpdatedAt, c.CreatedAt)
		}
		if !c.CreatedAt.After(before) || !c.CreatedAt.Before(after) {
			t.Fatalf("CreatedAt %v, want the time of the call (%v to %v)", c.CreatedAt, before, after)
		}
		sameNode(t, "Get", f.get(graph.KindCompetency, "comp-1"), c)
	})},
	{"duplicate id conflicts", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.comp("dup", "Data analysis")
		failsCleanly(t, s, graph.ECONFLICT, "", func() error {
			_, err := s.Create(t.Context(), newComp("dup", "Statistics"))
			return err
		})
		failsCleanly(t, s, graph.ECONFLICT, "", func() error {
			_, err := s.Create(t.Context(), newFramework("dup", "ESCO"))
			return err
		})
	}},
	{"invalid nodes name the field", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.cred("cred-1", "SQL", "org-1")
		f.cred("cred-2", "Python", "org-1")
		f.cred("cred-3", "Statistics", "org-1")
		f.learner("learner-1", "Ana")
		create(f, newComp("", strings.Repeat("é", graph.MaxNameLen))) // the longest name is fine
		cred := func(change func(*graph.Credential)) graph.Node {
			c := newCred("cred-x", "Data", "org-1")
			change(c)
			return c
		}
		cases := []struct {
			name  string
			node  graph.Node
			field string
		}{
			{"empty name", newComp("", ""), "name"},
			{"blank name", newComp("comp-x", "   "), "name"},
			{"oversized name", newComp("comp-x", strings.Repeat("é", graph.MaxNameLen+1)), "name"},
			{"oversized title", newCred("cred-x", strings.Repeat("a", graph.MaxNameLen+1), "org-1"), "title"},
			{"id with a space", newComp("comp x", "Data"), "id"},
			{"negative hours", cred(func(c *graph.Credential) { c.Hours = -1 }), "hours"},
			{"negative price", cred(func(c *graph.Credential) { c.Price = -0.5 }), "price"},
			{"EQF level 9", cred(func(c *graph.Credential) { c.EQFLevel = 9 }), "eqfLevel"},
			{"unknown modality", cred(func(c *graph.Credential) { c.Modality = "ONLINE" }), "modality"},
			{"AT_LEAST 4 of 3", newBlock("block-x", "Data", atLeast(4), "cred-1", "cred-2", "cred-3"), "rule.count"},
			{"block without components", newBlock("block-x", "Data", ruleAll), "components"},
			{"achievement of nothing", &graph.Achievement{LearnerID: "learner-1", IssuedAt: issuedAt, Status: graph.StatusValid}, "credentialId"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.Create(t.Context(), tc.node)
					return err
				})
			})
		}
	}},
	{"references must exist and have the right kind", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.framework("fw-1", "ESCO")
		f.org("org-1", "Open Academy")
		f.comp("comp-1", "Data analysis")
		f.cred("cred-1", "SQL", "org-1")
		f.block("block-1", "Data", ruleAll, "cred-1")
		f.learner("learner-1", "Ana")
		role := newRole("role-x", "Analyst")
		role.OrganizationID = "missing"
		comp := newComp("comp-x", "Statistics")
		comp.FrameworkID = "org-1"
		learner := newLearner("learner-x", "Bo")
		learner.InProgress = []string{"cred-1", "comp-1"}
		ofBlock := newAchievement("ach-x", "learner-1", "", graph.StatusValid)
		ofBlock.BlockID = "cred-1"
		cases := []struct {
			name  string
			node  graph.Node
			field string
		}{
			{"credential of an unknown organisation", newCred("cred-x", "SQL", "missing"), "organizationId"},
			{"credential awarded by a framework", newCred("cred-x", "SQL", "fw-1"), "organizationId"},
			{"competency in an organisation", comp, "frameworkId"},
			{"role of an unknown organisation", role, "organizationId"},
			{"learner taking a competency", learner, "inProgress[1]"},
			{"achievement of an unknown learner", newAchievement("ach-x", "missing", "cred-1", graph.StatusValid), "learnerId"},
			{"achievement whose learner is an organisation", newAchievement("ach-x", "org-1", "cred-1", graph.StatusValid), "learnerId"},
			{"achievement of an unknown credential", newAchievement("ach-x", "learner-1", "missing", graph.StatusValid), "credentialId"},
			{"achievement of a block as a credential", newAchievement("ach-x", "learner-1", "block-1", graph.StatusValid), "credentialId"},
			{"achievement of a credential as a block", ofBlock, "blockId"},
			{"block of an unknown component", newBlock("block-x", "B", ruleAll, "cred-1", "missing"), "components[1]"},
			{"block of a competency", newBlock("block-x", "B", ruleAll, "comp-1"), "components[0]"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.Create(t.Context(), tc.node)
					return err
				})
			})
		}
		// The same nodes with good references are accepted.
		comp.FrameworkID = "fw-1"
		create(f, comp)
		learner.InProgress = []string{"cred-1"}
		create(f, learner)
		ofBlock.BlockID = "block-1"
		create(f, ofBlock)
	}},
	{"block rules must be satisfiable", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for _, c := range []struct {
			id          string
			ects, hours float64
		}{{"cred-1", 2, 10}, {"cred-2", 3, 20}, {"cred-3", 0.5, 7}} {
			cr := newCred(c.id, "Course "+c.id, "org-1")
			cr.ECTS, cr.Hours = c.ects, c.hours
			create(f, cr)
		}
		f.block("block-ects", "Worth 5 ECTS", minECTS(5), "cred-1", "cred-2")
		f.block("block-hours", "Worth 30 hours", minHours(30), "cred-1", "cred-2")
		// A nested block counts for the credentials under it.
		f.block("block-nested", "Nested", minECTS(5.5), "block-ects", "cred-3")
		f.block("block-nested-hours", "Nested hours", minHours(37), "block-hours", "cred-3")
		f.block("block-at-least", "Two of three", atLeast(2), "cred-1", "cred-2", "cred-3")
		cases := []struct {
			name  string
			block *graph.Block
			field string
		}{
			{"MIN_ECTS above the components", newBlock("block-x", "X", minECTS(5.01), "cred-1", "cred-2"), "rule.min"},
			{"MIN_HOURS above the components", newBlock("block-x", "X", minHours(31), "cred-1", "cred-2"), "rule.min"},
			{"MIN_ECTS above a nested block", newBlock("block-x", "X", minECTS(6), "block-ects", "cred-3"), "rule.min"},
			{"MIN_HOURS above a nested block", newBlock("block-x", "X", minHours(38), "block-hours", "cred-3"), "rule.min"},
			{"AT_LEAST 3 of 2", newBlock("block-x", "X", atLeast(3), "cred-1", "cred-2"), "rule.count"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.Create(t.Context(), tc.block)
					return err
				})
			})
		}
	}},
	{"block cycles are refused", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.cred("cred-1", "SQL", "org-1")
		a := f.block("block-a", "A", ruleAll, "cred-1")
		f.block("block-b", "B", ruleAll, "block-a")
		f.block("block-c", "C", ruleAll, "block-b")
		t.Run("update A to contain B", func(t *testing.T) {
			failsCleanlyPrefix(t, s, "components", func() error {
				b := clone(a)
				b.Components = []string{"cred-1", "block-b"}
				_, err := s.Update(t.Context(), b)
				return err
			})
		})
		t.Run("update A to contain C, which holds B, which holds A", func(t *testing.T) {
			failsCleanlyPrefix(t, s, "components", func() error {
				b := clone(a)
				b.Components = []string{"block-c"}
				_, err := s.Update(t.Context(), b)
				return err
			})
		})
		t.Run("link A to B", func(t *testing.T) {
			failsCleanly(t, s, graph.EINVALID, "to", func() error {
				return s.Link(t.Context(), edge(graph.RelComprises, "block-a", "block-b"))
			})
		})
		t.Run("a block holding itself", func(t *testing.T) {
			failsCleanly(t, s, graph.EINVALID, "to", func() error {
				return s.Link(t.Context(), edge(graph.RelComprises, "block-a", "block-a"))
			})
		})
	}},
}

var updateTests = []test{
	{"keeps CreatedAt and sets UpdatedAt", clocked(func(t *testing.T, s graph.Store, c *Clock) {
		f := newFixture(t, s)
		f.framework("fw-1", "ESCO")
		orig := f.comp("comp-1", "Data analysis")
		c.Advance(time.Hour) // the update's time, not a millisecond past the creation's
		in := clone(orig)
		in.Name, in.FrameworkID, in.AltLabels = "Data analytics", "fw-1", []string{"analyse data"}
		in.CreatedAt = time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) // ignored: the store keeps its own
		in.UpdatedAt = time.Time{}
		before := c.Now()
		out, err := s.Update(t.Context(), in)
		must(t, err)
		after := c.Now()
		created, updated := graph.Timestamps(out)
		if !created.Equal(orig.CreatedAt) {
			t.Fatalf("CreatedAt %v after Update, want %v", created, orig.CreatedAt)
		}
		wantStoredTime(t, "UpdatedAt", updated)
		if !updated.After(before) || !updated.Before(after) {
			t.Fatalf("UpdatedAt %v, want the time of the update (%v to %v)", updated, before, after)
		}
		sameContent(t, "Update", out, in)
		sameNode(t, "Get after Update", f.get(graph.KindCompetency, "comp-1"), out)
	})},
	{"keeps the edges at the node", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		edges := []graph.Edge{leveled(graph.RelCertifies, "cred-1", "comp-1", 3), edge(graph.RelBroader, "comp-1", "comp-2"),
			leveled(graph.RelHas, "learner-1", "comp-1", 2), edge(graph.RelPrerequisite, "cred-2", "cred-1")}
		f.link(edges...)
		before := stats(t, s)
		c := f.get(graph.KindCompetency, "comp-1").(*graph.Competency)
		c.Name = "Data analytics"
		_, err := s.Update(t.Context(), c)
		must(t, err)
		k := f.get(graph.KindCredential, "cred-1").(*graph.Credential)
		k.Hours = 40
		_, err = s.Update(t.Context(), k)
		must(t, err)
		for _, e := range edges {
			sameEdges(t, string(e.Type)+" edges after Update", edgesOf(t, s, e.Type, graph.Outgoing, e.From), []graph.Edge{normalized(e)})
		}
		if g, w := canonical(stats(t, s)), canonical(before); g != w {
			t.Fatalf("Stats changed by Update:\n%s", diff(g, w))
		}
	}},
	{"a block's components are its COMPRISES edges", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for _, id := range []string{"cred-1", "cred-2", "cred-3"} {
			f.cred(id, "Course "+id, "org-1")
		}
		b := f.block("block-1", "Data", ruleAll, "cred-1", "cred-2")
		b.Components = []string{"cred-3", "cred-1"}
		_, err := s.Update(t.Context(), b)
		must(t, err)
		var to []string
		for _, e := range edgesOf(t, s, graph.RelComprises, graph.Outgoing, "block-1") {
			to = append(to, e.To)
		}
		sameOrder(t, "COMPRISES edges after Update", to, []string{"cred-3", "cred-1"})
		if in := edgesOf(t, s, graph.RelComprises, graph.Incoming, "cred-2"); len(in) != 0 {
			t.Fatalf("COMPRISES edges %+v into a credential the block no longer holds", in)
		}
		if n := stats(t, s).Edges[graph.RelComprises]; n != 2 {
			t.Fatalf("Stats counts %d COMPRISES edges, want 2", n)
		}
		must(t, s.Delete(t.Context(), graph.KindCredential, "cred-2")) // no longer a component
	}},
	{"missing node is not found", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.framework("fw-1", "ESCO")
		failsCleanly(t, s, graph.ENOTFOUND, "", func() error {
			_, err := s.Update(t.Context(), newComp("comp-1", "Data analysis"))
			return err
		})
		failsCleanly(t, s, graph.ENOTFOUND, "", func() error { // matched by kind and id
			_, err := s.Update(t.Context(), newComp("fw-1", "Data analysis"))
			return err
		})
	}},
	{"validates as Create does", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.framework("fw-1", "ESCO")
		c := f.cred("cred-1", "SQL", "org-1")
		f.cred("cred-2", "Python", "org-1")
		b := f.block("block-1", "Data", ruleAll, "cred-1", "cred-2")
		cases := []struct {
			name  string
			node  graph.Node
			field string
		}{
			{"empty title", func() graph.Node { x := clone(c); x.Title = ""; return x }(), "title"},
			{"negative hours", func() graph.Node { x := clone(c); x.Hours = -3; return x }(), "hours"},
			{"unknown organisation", func() graph.Node { x := clone(c); x.OrganizationID = "missing"; return x }(), "organizationId"},
			{"organisation of the wrong kind", func() graph.Node { x := clone(c); x.OrganizationID = "fw-1"; return x }(), "organizationId"},
			{"AT_LEAST 3 of 2", func() graph.Node { x := clone(b); x.Rule = atLeast(3); return x }(), "rule.count"},
			{"MIN_ECTS above the components", func() graph.Node { x := clone(b); x.Rule = minECTS(2.5); return x }(), "rule.min"},
			{"unknown component", func() graph.Node { x := clone(b); x.Components = []string{"cred-1", "nope"}; return x }(), "components[1]"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.Update(t.Context(), tc.node)
					return err
				})
			})
		}
	}},
}

var deleteTests = []test{
	{"removes the node and every edge at it", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.comp("comp-1", "Data analysis")
		f.comp("comp-2", "Statistics")
		f.cred("cred-1", "SQL", "org-1")
		f.cred("cred-2", "Python", "org-1")
		f.role("role-1", "Analyst")
		f.learner("learner-1", "Ana")
		f.link(leveled(graph.RelCertifies, "cred-1", "comp-1", 3),
			leveled(graph.RelCertifies, "cred-2", "comp-2", 2),
			edge(graph.RelPrerequisite, "cred-2", "cred-1"),
			edge(graph.RelBroader, "comp-1", "comp-2"),
			leveled(graph.RelRoleRequires, "role-1", "comp-1", 2),
			leveled(graph.RelHas, "learner-1", "comp-1", 1),
			edge(graph.RelTargets, "learner-1", "role-1"))
		must(t, s.Delete(t.Context(), graph.KindCompetency, "comp-1"))
		_, err := s.Get(t.Context(), graph.KindCompetency, "comp-1")
		wantErr(t, err, graph.ENOTFOUND, "")
		st := stats(t, s)
		want := map[graph.RelType]int{graph.RelCertifies: 1, graph.RelPrerequisite: 1, graph.RelTargets: 1}
		for _, typ := range graph.RelTypes {
			if st.Edges[typ] != want[typ] {
				t.Fatalf("%s edges after Delete: %d, want %d", typ, st.Edges[typ], want[typ])
			}
		}
		if st.Nodes[graph.KindCompetency] != 1 {
			t.Fatalf("%d competencies after Delete, want 1", st.Nodes[graph.KindCompetency])
		}
		for _, id := range []string{"cred-1", "role-1", "learner-1", "comp-2"} {
			for _, typ := range []graph.RelType{graph.RelCertifies, graph.RelRoleRequires, graph.RelHas, graph.RelBroader} {
				for _, dir := range []graph.Direction{graph.Outgoing, graph.Incoming} {
					for _, e := range edgesOf(t, s, typ, dir, id) {
						if e.From == "comp-1" || e.To == "comp-1" {
							t.Fatalf("edge %+v survived the deletion of comp-1", e)
						}
					}
				}
			}
		}
		// Deleting the end of a prerequisite removes the edge, too.
		must(t, s.Delete(t.Context(), graph.KindCredential, "cred-1"))
		if es := edgesOf(t, s, graph.RelPrerequisite, graph.Outgoing, "cred-2"); len(es) != 0 {
			t.Fatalf("prerequisite edges %+v survived the deletion of their end", es)
		}
	}},
	{"missing node is not found", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.comp("comp-1", "Data analysis")
		failsCleanly(t, s, graph.ENOTFOUND, "", func() error { return s.Delete(t.Context(), graph.KindCompetency, "comp-2") })
		failsCleanly(t, s, graph.ENOTFOUND, "", func() error { return s.Delete(t.Context(), graph.KindFramework, "comp-1") })
		must(t, s.Delete(t.Context(), graph.KindCompetency, "comp-1"))
		failsCleanly(t, s, graph.ENOTFOUND, "", func() error { return s.Delete(t.Context(), graph.KindCompetency, "comp-1") })
	}},
	{"node referred to by a field conflicts", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.framework("fw-comp", "Competency framework")
		f.framework("fw-role", "Role framework")
		f.org("org-cred", "Awarding body")
		f.org("org-role", "Employer")
		f.org("org-block", "Block owner")
		comp := newComp("comp-1", "Data analysis")
		comp.FrameworkID = "fw-comp"
		create(f, comp)
		role := newRole("role-1", "Analyst")
		role.FrameworkID, role.OrganizationID = "fw-role", "org-role"
		create(f, role)
		f.cred("cred-earned", "SQL", "org-cred")
		f.cred("cred-taken", "Python", "org-cred")
		f.cred("cred-part", "Statistics", "org-cred")
		inner := newBlock("block-inner", "Inner", ruleAll, "cred-part")
		inner.OrganizationID = "org-block"
		create(f, inner)
		f.block("block-outer", "Outer", ruleAll, "block-inner")
		f.learner("learner-1", "Ana")
		taker := newLearner("learner-2", "Bo")
		taker.InProgress = []string{"cred-taken"}
		create(f, taker)
		f.achievement("ach-1", "learner-1", "cred-earned", graph.StatusValid)
		ofBlock := newAchievement("ach-2", "learner-1", "", graph.StatusValid)
		ofBlock.BlockID = "block-outer"
		create(f, ofBlock)
		// Edges at the referenced nodes, which a refused Delete must leave alone.
		f.link(leveled(graph.RelCertifies, "cred-earned", "comp-1", 2), leveled(graph.RelCertifies, "cred-taken", "comp-1", 3),
			leveled(graph.RelCertifies, "cred-part", "comp-1", 1), edge(graph.RelPrerequisite, "cred-taken", "cred-earned"),
			edge(graph.RelPrerequisite, "cred-part", "cred-taken"), leveled(graph.RelHas, "learner-1", "comp-1", 2),
			leveled(graph.RelRoleRequires, "role-1", "comp-1", 2), edge(graph.RelTargets, "learner-1", "role-1"))

		cases := []struct {
			name string
			kind graph.Kind
			id   string
		}{
			{"a competency's framework", graph.KindFramework, "fw-comp"},
			{"a role's framework", graph.KindFramework, "fw-role"},
			{"a credential's awarding body", graph.KindOrganization, "org-cred"},
			{"a role's organisation", graph.KindOrganization, "org-role"},
			{"a block's organisation", graph.KindOrganization, "org-block"},
			{"an achievement's learner", graph.KindLearner, "learner-1"},
			{"an achievement's credential", graph.KindCredential, "cred-earned"},
			{"an achievement's block", graph.KindBlock, "block-outer"},
			{"a learner's in-progress credential", graph.KindCredential, "cred-taken"},
			{"a block's credential", graph.KindCredential, "cred-part"},
			{"a block's block", graph.KindBlock, "block-inner"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.ECONFLICT, "", func() error { return s.Delete(t.Context(), tc.kind, tc.id) })
			})
		}
		// Once the referring nodes are gone, the nodes they referred to can go.
		for _, d := range []struct {
			kind graph.Kind
			id   string
		}{
			{graph.KindAchievement, "ach-1"}, {graph.KindCredential, "cred-earned"},
			{graph.KindAchievement, "ach-2"}, {graph.KindBlock, "block-outer"}, {graph.KindBlock, "block-inner"},
			{graph.KindCredential, "cred-part"}, {graph.KindOrganization, "org-block"}, {graph.KindLearner, "learner-1"},
			{graph.KindLearner, "learner-2"}, {graph.KindCredential, "cred-taken"}, {graph.KindOrganization, "org-cred"},
			{graph.KindJobRole, "role-1"}, {graph.KindFramework, "fw-role"}, {graph.KindOrganization, "org-role"},
			{graph.KindCompetency, "comp-1"}, {graph.KindFramework, "fw-comp"},
		} {
			if err := s.Delete(t.Context(), d.kind, d.id); err != nil {
				t.Fatalf("Delete %s %s once nothing refers to it: %v", d.kind, d.id, err)
			}
		}
		st := stats(t, s)
		for k, n := range st.Nodes {
			if n != 0 {
				t.Fatalf("%d %s nodes left after deleting everything", n, k)
			}
		}
		for typ, n := range st.Edges {
			if n != 0 {
				t.Fatalf("%d %s edges left after deleting every node", n, typ)
			}
		}
	}},
}
