// Package storetest is the conformance suite of graph.Store: one set of tests that every store
// (the embedded store in graph/embedded, the Neo4j store in graph/neo4j) passes. The comments of
// graph.Store and of the types it speaks are the contract; the suite checks that contract and
// nothing of any implementation.
//
// A store's test calls Run with a function that opens a fresh, empty store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) graph.Store { return openEmpty(t) })
//	}
//
// Every subtest opens its own store and builds the little graph it needs with the builders in
// fixtures.go. Subtests never run in parallel: stores on a server share one database.
package storetest

import (
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// test is one subtest: it receives a fresh, empty store.
type test struct {
	name string
	run  func(t *testing.T, s graph.Store)
}

// group is a set of subtests about one part of the contract.
type group struct {
	name  string
	tests []test
}

// Run runs the conformance suite. newStore returns a fresh, empty store and registers its own cleanup.
func Run(t *testing.T, newStore func(t *testing.T) graph.Store) {
	groups := []group{
		{"Get", getTests},
		{"GetMany", getManyTests},
		{"Create", createTests},
		{"Update", updateTests},
		{"Delete", deleteTests},
		{"Link", linkTests},
		{"Unlink", unlinkTests},
		{"Edges", edgesTests},
		{"Stats", statsTests},
		{"Ping", pingTests},
		{"List", listTests},
		{"Filter", filterTests},
		{"Search", searchTests},
		{"BulkUpsert", bulkTests},
		{"PathwayContext", pathwayTests},
		{"Concurrency", concurrencyTests},
		{"NextSequence", sequenceTests},
		{"IssuedAchievements", issuedTests},
		{"IssuedAchievementsImported", issuedBulkTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					s := newStore(t)
					if s == nil {
						t.Fatal("newStore returned nil")
					}
					tc.run(t, s)
				})
			}
		})
	}
}
