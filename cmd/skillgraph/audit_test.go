package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/badges/badgetest"
)

// auditReport is the output of tools/graphql-http-audit/audit.mjs.
type auditReport struct {
	URL    string         `json:"url"`
	Counts map[string]int `json:"counts"`
	Audits []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Level      string `json:"level"`  // MUST, SHOULD or MAY
		Status     string `json:"status"` // ok, notice (MAY), warn (SHOULD), error (MUST, or could not run)
		Reason     string `json:"reason"`
		HTTPStatus int    `json:"httpStatus"`
	} `json:"audits"`
}

// The real server, on the demo, passes the GraphQL over HTTP audits of the graphql-http
// package (the reference implementation's conformance suite): no failed MUST, and every
// SHOULD met.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("SKILLGRAPH_REQUIRE_NPM") == "1" {
				t.Fatalf("%s is not installed and SKILLGRAPH_REQUIRE_NPM=1", tool)
			}
			t.Skipf("GraphQL over HTTP audit skipped: %s is not installed (set SKILLGRAPH_REQUIRE_NPM=1 to fail instead)", tool)
		}
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "tools", "graphql-http-audit"))
	if err != nil {
		t.Fatal(err)
	}
	badgetest.InstallTool(t, dir)
	addr := serveForTour(t)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "audit.mjs", "http://"+addr+"/graphql")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		t.Fatalf("node audit.mjs: %v\n%s", runErr, stderr.String())
	}
	var report auditReport
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("audit output is not the JSON summary (%v); exit %v\nstdout:\n%s\nstderr:\n%s", err, runErr, stdout.String(), stderr.String())
	}
	if len(report.Audits) < 50 {
		t.Fatalf("only %d audits ran: %s", len(report.Audits), stdout.String())
	}

	var failed, warned, noticed []string
	levels := map[string]int{}
	for _, a := range report.Audits {
		levels[a.Level]++
		line := a.ID + " " + a.Name + ": " + a.Reason
		switch a.Status {
		case "ok":
		case "error":
			failed = append(failed, line)
		case "warn":
			warned = append(warned, line)
		case "notice":
			noticed = append(noticed, line)
		default:
			t.Errorf("audit %s has an unknown status %q", a.ID, a.Status)
		}
	}
	t.Logf("graphql-http audits: %d run (MUST %d, SHOULD %d, MAY %d): %d ok, %d failed MUST, %d warnings (SHOULD), %d notices (MAY)",
		len(report.Audits), levels["MUST"], levels["SHOULD"], levels["MAY"], report.Counts["ok"], len(failed), len(warned), len(noticed))
	if len(warned) > 0 {
		t.Logf("SHOULD audits not met:\n  %s", strings.Join(warned, "\n  "))
	}
	if len(noticed) > 0 {
		t.Logf("MAY audits not met:\n  %s", strings.Join(noticed, "\n  "))
	}
	if len(failed) > 0 {
		t.Errorf("failed MUST audits:\n  %s", strings.Join(failed, "\n  "))
	}
	if (runErr != nil) != (len(failed) > 0) {
		t.Errorf("audit.mjs exit %v disagrees with %d failed audits", runErr, len(failed))
	}
}
