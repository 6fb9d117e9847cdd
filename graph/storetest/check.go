package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// wantErr fails unless err is a domain error with code and, when field is not empty, naming
// exactly that field.
func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s (field %q)", code, field)
	}
	if got := graph.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
	if field != "" && graph.ErrorField(err) != field {
		t.Fatalf("error field %q (%v), want %q", graph.ErrorField(err), err, field)
	}
}

// wantInvalidPrefix fails unless err is EINVALID naming a field that starts with prefix.
func wantInvalidPrefix(t *testing.T, err error, prefix string) {
	t.Helper()
	if graph.ErrorCode(err) != graph.EINVALID || !strings.HasPrefix(graph.ErrorField(err), prefix) {
		t.Fatalf("got %v (code %q, field %q), want %s with a field starting %q",
			err, graph.ErrorCode(err), graph.ErrorField(err), graph.EINVALID, prefix)
	}
}

// must fails on a non-nil error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// canonical is the JSON form nodes and edges are compared in: every field, with empty and
// absent lists alike, times as instants. Stores may return nil or empty slices; nothing else
// may differ.
func canonical(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(b)
}

// sameNode fails unless got and want have the same kind and content, timestamps included.
func sameNode(t *testing.T, what string, got, want graph.Node) {
	t.Helper()
	if got == nil || want == nil {
		if got != want {
			t.Fatalf("%s: got %v, want %v", what, got, want)
		}
		return
	}
	if got.NodeKind() != want.NodeKind() {
		t.Fatalf("%s: got a %s, want a %s", what, got.NodeKind(), want.NodeKind())
	}
	if g, w := canonical(got), canonical(want); g != w {
		t.Fatalf("%s differs:\n%s", what, diff(g, w))
	}
}

// sameContent is sameNode ignoring the timestamps.
func sameContent(t *testing.T, what string, got, want graph.Node) {
	t.Helper()
	sameNode(t, what, withMeta(got, graph.Meta{ID: got.NodeID()}), withMeta(want, graph.Meta{ID: want.NodeID()}))
}

// withMeta returns a copy of n with the given id and timestamps.
func withMeta(n graph.Node, m graph.Meta) graph.Node {
	c := clone(n)
	graph.SetID(c, m.ID)
	graph.Stamp(c, m.CreatedAt, m.UpdatedAt)
	return c
}

// clone returns a deep copy of n.
func clone[T graph.Node](n T) T {
	c := graph.New(n.NodeKind())
	b, err := json.Marshal(n)
	if err != nil {
		panic(err)
	}
	if err := json.Unmarshal(b, c); err != nil {
		panic(err)
	}
	return c.(T)
}

// diff shows two texts line by line around their first difference.
func diff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	from := max(0, i-3)
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "    %s\n", g[j])
	}
	for j := i; j < min(len(g), i+4); j++ {
		fmt.Fprintf(&b, "got %s\n", g[j])
	}
	for j := i; j < min(len(w), i+4); j++ {
		fmt.Fprintf(&b, "want%s\n", w[j])
	}
	return b.String()
}

// ids returns the ids of nodes, in order.
func ids(nodes []graph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

// sameIDs fails unless got holds exactly want, in any order.
func sameIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := slices.Clone(got), slices.Clone(want)
	slices.Sort(g)
	slices.Sort(w)
	if !slices.Equal(g, w) {
		t.Fatalf("%s: got %q, want %q", what, g, w)
	}
}

// sameOrder fails unless got is want, in order.
func sameOrder(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got %q, want %q", what, got, want)
	}
}

// keys returns a map's keys.
func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// normalized returns e after Normalize, as a store keeps it.
func normalized(e graph.Edge) graph.Edge {
	e.Normalize()
	return e
}

