package embedded

import (
	"context"
	"slices"

	"github.com/skillgraph/skillgraph/graph"
)

// PathwayContext returns in one read everything the pathway engine needs for a learner and a
// target role. The credentials are the seeds (certifying a required competency, achieved by
// the learner, or in progress) with their prerequisites, transitively; the blocks are those
// above them, transitively, and every block nested in those; the credentials those blocks
// comprise are added, with their prerequisites, so that every block component and every
// prerequisite edge resolves. Edge lists are ordered by (from, to), achievements by id.
// ENOTFOUND when either node does not exist; EINTERNAL once closed.
func (s *Store) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("PathwayContext", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("PathwayContext", err)
	}
	learner, ok := s.node(learnerID).(*graph.Learner)
	if !ok {
		return nil, wrap("PathwayContext", graph.NotFound(graph.KindLearner, learnerID))
	}
	role, ok := s.node(roleID).(*graph.JobRole)
	if !ok {
		return nil, wrap("PathwayContext", graph.NotFound(graph.KindJobRole, roleID))
	}
	pc := &graph.PathwayContext{
		Learner:      cloneNode(learner).(*graph.Learner),
		Role:         cloneNode(role).(*graph.JobRole),
		Competencies: map[string]*graph.Competency{},
		Credentials:  map[string]*graph.Credential{},
		Blocks:       map[string]*graph.Block{},
	}
	reqs := s.adj[graph.RelRoleRequires].out[roleID]
	pc.Requirements = copyEdges(reqs)
	pc.Holdings = copyEdges(s.adj[graph.RelHas].out[learnerID])

	var seeds []string
	for _, e := range reqs {
		if c, ok := s.node(e.To).(*graph.Competency); ok {
			pc.Competencies[e.To] = cloneNode(c).(*graph.Competency)
		}
		for _, cert := range s.adj[graph.RelCertifies].in[e.To] {
			seeds = append(seeds, cert.From)
		}
	}
	var achievements []string
	for id := range s.refBy[learnerID] {
		if a, ok := s.node(id).(*graph.Achievement); ok && a.LearnerID == learnerID {
			achievements = append(achievements, id)
		}
	}
	slices.Sort(achievements)
	for _, id := range achievements {
		a := s.node(id).(*graph.Achievement)
		pc.Achievements = append(pc.Achievements, cloneNode(a).(*graph.Achievement))
		if a.CredentialID != "" {
			seeds = append(seeds, a.CredentialID)
		}
	}
	seeds = append(seeds, learner.InProgress...)

	creds := map[string]bool{}
	s.addPrerequisites(creds, seeds)
	// Blocks above the credentials, transitively.
	blocks := map[string]bool{}
	var up []string
	for id := range creds {
		up = append(up, id)
	}
	comprises := s.adj[graph.RelComprises]
	for len(up) > 0 {
		id := up[len(up)-1]
		up = up[:len(up)-1]
		for _, e := range comprises.in[id] {
			if !blocks[e.From] {
				blocks[e.From] = true
				up = append(up, e.From)
			}
		}
	}
	// Blocks nested in those, and the credentials any of them comprises.
	down := make([]string, 0, len(blocks))
	for id := range blocks {
		down = append(down, id)
	}
	var parts []string
	for len(down) > 0 {
		id := down[len(down)-1]
		down = down[:len(down)-1]
		for _, c := range s.node(id).(*graph.Block).Components {
			switch s.node(c).(type) {
			case *graph.Block:
				if !blocks[c] {
					blocks[c] = true
					down = append(down, c)
				}
			case *graph.Credential:
				parts = append(parts, c)
			}
		}
	}
	s.addPrerequisites(creds, parts)

	ids := make([]string, 0, len(creds))
	for id := range creds {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pc.Certifies, pc.Prerequisites, pc.RequiredCompetencies = []graph.Edge{}, []graph.Edge{}, []graph.Edge{}
	for _, id := range ids {
		pc.Credentials[id] = cloneNode(s.node(id)).(*graph.Credential)
		// Each list is sorted by To, and ids are sorted: the edges come out by (from, to).
		for _, e := range s.adj[graph.RelCertifies].out[id] {
			pc.Certifies = append(pc.Certifies, copyEdge(e))
		}
		for _, e := range s.adj[graph.RelPrerequisite].out[id] {
			pc.Prerequisites = append(pc.Prerequisites, copyEdge(e))
		}
		for _, e := range s.adj[graph.RelRequiresCompetency].out[id] {
			pc.RequiredCompetencies = append(pc.RequiredCompetencies, copyEdge(e))
		}
	}
	for id := range blocks {
		pc.Blocks[id] = cloneNode(s.node(id)).(*graph.Block)
	}
	return pc, nil
}

// addPrerequisites adds to creds the credentials among ids and every credential they
// require, transitively.
func (s *Store) addPrerequisites(creds map[string]bool, ids []string) {
	pre := s.adj[graph.RelPrerequisite]
	stack := slices.Clone(ids)
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if creds[id] {
			continue
		}
		if _, ok := s.node(id).(*graph.Credential); !ok {
			continue
		}
		creds[id] = true
		for _, e := range pre.out[id] {
			stack = append(stack, e.To)
		}
	}
}
