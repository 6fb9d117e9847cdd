// Package storetest is the conformance suite of graph.Store: one set of tests that every store
// (the embedded store in graph/embedded, the Neo4j store in graph/neo4j) passes. The comments of
// graph.Store and of the types it speaks are the contract; the suite checks that contract and
// nothing of any implementation.
//
// A store's test calls Run with a function that opens a fresh, empty store stamping its writes
// with the clock it is given:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T, now func() time.Time) graph.Store { return openEmpty(t, now) })
//	}
//
// Every subtest opens its own store and builds the little graph it needs with the builders in
// fixtures.go. Subtests never run in parallel: stores on a server share one database.
package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

// test is one subtest: it receives a fresh, empty store.
type test struct {
	name string
	run  func(t *testing.T, s graph.Store)
}

// clocks holds the clock of each subtest's store, for clocked.
var clocks sync.Map // graph.Store -> *Clock

// clocked makes a test of timestamps: it also receives the clock its store reads.
func clocked(run func(t *testing.T, s graph.Store, c *Clock)) func(t *testing.T, s graph.Store) {
	return func(t *testing.T, s graph.Store) {
		c, ok := clocks.Load(s)
		if !ok {
			t.Fatal("storetest: no clock for the store")
		}
		run(t, s, c.(*Clock))
	}
}

// Clock is the time a subtest's store stamps its writes with. Each reading is one millisecond
// after the one before, so that writes in sequence get distinct times on any machine however
// busy, and a test advances it to tell the time of a write from a millisecond bumped past the
// previous one, rather than sleeping. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// newClock starts a clock at a fixed time, as stores keep times: UTC, whole milliseconds.
func newClock() *Clock { return &Clock{t: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)} }

// Now moves the clock one millisecond forward and returns the time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond)
	return c.t
}

// Advance moves the clock d forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// group is a set of subtests about one part of the contract.
type group struct {
	name  string
	tests []test
}

// Run runs the conformance suite. newStore returns a fresh, empty store that reads the time
// from now, and registers its own cleanup.
func Run(t *testing.T, newStore func(t *testing.T, now func() time.Time) graph.Store) {
	groups := []group{
		{"Get", getTests},
		{"GetMany", getManyTests},
		{"Create", createTests},
		{"CreateWithEdges", createWithEdgesTests},
		{"Update", updateTests},
		{"Delete", deleteTests},
		{"Link", linkTests},
		{"Unlink", unlinkTests},
		{"Edges", edgesTests},
		{"EdgeFilter", edgeFilterTests},
		{"Stats", statsTests},
		{"Ping", pingTests},
		{"List", listTests},
		{"Filter", filterTests},
		{"Search", searchTests},
		{"BulkUpsert", bulkTests},
		{"PathwayContext", pathwayTests},
		{"Concurrency", concurrencyTests},
		{"NextSequence", sequenceTests},
		{"KeySet", keySetTests},
		{"Versions", versionsTests},
		{"IssuedAchievements", issuedTests},
		{"IssuedAchievementsImported", issuedBulkTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					c := newClock()
					s := newStore(t, c.Now)
					if s == nil {
						t.Fatal("newStore returned nil")
					}
					clocks.Store(s, c)
					defer clocks.Delete(s)
					tc.run(t, s)
				})
			}
		})
	}
}
