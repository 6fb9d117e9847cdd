package resolvers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// maxNested is the most relationships one list of a create input may carry.
const maxNested = 1000

// nestedEdge is a relationship a create input carries, with the input fields it came from so
// that the store's errors ("edges[3].to") can name them.
type nestedEdge struct {
	edge graph.Edge
	item string // the item, e.g. input.certifies[2]
	to   string // the field naming the other end, e.g. input.certifies[2].competencyId
}

// nestedFields lists, per kind, the create input fields that carry relationships.
var nestedFields = map[graph.Kind][]string{
	graph.KindCredential: {"certifies", "prerequisites", "requiredCompetencies"},
	graph.KindJobRole:    {"requirements"},
	graph.KindLearner:    {"holdings", "targets"},
}

// takeNested removes the relationship fields from a create input of kind k and returns the
// edges they name, from the node with id from. BAD_USER_INPUT naming the item for an id that is
// not one, a list longer than maxNested, or a level or weight out of range.
func takeNested(k graph.Kind, from string, in map[string]any) ([]nestedEdge, error) {
	var out []nestedEdge
	add := func(field string, i int, t graph.RelType, to, toField string, target graph.Kind, e graph.Edge) error {
		item := indexed("input."+field, i)
		if toField != "" {
			toField = item + "." + toField
		} else {
			toField = item
		}
		key, err := keyOf(toField, to, target)
		if err != nil {
			return err
		}
		e.Type, e.From, e.To = t, from, key
		out = append(out, nestedEdge{edge: e, item: item, to: toField})
		return nil
	}
	for _, field := range nestedFields[k] {
		v, ok := in[field]
		delete(in, field)
		if !ok || v == nil {
			continue
		}
		var err error
		switch l := v.(type) {
		case []*model.CompetencyLevelInput:
			err = tooMany(field, len(l))
			t := graph.RelCertifies
			if field == "requiredCompetencies" {
				t = graph.RelRequiresCompetency
			}
			for i, c := range l {
				e := graph.Edge{}
				if err == nil {
					e.Level, err = level(indexed("input."+field, i), c.Level)
				}
				if err == nil {
					err = add(field, i, t, c.CompetencyID, "competencyId", graph.KindCompetency, e)
				}
			}
		case []*model.RoleRequirementInput:
			err = tooMany(field, len(l))
			for i, r := range l {
				e := graph.Edge{}
				if err == nil {
					e.Level, err = level(indexed("input."+field, i), r.Level)
				}
				if err == nil && r.Weight != nil {
					if !(*r.Weight > 0) {
						err = graph.Invalid(indexed("input."+field, i)+".weight", "must be greater than 0 and at most 1000 (got %g)", *r.Weight)
					}
					e.Weight = *r.Weight
				}
				if r.Importance != nil {
					e.Importance = *r.Importance
				}
				if err == nil {
					err = add(field, i, graph.RelRoleRequires, r.CompetencyID, "competencyId", graph.KindCompetency, e)
				}
			}
		case []*model.HoldingInput:
			err = tooMany(field, len(l))
			for i, h := range l {
				e := graph.Edge{Since: h.Since}
				if err == nil {
					e.Level, err = level(indexed("input."+field, i), h.Level)
				}
				if h.Source != nil {
					e.Source = *h.Source
				}
				if err == nil {
					err = add(field, i, graph.RelHas, h.CompetencyID, "competencyId", graph.KindCompetency, e)
				}
			}
		case []string:
			err = tooMany(field, len(l))
			t, target := graph.RelPrerequisite, graph.KindCredential
			if field == "targets" {
				t, target = graph.RelTargets, graph.KindJobRole
			}
			for i, id := range l {
				if err == nil {
					err = add(field, i, t, id, "", target, graph.Edge{})
				}
			}
		default:
			err = graph.Internal(fmt.Errorf("input.%s is a %T", field, v))
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func tooMany(field string, n int) error {
	if n > maxNested {
		return graph.Invalid("input."+field, "at most %d items (got %d)", maxNested, n)
	}
	return nil
}

// level checks a level given in an input: 0 would read as "unset", so it is refused rather
// than stored as the default.
func level(item string, l *int) (int, error) {
	if l == nil {
		return 0, nil
	}
	if err := graph.ValidateLevel(item+".level", *l); err != nil {
		return 0, err
	}
	return *l, nil
}

// createWith creates n with the relationships from it in one store transaction, with the
// rights the separate create and link mutations need: to create n, and to link from it for
// each type (and CERTIFIED holdings for admins only). It returns n as stored.
func (g *guard) createWith(ctx context.Context, n graph.Node, edges []nestedEdge) (graph.Node, error) {
	if err := g.check(ctx, access.Create, n); err != nil {
		return nil, err
	}
	b := graph.Batch{Nodes: []graph.Node{n}, CreateOnly: true}
	checked := map[graph.RelType]bool{}
	for _, ne := range edges {
		e := ne.edge
		if !checked[e.Type] {
			r, err := g.resource(ctx, access.Link, n)
			if err != nil {
				return nil, err
			}
			r.Rel = e.Type
			if err := g.authorize(ctx, access.Link, r); err != nil {
				return nil, err
			}
			checked[e.Type] = true
		}
		if e.Type == graph.RelHas && e.Source == graph.SourceCertified {
			if p := access.FromContext(ctx); p == nil || p.Role != access.RoleAdmin {
				return nil, graph.Invalid(ne.item+".source", "CERTIFIED holdings come from badges; declare DECLARED or ASSESSED")
			}
		}
		b.Edges = append(b.Edges, e)
	}
	if _, err := g.inner.BulkUpsert(ctx, b); err != nil {
		return nil, nestedErr(err, edges)
	}
	return g.inner.Get(ctx, n.NodeKind(), n.NodeID())
}

// nestedErr names the input field behind a batch error: nodes[0].x is input.x (its id is
// input.key), edges[i].to the item's id field, edges[i].x the item's x.
func nestedErr(err error, edges []nestedEdge) error {
	field := graph.ErrorField(err)
	var ge *graph.Error
	if field == "" || !errors.As(err, &ge) {
		return err
	}
	c := *ge
	switch {
	case field == "nodes[0].id" || field == "id":
		c.Field = "input.key"
	case strings.HasPrefix(field, "nodes[0]."):
		c.Field = "input." + strings.TrimPrefix(field, "nodes[0].")
	case strings.HasPrefix(field, "edges["):
		end := strings.IndexByte(field, ']')
		i, convErr := strconv.Atoi(field[len("edges["):max(end, len("edges["))])
		if end < 0 || convErr != nil || i >= len(edges) {
			return err
		}
		rest := strings.TrimPrefix(field[end+1:], ".")
		switch rest {
		case "to":
			c.Field = edges[i].to
		case "", "from":
			c.Field = edges[i].item
		default:
			c.Field = edges[i].item + "." + rest
		}
	default:
		return err
	}
	return &c
}
