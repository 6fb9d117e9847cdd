package resolvers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// roleFromOccupation creates an employer's role as a copy of an occupation and its
// requirements, in one store write, so that no one ever sees the role without them.
func (r *Resolver) roleFromOccupation(ctx context.Context, in model.CreateJobRoleFromOccupationInput) (*graph.JobRole, error) {
	const op = "create job role from occupation"
	var occID string
	switch {
	case (in.OccupationID == nil) == (in.EscoURI == nil):
		return nil, graph.Invalid("input.occupationId", "give occupationId or escoUri, not both")
	case in.OccupationID != nil:
		key, err := keyOf("input.occupationId", *in.OccupationID, graph.KindJobRole)
		if err != nil {
			return nil, err
		}
		occID = key
	default:
		uri := strings.TrimSpace(*in.EscoURI)
		if !strings.Contains(uri, "data.europa.eu/esco/occupation/") {
			return nil, graph.Invalid("input.escoUri", "%q is not an ESCO occupation URI (http://data.europa.eu/esco/occupation/…)", uri)
		}
		occID = graph.ESCOConceptID(uri)
	}
	n, err := r.Store.Get(ctx, graph.KindJobRole, occID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	occ := n.(*graph.JobRole)
	role := &graph.JobRole{Title: occ.Title, Description: occ.Description, AltLabels: slices.Clone(occ.AltLabels),
		ISCOGroup: occ.ISCOGroup, AlignmentURI: occ.AlignmentURI, Code: occ.Code}
	switch {
	case in.OrganizationID != nil:
		if role.OrganizationID, err = keyOf("input.organizationId", *in.OrganizationID, graph.KindOrganization); err != nil {
			return nil, err
		}
	case access.FromContext(ctx) != nil && access.FromContext(ctx).Role == access.RoleEmployer:
		role.OrganizationID = access.FromContext(ctx).Org
	case access.FromContext(ctx) != nil && access.FromContext(ctx).Role == access.RoleAdmin:
		return nil, graph.Invalid("input.organizationId", "required: the organisation offering the role")
	}
	if in.Key != nil {
		role.ID = *in.Key
	}
	if in.Title != nil {
		role.Title = *in.Title
	}
	if in.Description != nil {
		role.Description = *in.Description
	}
	reqs, err := r.Store.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, []string{occ.ID}, graph.EdgeFilter{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	edges := make([]graph.Edge, 0, len(reqs[occ.ID]))
	for _, e := range reqs[occ.ID] {
		e.From = ""
		edges = append(edges, e)
	}
	created, err := r.Store.CreateWithEdges(ctx, role, edges)
	if err != nil {
		return nil, inputErr(op, err)
	}
	r.changed()
	return created.(*graph.JobRole), nil
}
