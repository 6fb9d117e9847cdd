package embedded_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
)

// reopen opens the file at path, closed at the end of t.
func reopen(t *testing.T, path string) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func jsonText(v any) string {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(b)
}

// snapshot describes everything the store answers: counts, every node in several orders,
// every edge from both ends, searches for words of the stored names, and text filters.
func snapshot(t *testing.T, s graph.Store) string {
	t.Helper()
	ctx := t.Context()
	var b strings.Builder
	st, err := s.Stats(ctx)
	must(t, err)
	fmt.Fprintf(&b, "stats %s\n", jsonText(st))
	var all []string
	var names []string
	for _, k := range graph.Kinds {
		for _, order := range []graph.OrderBy{{Field: graph.OrderByID}, {Field: graph.OrderByName, Desc: true}, {Field: graph.OrderByUpdatedAt}} {
			opts := graph.ListOptions{OrderBy: order, First: graph.MaxPageSize}
			for {
				p, err := s.List(ctx, k, opts)
				must(t, err)
				fmt.Fprintf(&b, "%s by %v: total %d %s %s\n", k, order, p.TotalCount, jsonText(p.Items), jsonText(p.Cursors))
				if order.Field == graph.OrderByID {
					for _, n := range p.Items {
						all = append(all, n.NodeID())
						if k != graph.KindLearner && k != graph.KindAchievement {
							names = append(names, n.DisplayName())
						}
					}
				}
				if !p.HasNextPage {
					break
				}
				opts.After = p.Cursors[len(p.Cursors)-1]
			}
		}
	}
	for _, typ := range graph.RelTypes {
		for _, dir := range []graph.Direction{graph.Outgoing, graph.Incoming} {
			m, err := s.Edges(ctx, typ, dir, all, graph.EdgeFilter{})
			must(t, err)
			fmt.Fprintf(&b, "%s %d %s\n", typ, dir, jsonText(m))
		}
	}
	// Searches for the first word of every 7th name, and for a prefix of it.
	for i := 0; i < len(names); i += 7 {
		terms := graph.SearchTerms(names[i])
		if len(terms) == 0 {
			continue
		}
		for _, q := range []string{terms[0], terms[0][:max(1, len(terms[0])/2)], names[i]} {
			hits, err := s.Search(ctx, graph.SearchQuery{Text: q, Limit: graph.MaxSearchLimit})
			must(t, err)
			fmt.Fprintf(&b, "search %q:", q)
			for _, h := range hits {
				fmt.Fprintf(&b, " %s=%g", h.Node.NodeID(), h.Score)
			}
			b.WriteByte('\n')
			p, err := s.List(ctx, graph.KindCompetency, graph.ListOptions{Filter: graph.Filter{Text: q}, First: 5})
			must(t, err)
			fmt.Fprintf(&b, "text %q: %d %v\n", q, p.TotalCount, ids(p.Items))
		}
	}
	return b.String()
}

func ids(nodes []graph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.NodeID()
	}
	return out
}

// firstDiff shows two texts around their first differing line.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	var b strings.Builder
	for j := i; j < min(len(g), i+5); j++ {
		fmt.Fprintf(&b, "got  %s\n", g[j])
	}
	for j := i; j < min(len(w), i+5); j++ {
		fmt.Fprintf(&b, "want %s\n", w[j])
	}
	return b.String()
}

