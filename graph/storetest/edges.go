package storetest

import (
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// smallGraph stores two competencies, a credential, a role and a learner to link.
func smallGraph(t *testing.T, s graph.Store) *fixture {
	f := newFixture(t, s)
	f.org("org-1", "Open Academy")
	f.comp("comp-1", "Data analysis")
	f.comp("comp-2", "Statistics")
	f.comp("comp-3", "Teamwork")
	f.cred("cred-1", "SQL", "org-1")
	f.cred("cred-2", "Python", "org-1")
	f.cred("cred-3", "R", "org-1")
	f.role("role-1", "Analyst")
	f.learner("learner-1", "Ana")
	return f
}

var linkTests = []test{
	{"creates edges with Normalize's defaults", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		since := time.Date(2023, 1, 15, 14, 0, 0, 123_456_789, time.FixedZone("CEST", 2*3600))
		edges := []graph.Edge{
			{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1"},
			{Type: graph.RelRoleRequires, From: "role-1", To: "comp-2", Level: 4, Importance: graph.Optional, Weight: 0.5},
			{Type: graph.RelHas, From: "learner-1", To: "comp-1", Since: &since},
			{Type: graph.RelHas, From: "learner-1", To: "comp-2", Level: 5, Source: graph.SourceCertified},
			{Type: graph.RelBroader, From: "comp-1", To: "comp-2", Level: 3, Kind: "x", Weight: 2, Importance: graph.Essential},
			{Type: graph.RelRelated, From: "comp-1", To: "comp-3", Kind: "essential"},
			{Type: graph.RelCertifies, From: "cred-1", To: "comp-1"},
			{Type: graph.RelRequiresCompetency, From: "cred-2", To: "comp-2", Level: 2},
			{Type: graph.RelPrerequisite, From: "cred-2", To: "cred-1", Level: 2},
			{Type: graph.RelTargets, From: "learner-1", To: "role-1", Source: graph.SourceAssessed},
		}
		f.link(edges...)
		want := map[graph.RelType][]graph.Edge{}
		for _, e := range edges {
			want[e.Type] = append(want[e.Type], normalized(e))
		}
		// Spelled out, so that a change to Normalize cannot hide here.
		if e := want[graph.RelRoleRequires][0]; e.Level != 1 || e.Importance != graph.Essential || e.Weight != 1 {
			t.Fatalf("normalized requirement %+v, want level 1, essential, weight 1", e)
		}
		if e := want[graph.RelHas][0]; e.Level != 1 || e.Source != graph.SourceDeclared || !e.Since.Equal(since.Truncate(time.Millisecond)) || e.Since.Location() != time.UTC {
			t.Fatalf("normalized holding %+v, want level 1, declared, since in UTC to the millisecond", e)
		}
		st := stats(t, s)
		for _, typ := range graph.RelTypes {
			if typ == graph.RelComprises {
				continue
			}
			var got []graph.Edge
			for _, from := range []string{"role-1", "learner-1", "comp-1", "cred-1", "cred-2"} {
				got = append(got, edgesOf(t, s, typ, graph.Outgoing, from)...)
			}
			sameEdges(t, string(typ)+" edges", got, want[typ])
			if st.Edges[typ] != len(want[typ]) {
				t.Fatalf("Stats counts %d %s edges, want %d", st.Edges[typ], typ, len(want[typ]))
			}
		}
	}},
	{"relinking replaces the properties", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		since := time.Date(2023, 1, 15, 0, 0, 0, 0, time.UTC)
		f.link(leveled(graph.RelCertifies, "cred-1", "comp-1", 2),
			graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1", Level: 2},
			graph.Edge{Type: graph.RelHas, From: "learner-1", To: "comp-1", Level: 3, Source: graph.SourceAssessed, Since: &since},
			graph.Edge{Type: graph.RelRelated, From: "comp-1", To: "comp-2", Kind: "optional"})
		second := []graph.Edge{
			leveled(graph.RelCertifies, "cred-1", "comp-1", 4),
			{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1", Level: 3, Importance: graph.Optional, Weight: 0.25},
			{Type: graph.RelHas, From: "learner-1", To: "comp-1", Level: 2},
			{Type: graph.RelRelated, From: "comp-1", To: "comp-2", Kind: "essential"},
		}
		f.link(second...)
		for _, e := range second {
			sameEdges(t, string(e.Type)+" edges after relinking", edgesOf(t, s, e.Type, graph.Outgoing, e.From), []graph.Edge{normalized(e)})
			if n := stats(t, s).Edges[e.Type]; n != 1 {
				t.Fatalf("Stats counts %d %s edges after relinking, want 1", n, e.Type)
			}
		}
	}},
	{"invalid edges name the field", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		f.block("block-1", "Data", ruleAll, "cred-1")
		f.link(leveled(graph.RelCertifies, "cred-1", "comp-1", 2))
		cases := []struct {
			name  string
			edge  graph.Edge
			field string
		}{
			{"level 6", leveled(graph.RelCertifies, "cred-2", "comp-1", 6), "level"},
			{"level -1", leveled(graph.RelRequiresCompetency, "cred-2", "comp-1", -1), "level"},
			{"holding at level 9", leveled(graph.RelHas, "learner-1", "comp-1", 9), "level"},
			{"relinking at level 6", leveled(graph.RelCertifies, "cred-1", "comp-1", 6), "level"},
			{"requirement of unknown importance", graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1", Importance: "CRITICAL"}, "importance"},
			{"negative weight", graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1", Weight: -1}, "weight"},
			{"unknown type", edge("KNOWS", "comp-1", "comp-2"), "type"},
			{"empty from", edge(graph.RelBroader, "", "comp-2"), "from"},
			{"unknown from", edge(graph.RelBroader, "comp-9", "comp-2"), "from"},
			{"unknown to", edge(graph.RelBroader, "comp-1", "comp-9"), "to"},
			{"certifying from a competency", edge(graph.RelCertifies, "comp-2", "comp-1"), "from"},
			{"certifying a credential", edge(graph.RelCertifies, "cred-2", "cred-1"), "to"},
			{"targeting a competency", edge(graph.RelTargets, "learner-1", "comp-1"), "to"},
			{"holding from a role", edge(graph.RelHas, "role-1", "comp-1"), "from"},
			{"a block comprising a competency", edge(graph.RelComprises, "block-1", "comp-1"), "to"},
			{"a credential comprising a credential", edge(graph.RelComprises, "cred-1", "cred-2"), "from"},
			{"an edge to its own start", edge(graph.RelRelated, "comp-1", "comp-1"), "to"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error { return s.Link(t.Context(), tc.edge) })
			})
		}
	}},
	{"acyclic types refuse cycles", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		f.link(edge(graph.RelPrerequisite, "cred-1", "cred-2"), edge(graph.RelPrerequisite, "cred-2", "cred-3"),
			edge(graph.RelBroader, "comp-1", "comp-2"), edge(graph.RelBroader, "comp-2", "comp-3"))
		cases := []struct {
			name string
			edge graph.Edge
		}{
			{"a prerequisite cycle of three", edge(graph.RelPrerequisite, "cred-3", "cred-1")},
			{"a prerequisite cycle of two", edge(graph.RelPrerequisite, "cred-2", "cred-1")},
			{"a hierarchy cycle of three", edge(graph.RelBroader, "comp-3", "comp-1")},
			{"a hierarchy cycle of two", edge(graph.RelBroader, "comp-2", "comp-1")},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, "to", func() error { return s.Link(t.Context(), tc.edge) })
			})
		}
		// Shortcuts are no cycles, relinking is fine, and RELATED may go both ways.
		f.link(edge(graph.RelPrerequisite, "cred-1", "cred-3"), edge(graph.RelPrerequisite, "cred-1", "cred-2"),
			edge(graph.RelBroader, "comp-1", "comp-3"),
			edge(graph.RelRelated, "comp-1", "comp-2"), edge(graph.RelRelated, "comp-2", "comp-1"))
	}},
	{"COMPRISES appends to the block's components", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.cred("cred-z", "Z", "org-1")
		f.cred("cred-a", "A", "org-1")
		f.cred("cred-m", "M", "org-1")
		f.block("block-inner", "Inner", ruleAll, "cred-m")
		b := f.block("block-1", "Data", ruleAll, "cred-z")
		f.link(edge(graph.RelComprises, "block-1", "cred-a"))
		f.link(edge(graph.RelComprises, "block-1", "cred-z")) // present: no-op
		f.link(edge(graph.RelComprises, "block-1", "block-inner"))
		got := f.get(graph.KindBlock, "block-1").(*graph.Block)
		sameOrder(t, "components", got.Components, []string{"cred-z", "cred-a", "block-inner"})
		b.Components = got.Components
		sameContent(t, "block after linking", got, b)
		var to []string
		for _, e := range edgesOf(t, s, graph.RelComprises, graph.Outgoing, "block-1") {
			to = append(to, e.To)
		}
		sameOrder(t, "COMPRISES edges", to, []string{"cred-z", "cred-a", "block-inner"})
		if n := stats(t, s).Edges[graph.RelComprises]; n != 4 {
			t.Fatalf("Stats counts %d COMPRISES edges, want 4", n)
		}
	}},
}

