package badges

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nodeResult is one line of tools/badge-verify/verify.mjs's output.
type nodeResult struct {
	Kind      string         `json:"kind"`
	Index     int            `json:"index"`
	Valid     bool           `json:"valid"`
	Signature bool           `json:"signature"`
	OBSchema  *bool          `json:"obSchema"`
	VC2Schema *bool          `json:"vc2Schema"`
	Header    map[string]any `json:"header"`
	Errors    []string       `json:"errors"`
}

// specDir locates the Open Badges schemas: SKILLGRAPH_SPEC_DIR, else ../shared/spec/openbadges
// beside the repository.
func specDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SKILLGRAPH_SPEC_DIR")
	if dir == "" {
		dir = filepath.Join(repoRoot(t), "..", "shared", "spec", "openbadges")
	}
	if _, err := os.Stat(filepath.Join(dir, "ob_v3p0_achievementcredential.schema.json")); err != nil {
		t.Fatalf("Open Badges schemas not found in %s (set SKILLGRAPH_SPEC_DIR): %v", dir, err)
	}
	return dir
}

// requireNode skips when node or npm is missing, unless SKILLGRAPH_REQUIRE_NPM=1.
func requireNode(t *testing.T) {
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

// installTool runs npm ci (npm install without a lock file) in the tool's folder, unless its
// node_modules is already newer than package.json and the lock file.
func installTool(t *testing.T, dir string) {
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

func TestIndependentVerificationWithNode(t *testing.T) {
	requireNode(t)
	root := repoRoot(t)
	toolDir := filepath.Join(root, "tools", "badge-verify")
	schemas := specDir(t)
	installTool(t, toolDir)

	// One key store that has signed with every algorithm: its JWKS holds all three keys.
	keys, err := OpenKeyStore("", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := NewIssuer(keys, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	issuedAt := time.Now().Add(-time.Hour)
	until := issuedAt.AddDate(3, 0, 0)
	var badges []*Issued
	for i, alg := range Algorithms {
		if i > 0 {
			if _, err := keys.Rotate(alg); err != nil {
				t.Fatal(err)
			}
		}
		credential, err := issuer.Issue(ctx, credentialInput(t, "ach-npm-"+string(alg), 10+i, issuedAt, &until))
		if err != nil {
			t.Fatal(err)
		}
		block, err := issuer.Issue(ctx, blockInput(t, "ach-npm-block-"+string(alg), 20+i, issuedAt))
		if err != nil {
			t.Fatal(err)
		}
		badges = append(badges, credential, block)
	}
	list, err := StatusListFromIndexes(0, []int{10})
	if err != nil {
		t.Fatal(err)
	}
	statusJWT, _, err := issuer.IssueStatusList(ctx, "2024-a", PurposeRevocation, list)
	if err != nil {
		t.Fatal(err)
	}

	// Tokens that must fail: a changed payload, a badge from an unknown key, and a correctly
	// signed payload that breaks the Open Badges schema.
	tampered := strings.Split(badges[0].JWT, ".")
	payload := decodeSegment(t, badges[0].JWT, 1)
	payload["name"] = "Something else"
	tamperedJWT := replaceSegment(t, strings.Join(tampered, "."), 1, payload)
	stranger, err := OpenKeyStore("", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	strangerIssuer, err := NewIssuer(stranger, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := strangerIssuer.Issue(ctx, credentialInput(t, "ach-npm-foreign", 30, issuedAt, nil))
	if err != nil {
		t.Fatal(err)
	}
	broken := decodeSegment(t, badges[1].JWT, 1)
	broken["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["type"] = []any{"Badge"}
	brokenData, err := json.Marshal(broken)
	if err != nil {
		t.Fatal(err)
	}
	brokenJWT, _, err := keys.signCompact(brokenData)
	if err != nil {
		t.Fatal(err)
	}

	jwts := []string{}
	for _, b := range badges {
		jwts = append(jwts, b.JWT)
	}
	jwts = append(jwts, tamperedJWT, foreign.JWT, brokenJWT)
	input, err := json.Marshal(map[string]any{
		"jwks": keys.PublicJWKS(), "jwts": jwts, "vcJwts": []string{statusJWT}, "schemaDir": schemas,
	})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(runCtx, "node", "verify.mjs")
	cmd.Dir = toolDir
	cmd.Stdin = bytes.NewReader(input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	// Exit status 1 is expected: the last three tokens fail on purpose.
	if exitErr, ok := err.(*exec.ExitError); err != nil && (!ok || exitErr.ExitCode() != 1) {
		t.Fatalf("node verify.mjs: %v\n%s", err, stderr.String())
	}

	t.Logf("verify.mjs output:\n%s", stdout.String())
	var results []nodeResult
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r nodeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad output line %q: %v", sc.Text(), err)
		}
		results = append(results, r)
	}
	if len(results) != len(jwts)+1 {
		t.Fatalf("%d results for %d tokens; stderr:\n%s", len(results), len(jwts)+1, stderr.String())
	}
	for i, b := range badges {
		r := results[i]
		if !r.Valid || !r.Signature || r.OBSchema == nil || !*r.OBSchema || r.VC2Schema == nil || !*r.VC2Schema {
			t.Errorf("badge %d (%s, kid %s) failed independent verification: %+v", i, b.Algorithm, b.KeyID, r)
		}
		if r.Header["alg"] != string(b.Algorithm) || r.Header["kid"] != b.KeyID || len(r.Header) != 3 {
			t.Errorf("badge %d: jose saw header %v", i, r.Header)
		}
	}
	n := len(badges)
	if r := results[n]; r.Valid || r.Signature {
		t.Errorf("tampered badge passed: %+v", r)
	}
	if r := results[n+1]; r.Valid || r.Signature {
		t.Errorf("badge from an unknown key passed: %+v", r)
	}
	if r := results[n+2]; r.Valid || !r.Signature || r.OBSchema == nil || *r.OBSchema {
		t.Errorf("schema-breaking badge passed the Open Badges schema: %+v", r)
	}
	if r := results[n+3]; r.Kind != "credential" || !r.Valid || r.VC2Schema == nil || !*r.VC2Schema {
		t.Errorf("status list credential failed: %+v", r)
	}
}
