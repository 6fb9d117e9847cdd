package embedded

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
)

// sortKey names one cached order of one kind.
type sortKey struct {
	kind  graph.Kind
	field graph.OrderField
}

// entry is a node with the value it sorts by (graph.SortValue): str, or num for numeric fields.
type entry struct {
	r   *rec
	id  string
	str string
	num float64
}

func numericField(f graph.OrderField) bool {
	switch f {
	case graph.OrderByHours, graph.OrderByPrice, graph.OrderByECTS, graph.OrderByEQFLevel:
		return true
	}
	return false
}

// compareKey compares (value, id) keys; value is e.str or e.num per numeric.
func compareKey(numeric bool, e *entry, str string, num float64, id string) int {
	var c int
	if numeric {
		c = cmp.Compare(e.num, num)
	} else {
		c = strings.Compare(e.str, str)
	}
	if c != 0 {
		return c
	}
	return strings.Compare(e.id, id)
}

// sorted returns the nodes of kind k in ascending (SortValue(field), id) order. The slice is
// built on first use and kept until a write touches the kind. Callers hold s.mu for reading
// and must not change it.
func (s *Store) sorted(k graph.Kind, field graph.OrderField) []entry {
	key := sortKey{k, field}
	s.cmu.Lock()
	defer s.cmu.Unlock()
	if es, ok := s.cache[key]; ok {
		return es
	}
	numeric := numericField(field)
	es := make([]entry, 0, len(s.byKind[k]))
	for id, r := range s.byKind[k] {
		e := entry{r: r, id: id}
		switch v := graph.SortValue(r.n, field).(type) {
		case string:
			e.str = v
		case float64:
			e.num = v
		}
		es = append(es, e)
	}
	slices.SortFunc(es, func(a, b entry) int { return compareKey(numeric, &a, b.str, b.num, b.id) })
	s.cache[key] = es
	return es
}

// invalidate drops the cached orders of kind k. Callers hold s.mu for writing.
func (s *Store) invalidate(k graph.Kind) {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for key := range s.cache {
		if key.kind == k {
			delete(s.cache, key)
		}
	}
}

// bound is a decoded cursor.
type bound struct {
	str string
	num float64
	id  string
}

func decodeBound(field, text string, order graph.OrderBy) (*bound, error) {
	if text == "" {
		return nil, nil
	}
	c, err := graph.DecodeCursor(field, text, order)
	if err != nil {
		return nil, err
	}
	b := &bound{id: c.ID}
	switch v := c.Value.(type) {
	case string:
		b.str = v
		if numericField(order.Field) {
			return nil, graph.Invalid(field, "malformed cursor")
		}
	case float64:
		b.num = v
		if !numericField(order.Field) {
			return nil, graph.Invalid(field, "malformed cursor")
		}
	}
	return b, nil
}

