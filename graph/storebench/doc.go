// Package storebench benchmarks every store on the full ESCO graph: batch gets, filtered pages,
// text search and the pathway-context read, side by side, with the embedded store as the
// baseline that the Neo4j figures are compared against.
//
//	make bench     (or: go test -run '^$' -bench . -benchmem ./graph/storebench)
//
// It reads the official ESCO zips from ../shared/data at run time and skips when they are
// absent; the Neo4j half runs when NEO4J_URI is set (make bench starts one).
package storebench
