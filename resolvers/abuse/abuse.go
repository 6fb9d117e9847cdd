// Package abuse is a table of abusive GraphQL requests: documents built to cost a server far
// more than their size (repeated fields, aliased introspection, fragment bombs, huge pages,
// deep nesting), each with the coded refusal a server must answer before executing it. The
// resolvers' tests send it to a real server; tools/abuse replays it against a running one.
package abuse

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Case is one abusive request: a POST body (or, with Get, a GET query string) and the
// extensions.code values that refuse it.
type Case struct {
	Name  string
	Body  []byte
	Get   bool     // send as GET /graphql?query=...
	Codes []string // any of these refuses it
}

// Codes of refusals.
const (
	Document      = "DOCUMENT_LIMIT_EXCEEDED"
	Depth         = "DEPTH_LIMIT_EXCEEDED"
	Complexity    = "COMPLEXITY_LIMIT_EXCEEDED"
	Introspection = "INTROSPECTION_DISABLED"
	Validation    = "GRAPHQL_VALIDATION_FAILED"
	Parse         = "GRAPHQL_PARSE_FAILED"
	BadRequest    = "BAD_REQUEST"
)

func body(query string) []byte {
	b, _ := json.Marshal(map[string]any{"query": query})
	return b
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

func aliased(n int, field string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field)
	}
	return b.String()
}

func nested(depth int, open, leaf string) string {
	return repeat(open+" { ", depth) + leaf + repeat(" }", depth)
}

// fragmentBomb: each fragment spreads the previous one twice, so the last selects 2^levels
// fields in a few hundred bytes.
func fragmentBomb(levels int) string {
	var b strings.Builder
	b.WriteString("{ ...F" + fmt.Sprint(levels) + " }\nfragment F0 on Query { __typename }\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i-1, i-1)
	}
	return b.String()
}

const fullSchema = `__schema { types { name fields { name type { name ofType { name } } } } }`

// Cases returns the table. introspection says whether the server allows introspection; the
// cases are abusive either way, only some refusals differ.
func Cases(introspection bool) []Case {
	schemaCodes := []string{Complexity, Document}
	if !introspection {
		schemaCodes = append(schemaCodes, Introspection)
	}
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprintf("id-%d", i))
	}
	return []Case{
		{Name: "8,000 repetitions of one field", Body: body("{ competencies { edges { node { " + repeat("name ", 8000) + "} } } }"), Codes: []string{Document}},
		{Name: "200 aliases of __schema", Body: body("{ " + aliased(200, fullSchema) + "}"), Codes: []string{Document}},
		{Name: "20 aliases of __schema", Body: body("{ " + aliased(20, fullSchema) + "}"), Codes: schemaCodes},
		{Name: "3 fragments of __schema", Body: body("{ ...A ...B ...C }\nfragment A on Query { a: " + fullSchema + " }\nfragment B on Query { b: " + fullSchema + " }\nfragment C on Query { c: " + fullSchema + " }"), Codes: schemaCodes},
		{Name: "introspection nested 30 deep", Body: body("{ __schema { types { fields { type { " + nested(30, "ofType", "name") + " } } } } }"), Codes: append([]string{Depth}, schemaCodes...)},
		{Name: "500 aliases of __type", Body: body("{ " + aliased(500, `__type(name: "Learner") { name fields { name } }`) + "}"), Codes: []string{Document, Introspection}},
		{Name: "fields nested 60 deep", Body: body("{ competencies { edges { node { " + nested(60, "broader { edges { node", "name") + repeat(" } }", 60) + " } } } }"), Codes: []string{Depth, Document}},
		{Name: "fragment bomb (2^30 fields)", Body: body(fragmentBomb(30)), Codes: []string{Document}},
		{Name: "fragment bomb (2^12 fields)", Body: body(fragmentBomb(12)), Codes: []string{Document}},
		{Name: "search pages of 100 nested in pages of 1,000", Body: body(`{ search(query: "data", first: 100) { edges { node { ... on Competency { certifiedBy(first: 1000) { edges { node { certifies(first: 1000) { edges { node { name } } } } } } } } } } }`), Codes: []string{Complexity}},
		{Name: "credentialsCovering of 1,000 with nested pages", Body: body(`{ credentialsCovering(competencyIds: ["x"], first: 1000) { credential { certifies(first: 1000) { edges { node { certifiedBy(first: 1000) { edges { node { title } } } } } } } } }`), Codes: []string{Complexity}},
		{Name: "last: 1000 over pages of 300", Body: body(`{ competencies(last: 1000) { edges { node { certifiedBy(first: 300) { edges { node { title } } } } } } }`), Codes: []string{Complexity}},
		{Name: "nodes of 1,000 ids with nested pages", Body: body(`{ nodes(ids: [` + strings.Join(ids, ",") + `]) { ... on Competency { certifiedBy(first: 1000) { edges { node { certifies(first: 1000) { totalCount } } } } } } }`), Codes: []string{Complexity}},
		{Name: "a 40 KB comment", Body: body("# " + repeat("x", 40<<10) + "\n{ __typename }"), Codes: []string{Document}},
		{Name: "5,000 list items in an argument", Body: body(`{ competencies(where: {ids: [` + repeat(`"a",`, 5000) + `]}) { totalCount } }`), Codes: []string{Document}},
		{Name: "1,000 fragment spreads", Body: body("{ " + repeat("...F ", 1000) + "}\nfragment F on Query { __typename }"), Codes: []string{Document}},
		{Name: "1,000 directives", Body: body("{ __typename " + repeat("@skip(if: false) ", 1000) + "}"), Codes: []string{Document}},
		{Name: "1,000 variable definitions", Body: body("query(" + func() string {
			var b strings.Builder
			for i := range 1000 {
				fmt.Fprintf(&b, "$v%d: Int ", i)
			}
			return b.String()
		}() + ") { __typename }"), Codes: []string{Document}},
		{Name: "600 operations in one document", Body: body(func() string {
			var b strings.Builder
			for i := range 600 {
				fmt.Fprintf(&b, "query Q%d { __typename }\n", i)
			}
			return b.String()
		}()), Codes: []string{Document}},
		{Name: "31 aliases of a cheap field", Body: body("{ " + aliased(31, "__typename") + "}"), Codes: []string{Document}},
		{Name: "a list value nested 1,000 deep", Body: body(`{ competencies(where: {ids: ` + repeat("[", 1000) + `"a"` + repeat("]", 1000) + `}) { totalCount } }`), Codes: []string{Validation, Parse, Document}},
		{Name: "600 repetitions over GET", Body: []byte("{ stats { " + repeat("competencies ", 600) + "} }"), Get: true, Codes: []string{Document}},
		{Name: "a batch of 1,000 operations", Body: []byte("[" + strings.TrimSuffix(repeat(string(body("{ __typename }"))+",", 1000), ",") + "]"), Codes: []string{BadRequest}},
		{Name: "typo probing with introspection off", Body: body("{ learnr(key: \"x\") { name } }"), Codes: []string{Validation}},
	}
}
