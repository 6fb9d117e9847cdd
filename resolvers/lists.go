package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// listPage reads one page of nodes of kind k from the store.
func (r *Resolver) listPage(ctx context.Context, k graph.Kind, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*graph.Page, error) {
	opts, none, err := listOptions(first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	opts.Filter = f
	opts.SkipTotal = !selects(ctx, "totalCount")
	p, err := r.Store.List(ctx, k, opts)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", k, err)
	}
	if none {
		p.HasNextPage = p.HasNextPage || len(p.Items) > 0
		p.Items, p.Cursors = nil, nil
	}
	// Prime the loaders: nested fields asking for these nodes by id need no second read.
	l := r.loaders(ctx)
	for _, n := range p.Items {
		l.nodeLoader(k).Prime(n.NodeID(), n)
	}
	return p, nil
}

// selects reports whether the current field's selection asks for a field of that name,
// through fragments of any type condition: when in doubt, yes. Without a field context (a
// direct call), yes.
func selects(ctx context.Context, name string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return true
	}
	var walk func(ast.SelectionSet, int) bool
	walk = func(set ast.SelectionSet, depth int) bool {
		if depth > 20 {
			return true // fragments nested this deep: do not look further, count
		}
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Name == name {
					return true
				}
			case *ast.InlineFragment:
				if walk(s.SelectionSet, depth+1) {
					return true
				}
			case *ast.FragmentSpread:
				if s.Definition == nil || walk(s.Definition.SelectionSet, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(fc.Field.Selections, 0)
}

// edgesFrom converts a page's items into connection edges of node type T.
func edgesFrom[T graph.Node, E any](p *graph.Page, mk func(cursor string, n T) E) []E {
	out := make([]E, 0, len(p.Items))
	for i, n := range p.Items {
		if t, ok := n.(T); ok {
			out = append(out, mk(p.Cursors[i], t))
		}
	}
	return out
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func competencyFilter(w *model.CompetencyWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	if f.IDs, err = keysOf("where.ids", w.Ids, graph.KindCompetency); err != nil {
		return f, err
	}
	if f.FrameworkIDs, err = keysOf("where.frameworkIds", w.FrameworkIds, graph.KindFramework); err != nil {
		return f, err
	}
	f.Text, f.CompetencyTypes, f.ReuseLevels = str(w.Text), w.Types, w.ReuseLevels
	return f, nil
}

func frameworkFilter(w *model.FrameworkWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	f.IDs, err = keysOf("where.ids", w.Ids, graph.KindFramework)
	f.Text = str(w.Text)
	return f, err
}

func organizationFilter(w *model.OrganizationWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	f.IDs, err = keysOf("where.ids", w.Ids, graph.KindOrganization)
	f.Text = str(w.Text)
	return f, err
}

func credentialFilter(w *model.CredentialWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	if f.IDs, err = keysOf("where.ids", w.Ids, graph.KindCredential); err != nil {
		return f, err
	}
	if f.OrganizationIDs, err = keysOf("where.organizationIds", w.OrganizationIds, graph.KindOrganization); err != nil {
		return f, err
	}
	f.Text, f.Modalities, f.AssessmentTypes, f.Languages = str(w.Text), w.Modalities, w.AssessmentTypes, w.Languages
	if w.EqfLevel != nil {
		if w.EqfLevel.Min != nil {
			if *w.EqfLevel.Min < 1 || *w.EqfLevel.Min > graph.MaxEQF {
				return f, graph.Invalid("where.eqfLevel.min", "must be between 1 and %d", graph.MaxEQF)
			}
			f.EQFMin = *w.EqfLevel.Min
		}
		if w.EqfLevel.Max != nil {
			if *w.EqfLevel.Max < 1 || *w.EqfLevel.Max > graph.MaxEQF {
				return f, graph.Invalid("where.eqfLevel.max", "must be between 1 and %d", graph.MaxEQF)
			}
			f.EQFMax = *w.EqfLevel.Max
		}
	}
	if w.Price != nil {
		f.PriceMin, f.PriceMax = w.Price.Min, w.Price.Max
	}
	if w.Hours != nil {
		f.HoursMin, f.HoursMax = w.Hours.Min, w.Hours.Max
	}
	if w.Certifies != nil {
		id, err := keyOf("where.certifies.competencyId", w.Certifies.CompetencyID, graph.KindCompetency)
		if err != nil {
			return f, err
		}
		f.Certifies = &graph.LevelFilter{CompetencyID: id}
		if w.Certifies.MinLevel != nil {
			f.Certifies.MinLevel = *w.Certifies.MinLevel
		}
	}
	return f, nil
}

func blockFilter(w *model.BlockWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	if f.IDs, err = keysOf("where.ids", w.Ids, graph.KindBlock); err != nil {
		return f, err
	}
	f.OrganizationIDs, err = keysOf("where.organizationIds", w.OrganizationIds, graph.KindOrganization)
	f.Text, f.Certification = str(w.Text), w.Certification
	return f, err
}

func jobRoleFilter(w *model.JobRoleWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	if f.IDs, err = keysOf("where.ids", w.Ids, graph.KindJobRole); err != nil {
		return f, err
	}
	if f.FrameworkIDs, err = keysOf("where.frameworkIds", w.FrameworkIds, graph.KindFramework); err != nil {
		return f, err
	}
	if f.OrganizationIDs, err = keysOf("where.organizationIds", w.OrganizationIds, graph.KindOrganization); err != nil {
		return f, err
	}
	f.Text = str(w.Text)
	if w.Requires != nil {
		id, err := keyOf("where.requires.competencyId", w.Requires.CompetencyID, graph.KindCompetency)
		if err != nil {
			return f, err
		}
		f.Requires = &graph.RequirementFilter{CompetencyID: id}
		if w.Requires.Importance != nil {
			f.Requires.Importance = *w.Requires.Importance
		}
	}
	return f, nil
}

func learnerFilter(w *model.LearnerWhere) (graph.Filter, error) {
	var f graph.Filter
	if w == nil {
		return f, nil
	}
	var err error
	f.IDs, err = keysOf("where.ids", w.Ids, graph.KindLearner)
	f.Text, f.OpenToOpportunities, f.AdvisorID = str(w.Text), w.OpenToOpportunities, str(w.AdvisorID)
	return f, err
}

// Typed connections over store pages.

func (r *Resolver) competencies(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.CompetencyConnection, error) {
	p, err := r.listPage(ctx, graph.KindCompetency, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.CompetencyConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Competency) *model.CompetencyEdge {
			return &model.CompetencyEdge{Cursor: c, Node: n}
		})}, nil
}