// catalogue writes a small graph of every kind and edge type through every kind of write.
func catalogue(t *testing.T, s graph.Store) {
	t.Helper()
	ctx := t.Context()
	since := time.Date(2023, 4, 5, 6, 7, 8, 9_000_000, time.UTC)
	deadline := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	_, err := s.BulkUpsert(ctx, graph.Batch{
		Nodes: []graph.Node{
			&graph.Framework{Meta: graph.Meta{ID: "fw"}, Name: "ESCO", Attribution: "Uses ESCO."},
			&graph.Organization{Meta: graph.Meta{ID: "org"}, Name: "Open Academy", Kind: graph.OrgOnlineAcademy},
			&graph.Competency{Meta: graph.Meta{ID: "c-data"}, Name: "Data analysis", AltLabels: []string{"Analytics", "data crunching"},
				Description: "Inspect and model data.", FrameworkID: "fw", Type: graph.CompetencyTypeSkill},
			&graph.Competency{Meta: graph.Meta{ID: "c-stats"}, Name: "Statistics", FrameworkID: "fw", Type: graph.CompetencyTypeKnowledge},
			&graph.Competency{Meta: graph.Meta{ID: "c-math"}, Name: "Mathematics", Type: graph.CompetencyTypeGroup},
			&graph.Competency{Meta: graph.Meta{ID: "c-sql"}, Name: "SQL", Description: "Query relational databases."},
			&graph.JobRole{Meta: graph.Meta{ID: "role"}, Title: "Data analyst", AltLabels: []string{"BI analyst"}, FrameworkID: "fw"},
		},
		Edges: []graph.Edge{
			{Type: graph.RelBroader, From: "c-stats", To: "c-math"},
			{Type: graph.RelBroader, From: "c-data", To: "c-stats"},
			{Type: graph.RelRelated, From: "c-data", To: "c-sql", Kind: "essential"},
			{Type: graph.RelRoleRequires, From: "role", To: "c-data", Level: 3},
			{Type: graph.RelRoleRequires, From: "role", To: "c-sql", Importance: graph.Optional, Weight: 0.5},
		},
	})
	must(t, err)
	for i, title := range []string{"SQL basics", "Statistics 101", "Python for data", "Dashboards"} {
		_, err := s.Create(ctx, &graph.Credential{Meta: graph.Meta{ID: fmt.Sprintf("k%d", i+1)}, Title: title, Hours: float64(7 * (i + 1)),
			ECTS: float64(i + 1), EQFLevel: 4 + i%2, Modality: graph.ModalityRemote, Language: "en", Price: float64(100 * (i + 1)),
			OrganizationID: "org", AssessmentTypes: []graph.AssessmentType{graph.AssessmentProject}})
		must(t, err)
	}
	_, err = s.Create(ctx, &graph.Block{Meta: graph.Meta{ID: "b-inner"}, Title: "Data foundations",
		Rule: graph.Rule{Kind: graph.RuleMinECTS, Min: 3}, Components: []string{"k2", "k1"}, OrganizationID: "org"})
	must(t, err)
	_, err = s.Create(ctx, &graph.Block{Meta: graph.Meta{ID: "b-cert"}, Title: "Data certification", Certification: true,
		Rule: graph.Rule{Kind: graph.RuleAtLeast, Count: 1}, Components: []string{"b-inner", "k3"}})
	must(t, err)
	_, err = s.Create(ctx, &graph.Learner{Meta: graph.Meta{ID: "ana"}, Name: "Ana", InProgress: []string{"k3"},
		Constraints: graph.Constraints{HoursPerWeek: 5, Deadline: &deadline, Languages: []string{"en"}}})
	must(t, err)
	_, err = s.Create(ctx, &graph.Achievement{Meta: graph.Meta{ID: "ach"}, LearnerID: "ana", CredentialID: "k1",
		IssuedAt: since, Status: graph.StatusValid})
	must(t, err)
	for _, e := range []graph.Edge{
		{Type: graph.RelCertifies, From: "k1", To: "c-sql", Level: 2},
		{Type: graph.RelCertifies, From: "k2", To: "c-stats", Level: 3},
		{Type: graph.RelCertifies, From: "k3", To: "c-data", Level: 3},
		{Type: graph.RelPrerequisite, From: "k3", To: "k1"},
		{Type: graph.RelRequiresCompetency, From: "k3", To: "c-stats", Level: 2},
		{Type: graph.RelComprises, From: "b-inner", To: "k4"},
		{Type: graph.RelHas, From: "ana", To: "c-sql", Level: 2, Since: &since},
		{Type: graph.RelTargets, From: "ana", To: "role"},
		{Type: graph.RelRelated, From: "c-sql", To: "c-math"},
	} {
		must(t, s.Link(ctx, e))
	}
	must(t, s.Unlink(ctx, graph.RelRelated, "c-sql", "c-math"))
	must(t, s.Unlink(ctx, graph.RelComprises, "b-inner", "k4"))
	_, err = s.Update(ctx, &graph.Competency{Meta: graph.Meta{ID: "c-math"}, Name: "Mathematics and logic", Type: graph.CompetencyTypeGroup})
	must(t, err)
	must(t, s.Delete(ctx, graph.KindCredential, "k4"))
}

