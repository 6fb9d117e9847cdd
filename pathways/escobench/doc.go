// Package escobench measures the pathways engine at the scale of real use: the full ESCO
// classification (3,007 occupations, 13,896 skills) with a generated catalogue of 20,000
// micro-credentials and 10,000 learners, on the embedded store and on Neo4j. Its tests check
// the engine's plans against two baselines on 500 instances; its benchmarks report latency
// percentiles in process and through GraphQL. It holds tests only.
package escobench
