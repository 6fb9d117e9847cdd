package catalog

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
	"github.com/skillgraph/skillgraph/seed/demo"
)

// generate runs a generation and checks that it succeeded and that the store holds what it
// reports.
func generate(t *testing.T, s graph.Store, opts Options) (*Result, *snapshot) {
	t.Helper()
	ctx := context.Background()
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Generate(ctx, s, opts)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res, before, after, opts)
	return res, readAll(t, s)
}

func TestGenerateOnSampleBolt(t *testing.T) {
	s := sampleStore(t)
	var progress bytes.Buffer
	opts := Options{Seed: 7, Credentials: 500, Learners: 200, BatchSize: 700, Progress: &progress}
	res, snap := generate(t, s, opts)
	t.Logf("%s", res.Summary())
	checkCatalogue(t, snap)
	checkCoverage(t, snap)
	checkPathwayContexts(t, s, snap)
	if res.Competencies != 2956 || res.Roles != 50 || res.Anchors != 50 {
		t.Errorf("read %d competencies, %d roles (%d with requirements); want the sample's 2,956 and 50",
			res.Competencies, res.Roles, res.Anchors)
	}
	for _, phase := range []string{"competencies", "credentials", "holdings", "achievements"} {
		if !strings.Contains(progress.String(), phase) {
			t.Errorf("no progress line for %s:\n%s", phase, progress.String())
		}
	}
	if strings.Contains(progress.String(), "\r") {
		t.Error("progress redrew a bar on a non-terminal")
	}

	// A rerun finds everything unchanged and leaves the store as it was.
	hash := snap.hash()
	again, err := Generate(context.Background(), s, opts)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	w := again.Written
	if w.NodesCreated+w.NodesUpdated+w.EdgesCreated+w.EdgesUpdated != 0 || w.NodesUnchanged != res.Written.NodesCreated ||
		w.EdgesUnchanged != res.Written.EdgesCreated {
		t.Errorf("rerun wrote %+v, want everything of %+v unchanged", w, res.Written)
	}
	if got := readAll(t, s).hash(); got != hash {
		t.Error("a rerun changed the store's content")
	}
	if !strings.Contains(again.Summary(), "unchanged") {
		t.Errorf("summary:\n%s", again.Summary())
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	opts := Options{Seed: 3, Credentials: 250, Learners: 80, Organizations: 12}
	_, a := generate(t, sampleStore(t), opts)
	_, b := generate(t, sampleStore(t), opts)
	if a.hash() != b.hash() {
		t.Fatal("the same seed gave two different catalogues")
	}
	opts.Seed = 4
	_, c := generate(t, sampleStore(t), opts)
	if a.hash() == c.hash() {
		t.Fatal("seeds 3 and 4 gave the same catalogue")
	}
	// More learners leave the credentials as they were: each part draws from its own stream.
	opts.Seed, opts.Learners = 3, 90
	_, d := generate(t, sampleStore(t), opts)
	for i, n := range a.generated(graph.KindCredential) {
		if record.Hash(n) != record.Hash(d.generated(graph.KindCredential)[i]) {
			t.Fatalf("%s differs when only the number of learners changes", n.NodeID())
		}
	}
}

func TestGenerateOverAnotherCatalogueConflicts(t *testing.T) {
	s := sampleStore(t)
	generate(t, s, Options{Seed: 1, Credentials: 100, Learners: 30})
	hash := readAll(t, s).hash()
	_, err := Generate(context.Background(), s, Options{Seed: 2, Credentials: 100, Learners: 30})
	if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(err.Error(), "gen:") {
		t.Fatalf("generating another catalogue over one: %v, want a conflict naming a generated node", err)
	}
	if readAll(t, s).hash() != hash {
		t.Error("the refused generation changed the store")
	}
}

func TestGenerateOnDemoDataset(t *testing.T) {
	s := openBolt(t, filepath.Join(t.TempDir(), "demo.db"))
	if _, err := demo.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	res, snap := generate(t, s, Options{Seed: 11, Credentials: 300, Learners: 60, Progress: &progress, Terminal: true})
	checkCatalogue(t, snap)
	if res.Anchors == 0 || res.Anchors > res.Roles {
		t.Errorf("%d of %d roles used", res.Anchors, res.Roles)
	}
	if !strings.Contains(progress.String(), "\r") {
		t.Errorf("no bar redrawn on a terminal:\n%q", progress.String())
	}
	// The demo's own nodes are untouched.
	for _, n := range demo.Dataset().Nodes {
		got, ok := snap.byID[n.NodeID()]
		if !ok || record.Hash(got) != record.Hash(n) {
			t.Errorf("demo node %s changed or vanished", n.NodeID())
		}
	}
}

func TestGenerateNeedsCompetenciesAndRoles(t *testing.T) {
	ctx := context.Background()
	s := openBolt(t, filepath.Join(t.TempDir(), "empty.db"))
	opts := Options{Seed: 1, Credentials: 10, Learners: 10}
	want := func(what string) {
		t.Helper()
		_, err := Generate(ctx, s, opts)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "store" ||
			!strings.Contains(err.Error(), what) || !strings.Contains(err.Error(), "import ESCO first") {
			t.Errorf("got %v, want EINVALID on store saying %q and to import ESCO first", err, what)
		}
	}
	want("no competencies")
	comp := &graph.Competency{Meta: graph.Meta{ID: "c1"}, Name: "weld metal"}
	if _, err := s.Create(ctx, comp); err != nil {
		t.Fatal(err)
	}
	want("no job roles")
	if _, err := s.Create(ctx, &graph.JobRole{Meta: graph.Meta{ID: "r1"}, Title: "welder"}); err != nil {
		t.Fatal(err)
	}
	want("no job role requires")
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes[graph.KindOrganization]+st.Nodes[graph.KindCredential] != 0 {
		t.Error("a refused generation wrote something")
	}

	// One role requiring one competency is enough.
	if err := s.Link(ctx, graph.Edge{Type: graph.RelRoleRequires, From: "r1", To: "c1"}); err != nil {
		t.Fatal(err)
	}
	res, snap := generate(t, s, Options{Seed: 1, Credentials: 40, Learners: 10})
	if res.Learners != 10 || len(snap.out[graph.RelHas]["gen:learner:000001"]) != 1 {
		t.Errorf("tiny store: %d learners, holdings %v", res.Learners, snap.out[graph.RelHas]["gen:learner:000001"])
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		opts  Options
		field string
	}{
		{Options{Credentials: -1}, "credentials"},
		{Options{Credentials: MaxCount + 1}, "credentials"},
		{Options{Learners: -5}, "learners"},
		{Options{Learners: 2_000_000}, "learners"},
		{Options{Organizations: -1}, "organizations"},
		{Options{Organizations: MaxOrganizations + 1}, "organizations"},
		{Options{BatchSize: -1}, "batchSize"},
	} {
		err := tc.opts.Validate()
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != tc.field {
			t.Errorf("%+v: %v, want EINVALID on %s", tc.opts, err, tc.field)
		}
		if _, err := Generate(context.Background(), nil, tc.opts); graph.ErrorField(err) != tc.field {
			t.Errorf("Generate(%+v): %v, want EINVALID on %s", tc.opts, err, tc.field)
		}
	}
	if err := (Options{Credentials: MaxCount, Learners: MaxCount, Organizations: MaxOrganizations}).Validate(); err != nil {
		t.Errorf("the largest counts: %v", err)
	}
	if _, err := Generate(context.Background(), nil, Options{}); graph.ErrorField(err) != "store" {
		t.Errorf("no store: %v", err)
	}
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	s := sampleStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, s, Options{Seed: 1, Credentials: 50}); err == nil {
		t.Fatal("a cancelled generation succeeded")
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes[graph.KindCredential] != 0 {
		t.Errorf("a cancelled generation wrote %d credentials", st.Nodes[graph.KindCredential])
	}
}

// checkPathwayContexts checks that the pathway engine finds candidate credentials, with
// prerequisites among them, for learners toward the roles they target.
func checkPathwayContexts(t *testing.T, s graph.Store, snap *snapshot) {
	t.Helper()
	ctx := context.Background()
	asked, withCandidates, withPrerequisites := 0, 0, 0
	for _, n := range snap.generated(graph.KindLearner) {
		for _, e := range snap.out[graph.RelTargets][n.NodeID()] {
			pc, err := s.PathwayContext(ctx, e.From, e.To)
			if err != nil {
				t.Fatalf("pathway context of %s toward %s: %v", e.From, e.To, err)
			}
			pc = pc.Full()
			asked++
			if len(pc.Credentials) > 1 {
				withCandidates++
			}
			if len(pc.Prerequisites) > 0 {
				withPrerequisites++
			}
		}
	}
	if asked == 0 || withCandidates < asked*9/10 || withPrerequisites == 0 {
		t.Errorf("of %d learner targets, %d have candidate credentials, %d prerequisites among them", asked, withCandidates, withPrerequisites)
	}
}
