package esco

import (
	"testing"

	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
)

// These run against the Neo4j that NEO4J_URI names, and skip loudly without one.

func TestImportSampleNeo4j(t *testing.T) { checkSampleImport(t, neo4jtest.Open(t)) }
func TestImportFullNeo4j(t *testing.T) {
	skipShort(t)
	checkFullImport(t, neo4jtest.Open(t))
}
func TestImportMalformedNeo4j(t *testing.T) { checkMalformedImport(t, neo4jtest.Open(t)) }
func TestImportRejectedNeo4j(t *testing.T)  { checkRejectedImport(t, neo4jtest.Open(t)) }
