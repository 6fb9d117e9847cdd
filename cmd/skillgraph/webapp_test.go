package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges/badgetest"
	"github.com/skillgraph/skillgraph/server"
)

// demoConfig reads the demo identities the web app is offered at /config.json.
func demoConfig(t *testing.T, addr string) []server.DemoIdentity {
	t.Helper()
	res, err := http.Get("http://" + addr + "/config.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var cfg struct{ Demo []server.DemoIdentity }
	if err := json.NewDecoder(res.Body).Decode(&cfg); err != nil {
		t.Fatal(err)
	}
	return cfg.Demo
}

// With the demo and development tokens, the web app is offered one identity per demo role,
// with a token the server accepts for that role; without the demo, none.
func TestServeOffersDemoIdentities(t *testing.T) {
	addr, db := serveDemo(t)
	ids := demoConfig(t, addr)
	if len(ids) != len(demoTokens) {
		t.Fatalf("%d demo identities, want %d: %v", len(ids), len(demoTokens), ids)
	}
	secret, err := access.LoadOrCreateSecret(db + ".secret")
	if err != nil {
		t.Fatal(err)
	}
	v, err := access.NewVerifier(access.Config{HS256Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		p, err := v.Verify(context.Background(), id.Token)
		if err != nil || string(p.Role) != id.Role || id.Role != string(demoTokens[i].in.Role) || id.Name != demoTokens[i].label {
			t.Errorf("identity %v: principal %+v, %v", id, p, err)
		}
	}
	t.Setenv("NEO4J_URI", "")
	bare := startServe(t, "--db", filepath.Join(t.TempDir(), "bare.db"), "--no-demo")
	if ids := demoConfig(t, bare.addr); len(ids) != 0 {
		t.Errorf("without the demo, the web app is offered %v", ids)
	}
}

// The web app's journeys, seat by seat, in Debian's Chromium against a real server on the
// demo (web/e2e/run.mjs): axe-core on every screen, 1280 and 390 px wide, no request leaving
// 127.0.0.1. The run writes the screenshots of docs/screenshots. It skips without Chromium,
// Node.js or npm, unless SKILLGRAPH_REQUIRE_NPM=1.
func TestWebAppInChromium(t *testing.T) {
	badgetest.RequireNode(t)
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("SKILLGRAPH_REQUIRE_NPM") == "1" {
			t.Fatalf("%s is missing and SKILLGRAPH_REQUIRE_NPM=1 (apt-get install chromium)", chromium)
		}
		t.Skipf("web app tests skipped: %s is missing (apt-get install chromium; set SKILLGRAPH_REQUIRE_NPM=1 to fail instead)", chromium)
	}
	webDir, err := filepath.Abs(filepath.Join("..", "..", "web"))
	if err != nil {
		t.Fatal(err)
	}
	shots, err := filepath.Abs(filepath.Join("..", "..", "docs", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	badgetest.InstallTool(t, webDir)
	addr := serveForTour(t)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "e2e/run.mjs", "http://"+addr, shots)
	cmd.Dir = webDir
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("web app journeys failed: %v", err)
	}
}
