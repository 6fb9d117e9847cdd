package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// pagingCatalogue stores seven credentials with ties in name, hours and price, created in an
// order that is neither their id nor their name order, and returns them as stored.
func pagingCatalogue(t *testing.T, s graph.Store) []graph.Node {
	f := newFixture(t, s)
	f.org("org-1", "Open Academy")
	rows := []struct {
		id, title         string
		hours, price, ect float64
		eqf               int
	}{
		{"k-5", "Beta Python", 14, 990.5, 3, 5},
		{"k-2", "alpha SQL", 35, 100, 2, 4},
		{"k-7", "delta R", 70, 300, 6, 7},
		{"k-1", "Zeta statistics", 10, 300, 1, 5},
		{"k-3", "Écoute active", 7, 300, 0.5, 3},
		{"k-6", "Data basics", 10, 250, 1, 4},
		{"k-4", "Beta Python", 21, 0, 1, 6},
	}
	var out []graph.Node
	for _, r := range rows {
		c := newCred(r.id, r.title, "org-1")
		c.Hours, c.Price, c.ECTS, c.EQFLevel = r.hours, r.price, r.ect, r.eqf
		out = append(out, create(f, c))
	}
	return out
}

// sorted returns the ids of nodes in the order a List by o returns them: by graph.SortValue
// (strings byte-wise, numbers numerically), ties by id, the whole key reversed when
// descending.
func sorted(nodes []graph.Node, o graph.OrderBy) []string {
	field := o.Normalized().Field
	nodes = slices.Clone(nodes)
	slices.SortFunc(nodes, func(a, b graph.Node) int {
		c := compareValues(graph.SortValue(a, field), graph.SortValue(b, field))
		if c == 0 {
			c = strings.Compare(a.NodeID(), b.NodeID())
		}
		if o.Desc {
			c = -c
		}
		return c
	})
	return ids(nodes)
}

func compareValues(a, b any) int {
	switch a := a.(type) {
	case string:
		return strings.Compare(a, b.(string))
	case float64:
		return cmp.Compare(a, b.(float64))
	}
	panic(fmt.Sprintf("sort value %T", a))
}

