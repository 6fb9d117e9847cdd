package graph

import "strings"

// ESCOConceptBase is the prefix of every ESCO concept URI.
const ESCOConceptBase = "http://data.europa.eu/esco/"

// ESCOConceptID maps an ESCO concept URI to its node id in skillgraph: "esco:" followed by the URI's path
// under ConceptBase, e.g. "esco:skill/0005c151-5b5a-4a66-8aac-60e734beb1ab" or
// "esco:isced-f/00". Other URIs become "esco:" followed by the URI without its scheme. The demo
// dataset uses the same ids, so an import links up with it. An empty URI gives "".
func ESCOConceptID(uri string) string {
	uri = strings.TrimSpace(uri)
	if uri == "" {
		return ""
	}
	// The https form names the same concept, so it maps to the same node.
	for _, base := range []string{ESCOConceptBase, "https://data.europa.eu/esco/"} {
		if rest, ok := strings.CutPrefix(uri, base); ok {
			return "esco:" + rest
		}
	}
	if i := strings.Index(uri, "://"); i > 0 {
		uri = uri[i+3:]
	}
	return "esco:" + uri
}