var unlinkTests = []test{
	{"removes the edge, and only it", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		f.link(leveled(graph.RelCertifies, "cred-1", "comp-1", 2), leveled(graph.RelCertifies, "cred-1", "comp-2", 3),
			leveled(graph.RelRequiresCompetency, "cred-2", "comp-1", 1), edge(graph.RelPrerequisite, "cred-2", "cred-1"),
			leveled(graph.RelHas, "learner-1", "comp-1", 2))
		must(t, s.Unlink(t.Context(), graph.RelCertifies, "cred-1", "comp-1"))
		sameEdges(t, "CERTIFIES edges", edgesOf(t, s, graph.RelCertifies, graph.Outgoing, "cred-1"),
			[]graph.Edge{leveled(graph.RelCertifies, "cred-1", "comp-2", 3)})
		st := stats(t, s)
		if st.Edges[graph.RelCertifies] != 1 || st.Edges[graph.RelRequiresCompetency] != 1 || st.Edges[graph.RelPrerequisite] != 1 || st.Edges[graph.RelHas] != 1 {
			t.Fatalf("edge counts after Unlink: %v", st.Edges)
		}
		cases := []struct {
			name     string
			typ      graph.RelType
			from, to string
		}{
			{"already removed", graph.RelCertifies, "cred-1", "comp-1"},
			{"the other direction", graph.RelPrerequisite, "cred-1", "cred-2"},
			{"another type between the same nodes", graph.RelCertifies, "cred-2", "comp-1"},
			{"unknown nodes", graph.RelBroader, "comp-8", "comp-9"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.ENOTFOUND, "", func() error { return s.Unlink(t.Context(), tc.typ, tc.from, tc.to) })
			})
		}
	}},
	{"COMPRISES removes the component while the rule holds", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for _, id := range []string{"cred-1", "cred-2", "cred-3"} {
			c := newCred(id, "Course "+id, "org-1")
			c.ECTS = 2
			create(f, c)
		}
		b := f.block("block-all", "All", ruleAll, "cred-1", "cred-2", "cred-3")
		f.block("block-one", "One", ruleAll, "cred-1")
		f.block("block-two", "Two of two", atLeast(2), "cred-1", "cred-2")
		f.block("block-ects", "Four ECTS", minECTS(4), "cred-1", "cred-2")
		must(t, s.Unlink(t.Context(), graph.RelComprises, "block-all", "cred-2"))
		got := f.get(graph.KindBlock, "block-all").(*graph.Block)
		sameOrder(t, "components after Unlink", got.Components, []string{"cred-1", "cred-3"})
		b.Components = got.Components
		sameContent(t, "block after Unlink", got, b)
		var to []string
		for _, e := range edgesOf(t, s, graph.RelComprises, graph.Outgoing, "block-all") {
			to = append(to, e.To)
		}
		sameOrder(t, "COMPRISES edges after Unlink", to, []string{"cred-1", "cred-3"})
		for _, tc := range []struct{ name, block, comp string }{
			{"the last component", "block-one", "cred-1"},
			{"below AT_LEAST's count", "block-two", "cred-2"},
			{"below MIN_ECTS", "block-ects", "cred-1"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, "components", func() error {
					return s.Unlink(t.Context(), graph.RelComprises, tc.block, tc.comp)
				})
			})
		}
		t.Run("a credential the block does not hold", func(t *testing.T) {
			failsCleanly(t, s, graph.ENOTFOUND, "", func() error {
				return s.Unlink(t.Context(), graph.RelComprises, "block-all", "cred-2")
			})
		})
	}},
}

