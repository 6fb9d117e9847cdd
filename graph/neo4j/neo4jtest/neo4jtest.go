// Package neo4jtest opens the Neo4j store for tests, on the server that NEO4J_URI names.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph/neo4j"
)

// Config returns the store configuration from the environment (NEO4J_URI, and optionally
// NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE); ok is false when NEO4J_URI is unset.
func Config() (cfg neo4j.Config, ok bool) {
	cfg = neo4j.Config{
		URI:      os.Getenv("NEO4J_URI"),
		User:     os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
	return cfg, cfg.URI != ""
}

// Open returns a Store on NEO4J_URI (NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE optional) with an
// empty database. When NEO4J_URI is unset it calls t.Skip with a loud message, unless
// SKILLGRAPH_REQUIRE_NEO4J=1, when it calls t.Fatal instead; likewise when the server is
// unreachable. It takes an exclusive cross-process file lock (syscall.Flock on a file in
// os.TempDir() named after the URI) on first use and keeps it until the process exits, so test
// binaries of different packages sharing one Neo4j run one after another instead of wiping
// each other's data. It wipes the database with DeleteAll before returning and registers
// Close with t.Cleanup. opts are passed on to neo4j.Open.
func Open(t testing.TB, opts ...neo4j.Option) *neo4j.Store {
	t.Helper()
	cfg, ok := Config()
	if !ok {
		unavailable(t, "NEO4J SUITE SKIPPED: set NEO4J_URI or run `make test`")
	}
	if err := lock(cfg.URI); err != nil {
		t.Fatalf("neo4jtest: lock for %s: %v", cfg.URI, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := neo4j.Open(ctx, cfg, opts...)
	if err != nil {
		unavailable(t, "NEO4J SUITE SKIPPED: cannot open Neo4j at "+cfg.URI+": "+err.Error())
	}
	t.Cleanup(func() { s.Close() })
	if err := s.DeleteAll(ctx); err != nil {
		t.Fatalf("neo4jtest: wipe %s: %v", cfg.URI, err)
	}
	return s
}

// unavailable skips, or fails when the environment requires the Neo4j suite to run.
func unavailable(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("SKILLGRAPH_REQUIRE_NEO4J") == "1" {
		t.Fatal("NEO4J REQUIRED (SKILLGRAPH_REQUIRE_NEO4J=1): " + msg)
	}
	t.Log("\n*** " + msg + " ***")
	t.Skip(msg)
}

var (
	locksMu sync.Mutex
	locks   = map[string]*os.File{} // held until the process exits
	unsafe  = regexp.MustCompile(`[^A-Za-z0-9]+`)
)

// lock takes, once per process, an exclusive lock on the file named after uri. The file is
// never closed: the kernel releases the lock when the process exits, however it exits.
func lock(uri string) error {
	locksMu.Lock()
	defer locksMu.Unlock()
	if locks[uri] != nil {
		return nil
	}
	path := filepath.Join(os.TempDir(), "skillgraph-neo4j-"+unsafe.ReplaceAllString(uri, "_")+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return err
	}
	locks[uri] = f
	return nil
}
