package resolvers

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
	"github.com/skillgraph/skillgraph/pathways"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// The pathway queries feed the engine (pure, in pathways/) with one store read per question:
// the store's pathway context for a learner and a role, or a block closure for stacking. Role fit
// and talent matching need every role's requirements and every open learner's holdings; those
// are read once and kept while the store's versions (graph.Versions) say that no process has
// changed what they derive from: the role-fit index the catalogue, the open learners personal
// data. A request reads the versions once, when it first needs either.

const (
	fitPathwayRoles   = 3                     // roleFit computes pathway hours for this many roles
	fitPathwayBudget  = 20 * time.Millisecond // search budget of each of those pathways
	maxFitResults     = 100
	storeChunk        = 1000 // ids per Edges or GetMany call when reading whole kinds
	maxCompletedInput = 500
)

// planCache keeps the role-fit index and the open learners' holdings.
type planCache struct {
	mu          sync.Mutex
	fit         *pathways.FitIndex
	fitVersion  string             // the catalogue version fit was read at
	open        *pathways.Learners // the holdings of the learners open to opportunities
	openVersion string             // the personal data version open was read at
	learners    map[string]*graph.Learner
}

// versionsKey keeps, in a request's read scope, the store versions the request read.
type versionsKey struct{}

// versions returns the store's versions, read at most once per request.
func (r *Resolver) versions(ctx context.Context) (graph.Versions, error) {
	scope := graph.ReadScopeFrom(ctx)
	if scope != nil {
		if v, ok := scope.Load(versionsKey{}); ok {
			return v.(graph.Versions), nil
		}
	}
	v, err := r.Raw.Versions(ctx)
	if err != nil {
		return graph.Versions{}, fmt.Errorf("store versions: %w", err)
	}
	if scope != nil {
		scope.Store(versionsKey{}, v)
	}
	return v, nil
}

func newPlanCache() *planCache { return &planCache{} }

// invalidate drops what the cache holds: the graph has changed.
func (c *planCache) invalidate() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.fit, c.open, c.learners = nil, nil, nil
	c.mu.Unlock()
}

// changed tells the plan cache that a mutation went through.
func (r *Resolver) changed() { r.plans.invalidate() }

// fitIndex returns the role-fit index over every role's requirements.
func (r *Resolver) fitIndex(ctx context.Context) (*pathways.FitIndex, error) {
	v, err := r.versions(ctx)
	if err != nil {
		return nil, err
	}
	c := r.plans
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fit != nil && c.fitVersion == v.Catalogue {
		return c.fit, nil
	}
	roles, _, err := allIDs(ctx, r.Raw, graph.KindJobRole, graph.Filter{})
	if err != nil {
		return nil, err
	}
	var reqs []graph.Edge
	for start := 0; start < len(roles); start += storeChunk {
		m, err := r.Raw.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, roles[start:min(start+storeChunk, len(roles))], graph.EdgeFilter{})
		if err != nil {
			return nil, fmt.Errorf("role fit: %w", err)
		}
		for _, id := range roles[start:min(start+storeChunk, len(roles))] {
			reqs = append(reqs, m[id]...)
		}
	}
	c.fit, c.fitVersion = pathways.NewFitIndex(reqs), v.Catalogue
	return c.fit, nil
}

// openLearners returns the holdings of the learners open to opportunities, indexed for
// ranking.
func (r *Resolver) openLearners(ctx context.Context) (*pathways.Learners, map[string]*graph.Learner, error) {
	v, err := r.versions(ctx)
	if err != nil {
		return nil, nil, err
	}
	c := r.plans
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open != nil && c.openVersion == v.Personal {
		return c.open, c.learners, nil
	}
	open := true
	ids, nodes, err := allIDs(ctx, r.Raw, graph.KindLearner, graph.Filter{OpenToOpportunities: &open})
	if err != nil {
		return nil, nil, err
	}
	levels := make(map[string]map[string]int, len(ids))
	learners := make(map[string]*graph.Learner, len(ids))
	for start := 0; start < len(ids); start += storeChunk {
		chunk := ids[start:min(start+storeChunk, len(ids))]
		m, err := r.Raw.Edges(ctx, graph.RelHas, graph.Outgoing, chunk, graph.EdgeFilter{})
		if err != nil {
			return nil, nil, fmt.Errorf("candidates: %w", err)
		}
		for _, id := range chunk {
			held := make(map[string]int, len(m[id]))
			for _, e := range m[id] {
				held[e.To] = max(held[e.To], e.Level)
			}
			levels[id] = held
		}
	}
	for _, n := range nodes {
		learners[n.NodeID()] = n.(*graph.Learner)
	}
	c.open, c.learners, c.openVersion = pathways.NewLearners(levels), learners, v.Personal
	return c.open, learners, nil
}