// TestReopen checks that everything written survives Close and Open, with every index
// rebuilt: lists and their cursors, edges from both ends, search, the references that make
// Delete conflict, the hierarchy that makes Link refuse cycles, block components.
func TestReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := embedded.Open(path)
	must(t, err)
	catalogue(t, s)
	before := snapshot(t, s)
	first, err := s.List(ctx, graph.KindCredential, graph.ListOptions{First: 1})
	must(t, err)
	pc, err := s.PathwayContext(ctx, "ana", "role")
	must(t, err)
	must(t, s.Close())

	s = reopen(t, path)
	if after := snapshot(t, s); after != before {
		t.Fatalf("the reopened store answers differently:\n%s", firstDiff(after, before))
	}
	next, err := s.List(ctx, graph.KindCredential, graph.ListOptions{First: 1, After: first.Cursors[0]})
	must(t, err)
	if len(next.Items) != 1 || next.Items[0].DisplayName() != "SQL basics" || !next.HasPreviousPage || !next.HasNextPage {
		t.Fatalf("the page after a cursor taken before reopening: %v", ids(next.Items))
	}
	again, err := s.PathwayContext(ctx, "ana", "role")
	must(t, err)
	if jsonText(again.Full()) != jsonText(pc.Full()) {
		t.Fatalf("PathwayContext after reopening differs:\n%s", firstDiff(jsonText(again.Full()), jsonText(pc.Full())))
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "crunch"})
	must(t, err)
	if len(hits) != 1 || hits[0].Node.NodeID() != "c-data" {
		t.Fatalf("search for a word of an alternative label after reopening: %v", hits)
	}
	for _, d := range []struct {
		kind graph.Kind
		id   string
	}{{graph.KindFramework, "fw"}, {graph.KindOrganization, "org"}, {graph.KindCredential, "k1"}, {graph.KindCredential, "k3"},
		{graph.KindBlock, "b-inner"}, {graph.KindLearner, "ana"}} {
		if err := s.Delete(ctx, d.kind, d.id); graph.ErrorCode(err) != graph.ECONFLICT {
			t.Errorf("Delete %s %s after reopening: %v, want %s", d.kind, d.id, err, graph.ECONFLICT)
		}
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelBroader, From: "c-math", To: "c-data"}); graph.ErrorField(err) != "to" {
		t.Errorf("closing a hierarchy cycle after reopening: %v, want EINVALID (to)", err)
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelComprises, From: "b-inner", To: "b-cert"}); graph.ErrorField(err) != "to" {
		t.Errorf("closing a block cycle after reopening: %v, want EINVALID (to)", err)
	}
	must(t, s.Delete(ctx, graph.KindJobRole, "role"))
	if m, err := s.Edges(ctx, graph.RelTargets, graph.Outgoing, []string{"ana"}, graph.EdgeFilter{}); err != nil || len(m) != 0 {
		t.Fatalf("TARGETS edges of ana after deleting the role: %v, %v", m, err)
	}
}

// fileSum returns a digest of the file at path.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return sha256.Sum256(b)
}

