package resolvers

import (
	"context"
	"fmt"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
)

// guard is the store every resolver reads and writes through: the one place the access policy
// is enforced. It asks the policy about every write, every read of personal data (learners,
// their holdings and targets, achievements, pathway computations), and narrows lists of
// learners and achievements to what the caller may see.
type guard struct {
	inner  graph.Store
	policy access.Policy
}

var _ graph.Store = (*guard)(nil)

// ReadsFromMemory is the inner store's, when it tells; otherwise false. It reads nothing, so
// it needs no authorization: the reads it speaks of are authorized when they are made.
func (g *guard) ReadsFromMemory(ctx context.Context, personal bool) bool {
	m, ok := g.inner.(graph.MemoryReader)
	return ok && m.ReadsFromMemory(ctx, personal)
}

// authorize asks the policy on behalf of the request's principal.
func (g *guard) authorize(ctx context.Context, a access.Action, r access.Resource) error {
	return g.policy.Authorize(access.FromContext(ctx), a, r)
}

// resource describes a node for the policy's decision on action a, reading what it needs (an
// achievement's learner and awarding organisation; the learner's enrolments only to issue, so
// that reading a list of achievements does not read them once per achievement).
func (g *guard) resource(ctx context.Context, a access.Action, n graph.Node) (access.Resource, error) {
	r := access.Resource{Kind: n.NodeKind(), ID: n.NodeID()}
	switch v := n.(type) {
	case *graph.Credential:
		r.Org = v.OrganizationID
	case *graph.Block:
		r.Org = v.OrganizationID
	case *graph.JobRole:
		r.Org = v.OrganizationID
	case *graph.Learner:
		r.Learner, r.AdvisorID, r.OpenToOpportunities = v.ID, v.AdvisorID, v.OpenToOpportunities
	case *graph.Achievement:
		r.Learner = v.LearnerID
		if ln, err := g.inner.Get(ctx, graph.KindLearner, v.LearnerID); err == nil {
			l := ln.(*graph.Learner)
			r.AdvisorID, r.OpenToOpportunities = l.AdvisorID, l.OpenToOpportunities
		} else if graph.ErrorCode(err) != graph.ENOTFOUND {
			return r, err
		}
		org, err := g.awardingOrg(ctx, v)
		if err != nil {
			return r, err
		}
		r.Org = org
		if a != access.Issue {
			break
		}
		enrolled, err := g.inner.Edges(ctx, graph.RelEnrolledIn, graph.Outgoing, []string{v.LearnerID}, graph.EdgeFilter{})
		if err != nil {
			return r, err
		}
		for _, e := range enrolled[v.LearnerID] {
			r.Enrolled = append(r.Enrolled, e.To)
		}
	}
	return r, nil
}

// awardingOrg is the organisation behind an achievement's credential or block.
func (g *guard) awardingOrg(ctx context.Context, a *graph.Achievement) (string, error) {
	if a.CredentialID != "" {
		n, err := g.inner.Get(ctx, graph.KindCredential, a.CredentialID)
		if err != nil {
			return "", ignoreNotFound(err)
		}
		return n.(*graph.Credential).OrganizationID, nil
	}
	n, err := g.inner.Get(ctx, graph.KindBlock, a.BlockID)
	if err != nil {
		return "", ignoreNotFound(err)
	}
	return n.(*graph.Block).OrganizationID, nil
}

// existing reads a node a write names, answering for a missing learner or achievement as
// hidden does.
func (g *guard) existing(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	if access.FromContext(ctx) == nil {
		// Anonymous callers may write nothing, so they learn nothing either.
		return nil, g.authorize(ctx, access.Update, access.Resource{Kind: k})
	}
	n, err := g.inner.Get(ctx, k, id)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, g.hidden(ctx, k, id, err)
	}
	return n, err
}