var edgesTests = []test{
	{"both directions, batched, ordered by the other end", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for _, id := range []string{"comp-b", "comp-c", "comp-a"} {
			f.comp(id, "Competency "+id)
		}
		for _, id := range []string{"cred-2", "cred-1", "cred-3"} {
			f.cred(id, "Course "+id, "org-1")
		}
		f.link(leveled(graph.RelCertifies, "cred-2", "comp-c", 1), leveled(graph.RelCertifies, "cred-2", "comp-a", 2),
			leveled(graph.RelCertifies, "cred-2", "comp-b", 3), leveled(graph.RelCertifies, "cred-1", "comp-b", 4))
		out, err := s.Edges(t.Context(), graph.RelCertifies, graph.Outgoing, []string{"cred-2", "cred-1", "cred-3", "missing"}, graph.EdgeFilter{})
		must(t, err)
		sameIDs(t, "outgoing keys", keys(out), []string{"cred-1", "cred-2"})
		want := map[string][]graph.Edge{
			"cred-2": {leveled(graph.RelCertifies, "cred-2", "comp-a", 2), leveled(graph.RelCertifies, "cred-2", "comp-b", 3),
				leveled(graph.RelCertifies, "cred-2", "comp-c", 1)},
			"cred-1": {leveled(graph.RelCertifies, "cred-1", "comp-b", 4)},
		}
		if g, w := canonical(out), canonical(want); g != w {
			t.Fatalf("outgoing edges differ:\n%s", diff(g, w))
		}
		in, err := s.Edges(t.Context(), graph.RelCertifies, graph.Incoming, []string{"comp-b", "comp-a", "cred-1"}, graph.EdgeFilter{})
		must(t, err)
		want = map[string][]graph.Edge{
			"comp-b": {leveled(graph.RelCertifies, "cred-1", "comp-b", 4), leveled(graph.RelCertifies, "cred-2", "comp-b", 3)},
			"comp-a": {leveled(graph.RelCertifies, "cred-2", "comp-a", 2)},
		}
		if g, w := canonical(in), canonical(want); g != w {
			t.Fatalf("incoming edges differ:\n%s", diff(g, w))
		}
		none, err := s.Edges(t.Context(), graph.RelPrerequisite, graph.Outgoing, []string{"cred-1", "cred-2"}, graph.EdgeFilter{})
		must(t, err)
		if len(none) != 0 {
			t.Fatalf("PREREQUISITE edges %v, want none", none)
		}
	}},
	{"COMPRISES in component order, incoming by block", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for _, id := range []string{"cred-1", "cred-2", "cred-3"} {
			f.cred(id, "Course "+id, "org-1")
		}
		f.block("block-z", "Z", ruleAll, "cred-3", "cred-1", "cred-2")
		f.block("block-a", "A", ruleAll, "cred-1")
		f.block("block-m", "M", atLeast(1), "block-z", "block-a")
		out, err := s.Edges(t.Context(), graph.RelComprises, graph.Outgoing, []string{"block-z", "block-m"}, graph.EdgeFilter{})
		must(t, err)
		want := map[string][]graph.Edge{
			"block-z": {edge(graph.RelComprises, "block-z", "cred-3"), edge(graph.RelComprises, "block-z", "cred-1"),
				edge(graph.RelComprises, "block-z", "cred-2")},
			"block-m": {edge(graph.RelComprises, "block-m", "block-z"), edge(graph.RelComprises, "block-m", "block-a")},
		}
		if g, w := canonical(out), canonical(want); g != w {
			t.Fatalf("outgoing COMPRISES edges differ:\n%s", diff(g, w))
		}
		in, err := s.Edges(t.Context(), graph.RelComprises, graph.Incoming, []string{"cred-1", "block-a"}, graph.EdgeFilter{})
		must(t, err)
		want = map[string][]graph.Edge{
			"cred-1":  {edge(graph.RelComprises, "block-a", "cred-1"), edge(graph.RelComprises, "block-z", "cred-1")},
			"block-a": {edge(graph.RelComprises, "block-m", "block-a")},
		}
		if g, w := canonical(in), canonical(want); g != w {
			t.Fatalf("incoming COMPRISES edges differ:\n%s", diff(g, w))
		}
	}},
}

