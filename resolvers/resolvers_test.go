package resolvers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// countingStore counts the store calls a request makes; everything else is the real store.
type countingStore struct {
	graph.Store
	calls atomic.Int64
	// learnerReads counts the Get, GetMany and GetWithEdges calls for learners, and
	// personalEdgeReads the Edges calls for personal relationship types.
	learnerReads, personalEdgeReads atomic.Int64
	// skippedTotals counts the List calls that asked for no total count.
	skippedTotals atomic.Int64
	// writes counts the calls that write: Create, Update, Link and BulkUpsert.
	writes atomic.Int64
}

func (c *countingStore) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	c.writes.Add(1)
	return c.Store.Create(ctx, n)
}
func (c *countingStore) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	c.writes.Add(1)
	return c.Store.Update(ctx, n)
}
func (c *countingStore) Link(ctx context.Context, e graph.Edge) error {
	c.writes.Add(1)
	return c.Store.Link(ctx, e)
}
func (c *countingStore) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	c.writes.Add(1)
	return c.Store.BulkUpsert(ctx, b)
}

func (c *countingStore) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	c.calls.Add(1)
	if k == graph.KindLearner {
		c.learnerReads.Add(1)
	}
	return c.Store.Get(ctx, k, id)
}
func (c *countingStore) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	c.calls.Add(1)
	if k == graph.KindLearner {
		c.learnerReads.Add(1)
	}
	return c.Store.GetMany(ctx, k, ids)
}
func (c *countingStore) List(ctx context.Context, k graph.Kind, o graph.ListOptions) (*graph.Page, error) {
	c.calls.Add(1)
	if o.SkipTotal {
		c.skippedTotals.Add(1)
	}
	return c.Store.List(ctx, k, o)
}

// GetWithEdges is the store's in one call when it has it, as serve's instrumentation does.
func (c *countingStore) GetWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, error) {
	if _, ok := c.Store.(graph.EdgesReader); !ok {
		return graph.ReadWithEdgesApart(ctx, c, k, id, types)
	}
	c.calls.Add(1)
	if k == graph.KindLearner {
		c.learnerReads.Add(1)
	}
	return graph.ReadWithEdges(ctx, c.Store, k, id, types)
}

// ReadsFromMemory is the store's, so that the API is tested with reads made at once where serve
// makes them so.
func (c *countingStore) ReadsFromMemory(ctx context.Context, personal bool) bool {
	m, ok := c.Store.(graph.MemoryReader)
	return ok && m.ReadsFromMemory(ctx, personal)
}

func (c *countingStore) Edges(ctx context.Context, t graph.RelType, d graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	c.calls.Add(1)
	if t.Personal() {
		c.personalEdgeReads.Add(1)
	}
	return c.Store.Edges(ctx, t, d, ids, f)
}
func (c *countingStore) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	c.calls.Add(1)
	return c.Store.Search(ctx, q)
}

// sampleDir is the ESCO sample export, read at run time from the shared data folder.
func sampleDir(t testing.TB) string {
	return seedtest.DataDir(t, "esco-official-sample")
}

// fixture is a store holding the demo dataset and the ESCO sample, served over real HTTP.
type fixture struct {
	store  *countingStore
	url    string // the GraphQL endpoint
	base   string // the server's root
	badges *issuance.Service
	token  string // sent by do: an admin's, unless a test says otherwise
}

// testSecret signs the tests' development tokens.
var testSecret = []byte("test secret of at least 32 bytes!")

func mint(t *testing.T, in access.MintInput) string {
	t.Helper()
	tok, err := access.Mint(testSecret, in)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestAPI runs every case against the embedded store and against Neo4j, each loaded once with
// the ESCO sample and the demo dataset and served over real HTTP.
func TestAPI(t *testing.T) {
	cases := []struct {
		name string
		f    func(t *testing.T, fx *fixture)
	}{
		{"RoundTripsDoNotGrowWithPageSize", testRoundTripsDoNotGrowWithPageSize},
		{"GlobalIDs", testGlobalIDs},
		{"Connections", testConnections},
		{"FiltersAndBothWays", testFiltersAndBothWays},
		{"SearchAndCovering", testSearchAndCovering},
		{"Mutations", testMutations},
		{"IssueIsIdempotent", testIssueIsIdempotent},
		{"PersistedQueries", testPersistedQueries},
		{"SkillGap", testSkillGap},
		{"RecommendPathways", testRecommendPathways},
		{"ExplanationsAsMessages", testExplanationsAsMessages},
		{"RoleFromOccupation", testRoleFromOccupation},
		{"CoverageMatrix", testCoverageMatrix},
		{"FrenchLabels", testFrenchLabels},
		{"Stacking", testStacking},
		{"RoleFitAndCandidates", testRoleFitAndCandidates},
		{"PlanCachesFollowOtherWriters", testPlanCachesFollowOtherWriters},
		{"BadgeLifecycle", testBadgeLifecycle},
		{"BlockBadgeAndRotation", testBlockBadgeAndRotation},
		{"AccessMatrix", testAccessMatrix},
		{"LearnerScopes", testLearnerScopes},
		{"BadTokens", testBadTokens},
		{"TotalCountOnlyWhenSelected", testTotalCountOnlyWhenSelected},
		{"MemoryReadsUnbatched", testMemoryReadsUnbatched},
		{"LearnerReadOncePerRequest", testLearnerReadOncePerRequest},
		{"AchievementsList", testAchievementsList},
		{"RevocationIsPermanent", testRevocationIsPermanent},
		{"NoExistenceOracle", testNoExistenceOracle},
		{"EnrolmentAndVisibility", testEnrolmentAndVisibility},
		{"BadInputIsCoded", testBadInputIsCoded},
		{"RoleArgument", testRoleArgument},
		{"AbsentValuesAreNull", testAbsentValuesAreNull},
		{"NestedCreates", testNestedCreates},
		{"CompiledPathMatchesExecutor", testCompiledPathMatchesExecutor},
	}
	for _, store := range []string{"embedded", "neo4j"} {
		t.Run(store, func(t *testing.T) {
			fx := newFixture(t, store)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) { c.f(t, fx) })
			}
		})
	}
}