// hidden is the answer for a node that does not exist. Whether a learner or an achievement
// exists is personal too: a caller who could not see it if it existed gets the answer they
// would get if it did (UNAUTHENTICATED anonymously, FORBIDDEN "not allowed" otherwise), on
// every query, mutation and nested path, so that ids cannot be probed. Admins, and a learner
// naming themself, see notFound as it is.
func (g *guard) hidden(ctx context.Context, k graph.Kind, id string, notFound error) error {
	p := access.FromContext(ctx)
	if !personal(k) || p != nil && (p.Role == access.RoleAdmin || k == graph.KindLearner && p.Role == access.RoleLearner && id == p.Learner) {
		return notFound
	}
	if p == nil {
		return g.authorize(ctx, access.Read, access.Resource{Kind: k})
	}
	return graph.Errorf(graph.EFORBIDDEN, "not allowed")
}

func ignoreNotFound(err error) error {
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil
	}
	return err
}

// check authorizes an action on a node.
func (g *guard) check(ctx context.Context, a access.Action, n graph.Node) error {
	r, err := g.resource(ctx, a, n)
	if err != nil {
		return err
	}
	return g.authorize(ctx, a, r)
}

func personal(k graph.Kind) bool { return k == graph.KindLearner || k == graph.KindAchievement }

func (g *guard) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	n, err := g.inner.Get(ctx, k, id)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, g.hidden(ctx, k, id, err)
	}
	if err != nil {
		return nil, err
	}
	if err := g.check(ctx, access.Read, n); err != nil {
		return nil, err
	}
	if l := requestLoaders(ctx); l != nil && k == graph.KindLearner {
		l.rememberReadable(map[string]graph.Node{id: n})
	}
	return n, nil
}

// GetMany leaves out the nodes the caller may not read, as if they did not exist; the
// resolvers of single fields answer FORBIDDEN for those.
func (g *guard) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	if !personal(k) {
		// Reading the catalogue does not depend on the node: one decision, before any read.
		if err := g.authorize(ctx, access.Read, access.Resource{Kind: k}); err != nil {
			return nil, err
		}
		return g.inner.GetMany(ctx, k, ids)
	}
	m, err := g.inner.GetMany(ctx, k, ids)
	if err != nil {
		return nil, err
	}
	for id, n := range m {
		if g.check(ctx, access.Read, n) != nil {
			delete(m, id)
		}
	}
	if l := requestLoaders(ctx); l != nil && k == graph.KindLearner {
		l.rememberReadable(m)
	}
	return m, nil
}

var _ graph.EdgesReader = (*guard)(nil)

// GetWithEdges reads a learner with their holdings or targets, answering as Get does for the
// learner (hidden when missing or not readable); the edges are the caller's when the learner
// is, as in Edges. Other kinds and types are read through the guard's own Get and Edges.
func (g *guard) GetWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, error) {
	personal := k == graph.KindLearner
	for _, t := range types {
		personal = personal && t.Personal()
	}
	if !personal {
		return graph.ReadWithEdgesApart(ctx, g, k, id, types)
	}
	ne, err := graph.ReadWithEdges(ctx, g.inner, k, id, types)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return nil, g.hidden(ctx, k, id, err)
	}
	if err != nil {
		return nil, err
	}
	if err := g.check(ctx, access.Read, ne.Node); err != nil {
		return nil, err
	}
	if l := requestLoaders(ctx); l != nil {
		l.rememberReadable(map[string]graph.Node{id: ne.Node})
	}
	return ne, nil
}

// readableLearners returns the learners among ids the caller may read, reading only those this
// request has not read yet.
func (g *guard) readableLearners(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	l := requestLoaders(ctx)
	if l == nil {
		return g.GetMany(ctx, graph.KindLearner, ids)
	}
	known, unknown := l.readableOf(ids)
	if len(unknown) == 0 {
		return known, nil
	}
	more, err := g.GetMany(ctx, graph.KindLearner, unknown)
	if err != nil {
		return nil, err
	}
	for id, n := range more {
		known[id] = n
	}
	return known, nil
}

// written forgets, for the rest of the request, what a write may have changed.
func written(ctx context.Context, k graph.Kind, id string) {
	if l := requestLoaders(ctx); l != nil && k == graph.KindLearner {
		l.forgetReadable(id)
	}
}