// TestFailedWritesLeaveTheFile checks that refused writes leave the file byte for byte as it
// was, and memory as the file says.
func TestFailedWritesLeaveTheFile(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := embedded.Open(path)
	must(t, err)
	defer s.Close()
	catalogue(t, s)
	before := snapshot(t, s)
	sum := fileSum(t, path)
	good := []graph.Node{
		&graph.Competency{Meta: graph.Meta{ID: "c-new"}, Name: "New"},
		&graph.Competency{Meta: graph.Meta{ID: "c-sql"}, Name: "SQL, renamed"},
	}
	goodEdges := []graph.Edge{{Type: graph.RelBroader, From: "c-new", To: "c-math"}, {Type: graph.RelCertifies, From: "k1", To: "c-sql", Level: 5}}
	cases := []struct {
		name  string
		batch graph.Batch
		field string
	}{
		{"an invalid node", graph.Batch{Nodes: append(good, &graph.Competency{Name: " "}), Edges: goodEdges}, "nodes[2].name"},
		{"a nil node", graph.Batch{Nodes: append(good, nil), Edges: goodEdges}, "nodes[2].node"},
		{"an id of another kind", graph.Batch{Nodes: append(good, &graph.Framework{Meta: graph.Meta{ID: "c-data"}, Name: "X"}), Edges: goodEdges}, "nodes[2].id"},
		{"an unknown reference", graph.Batch{Nodes: append(good, &graph.Competency{Meta: graph.Meta{ID: "c-x"}, Name: "X", FrameworkID: "nope"}), Edges: goodEdges}, "nodes[2].frameworkId"},
		{"a block cycle", graph.Batch{Nodes: append(good, &graph.Block{Meta: graph.Meta{ID: "b-inner"}, Title: "Inner",
			Rule: graph.Rule{Kind: graph.RuleAll}, Components: []string{"k1", "b-cert"}}), Edges: goodEdges}, "nodes[2].components[1]"},
		{"a block cycle through an edge", graph.Batch{Nodes: good, Edges: append(goodEdges,
			graph.Edge{Type: graph.RelComprises, From: "b-inner", To: "b-cert"})}, "edges[2].to"},
		{"a rule the new components cannot meet", graph.Batch{Nodes: append(good, &graph.Block{Meta: graph.Meta{ID: "b-x"}, Title: "X",
			Rule: graph.Rule{Kind: graph.RuleMinHours, Min: 1000}, Components: []string{"k1", "b-inner"}}), Edges: goodEdges}, "nodes[2].rule.min"},
		{"a hierarchy cycle", graph.Batch{Nodes: good, Edges: append(goodEdges,
			graph.Edge{Type: graph.RelBroader, From: "c-math", To: "c-new"})}, "edges[2].to"},
		{"an edge between unknown nodes", graph.Batch{Nodes: good, Edges: append(goodEdges,
			graph.Edge{Type: graph.RelHas, From: "nobody", To: "c-sql"})}, "edges[2].from"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.BulkUpsert(ctx, tc.batch)
			if graph.ErrorField(err) != tc.field {
				t.Fatalf("BulkUpsert: %v (field %q), want field %q", err, graph.ErrorField(err), tc.field)
			}
			if fileSum(t, path) != sum {
				t.Fatal("a refused batch changed the file")
			}
			if after := snapshot(t, s); after != before {
				t.Fatalf("a refused batch changed what the store answers:\n%s", firstDiff(after, before))
			}
		})
	}
	// The good items alone are fine.
	res, err := s.BulkUpsert(ctx, graph.Batch{Nodes: good, Edges: goodEdges})
	must(t, err)
	if want := (graph.BulkResult{NodesCreated: 1, NodesUpdated: 1, EdgesCreated: 1, EdgesUpdated: 1}); res != want {
		t.Fatalf("BulkUpsert of the good items: %+v, want %+v", res, want)
	}
}

// TestSecondOpenFails checks that a file open in one store cannot be opened again until it
// is closed, and that the refusal says why.
func TestSecondOpenFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := embedded.Open(path)
	must(t, err)
	other, err := embedded.Open(path)
	if err == nil {
		other.Close()
		s.Close()
		t.Fatal("a second Open of an open file succeeded")
	}
	if !strings.Contains(err.Error(), "in use by another process") || !strings.Contains(err.Error(), path) {
		t.Errorf("second Open: %q, want it to name the file and say it is in use", err)
	}
	must(t, s.Close())
	s, err = embedded.Open(path)
	must(t, err)
	must(t, s.Close())
}

