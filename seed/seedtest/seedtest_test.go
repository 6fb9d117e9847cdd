package seedtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMissingDataSkipsOrFails runs a test needing a data set that does not exist in a child
// process: it is skipped, with a message, by default, and fails with SKILLGRAPH_REQUIRE_DATA=1.
func TestMissingDataSkipsOrFails(t *testing.T) {
	if os.Getenv("SEEDTEST_CHILD") == "1" {
		DataDir(t, "no-such-data-set")
		t.Fatal("DataDir returned for a missing folder")
	}
	for _, tc := range []struct {
		require  string
		wantFail bool
		want     string
	}{
		{"", false, "ESCO DATA ABSENT, TEST SKIPPED"},
		{"1", true, "ESCO DATA REQUIRED (SKILLGRAPH_REQUIRE_DATA=1)"},
	} {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestMissingDataSkipsOrFails$", "-test.v")
		cmd.Env = append(os.Environ(), "SEEDTEST_CHILD=1", RequireDataEnv+"="+tc.require)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tc.wantFail || !strings.Contains(string(out), tc.want) ||
			!strings.Contains(string(out), "no-such-data-set") {
			t.Errorf("%s=%q: exit error %v, want failure %v and %q naming the folder, in:\n%s",
				RequireDataEnv, tc.require, err, tc.wantFail, tc.want, out)
		}
	}
}