// walkForward pages through a List with First size and returns the ids seen, checking every
// page's size, flags, cursors and total.
func walkForward(t *testing.T, s graph.Store, k graph.Kind, opts graph.ListOptions, size, total int) []string {
	t.Helper()
	opts.First = size
	var seen []string
	for page := 1; page <= total+1; page++ {
		p, err := s.List(t.Context(), k, opts)
		must(t, err)
		checkPage(t, p, total)
		if want := min(size, total-len(seen)); len(p.Items) != want {
			t.Fatalf("page %d: %d items, want %d", page, len(p.Items), want)
		}
		if p.HasPreviousPage != (opts.After != "") {
			t.Fatalf("page %d: HasPreviousPage %v with After %q", page, p.HasPreviousPage, opts.After)
		}
		seen = append(seen, ids(p.Items)...)
		more := len(seen) < total
		if p.HasNextPage != more {
			t.Fatalf("page %d: HasNextPage %v after %d of %d items", page, p.HasNextPage, len(seen), total)
		}
		if !more {
			break
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
	return seen
}

// walkBackward pages through a List from its end with Last size and returns the ids seen, in
// list order.
func walkBackward(t *testing.T, s graph.Store, k graph.Kind, opts graph.ListOptions, size, total int) []string {
	t.Helper()
	opts.Last = size
	var seen []string
	for page := 1; page <= total+1; page++ {
		p, err := s.List(t.Context(), k, opts)
		must(t, err)
		checkPage(t, p, total)
		if want := min(size, total-len(seen)); len(p.Items) != want {
			t.Fatalf("page %d backward: %d items, want %d", page, len(p.Items), want)
		}
		if p.HasNextPage != (opts.Before != "") {
			t.Fatalf("page %d backward: HasNextPage %v with Before %q", page, p.HasNextPage, opts.Before)
		}
		seen = append(ids(p.Items), seen...)
		more := len(seen) < total
		if p.HasPreviousPage != more {
			t.Fatalf("page %d backward: HasPreviousPage %v after %d of %d items", page, p.HasPreviousPage, len(seen), total)
		}
		if !more {
			break
		}
		opts.Before = p.Cursors[0]
	}
	return seen
}

func checkPage(t *testing.T, p *graph.Page, total int) {
	t.Helper()
	if p == nil {
		t.Fatal("List returned no page")
	}
	if len(p.Cursors) != len(p.Items) {
		t.Fatalf("%d cursors for %d items", len(p.Cursors), len(p.Items))
	}
	if p.TotalCount != total {
		t.Fatalf("TotalCount %d, want %d", p.TotalCount, total)
	}
}

var listTests = []test{
	{"empty result", func(t *testing.T, s graph.Store) {
		for _, opts := range []graph.ListOptions{{}, {First: 5}, {Last: 5}} {
			p, err := s.List(t.Context(), graph.KindCredential, opts)
			must(t, err)
			if len(p.Items) != 0 || len(p.Cursors) != 0 || p.TotalCount != 0 || p.HasNextPage || p.HasPreviousPage {
				t.Fatalf("List %+v of an empty store = %+v, want an empty page", opts, p)
			}
		}
		pagingCatalogue(t, s)
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{Filter: graph.Filter{Languages: []string{"xx"}}})
		must(t, err)
		if len(p.Items) != 0 || p.TotalCount != 0 || p.HasNextPage || p.HasPreviousPage {
			t.Fatalf("List matching nothing = %+v, want an empty page", p)
		}
	}},
	{"pages forward in every order", func(t *testing.T, s graph.Store) {
		nodes := pagingCatalogue(t, s)
		orders := []graph.OrderBy{
			{}, {Field: graph.OrderByName, Desc: true}, {Field: graph.OrderByID}, {Field: graph.OrderByID, Desc: true},
			{Field: graph.OrderByPrice}, {Field: graph.OrderByPrice, Desc: true}, {Field: graph.OrderByHours},
			{Field: graph.OrderByHours, Desc: true}, {Field: graph.OrderByECTS}, {Field: graph.OrderByEQFLevel, Desc: true},
			{Field: graph.OrderByCreatedAt}, {Field: graph.OrderByCreatedAt, Desc: true}, {Field: graph.OrderByUpdatedAt},
		}
		for _, o := range orders {
			t.Run(fmt.Sprintf("%s desc=%v", o.Normalized().Field, o.Desc), func(t *testing.T) {
				want := sorted(nodes, o)
				got := walkForward(t, s, graph.KindCredential, graph.ListOptions{OrderBy: o}, 3, len(nodes))
				sameOrder(t, "ids in list order", got, want)
			})
		}
		// Byte-wise names: upper case before lower case before accented letters.
		sameOrder(t, "NAME order", sorted(nodes, graph.OrderBy{}), []string{"k-4", "k-5", "k-6", "k-1", "k-2", "k-7", "k-3"})
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 7})
		must(t, err)
		byID := map[string]graph.Node{}
		for _, n := range nodes {
			byID[n.NodeID()] = n
		}
		for _, n := range p.Items {
			sameNode(t, "listed "+n.NodeID(), n, byID[n.NodeID()])
		}
	}},
	{"pages backward", func(t *testing.T, s graph.Store) {
		nodes := pagingCatalogue(t, s)
		for _, o := range []graph.OrderBy{{}, {Field: graph.OrderByPrice, Desc: true}, {Field: graph.OrderByHours}} {
			t.Run(fmt.Sprintf("%s desc=%v", o.Normalized().Field, o.Desc), func(t *testing.T) {
				got := walkBackward(t, s, graph.KindCredential, graph.ListOptions{OrderBy: o}, 3, len(nodes))
				sameOrder(t, "ids in list order", got, sorted(nodes, o))
			})
		}
	}},
	{"exact last page", func(t *testing.T, s graph.Store) {
		nodes := pagingCatalogue(t, s)
		want := sorted(nodes, graph.OrderBy{})
		for _, c := range []struct {
			first int
			next  bool
		}{{7, false}, {6, true}, {8, false}} {
			p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: c.first})
			must(t, err)
			sameOrder(t, fmt.Sprintf("first %d", c.first), ids(p.Items), want[:min(c.first, 7)])
			if p.HasNextPage != c.next || p.HasPreviousPage {
				t.Fatalf("first %d: HasNextPage %v HasPreviousPage %v, want %v false", c.first, p.HasNextPage, p.HasPreviousPage, c.next)
			}
		}
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 4})
		must(t, err)
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 3, After: p.Cursors[3]})
		must(t, err)
		sameOrder(t, "the last three", ids(p.Items), want[4:])
		if p.HasNextPage || !p.HasPreviousPage || p.TotalCount != 7 {
			t.Fatalf("last page: HasNextPage %v HasPreviousPage %v TotalCount %d, want false true 7", p.HasNextPage, p.HasPreviousPage, p.TotalCount)
		}
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 3, After: p.Cursors[2]})
		must(t, err)
		if len(p.Items) != 0 || p.HasNextPage || !p.HasPreviousPage || p.TotalCount != 7 {
			t.Fatalf("after the last item: %d items, HasNextPage %v HasPreviousPage %v TotalCount %d", len(p.Items), p.HasNextPage, p.HasPreviousPage, p.TotalCount)
		}
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{Last: 7})
		must(t, err)
		sameOrder(t, "last 7", ids(p.Items), want)
		if p.HasNextPage || p.HasPreviousPage {
			t.Fatalf("last 7: HasNextPage %v HasPreviousPage %v, want false false", p.HasNextPage, p.HasPreviousPage)
		}
	}},
	{"without the total, the same pages", func(t *testing.T, s graph.Store) {
		pagingCatalogue(t, s)
		hours := 20.0
		for _, opts := range []graph.ListOptions{
			{First: 3},
			{First: 2, OrderBy: graph.OrderBy{Field: graph.OrderByPrice, Desc: true}},
			{Last: 2},
			{First: 2, Filter: graph.Filter{Text: "beta"}},
			{First: 1, Filter: graph.Filter{HoursMax: &hours}, OrderBy: graph.OrderBy{Field: graph.OrderByHours}},
		} {
			for page := 0; page < 5; page++ {
				want, err := s.List(t.Context(), graph.KindCredential, opts)
				must(t, err)
				skip := opts
				skip.SkipTotal = true
				got, err := s.List(t.Context(), graph.KindCredential, skip)
				must(t, err)
				label := fmt.Sprintf("%+v page %d", opts, page)
				sameOrder(t, label, ids(got.Items), ids(want.Items))
				if !slices.Equal(got.Cursors, want.Cursors) || got.HasNextPage != want.HasNextPage ||
					got.HasPreviousPage != want.HasPreviousPage || got.TotalCount != -1 {
					t.Fatalf("%s: without the total: cursors %v next %v previous %v total %d; with it: %v %v %v",
						label, got.Cursors, got.HasNextPage, got.HasPreviousPage, got.TotalCount,
						want.Cursors, want.HasNextPage, want.HasPreviousPage)
				}
				if opts.Last > 0 {
					if !want.HasPreviousPage {
						break
					}
					opts.Before = want.Cursors[0]
				} else {
					if !want.HasNextPage {
						break
					}
					opts.After = want.Cursors[len(want.Cursors)-1]
				}
			}
		}
	}},
	{"default page size", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		var b graph.Batch
		for i := range graph.DefaultPageSize + 5 {
			b.Nodes = append(b.Nodes, newComp(fmt.Sprintf("comp-%02d", i), fmt.Sprintf("Competency %02d", i)))
		}
		f.bulk(b)
		p, err := s.List(t.Context(), graph.KindCompetency, graph.ListOptions{})
		must(t, err)
		if len(p.Items) != graph.DefaultPageSize || !p.HasNextPage || p.TotalCount != graph.DefaultPageSize+5 {
			t.Fatalf("default page: %d items, HasNextPage %v, TotalCount %d", len(p.Items), p.HasNextPage, p.TotalCount)
		}
	}},
	{"a cursor outlives its node", func(t *testing.T, s graph.Store) {
		nodes := pagingCatalogue(t, s)
		want := sorted(nodes, graph.OrderBy{})
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 4})
		must(t, err)
		after, before := p.Cursors[2], p.Cursors[3]
		must(t, s.Delete(t.Context(), graph.KindCredential, want[2]))
		must(t, s.Delete(t.Context(), graph.KindCredential, want[3]))
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 2, After: after})
		must(t, err)
		sameOrder(t, "after a deleted node", ids(p.Items), want[4:6])
		if p.TotalCount != 5 {
			t.Fatalf("TotalCount %d after deleting two of 7, want 5", p.TotalCount)
		}
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{Last: 3, Before: before})
		must(t, err)
		sameOrder(t, "before a deleted node", ids(p.Items), want[:2])
		if p.HasPreviousPage || !p.HasNextPage {
			t.Fatalf("before a deleted node: HasPreviousPage %v HasNextPage %v, want false true", p.HasPreviousPage, p.HasNextPage)
		}
	}},
	{"invalid options name the field", func(t *testing.T, s graph.Store) {
		pagingCatalogue(t, s)
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 2})
		must(t, err)
		byName := p.Cursors[1]
		p, err = s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 2, OrderBy: graph.OrderBy{Field: graph.OrderByPrice}})
		must(t, err)
		byPrice := p.Cursors[1]
		cases := []struct {
			name  string
			kind  graph.Kind
			opts  graph.ListOptions
			field string
		}{
			{"malformed after", graph.KindCredential, graph.ListOptions{After: "not a cursor"}, "after"},
			{"malformed after, url-safe characters", graph.KindCredential, graph.ListOptions{After: "eyJ4IjoxfQ"}, "after"},
			{"malformed before", graph.KindCredential, graph.ListOptions{Last: 2, Before: "%%%"}, "before"},
			{"a NAME cursor under PRICE", graph.KindCredential, graph.ListOptions{After: byName, OrderBy: graph.OrderBy{Field: graph.OrderByPrice}}, "after"},
			{"an ascending cursor descending", graph.KindCredential, graph.ListOptions{After: byName, OrderBy: graph.OrderBy{Desc: true}}, "after"},
			{"a PRICE cursor under NAME", graph.KindCredential, graph.ListOptions{Last: 2, Before: byPrice}, "before"},
			{"a credential cursor under ID", graph.KindCredential, graph.ListOptions{After: byName, OrderBy: graph.OrderBy{Field: graph.OrderByID}}, "after"},
			{"an EQF filter on competencies", graph.KindCompetency, graph.ListOptions{Filter: graph.Filter{EQFMin: 3}}, "filter.eqfMin"},
			{"a certification filter on credentials", graph.KindCredential, graph.ListOptions{Filter: graph.Filter{Certification: ptr(true)}}, "filter.certification"},
			{"a text filter on achievements", graph.KindAchievement, graph.ListOptions{Filter: graph.Filter{Text: "sql"}}, "filter.text"},
			{"a learner filter on credentials", graph.KindCredential, graph.ListOptions{Filter: graph.Filter{LearnerIDs: []string{"l"}}}, "filter.learnerIds"},
			{"an unknown order field", graph.KindCredential, graph.ListOptions{OrderBy: graph.OrderBy{Field: "SIZE"}}, "orderBy"},
			{"PRICE order on competencies", graph.KindCompetency, graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByPrice}}, "orderBy"},
			{"ISSUED_AT order on credentials", graph.KindCredential, graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByIssuedAt}}, "orderBy"},
			{"first above the maximum", graph.KindCredential, graph.ListOptions{First: graph.MaxPageSize + 1}, "first"},
			{"negative first", graph.KindCredential, graph.ListOptions{First: -1}, "first"},
			{"last above the maximum", graph.KindCredential, graph.ListOptions{Last: graph.MaxPageSize + 1}, "last"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.List(t.Context(), tc.kind, tc.opts)
				wantErr(t, err, graph.EINVALID, tc.field)
			})
		}
		t.Run("first and last", func(t *testing.T) {
			_, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 2, Last: 2})
			wantErr(t, err, graph.EINVALID, "")
			if f := graph.ErrorField(err); f != "first" && f != "last" {
				t.Fatalf("error field %q, want first or last", f)
			}
		})
		t.Run("the largest page", func(t *testing.T) {
			p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{Last: graph.MaxPageSize})
			must(t, err)
			if len(p.Items) != 7 {
				t.Fatalf("%d items, want 7", len(p.Items))
			}
		})
	}},
}