func newFixture(t *testing.T, name string) *fixture {
	var s graph.Store
	if name == "neo4j" {
		// As serve runs on Neo4j: the catalogue answered from memory, here reloaded before
		// any read that follows a write, so that every catalogue read takes the memory path.
		s = cached.New(neo4jtest.Open(t), cached.Options{Sync: true})
	} else {
		b, err := embedded.Open(filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		s = b
	}
	ctx := context.Background()
	if _, err := esco.Import(ctx, s, []string{sampleDir(t)}, esco.Options{}); err != nil {
		t.Fatalf("import sample: %v", err)
	}
	if _, err := demo.Load(ctx, s); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	cs := &countingStore{Store: s}
	// The badge service needs the server's address for the URLs it signs into badges.
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	keys, err := badges.OpenKeyStore("", badges.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := issuance.New(cs, keys, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	verifier, err := access.NewVerifier(access.Config{HS256Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/graphql", resolvers.NewHandler(cs, resolvers.Options{Introspection: true, BatchWait: 10 * time.Millisecond,
		Badges: svc, Verifier: verifier}))
	for pattern, h := range svc.Routes(nil) {
		mux.Handle(pattern, h)
	}
	srv.Config.Handler = mux
	return &fixture{store: cs, url: srv.URL + "/graphql", base: srv.URL, badges: svc,
		token: mint(t, access.MintInput{Role: access.RoleAdmin, Subject: "test-admin"})}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type response struct {
	Data   map[string]any `json:"data"`
	Errors []gqlError     `json:"errors"`
}

// do posts a GraphQL request as the fixture's admin and decodes the answer.
func (fx *fixture) do(t *testing.T, query string, vars map[string]any) response {
	t.Helper()
	return fx.doAs(t, fx.token, query, vars)
}

// doAs posts a GraphQL request with a bearer token ("" for none) and decodes the answer.
func (fx *fixture) doAs(t *testing.T, token, query string, vars map[string]any) response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, fx.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return out
}

// okAs runs a query that must succeed with a bearer token.
func (fx *fixture) okAs(t *testing.T, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := fx.doAs(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %+v", r.Errors)
	}
	return r.Data
}

// ok runs a query that must succeed.
func (fx *fixture) ok(t *testing.T, query string, vars map[string]any) map[string]any {
	t.Helper()
	r := fx.do(t, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("query failed: %+v", r.Errors)
	}
	return r.Data
}

// fails runs a query that must fail with code (and field, when given).
func (fx *fixture) fails(t *testing.T, query string, vars map[string]any, code, field string) gqlError {
	t.Helper()
	r := fx.do(t, query, vars)
	if len(r.Errors) == 0 {
		t.Fatalf("want a %s error, got data %v", code, r.Data)
	}
	e := r.Errors[0]
	if e.Extensions["code"] != code {
		t.Fatalf("want code %s, got %+v", code, e)
	}
	if field != "" && e.Extensions["field"] != field {
		t.Fatalf("want field %s, got %+v", field, e)
	}
	return e
}

// dig walks a decoded JSON value by keys and indexes ("a.b.0.c").
func dig(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func list(v any, path string) []any {
	l, _ := dig(v, path).([]any)
	return l
}

const rolesQuery = `query($n: Int) {
  jobRoles(first: $n, orderBy: {field: ID}) {
    edges { node { title
      requirements(first: 5) { totalCount edges { importance level node { name
        certifiedBy(first: 3) { edges { level node { title organization { name } } } }
        broader { edges { node { name } } } } } } } }
  }
}`

// The loaders make a query's store round trips depend on its shape, not on its page sizes. The
// fixture's loaders wait longer than the default for keys, so that a busy test machine does not
// split a batch; the fewest calls of three runs is what the query needs.
func testRoundTripsDoNotGrowWithPageSize(t *testing.T, fx *fixture) {
	if testing.Short() {
		// Under -race -short the scheduler runs many times slower: the windows below would
		// have to grow with it, and the property does not depend on the race detector.
		t.Skip("batching windows: not under -short")
	}
	// Its own endpoint over the same store, with loaders that batch every read (as they do
	// for reads that reach a database) and wait long enough for every sibling to register
	// even when other test packages load the machine: the property tested is how many calls
	// a query needs, not how fast the scheduler runs.
	srv := httptest.NewServer(resolvers.NewHandler(fx.store, resolvers.Options{BatchWait: 50 * time.Millisecond, BatchAll: true}))
	defer srv.Close()
	slow := *fx
	slow.url, slow.token = srv.URL, ""
	calls := map[int]int64{}
	for _, n := range []int{5, 50} {
		var data map[string]any
		// The fewest calls of five tries: a try whose siblings missed the window on a
		// loaded machine makes more calls, never fewer.
		for range 5 {
			before := fx.store.calls.Load()
			data = slow.ok(t, rolesQuery, map[string]any{"n": n})
			if c := fx.store.calls.Load() - before; calls[n] == 0 || c < calls[n] {
				calls[n] = c
			}
		}
		edges := list(data, "jobRoles.edges")
		if len(edges) != n {
			t.Fatalf("first %d: got %d roles", n, len(edges))
		}
		withReqs := 0
		for _, e := range edges {
			if len(list(e, "node.requirements.edges")) > 0 {
				withReqs++
			}
		}
		if withReqs < n/2 {
			t.Fatalf("first %d: only %d roles have requirements", n, withReqs)
		}
	}
	t.Logf("store calls: page of 5: %d, page of 50: %d", calls[5], calls[50])
	if calls[5] != calls[50] || calls[5] == 0 {
		t.Fatalf("store calls grew with the page size: %v", calls)
	}
}

// Reads the store answers from memory (the embedded store; the catalogue on Neo4j while its
// copy is current) are made at once, each parent's own, rather than after a batch window:
// with the same query, a larger page makes more, cheaper, store calls.
func testMemoryReadsUnbatched(t *testing.T, fx *fixture) {
	calls := map[int]int64{}
	for _, n := range []int{5, 50} {
		before := fx.store.calls.Load()
		d := fx.ok(t, rolesQuery, map[string]any{"n": n})
		calls[n] = fx.store.calls.Load() - before
		if got := len(list(d, "jobRoles.edges")); got != n {
			t.Fatalf("first %d: got %d roles", n, got)
		}
	}
	t.Logf("store calls, reads at once: page of 5: %d, page of 50: %d", calls[5], calls[50])
	if calls[50] <= calls[5] {
		t.Errorf("a page of 50 made %d store calls and a page of 5 %d: memory reads were batched", calls[50], calls[5])
	}
}

// A learner read by a request is not read again for the access check of their holdings and
// targets; a write to the learner in the same request makes the next check read it again.
func testLearnerReadOncePerRequest(t *testing.T, fx *fixture) {
	advisor := mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"})
	// On Neo4j, the learner comes with their holdings and targets in one call.
	_, oneCall := fx.store.Store.(graph.EdgesReader)
	for _, token := range []string{fx.token, advisor} {
		before, edgesBefore := fx.store.learnerReads.Load(), fx.store.personalEdgeReads.Load()
		d := fx.okAs(t, token, `{ learner(key: "learner-camille-martin") { name holdings { edges { level node { name } } } targets { edges { node { title } } } } }`, nil)
		if reads := fx.store.learnerReads.Load() - before; reads != 1 {
			t.Errorf("the learner was read %d times, want once", reads)
		}
		if edgeReads := fx.store.personalEdgeReads.Load() - edgesBefore; oneCall && edgeReads != 0 {
			t.Errorf("holdings and targets read in %d more calls, want none", edgeReads)
		}
		if len(list(d, "learner.holdings.edges")) < 3 || len(list(d, "learner.targets.edges")) == 0 {
			t.Fatalf("holdings and targets: %v", d)
		}
		// The same holdings as through the reads apart (a list of learners is not prefetched).
		all := fx.okAs(t, token, `{ learners(first: 100) { edges { node { key holdings { edges { level node { name } } } } } } }`, nil)
		found := false
		for _, e := range list(all, "learners.edges") {
			if dig(e, "node.key") == "learner-camille-martin" {
				found = true
				if got, want := fmt.Sprint(list(e, "node.holdings.edges")), fmt.Sprint(list(d, "learner.holdings.edges")); got != want {
					t.Errorf("holdings read apart %s, read along %s", got, want)
				}
			}
		}
		if !found {
			t.Fatal("the learner is not in the caller's list")
		}
	}
	// Hidden stays hidden: another advisor's learner answers FORBIDDEN for the whole path.
	stranger := mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nobody"})
	r := fx.doAs(t, stranger, `{ learner(key: "learner-camille-martin") { holdings { edges { level } } } }`, nil)
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != resolvers.CodeForbidden {
		t.Fatalf("a stranger's read: %+v", r)
	}
}

// A list counts its matches only when the request selects totalCount, through a fragment too.
func testTotalCountOnlyWhenSelected(t *testing.T, fx *fixture) {
	for _, c := range []struct {
		query string
		skip  bool
	}{
		{`{ competencies(first: 2, where: {text: "data"}) { edges { node { name } } } }`, true},
		{`{ competencies(first: 2, where: {text: "data"}) { totalCount edges { node { name } } } }`, false},
		{`{ competencies(first: 2, where: {text: "data"}) { ...total } } fragment total on CompetencyConnection { totalCount }`, false},
	} {
		before := fx.store.skippedTotals.Load()
		d := fx.ok(t, c.query, nil)
		if skipped := fx.store.skippedTotals.Load() > before; skipped != c.skip {
			t.Errorf("%s: total skipped %v, want %v", c.query, skipped, c.skip)
		}
		if total, ok := dig(d, "competencies.totalCount").(float64); !c.skip && (!ok || total < 2) {
			t.Errorf("%s: totalCount %v", c.query, dig(d, "competencies.totalCount"))
		}
	}
}

func testGlobalIDs(t *testing.T, fx *fixture) {
	d := fx.ok(t, `{ credential(key: "cred-tableur-analyse") { id key title } }`, nil)
	id, _ := dig(d, "credential.id").(string)
	if id == "" || strings.Contains(id, "cred-tableur") {
		t.Fatalf("want an opaque global id, got %q", id)
	}
	d = fx.ok(t, `query($id: ID!) { node(id: $id) { id ... on Credential { key } } byId: credential(id: $id) { key }
			nodes(ids: [$id, "Q3JlZGVudGlhbDpub3Bl"]) { id } }`, map[string]any{"id": id})
	if dig(d, "node.key") != "cred-tableur-analyse" || dig(d, "byId.key") != "cred-tableur-analyse" {
		t.Fatalf("node/credential by id: %v", d)
	}
	if ns := list(d, "nodes"); len(ns) != 2 || dig(ns[0], "id") != id || ns[1] != nil {
		t.Fatalf("nodes: want [node, null], got %v", ns)
	}
	// The id of a credential is not the id of a block.
	fx.fails(t, `query($id: ID!) { block(id: $id) { key } }`, map[string]any{"id": id}, resolvers.CodeBadUserInput, "id")
	fx.fails(t, `{ node(id: "%%%") { id } }`, nil, resolvers.CodeBadUserInput, "id")
	if d := fx.ok(t, `{ credential(key: "nope") { key } }`, nil); d["credential"] != nil {
		t.Fatalf("unknown key: want null, got %v", d)
	}
}

func testConnections(t *testing.T, fx *fixture) {
	const q = `query($first: Int, $after: String, $last: Int, $before: String) {
			credentials(first: $first, after: $after, last: $last, before: $before, orderBy: {field: HOURS, direction: DESC}) {
				totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
				edges { cursor node { key hours } } } }`
	keys := func(d map[string]any) []string {
		var out []string
		for _, e := range list(d, "credentials.edges") {
			out = append(out, dig(e, "node.key").(string))
		}
		return out
	}
	six := fx.ok(t, q, map[string]any{"first": 6})
	p1 := fx.ok(t, q, map[string]any{"first": 3})
	p2 := fx.ok(t, q, map[string]any{"first": 3, "after": dig(p1, "credentials.pageInfo.endCursor")})
	if got, want := strings.Join(append(keys(p1), keys(p2)...), ","), strings.Join(keys(six), ","); got != want {
		t.Fatalf("two pages of 3 = %s, want %s", got, want)
	}
	if dig(p2, "credentials.pageInfo.hasPreviousPage") != true || dig(p1, "credentials.pageInfo.hasNextPage") != true {
		t.Fatalf("page info: %v / %v", dig(p1, "credentials.pageInfo"), dig(p2, "credentials.pageInfo"))
	}
	sixEdges := list(six, "credentials.edges")
	back := fx.ok(t, q, map[string]any{"last": 2, "before": dig(sixEdges[5], "cursor")})
	if got, want := strings.Join(keys(back), ","), strings.Join(keys(six)[3:5], ","); got != want {
		t.Fatalf("last 2 before the 6th = %s, want %s", got, want)
	}
	prev := 1e9
	for _, e := range sixEdges {
		h := dig(e, "node.hours").(float64)
		if h > prev {
			t.Fatalf("not ordered by hours descending: %v", sixEdges)
		}
		prev = h
	}
	none := fx.ok(t, q, map[string]any{"first": 0})
	if len(list(none, "credentials.edges")) != 0 || dig(none, "credentials.totalCount").(float64) < 30 {
		t.Fatalf("first: 0: want no edges and the total count, got %v", none)
	}
	fx.fails(t, q, map[string]any{"first": 1000000}, resolvers.CodeBadUserInput, "first")
	fx.fails(t, q, map[string]any{"first": 2, "after": "bogus"}, resolvers.CodeBadUserInput, "after")
	// Relationship lists page too.
	d := fx.ok(t, `{ jobRole(key: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2") { requirements(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { key } } } } }`, nil)
	if n := len(list(d, "jobRole.requirements.edges")); n != 2 || dig(d, "jobRole.requirements.pageInfo.hasNextPage") != true {
		t.Fatalf("requirements page: %v", d)
	}
}

func testFiltersAndBothWays(t *testing.T, fx *fixture) {
	d := fx.ok(t, `{ credentials(first: 100, where: {modalities: [REMOTE], price: {max: 500}}) { totalCount edges { node { modality price } } } }`, nil)
	if len(list(d, "credentials.edges")) == 0 {
		t.Fatal("no remote credential under 500")
	}
	for _, e := range list(d, "credentials.edges") {
		if dig(e, "node.modality") != "REMOTE" || dig(e, "node.price").(float64) > 500 {
			t.Fatalf("filter not applied: %v", e)
		}
	}
	// Every credential certifying a competency at level >= 3 lists it among what it certifies,
	// and the competency lists the credential among those certifying it.
	d = fx.ok(t, `{ competency(key: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833") { key certifiedBy(minLevel: 2) { edges { level node { key } } }
				requiredBy(first: 20) { edges { importance node { key requirements(first: 500) { edges { node { key } } } } } } }
			credentials(first: 100, where: {certifies: {competencyId: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833", minLevel: 2}}) { edges { node { key certifies { edges { level node { key } } } } } } }`, nil)
	byFilter := map[string]bool{}
	for _, e := range list(d, "credentials.edges") {
		byFilter[dig(e, "node.key").(string)] = true
		found := false
		for _, c := range list(e, "node.certifies.edges") {
			if dig(c, "node.key") == "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833" && dig(c, "level").(float64) >= 2 {
				found = true
			}
		}
		if !found {
			t.Fatalf("%v does not certify statistics at level >= 2", dig(e, "node.key"))
		}
	}
	edges := list(d, "competency.certifiedBy.edges")
	if len(edges) == 0 || len(edges) != len(byFilter) {
		t.Fatalf("certifiedBy (%d) and the certifies filter (%d) disagree", len(edges), len(byFilter))
	}
	for _, e := range edges {
		if !byFilter[dig(e, "node.key").(string)] {
			t.Fatalf("%v certifies statistics but the filter missed it", e)
		}
	}
	for _, e := range list(d, "competency.requiredBy.edges") {
		found := false
		for _, r := range list(e, "node.requirements.edges") {
			found = found || dig(r, "node.key") == "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
		}
		if !found {
			t.Fatalf("role %v is listed as requiring statistics but does not", dig(e, "node.key"))
		}
	}
	// Blocks and their components, both ways.
	d = fx.ok(t, `{ block(key: "block-data-preparer") { rule { kind } components { edges { node { __typename ... on Credential { key blocks { edges { node { key } } } } } } } } }`, nil)
	comps := list(d, "block.components.edges")
	if len(comps) == 0 {
		t.Fatal("block without components")
	}
	for _, c := range comps {
		found := false
		for _, b := range list(c, "node.blocks.edges") {
			found = found || dig(b, "node.key") == "block-data-preparer"
		}
		if !found {
			t.Fatalf("component %v does not list its block", c)
		}
	}
}

func testSearchAndCovering(t *testing.T, fx *fixture) {
	d := fx.ok(t, `{ search(query: "data", types: [JOB_ROLE], first: 5) { hasMore edges { score node { __typename ... on JobRole { title } } } } }`, nil)
	hits := list(d, "search.edges")
	if len(hits) == 0 {
		t.Fatal("no role matches data")
	}
	for _, h := range hits {
		if dig(h, "node.__typename") != "JobRole" || !strings.Contains(strings.ToLower(dig(h, "node.title").(string)), "data") && dig(h, "score").(float64) <= 0 {
			t.Fatalf("unexpected hit %v", h)
		}
	}
	fx.fails(t, `{ search(query: "   ") { hasMore } }`, nil, resolvers.CodeBadUserInput, "query")
	d = fx.ok(t, `{ credentialsCovering(competencyIds: ["esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833", "esco:skill/143769cb-b61e-47d8-a61e-eedfbec1016c"], minLevel: 2, first: 5) {
			coveredCount coverage credential { key } covers { level competency { key } } } }`, nil)
	ranked := list(d, "credentialsCovering")
	if len(ranked) == 0 {
		t.Fatal("no credential covers the set")
	}
	prev := 99.0
	for _, c := range ranked {
		n := dig(c, "coveredCount").(float64)
		if n > prev || int(n) != len(list(c, "covers")) {
			t.Fatalf("ranking or counts wrong: %v", ranked)
		}
		prev = n
		for _, cv := range list(c, "covers") {
			if dig(cv, "level").(float64) < 2 {
				t.Fatalf("covers below minLevel: %v", c)
			}
		}
	}
	fx.fails(t, `{ credentialsCovering(competencyIds: ["no-such-competency"]) { coveredCount } }`, nil, resolvers.CodeNotFound, "")
}

func testMutations(t *testing.T, fx *fixture) {
	fx.ok(t, `mutation { createOrganization(input: {key: "org-mut", name: "Mutation School", kind: VOCATIONAL_SCHOOL}) { id } }`, nil)
	d := fx.ok(t, `mutation { createCredential(input: {key: "cred-mut", title: "Test credential", description: "to clear", hours: 20, modality: BLENDED,
				language: "fr", price: 300, organizationId: "org-mut", assessmentTypes: [PROJECT]}) { id key title hours organization { key } } }`, nil)
	id := dig(d, "createCredential.id").(string)
	if dig(d, "createCredential.organization.key") != "org-mut" {
		t.Fatalf("create: %v", d)
	}
	// A partial update keeps what it leaves out and clears what it sets to null.
	d = fx.ok(t, `mutation($id: ID!) { updateCredential(input: {id: $id, title: "Renamed", description: null}) { title hours description assessmentTypes } }`, map[string]any{"id": id})
	if dig(d, "updateCredential.title") != "Renamed" || dig(d, "updateCredential.hours").(float64) != 20 ||
		dig(d, "updateCredential.description") != nil || len(list(d, "updateCredential.assessmentTypes")) != 1 {
		t.Fatalf("update: %v", d)
	}
	d = fx.ok(t, `mutation($id: ID!) { link(input: {type: CERTIFIES, from: $id, to: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833", level: 4}) { type from { id } to { ... on Competency { key } } } }`, map[string]any{"id": id})
	if dig(d, "link.to.key") != "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833" {
		t.Fatalf("link: %v", d)
	}
	d = fx.ok(t, `{ credential(key: "cred-mut") { certifies { edges { level node { key } } } } }`, nil)
	if e := list(d, "credential.certifies.edges"); len(e) != 1 || dig(e[0], "level").(float64) != 4 {
		t.Fatalf("certifies after link: %v", d)
	}
	fx.ok(t, `mutation($id: ID!) { unlink(type: CERTIFIES, from: $id, to: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833") { type } }`, map[string]any{"id": id})
	fx.fails(t, `mutation($id: ID!) { unlink(type: CERTIFIES, from: $id, to: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833") { type } }`, map[string]any{"id": id}, resolvers.CodeNotFound, "")

	// Bad input, each with its code and field.
	fx.fails(t, `mutation { createCredential(input: {title: "X", hours: -5, modality: REMOTE, language: "fr", price: 1, organizationId: "org-mut"}) { id } }`, nil, resolvers.CodeBadUserInput, "input.hours")
	fx.fails(t, `mutation { createCredential(input: {title: "X", hours: 5, modality: REMOTE, language: "fr", price: 1, organizationId: "org-none"}) { id } }`, nil, resolvers.CodeBadUserInput, "input.organizationId")
	fx.fails(t, `mutation { createOrganization(input: {key: "org-mut", name: "Again"}) { id } }`, nil, resolvers.CodeConflict, "")
	fx.fails(t, `mutation { deleteOrganization(id: "org-mut") { deletedId } }`, nil, resolvers.CodeConflict, "")
	fx.fails(t, `mutation { updateCompetency(input: {id: "no-such", name: "x"}) { id } }`, nil, resolvers.CodeNotFound, "")
	fx.fails(t, `mutation { link(input: {type: PREREQUISITE, from: "cred-mut", to: "cred-mut"}) { type } }`, nil, resolvers.CodeBadUserInput, "")

	d = fx.ok(t, `mutation($id: ID!) { deleteCredential(id: $id) { deletedId } }`, map[string]any{"id": id})
	if dig(d, "deleteCredential.deletedId") != id {
		t.Fatalf("delete: %v", d)
	}
	if d := fx.ok(t, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}); d["node"] != nil {
		t.Fatalf("deleted node still there: %v", d)
	}
	fx.ok(t, `mutation { deleteOrganization(id: "org-mut") { deletedId } }`, nil)
}

func testIssueIsIdempotent(t *testing.T, fx *fixture) {
	const q = `mutation { issueBadge(input: {learnerId: "learner-camille-martin", credentialId: "cred-tableur-analyse", result: "ok", idempotencyKey: "k-42"}) { id status subject { ... on Credential { key } } learner { key } } }`
	a := fx.ok(t, q, nil)
	b := fx.ok(t, q, nil)
	if dig(a, "issueBadge.id") != dig(b, "issueBadge.id") || dig(a, "issueBadge.status") != "VALID" || dig(a, "issueBadge.subject.key") != "cred-tableur-analyse" {
		t.Fatalf("issued twice: %v / %v", a, b)
	}
	fx.fails(t, `mutation { issueBadge(input: {learnerId: "learner-camille-martin"}) { id } }`, nil, resolvers.CodeBadUserInput, "input.credentialId")
	d := fx.ok(t, `{ learner(key: "learner-camille-martin") { achievements(first: 100) { edges { node { id } } } } }`, nil)
	n := 0
	for _, e := range list(d, "learner.achievements.edges") {
		if dig(e, "node.id") == dig(a, "issueBadge.id") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want the achievement once among the learner's, got %d", n)
	}
}

// Automatic persisted queries: a hash alone is unknown at first, then known once the query has
// been sent with it.
func testPersistedQueries(t *testing.T, fx *fixture) {
	const query = `{ stats { credentials } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post := func(body map[string]any) response {
		raw, _ := json.Marshal(body)
		res, err := http.Post(fx.url, "application/json", bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out response
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if r := post(map[string]any{"extensions": ext}); len(r.Errors) == 0 || r.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: want PersistedQueryNotFound, got %+v", r)
	}
	if r := post(map[string]any{"query": query, "extensions": ext}); len(r.Errors) > 0 || dig(r.Data, "stats.credentials") == nil {
		t.Fatalf("query with hash: %+v", r)
	}
	if r := post(map[string]any{"extensions": ext}); len(r.Errors) > 0 || dig(r.Data, "stats.credentials") == nil {
		t.Fatalf("hash alone after registration: %+v", r)
	}
}

const (
	lea         = "learner-lea-dubois"
	dataAnalyst = "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
)

func testSkillGap(t *testing.T, fx *fixture) {
	d := fx.ok(t, `query($l: ID!, $r: ID!) { skillGap(learnerId: $l, roleId: $r) { metCount totalCount essentialCoverage
		requirements { met importance requiredLevel heldLevel competency { key } coveredBy(first: 5) { key certifies { edges { level node { key } } } } } } }`,
		map[string]any{"l": lea, "r": dataAnalyst})
	reqs := list(d, "skillGap.requirements")
	met := 0
	for _, r := range reqs {
		held, need := dig(r, "heldLevel").(float64), dig(r, "requiredLevel").(float64)
		if (held >= need) != (dig(r, "met") == true) {
			t.Fatalf("met disagrees with levels: %v", r)
		}
		if dig(r, "met") == true {
			met++
			continue
		}
		// Each credential said to cover an unmet requirement certifies it at the level.
		comp := dig(r, "competency.key")
		for _, c := range list(r, "coveredBy") {
			ok := false
			for _, e := range list(c, "certifies.edges") {
				ok = ok || dig(e, "node.key") == comp && dig(e, "level").(float64) >= need
			}
			if !ok {
				t.Fatalf("%v does not cover %v at level %v", dig(c, "key"), comp, need)
			}
		}
	}
	if met == 0 || met == len(reqs) || float64(met) != dig(d, "skillGap.metCount") || float64(len(reqs)) != dig(d, "skillGap.totalCount") {
		t.Fatalf("counts: %d met of %d, report %v", met, len(reqs), d)
	}
}

func testRecommendPathways(t *testing.T, fx *fixture) {
	d := fx.ok(t, `query($l: ID!, $r: ID!) {
		gap: skillGap(learnerId: $l, roleId: $r) { requirements { met importance competency { key } } }
		rec: recommendPathways(learnerId: $l, roleId: $r, options: {k: 2, asOf: "2026-03-02T00:00:00Z"}) {
			provenOptimal optimalityGap uncoveredGaps { competency { key } code }
			pathways { totalHours totalCost credentialCount completesBlocks { key }
				steps { phase hours credential { key prerequisites { edges { node { key } } } } covers { competency { key } essential } explanation } } } }`,
		map[string]any{"l": lea, "r": dataAnalyst})
	if dig(d, "rec.provenOptimal") != true || dig(d, "rec.optimalityGap").(float64) != 0 {
		t.Fatalf("not proven optimal: %v", dig(d, "rec"))
	}
	paths := list(d, "rec.pathways")
	if len(paths) == 0 {
		t.Fatal("no pathway")
	}
	best := paths[0]
	// Every essential gap is covered by a step or reported uncovered.
	covered := map[any]bool{}
	for _, u := range list(d, "rec.uncoveredGaps") {
		covered[dig(u, "competency.key")] = true
	}
	phaseOf := map[any]float64{}
	hours := 0.0
	for _, s := range list(best, "steps") {
		phaseOf[dig(s, "credential.key")] = dig(s, "phase").(float64)
		hours += dig(s, "hours").(float64)
		for _, c := range list(s, "covers") {
			covered[dig(c, "competency.key")] = true
		}
		if dig(s, "explanation") == "" {
			t.Fatalf("step without explanation: %v", s)
		}
	}
	for _, r := range list(d, "gap.requirements") {
		if dig(r, "met") == false && dig(r, "importance") == "ESSENTIAL" && !covered[dig(r, "competency.key")] {
			t.Fatalf("essential gap %v neither covered nor reported", dig(r, "competency.key"))
		}
	}
	// Every alternative covers as much as the best.
	for i, alt := range paths[1:] {
		alts := map[any]bool{}
		for _, u := range list(d, "rec.uncoveredGaps") {
			alts[dig(u, "competency.key")] = true
		}
		for _, s := range list(alt, "steps") {
			for _, c := range list(s, "covers") {
				alts[dig(c, "competency.key")] = true
			}
		}
		for k := range covered {
			if !alts[k] {
				t.Fatalf("alternative %d leaves %v open", i+2, k)
			}
		}
	}
	// Prerequisites taken in the plan come in an earlier phase.
	for _, s := range list(best, "steps") {
		for _, p := range list(s, "credential.prerequisites.edges") {
			if ph, in := phaseOf[dig(p, "node.key")]; in && ph >= dig(s, "phase").(float64) {
				t.Fatalf("%v is in phase %v, not before %v", dig(p, "node.key"), ph, dig(s, "credential.key"))
			}
		}
	}
	if hours != dig(best, "totalHours").(float64) || float64(len(list(best, "steps"))) != dig(best, "credentialCount").(float64) {
		t.Fatalf("totals do not add up: %v", best)
	}
	// Bad options are refused naming the field.
	for field, opts := range map[string]string{
		"options.k":                     `{k: 11}`,
		"options.maxBudget":             `{maxBudget: -1}`,
		"options.optionalCoverage":      `{optionalCoverage: 1.5}`,
		"options.excludeCredentials[0]": `{excludeCredentials: ["no-such-credential"]}`,
		"options.timeBudgetMs":          `{timeBudgetMs: 0}`,
		"options.deadline":              `{deadline: "2020-01-01T00:00:00Z"}`,
	} {
		fx.fails(t, `query($l: ID!, $r: ID!) { recommendPathways(learnerId: $l, roleId: $r, options: `+opts+`) { provenOptimal } }`,
			map[string]any{"l": lea, "r": dataAnalyst}, resolvers.CodeBadUserInput, field)
	}
	fx.fails(t, `query($r: ID!) { recommendPathways(learnerId: "nobody", roleId: $r) { provenOptimal } }`,
		map[string]any{"r": dataAnalyst}, resolvers.CodeNotFound, "")
}

// Explanations come as a code and parameters beside their text, which stays English by
// default and renders in French on request, from the same facts.
func testExplanationsAsMessages(t *testing.T, fx *fixture) {
	const query = `query($l: ID!, $r: ID!, $o: PathwayOptions) { recommendPathways(learnerId: $l, targetRoleId: $r, options: $o) {
		uncoveredGaps { code reason fr: reason(lang: FR) competency { key } level
			message { code text fr: text(lang: FR) params { key value ref level } } }
		pathways { steps { hours inProgress credential { key title } covers { competency { key } essential level }
			explanation en: explanation(lang: EN) fr: explanation(lang: FR)
			message { code text fr: text(lang: FR) params { key value ref level } } } } } }`
	d := fx.ok(t, query, map[string]any{"l": lea, "r": dataAnalyst, "o": map[string]any{"asOf": "2026-03-02T00:00:00Z"}})
	steps := list(d, "recommendPathways.pathways.0.steps")
	if len(steps) == 0 {
		t.Fatal("no steps")
	}
	for _, s := range steps {
		en, fr := dig(s, "explanation").(string), dig(s, "fr").(string)
		if en != dig(s, "en") || en != dig(s, "message.text") || fr != dig(s, "message.fr") || fr == en || fr == "" {
			t.Fatalf("explanation %q / %q / message %v", en, fr, dig(s, "message"))
		}
		code := dig(s, "message.code")
		if (dig(s, "inProgress") == true) != (code == "STEP_IN_PROGRESS") || (code != "STEP" && code != "STEP_IN_PROGRESS") {
			t.Fatalf("step code %v", code)
		}
		params := list(s, "message.params")
		if dig(params[0], "key") != "credential" || dig(params[0], "ref") != dig(s, "credential.key") || dig(params[0], "value") != dig(s, "credential.title") {
			t.Fatalf("first parameter %v", params[0])
		}
		var gaps []string
		for _, p := range params {
			if k := dig(p, "key"); k == "essentialGap" || k == "optionalGap" {
				gaps = append(gaps, fmt.Sprint(k, dig(p, "ref"), dig(p, "level")))
			} else if dig(p, "level") != nil {
				t.Fatalf("a level on %v", p)
			}
		}
		var want []string
		for _, c := range list(s, "covers") {
			k := "optionalGap"
			if dig(c, "essential") == true {
				k = "essentialGap"
			}
			want = append(want, fmt.Sprint(k, dig(c, "competency.key"), dig(c, "level")))
		}
		slices.Sort(gaps)
		slices.Sort(want)
		if !slices.Equal(gaps, want) {
			t.Fatalf("gap parameters %v, covers %v", gaps, want)
		}
		if strings.Contains(fr, " covers ") || !strings.Contains(fr, " h)") && dig(s, "inProgress") == false {
			t.Fatalf("French explanation %q", fr)
		}
	}
	// A budget of nothing leaves the gaps open for the constraints, and says so in both languages.
	d = fx.ok(t, query, map[string]any{"l": lea, "r": dataAnalyst, "o": map[string]any{"asOf": "2026-03-02T00:00:00Z", "maxBudget": 0}})
	gaps := list(d, "recommendPathways.uncoveredGaps")
	if len(gaps) == 0 {
		t.Fatal("no uncovered gap under a zero budget")
	}
	for _, g := range gaps {
		if dig(g, "message.code") != "GAP_"+dig(g, "code").(string) || dig(g, "reason") != dig(g, "message.text") ||
			dig(g, "fr") != dig(g, "message.fr") || dig(g, "fr") == dig(g, "reason") {
			t.Fatalf("uncovered gap %v", g)
		}
		p := list(g, "message.params")
		if len(p) != 1 || dig(p[0], "key") != "competency" || dig(p[0], "ref") != dig(g, "competency.key") || dig(p[0], "level") != dig(g, "level") {
			t.Fatalf("uncovered gap parameters %v", p)
		}
	}
}

// An employer starts a role from an ESCO occupation in one step: the role is theirs, with a
// copy of every requirement, which they then adjust without touching the occupation.
func testRoleFromOccupation(t *testing.T, fx *fixture) {
	employer := mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-alveole", Subject: "recruiter-alveole"})
	const reqs = `requirements(first: 500) { totalCount edges { node { key } importance level weight } }`
	occ := fx.ok(t, `query($k: String!) { jobRole(key: $k) { title iscoGroup alignmentUri `+reqs+` } }`, map[string]any{"k": dataAnalyst})
	r := fx.doAs(t, employer, `mutation($u: String!) { createJobRoleFromOccupation(input: {escoUri: $u, key: "role-alveole-data-from-esco"}) {
		key title iscoGroup alignmentUri organization { key } `+reqs+` } }`, map[string]any{"u": dig(occ, "jobRole.alignmentUri")})
	if len(r.Errors) > 0 {
		t.Fatalf("create: %+v", r.Errors)
	}
	role := dig(r.Data, "createJobRoleFromOccupation")
	if dig(role, "organization.key") != "org-alveole" || dig(role, "title") != dig(occ, "jobRole.title") || dig(role, "iscoGroup") != dig(occ, "jobRole.iscoGroup") {
		t.Fatalf("role %v", role)
	}
	flat := func(v any) []string {
		var out []string
		for _, e := range list(v, "requirements.edges") {
			out = append(out, fmt.Sprint(dig(e, "node.key"), dig(e, "importance"), dig(e, "level"), dig(e, "weight")))
		}
		slices.Sort(out)
		return out
	}
	want, got := flat(dig(occ, "jobRole")), flat(role)
	importances := map[string]bool{}
	for _, e := range list(role, "requirements.edges") {
		importances[dig(e, "importance").(string)] = true
	}
	if len(want) == 0 || !slices.Equal(got, want) || !importances["ESSENTIAL"] || !importances["OPTIONAL"] {
		t.Fatalf("requirements %d, want the occupation's %d, both importances (%v)", len(got), len(want), importances)
	}
	// Adjusting the copy leaves the occupation as it was.
	first := dig(list(role, "requirements.edges")[0], "node.key")
	if r := fx.doAs(t, employer, `mutation($c: ID!) { unlink(type: ROLE_REQUIRES, from: "role-alveole-data-from-esco", to: $c) { type } }`, map[string]any{"c": first}); len(r.Errors) > 0 {
		t.Fatalf("unlink: %+v", r.Errors)
	}
	if again := fx.ok(t, `query($k: String!) { jobRole(key: $k) { `+reqs+` } }`, map[string]any{"k": dataAnalyst}); !slices.Equal(flat(dig(again, "jobRole")), want) {
		t.Fatal("adjusting the copy changed the occupation")
	}
	// By key, with a new title; as an admin, naming the organisation.
	d := fx.ok(t, `mutation($o: ID!) { createJobRoleFromOccupation(input: {occupationId: $o, title: "Analyste données (alternance)", organizationId: "org-alveole"}) { title requirements { totalCount } } }`,
		map[string]any{"o": dataAnalyst})
	if dig(d, "createJobRoleFromOccupation.title") != "Analyste données (alternance)" || dig(d, "createJobRoleFromOccupation.requirements.totalCount") != float64(len(want)) {
		t.Fatalf("by key: %v", d)
	}
	// Bad input, unknown occupations, taken keys and other organisations' roles.
	fx.fails(t, `mutation { createJobRoleFromOccupation(input: {organizationId: "org-alveole"}) { key } }`, nil, resolvers.CodeBadUserInput, "input.occupationId")
	fx.fails(t, `mutation($o: ID!) { createJobRoleFromOccupation(input: {occupationId: $o, escoUri: "http://data.europa.eu/esco/occupation/x", organizationId: "org-alveole"}) { key } }`,
		map[string]any{"o": dataAnalyst}, resolvers.CodeBadUserInput, "input.occupationId")
	fx.fails(t, `mutation { createJobRoleFromOccupation(input: {escoUri: "https://example.org/occupation/1", organizationId: "org-alveole"}) { key } }`, nil, resolvers.CodeBadUserInput, "input.escoUri")
	fx.fails(t, `mutation { createJobRoleFromOccupation(input: {escoUri: "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000", organizationId: "org-alveole"}) { key } }`, nil, resolvers.CodeNotFound, "")
	fx.fails(t, `mutation($o: ID!) { createJobRoleFromOccupation(input: {occupationId: $o}) { key } }`, map[string]any{"o": dataAnalyst}, resolvers.CodeBadUserInput, "input.organizationId")
	fx.fails(t, `mutation($o: ID!) { createJobRoleFromOccupation(input: {occupationId: $o, key: "role-alveole-data-from-esco", organizationId: "org-alveole"}) { key } }`,
		map[string]any{"o": dataAnalyst}, "CONFLICT", "")
	ifpc := mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-ifpc", Subject: "recruiter-ifpc"})
	if r := fx.doAs(t, ifpc, `mutation($o: ID!) { createJobRoleFromOccupation(input: {occupationId: $o, organizationId: "org-alveole"}) { key } }`, map[string]any{"o": dataAnalyst}); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
		t.Fatalf("another employer's organisation: %+v", r)
	}
}

// A role's coverage matrix agrees with itself: each column's counts are its cells, every
// essential requirement is met by the cheapest set or reported, and anyone may ask.
func testCoverageMatrix(t *testing.T, fx *fixture) {
	const query = `query($r: ID!, $n: Int) { coverageMatrix(roleId: $r, first: $n) {
		role { key } totalCredentials provenOptimal
		requirements { competency { key } importance level coverable cells { credential { key } level meets } }
		credentials { credential { key hours price } hours price meets essentialMeets inCheapest }
		cheapest { totalCost steps { credential { key price } explanation } }
		uncoveredGaps { competency { key } code essential } } }`
	r := fx.doAs(t, "", query, map[string]any{"r": dataAnalyst, "n": 5})
	if len(r.Errors) > 0 {
		t.Fatalf("anonymous: %+v", r.Errors)
	}
	m := dig(r.Data, "coverageMatrix")
	if dig(m, "role.key") != dataAnalyst || dig(m, "provenOptimal") != true {
		t.Fatalf("matrix %v", m)
	}
	cheapest := map[any]bool{}
	total := 0.0
	for _, st := range list(m, "cheapest.steps") {
		cheapest[dig(st, "credential.key")] = true
		total += dig(st, "credential.price").(float64)
	}
	if len(cheapest) == 0 || total != dig(m, "cheapest.totalCost") {
		t.Fatalf("cheapest %v", dig(m, "cheapest"))
	}
	cols := list(m, "credentials")
	if len(cols) == 0 || len(cols) > 5+len(cheapest) || dig(m, "totalCredentials").(float64) < float64(len(cols)) {
		t.Fatalf("%d columns of %v", len(cols), dig(m, "totalCredentials"))
	}
	meets, essential := map[any]float64{}, map[any]float64{}
	uncovered := map[any]bool{}
	for _, g := range list(m, "uncoveredGaps") {
		uncovered[dig(g, "competency.key")] = dig(g, "essential") == true && dig(g, "code") == "NO_CREDENTIAL"
	}
	seenOptional := false
	for _, row := range list(m, "requirements") {
		isEssential := dig(row, "importance") == "ESSENTIAL"
		if isEssential && seenOptional {
			t.Fatal("an essential requirement after an optional one")
		}
		seenOptional = seenOptional || !isEssential
		metByCheapest := false
		for _, c := range list(row, "cells") {
			if met := dig(c, "meets") == true; met != (dig(c, "level").(float64) >= dig(row, "level").(float64)) {
				t.Fatalf("cell %v of a level %v requirement", c, dig(row, "level"))
			} else if met {
				meets[dig(c, "credential.key")]++
				if isEssential {
					essential[dig(c, "credential.key")]++
				}
				metByCheapest = metByCheapest || cheapest[dig(c, "credential.key")]
			}
		}
		key := dig(row, "competency.key")
		switch {
		case isEssential && dig(row, "coverable") == true && !metByCheapest:
			t.Fatalf("essential %v is coverable but the cheapest set does not meet it", key)
		case isEssential && dig(row, "coverable") == false && !uncovered[key]:
			t.Fatalf("essential %v cannot be met and is not reported", key)
		}
	}
	for _, c := range cols {
		k := dig(c, "credential.key")
		if dig(c, "meets") != meets[k] || dig(c, "essentialMeets") != essential[k] || dig(c, "inCheapest") != cheapest[k] ||
			dig(c, "hours") != dig(c, "credential.hours") || dig(c, "price") != dig(c, "credential.price") {
			t.Fatalf("column %v: counted %v meets, %v essential", c, meets[k], essential[k])
		}
	}
	fx.fails(t, query, map[string]any{"r": dataAnalyst, "n": 0}, resolvers.CodeBadUserInput, "first")
	fx.fails(t, query, map[string]any{"r": dataAnalyst, "n": 201}, resolvers.CodeBadUserInput, "first")
	fx.fails(t, query, map[string]any{"r": "esco:occupation/no-such-role"}, resolvers.CodeNotFound, "")
}

// ESCO's French labels, once imported, answer name(lang: FR) and title(lang: FR); English stays
// the default, and a concept without a French label answers in English.
func testFrenchLabels(t *testing.T, fx *fixture) {
	const query = `query($r: String!) { jobRole(key: $r) { title fr: title(lang: FR) en: title(lang: EN) }
		competencies(first: 1000) { edges { node { key name fr: name(lang: FR) } } } }`
	before := fx.ok(t, query, map[string]any{"r": dataAnalyst})
	if dig(before, "jobRole.fr") != dig(before, "jobRole.title") {
		t.Fatalf("a French title before any label: %v", dig(before, "jobRole"))
	}
	if _, err := esco.ImportLabels(context.Background(), fx.store, seedtest.DataDir(t, "esco-fr"), 0); err != nil {
		t.Fatal(err)
	}
	after := fx.ok(t, query, map[string]any{"r": dataAnalyst})
	if fr := dig(after, "jobRole.fr"); fr == dig(after, "jobRole.title") || fr == "" || dig(after, "jobRole.en") != dig(after, "jobRole.title") ||
		dig(after, "jobRole.title") != dig(before, "jobRole.title") {
		t.Fatalf("role after the labels: %v", dig(after, "jobRole"))
	}
	translated, english := 0, 0
	for _, e := range list(after, "competencies.edges") {
		if dig(e, "node.fr") != dig(e, "node.name") {
			translated++
		} else {
			english++
		}
	}
	if translated == 0 || english == 0 {
		t.Fatalf("%d competencies named in French, %d in English only: the French skills file is partial", translated, english)
	}
}

func testStacking(t *testing.T, fx *fixture) {
	d := fx.ok(t, `{ blockProgress(learnerId: "learner-lea-dubois", blockId: "block-data-preparer") { complete percent
			done { ... on Credential { key } } missing { ... on Credential { key } } cheapestCompletion { key } cheapestCompletionHours }
		blocksCompletedBy(credentialIds: ["cred-sql-fondamentaux", "cred-nettoyage-qualite", "cred-python-data"]) { key } }`, nil)
	if dig(d, "blockProgress.complete") != false || len(list(d, "blockProgress.missing")) != 1 ||
		dig(d, "blockProgress.cheapestCompletion.0.key") != dig(d, "blockProgress.missing.0.key") {
		t.Fatalf("block progress: %v", dig(d, "blockProgress"))
	}
	found := false
	for _, b := range list(d, "blocksCompletedBy") {
		found = found || dig(b, "key") == "block-data-preparer"
	}
	if !found {
		t.Fatalf("the block's three credentials do not complete it: %v", d)
	}
}

func testRoleFitAndCandidates(t *testing.T, fx *fixture) {
	d := fx.ok(t, `query($l: ID!, $r: ID!) { roleFit(learnerId: $l, first: 5) { role { key } weightedCoverage pathwayHours }
		candidatesForRole(roleId: $r, first: 5) { learner { key openToOpportunities } weightedCoverage }
		skillGap(learnerId: $l, roleId: $r) { weightedCoverage } }`,
		map[string]any{"l": lea, "r": dataAnalyst})
	fits := list(d, "roleFit")
	if len(fits) == 0 || dig(fits[0], "pathwayHours") == nil {
		t.Fatalf("no role fit, or no pathway for the best: %v", fits)
	}
	prev := 2.0
	found := false
	for _, f := range fits {
		w := dig(f, "weightedCoverage").(float64)
		if w > prev {
			t.Fatalf("role fit not ranked: %v", fits)
		}
		prev = w
		// The fit index and the skill gap score a role the same way.
		if dig(f, "role.key") == dataAnalyst {
			found = true
			if w != dig(d, "skillGap.weightedCoverage") {
				t.Fatalf("role fit says %v, skill gap says %v", w, dig(d, "skillGap.weightedCoverage"))
			}
		}
	}
	if !found {
		t.Fatalf("data analyst is not among Léa's best roles: %v", fits)
	}
	cands := list(d, "candidatesForRole")
	if len(cands) == 0 {
		t.Fatal("no candidate")
	}
	for _, c := range cands {
		if dig(c, "learner.openToOpportunities") != true {
			t.Fatalf("candidate not open to opportunities: %v", c)
		}
	}
}

// A write another process makes (here straight to the store, past this API and its cache
// invalidation) shows in the cached candidate ranking on the next request: the cache follows
// the store's version of personal data.
func testPlanCachesFollowOtherWriters(t *testing.T, fx *fixture) {
	const q = `query($r: ID!) { candidatesForRole(roleId: $r, first: 100) { learner { key } } }`
	keys := func() []string {
		var out []string
		for _, c := range list(fx.ok(t, q, map[string]any{"r": dataAnalyst}), "candidatesForRole") {
			out = append(out, dig(c, "learner.key").(string))
		}
		return out
	}
	before := keys()
	if len(before) == 0 {
		t.Fatal("no candidate")
	}
	setOpen := func(key string, open bool) {
		t.Helper()
		ctx := context.Background()
		n, err := fx.store.Store.Get(ctx, graph.KindLearner, key)
		if err != nil {
			t.Fatal(err)
		}
		l := n.(*graph.Learner)
		l.OpenToOpportunities = open
		if _, err := fx.store.Store.Update(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	leaving := before[0]
	setOpen(leaving, false)
	defer setOpen(leaving, true)
	if after := keys(); slices.Contains(after, leaving) || len(after) != len(before)-1 {
		t.Fatalf("candidates %v after %s left the market elsewhere (before: %v)", after, leaving, before)
	}
}

// verify runs verifyBadge and returns validity and the first failing check.
func (fx *fixture) verify(t *testing.T, jwt string) (bool, string) {
	t.Helper()
	d := fx.ok(t, `query($j: String!) { verifyBadge(jwt: $j) { valid checks { name passed skipped } } }`, map[string]any{"j": jwt})
	for _, c := range list(d, "verifyBadge.checks") {
		if dig(c, "passed") == false && dig(c, "skipped") == false {
			return dig(d, "verifyBadge.valid") == true, dig(c, "name").(string)
		}
	}
	return dig(d, "verifyBadge.valid") == true, ""
}

func get(t *testing.T, url, accept string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, res.Body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Content-Type"), b.String()
}

// A badge is issued, fetched at its public URL, verified, tampered with, revoked.
func testBadgeLifecycle(t *testing.T, fx *fixture) {
	d := fx.ok(t, `mutation { issueBadge(input: {learnerId: "learner-camille-martin", credentialId: "cred-html-css",
			result: "Projet 15/20", evidence: ["https://portfolio.example.org/camille"], idempotencyKey: "lifecycle"}) {
		key status badgeJwt badgeUrl viewUrl imageUrl addToProfileUrl } }`, nil)
	key, jwt := dig(d, "issueBadge.key").(string), dig(d, "issueBadge.badgeJwt").(string)
	// The issuer the badge names is the organisation's page.
	org := fx.ok(t, `{ credential(key: "cred-html-css") { organization { pageUrl } } }`, nil)
	pageURL, _ := dig(org, "credential.organization.pageUrl").(string)
	if claims, _ := badges.DecodeCredential(dig(d, "issueBadge.badgeJwt").(string)); pageURL == "" || dig(claims, "issuer.id") != pageURL {
		t.Fatalf("organisation pageUrl %q, badge issuer %v", pageURL, dig(claims, "issuer.id"))
	}
	if code, ctype, _ := get(t, pageURL, ""); code != 200 || !strings.HasPrefix(ctype, "text/html") {
		t.Fatalf("GET organisation page: %d %s", code, ctype)
	}
	// The image the badge names is the one served, and "Add to profile" names the badge.
	image := dig(d, "issueBadge.imageUrl").(string)
	if claims, _ := badges.DecodeCredential(jwt); dig(claims, "image.id") != image {
		t.Fatalf("badge image %v, imageUrl %s", dig(claims, "image"), image)
	}
	if code, ctype, body := get(t, image, ""); code != 200 || ctype != "image/svg+xml" || !strings.Contains(body, "<svg") {
		t.Fatalf("GET image: %d %s", code, ctype)
	}
	if add := dig(d, "issueBadge.addToProfileUrl").(string); !strings.HasPrefix(add, "https://www.linkedin.com/profile/add?") ||
		!strings.Contains(add, "certId="+key) || !strings.Contains(add, "certUrl="+url.QueryEscape(dig(d, "issueBadge.viewUrl").(string))) {
		t.Fatalf("addToProfileUrl %s", add)
	}
	if ok, failed := fx.verify(t, jwt); !ok {
		t.Fatalf("fresh badge does not verify: %s", failed)
	}
	code, ctype, body := get(t, dig(d, "issueBadge.badgeUrl").(string), "")
	if code != 200 || body != jwt || ctype != "application/vc+jwt" {
		t.Fatalf("GET badge: %d %s %q", code, ctype, body[:min(len(body), 80)])
	}
	code, _, body = get(t, dig(d, "issueBadge.badgeUrl").(string), "application/json")
	var cred map[string]any
	if code != 200 || json.Unmarshal([]byte(body), &cred) != nil || dig(cred, "credentialSubject.achievement.name") == nil {
		t.Fatalf("GET badge as JSON: %d %q", code, body[:min(len(body), 200)])
	}
	code, _, body = get(t, dig(d, "issueBadge.viewUrl").(string), "")
	if code != 200 || !strings.Contains(body, "Verified") || strings.Contains(body, "Not verified") {
		t.Fatalf("badge page: %d, verified mark missing", code)
	}

	// Tampering with the payload or the signature fails the signature check.
	parts := strings.Split(jwt, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(payload), "Projet 15/20", "Projet 20/20", 1)
	if forged == string(payload) {
		t.Fatal("result not found in the payload")
	}
	for name, bad := range map[string]string{
		"payload":   parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2],
		"signature": parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString([]byte("not a signature at all, not at all.....")),
	} {
		if ok, failed := fx.verify(t, bad); ok || failed != "signature" {
			t.Fatalf("tampered %s: valid=%v, failing check %q", name, ok, failed)
		}
	}
	// A badge signed by a key we never published fails too.
	other, _ := badges.OpenKeyStore("", badges.EdDSA)
	stranger, _ := issuance.New(fx.store, other, fx.base)
	n, err := fx.store.Get(context.Background(), graph.KindAchievement, key)
	if err != nil {
		t.Fatal(err)
	}
	a := *n.(*graph.Achievement)
	cn, err := fx.store.Get(context.Background(), graph.KindCredential, "cred-html-css")
	if err != nil {
		t.Fatal(err)
	}
	on, err := fx.store.Get(context.Background(), graph.KindOrganization, cn.(*graph.Credential).OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	in, err := stranger.Issuer().Issue(context.Background(), badges.IssueInput{Achievement: &a, Credential: cn.(*graph.Credential),
		Organization: on.(*graph.Organization), StatusListID: a.StatusList, StatusIndex: a.StatusIndex})
	if err != nil {
		t.Fatalf("sign with another key: %v", err)
	}
	if ok, failed := fx.verify(t, in.JWT); ok || failed != "signature" {
		t.Fatalf("unknown key: valid=%v, failing check %q", ok, failed)
	}

	// Suspension and revocation show at once, in verification and in the published lists.
	fx.ok(t, `mutation($id: ID!) { suspendAchievement(id: $id, reason: "under review") { status } }`, map[string]any{"id": key})
	if ok, failed := fx.verify(t, jwt); ok || failed != "status" {
		t.Fatalf("suspended: valid=%v, failing %q", ok, failed)
	}
	fx.ok(t, `mutation($id: ID!) { reinstateAchievement(id: $id) { status } }`, map[string]any{"id": key})
	if ok, _ := fx.verify(t, jwt); !ok {
		t.Fatal("reinstated badge does not verify")
	}
	d = fx.ok(t, `mutation($id: ID!) { revokeAchievement(id: $id, reason: "plagiarised report") { status statusReason } }`, map[string]any{"id": key})
	if dig(d, "revokeAchievement.status") != "REVOKED" {
		t.Fatalf("revoke: %v", d)
	}
	if ok, failed := fx.verify(t, jwt); ok || failed != "status" {
		t.Fatalf("revoked: valid=%v, failing %q", ok, failed)
	}
	code, _, body = get(t, fx.base+"/status/"+a.StatusList, "")
	if code != 200 {
		t.Fatalf("status list: %d", code)
	}
	statusPayload, _ := base64.RawURLEncoding.DecodeString(strings.Split(body, ".")[1])
	var sl map[string]any
	if err := json.Unmarshal(statusPayload, &sl); err != nil {
		t.Fatal(err)
	}
	bits, err := badges.DecodeStatusList(dig(sl, "credentialSubject.encodedList").(string))
	if err != nil {
		t.Fatal(err)
	}
	if on, _ := bits.Get(a.StatusIndex); !on {
		t.Fatalf("revoked index %d not set in the published list", a.StatusIndex)
	}
	fx.fails(t, `mutation($id: ID!) { reinstateAchievement(id: $id) { status } }`, map[string]any{"id": key}, resolvers.CodeBadUserInput, "id")
	code, _, body = get(t, fx.base+"/credentials/"+key+"/view", "")
	if code != 200 || !strings.Contains(body, "Revoked by its issuer") {
		t.Fatalf("revoked badge page: %d", code)
	}
}

// Completing a block issues its badge once, and rotating keys keeps old badges verifying.
func testBlockBadgeAndRotation(t *testing.T, fx *fixture) {
	blockBadges := func() []any {
		d := fx.ok(t, `{ learner(key: "learner-lea-dubois") { achievements(first: 100) { edges { node { key badgeJwt subject { __typename ... on Block { key } } } } } } }`, nil)
		var out []any
		for _, e := range list(d, "learner.achievements.edges") {
			if dig(e, "node.subject.key") == "block-data-preparer" {
				out = append(out, e)
			}
		}
		return out
	}
	if n := len(blockBadges()); n != 0 {
		t.Fatalf("Léa already holds Bloc 1 (%d)", n)
	}
	d := fx.ok(t, `mutation { issueBadge(input: {learnerId: "learner-lea-dubois", credentialId: "cred-python-data", idempotencyKey: "python"}) { badgeJwt } }`, nil)
	old := dig(d, "issueBadge.badgeJwt").(string)
	fx.ok(t, `mutation { issueBadge(input: {learnerId: "learner-lea-dubois", credentialId: "cred-python-data", idempotencyKey: "python-again"}) { key } }`, nil)
	got := blockBadges()
	if len(got) != 1 {
		t.Fatalf("want one Bloc 1 badge, got %d", len(got))
	}
	if ok, failed := fx.verify(t, dig(got[0], "node.badgeJwt").(string)); !ok {
		t.Fatalf("block badge does not verify: %s", failed)
	}
	d = fx.ok(t, `mutation { rotateSigningKey(algorithm: RS256) { kid algorithm active } }`, nil)
	kid := dig(d, "rotateSigningKey.kid").(string)
	if dig(d, "rotateSigningKey.algorithm") != "RS256" || dig(d, "rotateSigningKey.active") != true {
		t.Fatalf("rotate: %v", d)
	}
	if ok, failed := fx.verify(t, old); !ok {
		t.Fatalf("badge signed before the rotation no longer verifies: %s", failed)
	}
	d = fx.ok(t, `mutation { issueBadge(input: {learnerId: "learner-lea-dubois", credentialId: "cred-dataviz", idempotencyKey: "dataviz"}) { badgeJwt } }`, nil)
	header, _ := base64.RawURLEncoding.DecodeString(strings.Split(dig(d, "issueBadge.badgeJwt").(string), ".")[0])
	if !strings.Contains(string(header), kid) || !strings.Contains(string(header), "RS256") {
		t.Fatalf("new badge not signed with the new key: %s", header)
	}
	_, _, jwks := get(t, fx.base+"/.well-known/jwks.json", "")
	if !strings.Contains(jwks, kid) || strings.Count(jwks, `"kid"`) < 2 {
		t.Fatalf("JWKS lacks a key: %s", jwks)
	}
}

// The access matrix through the API: every role against the mutations and the queries of
// learner data. A allowed, C allowed past the access check but refused by the graph (a
// conflict, a missing edge: the mutation would otherwise destroy what later rows need),
// F FORBIDDEN, U UNAUTHENTICATED; columns: anonymous, admin, issuer of
// Octet Académie, issuer of Université de Montclair, employer Alvéole, employer IFPC, advisor
// Nadia Keller (Camille's and Karim's), learner Camille (advised, not open to offers), learner
// Léa (open to offers). Allowed mutations are idempotent, so the matrix can run in any order.
func testAccessMatrix(t *testing.T, fx *fixture) {
	tokens := []string{"",
		fx.token,
		mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "issuer-octet"}),
		mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-univ-montclair", Subject: "issuer-montclair"}),
		mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-alveole", Subject: "recruiter-alveole"}),
		mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-ifpc", Subject: "recruiter-ifpc"}),
		mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"}),
		mint(t, access.MintInput{Role: access.RoleLearner, Learner: "learner-camille-martin"}),
		mint(t, access.MintInput{Role: access.RoleLearner, Learner: lea}),
	}
	names := []string{"anonymous", "admin", "issuer Octet", "issuer Montclair", "employer Alvéole", "employer IFPC", "advisor", "Camille", "Léa"}
	const comp = "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
	rows := []struct {
		what, query, expect string
	}{
		{"read Camille", `{ learner(key: "learner-camille-martin") { name } }`, "UAFFFFAAF"},
		{"read Léa (open)", `{ learner(key: "learner-lea-dubois") { name holdings { totalCount } } }`, "UAFFAAFFA"},
		{"read an achievement of Léa from Octet", `{ achievement(key: "ach-lea-sql") { status } }`, "UAAFAAFFA"},
		{"Camille's skill gap", `{ skillGap(learnerId: "learner-camille-martin", roleId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2") { metCount } }`, "UAFFFFAAF"},
		{"Camille's pathways", `{ recommendPathways(learnerId: "learner-camille-martin", roleId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2") { provenOptimal } }`, "UAFFFFAAF"},
		{"Camille's block progress", `{ blockProgress(learnerId: "learner-camille-martin", blockId: "block-web-integration") { percent } }`, "UAFFFFAAF"},
		{"Camille's role fit", `{ roleFit(learnerId: "learner-camille-martin", first: 2) { weightedCoverage } }`, "UAFFFFAAF"},
		{"candidates for a role", `{ candidatesForRole(roleId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2") { weightedCoverage } }`, "UAFFAAFFF"},
		{"update Camille", `mutation { updateLearner(input: {id: "learner-camille-martin", country: "FR"}) { country } }`, "UAFFFFFAF"},
		{"Camille holds a competency", `mutation { link(input: {type: HAS, from: "learner-camille-martin", to: "` + comp + `", level: 1}) { type } }`, "UAFFFFFAF"},
		{"Camille targets a role", `mutation { link(input: {type: TARGETS, from: "learner-camille-martin", to: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"}) { type } }`, "UAFFFFFAF"},
		{"update an Octet credential", `mutation { updateCredential(input: {id: "cred-python-data", currency: "EUR"}) { currency } }`, "UAAFFFFFF"},
		{"an Octet credential certifies", `mutation { link(input: {type: CERTIFIES, from: "cred-tableur-analyse", to: "` + comp + `", level: 1}) { type } }`, "UAAFFFFFF"},
		{"update a Montclair block", `mutation { updateBlock(input: {id: "block-data-preparer", code: "RNCP-B1"}) { code } }`, "UAFAFFFFF"},
		{"update Alvéole's role", `mutation { updateJobRole(input: {id: "role-alveole-analyste-data", code: "ALV-01"}) { code } }`, "UAFFAFFFF"},
		{"Alvéole's role requires", `mutation { link(input: {type: ROLE_REQUIRES, from: "role-alveole-analyste-data", to: "` + comp + `", level: 3}) { type } }`, "UAFFAFFFF"},
		{"update a competency", `mutation { updateCompetency(input: {id: "` + comp + `", code: "stats"}) { code } }`, "UAFFFFFFF"},
		{"update an organisation", `mutation { updateOrganization(input: {id: "org-octet", country: "FR"}) { country } }`, "UAFFFFFFF"},
		{"create a competency", `mutation { createCompetency(input: {name: "Matrix skill"}) { id } }`, "UAFFFFFFF"},
		{"issue an Octet badge", `mutation { issueBadge(input: {learnerId: "learner-camille-martin", credentialId: "cred-tableur-analyse", idempotencyKey: "matrix"}) { status } }`, "UAAFFFFFF"},
		{"suspend an Octet badge", `mutation { suspendAchievement(id: "ach-lea-sql", reason: "review") { status } }`, "UAAFFFFFF"},
		{"rotate the signing key", `mutation { rotateSigningKey { kid } }`, "UAFFFFFFF"},
		{"create Camille's profile", `mutation { createLearner(input: {key: "learner-camille-martin", name: "Camille"}) { id } }`, "UCFFFFFCF"},
		{"create an Octet credential", `mutation { createCredential(input: {key: "cred-python-data", title: "X", hours: 1, modality: REMOTE, language: "fr", price: 0, organizationId: "org-octet"}) { id } }`, "UCCFFFFFF"},
		{"create an Octet credential with what it certifies", `mutation { createCredential(input: {key: "cred-python-data", title: "X", hours: 1, modality: REMOTE, language: "fr", price: 0, organizationId: "org-octet",
			certifies: [{competencyId: "` + comp + `"}], prerequisites: ["cred-tableur-analyse"]}) { id } }`, "UCCFFFFFF"},
		{"create Alvéole's role with its requirements", `mutation { createJobRole(input: {key: "role-alveole-analyste-data", title: "X", organizationId: "org-alveole",
			requirements: [{competencyId: "` + comp + `", level: 2}]}) { id } }`, "UCFFCFFFF"},
		{"create Camille's profile with holdings and targets", `mutation { createLearner(input: {key: "learner-camille-martin", name: "Camille",
			holdings: [{competencyId: "` + comp + `"}], targets: ["role-alveole-analyste-data"]}) { id } }`, "UCFFFFFCF"},
		{"create a Montclair block", `mutation { createBlock(input: {key: "block-data-preparer", title: "X", rule: {kind: ALL}, components: ["cred-stats-descriptives"], organizationId: "org-univ-montclair"}) { id } }`, "UCFCFFFFF"},
		{"create an Alvéole role", `mutation { createJobRole(input: {key: "role-alveole-analyste-data", title: "X", organizationId: "org-alveole"}) { id } }`, "UCFFCFFFF"},
		{"create an Alvéole role from an occupation", `mutation { createJobRoleFromOccupation(input: {key: "role-alveole-analyste-data", occupationId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", organizationId: "org-alveole"}) { id } }`, "UCFFCFFFF"},
		{"create a framework", `mutation { createFramework(input: {key: "esco", name: "X"}) { id } }`, "UCFFFFFFF"},
		{"create an organisation", `mutation { createOrganization(input: {key: "org-octet", name: "X"}) { id } }`, "UCFFFFFFF"},
		{"delete an Octet credential", `mutation { deleteCredential(id: "cred-python-data") { deletedId } }`, "UCCFFFFFF"},
		{"delete an organisation", `mutation { deleteOrganization(id: "org-octet") { deletedId } }`, "UCFFFFFFF"},
		{"delete a framework", `mutation { deleteFramework(id: "esco") { deletedId } }`, "UCFFFFFFF"},
		{"delete Camille", `mutation { deleteLearner(id: "learner-no-such-one") { deletedId } }`, "UCFFFFFFF"},
		{"Camille stops targeting a role", `mutation { unlink(type: TARGETS, from: "learner-camille-martin", to: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2") { type } }`, "UAFFFFFCF"},
		{"an Octet credential stops certifying", `mutation { unlink(type: CERTIFIES, from: "cred-tableur-analyse", to: "no-such-competency") { type } }`, "UCCFFFFFF"},
		{"delete an achievement", `mutation { deleteAchievement(id: "no-such-achievement") { deletedId } }`, "UCFFFFFFF"},
		{"reinstate an Octet badge", `mutation { reinstateAchievement(id: "ach-lea-sql") { status } }`, "UAAFFFFFF"},
		{"revoke a Montclair badge", `mutation { revokeAchievement(id: "no-such-achievement", reason: "x") { status } }`, "UCFFFFFFF"},
	}
	for _, row := range rows {
		for i, tok := range tokens {
			r := fx.doAs(t, tok, row.query, nil)
			got := "A"
			if len(r.Errors) > 0 {
				switch r.Errors[0].Extensions["code"] {
				case resolvers.CodeForbidden:
					got = "F"
				case resolvers.CodeUnauthenticated:
					got = "U"
				case resolvers.CodeConflict, resolvers.CodeNotFound, resolvers.CodeBadUserInput:
					got = "C"
				default:
					t.Errorf("%s as %s: unexpected error %+v", row.what, names[i], r.Errors[0])
					continue
				}
				if msg := r.Errors[0].Message; (got == "F" || got == "U") &&
					(strings.Contains(msg, "camille") || strings.Contains(msg, "lea") || strings.Contains(msg, "cred-")) {
					t.Errorf("%s as %s: the error leaks %q", row.what, names[i], msg)
				}
			}
			if got != string(row.expect[i]) {
				t.Errorf("%s as %s: got %s, want %c (%+v)", row.what, names[i], got, row.expect[i], r.Errors)
			}
		}
	}
	fx.ok(t, `mutation { reinstateAchievement(id: "ach-lea-sql") { status } }`, nil)
}

// Lists of learners show each role what it may see, and no more.
func testLearnerScopes(t *testing.T, fx *fixture) {
	count := func(tok string) (int, []string) {
		r := fx.doAs(t, tok, `{ learners(first: 100) { totalCount edges { node { key openToOpportunities advisorId } } } }`, nil)
		if len(r.Errors) > 0 {
			return -1, nil
		}
		var keys []string
		for _, e := range list(r.Data, "learners.edges") {
			keys = append(keys, dig(e, "node.key").(string))
		}
		return int(dig(r.Data, "learners.totalCount").(float64)), keys
	}
	all, _ := count(fx.token)
	if n, keys := count(mint(t, access.MintInput{Role: access.RoleLearner, Learner: lea})); n != 1 || keys[0] != lea {
		t.Fatalf("a learner sees %d learners: %v", n, keys)
	}
	if n, keys := count(mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"})); n != 2 {
		t.Fatalf("Nadia advises 2 learners, sees %d: %v", n, keys)
	}
	open, _ := count(mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-alveole"}))
	if open < 1 || open >= all {
		t.Fatalf("an employer sees %d of %d learners", open, all)
	}
	if n, _ := count(mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet"})); n != -1 {
		t.Fatal("an issuer lists learners")
	}
	if n, _ := count(""); n != -1 {
		t.Fatal("anonymous lists learners")
	}
}

// A bad token fails the whole request, even a public read, and changes nothing.
func testBadTokens(t *testing.T, fx *fixture) {
	other, _ := access.Mint([]byte("another secret of at least 32 bytes"), access.MintInput{Role: access.RoleAdmin, Subject: "x"})
	// An admin token signed with the right secret whose lifetime ended an hour ago.
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: testSecret}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	expired, err := jwt.Signed(signer).Claims(map[string]any{"sub": "x", "role": "admin",
		"exp": time.Now().Add(-time.Hour).Unix(), "iat": time.Now().Add(-2 * time.Hour).Unix()}).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, tok string }{{"wrong secret", other}, {"garbage", "a.b.c"}, {"expired", expired}} {
		r := fx.doAs(t, c.tok, `mutation { updateLearner(input: {id: "learner-camille-martin", headline: "hacked"}) { headline } }`, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != resolvers.CodeUnauthenticated {
			t.Fatalf("%s: %+v", c.name, r)
		}
		r = fx.doAs(t, c.tok, `{ competencies(first: 1) { totalCount } }`, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != resolvers.CodeUnauthenticated {
			t.Fatalf("%s on a public read: %+v", c.name, r)
		}
	}
	d := fx.ok(t, `{ learner(key: "learner-camille-martin") { headline } }`, nil)
	if dig(d, "learner.headline") == "hacked" {
		t.Fatal("a bad token changed data")
	}
}
