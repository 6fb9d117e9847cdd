package embedded

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
)

// Adjacencies sharing their tables answer as a plain map of edges would, through random puts,
// replacements, removals and node drops: every edge read back with its properties, both lists
// of every node sorted and complete, the counts right, and the tables holding only what the
// edges use (freed numbers and slots reused, not leaked).
func TestAdjacencyAgreesWithModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ends, texts := newInterned(), newInterned()
	types := []graph.RelType{graph.RelHas, graph.RelRoleRequires, graph.RelRelated, graph.RelCertifies}
	adj := map[graph.RelType]*adjacency{}
	for _, rt := range types {
		adj[rt] = newAdjacency(rt, ends, texts)
	}
	type key struct {
		t        graph.RelType
		from, to string
	}
	model := map[key]graph.Edge{}
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = fmt.Sprintf("n%02d", i)
	}
	since := time.Date(2024, 3, 1, 12, 30, 0, 123_000_000, time.UTC)
	randomEdge := func() graph.Edge {
		e := graph.Edge{Type: types[rng.IntN(len(types))], From: ids[rng.IntN(len(ids))], To: ids[rng.IntN(len(ids))],
			Level: 1 + rng.IntN(5)}
		switch e.Type {
		case graph.RelHas:
			e.Source = []graph.HoldingSource{graph.SourceDeclared, graph.SourceAssessed, graph.SourceCertified}[rng.IntN(3)]
			if rng.IntN(2) == 0 {
				t := since.Add(time.Duration(rng.IntN(1000)) * time.Hour)
				e.Since = &t
			}
		case graph.RelRoleRequires:
			e.Importance = []graph.Importance{graph.Essential, graph.Optional}[rng.IntN(2)]
			e.Weight = float64(rng.IntN(8)) / 4
		case graph.RelRelated:
			e.Level = 0
			e.Kind = fmt.Sprintf("kind-%d", rng.IntN(6))
		}
		return e
	}
	check := func(step string) {
		t.Helper()
		refs := map[string]int{}
		var nTexts int
		for _, rt := range types {
			a := adj[rt]
			n := 0
			for k, want := range model {
				if k.t != rt {
					continue
				}
				n++
				refs[k.from]++
				refs[k.to]++
				got, ok := a.find(k.from, k.to)
				if !ok {
					t.Fatalf("%s: %v not found", step, k)
				}
				if g := a.edge(got); !reflect.DeepEqual(g, want) {
					t.Fatalf("%s: %v reads %+v, want %+v", step, k, g, want)
				}
				if e := a.edge(got); e.Since != nil && e.Since.Location() != time.UTC {
					t.Fatalf("%s: since not in UTC", step)
				}
			}
			if a.n != n {
				t.Fatalf("%s: %s counts %d edges, holds %d", step, rt, a.n, n)
			}
			for _, id := range ids {
				var wantOut, wantIn []graph.Edge
				for k, e := range model {
					if k.t == rt && k.from == id {
						wantOut = append(wantOut, e)
					}
					if k.t == rt && k.to == id {
						wantIn = append(wantIn, e)
					}
				}
				slices.SortFunc(wantOut, func(x, y graph.Edge) int { return strings.Compare(x.To, y.To) })
				slices.SortFunc(wantIn, func(x, y graph.Edge) int { return strings.Compare(x.From, y.From) })
				if got := a.appendEdges(nil, a.outOf(id)); !reflect.DeepEqual(got, wantOut) {
					t.Fatalf("%s: %s out of %s = %+v, want %+v", step, rt, id, got, wantOut)
				}
				if got := a.appendEdges(nil, a.inOf(id)); !reflect.DeepEqual(got, wantIn) {
					t.Fatalf("%s: %s into %s = %+v, want %+v", step, rt, id, got, wantIn)
				}
			}
			for _, x := range a.extras {
				if x.kind >= 0 {
					nTexts++
				}
			}
			used := 0
			for _, list := range a.out {
				for _, e := range list {
					if e.extra >= 0 {
						used++
					}
				}
			}
			if len(a.extras)-len(a.free) != used {
				t.Fatalf("%s: %s holds %d extras for %d edges with one", step, rt, len(a.extras)-len(a.free), used)
			}
		}
		if len(ends.num) != len(refs) {
			t.Fatalf("%s: %d ends numbered, %d in use", step, len(ends.num), len(refs))
		}
		for id, want := range refs {
			if n, ok := ends.lookup(id); !ok || int(ends.refs[n]) != want {
				t.Fatalf("%s: end %s has %d references, want %d", step, id, ends.refs[n], want)
			}
		}
		var textRefs int
		for _, n := range texts.num {
			textRefs += int(texts.refs[n])
		}
		if textRefs != nTexts {
			t.Fatalf("%s: texts hold %d references, extras %d", step, textRefs, nTexts)
		}
		if len(ends.texts) > len(ids) || len(texts.texts) > 6 {
			t.Fatalf("%s: tables grew to %d ends and %d texts: freed numbers not reused", step, len(ends.texts), len(texts.texts))
		}
	}

	// A sorted load, then random changes.
	var loaded []graph.Edge
	for range 300 {
		e := randomEdge()
		if e.From != e.To && e.Type == graph.RelHas {
			if _, dup := model[key{e.Type, e.From, e.To}]; !dup {
				model[key{e.Type, e.From, e.To}] = e
				loaded = append(loaded, e)
			}
		}
	}
	slices.SortFunc(loaded, func(x, y graph.Edge) int {
		return cmp.Or(strings.Compare(x.From, y.From), strings.Compare(x.To, y.To))
	})
	adj[graph.RelHas].load(loaded)
	check("load")
	for step := range 3000 {
		switch op := rng.IntN(10); {
		case op < 6:
			e := randomEdge()
			if e.From == e.To {
				continue
			}
			adj[e.Type].put(e)
			model[key{e.Type, e.From, e.To}] = e
		case op < 9:
			e := randomEdge()
			adj[e.Type].remove(e.From, e.To)
			delete(model, key{e.Type, e.From, e.To})
		default:
			id := ids[rng.IntN(len(ids))]
			for _, a := range adj {
				a.removeAt(id)
			}
			for k := range model {
				if k.from == id || k.to == id {
					delete(model, k)
				}
			}
		}
		if step%50 == 0 {
			check(fmt.Sprintf("step %d", step))
		}
	}
	check("end")
	for _, rt := range types {
		for k := range model {
			if k.t == rt {
				adj[rt].remove(k.from, k.to)
			}
		}
	}
	clear(model)
	check("emptied")
	if len(ends.num) != 0 || len(texts.num) != 0 {
		t.Fatalf("emptied adjacencies leave %d ends and %d texts numbered", len(ends.num), len(texts.num))
	}
}