// TestOpenRefusesOtherFiles checks that Open refuses files that are not skillgraph stores.
func TestOpenRefusesOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	must(t, os.WriteFile(text, bytes.Repeat([]byte("not a database\n"), 1000), 0o600))
	if s, err := embedded.Open(text); err == nil {
		s.Close()
		t.Fatal("Open of a text file succeeded")
	}
	foreign := filepath.Join(dir, "other.db")
	db, err := bbolt.Open(foreign, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bbolt.Tx) error { _, err := tx.CreateBucket([]byte("things")); return err }))
	must(t, db.Close())
	if s, err := embedded.Open(foreign); err == nil {
		s.Close()
		t.Fatal("Open of another application's bbolt file succeeded")
	}
	future := filepath.Join(dir, "future.db")
	s, err := embedded.Open(future)
	must(t, err)
	must(t, s.Close())
	if v := fileVersion(t, future); v != "2" {
		t.Fatalf("a new file has storage version %q, want 2", v)
	}
	db, err = bbolt.Open(future, 0o600, nil)
	must(t, err)
	must(t, db.Update(func(tx *bbolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("99")) }))
	must(t, db.Close())
	if s, err := embedded.Open(future); err == nil || !strings.Contains(err.Error(), "storage version 99") {
		if s != nil {
			s.Close()
		}
		t.Fatalf("Open of a file of a newer storage version: %v, want an error naming the version", err)
	}
}

// TestClosed checks that a closed store refuses every call with EINTERNAL.
func TestClosed(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "graph.db"))
	must(t, err)
	must(t, s.Close())
	must(t, s.Close()) // again: nothing to do
	ctx := t.Context()
	_, err1 := s.Get(ctx, graph.KindCompetency, "x")
	_, err2 := s.Create(ctx, &graph.Competency{Name: "X"})
	_, err3 := s.List(ctx, graph.KindCompetency, graph.ListOptions{})
	_, err4 := s.Search(ctx, graph.SearchQuery{Text: "x"})
	_, err5 := s.BulkUpsert(ctx, graph.Batch{Nodes: []graph.Node{&graph.Competency{Name: "X"}}})
	for i, err := range []error{s.Ping(ctx), err1, err2, err3, err4, err5} {
		if graph.ErrorCode(err) != graph.EINTERNAL {
			t.Errorf("call %d on a closed store: %v, want %s", i, err, graph.EINTERNAL)
		}
	}
}

