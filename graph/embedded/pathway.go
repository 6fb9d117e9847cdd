package embedded

import (
	"context"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// PathwayContext returns everything the pathway engine needs for a learner and a target role,
// as graph.ReadPathwayContext assembles it, read under one lock from the indexes in memory:
// the catalogue's nodes and edges are shared, not copied (graph.PathwayContext is read-only),
// which on a large catalogue is most of a recommendation's time and garbage. The learner's
// part is copied. ENOTFOUND when either node does not exist; EINTERNAL once closed.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("PathwayContext", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("PathwayContext", err)
	}
	r := s.byKind[graph.KindLearner][learnerID]
	if r == nil {
		return nil, wrap("PathwayContext", graph.NotFound(graph.KindLearner, learnerID))
	}
	part := graph.LearnerPart{
		Learner:      cloneNode(r.n).(*graph.Learner),
		Holdings:     copyEdges(s.adj[graph.RelHas].out[learnerID]),
		Achievements: s.achievementsOf(learnerID),
	}
	pc, err := s.assemblePathwayContext(ctx, part, roleID)
	return pc, wrap("PathwayContext", err)
}

// PathwayContextFor assembles a pathway context around a learner's part read elsewhere (the
// shared store, by a store that holds the catalogue here): the catalogue's part as
// PathwayContext reads it. ENOTFOUND when the role does not exist; EINTERNAL once closed.
func (s *Store) PathwayContextFor(ctx context.Context, part graph.LearnerPart, roleID string) (*graph.PathwayContext, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("PathwayContextFor", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("PathwayContextFor", err)
	}
	pc, err := s.assemblePathwayContext(ctx, part, roleID)
	return pc, wrap("PathwayContextFor", err)
}

