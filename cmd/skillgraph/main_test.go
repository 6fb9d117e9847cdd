package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// buildBinary builds the real command once per test.
func buildBinary(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "skillgraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// statsLine returns the count printed by `stats` for a kind or relationship type.
func statsLine(t *testing.T, out, name string) string {
	m := regexp.MustCompile(`(?m)^\s+` + name + `\s+([\d,]+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s line in stats output:\n%s", name, out)
	}
	return m[1]
}

func runCmd(t *testing.T, env []string, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	if err := run(ctx, args, &stdout, &stderr); err != nil {
		t.Fatalf("skillgraph %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

func TestImportSampleThenStatsEmbedded(t *testing.T) {
	sample := seedtest.DataDir(t, "esco-official-sample")
	db := filepath.Join(t.TempDir(), "sg.db")
	env := []string{"NEO4J_URI="}
	_, progress := runCmd(t, env, "--db", db, "import", "esco", sample)
	if !strings.Contains(progress, "skills") {
		t.Errorf("no progress lines on stderr:\n%s", progress)
	}
	out, _ := runCmd(t, env, "stats", "--db", db)
	if got := statsLine(t, out, "JobRole"); got != "50" {
		t.Errorf("JobRole = %s, want 50", got)
	}
	// 2,500 skills and 456 skill groups.
	if got := statsLine(t, out, "Competency"); got != "2,956" {
		t.Errorf("Competency = %s, want 2,956", got)
	}
	if got := statsLine(t, out, "ROLE_REQUIRES"); got != "3,384" {
		t.Errorf("ROLE_REQUIRES = %s, want 3,384", got)
	}
	// A second run changes nothing.
	again, _ := runCmd(t, env, "--db", db, "import", "esco", sample)
	if !regexp.MustCompile(`(?m)^\s+total\s+[\d,]+\s+\d+\s+0\s+0\s+[\d,]+`).MatchString(again) {
		t.Errorf("second import changed something:\n%s", again)
	}
}

func TestImportSampleThenStatsNeo4j(t *testing.T) {
	sample := seedtest.DataDir(t, "esco-official-sample")
	neo4jtest.Open(t) // skips loudly, or fails when Neo4j is required; leaves an empty database
	env := []string{"NEO4J_URI=" + os.Getenv("NEO4J_URI")}
	runCmd(t, env, "import", "esco", sample)
	out, _ := runCmd(t, env, "stats")
	if !strings.Contains(out, "store: Neo4j") {
		t.Errorf("stats did not use Neo4j:\n%s", out)
	}
	if got := statsLine(t, out, "JobRole"); got != "50" {
		t.Errorf("JobRole = %s, want 50", got)
	}
	if got := statsLine(t, out, "Competency"); got != "2,956" {
		t.Errorf("Competency = %s, want 2,956", got)
	}
}

func TestUsageErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"frobnicate"}, &stdout, &stderr); err == nil || err.Error() != `unknown command "frobnicate" (see 'skillgraph --help')` {
		t.Errorf("unknown command: %v", err)
	}
	if err := run(ctx, []string{"--db", filepath.Join(t.TempDir(), "x.db"), "import", "esco"}, &stdout, &stderr); err == nil ||
		!strings.Contains(err.Error(), "import esco: name the ESCO zips") {
		t.Errorf("import esco without paths: %v", err)
	}
	err := run(ctx, []string{"--db", filepath.Join(t.TempDir(), "x.db"), "import", "esco", filepath.Join(t.TempDir(), "missing")}, &stdout, &stderr)
	if err == nil {
		t.Error("import of a missing path succeeded")
	}
}

// TestKillDuringImportKeepsCommittedBatches kills the importer with SIGKILL in the middle of a
// full ESCO import and checks that the embedded store opens, holds whole batches only, and that
// a rerun completes the import.
func TestKillDuringImportKeepsCommittedBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("full ESCO import: skipped in -short mode")
	}
	zips := seedtest.OfficialZips(t)
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "killed.db")
	const batch = 500

	cmd := exec.Command(bin, append([]string{"--db", db, "import", "esco", "--batch", "500"}, zips...)...)
	cmd.Env = append(os.Environ(), "NEO4J_URI=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill as the skills start being written: the skill groups are committed by then (their
	// line comes after their last batch). However many skill batches land before the signal
	// does, the store must hold whole ones.
	sc := bufio.NewScanner(stderr)
	killed := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "skill groups") {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatal("the import ended before it could be killed")
	}

	s, err := embedded.Open(db)
	if err != nil {
		t.Fatalf("open after kill -9: %v", err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	comps := st.Nodes[graph.KindCompetency]
	t.Logf("after kill -9: %d competencies, %d roles", comps, st.Nodes[graph.KindJobRole])
	// The framework node and the 640 skill groups are committed in their own batches; skills
	// follow in whole batches.
	if st.Nodes[graph.KindFramework] != 1 || comps < 640 || comps > 640+13896 {
		t.Fatalf("after kill -9: %d competencies, want the 640 groups plus some skills", comps)
	}
	if comps == 640+13896 {
		t.Log("the kill came after the last skill batch; checking whole batches of later phases only")
	} else if (comps-640)%batch != 0 {
		t.Errorf("after kill -9: %d skills stored, not a whole number of %d-row batches", comps-640, batch)
	}
	page, err := s.List(context.Background(), graph.KindCompetency, graph.ListOptions{First: 10})
	if err != nil || len(page.Items) != 10 || page.TotalCount != comps {
		t.Fatalf("list after kill -9: %v (%d items, total %d)", err, len(page.Items), page.TotalCount)
	}
	s.Close()

	rerun := exec.Command(bin, append([]string{"--db", db, "import", "esco"}, zips...)...)
	rerun.Env = cmd.Env
	out, err := rerun.CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	s, err = embedded.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err = s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Nodes[graph.KindCompetency] != 640+13896 || st.Nodes[graph.KindJobRole] != 3007 || st.Edges[graph.RelRoleRequires] != 123788 {
		t.Errorf("after rerun: %v", st)
	}
}

// import demo loads the demo into any store, and a second run changes nothing.
func TestImportDemoTwice(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	db := filepath.Join(t.TempDir(), "demo.db")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "import", "demo"}, &out, &errOut); err != nil {
		t.Fatalf("import demo: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "175 created") {
		t.Fatalf("first import: %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"--db", db, "import", "demo"}, &out, &errOut); err != nil {
		t.Fatalf("import demo again: %v", err)
	}
	if !strings.Contains(out.String(), "0 created, 0 updated, 175 unchanged") {
		t.Fatalf("second import: %q", out.String())
	}
}

// token mints development tokens that the served API accepts, and refuses bad scopes.
func TestTokenCommand(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	db := filepath.Join(t.TempDir(), "tok.db")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--db", db, "token", "--role", "issuer", "--org", "org-octet"}, &out, &errOut); err != nil {
		t.Fatalf("token: %v %s", err, errOut.String())
	}
	secret, err := os.ReadFile(db + ".secret")
	if err != nil {
		t.Fatalf("no secret beside the store: %v", err)
	}
	v, err := access.NewVerifier(access.Config{HS256Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	p, err := v.Verify(context.Background(), strings.TrimSpace(out.String()))
	if err != nil || p.Role != access.RoleIssuer || p.Org != "org-octet" {
		t.Fatalf("minted token: %+v %v", p, err)
	}
	if err := run(context.Background(), []string{"--db", db, "token", "--role", "issuer"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "org") {
		t.Fatalf("issuer without org: %v", err)
	}
}
