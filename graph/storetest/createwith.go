package storetest

import (
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// requirement is a role's requirement edge.
func requirement(role, comp string, imp graph.Importance, level int, weight float64) graph.Edge {
	return graph.Edge{Type: graph.RelRoleRequires, From: role, To: comp, Importance: imp, Level: level, Weight: weight}
}

var createWithEdgesTests = []test{
	{"writes the node and its edges together", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.comp("comp-a", "A")
		f.comp("comp-b", "B")
		f.org("org-1", "Employer")
		role := newRole("role-1", "Analyst")
		role.OrganizationID = "org-1"
		got, err := s.CreateWithEdges(t.Context(), role, []graph.Edge{
			requirement("", "comp-a", graph.Essential, 3, 2),
			requirement("role-1", "comp-b", graph.Optional, 0, 0),
		})
		must(t, err)
		if got.NodeID() != "role-1" || got.(*graph.JobRole).CreatedAt.IsZero() {
			t.Fatalf("created %+v", got)
		}
		sameNode(t, "Get", f.get(graph.KindJobRole, "role-1"), got)
		edges, err := s.Edges(t.Context(), graph.RelRoleRequires, graph.Outgoing, []string{"role-1"}, graph.EdgeFilter{})
		must(t, err)
		es := edges["role-1"]
		if len(es) != 2 || es[0].To != "comp-a" || es[0].Importance != graph.Essential || es[0].Level != 3 || es[0].Weight != 2 ||
			es[1].To != "comp-b" || es[1].Importance != graph.Optional {
			t.Fatalf("edges %+v", es)
		}
		// The id is generated when absent, and edges without From start at it.
		got, err = s.CreateWithEdges(t.Context(), newRole("", "Generated"), []graph.Edge{requirement("", "comp-a", graph.Essential, 1, 1)})
		must(t, err)
		edges, err = s.Edges(t.Context(), graph.RelRoleRequires, graph.Outgoing, []string{got.NodeID()}, graph.EdgeFilter{})
		must(t, err)
		if got.NodeID() == "" || len(edges[got.NodeID()]) != 1 {
			t.Fatalf("generated %q with edges %+v", got.NodeID(), edges)
		}
		// The last of two edges to one node wins; none at all is a plain Create.
		_, err = s.CreateWithEdges(t.Context(), newRole("role-2", "Twice"), []graph.Edge{
			requirement("", "comp-a", graph.Essential, 1, 1), requirement("", "comp-a", graph.Optional, 2, 1)})
		must(t, err)
		edges, err = s.Edges(t.Context(), graph.RelRoleRequires, graph.Outgoing, []string{"role-2"}, graph.EdgeFilter{})
		must(t, err)
		if es := edges["role-2"]; len(es) != 1 || es[0].Importance != graph.Optional || es[0].Level != 2 {
			t.Fatalf("duplicate edges %+v", es)
		}
		_, err = s.CreateWithEdges(t.Context(), newComp("comp-c", "C"), nil)
		must(t, err)
		f.get(graph.KindCompetency, "comp-c")
	}},
	{"writes nothing when anything is wrong", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.comp("comp-a", "A")
		f.framework("fw-1", "ESCO")
		f.role("role-taken", "Taken")
		for _, c := range []struct {
			name  string
			node  graph.Node
			edges []graph.Edge
			code  string
			field string
		}{
			{"missing end", newRole("role-x", "X"), []graph.Edge{requirement("", "comp-a", graph.Essential, 1, 1), requirement("", "comp-missing", graph.Essential, 1, 1)}, graph.EINVALID, "edges[1].to"},
			{"end of another kind", newRole("role-x", "X"), []graph.Edge{requirement("", "fw-1", graph.Essential, 1, 1)}, graph.EINVALID, "edges[0].to"},
			{"another start", newRole("role-x", "X"), []graph.Edge{requirement("role-taken", "comp-a", graph.Essential, 1, 1)}, graph.EINVALID, "edges[0].from"},
			{"bad level", newRole("role-x", "X"), []graph.Edge{requirement("", "comp-a", graph.Essential, 9, 1)}, graph.EINVALID, "edges[0].level"},
			{"type from another kind", newRole("role-x", "X"), []graph.Edge{edge(graph.RelBroader, "", "comp-a")}, graph.EINVALID, "edges[0]"},
			{"comprises", newBlock("blk-x", "X", atLeast(1), "cred-none"), []graph.Edge{edge(graph.RelComprises, "", "comp-a")}, graph.EINVALID, "edges[0]"},
			{"taken id", newRole("role-taken", "Again"), []graph.Edge{requirement("", "comp-a", graph.Essential, 1, 1)}, graph.ECONFLICT, "id"},
			{"invalid node", newRole("role-x", ""), []graph.Edge{requirement("", "comp-a", graph.Essential, 1, 1)}, graph.EINVALID, "title"},
		} {
			_, err := s.CreateWithEdges(t.Context(), c.node, c.edges)
			wantErr(t, err, c.code, c.field)
			if c.code == graph.EINVALID {
				if _, err := s.Get(t.Context(), c.node.NodeKind(), c.node.NodeID()); graph.ErrorCode(err) != graph.ENOTFOUND {
					t.Errorf("%s: the node was written (%v)", c.name, err)
				}
			}
		}
		edges, err := s.Edges(t.Context(), graph.RelRoleRequires, graph.Incoming, []string{"comp-a"}, graph.EdgeFilter{})
		must(t, err)
		if len(edges["comp-a"]) != 0 {
			t.Fatalf("edges written by failed creates: %+v", edges)
		}
		st, err := s.Stats(t.Context())
		must(t, err)
		if st.Nodes[graph.KindJobRole] != 1 {
			t.Fatalf("%d roles after failed creates, want 1", st.Nodes[graph.KindJobRole])
		}
	}},
}
