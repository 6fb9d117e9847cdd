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
// and its credentials are numbers in the store's numbered catalogue (pc.Numbered; pc.Full
// gives the maps and edge lists), which on a large catalogue saves most of a
// recommendation's time and garbage. The learner's part is copied. ENOTFOUND when either
// node does not exist; EINTERNAL once closed.
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
	has := s.adj[graph.RelHas]
	part := graph.LearnerPart{
		Learner:      cloneNode(r.n).(*graph.Learner),
		Holdings:     has.edges(has.outOf(learnerID)),
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
// round) over the catalogue's pathIndex. Called under s.mu.
func (s *Store) assemblePathwayContext(ctx context.Context, part graph.LearnerPart, roleID string) (*graph.PathwayContext, error) {
	rr := s.byKind[graph.KindJobRole][roleID]
	if rr == nil {
		return nil, graph.NotFound(graph.KindJobRole, roleID)
	}
	learner := part.Learner
	if learner == nil {
		learner = &graph.Learner{}
	}
	requires := s.adj[graph.RelRoleRequires]
	reqs := requires.outOf(roleID)
	pc := &graph.PathwayContext{
		Learner:      learner,
		Role:         rr.n.(*graph.JobRole),
		Requirements: requires.edges(reqs),
		Competencies: map[string]*graph.Competency{},
		Holdings:     part.Holdings,
		Achievements: part.Achievements,
		Blocks:       map[string]*graph.Block{},
	}
	ix := s.pathIndex()
	w := ix.walk()
	defer w.done()
	seeds := w.seeds[:0]
	seed := func(id string) {
		if i, ok := ix.num.CredentialNum[id]; ok {
			seeds = append(seeds, i)
		}
	}
	for _, e := range pc.Requirements {
		if r := s.byKind[graph.KindCompetency][e.To]; r != nil {
			pc.Competencies[e.To] = r.n.(*graph.Competency)
		}
		// CERTIFIES edges end at competencies, all numbered: one the index does not number
		// has no certifier.
		if k, ok := ix.num.CompetencyNum[e.To]; ok {
			seeds = append(seeds, ix.certifiedBy.At(k)...)
		}
	}
	for _, a := range pc.Achievements {
		if a.CredentialID != "" {
			seed(a.CredentialID)
		}
	}
	for _, id := range learner.InProgress {
		seed(id)
	}
	w.seeds = seeds
	w.addPrerequisites(seeds)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The blocks above the credentials, then their closure: the blocks nested in them and
	// the credentials any of them comprises, with their prerequisites.
	held := w.closure(w.blocksAbove())
	for _, b := range held {
		pc.Blocks[ix.num.BlockIDs[b]] = ix.num.Blocks[b]
	}
	pc.BlockMembers = held
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// The credentials by number: the edges stay where they are, read through pc.Numbered.
	pc.Numbered, pc.Members = ix.num, w.credentialsByID()
	return pc, nil
}
