package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// sortExpr is the Cypher expression a List sorts by, matching graph.SortValue: strings for
// names, ids and times (stored as graph.FormatTime), numbers for credential figures (absent
// means 0, as the zero value omitted from the JSON).
func sortExpr(f graph.OrderField) (expr string, numeric bool) {
	switch f {
	case graph.OrderByID:
		return "n.id", false
	case graph.OrderByCreatedAt:
		return "n.createdAt", false
	case graph.OrderByUpdatedAt:
		return "n.updatedAt", false
	case graph.OrderByIssuedAt:
		return "n.issuedAt", false
	case graph.OrderByHours:
		return "coalesce(n.hours, 0)", true
	case graph.OrderByPrice:
		return "coalesce(n.price, 0)", true
	case graph.OrderByECTS:
		return "coalesce(n.ects, 0)", true
	case graph.OrderByEQFLevel:
		return "coalesce(n.eqfLevel, 0)", true
	}
	return "n._name", false
}

// filterClauses turns a Filter into WHERE conditions on n and their parameters.
func filterClauses(f graph.Filter) ([]string, map[string]any) {
	var where []string
	params := map[string]any{}
	add := func(clause, name string, v any) {
		where = append(where, clause)
		params[name] = v
	}
	if len(f.IDs) > 0 {
		add("n.id IN $ids", "ids", f.IDs)
	}
	if terms := graph.TextTerms(f.Text); len(terms) > 0 {
		// Terms hold no whitespace, so a term inside _labels lies inside one label.
		add("all(t IN $terms WHERE toLower(n._name) CONTAINS t OR toLower(coalesce(n._labels, '')) CONTAINS t)", "terms", terms)
	}
	if len(f.FrameworkIDs) > 0 {
		add("n.frameworkId IN $frameworkIds", "frameworkIds", f.FrameworkIDs)
	}
	if len(f.CompetencyTypes) > 0 {
		add("n.type IN $competencyTypes", "competencyTypes", toStrings(f.CompetencyTypes))
	}
	if len(f.ReuseLevels) > 0 {
		add("n.reuseLevel IN $reuseLevels", "reuseLevels", toStrings(f.ReuseLevels))
	}
	if len(f.OrganizationIDs) > 0 {
		add("n.organizationId IN $organizationIds", "organizationIds", f.OrganizationIDs)
	}
	if f.EQFMin != 0 {
		add("coalesce(n.eqfLevel, 0) >= $eqfMin", "eqfMin", int64(f.EQFMin))
	}
	if f.EQFMax != 0 {
		add("coalesce(n.eqfLevel, 0) <= $eqfMax", "eqfMax", int64(f.EQFMax))
	}
	if len(f.Modalities) > 0 {
		add("n.modality IN $modalities", "modalities", toStrings(f.Modalities))
	}
	if len(f.AssessmentTypes) > 0 {
		add("any(a IN coalesce(n.assessmentTypes, []) WHERE a IN $assessmentTypes)", "assessmentTypes", toStrings(f.AssessmentTypes))
	}
	if len(f.Languages) > 0 {
		add("n.language IN $languages", "languages", f.Languages)
	}
	if f.PriceMin != nil {
		add("coalesce(n.price, 0) >= $priceMin", "priceMin", *f.PriceMin)
	}
	if f.PriceMax != nil {
		add("coalesce(n.price, 0) <= $priceMax", "priceMax", *f.PriceMax)
	}
	if f.HoursMin != nil {
		add("coalesce(n.hours, 0) >= $hoursMin", "hoursMin", *f.HoursMin)
	}
	if f.HoursMax != nil {
		add("coalesce(n.hours, 0) <= $hoursMax", "hoursMax", *f.HoursMax)
	}
	if f.Certifies != nil {
		where = append(where, "EXISTS { MATCH (n)-[r:CERTIFIES]->(c:Node {id: $certifiesId}) WHERE c:Competency AND r.level >= $certifiesLevel }")
		params["certifiesId"] = f.Certifies.CompetencyID
		params["certifiesLevel"] = int64(f.Certifies.MinLevel)
	}
	if f.Certification != nil {
		add("coalesce(n.certification, false) = $certification", "certification", *f.Certification)
	}
	if f.Requires != nil {
		where = append(where, "EXISTS { MATCH (n)-[r:REQUIRES]->(c:Node {id: $requiresId}) WHERE c:Competency AND ($importance = '' OR r.importance = $importance) }")
		params["requiresId"] = f.Requires.CompetencyID
		params["importance"] = string(f.Requires.Importance)
	}
	if f.OpenToOpportunities != nil {
		add("coalesce(n.openToOpportunities, false) = $open", "open", *f.OpenToOpportunities)
	}
	if f.AdvisorID != "" {
		add("n.advisorId = $advisorId", "advisorId", f.AdvisorID)
	}
	if len(f.LearnerIDs) > 0 {
		add("n.learnerId IN $learnerIds", "learnerIds", f.LearnerIDs)
	}
	if len(f.SubjectIDs) > 0 {
		add("coalesce(n.credentialId, n.blockId) IN $subjectIds", "subjectIds", f.SubjectIDs)
	}
	if len(f.Statuses) > 0 {
		add("n.status IN $statuses", "statuses", toStrings(f.Statuses))
	}
	if f.IdempotencyKey != "" {
		add("n.idempotencyKey = $idempotencyKey", "idempotencyKey", f.IdempotencyKey)
	}
	return where, params
}

