package resolvers

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/model"
)

// Relationship lists (a role's requirements, a block's components...) are read whole through the
// loaders and paged here by position; top-level lists are paged by the store with keyset cursors.

// DefaultEdgePageSize is the page size of relationship lists when first is not given: large
// enough that a role's requirements or a block's components usually fit in one page.
const DefaultEdgePageSize = 100

// window is one page of a list read whole.
type window struct {
	start, end int // items[start:end]
	info       *model.PageInfo
	total      int
}

func offsetCursor(i int) string {
	if i >= 0 && i < len(offsetCursors) {
		return offsetCursors[i]
	}
	return encodeOffsetCursor(i)
}

func encodeOffsetCursor(i int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(i)))
}

// offsetCursors holds the cursors of the positions a page can reach from the start, so that a page of a thousand edges
// does not encode a thousand strings (that was one allocation in eight on such a page).
var offsetCursors = func() []string {
	out := make([]string, graph.MaxPageSize)
	for i := range out {
		out[i] = encodeOffsetCursor(i)
	}
	return out
}()

// pointers returns n pointers into one array: one allocation for a page of edges rather than
// one per edge.
func pointers[E any](n int) []*E {
	vals := make([]E, n)
	out := make([]*E, n)
	for i := range vals {
		out[i] = &vals[i]
	}
	return out
}

func decodeOffsetCursor(c string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(raw), "o:")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil && i >= 0
}

// pageOf returns the page of a list of n items after the cursor after, of size first
// (DefaultEdgePageSize when nil). EINVALID ("first", "after") for a size outside 0..MaxPageSize
// or a malformed cursor.
func pageOf(n int, first *int, after *string) (window, error) {
	size := DefaultEdgePageSize
	if first != nil {
		size = *first
	}
	if size < 0 {
		return window{}, graph.Invalid("first", "must not be negative")
	}
	if size > graph.MaxPageSize {
		return window{}, graph.Invalid("first", "must be at most %d", graph.MaxPageSize)
	}
	start := 0
	if after != nil && *after != "" {
		i, ok := decodeOffsetCursor(*after)
		if !ok {
			return window{}, graph.Invalid("after", "is not a cursor of this list")
		}
		start = i + 1
	}
	if start > n {
		start = n
	}
	end := min(start+size, n)
	w := window{start: start, end: end, total: n,
		info: &model.PageInfo{HasNextPage: end < n, HasPreviousPage: start > 0}}
	if end > start {
		s, e := offsetCursor(start), offsetCursor(end-1)
		w.info.StartCursor, w.info.EndCursor = &s, &e
	}
	return w, nil
}

// storePageInfo converts a store page's paging state.
func storePageInfo(p *graph.Page) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPreviousPage}
	if len(p.Cursors) > 0 {
		s, e := p.Cursors[0], p.Cursors[len(p.Cursors)-1]
		info.StartCursor, info.EndCursor = &s, &e
	}
	return info
}

// listOptions builds store list options from connection arguments; none is true when the
// client asked for an empty page (first: 0 or last: 0), which the store would read as "default".
func listOptions(first *int, after *string, last *int, before *string, order *model.ListOrder) (o graph.ListOptions, none bool, err error) {
	for _, a := range []struct {
		name string
		v    *int
	}{{"first", first}, {"last", last}} {
		if a.v == nil {
			continue
		}
		if *a.v < 0 || *a.v > graph.MaxPageSize {
			return o, false, graph.Invalid(a.name, "must be between 0 and %d (got %d)", graph.MaxPageSize, *a.v)
		}
		if *a.v == 0 {
			none = true
		}
	}
	if first != nil && last != nil {
		return o, false, graph.Invalid("last", "cannot be used with first")
	}
	if first != nil {
		o.First = *first
	}
	if last != nil {
		o.Last = *last
	}
	if none {
		// Ask for one item to learn the total count and whether items exist.
		if last != nil {
			o.Last = 1
		} else {
			o.First = 1
		}
	}
	if after != nil {
		o.After = *after
	}
	if before != nil {
		o.Before = *before
	}
	if order != nil {
		o.OrderBy = graph.OrderBy{Field: order.Field, Desc: order.Direction == model.OrderDirectionDesc}
	}
	return o, none, nil
}
