package esco

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// ESCO's French labels name the concepts the sample import wrote, and nothing else; a rerun
// changes nothing.
func TestImportFrenchLabels(t *testing.T) {
	ctx := context.Background()
	s := openBolt(t)
	if _, err := Import(ctx, s, []string{seedtest.DataDir(t, "esco-official-sample")}, Options{}); err != nil {
		t.Fatal(err)
	}
	before, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fr := seedtest.DataDir(t, "esco-fr")
	res, err := ImportLabels(ctx, s, fr, 200)
	if err != nil {
		t.Fatal(err)
	}
	// Every occupation has a French label; the skills file covers part of the skills.
	if len(res.Languages) != 1 || res.Languages[0] != "fr" || res.Roles != 50 || res.Skills == 0 || res.Skills >= 2500 || res.Missing == 0 {
		t.Fatalf("result %+v", res)
	}
	n, err := s.Get(ctx, graph.KindJobRole, ID("http://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4"))
	if err != nil {
		t.Fatal(err)
	}
	role := n.(*graph.JobRole)
	if role.Title != "ICT security engineer" || role.Titles["fr"] == "" || role.Titles["fr"] == role.Title {
		t.Fatalf("role %q, French %q", role.Title, role.Titles["fr"])
	}
	after, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Nodes[graph.KindJobRole] != before.Nodes[graph.KindJobRole] || after.Nodes[graph.KindCompetency] != before.Nodes[graph.KindCompetency] {
		t.Fatalf("labels created nodes: %v -> %v", before.Nodes, after.Nodes)
	}
	again, err := ImportLabels(ctx, s, fr, 200)
	if err != nil {
		t.Fatal(err)
	}
	if again.Written.NodesUpdated != 0 || again.Written.NodesCreated != 0 {
		t.Fatalf("rerun wrote %+v", again.Written)
	}
	// A directory without label files is refused, naming the path.
	if _, err := ImportLabels(ctx, s, t.TempDir(), 0); graph.ErrorField(err) != "path" {
		t.Fatalf("empty directory: %v", err)
	}
	// A label that is no name (two lines) is left out, not a failed import.
	dir := t.TempDir()
	body := "id,preferred_label\nhttp://data.europa.eu/esco/occupation/0ce5a9f4-e00a-4bbe-b255-3c63407167a4,\"two\nlines\"\n"
	if err := os.WriteFile(filepath.Join(dir, "occupations_de.csv"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if res, err := ImportLabels(ctx, s, dir, 0); err != nil || res.Roles != 0 {
		t.Fatalf("two-line label: %+v %v", res, err)
	}
}