// List returns one page of the nodes of kind k that match opts.Filter, in opts.OrderBy order
// with ties broken by id. EINVALID for a malformed or foreign cursor ("after"/"before"), a
// filter that does not apply to k ("filter.<field>"), a bad order ("orderBy") or page size
// ("first"/"last"); EINTERNAL once closed.
func (s *Store) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("List", err)
	}
	size, backward, err := graph.CheckListOptions(k, opts)
	if err != nil {
		return nil, wrap("List", err)
	}
	order := opts.OrderBy.Normalized()
	after, err := decodeBound("after", opts.After, order)
	if err != nil {
		return nil, wrap("List", err)
	}
	before, err := decodeBound("before", opts.Before, order)
	if err != nil {
		return nil, wrap("List", err)
	}
	numeric := numericField(order.Field)

	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(); err != nil {
		return nil, wrap("List", err)
	}
	match := s.matcher(opts.Filter)
	es := s.sorted(k, order.Field)

	// Walk the list in the direction of travel: in order forward, in reverse order backward.
	// The cursors bound the window on their side of the order; the page is the first size
	// window items met, and the walk goes on only to count the matches.
	logical := func(e *entry, b *bound) int {
		c := compareKey(numeric, e, b.str, b.num, b.id)
		if order.Desc {
			return -c
		}
		return c
	}
	ascending := order.Desc == backward
	picked := make([]*entry, 0, min(size, len(es)))
	total, more := 0, false
	for i := range es {
		e := &es[i]
		if !ascending {
			e = &es[len(es)-1-i]
		}
		if match != nil && !match(e.r) {
			continue
		}
		total++
		if (after != nil && logical(e, after) <= 0) || (before != nil && logical(e, before) >= 0) {
			continue
		}
		if len(picked) < size {
			picked = append(picked, e)
			continue
		}
		more = true
		if match == nil || opts.SkipTotal {
			break // the total is known, or not wanted
		}
	}
	switch {
	case opts.SkipTotal:
		total = -1
	case match == nil:
		total = len(es)
	}
	if backward {
		slices.Reverse(picked)
	}
	page := &graph.Page{Items: make([]graph.Node, len(picked)), Cursors: make([]string, len(picked)), TotalCount: total}
	for i, e := range picked {
		page.Items[i] = cloneNode(e.r.n)
		c := graph.Cursor{Order: order, ID: e.id, Value: e.str}
		if numeric {
			c.Value = e.num
		}
		page.Cursors[i] = graph.EncodeCursor(c)
	}
	if backward {
		page.HasPreviousPage, page.HasNextPage = more, opts.Before != ""
	} else {
		page.HasNextPage, page.HasPreviousPage = more, opts.After != ""
	}
	return page, nil
}