// TestConcurrentWritersAndReaders runs writers of every kind of write and readers at once,
// then checks that memory and file agree (reopening answers the same).
func TestConcurrentWritersAndReaders(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := embedded.Open(path)
	must(t, err)
	catalogue(t, s)
	const writers, readers, rounds = 6, 4, 40
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	stop := make(chan struct{})
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				id := fmt.Sprintf("w%d-%d", w, i)
				_, err := s.BulkUpsert(ctx, graph.Batch{
					Nodes: []graph.Node{&graph.Competency{Meta: graph.Meta{ID: id}, Name: "Skill " + id, FrameworkID: "fw"}},
					Edges: []graph.Edge{{Type: graph.RelBroader, From: id, To: "c-math"}, {Type: graph.RelCertifies, From: "k2", To: id, Level: 1 + i%5}},
				})
				if err == nil {
					err = s.Link(ctx, graph.Edge{Type: graph.RelRoleRequires, From: "role", To: id, Level: 1 + i%5})
				}
				if err == nil && i%3 == 0 {
					err = s.Unlink(ctx, graph.RelCertifies, "k2", id)
				}
				if err == nil && i%4 == 0 {
					_, err = s.Update(ctx, &graph.Competency{Meta: graph.Meta{ID: id}, Name: "Renamed " + id, FrameworkID: "fw"})
				}
				if err == nil && i%5 == 0 {
					err = s.Delete(ctx, graph.KindCompetency, id)
				}
				if err != nil {
					errs <- fmt.Errorf("writer %d round %d: %w", w, i, err)
					return
				}
			}
		}()
	}
	var rg sync.WaitGroup
	for r := range readers {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var err error
				switch r {
				case 0:
					_, err = s.Search(ctx, graph.SearchQuery{Text: "skill w"})
				case 1:
					_, err = s.List(ctx, graph.KindCompetency, graph.ListOptions{Filter: graph.Filter{Text: "renamed"}, Last: 10})
				case 2:
					_, err = s.Edges(ctx, graph.RelCertifies, graph.Outgoing, []string{"k2"}, graph.EdgeFilter{})
				default:
					_, err = s.PathwayContext(ctx, "ana", "role")
				}
				if err != nil {
					errs <- fmt.Errorf("reader %d: %w", r, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.FailNow()
	}
	st, err := s.Stats(ctx)
	must(t, err)
	// Per writer: rounds competencies less the deleted ones (i%5 == 0).
	if want := 4 + writers*(rounds-rounds/5); st.Nodes[graph.KindCompetency] != want {
		t.Errorf("%d competencies, want %d", st.Nodes[graph.KindCompetency], want)
	}
	before := snapshot(t, s)
	must(t, s.Close())
	s = reopen(t, path)
	if after := snapshot(t, s); after != before {
		t.Fatalf("after concurrent writes, the reopened store answers differently:\n%s", firstDiff(after, before))
	}
}

// TestRandomWritesMatchTheFile applies a long random sequence of writes, many of them refused,
// and checks that the store answers as a freshly opened copy of its file does.
func TestRandomWritesMatchTheFile(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "graph.db")
	s, err := embedded.Open(path)
	must(t, err)
	catalogue(t, s)
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(prefix string, n int) string { return fmt.Sprintf("%s%d", prefix, rng.IntN(n)) }
	ok, refused := 0, 0
	for i := range 1500 {
		var err error
		switch rng.IntN(9) {
		case 0:
			_, err = s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: pick("rc", 40)}, Name: fmt.Sprintf("Random skill %d", i),
				AltLabels: []string{pick("label ", 9)}})
		case 1:
			_, err = s.Update(ctx, &graph.Competency{Meta: graph.Meta{ID: pick("rc", 40)}, Name: fmt.Sprintf("Skill renamed %d", i)})
		case 2:
			err = s.Delete(ctx, graph.KindCompetency, pick("rc", 40))
		case 3:
			err = s.Link(ctx, graph.Edge{Type: graph.RelBroader, From: pick("rc", 40), To: pick("rc", 40)})
		case 4:
			err = s.Unlink(ctx, graph.RelBroader, pick("rc", 40), pick("rc", 40))
		case 5:
			_, err = s.Create(ctx, &graph.Credential{Meta: graph.Meta{ID: pick("rk", 20)}, Title: fmt.Sprintf("Course %d", i),
				Hours: float64(rng.IntN(50)), ECTS: float64(rng.IntN(4)), Modality: graph.ModalityOnSite, Language: "fr", OrganizationID: "org"})
		case 6:
			_, err = s.Create(ctx, &graph.Block{Meta: graph.Meta{ID: pick("rb", 10)}, Title: "Block",
				Rule: graph.Rule{Kind: graph.RuleMinECTS, Min: float64(1 + rng.IntN(4))}, Components: []string{pick("rk", 20), pick("rb", 10)}})
		case 7:
			if rng.IntN(2) == 0 {
				err = s.Link(ctx, graph.Edge{Type: graph.RelComprises, From: pick("rb", 10), To: pick("rb", 10)})
			} else {
				err = s.Unlink(ctx, graph.RelComprises, pick("rb", 10), pick("rk", 20))
			}
		default:
			var b graph.Batch
			for range 1 + rng.IntN(5) {
				b.Nodes = append(b.Nodes, &graph.Competency{Meta: graph.Meta{ID: pick("rc", 40)}, Name: pick("Batch skill ", 5)})
				b.Edges = append(b.Edges, graph.Edge{Type: graph.RelBroader, From: pick("rc", 40), To: pick("rc", 40)},
					graph.Edge{Type: graph.RelCertifies, From: pick("rk", 20), To: pick("rc", 40), Level: 1 + rng.IntN(5)})
			}
			_, err = s.BulkUpsert(ctx, b)
		}
		switch code := graph.ErrorCode(err); code {
		case "":
			ok++
		case graph.EINVALID, graph.ENOTFOUND, graph.ECONFLICT:
			refused++
		default:
			t.Fatalf("write %d: %v", i, err)
		}
	}
	t.Logf("%d writes done, %d refused", ok, refused)
	if ok < 200 || refused < 200 {
		t.Fatalf("%d writes done and %d refused: the sequence does not exercise both", ok, refused)
	}
	before := snapshot(t, s)
	must(t, s.Close())
	s = reopen(t, path)
	if after := snapshot(t, s); after != before {
		t.Fatalf("the reopened store answers differently:\n%s", firstDiff(after, before))
	}
}

