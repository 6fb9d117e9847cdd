// Package badgetest verifies badges with an implementation that is not ours, for tests: the
// npm tool in tools/badge-verify (jose for signatures, Ajv for the Open Badges and VC schemas).
package badgetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/seed/seedtest"
)

// NodeResult is one line of tools/badge-verify/verify.mjs's output.
type NodeResult struct {
	Kind      string         `json:"kind"`
	Index     int            `json:"index"`
	Valid     bool           `json:"valid"`
	Signature bool           `json:"signature"`
	OBSchema  *bool          `json:"obSchema"`
	VC2Schema *bool          `json:"vc2Schema"`
	Header    map[string]any `json:"header"`
	Errors    []string       `json:"errors"`
}

// Passed reports whether a badge passed every check: signature and both schemas.
func (r NodeResult) Passed() bool {
	return r.Valid && r.Signature && r.OBSchema != nil && *r.OBSchema && r.VC2Schema != nil && *r.VC2Schema
}

func root(t testing.TB) string {
	t.Helper()
	dir, err := seedtest.RepoRoot()
	if err != nil {
		t.Fatalf("badgetest: %v", err)
	}
	return dir
}

// SpecDir locates the Open Badges schemas: SKILLGRAPH_SPEC_DIR, else ../shared/spec/openbadges
// beside the repository.
func SpecDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SKILLGRAPH_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join(root(t), "..", "shared", "spec", "openbadges")
	}
	if _, err := os.Stat(filepath.Join(dir, "ob_v3p0_achievementcredential.schema.json")); err != nil {
		t.Fatalf("Open Badges schemas not found in %s (set SKILLGRAPH_SPEC_DIR): %v", dir, err)
	}
	return dir
}

// ToolDir is tools/badge-verify.
func ToolDir(t testing.TB) string { return filepath.Join(root(t), "tools", "badge-verify") }

// RequireNode skips when node or npm is missing, unless SKILLGRAPH_REQUIRE_NPM=1.
func RequireNode(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SKILLGRAPH_REQUIRE_NPM") == "1" {
				t.Fatalf("%s is not installed and SKILLGRAPH_REQUIRE_NPM=1", tool)
			}
			t.Skipf("independent npm verification skipped: %s is not installed (set SKILLGRAPH_REQUIRE_NPM=1 to fail instead)", tool)
		}
	}
}

// InstallTool runs npm ci (npm install without a lock file) in the tool's folder, unless its
// node_modules is already newer than package.json and the lock file.
func InstallTool(t testing.TB, dir string) {
	t.Helper()
	installed, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json"))
	upToDate := err == nil
	lock := filepath.Join(dir, "package-lock.json")
	for _, f := range []string{filepath.Join(dir, "package.json"), lock} {
		info, err := os.Stat(f)
		if err != nil || (installed != nil && info.ModTime().After(installed.ModTime())) {
			upToDate = false
		}
	}
	if upToDate {
		return
	}
	args := []string{"ci", "--no-audit", "--no-fund"}
	if _, err := os.Stat(lock); err != nil {
		args[0] = "install"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm %s in %s: %v\n%s", args[0], dir, err, out)
	}
}

// Verify runs verify.mjs on badges (jwts) and other credentials of the issuer such as status
// lists (vcJwts) against a JWKS, and returns one result per token, badges first. It skips as
// RequireNode does.
func Verify(t testing.TB, jwks any, jwts, vcJwts []string) []NodeResult {
	t.Helper()
	RequireNode(t)
	dir := ToolDir(t)
	InstallTool(t, dir)
	input, err := json.Marshal(map[string]any{"jwks": jwks, "jwts": jwts, "vcJwts": vcJwts, "schemaDir": SpecDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "verify.mjs")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// Exit status 1 says that a token failed: the caller judges each result.
	var exitErr *exec.ExitError
	if err := cmd.Run(); err != nil && !(errors.As(err, &exitErr) && exitErr.ExitCode() == 1) {
		t.Fatalf("node verify.mjs: %v\n%s", err, stderr.String())
	}
	var results []NodeResult
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r NodeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad output line %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) != len(jwts)+len(vcJwts) {
		t.Fatalf("%d results for %d tokens; stderr:\n%s", len(results), len(jwts)+len(vcJwts), stderr.String())
	}
	return results
}
