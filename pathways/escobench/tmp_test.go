package escobench

import (
	"os"
	"testing"
)

// dirs are the folders of the fixtures' stores, removed when the test binary ends: they outlive
// any one test or benchmark, which share them.
var dirs []string

func tmpDir() (string, error) {
	d, err := os.MkdirTemp("", "skillgraph-escobench-")
	if err == nil {
		dirs = append(dirs, d)
	}
	return d, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if embeddedLoaded.store != nil {
		embeddedLoaded.store.Close()
	}
	for _, d := range dirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