// List narrows lists of learners and achievements to what the caller may see.
func (g *guard) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	p := access.FromContext(ctx)
	switch k {
	case graph.KindLearner:
		if err := g.scopeLearners(ctx, p, &opts.Filter); err != nil {
			return emptyOr(err)
		}
	case graph.KindAchievement:
		if err := g.scopeAchievements(ctx, p, &opts.Filter); err != nil {
			return emptyOr(err)
		}
	default:
		if err := g.authorize(ctx, access.Read, access.Resource{Kind: k}); err != nil {
			return nil, err
		}
	}
	return g.inner.List(ctx, k, opts)
}

// errNothing says a list's scope and filter cannot meet: the answer is an empty page.
var errNothing = fmt.Errorf("nothing visible")

func emptyOr(err error) (*graph.Page, error) {
	if err == errNothing {
		return &graph.Page{}, nil
	}
	return nil, err
}

func (g *guard) scopeLearners(ctx context.Context, p *access.Principal, f *graph.Filter) error {
	switch {
	case p == nil:
		return g.authorize(ctx, access.Read, access.Resource{Kind: graph.KindLearner})
	case p.Role == access.RoleAdmin:
		return nil
	case p.Role == access.RoleLearner:
		return only(&f.IDs, []string{p.Learner})
	case p.Role == access.RoleAdvisor:
		if f.AdvisorID != "" && f.AdvisorID != p.Subject {
			return errNothing
		}
		f.AdvisorID = p.Subject
		return nil
	case p.Role == access.RoleEmployer:
		if f.OpenToOpportunities != nil && !*f.OpenToOpportunities {
			return errNothing
		}
		open := true
		f.OpenToOpportunities = &open
		return nil
	}
	return g.authorize(ctx, access.Read, access.Resource{Kind: graph.KindLearner})
}

func (g *guard) scopeAchievements(ctx context.Context, p *access.Principal, f *graph.Filter) error {
	if p != nil && p.Role == access.RoleAdmin {
		return nil
	}
	if p != nil && p.Role == access.RoleIssuer {
		subjects, err := g.orgSubjects(ctx, p.Org)
		if err != nil {
			return err
		}
		return only(&f.SubjectIDs, subjects)
	}
	if len(f.LearnerIDs) == 0 {
		if p != nil && p.Role == access.RoleLearner {
			f.LearnerIDs = []string{p.Learner}
			return nil
		}
		return g.authorize(ctx, access.Read, access.Resource{Kind: graph.KindAchievement})
	}
	// Every learner asked about must be readable by the caller; a missing one answers as a
	// hidden one would.
	found, err := g.inner.GetMany(ctx, graph.KindLearner, f.LearnerIDs)
	if err != nil {
		return err
	}
	for _, id := range f.LearnerIDs {
		n := found[id]
		if n == nil {
			if err := g.hidden(ctx, graph.KindLearner, id, errNothing); err != errNothing {
				return err
			}
			continue
		}
		if err := g.check(ctx, access.Read, n); err != nil {
			return err
		}
	}
	return nil
}

// orgSubjects lists the credentials and blocks an organisation awards.
func (g *guard) orgSubjects(ctx context.Context, org string) ([]string, error) {
	var ids []string
	for _, k := range []graph.Kind{graph.KindCredential, graph.KindBlock} {
		opts := graph.ListOptions{Filter: graph.Filter{OrganizationIDs: []string{org}}, OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
		for {
			page, err := g.inner.List(ctx, k, opts)
			if err != nil {
				return nil, err
			}
			for _, n := range page.Items {
				ids = append(ids, n.NodeID())
			}
			if !page.HasNextPage || len(page.Cursors) == 0 {
				break
			}
			opts.After = page.Cursors[len(page.Cursors)-1]
		}
	}
	return ids, nil
}

// only narrows a filter's id list to allowed ones; errNothing when nothing remains.
func only(ids *[]string, allowed []string) error {
	if len(*ids) == 0 {
		if len(allowed) == 0 {
			return errNothing
		}
		*ids = allowed
		return nil
	}
	ok := make(map[string]bool, len(allowed))
	for _, id := range allowed {
		ok[id] = true
	}
	var kept []string
	for _, id := range *ids {
		if ok[id] {
			kept = append(kept, id)
		}
	}
	if len(kept) == 0 {
		return errNothing
	}
	*ids = kept
	return nil
}

func (g *guard) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := g.authorize(ctx, access.Read, access.Resource{Kind: graph.KindCompetency}); err != nil {
		return nil, err
	}
	return g.inner.Search(ctx, q)
}

