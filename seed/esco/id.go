package esco

import "github.com/skillgraph/skillgraph/graph"

// ConceptBase is the prefix of every ESCO concept URI.
const ConceptBase = graph.ESCOConceptBase

// ID maps an ESCO concept URI to its node id in skillgraph (see graph.ESCOConceptID), e.g.
// "esco:skill/0005c151-5b5a-4a66-8aac-60e734beb1ab".
func ID(uri string) string { return graph.ESCOConceptID(uri) }
