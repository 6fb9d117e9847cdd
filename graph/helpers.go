package graph

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Cursor is the decoded form of a List cursor: the sort value and id of the last item seen,
// and the order it was taken in.
type Cursor struct {
	Order OrderBy `json:"o"`
	Value any     `json:"v"` // string, or float64 for numbers (times are RFC 3339 strings)
	ID    string  `json:"i"`
}

// EncodeCursor returns an opaque cursor.
func EncodeCursor(c Cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor parses a cursor taken under order. EINVALID (field) when it is malformed or
// was taken under another order.
func DecodeCursor(field, s string, order OrderBy) (Cursor, error) {
	var c Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.ID == "" {
		return Cursor{}, Invalid(field, "malformed cursor")
	}
	if c.Order.Field == "" {
		c.Order.Field = OrderByName
	}
	if c.Order != order.Normalized() {
		return Cursor{}, Invalid(field, "cursor was taken under another order")
	}
	switch c.Value.(type) {
	case string, float64:
	default:
		return Cursor{}, Invalid(field, "malformed cursor")
	}
	return c, nil
}

// Normalized returns the order with its default field filled in.
func (o OrderBy) Normalized() OrderBy {
	if o.Field == "" {
		o.Field = OrderByName
	}
	return o
}

// SortValue returns the value a node sorts by under field: a string (names, ids, RFC 3339
// times in UTC with millisecond precision, which sort as strings) or a float64.
func SortValue(n Node, field OrderField) any {
	m := n.meta()
	switch field {
	case OrderByID:
		return m.ID
	case OrderByCreatedAt:
		return FormatTime(m.CreatedAt)
	case OrderByUpdatedAt:
		return FormatTime(m.UpdatedAt)
	}
	switch v := n.(type) {
	case *Credential:
		switch field {
		case OrderByHours:
			return v.Hours
		case OrderByPrice:
			return v.Price
		case OrderByECTS:
			return v.ECTS
		case OrderByEQFLevel:
			return float64(v.EQFLevel)
		}
	case *Achievement:
		if field == OrderByIssuedAt {
			return FormatTime(v.IssuedAt)
		}
	}
	return n.DisplayName()
}

// CheckOrder returns EINVALID ("orderBy") when field cannot order nodes of kind k.
func CheckOrder(k Kind, o OrderBy) error {
	switch o.Normalized().Field {
	case OrderByName, OrderByID, OrderByCreatedAt, OrderByUpdatedAt:
		return nil
	case OrderByHours, OrderByPrice, OrderByECTS, OrderByEQFLevel:
		if k == KindCredential {
			return nil
		}
	case OrderByIssuedAt:
		if k == KindAchievement {
			return nil
		}
	default:
		return Invalid("orderBy", "unknown order field %q", string(o.Field))
	}
	return Invalid("orderBy", "%s cannot order %s nodes", o.Field, k)
}

// CheckListOptions validates everything in opts that does not need the store: page sizes,
// the order, and which filters apply to kind k. It returns the page size and whether the
// page goes backward.
func CheckListOptions(k Kind, opts ListOptions) (size int, backward bool, err error) {
	if !k.Valid() {
		return 0, false, Invalid("kind", "unknown kind %q", string(k))
	}
	if opts.First != 0 && opts.Last != 0 {
		return 0, false, Invalid("last", "set first or last, not both")
	}
	if opts.After != "" && opts.Before != "" {
		return 0, false, Invalid("before", "set after or before, not both")
	}
	if opts.First < 0 || opts.First > MaxPageSize {
		return 0, false, Invalid("first", "must be between 0 and %d (got %d)", MaxPageSize, opts.First)
	}
	if opts.Last < 0 || opts.Last > MaxPageSize {
		return 0, false, Invalid("last", "must be between 0 and %d (got %d)", MaxPageSize, opts.Last)
	}
	if err := CheckOrder(k, opts.OrderBy); err != nil {
		return 0, false, err
	}
	if err := CheckFilter(k, opts.Filter); err != nil {
		return 0, false, err
	}
	switch {
	case opts.Last > 0:
		return opts.Last, true, nil
	case opts.First > 0:
		return opts.First, false, nil
	case opts.Before != "":
		return DefaultPageSize, true, nil
	}
	return DefaultPageSize, false, nil
}

// CheckFilter returns EINVALID ("filter.<field>") for a filter field that does not apply to
// kind k, or a malformed value.
func CheckFilter(k Kind, f Filter) error {
	type rule struct {
		set   bool
		name  string
		kinds []Kind
	}
	rules := []rule{
		{f.Text != "", "text", []Kind{KindCompetency, KindFramework, KindOrganization, KindCredential, KindBlock, KindJobRole, KindLearner}},
		{len(f.FrameworkIDs) > 0, "frameworkIds", []Kind{KindCompetency, KindJobRole}},
		{len(f.CompetencyTypes) > 0, "competencyTypes", []Kind{KindCompetency}},
		{len(f.ReuseLevels) > 0, "reuseLevels", []Kind{KindCompetency}},
		{len(f.OrganizationIDs) > 0, "organizationIds", []Kind{KindCredential, KindBlock, KindJobRole}},
		{f.EQFMin != 0, "eqfMin", []Kind{KindCredential}},
		{f.EQFMax != 0, "eqfMax", []Kind{KindCredential}},
		{len(f.Modalities) > 0, "modalities", []Kind{KindCredential}},
		{len(f.AssessmentTypes) > 0, "assessmentTypes", []Kind{KindCredential}},
		{len(f.Languages) > 0, "languages", []Kind{KindCredential}},
		{f.PriceMin != nil, "priceMin", []Kind{KindCredential}},
		{f.PriceMax != nil, "priceMax", []Kind{KindCredential}},
		{f.HoursMin != nil, "hoursMin", []Kind{KindCredential}},
		{f.HoursMax != nil, "hoursMax", []Kind{KindCredential}},
		{f.Certifies != nil, "certifies", []Kind{KindCredential}},
		{f.Certification != nil, "certification", []Kind{KindBlock}},
		{f.Requires != nil, "requires", []Kind{KindJobRole}},
		{f.OpenToOpportunities != nil, "openToOpportunities", []Kind{KindLearner}},
		{f.AdvisorID != "", "advisorId", []Kind{KindLearner}},
		{len(f.LearnerIDs) > 0, "learnerIds", []Kind{KindAchievement}},
		{len(f.SubjectIDs) > 0, "subjectIds", []Kind{KindAchievement}},
		{len(f.Statuses) > 0, "statuses", []Kind{KindAchievement}},
		{f.IdempotencyKey != "", "idempotencyKey", []Kind{KindAchievement}},
	}
	for _, r := range rules {
		if !r.set {
			continue
		}
		ok := false
		for _, x := range r.kinds {
			ok = ok || x == k
		}
		if !ok {
			return Invalid("filter."+r.name, "does not apply to %s", k)
		}
	}
	if f.EQFMin < 0 || f.EQFMin > MaxEQF {
		return Invalid("filter.eqfMin", "must be between 0 and %d", MaxEQF)
	}
	if f.EQFMax < 0 || f.EQFMax > MaxEQF {
		return Invalid("filter.eqfMax", "must be between 0 and %d", MaxEQF)
	}
	if f.Certifies != nil {
		if err := ValidateID("filter.certifies.competencyId", f.Certifies.CompetencyID); err != nil {
			return err
		}
		if f.Certifies.MinLevel != 0 {
			if err := ValidateLevel("filter.certifies.minLevel", f.Certifies.MinLevel); err != nil {
				return err
			}
		}
	}
	if f.Requires != nil {
		if err := ValidateID("filter.requires.competencyId", f.Requires.CompetencyID); err != nil {
			return err
		}
		if err := oneOf("filter.requires.importance", f.Requires.Importance, true, Essential, Optional); err != nil {
			return err
		}
	}
	return nil
}

// TextTerms splits a Filter.Text into its lower-cased, whitespace-separated terms.
func TextTerms(s string) []string { return strings.Fields(strings.ToLower(s)) }

// MaxSearchTerms bounds the words of a search (each is three clauses of a Lucene query on
// Neo4j, which refuses more than 1024).
const MaxSearchTerms = 64

// CheckSearchQuery validates q as the Search contract says: EINVALID ("query") when q.Text
// holds no term or more than MaxSearchTerms, ("kinds") for a kind that is not searchable,
// ("limit") for a limit outside 0..MaxSearchLimit. It returns the terms, the kinds to search
// (every searchable kind when q names none) and the limit (DefaultSearchLimit for 0).
func CheckSearchQuery(q SearchQuery) (terms []string, kinds []Kind, limit int, err error) {
	terms = SearchTerms(q.Text)
	if len(terms) == 0 {
		return nil, nil, 0, Invalid("query", "holds no word to search for")
	}
	if len(terms) > MaxSearchTerms {
		return nil, nil, 0, Invalid("query", "must hold at most %d words (got %d)", MaxSearchTerms, len(terms))
	}
	for _, k := range q.Kinds {
		if !slices.Contains(SearchableKinds, k) {
			return nil, nil, 0, Invalid("kinds", "%q is not a searchable kind", string(k))
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		kinds = slices.Clone(SearchableKinds)
	}
	limit = q.Limit
	if limit < 0 || limit > MaxSearchLimit {
		return nil, nil, 0, Invalid("limit", "must be between 0 and %d (got %d)", MaxSearchLimit, q.Limit)
	}
	if limit == 0 {
		limit = DefaultSearchLimit
	}
	return terms, kinds, limit, nil
}

// CheckRefs reports a to-one reference or block component of n that does not name a stored
// node of the right kind, as kindOf tells: EINVALID naming the field ("organizationId",
// "components[2]").
func CheckRefs(n Node, kindOf func(id string) (Kind, bool)) error {
	for _, r := range n.Refs() {
		if k, ok := kindOf(r.ID); !ok || k != r.Kind {
			return Invalid(r.Field, "no %s %q", r.Kind, r.ID)
		}
	}
	if b, ok := n.(*Block); ok {
		for i, id := range b.Components {
			switch k, ok := kindOf(id); {
			case !ok:
				return Invalid(fmt.Sprintf("components[%d]", i), "no credential or block %q", id)
			case k != KindCredential && k != KindBlock:
				return Invalid(fmt.Sprintf("components[%d]", i), "%q is a %s, not a credential or block", id, k)
			}
		}
	}
	return nil
}

// SameEdge reports whether two edges have the same type, ends and properties (Since compared
// as instants): relinking such an edge changes nothing.
func SameEdge(a, b Edge) bool {
	if (a.Since == nil) != (b.Since == nil) || (a.Since != nil && !a.Since.Equal(*b.Since)) {
		return false
	}
	a.Since, b.Since = nil, nil
	return a == b
}