func (g *guard) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	action := access.Create
	if n.NodeKind() == graph.KindAchievement {
		action = access.Issue
	}
	if err := g.check(ctx, action, n); err != nil {
		return nil, err
	}
	return g.inner.Create(ctx, n)
}

// CreateWithEdges needs the right to create the node: whoever may create it may link from it,
// as Link allows whoever may change it. CERTIFIED holdings stay for admins, as with Link.
func (g *guard) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	if n.NodeKind() == graph.KindAchievement {
		return nil, graph.Invalid("kind", "achievements are issued, not created with edges")
	}
	if err := g.check(ctx, access.Create, n); err != nil {
		return nil, err
	}
	for i, e := range edges {
		if e.Type == graph.RelHas && e.Source == graph.SourceCertified {
			if p := access.FromContext(ctx); p == nil || p.Role != access.RoleAdmin {
				return nil, graph.Invalid(fmt.Sprintf("edges[%d].source", i), "CERTIFIED holdings come from badges; declare DECLARED or ASSESSED")
			}
		}
	}
	return g.inner.CreateWithEdges(ctx, n, edges)
}

// Update needs the right on the node as it is and as it would be: an issuer cannot move a
// credential to another organisation, nor take over another's.
func (g *guard) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	old, err := g.existing(ctx, n.NodeKind(), n.NodeID())
	if err != nil {
		return nil, err
	}
	action := access.Update
	if n.NodeKind() == graph.KindAchievement {
		action = access.Revoke // achievements change only in status
	}
	if err := g.check(ctx, action, old); err != nil {
		return nil, err
	}
	if err := g.check(ctx, action, n); err != nil {
		return nil, err
	}
	defer written(ctx, n.NodeKind(), n.NodeID())
	return g.inner.Update(ctx, n)
}

// share sets an achievement's visibility, for its learner (access.Share): the one change to
// an achievement that is the learner's, not the issuer's.
func (g *guard) share(ctx context.Context, id string, v graph.BadgeVisibility) (*graph.Achievement, error) {
	n, err := g.existing(ctx, graph.KindAchievement, id)
	if err != nil {
		return nil, err
	}
	if err := g.check(ctx, access.Share, n); err != nil {
		return nil, err
	}
	a := *n.(*graph.Achievement)
	a.Visibility = v
	u, err := g.inner.Update(ctx, &a)
	if err != nil {
		return nil, err
	}
	return u.(*graph.Achievement), nil
}

// mayDelete checks the caller's right to delete a node without deleting it.
func (g *guard) mayDelete(ctx context.Context, k graph.Kind, id string) error {
	old, err := g.existing(ctx, k, id)
	if err != nil {
		return err
	}
	return g.check(ctx, access.Delete, old)
}

func (g *guard) Delete(ctx context.Context, k graph.Kind, id string) error {
	if err := g.mayDelete(ctx, k, id); err != nil {
		return err
	}
	defer written(ctx, k, id)
	return g.inner.Delete(ctx, k, id)
}

// linkFrom authorizes editing the edges of type t from a node: the right to update that node.
func (g *guard) linkFrom(ctx context.Context, t graph.RelType, from string) error {
	spec, ok := graph.Rels[t]
	if !ok {
		return nil // the store rejects the type itself
	}
	n, err := g.existing(ctx, spec.From, from)
	if err != nil {
		if graph.ErrorCode(err) == graph.ENOTFOUND {
			return nil // the store answers, naming the field
		}
		return err
	}
	r, err := g.resource(ctx, access.Link, n)
	if err != nil {
		return err
	}
	r.Rel = t
	return g.authorize(ctx, access.Link, r)
}