// achievementsOf returns copies of the learner's achievements, by id. Called under s.mu.
func (s *Store) achievementsOf(learnerID string) []*graph.Achievement {
	var out []*graph.Achievement
	for id := range s.refBy[learnerID] {
		if r := s.byKind[graph.KindAchievement][id]; r != nil {
			if a := r.n.(*graph.Achievement); a.LearnerID == learnerID {
				out = append(out, cloneNode(a).(*graph.Achievement))
			}
		}
	}
	slices.SortFunc(out, func(a, b *graph.Achievement) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// assemblePathwayContext walks the catalogue as graph.ReadPathwayContext does (the same
// seeds, prerequisites, blocks above and block closure, within graph.MaxClosureBlocks per
// round) over the adjacency in memory. Called under s.mu.
func (s *Store) assemblePathwayContext(ctx context.Context, part graph.LearnerPart, roleID string) (*graph.PathwayContext, error) {
	rr := s.byKind[graph.KindJobRole][roleID]
	if rr == nil {
		return nil, graph.NotFound(graph.KindJobRole, roleID)
	}
	learner := part.Learner
	if learner == nil {
		learner = &graph.Learner{}
	}
	pc := &graph.PathwayContext{
		Learner:      learner,
		Role:         rr.n.(*graph.JobRole),
		Requirements: sharedEdges(s.adj[graph.RelRoleRequires].out[roleID], nil),
		Competencies: map[string]*graph.Competency{},
		Holdings:     part.Holdings,
		Achievements: part.Achievements,
		Credentials:  map[string]*graph.Credential{},
		Blocks:       map[string]*graph.Block{},
	}
	credentials := s.byKind[graph.KindCredential]
	certifies := s.adj[graph.RelCertifies]
	prerequisites := s.adj[graph.RelPrerequisite]

	// addPrerequisites adds the credentials among ids, and those they require, transitively.
	var stack []string
	addPrerequisites := func(ids []string) {
		stack = append(stack[:0], ids...)
		for len(stack) > 0 {
			id := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if pc.Credentials[id] != nil {
				continue
			}
			r := credentials[id]
			if r == nil {
				continue
			}
			pc.Credentials[id] = r.n.(*graph.Credential)
			for _, e := range prerequisites.out[id] {
				if pc.Credentials[e.To] == nil {
					stack = append(stack, e.To)
				}
			}
		}
	}

	var seeds []string
	for _, e := range pc.Requirements {
		if r := s.byKind[graph.KindCompetency][e.To]; r != nil {
			pc.Competencies[e.To] = r.n.(*graph.Competency)
		}
		for _, c := range certifies.in[e.To] {
			seeds = append(seeds, c.From)
		}
	}
	for _, a := range pc.Achievements {
		if a.CredentialID != "" {
			seeds = append(seeds, a.CredentialID)
		}
	}
	seeds = append(seeds, learner.InProgress...)
	addPrerequisites(seeds)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// The blocks above the credentials, a round per level as graph.BlocksAbove.
	comprises := s.adj[graph.RelComprises]
	seen := map[string]bool{}
	var above, frontier, next []string
	for id := range pc.Credentials {
		frontier = append(frontier, id)
	}
	for len(frontier) > 0 && len(seen) < graph.MaxClosureBlocks {
		next = next[:0]
		for _, id := range frontier {
			for _, e := range comprises.in[id] {
				if !seen[e.From] {
					seen[e.From] = true
					above = append(above, e.From)
					next = append(next, e.From)
				}
			}
		}
		frontier, next = next, frontier
	}

	// Their closure, a round per level as graph.BlockClosure: the blocks nested in them and
	// the credentials any of them comprises.
	blocks := s.byKind[graph.KindBlock]
	var parts []string
	partSeen := map[string]bool{}
	frontier = graph.UniqueIDs(above)
	for len(frontier) > 0 && len(pc.Blocks) < graph.MaxClosureBlocks {
		next = next[:0]
		for _, id := range frontier {
			r := blocks[id]
			if r == nil {
				continue
			}
			b := r.n.(*graph.Block)
			pc.Blocks[id] = b
			for _, c := range b.Components {
				switch {
				case blocks[c] != nil:
					if pc.Blocks[c] == nil {
						next = append(next, c)
					}
				case !partSeen[c] && credentials[c] != nil:
					partSeen[c] = true
					parts = append(parts, c)
				}
			}
		}
		frontier = graph.UniqueIDs(next)
	}
	addPrerequisites(parts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	ids := make([]string, 0, len(pc.Credentials))
	for id := range pc.Credentials {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	requires := s.adj[graph.RelRequiresCompetency]
	// Each list is looked up once and the copies allocated once at their size: on a large
	// catalogue these copies are most of a context's memory (growing them doubled it), and
	// the lookups most of its time.
	lists := make([][3][]*graph.Edge, len(ids))
	var nCert, nPre, nReq int
	for i, id := range ids {
		l := &lists[i]
		l[0], l[1], l[2] = certifies.out[id], prerequisites.out[id], requires.out[id]
		nCert += len(l[0])
		nPre += len(l[1])
		nReq += len(l[2])
	}
	pc.Certifies = make([]graph.Edge, 0, nCert)
	pc.Prerequisites = make([]graph.Edge, 0, nPre)
	pc.RequiredCompetencies = make([]graph.Edge, 0, nReq)
	for _, l := range lists {
		pc.Certifies = sharedEdges(l[0], pc.Certifies)
		pc.Prerequisites = sharedEdges(l[1], pc.Prerequisites)
		pc.RequiredCompetencies = sharedEdges(l[2], pc.RequiredCompetencies)
	}
	return pc, nil
}

// sharedEdges appends the edges of list to out as they are stored: their one pointer field,
// Since, is shared, as a PathwayContext's catalogue is.
func sharedEdges(list []*graph.Edge, out []graph.Edge) []graph.Edge {
	if out == nil {
		out = make([]graph.Edge, 0, len(list))
	}
	for _, e := range list {
		out = append(out, *e)
	}
	return out
}
