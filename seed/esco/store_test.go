package esco

import (
	"bytes"
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// The checks below run against every store, each opened empty (bolt_test.go, neo4j_test.go).

// sampleWant is what importing the sample writes (../shared/data/README.md): 456 skill groups,
// 2,500 skills, 50 occupations, 4,132 broader links, 738 skill-skill relations less the one of
// a skill with itself, 3,384 requirements.
var sampleWant = Result{SkillGroups: 456, Skills: 2500, Roles: 50, Broader: 4132, Related: 737,
	Requirements: 3384, Essential: 1270, Optional: 2114}

// checkSampleImport imports the sample into an empty store, checks what the store holds, and
// imports it again to check that nothing changes.
func checkSampleImport(t *testing.T, s graph.Store) {
	ctx := t.Context()
	dir := seedtest.DataDir(t, "esco-official-sample")
	var progress bytes.Buffer
	res, err := Import(ctx, s, []string{dir}, Options{BatchSize: 1000, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, res, sampleWant)
	nodes, edges := 1+456+2500+50, 4132+737+3384
	if want := (graph.BulkResult{NodesCreated: nodes, EdgesCreated: edges}); res.Written != want {
		t.Errorf("first import wrote %+v, want %+v", res.Written, want)
	}
	if res.SkippedRows() != 1 || res.Skipped[0].File != fileRelated || res.Skipped[0].Reason != skipSelfLink {
		t.Errorf("skipped %+v, want the one self-relation", res.Skipped)
	}
	checkStats(t, s, map[graph.Kind]int{graph.KindFramework: 1, graph.KindCompetency: 2956, graph.KindJobRole: 50},
		map[graph.RelType]int{graph.RelBroader: 4132, graph.RelRelated: 737, graph.RelRoleRequires: 3384})
	for _, phase := range []string{"framework", "skill groups", "skills", "occupations", "broader links", "related links", "requirements"} {
		if !strings.Contains(progress.String(), phase+" ") {
			t.Errorf("progress does not report %s: %q", phase, progress.String())
		}
	}

	// Spot checks, read back from the store.
	n, err := s.Get(ctx, graph.KindJobRole, ID("http://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4"))
	if err != nil {
		t.Fatal(err)
	}
	role := n.(*graph.JobRole)
	if role.Title != "ICT security engineer" || role.ISCOGroup != "2529" || role.Code != "2529.7" || role.FrameworkID != FrameworkID ||
		len(role.AltLabels) != 10 || role.AltLabels[0] != "IT security expert" ||
		!strings.HasPrefix(role.Description, "ICT security engineers advise and implement solutions") {
		t.Errorf("ICT security engineer stored as %+v", role)
	}
	reqs, err := s.Edges(ctx, graph.RelRoleRequires, graph.Outgoing, []string{role.ID}, graph.EdgeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs[role.ID]) == 0 {
		t.Error("ICT security engineer requires nothing")
	}
	for _, e := range reqs[role.ID] {
		if e.Level != 1 || (e.Importance == graph.Essential) != (e.Weight == 1) || (e.Importance == graph.Optional) != (e.Weight == 0.5) {
			t.Errorf("requirement stored as %+v", e)
		}
	}
	n, err = s.Get(ctx, graph.KindCompetency, "esco:skill/426ceaba-6867-481c-bb6b-aee3933da7d2")
	if err != nil {
		t.Fatal(err)
	}
	skill := n.(*graph.Competency)
	if skill.Name != "ICT safety" || skill.Type != graph.CompetencyTypeUnknown || skill.FrameworkID != FrameworkID ||
		!slices.Equal(skill.AltLabels[:3], []string{"ICT protection", "information and communication technology safety", "information and communication technologies safety"}) ||
		len(skill.AltLabels) != 7 || skill.AlignmentURI != "http://data.europa.eu/esco/skill/426ceaba-6867-481c-bb6b-aee3933da7d2" {
		t.Errorf("ICT safety stored as %+v", skill)
	}
	broader, err := s.Edges(ctx, graph.RelBroader, graph.Outgoing, []string{skill.ID}, graph.EdgeFilter{})
	if err != nil || len(broader[skill.ID]) == 0 {
		t.Errorf("ICT safety has no broader competency (%v)", err)
	}

	// Again: everything unchanged.
	again, err := Import(ctx, s, []string{dir}, Options{BatchSize: 700})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, again, sampleWant)
	if want := (graph.BulkResult{NodesUnchanged: nodes, EdgesUnchanged: edges}); again.Written != want {
		t.Errorf("second import wrote %+v, want %+v", again.Written, want)
	}
	summary := again.Summary()
	for _, want := range []string{"3,007 nodes and 8,253 relationships", "requirements: 1,270 essential, 2,114 optional",
		"skillSkillRelations.csv: links a concept to itself (1 row, first on line "} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
}

func checkCounts(t *testing.T, got *Result, want Result) {
	t.Helper()
	g := []int{got.SkillGroups, got.Skills, got.Roles, got.Broader, got.Related, got.Requirements, got.Essential, got.Optional}
	w := []int{want.SkillGroups, want.Skills, want.Roles, want.Broader, want.Related, want.Requirements, want.Essential, want.Optional}
	if !slices.Equal(g, w) {
		t.Errorf("imported groups, skills, roles, broader, related, requirements, essential, optional = %v, want %v", g, w)
	}
}

func checkStats(t *testing.T, s graph.Store, nodes map[graph.Kind]int, edges map[graph.RelType]int) {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range graph.Kinds {
		if st.Nodes[k] != nodes[k] {
			t.Errorf("the store holds %d %s nodes, want %d", st.Nodes[k], k, nodes[k])
		}
	}
	for _, r := range graph.RelTypes {
		if st.Edges[r] != edges[r] {
			t.Errorf("the store holds %d %s edges, want %d", st.Edges[r], r, edges[r])
		}
	}
}

// fullWant is what importing the official zips writes (../shared/data/README.md). The
// skill-skill relations file has 5,899 rows, one of a skill with itself.
var fullWant = Result{SkillGroups: 640, Skills: 13896, Roles: 3007, Broader: 20649, Related: 5898,
	Requirements: 123788, Essential: 64891, Optional: 58897}

// skipShort skips the full imports in short mode.
func skipShort(t *testing.T) {
	if testing.Short() {
		t.Skip("the full ESCO import does not run in short mode")
	}
}

// checkFullImport imports the official zips into an empty store and checks the counts. It
// logs the time taken and the memory allocated.
func checkFullImport(t *testing.T, s graph.Store) {
	zips := officialZips(t)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	res, err := Import(t.Context(), s, zips, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	t.Logf("full import in %s, %d MB allocated, %d GC cycles\n%s", time.Since(start).Round(time.Millisecond),
		(after.TotalAlloc-before.TotalAlloc)>>20, after.NumGC-before.NumGC, res.Summary())
	checkCounts(t, res, fullWant)
	if res.Version != "v1.1.1" {
		t.Errorf("version %q, want v1.1.1", res.Version)
	}
	nodes, edges := 1+640+13896+3007, 20649+5898+123788
	if want := (graph.BulkResult{NodesCreated: nodes, EdgesCreated: edges}); res.Written != want {
		t.Errorf("import wrote %+v, want %+v", res.Written, want)
	}
	if res.SkippedRows() != 7+1+67 {
		t.Errorf("skipped %+v, want 7 broader links, 1 self-relation and 67 requirements of unknown occupations", res.Skipped)
	}
	checkStats(t, s, map[graph.Kind]int{graph.KindFramework: 1, graph.KindCompetency: 640 + 13896, graph.KindJobRole: 3007},
		map[graph.RelType]int{graph.RelBroader: 20649, graph.RelRelated: 5898, graph.RelRoleRequires: 123788})
	fw, err := s.Get(t.Context(), graph.KindFramework, FrameworkID)
	if err != nil || fw.(*graph.Framework).Version != "v1.1.1" || fw.(*graph.Framework).Attribution != Attribution {
		t.Errorf("framework stored as %+v (%v)", fw, err)
	}

	start = time.Now()
	again, err := Import(t.Context(), s, zips, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second full import in %s", time.Since(start).Round(time.Millisecond))
	if want := (graph.BulkResult{NodesUnchanged: nodes, EdgesUnchanged: edges}); again.Written != want {
		t.Errorf("second import wrote %+v, want %+v", again.Written, want)
	}
}

// A malformed row stops the import with its file and line; its batch is not written, the
// batches before it stay.
func checkMalformedImport(t *testing.T, s graph.Store) {
	// Lines: header 1, s1 2-3 (two alt labels), s2 4, s3 5, s4 6, s5 7, the bad row 8. In batches
	// of two: [s1 s2] [s3 s4] [s5 bad].
	dir := writeFiles(t, map[string]string{fileSkills: appendRow(fileSkills, "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/s9,knowledge")})
	res, err := Import(t.Context(), s, []string{dir}, Options{BatchSize: 2})
	var fe *FileError
	if !errors.As(err, &fe) || filepath.Base(fe.File) != fileSkills || fe.Line != 8 || !strings.Contains(err.Error(), "skills_en.csv line 8: ") {
		t.Fatalf("error %v, want a *FileError at skills_en.csv line 8", err)
	}
	if res.SkillGroups != 1 || res.Skills != 4 {
		t.Errorf("result says %d groups and %d skills written, want 1 and 4", res.SkillGroups, res.Skills)
	}
	for id, want := range map[string]bool{"esco:skill/g1": true, "esco:skill/s1": true, "esco:skill/s4": true, "esco:skill/s5": false, "esco:skill/s9": false} {
		_, err := s.Get(t.Context(), graph.KindCompetency, id)
		if got := err == nil; got != want || (err != nil && graph.ErrorCode(err) != graph.ENOTFOUND) {
			t.Errorf("%s stored: %v (%v), want %v", id, got, err, want)
		}
	}
	checkStats(t, s, map[graph.Kind]int{graph.KindFramework: 1, graph.KindCompetency: 5}, nil)
}

// An item the store rejects (here a cycle in the hierarchy) is reported at its file and line.
func checkRejectedImport(t *testing.T, s graph.Store) {
	const u = "http://data.europa.eu/esco/"
	dir := writeFiles(t, map[string]string{fileBroader: appendRow(fileBroader, "SkillGroup,"+u+"skill/g1,KnowledgeSkillCompetence,"+u+"skill/s1")})
	_, err := Import(t.Context(), s, []string{dir}, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || filepath.Base(fe.File) != fileBroader || fe.Line != 4 || graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("error %v, want an invalid-input *FileError at broaderRelationsSkillPillar.csv line 4", err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Edges[graph.RelBroader] != 0 {
		t.Errorf("%d broader links written from the rejected batch", st.Edges[graph.RelBroader])
	}
}