var statsTests = []test{
	{"an empty store counts zero of everything", func(t *testing.T, s graph.Store) {
		st := stats(t, s)
		for _, k := range graph.Kinds {
			if n, ok := st.Nodes[k]; !ok || n != 0 {
				t.Fatalf("Nodes[%s] = %d (present %v), want 0 present", k, n, ok)
			}
		}
		for _, typ := range graph.RelTypes {
			if n, ok := st.Edges[typ]; !ok || n != 0 {
				t.Fatalf("Edges[%s] = %d (present %v), want 0 present", typ, n, ok)
			}
		}
		if len(st.Nodes) != len(graph.Kinds) || len(st.Edges) != len(graph.RelTypes) {
			t.Fatalf("Stats has %d kinds and %d types, want %d and %d", len(st.Nodes), len(st.Edges), len(graph.Kinds), len(graph.RelTypes))
		}
	}},
	{"counts every kind and type", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		for _, n := range fullNodes() {
			create(f, n)
		}
		f.comp("comp-2", "Statistics")
		f.comp("comp-3", "Teamwork")
		f.cred("cred-2", "Python", "org-full")
		f.block("block-2", "Two", atLeast(1), "block-full", "cred-2")
		f.link(edge(graph.RelBroader, "comp-2", "comp-3"), edge(graph.RelBroader, "comp-full", "comp-3"),
			graph.Edge{Type: graph.RelRelated, From: "comp-2", To: "comp-full", Kind: "optional"},
			leveled(graph.RelCertifies, "cred-full", "comp-full", 3), leveled(graph.RelCertifies, "cred-full", "comp-2", 2),
			leveled(graph.RelCertifies, "cred-2", "comp-3", 1),
			edge(graph.RelPrerequisite, "cred-2", "cred-full"),
			leveled(graph.RelRequiresCompetency, "cred-2", "comp-2", 2),
			leveled(graph.RelRoleRequires, "role-full", "comp-full", 3), leveled(graph.RelRoleRequires, "role-full", "comp-3", 1),
			leveled(graph.RelHas, "learner-full", "comp-2", 2),
			edge(graph.RelTargets, "learner-full", "role-full"),
			edge(graph.RelEnrolledIn, "learner-full", "org-full"))
		st := stats(t, s)
		wantNodes := map[graph.Kind]int{graph.KindFramework: 1, graph.KindOrganization: 1, graph.KindCompetency: 3,
			graph.KindCredential: 2, graph.KindBlock: 2, graph.KindJobRole: 1, graph.KindLearner: 1, graph.KindAchievement: 1}
		wantEdges := map[graph.RelType]int{graph.RelBroader: 2, graph.RelRelated: 1, graph.RelCertifies: 3,
			graph.RelPrerequisite: 1, graph.RelRequiresCompetency: 1, graph.RelComprises: 3, graph.RelRoleRequires: 2,
			graph.RelHas: 1, graph.RelTargets: 1, graph.RelEnrolledIn: 1}
		if g, w := canonical(st), canonical(&graph.Stats{Nodes: wantNodes, Edges: wantEdges}); g != w {
			t.Fatalf("Stats differ:\n%s", diff(g, w))
		}
	}},
}

