package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
)

// ReadPathwayContext assembles, over the store's read primitives, everything the pathway
// engine needs for a learner and a target role (see PathwayContext): one batched read per
// step of each walk, so that a store answering the catalogue from memory reads only the
// learner's own data from its database. Stores implement Store.PathwayContext with it.
//
// The credentials are the seeds (certifying a required competency, achieved by the learner, or
// in progress) with their prerequisites, transitively; the blocks are those above them,
// transitively, and every block nested in those; the credentials those blocks comprise are
// added, with their prerequisites, so that every block component and every prerequisite edge
// resolves. Edge lists are ordered by (from, to), achievements by id. ENOTFOUND when either
// node does not exist; otherwise the store's errors.
func ReadPathwayContext(ctx context.Context, s Store, learnerID, roleID string) (*PathwayContext, error) {
	ln, err := s.Get(ctx, KindLearner, learnerID)
	if err != nil {
		return nil, fmt.Errorf("pathway context: %w", err)
	}
	return readPathwayContext(ctx, s, ln.(*Learner), roleID)
}

// LearnerPart is what a pathway context holds of the learner: the node, their RelHas edges
// ordered by competency, and their achievements, any status, by id.
type LearnerPart struct {
	Learner      *Learner
	Holdings     []Edge
	Achievements []*Achievement
}

// ReadLearnerPart reads a learner's part of a pathway context, for a store that assembles
// the catalogue's part elsewhere (from memory). ENOTFOUND when the learner does not exist;
// otherwise the store's errors.
func ReadLearnerPart(ctx context.Context, s Store, learnerID string) (LearnerPart, error) {
	ln, err := s.Get(ctx, KindLearner, learnerID)
	if err != nil {
		return LearnerPart{}, fmt.Errorf("pathway context: %w", err)
	}
	r := pathwayReader{ctx: ctx, s: s}
	part := LearnerPart{Learner: ln.(*Learner)}
	part.Holdings = r.edges(RelHas, Outgoing, []string{learnerID})
	part.Achievements = r.achievements(learnerID)
	if r.err != nil {
		return LearnerPart{}, fmt.Errorf("pathway context: %w", r.err)
	}
	return part, nil
}

// ReadRoleContext is ReadPathwayContext for a learner who holds nothing, has achieved nothing
// and has nothing in progress (an empty Learner): the role, its requirements and every
// credential that could meet them, for questions about the role alone. It reads nothing
// personal. ENOTFOUND when the role does not exist.
func ReadRoleContext(ctx context.Context, s Store, roleID string) (*PathwayContext, error) {
	return readPathwayContext(ctx, s, &Learner{}, roleID)
}

// readPathwayContext assembles the context of a learner read already (an empty one, with no
// id, holds nothing and is not read further).
func readPathwayContext(ctx context.Context, s Store, learner *Learner, roleID string) (*PathwayContext, error) {
	rn, err := s.Get(ctx, KindJobRole, roleID)
	if err != nil {
		return nil, fmt.Errorf("pathway context: %w", err)
	}
	role := rn.(*JobRole)
	pc := &PathwayContext{Learner: learner, Role: role, Credentials: map[string]*Credential{}}
	r := pathwayReader{ctx: ctx, s: s}

	pc.Requirements = r.edges(RelRoleRequires, Outgoing, []string{roleID})
	if learner.ID != "" {
		pc.Holdings = r.edges(RelHas, Outgoing, []string{learner.ID})
		pc.Achievements = r.achievements(learner.ID)
	}
	required := make([]string, len(pc.Requirements))
	for i, e := range pc.Requirements {
		required[i] = e.To
	}
	pc.Competencies = nodesOf[*Competency](&r, KindCompetency, required)

	var seeds []string
	for _, e := range r.edges(RelCertifies, Incoming, required) {
		seeds = append(seeds, e.From)
	}
	for _, a := range pc.Achievements {
		if a.CredentialID != "" {
			seeds = append(seeds, a.CredentialID)
		}
	}
	seeds = append(seeds, learner.InProgress...)
	r.addPrerequisites(pc.Credentials, seeds)

	// Blocks above the credentials, transitively; then those nested in them, and the
	// credentials any of them comprises, with their prerequisites.
	if r.err == nil {
		above, err := BlocksAbove(ctx, s, slices.Sorted(maps.Keys(pc.Credentials)))
		if err != nil {
			return nil, fmt.Errorf("pathway context: %w", err)
		}
		blocks, parts, err := BlockClosure(ctx, s, above)
		if err != nil {
			return nil, fmt.Errorf("pathway context: %w", err)
		}
		pc.Blocks = blocks
		r.addPrerequisites(pc.Credentials, slices.Sorted(maps.Keys(parts)))
	}
	if pc.Blocks == nil {
		pc.Blocks = map[string]*Block{}
	}

	ids := slices.Sorted(maps.Keys(pc.Credentials))
	pc.CredentialIDs = ids
	pc.Certifies = r.edges(RelCertifies, Outgoing, ids)
	pc.Prerequisites = r.edges(RelPrerequisite, Outgoing, ids)
	pc.RequiredCompetencies = r.edges(RelRequiresCompetency, Outgoing, ids)
	if r.err != nil {
		return nil, fmt.Errorf("pathway context: %w", r.err)
	}
	return pc, nil
}