// matcher returns the test of f, or nil when f selects everything. graph.CheckFilter has
// checked that every set field applies to the listed kind. Callers hold s.mu for reading.
func (s *Store) matcher(f graph.Filter) func(*rec) bool {
	var tests []func(*rec) bool
	add := func(t func(*rec) bool) { tests = append(tests, t) }
	if len(f.IDs) > 0 {
		in := member(f.IDs)
		add(func(r *rec) bool { return in(r.n.NodeID()) })
	}
	if terms := graph.TextTerms(f.Text); len(terms) > 0 {
		add(func(r *rec) bool {
		terms:
			for _, t := range terms {
				if strings.Contains(r.lname, t) {
					continue
				}
				for _, l := range r.llabels {
					if strings.Contains(l, t) {
						continue terms
					}
				}
				return false
			}
			return true
		})
	}
	if len(f.FrameworkIDs) > 0 {
		in := member(f.FrameworkIDs)
		add(func(r *rec) bool {
			switch v := r.n.(type) {
			case *graph.Competency:
				return in(v.FrameworkID)
			case *graph.JobRole:
				return in(v.FrameworkID)
			}
			return false
		})
	}
	if len(f.CompetencyTypes) > 0 {
		add(func(r *rec) bool {
			c, ok := r.n.(*graph.Competency)
			return ok && slices.Contains(f.CompetencyTypes, c.Type)
		})
	}
	if len(f.ReuseLevels) > 0 {
		add(func(r *rec) bool {
			c, ok := r.n.(*graph.Competency)
			return ok && slices.Contains(f.ReuseLevels, c.ReuseLevel)
		})
	}
	if len(f.OrganizationIDs) > 0 {
		in := member(f.OrganizationIDs)
		add(func(r *rec) bool {
			switch v := r.n.(type) {
			case *graph.Credential:
				return in(v.OrganizationID)
			case *graph.Block:
				return in(v.OrganizationID)
			case *graph.JobRole:
				return in(v.OrganizationID)
			}
			return false
		})
	}
	cred := func(test func(*graph.Credential) bool) {
		add(func(r *rec) bool { c, ok := r.n.(*graph.Credential); return ok && test(c) })
	}
	if f.EQFMin != 0 {
		cred(func(c *graph.Credential) bool { return c.EQFLevel >= f.EQFMin })
	}
	if f.EQFMax != 0 {
		cred(func(c *graph.Credential) bool { return c.EQFLevel <= f.EQFMax })
	}
	if len(f.Modalities) > 0 {
		cred(func(c *graph.Credential) bool { return slices.Contains(f.Modalities, c.Modality) })
	}
	if len(f.AssessmentTypes) > 0 {
		cred(func(c *graph.Credential) bool {
			return slices.ContainsFunc(c.AssessmentTypes, func(a graph.AssessmentType) bool { return slices.Contains(f.AssessmentTypes, a) })
		})
	}
	if len(f.Languages) > 0 {
		cred(func(c *graph.Credential) bool { return slices.Contains(f.Languages, c.Language) })
	}
	if p := f.PriceMin; p != nil {
		cred(func(c *graph.Credential) bool { return c.Price >= *p })
	}
	if p := f.PriceMax; p != nil {
		cred(func(c *graph.Credential) bool { return c.Price <= *p })
	}
	if h := f.HoursMin; h != nil {
		cred(func(c *graph.Credential) bool { return c.Hours >= *h })
	}
	if h := f.HoursMax; h != nil {
		cred(func(c *graph.Credential) bool { return c.Hours <= *h })
	}
	if lf := f.Certifies; lf != nil {
		a := s.adj[graph.RelCertifies]
		add(func(r *rec) bool {
			e, ok := a.find(r.n.NodeID(), lf.CompetencyID)
			return ok && int(e.level) >= lf.MinLevel
		})
	}
	if v := f.Certification; v != nil {
		add(func(r *rec) bool { b, ok := r.n.(*graph.Block); return ok && b.Certification == *v })
	}
	if rf := f.Requires; rf != nil {
		a := s.adj[graph.RelRoleRequires]
		add(func(r *rec) bool {
			e, ok := a.find(r.n.NodeID(), rf.CompetencyID)
			return ok && (rf.Importance == "" || a.edge(e).Importance == rf.Importance)
		})
	}
	learner := func(test func(*graph.Learner) bool) {
		add(func(r *rec) bool { l, ok := r.n.(*graph.Learner); return ok && test(l) })
	}
	if v := f.OpenToOpportunities; v != nil {
		learner(func(l *graph.Learner) bool { return l.OpenToOpportunities == *v })
	}
	if f.AdvisorID != "" {
		learner(func(l *graph.Learner) bool { return l.AdvisorID == f.AdvisorID })
	}
	ach := func(test func(*graph.Achievement) bool) {
		add(func(r *rec) bool { a, ok := r.n.(*graph.Achievement); return ok && test(a) })
	}
	if len(f.LearnerIDs) > 0 {
		in := member(f.LearnerIDs)
		ach(func(a *graph.Achievement) bool { return in(a.LearnerID) })
	}
	if len(f.SubjectIDs) > 0 {
		in := member(f.SubjectIDs)
		ach(func(a *graph.Achievement) bool { return in(a.SubjectID()) })
	}
	if len(f.Statuses) > 0 {
		ach(func(a *graph.Achievement) bool { return slices.Contains(f.Statuses, a.Status) })
	}
	if f.IdempotencyKey != "" {
		ach(func(a *graph.Achievement) bool { return a.IdempotencyKey == f.IdempotencyKey })
	}
	switch len(tests) {
	case 0:
		return nil
	case 1:
		return tests[0]
	}
	return func(r *rec) bool {
		for _, t := range tests {
			if !t(r) {
				return false
			}
		}
		return true
	}
}

// member returns the test of membership in ids: a scan for a few, a map for more.
func member(ids []string) func(string) bool {
	if len(ids) <= 8 {
		return func(id string) bool { return slices.Contains(ids, id) }
	}
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return func(id string) bool { return m[id] }
}
