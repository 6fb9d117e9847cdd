package storetest

import (
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// importBatch is a batch whose nodes refer to nodes later in it: 10 nodes and 9 edges. With
// explicit, its edges spell out the properties Normalize would give them.
func importBatch(explicit bool) graph.Batch {
	c1 := newComp("c1", "Data analysis")
	c1.FrameworkID = "fw-b"
	r1 := newRole("r1", "Data analyst")
	r1.FrameworkID = "fw-b"
	l1 := newLearner("l1", "Ana")
	l1.InProgress = []string{"k2"}
	b := graph.Batch{
		Nodes: []graph.Node{
			newCred("k1", "SQL", "org-b"), newCred("k2", "Python", "org-b"),
			c1, newComp("c2", "Statistics"), newComp("c3", "Analytical thinking"),
			newOrg("org-b", "Data School"), newFramework("fw-b", "ESCO"),
			r1, l1, newAchievement("a1", "l1", "k1", graph.StatusValid),
		},
		Edges: []graph.Edge{
			leveled(graph.RelCertifies, "k1", "c1", 2),
			leveled(graph.RelCertifies, "k2", "c2", 3),
			edge(graph.RelPrerequisite, "k2", "k1"),
			edge(graph.RelRequiresCompetency, "k2", "c1"),
			edge(graph.RelRoleRequires, "r1", "c1"),
			{Type: graph.RelRoleRequires, From: "r1", To: "c2", Importance: graph.Optional, Level: 2},
			edge(graph.RelHas, "l1", "c3"),
			edge(graph.RelBroader, "c1", "c3"),
			edge(graph.RelTargets, "l1", "r1"),
		},
	}
	if explicit {
		for i := range b.Edges {
			b.Edges[i].Normalize()
		}
	}
	return b
}

func wantResult(t *testing.T, got, want graph.BulkResult) {
	t.Helper()
	if got != want {
		t.Fatalf("BulkResult %+v, want %+v", got, want)
	}
}

var bulkTests = []test{
	{"creates a batch that refers to itself", clocked(func(t *testing.T, s graph.Store, c *Clock) {
		f := newFixture(t, s)
		b := importBatch(false)
		want := importBatch(false)
		before := c.Now()
		wantResult(t, f.bulk(b), graph.BulkResult{NodesCreated: 10, EdgesCreated: 9})
		after := c.Now()
		for _, n := range want.Nodes {
			got := f.get(n.NodeKind(), n.NodeID())
			sameContent(t, "stored "+n.NodeID(), got, n)
			created, updated := graph.Timestamps(got)
			wantStoredTime(t, n.NodeID()+" CreatedAt", created)
			if !updated.Equal(created) || !created.After(before) || !created.Before(after) {
				t.Fatalf("%s: CreatedAt %v UpdatedAt %v, want both the time of the call", n.NodeID(), created, updated)
			}
		}
		var got []graph.Edge
		for _, typ := range graph.RelTypes {
			m, err := s.Edges(t.Context(), typ, graph.Outgoing, ids(want.Nodes), graph.EdgeFilter{})
			must(t, err)
			for _, es := range m {
				got = append(got, es...)
			}
		}
		var wantEdges []graph.Edge
		for _, e := range want.Edges {
			wantEdges = append(wantEdges, normalized(e))
		}
		sameEdges(t, "stored edges", got, wantEdges)
		st := stats(t, s)
		if st.Nodes[graph.KindCompetency] != 3 || st.Nodes[graph.KindCredential] != 2 || st.Edges[graph.RelRoleRequires] != 2 {
			t.Fatalf("Stats %+v after the import", st)
		}
	})},
	{"an identical batch changes nothing", clocked(func(t *testing.T, s graph.Store, c *Clock) {
		f := newFixture(t, s)
		f.bulk(importBatch(false))
		before := dump(t, s)
		c.Advance(time.Hour) // a rewrite would show in UpdatedAt
		wantResult(t, f.bulk(importBatch(false)), graph.BulkResult{NodesUnchanged: 10, EdgesUnchanged: 9})
		// Properties Normalize would set anyway are no change either.
		wantResult(t, f.bulk(importBatch(true)), graph.BulkResult{NodesUnchanged: 10, EdgesUnchanged: 9})
		if after := dump(t, s); after != before {
			t.Fatalf("identical batches changed the store:\n%s", diff(after, before))
		}
	})},
	{"replaces changed nodes and edge properties", clocked(func(t *testing.T, s graph.Store, c *Clock) {
		f := newFixture(t, s)
		f.bulk(importBatch(false))
		f.link(edge(graph.RelRelated, "c1", "c2")) // not in the batch: replacing c1 keeps it
		oldC1 := f.get(graph.KindCompetency, "c1")
		oldC2 := f.get(graph.KindCompetency, "c2")
		c.Advance(time.Hour)
		before := c.Now()
		b := importBatch(false)
		b.Nodes[2].(*graph.Competency).Name = "Data analytics"
		b.Nodes[0].(*graph.Credential).Price = 350
		b.Nodes = append(b.Nodes, newComp("c4", "Data mining"))
		b.Edges[0].Level = 4
		b.Edges[5].Weight = 0.5
		b.Edges = append(b.Edges, edge(graph.RelBroader, "c4", "c3"))
		wantResult(t, f.bulk(b), graph.BulkResult{NodesCreated: 1, NodesUpdated: 2, NodesUnchanged: 8,
			EdgesCreated: 1, EdgesUpdated: 2, EdgesUnchanged: 7})
		c1 := f.get(graph.KindCompetency, "c1")
		sameContent(t, "updated c1", c1, b.Nodes[2])
		created, updated := graph.Timestamps(c1)
		if !created.Equal(oldC1.(*graph.Competency).CreatedAt) || !updated.After(before) || !updated.Before(c.Now()) {
			t.Fatalf("updated c1: CreatedAt %v UpdatedAt %v, want CreatedAt kept (%v) and UpdatedAt the time of the call, after %v",
				created, updated, oldC1.(*graph.Competency).CreatedAt, before)
		}
		sameNode(t, "unchanged c2", f.get(graph.KindCompetency, "c2"), oldC2)
		sameEdges(t, "k1's CERTIFIES edges", edgesOf(t, s, graph.RelCertifies, graph.Outgoing, "k1"),
			[]graph.Edge{leveled(graph.RelCertifies, "k1", "c1", 4)})
		sameEdges(t, "c1's RELATED edges", edgesOf(t, s, graph.RelRelated, graph.Outgoing, "c1"), []graph.Edge{edge(graph.RelRelated, "c1", "c2")})
		sameEdges(t, "r1's requirements", edgesOf(t, s, graph.RelRoleRequires, graph.Outgoing, "r1"),
			[]graph.Edge{normalized(b.Edges[4]), normalized(b.Edges[5])})
	})},
	{"blocks and their components in one batch", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		cert := newBlock("b-cert", "Certification", atLeast(1), "b-inner", "k3")
		cert.Certification = true
		r := f.bulk(graph.Batch{
			Nodes: []graph.Node{cert, newBlock("b-inner", "Inner", minECTS(2), "k1", "k2"),
				newCred("k1", "SQL", "org-1"), newCred("k2", "Python", "org-1"), newCred("k3", "R", "org-1"),
				newOrg("org-1", "Open Academy")},
			Edges: []graph.Edge{edge(graph.RelComprises, "b-inner", "k3"), edge(graph.RelPrerequisite, "k3", "k1")},
		})
		if r.NodesCreated != 6 || r.NodesUpdated != 0 || r.NodesUnchanged != 0 {
			t.Fatalf("BulkResult %+v, want 6 nodes created", r)
		}
		sameOrder(t, "the nested block's components", f.get(graph.KindBlock, "b-inner").(*graph.Block).Components,
			[]string{"k1", "k2", "k3"})
		sameOrder(t, "the certification's components", f.get(graph.KindBlock, "b-cert").(*graph.Block).Components,
			[]string{"b-inner", "k3"})
		if n := stats(t, s).Edges[graph.RelComprises]; n != 5 {
			t.Fatalf("Stats counts %d COMPRISES edges, want 5", n)
		}
	}},
	{"a create-only batch creates nodes with their relationships", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		b := importBatch(false)
		b.CreateOnly = true
		wantResult(t, f.bulk(b), graph.BulkResult{NodesCreated: 10, EdgesCreated: 9})
		sameEdges(t, "k2's prerequisites", edgesOf(t, s, graph.RelPrerequisite, graph.Outgoing, "k2"), []graph.Edge{edge(graph.RelPrerequisite, "k2", "k1")})
	}},
	{"a create-only batch replaces nothing and writes nothing when any part fails", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.bulk(importBatch(false))
		// Each batch starts with a new credential and what it certifies, which must not be written.
		fresh := func(nodes []graph.Node, edges ...graph.Edge) graph.Batch {
			return graph.Batch{CreateOnly: true,
				Nodes: append([]graph.Node{newCred("k9", "New", "org-b")}, nodes...),
				Edges: append([]graph.Edge{leveled(graph.RelCertifies, "k9", "c1", 2)}, edges...)}
		}
		conflicts := []struct {
			name  string
			batch graph.Batch
			field string
		}{
			{"a stored id of the same kind", fresh([]graph.Node{newComp("c1", "Data analysis")}), "nodes[1].id"},
			{"a stored id of another kind", fresh([]graph.Node{newFramework("k1", "ESCO")}), "nodes[1].id"},
			{"an id the batch repeats", fresh([]graph.Node{newComp("c9", "A"), newComp("c9", "A")}), "nodes[2].id"},
		}
		for _, tc := range conflicts {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.ECONFLICT, tc.field, func() error {
					_, err := s.BulkUpsert(t.Context(), tc.batch)
					return err
				})
			})
		}
		invalid := []struct {
			name  string
			batch graph.Batch
			field string
		}{
			{"an unknown competency", fresh(nil, leveled(graph.RelCertifies, "k9", "missing", 2)), "edges[1].to"},
			{"an unknown prerequisite", fresh(nil, edge(graph.RelPrerequisite, "k9", "missing")), "edges[1].to"},
			{"a level out of range", fresh(nil, leveled(graph.RelRequiresCompetency, "k9", "c2", 9)), "edges[1].level"},
			{"a prerequisite cycle", fresh(nil, edge(graph.RelPrerequisite, "k9", "k2"), edge(graph.RelPrerequisite, "k1", "k9")), "edges[2].to"},
		}
		for _, tc := range invalid {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.BulkUpsert(t.Context(), tc.batch)
					return err
				})
			})
		}
	}},
	{"an invalid item writes nothing", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.bulk(importBatch(false))
		// Each batch starts with good items (a new node, a changed one) that must not be written.
		good := func(nodes []graph.Node, edges ...graph.Edge) graph.Batch {
			c1 := newComp("c1", "Changed name")
			c1.FrameworkID = "fw-b"
			return graph.Batch{Nodes: append([]graph.Node{newComp("c9", "New"), c1}, nodes...),
				Edges: append([]graph.Edge{leveled(graph.RelCertifies, "k2", "c9", 2)}, edges...)}
		}
		cases := []struct {
			name  string
			batch graph.Batch
			field string
		}{
			{"an empty name", good([]graph.Node{newComp("c10", "")}), "nodes[2].name"},
			{"negative hours", good([]graph.Node{func() graph.Node { c := newCred("k9", "X", "org-b"); c.Hours = -1; return c }()}), "nodes[2].hours"},
			{"an unknown organisation", good([]graph.Node{newCred("k9", "X", "org-b"), newCred("k10", "X", "missing")}), "nodes[3].organizationId"},
			{"an unsatisfiable block", good([]graph.Node{newBlock("b9", "X", atLeast(3), "k1", "k2")}), "nodes[2].rule.count"},
			{"an unknown component", good([]graph.Node{newBlock("b9", "X", ruleAll, "k1", "k9")}), "nodes[2].components[1]"},
			{"a level out of range", good(nil, leveled(graph.RelCertifies, "k1", "c2", 9)), "edges[1].level"},
			{"an unknown end", good(nil, edge(graph.RelBroader, "c2", "c3"), edge(graph.RelBroader, "c9", "missing")), "edges[2].to"},
			{"an end of the wrong kind", good(nil, edge(graph.RelCertifies, "c2", "c3")), "edges[1].from"},
			{"a cycle through stored edges", good([]graph.Node{newCred("k9", "X", "org-b")},
				edge(graph.RelPrerequisite, "k1", "k9"), edge(graph.RelPrerequisite, "k9", "k2")), "edges[2].to"},
			{"a cycle within the batch", good(nil, edge(graph.RelBroader, "c9", "c2"), edge(graph.RelBroader, "c2", "c9")), "edges[2].to"},
			{"a block cycle", good([]graph.Node{newBlock("b8", "X", ruleAll, "k1"), newBlock("b9", "Y", ruleAll, "b8")},
				edge(graph.RelComprises, "b8", "b9")), "edges[1].to"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				failsCleanly(t, s, graph.EINVALID, tc.field, func() error {
					_, err := s.BulkUpsert(t.Context(), tc.batch)
					return err
				})
			})
		}
		t.Run("an id another kind holds", func(t *testing.T) {
			failsCleanly(t, s, graph.ECONFLICT, "nodes[2].id", func() error {
				_, err := s.BulkUpsert(t.Context(), good([]graph.Node{newFramework("k1", "ESCO")}))
				return err
			})
		})
	}},
}
