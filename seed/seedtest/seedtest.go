// Package seedtest finds the real data that tests read at run time.
package seedtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// DataDir returns a folder of the shared data (../shared/data/<name> from the repository root),
// skipping the test loudly when it is absent.
func DataDir(t testing.TB, name string) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatalf("seedtest: %v", err)
	}
	dir := filepath.Join(root, "..", "shared", "data", name)
	if _, err := os.Stat(dir); err != nil {
		abs, _ := filepath.Abs(dir)
		fmt.Fprintf(os.Stderr, "\n*** SKIPPING %s: the ESCO data is not at %s (%v) ***\n\n", t.Name(), abs, err)
		t.Skipf("ESCO data not found at %s", abs)
	}
	return dir
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