// A snapshot edge the compact form cannot hold (not one graph.Edge.Validate accepts) is
// refused with its place, not stored as something else.
func TestSnapshotRefusesEdgesItCannotHold(t *testing.T) {
	nodes := []graph.Node{&graph.Learner{Meta: graph.Meta{ID: "l1"}, Name: "L"}, &graph.Competency{Meta: graph.Meta{ID: "c1"}, Name: "C"}}
	for _, e := range []graph.Edge{
		{Type: graph.RelHas, From: "l1", To: "c1", Level: 2, Source: "RUMOURED"},
		{Type: graph.RelHas, From: "l1", To: "c1", Level: 300, Source: graph.SourceDeclared},
	} {
		_, err := FromSnapshot(t.Context(), nodes, []graph.Edge{e})
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "edges[0]") {
			t.Errorf("%+v: got %v, want EINVALID at edges[0]", e, err)
		}
	}
	ok := graph.Edge{Type: graph.RelHas, From: "l1", To: "c1", Level: 2, Source: graph.SourceAssessed}
	s, err := FromSnapshot(t.Context(), nodes, []graph.Edge{ok})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Edges(t.Context(), graph.RelHas, graph.Outgoing, []string{"l1"}, graph.EdgeFilter{})
	if err != nil || len(got["l1"]) != 1 || !reflect.DeepEqual(got["l1"][0], ok) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, ok)
	}
}

// A file whose edge holds a property no valid write makes (changed outside the store) does
// not open, and the error names the edge, rather than the edge being read as something else.
func TestOpenRefusesEdgesItCannotHold(t *testing.T) {
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, n := range []graph.Node{&graph.Learner{Meta: graph.Meta{ID: "l1"}, Name: "L"}, &graph.Competency{Meta: graph.Meta{ID: "c1"}, Name: "C"}} {
		if _, err := s.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelHas, From: "l1", To: "c1", Level: 2}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(edgeBucket(graph.RelHas)).Put(edgeKeyBytes("l1", "c1"), []byte(`{"level":2,"source":"RUMOURED"}`))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path); err == nil || !strings.Contains(err.Error(), "RUMOURED") {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of a file with an unknown source: %v, want an error naming it", err)
	}
}

// Warm builds the pathway index ahead of the first context, and refuses once the store is
// closed.
func TestWarmBuildsThePathIndex(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "warm.db"))
	if err != nil {
		t.Fatal(err)
	}
	if s.pix != nil {
		t.Fatal("an index before any context or Warm")
	}
	if err := s.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s.pix == nil {
		t.Fatal("Warm built no index")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Warm(t.Context()); graph.ErrorCode(err) != graph.EINTERNAL {
		t.Fatalf("Warm once closed: %v, want EINTERNAL", err)
	}
}
