// Package seedtest finds the real data that tests read at run time.
//
// Every test that reads ../shared/data finds it here, so that its absence is handled in one
// way: the test is skipped loudly, or, when SKILLGRAPH_REQUIRE_DATA=1 (as CI sets it), fails,
// so that a CI run without the data cannot pass by skipping what it was meant to check.
package seedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// RequireDataEnv is the variable that turns missing data from a skip into a failure.
const RequireDataEnv = "SKILLGRAPH_REQUIRE_DATA"

// DataDir returns a folder of the shared data (../shared/data/<name> from the repository root),
// calling Absent when it is missing.
func DataDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(DataRoot(t), name)
	if _, err := os.Stat(dir); err != nil {
		abs, _ := filepath.Abs(dir)
		Absent(t, "the ESCO data is not at %s (%v)", abs, err)
	}
	return dir
}

// OptionalDataDir is DataDir for tests that can run without the data, on fixtures of their
// own: ok is false when the folder is missing (said loudly), and the test fails instead when
// SKILLGRAPH_REQUIRE_DATA=1.
func OptionalDataDir(t testing.TB, name string) (dir string, ok bool) {
	t.Helper()
	dir = filepath.Join(DataRoot(t), name)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv(RequireDataEnv) == "1" {
			t.Fatalf("ESCO DATA REQUIRED (%s=1): the ESCO data is not at %s (%v)", RequireDataEnv, dir, err)
		}
		t.Logf("*** ESCO DATA ABSENT: %s (%v); running on the test's own fixtures ***", dir, err)
		return "", false
	}
	return dir, true
}

// OfficialZips returns the two official ESCO zips (../shared/data/esco-official/*.zip), calling
// Absent when they are not both there.
func OfficialZips(t testing.TB) []string {
	t.Helper()
	dir := DataDir(t, "esco-official")
	zips, err := filepath.Glob(filepath.Join(dir, "*.zip"))
	if err != nil || len(zips) != 2 {
		Absent(t, "want the two official ESCO zips in %s, got %v", dir, zips)
	}
	return zips
}

// DataRoot returns ../shared/data from the repository root, whether or not it exists.
func DataRoot(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatalf("seedtest: %v", err)
	}
	return filepath.Join(root, "..", "shared", "data")
}

// Absent reports that the data a test needs is missing: it skips the test with a message
// that stands out in the output, or fails it when SKILLGRAPH_REQUIRE_DATA=1.
func Absent(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(RequireDataEnv) == "1" {
		t.Fatalf("ESCO DATA REQUIRED (%s=1): %s", RequireDataEnv, msg)
	}
	fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: %s (set %s=1 to fail instead) ***\n\n", t.Name(), msg, RequireDataEnv)
	t.Skipf("ESCO DATA ABSENT, TEST SKIPPED: %s", msg)
}

// RepoRoot walks up from the working directory (a package folder, under go test) to go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