// allIDs pages through every node of kind k matching f.
func allIDs(ctx context.Context, store graph.Store, k graph.Kind, f graph.Filter) ([]string, []graph.Node, error) {
	var ids []string
	var nodes []graph.Node
	opts := graph.ListOptions{Filter: f, OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	for {
		p, err := store.List(ctx, k, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("list %s: %w", k, err)
		}
		for _, n := range p.Items {
			ids = append(ids, n.NodeID())
			nodes = append(nodes, n)
		}
		if !p.HasNextPage || len(p.Cursors) == 0 {
			return ids, nodes, nil
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
}

// pathwayContext reads what the engine needs for a learner and a role.
func (r *Resolver) pathwayContext(ctx context.Context, learnerField, learnerID, roleField, roleID string) (*graph.PathwayContext, error) {
	lk, err := keyOf(learnerField, learnerID, graph.KindLearner)
	if err != nil {
		return nil, err
	}
	rk, err := keyOf(roleField, roleID, graph.KindJobRole)
	if err != nil {
		return nil, err
	}
	pc, err := r.Store.PathwayContext(ctx, lk, rk)
	if err != nil {
		return nil, fmt.Errorf("pathway context: %w", err)
	}
	return pc, nil
}

func (r *Resolver) skillGap(ctx context.Context, learnerID, roleID string) (*model.SkillGap, error) {
	pc, err := r.pathwayContext(ctx, "learnerId", learnerID, "roleId", roleID)
	if err != nil {
		return nil, err
	}
	return &model.SkillGap{GapReport: pathways.Gap(pc), Learner: pc.Learner, Role: pc.Role}, nil
}

// pathwayOptions turns the API's options into the engine's, checking ids against the store.
func (r *Resolver) pathwayOptions(ctx context.Context, in *model.PathwayOptions, learner *graph.Learner) (pathways.Options, error) {
	var o pathways.Options
	if in != nil {
		if in.Objective != nil {
			o.Objective = *in.Objective
		}
		if in.OptionalCoverage != nil {
			o.OptionalCoverage = *in.OptionalCoverage
		}
		o.MaxBudget, o.MaxTotalHours, o.Deadline = in.MaxBudget, in.MaxTotalHours, in.Deadline
		if in.HoursPerWeek != nil {
			o.HoursPerWeek = *in.HoursPerWeek
			if o.HoursPerWeek == 0 {
				return o, graph.Invalid("options.hoursPerWeek", "must be more than 0")
			}
		}
		o.Modalities, o.Languages = in.Modalities, in.Languages
		if in.K != nil {
			o.K = *in.K
			if o.K < 1 {
				return o, graph.Invalid("options.k", "must be between 1 and %d (got %d)", pathways.MaxAlternatives, o.K)
			}
		}
		if in.TimeBudgetMs != nil {
			ms := *in.TimeBudgetMs
			if ms < 1 || time.Duration(ms)*time.Millisecond > pathways.MaxTimeBudget {
				return o, graph.Invalid("options.timeBudgetMs", "must be between 1 and %d (got %d)", pathways.MaxTimeBudget.Milliseconds(), ms)
			}
			o.TimeBudget = time.Duration(ms) * time.Millisecond
		}
		if in.AsOf != nil {
			o.Now = *in.AsOf
		}
		var err error
		if o.Exclude, err = r.existingCredentials(ctx, "options.excludeCredentials", in.ExcludeCredentials); err != nil {
			return o, err
		}
		if o.InProgress, err = r.existingCredentials(ctx, "options.inProgress", in.InProgress); err != nil {
			return o, err
		}
	}
	if learner != nil {
		o = o.WithLearnerDefaults(learner)
	}
	return o, nil
}

// existingCredentials resolves credential ids, BAD_USER_INPUT naming the first unknown one.
func (r *Resolver) existingCredentials(ctx context.Context, field string, ids []string) ([]string, error) {
	keys, err := keysOf(field, ids, graph.KindCredential)
	if err != nil || len(keys) == 0 {
		return keys, err
	}
	found, err := r.Store.GetMany(ctx, graph.KindCredential, keys)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", field, err)
	}
	for i, k := range keys {
		if found[k] == nil {
			return nil, graph.Invalid(indexed(field, i), "no credential %q", k)
		}
	}
	return keys, nil
}

// roleArg picks the role of a query that takes it as roleId or, deprecated, under another
// name: exactly one of them.
func roleArg(roleID, alias *string, aliasName string) (field, id string, err error) {
	switch {
	case roleID != nil && alias != nil:
		return "", "", graph.Invalid(aliasName, "give roleId only (%s is its deprecated name)", aliasName)
	case roleID != nil:
		return "roleId", *roleID, nil
	case alias != nil:
		return aliasName, *alias, nil
	}
	return "", "", graph.Invalid("roleId", "required")
}

func (r *Resolver) recommend(ctx context.Context, learnerID string, roleID, targetRoleID *string, in *model.PathwayOptions) (*model.Recommendation, error) {
	field, role, err := roleArg(roleID, targetRoleID, "targetRoleId")
	if err != nil {
		return nil, err
	}
	pc, err := r.pathwayContext(ctx, "learnerId", learnerID, field, role)
	if err != nil {
		return nil, err
	}
	opts, err := r.pathwayOptions(ctx, in, pc.Learner)
	if err != nil {
		return nil, err
	}
	res, err := pathways.Recommend(ctx, pc, opts)
	if err != nil {
		return nil, fmt.Errorf("recommend pathways: %w", err)
	}
	return &model.Recommendation{Result: res, Learner: pc.Learner, Role: pc.Role}, nil
}

// learnerView reads a learner's holdings and achievements, and the blocks under rootBlocks
// (and under the blocks the learner achieved) with every credential they name: enough to
// evaluate stacking rules for the learner.
func (r *Resolver) learnerView(ctx context.Context, learnerKey string, rootBlocks []string) (*graph.PathwayContext, error) {
	ln, err := r.Store.Get(ctx, graph.KindLearner, learnerKey)
	if err != nil {
		return nil, fmt.Errorf("learner: %w", err)
	}
	if err := r.authorize(ctx, access.Plan, ln); err != nil {
		return nil, err
	}
	pc := &graph.PathwayContext{Learner: ln.(*graph.Learner), Competencies: map[string]*graph.Competency{}}
	has, err := r.Store.Edges(ctx, graph.RelHas, graph.Outgoing, []string{learnerKey}, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	pc.Holdings = has[learnerKey]
	_, achNodes, err := allIDs(ctx, r.Store, graph.KindAchievement, graph.Filter{LearnerIDs: []string{learnerKey}})
	if err != nil {
		return nil, err
	}
	var credIDs []string
	roots := append([]string(nil), rootBlocks...)
	for _, n := range achNodes {
		a := n.(*graph.Achievement)
		pc.Achievements = append(pc.Achievements, a)
		if a.CredentialID != "" {
			credIDs = append(credIDs, a.CredentialID)
		} else {
			roots = append(roots, a.BlockID)
		}
	}
	blocks, creds, err := graph.BlockClosure(ctx, r.Store, roots)
	if err != nil {
		return nil, err
	}
	more, err := r.Store.GetMany(ctx, graph.KindCredential, credIDs)
	if err != nil {
		return nil, fmt.Errorf("credentials: %w", err)
	}
	for id, n := range more {
		creds[id] = n.(*graph.Credential)
	}
	pc.Blocks, pc.Credentials = blocks, creds
	ids := make([]string, 0, len(creds))
	for id := range creds {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	cert, err := r.Store.Edges(ctx, graph.RelCertifies, graph.Outgoing, ids, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("certifies: %w", err)
	}
	for _, id := range ids {
		pc.Certifies = append(pc.Certifies, cert[id]...)
	}
	return pc, nil
}

func (r *Resolver) blockProgress(ctx context.Context, learnerID, blockID string) (*pathways.BlockStatus, error) {
	lk, err := keyOf("learnerId", learnerID, graph.KindLearner)
	if err != nil {
		return nil, err
	}
	bk, err := keyOf("blockId", blockID, graph.KindBlock)
	if err != nil {
		return nil, err
	}
	if _, err := r.Store.Get(ctx, graph.KindBlock, bk); err != nil {
		return nil, fmt.Errorf("block progress: %w", err)
	}
	pc, err := r.learnerView(ctx, lk, []string{bk})
	if err != nil {
		return nil, err
	}
	st, err := pathways.BlockProgress(pathways.CatalogFrom(pc), pathways.HoldingsFrom(pc), bk, pathways.ObjectiveHours)
	if err != nil {
		return nil, fmt.Errorf("block progress: %w", err)
	}
	return st, nil
}

func (r *Resolver) blocksCompletedBy(ctx context.Context, ids []string) ([]*graph.Block, error) {
	if len(ids) > maxCompletedInput {
		return nil, graph.Invalid("credentialIds", "at most %d credentials", maxCompletedInput)
	}
	keys, err := r.existingCredentials(ctx, "credentialIds", ids)
	if err != nil {
		return nil, err
	}
	// The blocks above the credentials, transitively; then everything under those blocks.
	roots, err := graph.BlocksAbove(ctx, r.Store, keys)
	if err != nil {
		return nil, err
	}
	blocks, creds, err := graph.BlockClosure(ctx, r.Store, roots)
	if err != nil {
		return nil, err
	}
	done := pathways.BlocksCompletedBy(pathways.Catalog{Credentials: creds, Blocks: blocks}, keys)
	out := make([]*graph.Block, 0, len(done))
	for _, id := range done {
		if b := blocks[id]; b != nil {
			out = append(out, b)
		}
	}
	return out, nil
}

func fitLimit(first *int) (int, error) {
	n := 10
	if first != nil {
		n = *first
	}
	if n < 0 || n > maxFitResults {
		return 0, graph.Invalid("first", "must be between 0 and %d", maxFitResults)
	}
	return n, nil
}

func (r *Resolver) roleFit(ctx context.Context, learnerID string, first *int) ([]*model.RoleFit, error) {
	n, err := fitLimit(first)
	if err != nil {
		return nil, err
	}
	lk, err := keyOf("learnerId", learnerID, graph.KindLearner)
	if err != nil {
		return nil, err
	}
	pc, err := r.learnerView(ctx, lk, nil)
	if err != nil {
		return nil, err
	}
	ix, err := r.fitIndex(ctx)
	if err != nil {
		return nil, err
	}
	scores := ix.RoleFit(pathways.HoldingsFrom(pc).Levels, n)
	roleIDs := make([]string, len(scores))
	for i, s := range scores {
		roleIDs[i] = s.RoleID
	}
	roles, err := r.Store.GetMany(ctx, graph.KindJobRole, roleIDs)
	if err != nil {
		return nil, fmt.Errorf("role fit: %w", err)
	}
	out := make([]*model.RoleFit, 0, len(scores))
	var wg sync.WaitGroup
	for i, s := range scores {
		role, ok := roles[s.RoleID].(*graph.JobRole)
		if !ok {
			continue // deleted since the index was built
		}
		fit := &model.RoleFit{Role: role, WeightedCoverage: s.WeightedCoverage, EssentialCoverage: s.EssentialCoverage,
			MetCount: s.MetCount, TotalCount: s.TotalCount}
		if i < fitPathwayRoles {
			// The few pathways are independent reads and searches: side by side, a slow
			// store costs one of them, not their sum.
			wg.Go(func() {
				if h, ok := r.pathwayHours(ctx, lk, s.RoleID); ok {
					fit.PathwayHours = &h
				}
			})
		}
		out = append(out, fit)
	}
	wg.Wait()
	return out, nil
}

// pathwayHours is the hours of the best pathway from a learner to a role under a short budget;
// false when there is none to give.
func (r *Resolver) pathwayHours(ctx context.Context, learnerKey, roleID string) (float64, bool) {
	pc, err := r.Store.PathwayContext(ctx, learnerKey, roleID)
	if err != nil {
		return 0, false
	}
	opts, err := r.pathwayOptions(ctx, nil, pc.Learner)
	if err != nil {
		return 0, false
	}
	opts.TimeBudget = fitPathwayBudget
	res, err := pathways.Recommend(ctx, pc, opts)
	if err != nil || len(res.Pathways) == 0 {
		return 0, false
	}
	return res.Pathways[0].TotalHours, true
}

func (r *Resolver) candidates(ctx context.Context, roleID string, first *int) ([]*model.Candidate, error) {
	n, err := fitLimit(first)
	if err != nil {
		return nil, err
	}
	rk, err := keyOf("roleId", roleID, graph.KindJobRole)
	if err != nil {
		return nil, err
	}
	if _, err := r.Store.Get(ctx, graph.KindJobRole, rk); err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	if err := r.authorize(ctx, access.Search, nil); err != nil {
		return nil, err
	}
	ix, err := r.fitIndex(ctx)
	if err != nil {
		return nil, err
	}
	levels, learners, err := r.openLearners(ctx)
	if err != nil {
		return nil, err
	}
	scores := ix.Candidates(rk, levels, n)
	out := make([]*model.Candidate, 0, len(scores))
	for _, s := range scores {
		out = append(out, &model.Candidate{Learner: learners[s.LearnerID], WeightedCoverage: s.WeightedCoverage,
			EssentialCoverage: s.EssentialCoverage, MetCount: s.MetCount, TotalCount: s.TotalCount})
	}
	return out, nil
}

// competencyOf loads a competency the engine names; it must exist.
func (r *Resolver) competencyOf(ctx context.Context, id string) (*graph.Competency, error) {
	c, err := typed[*graph.Competency](ctx, r.loaders(ctx), graph.KindCompetency, id)
	if err == nil && c == nil {
		err = graph.Internal(fmt.Errorf("competency %q missing", id))
	}
	return c, err
}

// credentialOf loads a credential the engine named: missing, it is an internal error.
func (r *Resolver) credentialOf(ctx context.Context, id string) (*graph.Credential, error) {
	c, err := typed[*graph.Credential](ctx, r.loaders(ctx), graph.KindCredential, id)
	if err == nil && c == nil {
		err = graph.Internal(fmt.Errorf("credential %q missing", id))
	}
	return c, err
}

// coverageMatrix reads the role's catalogue (nothing personal) and asks the engine for its
// coverage: bounded by the role's requirements and first columns, with the engine's default
// search budget.
func (r *Resolver) coverageMatrix(ctx context.Context, roleID string, first *int, objective *pathways.Objective) (*model.CoverageMatrix, error) {
	rk, err := keyOf("roleId", roleID, graph.KindJobRole)
	if err != nil {
		return nil, err
	}
	n := 50
	if first != nil {
		n = *first
	}
	var opts pathways.Options
	if objective != nil {
		opts.Objective = *objective
	}
	pc, err := graph.ReadRoleContext(ctx, r.Store, rk)
	if err != nil {
		return nil, fmt.Errorf("coverage matrix: %w", err)
	}
	cov, err := pathways.CoverageMatrix(ctx, pc, n, opts)
	if err != nil {
		return nil, err
	}
	out := &model.CoverageMatrix{RoleCoverage: cov, Role: pc.Role}
	inCheapest := map[string]bool{}
	if cov.Cheapest != nil {
		for _, st := range cov.Cheapest.Steps {
			inCheapest[st.CredentialID] = true
		}
	}
	for _, c := range cov.Columns {
		out.Columns = append(out.Columns, &model.CoverageColumn{CoverageColumn: c, InCheapest: inCheapest[c.CredentialID]})
	}
	return out, nil
}

// credentialsOrBlocks loads nodes named by id that are credentials or blocks (block components,
// achievement subjects), in the order of ids, leaving out those that do not exist.
func (r *Resolver) credentialsOrBlocks(ctx context.Context, ids []string) ([]graph.Node, error) {
	byID, err := r.credentialOrBlockByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]graph.Node, 0, len(ids))
	for _, id := range ids {
		if n, ok := byID[id]; ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// credentialOrBlockByID asks both loaders, one batch each: an id alone does not say its kind.
func (r *Resolver) credentialOrBlockByID(ctx context.Context, ids []string) (map[string]graph.Node, error) {
	l := r.loaders(ctx)
	creds, err := l.nodesOf(ctx, graph.KindCredential, ids)
	if err != nil {
		return nil, err
	}
	blocks, err := l.nodesOf(ctx, graph.KindBlock, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]graph.Node, len(creds)+len(blocks))
	for _, n := range append(creds, blocks...) {
		byID[n.NodeID()] = n
	}
	return byID, nil
}

// langOf is the language an argument asks for; English when it is absent.
func langOf(l *model.Language) i18n.Lang {
	if l != nil && *l == model.LanguageFr {
		return i18n.French
	}
	return i18n.English
}
