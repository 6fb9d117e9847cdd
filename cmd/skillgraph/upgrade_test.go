package main

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph/embedded/embeddedtest"
)

// A store file written by the previous release opens through the command line: it is upgraded
// in place, the upgrade is logged where the command logs, and the data is all there.
func TestStatsUpgradesAnOlderStoreFile(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	db := embeddedtest.V1File(t)
	stdout, stderr, err := runOut("stats", "--db", db)
	if err != nil {
		t.Fatalf("stats on a version 1 file: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "store file upgraded") {
		t.Fatalf("stats did not report the upgrade: %q", stderr)
	}
	if got := statsLine(t, stdout, "Learner"); got != "12" {
		t.Fatalf("%s learners after the upgrade, want the demo's 12", got)
	}
	_, stderr, err = runOut("stats", "--db", db)
	if err != nil || strings.Contains(stderr, "upgrad") {
		t.Fatalf("second stats: %v, logged %q", err, stderr)
	}
}