var pingTests = []test{
	{"answers", func(t *testing.T, s graph.Store) {
		must(t, s.Ping(t.Context()))
	}},
}

// edgeFilterTests check that Edges keeps only what its filter asks for, in the usual order.
var edgeFilterTests = []test{
	{"keeps the importance and levels asked for", func(t *testing.T, s graph.Store) {
		f := smallGraph(t, s)
		f.role("role-2", "Statistician")
		f.link(
			graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-1", Level: 3, Importance: graph.Essential},
			graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-2", Level: 1, Importance: graph.Optional},
			graph.Edge{Type: graph.RelRoleRequires, From: "role-1", To: "comp-3", Level: 4, Importance: graph.Essential},
			graph.Edge{Type: graph.RelRoleRequires, From: "role-2", To: "comp-2", Level: 2, Importance: graph.Optional},
			leveled(graph.RelCertifies, "cred-1", "comp-1", 2),
			leveled(graph.RelCertifies, "cred-2", "comp-1", 4),
			leveled(graph.RelCertifies, "cred-3", "comp-1", 5),
		)
		targets := func(m map[string][]graph.Edge, id string, dir graph.Direction) []string {
			var out []string
			for _, e := range m[id] {
				if dir == graph.Outgoing {
					out = append(out, e.To)
				} else {
					out = append(out, e.From)
				}
			}
			return out
		}
		essential, err := s.Edges(t.Context(), graph.RelRoleRequires, graph.Outgoing, []string{"role-1", "role-2"},
			graph.EdgeFilter{Importance: graph.Essential})
		must(t, err)
		sameOrder(t, "essential requirements of role-1", targets(essential, "role-1", graph.Outgoing), []string{"comp-1", "comp-3"})
		if _, ok := essential["role-2"]; ok {
			t.Errorf("role-2 has no essential requirement, got %v", essential["role-2"])
		}
		both, err := s.Edges(t.Context(), graph.RelRoleRequires, graph.Outgoing, []string{"role-1"},
			graph.EdgeFilter{Importance: graph.Essential, MinLevel: 4})
		must(t, err)
		sameOrder(t, "essential at level 4 or more", targets(both, "role-1", graph.Outgoing), []string{"comp-3"})
		certified, err := s.Edges(t.Context(), graph.RelCertifies, graph.Incoming, []string{"comp-1"}, graph.EdgeFilter{MinLevel: 4})
		must(t, err)
		sameOrder(t, "certifying at level 4 or more", targets(certified, "comp-1", graph.Incoming), []string{"cred-2", "cred-3"})
		for _, e := range certified["comp-1"] {
			if e.Level < 4 {
				t.Errorf("kept %+v", e)
			}
		}
	}},
	{"refuses a filter the type does not carry", func(t *testing.T, s graph.Store) {
		smallGraph(t, s)
		_, err := s.Edges(t.Context(), graph.RelCertifies, graph.Outgoing, []string{"cred-1"}, graph.EdgeFilter{Importance: graph.Essential})
		wantErr(t, err, graph.EINVALID, "filter.importance")
		_, err = s.Edges(t.Context(), graph.RelPrerequisite, graph.Outgoing, []string{"cred-1"}, graph.EdgeFilter{MinLevel: 2})
		wantErr(t, err, graph.EINVALID, "filter.minLevel")
		_, err = s.Edges(t.Context(), graph.RelCertifies, graph.Outgoing, []string{"cred-1"}, graph.EdgeFilter{MinLevel: 6})
		wantErr(t, err, graph.EINVALID, "filter.minLevel")
	}},
}
