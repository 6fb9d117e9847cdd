// Package embeddedtest gives tests a store file written by an earlier release of the embedded
// store, to check that this one upgrades it.
package embeddedtest

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Testdata returns the path of a file in graph/embedded/testdata, wherever the test runs.
func Testdata(name string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "testdata", name)
}

// V1File copies into a new file, and returns the path of, the demo dataset with its badges
// signed as storage version 1 wrote it; testdata/demo-v1.hashes lists each node's content hash
// as that release computed it, and testdata/demo-v1.jwks.json the keys that signed its badges.
func V1File(t testing.TB) string {
	t.Helper()
	f, err := os.Open(Testdata("demo-v1.skillgraph.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.skillgraph")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, zr); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