// Link also keeps CERTIFIED holdings for what badges certify: only admins (imports) may
// declare one.
func (g *guard) Link(ctx context.Context, e graph.Edge) error {
	if err := g.linkFrom(ctx, e.Type, e.From); err != nil {
		return err
	}
	if e.Type == graph.RelHas && e.Source == graph.SourceCertified {
		if p := access.FromContext(ctx); p == nil || p.Role != access.RoleAdmin {
			return graph.Invalid("source", "CERTIFIED holdings come from badges; declare DECLARED or ASSESSED")
		}
	}
	return g.inner.Link(ctx, e)
}

func (g *guard) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	if err := g.linkFrom(ctx, t, from); err != nil {
		return err
	}
	return g.inner.Unlink(ctx, t, from, to)
}

// Edges of a learner (holdings, targets, enrolments) are personal: lists for learners the caller may not
// read come back empty; the reverse direction (who holds a competency) is for admins.
func (g *guard) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	if graph.Rels[t].From != graph.KindLearner {
		if err := g.authorize(ctx, access.Read, access.Resource{Kind: graph.KindCompetency}); err != nil {
			return nil, err
		}
		return g.inner.Edges(ctx, t, dir, ids, f)
	}
	if dir == graph.Incoming {
		if err := g.authorize(ctx, access.Admin, access.Resource{}); err != nil {
			return nil, err
		}
		return g.inner.Edges(ctx, t, dir, ids, f)
	}
	visible, err := g.readableLearners(ctx, ids)
	if err != nil {
		return nil, err
	}
	var allowed []string
	for _, id := range ids {
		if visible[id] != nil {
			allowed = append(allowed, id)
		}
	}
	if len(allowed) == 0 {
		return map[string][]graph.Edge{}, nil
	}
	return g.inner.Edges(ctx, t, dir, allowed, f)
}

func (g *guard) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	if err := g.authorize(ctx, access.Admin, access.Resource{}); err != nil {
		return graph.BulkResult{}, err
	}
	defer written(ctx, graph.KindLearner, "")
	return g.inner.BulkUpsert(ctx, b)
}

// PathwayContext is a plan for a learner: for the learner, their advisor and admins.
func (g *guard) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	ln, err := g.existing(ctx, graph.KindLearner, learnerID)
	if err != nil {
		return nil, err
	}
	if err := g.check(ctx, access.Plan, ln); err != nil {
		return nil, err
	}
	return g.inner.PathwayContext(ctx, learnerID, roleID)
}

// NextSequence hands out values that badges depend on: only the badge service (which holds
// the store itself) and admins draw from sequences. EFORBIDDEN or EUNAUTHENTICATED otherwise.
func (g *guard) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	if err := g.authorize(ctx, access.Admin, access.Resource{}); err != nil {
		return 0, err
	}
	return g.inner.NextSequence(ctx, name, floor)
}

// KeySet and SaveKeySet hold the badge signing keys, private parts sealed: only the badge
// service (which holds the store itself) and admins reach them.
func (g *guard) KeySet(ctx context.Context) (graph.KeySet, error) {
	if err := g.authorize(ctx, access.Admin, access.Resource{}); err != nil {
		return graph.KeySet{}, err
	}
	return g.inner.KeySet(ctx)
}

func (g *guard) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	if err := g.authorize(ctx, access.Admin, access.Resource{}); err != nil {
		return graph.KeySet{}, err
	}
	return g.inner.SaveKeySet(ctx, data, prev)
}

// Versions says only that something changed, never what.
func (g *guard) Versions(ctx context.Context) (graph.Versions, error) { return g.inner.Versions(ctx) }

func (g *guard) Stats(ctx context.Context) (*graph.Stats, error) { return g.inner.Stats(ctx) }
func (g *guard) Ping(ctx context.Context) error                  { return g.inner.Ping(ctx) }
func (g *guard) Close() error                                    { return g.inner.Close() }
