// Package pathwaysbench measures the pathways engine on the data it serves: the full ESCO
// classification with a generated catalogue of 20,000 micro-credentials and 10,000 learners,
// on the embedded store and on Neo4j. It holds tests and benchmarks only.
//
// TestQualityOnESCO compares, on 500 learner–role instances, the optimiser's plans with the
// naive and greedy baselines under the HOURS and COST objectives, and checks that a plan
// proven within the default 50 ms is never beaten by a baseline covering as much nor by a
// 5 s search. It logs its figures and asserts correctness only.
//
//	go test -run TestQualityOnESCO -v -timeout 30m ./pathways/pathwaysbench/
//
// The benchmarks report per-request percentiles (p50-ms, p99-ms) in process, through GraphQL
// over loopback, and for role fit over every role; on Neo4j they also report each figure
// over the embedded store's of the same run.
//
//	NEO4J_URI=bolt://127.0.0.1:7687 go test -run '^$' -bench . -benchtime 500x -timeout 60m ./pathways/pathwaysbench/
//
// The ESCO zips are read from ../shared/data/esco-official; without them, or with -short,
// everything skips loudly. Without NEO4J_URI the Neo4j halves skip (or fail when
// SKILLGRAPH_REQUIRE_NEO4J=1).
package pathwaysbench
