package embedded

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// errReadOnly is the cause of every write to a snapshot.
var errReadOnly = errors.New("a snapshot is read-only")

// FromSnapshot returns a read-only store in memory holding the given nodes and edges, with the
// same indexes and read semantics as a store opened from a file. It takes ownership of both
// slices. Writes fail with EINTERNAL. It lets another store serve reads from memory: a copy of
// its data that it replaces, rather than edits, when the data changes.
//
// Every edge must be between nodes of the snapshot, with ends of the kinds its type connects;
// COMPRISES edges are ignored (blocks' components are their source). EINVALID otherwise, naming
// the edge.
func FromSnapshot(ctx context.Context, nodes []graph.Node, edges []graph.Edge) (*Store, error) {
	s := newStore(nil)
	for _, n := range nodes {
		if err := ctx.Err(); err != nil {
			return nil, wrap("FromSnapshot", err)
		}
		if _, dup := s.nodes[n.NodeID()]; dup {
			return nil, wrap("FromSnapshot", graph.Invalid("nodes", "duplicate id %q", n.NodeID()))
		}
		s.putRec(n, "")
	}
	seen := map[string]bool{}
	for _, r := range s.nodes {
		s.addWords(r, setWords(r, seen))
	}
	s.words = make([]string, 0, len(s.posts))
	for w := range s.posts {
		s.words = append(s.words, w)
	}
	slices.Sort(s.words)
	s.added, s.drops = nil, false

	byType := map[graph.RelType][]graph.Edge{}
	for i, e := range edges {
		if e.Type == graph.RelComprises {
			continue
		}
		spec, ok := graph.Rels[e.Type]
		if !ok {
			return nil, wrap("FromSnapshot", graph.Invalid(fmt.Sprintf("edges[%d].type", i), "unknown type %q", e.Type))
		}
		from, to := s.nodes[e.From], s.nodes[e.To]
		if from == nil || from.n.NodeKind() != spec.From {
			return nil, wrap("FromSnapshot", graph.Invalid(fmt.Sprintf("edges[%d].from", i), "no %s %q", spec.From, e.From))
		}
		if to == nil || !slices.Contains(spec.To, to.n.NodeKind()) {
			return nil, wrap("FromSnapshot", graph.Invalid(fmt.Sprintf("edges[%d].to", i), "no node %q", e.To))
		}
		if err := checkCompact(&e); err != nil {
			return nil, wrap("FromSnapshot", graph.Invalid(fmt.Sprintf("edges[%d]", i), "%s", err))
		}
		byType[e.Type] = append(byType[e.Type], e)
	}
	for t, list := range byType {
		slices.SortFunc(list, func(a, b graph.Edge) int {
			return cmp.Or(strings.Compare(a.From, b.From), strings.Compare(a.To, b.To))
		})
		// One edge per type and pair of ends, as Link keeps them.
		list = slices.CompactFunc(list, func(a, b graph.Edge) bool { return a.From == b.From && a.To == b.To })
		s.adj[t].load(list)
	}
	return s, nil
}