func (r *Resolver) frameworks(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.FrameworkConnection, error) {
	p, err := r.listPage(ctx, graph.KindFramework, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.FrameworkConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Framework) *model.FrameworkEdge {
			return &model.FrameworkEdge{Cursor: c, Node: n}
		})}, nil
}

func (r *Resolver) organizations(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.OrganizationConnection, error) {
	p, err := r.listPage(ctx, graph.KindOrganization, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.OrganizationConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Organization) *model.OrganizationEdge {
			return &model.OrganizationEdge{Cursor: c, Node: n}
		})}, nil
}

func (r *Resolver) credentials(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.CredentialConnection, error) {
	p, err := r.listPage(ctx, graph.KindCredential, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.CredentialConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Credential) *model.CredentialEdge {
			return &model.CredentialEdge{Cursor: c, Node: n}
		})}, nil
}

func (r *Resolver) blocks(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.BlockConnection, error) {
	p, err := r.listPage(ctx, graph.KindBlock, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.BlockConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Block) *model.BlockEdge { return &model.BlockEdge{Cursor: c, Node: n} })}, nil
}

func (r *Resolver) jobRoles(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.JobRoleConnection, error) {
	p, err := r.listPage(ctx, graph.KindJobRole, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.JobRoleConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.JobRole) *model.JobRoleEdge { return &model.JobRoleEdge{Cursor: c, Node: n} })}, nil
}

func (r *Resolver) learners(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.LearnerConnection, error) {
	p, err := r.listPage(ctx, graph.KindLearner, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.LearnerConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Learner) *model.LearnerEdge { return &model.LearnerEdge{Cursor: c, Node: n} })}, nil
}

func (r *Resolver) achievements(ctx context.Context, f graph.Filter, first *int, after *string, last *int, before *string, order *model.ListOrder) (*model.AchievementConnection, error) {
	p, err := r.listPage(ctx, graph.KindAchievement, f, first, after, last, before, order)
	if err != nil {
		return nil, err
	}
	return &model.AchievementConnection{PageInfo: storePageInfo(p), TotalCount: p.TotalCount,
		Edges: edgesFrom(p, func(c string, n *graph.Achievement) *model.AchievementEdge {
			return &model.AchievementEdge{Cursor: c, Node: n}
		})}, nil
}