// pathwayReader reads for ReadPathwayContext, keeping the first error: later reads are
// skipped and return nothing.
type pathwayReader struct {
	ctx context.Context
	s   Store
	err error
}

// edges returns the edges of type t at ids seen from dir, in the order of ids, then of the
// other end: for sorted ids, by (from, to).
func (r *pathwayReader) edges(t RelType, dir Direction, ids []string) []Edge {
	out := []Edge{}
	if r.err != nil || len(ids) == 0 {
		return out
	}
	m, err := r.s.Edges(r.ctx, t, dir, ids, EdgeFilter{})
	if err != nil {
		r.err = err
		return out
	}
	for _, id := range UniqueIDs(ids) {
		out = append(out, m[id]...)
	}
	return out
}

// nodesOf returns the nodes of kind k among ids, by id.
func nodesOf[T Node](r *pathwayReader, k Kind, ids []string) map[string]T {
	out := map[string]T{}
	if r.err != nil || len(ids) == 0 {
		return out
	}
	m, err := r.s.GetMany(r.ctx, k, ids)
	if err != nil {
		r.err = err
		return out
	}
	for id, n := range m {
		if t, ok := n.(T); ok {
			out[id] = t
		}
	}
	return out
}

// achievements returns every achievement of the learner, any status, by id.
func (r *pathwayReader) achievements(learnerID string) []*Achievement {
	var out []*Achievement
	opts := ListOptions{Filter: Filter{LearnerIDs: []string{learnerID}}, OrderBy: OrderBy{Field: OrderByID}, First: MaxPageSize}
	for r.err == nil {
		p, err := r.s.List(r.ctx, KindAchievement, opts)
		if err != nil {
			r.err = err
			return nil
		}
		for _, n := range p.Items {
			if a, ok := n.(*Achievement); ok {
				out = append(out, a)
			}
		}
		if !p.HasNextPage || len(p.Cursors) == 0 {
			break
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
	return out
}

// addPrerequisites adds to creds the credentials among ids and every credential they
// require, transitively, one batch per level of the prerequisite chains.
func (r *pathwayReader) addPrerequisites(creds map[string]*Credential, ids []string) {
	frontier := UniqueIDs(ids)
	for len(frontier) > 0 && r.err == nil {
		frontier = slices.DeleteFunc(frontier, func(id string) bool { return creds[id] != nil })
		found := nodesOf[*Credential](r, KindCredential, frontier)
		var known []string
		for _, id := range frontier {
			if c := found[id]; c != nil {
				creds[id] = c
				known = append(known, id)
			}
		}
		var next []string
		for _, e := range r.edges(RelPrerequisite, Outgoing, known) {
			if creds[e.To] == nil {
				next = append(next, e.To)
			}
		}
		frontier = UniqueIDs(next)
	}
}
