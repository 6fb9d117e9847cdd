package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

const (
	writers      = 8
	writesEach   = 25
	cyclePairs   = 10
	duplicateIDs = 3
)

// concurrently runs fn(i) for i in [0, n) at once and returns their errors.
func concurrently(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

var concurrencyTests = []test{
	{"writers at once all succeed", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		f.comp("comp-shared", "Data analysis")
		ctx := t.Context()
		errs := concurrently(writers, func(w int) error {
			prev := ""
			for i := range writesEach {
				id := fmt.Sprintf("w%d-%02d", w, i)
				if _, err := s.Create(ctx, newCred(id, "Course "+id, "org-1")); err != nil {
					return fmt.Errorf("Create %s: %w", id, err)
				}
				if err := s.Link(ctx, leveled(graph.RelCertifies, id, "comp-shared", 1+i%5)); err != nil {
					return fmt.Errorf("Link %s: %w", id, err)
				}
				if prev != "" {
					if err := s.Link(ctx, edge(graph.RelPrerequisite, id, prev)); err != nil {
						return fmt.Errorf("Link %s -> %s: %w", id, prev, err)
					}
				}
				prev = id
			}
			return nil
		})
		for w, err := range errs {
			if err != nil {
				t.Errorf("writer %d: %v", w, err)
			}
		}
		if t.Failed() {
			t.FailNow()
		}
		n := writers * writesEach
		st := stats(t, s)
		if st.Nodes[graph.KindCredential] != n || st.Edges[graph.RelCertifies] != n || st.Edges[graph.RelPrerequisite] != n-writers {
			t.Fatalf("after %d concurrent creates and links: %d credentials, %d CERTIFIES, %d PREREQUISITE edges",
				n, st.Nodes[graph.KindCredential], st.Edges[graph.RelCertifies], st.Edges[graph.RelPrerequisite])
		}
		if in := edgesOf(t, s, graph.RelCertifies, graph.Incoming, "comp-shared"); len(in) != n {
			t.Fatalf("%d edges into the shared competency, want %d", len(in), n)
		}
		p, err := s.List(t.Context(), graph.KindCredential, graph.ListOptions{First: 1})
		must(t, err)
		if p.TotalCount != n {
			t.Fatalf("List counts %d credentials, want %d", p.TotalCount, n)
		}
	}},
	{"concurrent creates of one id: one wins", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		for k := range duplicateIDs {
			id := fmt.Sprintf("comp-dup-%d", k)
			var mu sync.Mutex
			winner := ""
			errs := concurrently(writers, func(w int) error {
				name := fmt.Sprintf("Name from writer %d", w)
				_, err := s.Create(t.Context(), newComp(id, name))
				if err == nil {
					mu.Lock()
					winner = name
					mu.Unlock()
				}
				return err
			})
			ok := 0
			for w, err := range errs {
				switch graph.ErrorCode(err) {
				case "":
					ok++
				case graph.ECONFLICT:
				default:
					t.Fatalf("writer %d: %v, want success or %s", w, err, graph.ECONFLICT)
				}
			}
			if ok != 1 {
				t.Fatalf("%d of %d concurrent creates of %q succeeded, want exactly 1", ok, writers, id)
			}
			if got := f.get(graph.KindCompetency, id).DisplayName(); got != winner {
				t.Fatalf("stored name %q, want the winner's %q", got, winner)
			}
		}
		if n := stats(t, s).Nodes[graph.KindCompetency]; n != duplicateIDs {
			t.Fatalf("%d competencies, want %d", n, duplicateIDs)
		}
	}},
	{"concurrent links cannot close a cycle", func(t *testing.T, s graph.Store) {
		f := newFixture(t, s)
		f.org("org-1", "Open Academy")
		for i := range cyclePairs {
			f.cred(fmt.Sprintf("p%d-a", i), "A", "org-1")
			f.cred(fmt.Sprintf("p%d-b", i), "B", "org-1")
		}
		for i := range cyclePairs {
			a, b := fmt.Sprintf("p%d-a", i), fmt.Sprintf("p%d-b", i)
			errs := concurrently(2, func(w int) error {
				if w == 0 {
					return s.Link(t.Context(), edge(graph.RelPrerequisite, a, b))
				}
				return s.Link(t.Context(), edge(graph.RelPrerequisite, b, a))
			})
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "to":
					t.Fatalf("linking %s and %s both ways at once: %v, want success or %s (to)", a, b, err, graph.EINVALID)
				}
			}
			if ok != 1 {
				t.Fatalf("linking %s and %s both ways at once: %d links made, want exactly 1", a, b, ok)
			}
		}
		if n := stats(t, s).Edges[graph.RelPrerequisite]; n != cyclePairs {
			t.Fatalf("%d prerequisite edges, want %d", n, cyclePairs)
		}
	}},
}