// sameEdges fails unless got and want hold the same edges, in any order.
func sameEdges(t *testing.T, what string, got, want []graph.Edge) {
	t.Helper()
	sortEdges := func(es []graph.Edge) []graph.Edge {
		es = slices.Clone(es)
		slices.SortFunc(es, func(a, b graph.Edge) int {
			return strings.Compare(string(a.Type)+"\x00"+a.From+"\x00"+a.To, string(b.Type)+"\x00"+b.From+"\x00"+b.To)
		})
		return es
	}
	if g, w := canonical(sortEdges(got)), canonical(sortEdges(want)); g != w {
		t.Fatalf("%s differ:\n%s", what, diff(g, w))
	}
}

// edgesOf returns the edges of type typ starting (dir Outgoing) or ending at id.
func edgesOf(t *testing.T, s graph.Store, typ graph.RelType, dir graph.Direction, id string) []graph.Edge {
	t.Helper()
	m, err := s.Edges(t.Context(), typ, dir, []string{id}, graph.EdgeFilter{})
	must(t, err)
	return m[id]
}

// stats returns the store's counts.
func stats(t *testing.T, s graph.Store) *graph.Stats {
	t.Helper()
	st, err := s.Stats(t.Context())
	must(t, err)
	return st
}

// listAll returns every node of kind k in id order, paging through the list.
func listAll(t *testing.T, s graph.Store, k graph.Kind) []graph.Node {
	t.Helper()
	var out []graph.Node
	opts := graph.ListOptions{OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: graph.MaxPageSize}
	for {
		p, err := s.List(t.Context(), k, opts)
		must(t, err)
		out = append(out, p.Items...)
		if !p.HasNextPage || len(p.Items) == 0 {
			return out
		}
		opts.After = p.Cursors[len(p.Cursors)-1]
	}
}

// dump describes everything the store holds: counts, every node, every edge.
func dump(t *testing.T, s graph.Store) string {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "stats %s\n", canonical(stats(t, s)))
	var all []string
	for _, k := range graph.Kinds {
		nodes := listAll(t, s, k)
		fmt.Fprintf(&b, "%s %s\n", k, canonical(nodes))
		all = append(all, ids(nodes)...)
	}
	if len(all) == 0 {
		return b.String()
	}
	for _, typ := range graph.RelTypes {
		m, err := s.Edges(t.Context(), typ, graph.Outgoing, all, graph.EdgeFilter{})
		must(t, err)
		fmt.Fprintf(&b, "%s %s\n", typ, canonical(m)) // json sorts the map's keys
	}
	return b.String()
}

// failsCleanly runs a call that must fail with code (and field, when not empty) and checks
// that the store holds exactly what it held before.
func failsCleanly(t *testing.T, s graph.Store, code, field string, call func() error) {
	t.Helper()
	before := dump(t, s)
	err := call()
	wantErr(t, err, code, field)
	if after := dump(t, s); after != before {
		t.Fatalf("a failed call (%v) changed the store:\n%s", err, diff(after, before))
	}
}

// failsCleanlyPrefix is failsCleanly for an EINVALID error whose field starts with prefix.
func failsCleanlyPrefix(t *testing.T, s graph.Store, prefix string, call func() error) {
	t.Helper()
	before := dump(t, s)
	err := call()
	wantInvalidPrefix(t, err, prefix)
	if after := dump(t, s); after != before {
		t.Fatalf("a failed call (%v) changed the store:\n%s", err, diff(after, before))
	}
}

// wantStoredTime fails unless tm is as stores keep times: set, UTC, whole milliseconds.
func wantStoredTime(t *testing.T, what string, tm time.Time) {
	t.Helper()
	if tm.IsZero() {
		t.Fatalf("%s is not set", what)
	}
	if tm.Location() != time.UTC {
		t.Fatalf("%s = %v is not in UTC", what, tm)
	}
	if !tm.Equal(tm.Truncate(time.Millisecond)) {
		t.Fatalf("%s = %v has a precision finer than a millisecond", what, tm)
	}
}

func ptr[T any](v T) *T { return &v }
