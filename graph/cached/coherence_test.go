package cached_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/graph/neo4j"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

// twoProcesses returns two cached stores over one Neo4j database, each with its own driver,
// as two serve processes would have, with their first copies loaded. The database holds an
// organisation, a competency and a credential certifying it.
func twoProcesses(t *testing.T) (a, b *cached.Store, src *neo4j.Store) {
	t.Helper()
	ctx := context.Background()
	src = neo4jtest.Open(t)
	other, err := neo4j.Open(ctx, mustConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	_, err = src.BulkUpsert(ctx, graph.Batch{
		Nodes: []graph.Node{
			&graph.Organization{Meta: graph.Meta{ID: "org"}, Name: "Org", Kind: graph.OrgOnlineAcademy},
			&graph.Competency{Meta: graph.Meta{ID: "comp"}, Name: "SQL", Type: graph.CompetencyTypeSkill},
			&graph.Credential{Meta: graph.Meta{ID: "cred"}, Title: "SQL basics", Hours: 14, OrganizationID: "org",
				Modality: graph.ModalityRemote, Language: "en"},
		},
		Edges: []graph.Edge{{Type: graph.RelCertifies, From: "cred", To: "comp", Level: 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	a = cached.New(src, cached.Options{})
	b = cached.New(other, cached.Options{})
	for _, s := range []*cached.Store{a, b} {
		if err := s.Load(ctx); err != nil {
			t.Fatal(err)
		}
	}
	return a, b, src
}

func mustConfig(t *testing.T) neo4j.Config {
	cfg, ok := neo4jtest.Config()
	if !ok {
		t.Fatal("NEO4J_URI unset")
	}
	return cfg
}

// request is one request's context: its reads share one version check.
func request() context.Context { return graph.WithReadScope(context.Background()) }

func title(t *testing.T, s graph.Store, ctx context.Context) string {
	t.Helper()
	n, err := s.Get(ctx, graph.KindCredential, "cred")
	if err != nil {
		t.Fatal(err)
	}
	return n.(*graph.Credential).Title
}

// retitle renames the credential through s, in the request of ctx.
func retitle(t *testing.T, s graph.Store, ctx context.Context, title string) {
	t.Helper()
	n, err := s.Get(ctx, graph.KindCredential, "cred")
	if err != nil {
		t.Fatal(err)
	}
	c := n.(*graph.Credential)
	c.Title = title
	if _, err := s.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// A write through one process is read through the other on its next request, although the
// other held a copy of the catalogue from before the write.
func TestWriteSeenByOtherProcessOnNextRequest(t *testing.T) {
	a, b, _ := twoProcesses(t)
	hits0, _ := b.HitsAndMisses()
	if got := title(t, b, request()); got != "SQL basics" {
		t.Fatalf("before the write, b reads %q", got)
	}
	if hits, _ := b.HitsAndMisses(); hits != hits0+1 {
		t.Fatalf("b answered a current catalogue read from the database (hits %d -> %d)", hits0, hits)
	}

	ctx := request()
	retitle(t, a, ctx, "SQL in depth")
	if got := title(t, a, ctx); got != "SQL in depth" {
		t.Errorf("a's own request reads %q after its write", got)
	}
	if got := title(t, b, request()); got != "SQL in depth" {
		t.Errorf("b's next request reads %q, want the write", got)
	}
	// Once b has copied the catalogue again, it answers from memory, with the write.
	if err := b.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	hits1, _ := b.HitsAndMisses()
	if got := title(t, b, request()); got != "SQL in depth" {
		t.Errorf("b's copy reads %q, want the write", got)
	}
	if hits, _ := b.HitsAndMisses(); hits != hits1+1 {
		t.Errorf("b did not answer from its new copy (hits %d -> %d)", hits1, hits)
	}
}

// Catalogue writes change the version; writes of personal data leave it, so that learners'
// activity does not make processes copy the catalogue again.
func TestVersionMovesWithCatalogueWritesOnly(t *testing.T) {
	_, _, src := twoProcesses(t)
	ctx := context.Background()
	version := func() string {
		v, err := src.CatalogueVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	if v0 == "" {
		t.Fatal("a written catalogue has no version")
	}
	if _, err := src.Create(ctx, &graph.Learner{Meta: graph.Meta{ID: "lea"}, Name: "Léa"}); err != nil {
		t.Fatal(err)
	}
	if err := src.Link(ctx, graph.Edge{Type: graph.RelHas, From: "lea", To: "comp", Level: 2, Source: graph.SourceDeclared}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Errorf("personal writes moved the version %q -> %q", v0, v)
	}
	if err := src.Link(ctx, graph.Edge{Type: graph.RelCertifies, From: "cred", To: "comp", Level: 3}); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Error("a catalogue link left the version")
	}
	// A re-run of an import that changes nothing leaves it too.
	if _, err := src.BulkUpsert(ctx, graph.Batch{Edges: []graph.Edge{{Type: graph.RelCertifies, From: "cred", To: "comp", Level: 3}}}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v1 {
		t.Errorf("an unchanged bulk upsert moved the version %q -> %q", v1, v)
	}
	if err := src.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v1 || v == "" {
		t.Errorf("wiping the database left version %q (before %q)", v, v1)
	}
}

// One request reads the version once, however many catalogue reads it makes.
func TestOneVersionCheckPerRequest(t *testing.T) {
	a, _, _ := twoProcesses(t)
	ctx := request()
	for range 5 {
		title(t, a, ctx)
		if _, err := a.Search(ctx, graph.SearchQuery{Text: "sql"}); err != nil {
			t.Fatal(err)
		}
	}
	hits, misses := a.HitsAndMisses()
	if misses != 0 || hits != 10 {
		t.Errorf("hits %d, misses %d; want 10 and 0", hits, misses)
	}
}

// Readers running while another process writes and this one copies the catalogue again see
// either the old or the new title, never an error, and once the copy is reloaded, the new.
func TestReadsDuringReloads(t *testing.T) {
	a, b, _ := twoProcesses(t)
	titles := []string{"SQL basics"}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				n, err := b.Get(request(), graph.KindCredential, "cred")
				if err != nil {
					errs <- err
					return
				}
				_ = n.(*graph.Credential).Title
			}
		}()
	}
	ctx := context.Background()
	for i := range 5 {
		n, err := a.Get(ctx, graph.KindCredential, "cred")
		if err != nil {
			t.Fatal(err)
		}
		c := n.(*graph.Credential)
		c.Title = fmt.Sprintf("SQL, edition %d", i+2)
		if _, err := a.Update(ctx, c); err != nil {
			t.Fatal(err)
		}
		titles = append(titles, c.Title)
		if err := b.Load(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := title(t, b, request()); got != titles[len(titles)-1] {
		t.Errorf("after the last write and reload, b reads %q, want %q", got, titles[len(titles)-1])
	}
}

// versionCounter counts the source's CatalogueVersion calls.
type versionCounter struct {
	*neo4j.Store
	versions int
}

func (v *versionCounter) CatalogueVersion(ctx context.Context) (string, error) {
	v.versions++
	return v.Store.CatalogueVersion(ctx)
}

// A request that starts with personal data reads the catalogue's version in the same round trip
// (graph.VersionedReader): its catalogue reads then need no version call of their own, and still
// see another process's write.
func TestPersonalReadCarriesTheVersion(t *testing.T) {
	a, _, src := twoProcesses(t)
	ctx := context.Background()
	if _, err := src.Create(ctx, &graph.Learner{Meta: graph.Meta{ID: "learner"}, Name: "Léa"}); err != nil {
		t.Fatal(err)
	}
	counted := &versionCounter{Store: src}
	b := cached.New(counted, cached.Options{})
	if err := b.Load(ctx); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		req := request()
		ln, err := b.Get(req, graph.KindLearner, "learner")
		if err != nil {
			t.Fatal(err)
		}
		if ln.(*graph.Learner).Name != "Léa" {
			t.Fatalf("learner %+v", ln)
		}
		if _, err := b.Get(req, graph.KindLearner, "nobody"); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Fatalf("a missing learner: %v, want ENOTFOUND", err)
		}
		return title(t, b, req)
	}
	hits0, _ := b.HitsAndMisses()
	if got := read(); got != "SQL basics" {
		t.Fatalf("reads %q", got)
	}
	if hits, _ := b.HitsAndMisses(); counted.versions != 0 || hits != hits0+1 {
		t.Fatalf("%d version calls and %d memory hits, want 0 and 1", counted.versions, hits-hits0)
	}

	// Another process changes the catalogue: the next request's personal read brings the new
	// version, and its catalogue read goes to the database rather than to the stale copy.
	wctx := request()
	n, err := a.Get(wctx, graph.KindCredential, "cred")
	if err != nil {
		t.Fatal(err)
	}
	c := n.(*graph.Credential)
	c.Title = "SQL in depth"
	if _, err := a.Update(wctx, c); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "SQL in depth" {
		t.Fatalf("after another process's write, reads %q", got)
	}
	if counted.versions != 0 {
		t.Fatalf("%d version calls, want none", counted.versions)
	}
}
