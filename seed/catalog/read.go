package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// readChunk is how many ids one Edges or GetMany call asks for.
const readChunk = 1000

// universe is what the generator builds on: the store's competencies and the roles that
// require some of them, in id order so that the catalogue does not depend on how the store
// returns them.
type universe struct {
	comps       []comp
	roles       []role // roles with at least one requirement
	roleCount   int    // every role, with requirements or not
	transversal []int  // competencies fit for general-skills credentials, by index in comps
}

type comp struct {
	id, name string
	group    bool
	reuse    graph.ReuseLevel
}

type role struct {
	id, title string
	reqs      []req
}

type req struct {
	comp      int // index in comps
	essential bool
}

// hint is where every "store is not ready" error points.
const hint = "import ESCO first: skillgraph import esco PATH (the official ESCO CSV export)"

// readUniverse lists every competency and role, and reads the roles' requirements.
func readUniverse(ctx context.Context, store graph.Store, prog *progress) (*universe, error) {
	u := &universe{}
	err := listAll(ctx, store, graph.KindCompetency, prog, "competencies", func(n graph.Node) {
		if c, ok := n.(*graph.Competency); ok {
			u.comps = append(u.comps, comp{id: c.ID, name: strings.TrimSpace(c.Name),
				group: c.Type == graph.CompetencyTypeGroup, reuse: c.ReuseLevel})
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(u.comps, func(a, b comp) int { return strings.Compare(a.id, b.id) })
	compIndex := make(map[string]int, len(u.comps))
	for i, c := range u.comps {
		compIndex[c.id] = i
	}
	if len(u.comps) == 0 {
		return nil, graph.Invalid("store", "no competencies: %s", hint)
	}
	var roles []role
	err = listAll(ctx, store, graph.KindJobRole, prog, "roles", func(n graph.Node) {
		if r, ok := n.(*graph.JobRole); ok {
			roles = append(roles, role{id: r.ID, title: strings.TrimSpace(r.Title)})
		}
	})
	if err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, graph.Invalid("store", "no job roles: %s", hint)
	}
	slices.SortFunc(roles, func(a, b role) int { return strings.Compare(a.id, b.id) })
	u.roleCount = len(roles)

	prog.begin("requirements", len(roles))
	for lo := 0; lo < len(roles); lo += readChunk {
		chunk := roles[lo:min(lo+readChunk, len(roles))]
		ids := make([]string, len(chunk))
		for i, r := range chunk {
			ids[i] = r.id
		}
		edges, err := store.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, ids, graph.EdgeFilter{})
		if err != nil {
			return nil, fmt.Errorf("read role requirements: %w", err)
		}
		for i := range chunk {
			for _, e := range edges[chunk[i].id] {
				if c, ok := compIndex[e.To]; ok {
					chunk[i].reqs = append(chunk[i].reqs, req{comp: c, essential: e.Importance != graph.Optional})
				}
			}
			slices.SortFunc(chunk[i].reqs, func(a, b req) int { return a.comp - b.comp })
		}
		prog.tick(lo + len(chunk))
	}
	prog.end(PhaseResult{Name: "requirements", Items: len(roles)})
	for _, r := range roles {
		if len(r.reqs) > 0 {
			u.roles = append(u.roles, r)
		}
	}
	if len(u.roles) == 0 {
		return nil, graph.Invalid("store", "no job role requires any competency: %s", hint)
	}
	u.transversal = transversalPool(u.comps)
	return u, nil
}

// listAll pages through every node of kind k.
func listAll(ctx context.Context, store graph.Store, k graph.Kind, prog *progress, name string, each func(graph.Node)) error {
	prog.begin(name, 0)
	opts := graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	seen := 0
	for {
		page, err := store.List(ctx, k, opts)
		if err != nil {
			return fmt.Errorf("list %s: %w", name, err)
		}
		for _, n := range page.Items {
			each(n)
		}
		seen += len(page.Items)
		prog.setTotal(page.TotalCount)
		prog.tick(seen)
		if !page.HasNextPage || len(page.Items) == 0 {
			break
		}
		opts.After = page.Cursors[len(page.Cursors)-1]
	}
	prog.end(PhaseResult{Name: name, Items: seen})
	return nil
}

// transversalPool picks the competencies that general-skills credentials certify: ESCO's
// transversal ones, or cross-sector ones when there are few, or any non-group competency.
func transversalPool(comps []comp) []int {
	const enough = 10
	pick := func(keep func(c comp) bool) []int {
		var out []int
		for i, c := range comps {
			if !c.group && keep(c) {
				out = append(out, i)
			}
		}
		return out
	}
	if p := pick(func(c comp) bool { return c.reuse == graph.ReuseTransversal }); len(p) >= enough {
		return p
	}
	if p := pick(func(c comp) bool {
		return c.reuse == graph.ReuseTransversal || c.reuse == graph.ReuseCrossSector
	}); len(p) >= enough {
		return p
	}
	if p := pick(func(comp) bool { return true }); len(p) > 0 {
		return p
	}
	all := make([]int, len(comps))
	for i := range all {
		all[i] = i
	}
	return all
}