// TestCanceledContext checks that a write under a canceled context fails and writes nothing.
func TestCanceledContext(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "graph.db"))
	must(t, err)
	defer s.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = s.Create(ctx, &graph.Competency{Meta: graph.Meta{ID: "c"}, Name: "X"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Create under a canceled context: %v", err)
	}
	if _, err := s.Get(t.Context(), graph.KindCompetency, "c"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Fatalf("Get after a canceled Create: %v, want %s", err, graph.ENOTFOUND)
	}
}

// TestBulkLongChains checks the cycle checks on long chains: a hierarchy 20,000 deep written in
// one batch, then extended at its narrow end, and a cycle closed by the last edge of a batch.
// BenchmarkBulkLongChains times the same writes, which stay fast only while the checks are linear.
func TestBulkLongChains(t *testing.T) {
	s, err := embedded.Open(filepath.Join(t.TempDir(), "graph.db"))
	must(t, err)
	defer s.Close()
	longChains(t, s)
}

func BenchmarkBulkLongChains(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s, err := embedded.Open(filepath.Join(b.TempDir(), "graph.db"))
		must(b, err)
		b.StartTimer()
		longChains(b, s)
		b.StopTimer()
		must(b, s.Close())
		b.StartTimer()
	}
}

// longChains writes the chains of TestBulkLongChains into the empty store s and checks them.
func longChains(t testing.TB, s *embedded.Store) {
	ctx := t.Context()
	const n = 20000
	id := func(i int) string { return fmt.Sprintf("c%05d", i) }
	var b graph.Batch
	for i := range n {
		b.Nodes = append(b.Nodes, &graph.Competency{Meta: graph.Meta{ID: id(i)}, Name: "Skill " + id(i)})
	}
	// Edges in the order that makes a per-edge search costliest: each new edge's broader end
	// starts an ever longer chain.
	for i := n - 2; i >= 0; i-- {
		b.Edges = append(b.Edges, graph.Edge{Type: graph.RelBroader, From: id(i), To: id(i + 1)})
	}
	res, err := s.BulkUpsert(ctx, b)
	must(t, err)
	if res.NodesCreated != n || res.EdgesCreated != n-1 {
		t.Fatalf("BulkUpsert: %+v", res)
	}
	// Extend the chain at its narrow end, one batch of new nodes each linked below the last.
	var more graph.Batch
	for i := range 5000 {
		x := fmt.Sprintf("d%04d", i)
		more.Nodes = append(more.Nodes, &graph.Competency{Meta: graph.Meta{ID: x}, Name: "Detail " + x})
		more.Edges = append(more.Edges, graph.Edge{Type: graph.RelBroader, From: x, To: id(0)})
	}
	_, err = s.BulkUpsert(ctx, more)
	must(t, err)
	// Closing the chain into a cycle is refused, naming the edge that closes it.
	cyc := graph.Batch{Edges: append(slices.Clone(more.Edges[:3]),
		graph.Edge{Type: graph.RelBroader, From: id(n - 1), To: "d0002"})}
	_, err = s.BulkUpsert(ctx, cyc)
	if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "edges[3].to" {
		t.Fatalf("closing a cycle 20,000 long: %v (field %q), want EINVALID on edges[3].to", err, graph.ErrorField(err))
	}
	if err := s.Link(ctx, graph.Edge{Type: graph.RelBroader, From: id(n - 1), To: "d0002"}); graph.ErrorField(err) != "to" {
		t.Fatalf("Link closing a cycle 20,000 long: %v, want EINVALID (to)", err)
	}
}