func toStrings[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = string(x)
	}
	return out
}

// List returns one page of the nodes of kind k matching opts.Filter, in opts.OrderBy order,
// with ties broken by id. EINVALID for a malformed or foreign cursor ("after"/"before"), a
// filter that does not apply to k ("filter.<field>"), a bad order ("orderBy") or page size
// ("first"/"last"); EINTERNAL on failure.
func (s *Store) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	size, backward, err := graph.CheckListOptions(k, opts)
	if err != nil {
		return nil, wrap("List", err)
	}
	order := opts.OrderBy.Normalized()
	expr, numeric := sortExpr(order.Field)

	where, params := filterClauses(opts.Filter)
	match := fmt.Sprintf("MATCH (n:%s)", k)
	if len(opts.Filter.IDs) > 0 {
		// Seek the ids through the :Node(id) constraint's index.
		match = "MATCH (n:Node)"
		where = append(where, "n:"+string(k))
	}
	countQuery := match + whereClause(where) + " RETURN count(n) AS c"
	pageMatch := match
	if order.Field == graph.OrderByName && len(opts.Filter.IDs) == 0 {
		// Walk the name index in order and stop at the page's end, rather than sort every
		// match: the planner prefers a filter's index, which returns them all unordered.
		pageMatch = fmt.Sprintf("MATCH (n:%s) USING INDEX n:%s(_name)", k, k)
		where = append(where, "n._name IS NOT NULL")
	}

	// The page is read in the direction of travel: forward in order, backward in reverse order
	// (then flipped). Ties go by id in the order's direction, so that the key (value, id) is
	// one total order and a cursor is a plain tuple comparison. The cursor bounds the list on
	// its side (after or before it, in order), whichever way the page is read.
	desc := order.Desc != backward
	field, cursorText, above := "after", opts.After, !order.Desc
	if opts.Before != "" {
		field, cursorText, above = "before", opts.Before, order.Desc
	}
	pageWhere := where
	if cursorText != "" {
		c, err := graph.DecodeCursor(field, cursorText, order)
		if err != nil {
			return nil, wrap("List", err)
		}
		if _, isNum := c.Value.(float64); isNum != numeric {
			return nil, wrap("List", graph.Invalid(field, "malformed cursor"))
		}
		op := "<"
		if above {
			op = ">"
		}
		pageWhere = append(slices.Clone(where), fmt.Sprintf("(%[1]s %[2]s $cv OR (%[1]s = $cv AND n.id %[2]s $cid))", expr, op))
		params["cv"], params["cid"] = c.Value, c.ID
	}
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	pageQuery := fmt.Sprintf("%s%s RETURN n ORDER BY %s %s, n.id %s LIMIT $limit", pageMatch, whereClause(pageWhere), expr, dir, dir)
	params["limit"] = int64(size + 1)

	type result struct {
		nodes []graph.Node
		total int64
	}
	read := func(ctx context.Context, tx runner) (result, error) {
		out := result{total: -1}
		recs, err := collect(ctx, tx, pageQuery, params)
		if err != nil {
			return out, err
		}
		for _, r := range recs {
			v, _ := r.Get("n")
			n, err := nodeValue(v)
			if err != nil {
				return out, err
			}
			out.nodes = append(out.nodes, n)
		}
		if opts.SkipTotal {
			return out, nil
		}
		recs, err = collect(ctx, tx, countQuery, params)
		if err != nil || len(recs) == 0 {
			return out, err
		}
		out.total, err = get[int64](recs[0], "c")
		return out, err
	}
	var res result
	if opts.SkipTotal {
		res, err = readOne(ctx, s, read) // one statement: one round trip
	} else {
		res, err = readTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (result, error) { return read(ctx, tx) })
	}
	if err != nil {
		return nil, wrap("List", err)
	}

	nodes := res.nodes
	more := len(nodes) > size
	if more {
		nodes = nodes[:size]
	}
	page := &graph.Page{Items: nodes, TotalCount: int(res.total)}
	if backward {
		slices.Reverse(nodes)
		page.HasPreviousPage, page.HasNextPage = more, opts.Before != ""
	} else {
		page.HasNextPage, page.HasPreviousPage = more, opts.After != ""
	}
	page.Cursors = make([]string, len(nodes))
	for i, n := range nodes {
		page.Cursors[i] = graph.EncodeCursor(graph.Cursor{Order: order, Value: graph.SortValue(n, order.Field), ID: n.NodeID()})
	}
	if page.Items == nil {
		page.Items = []graph.Node{}
	}
	return page, nil
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}
