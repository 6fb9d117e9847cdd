package resolvers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/resolvers"
)

// outcomes counts the operations by the executor that answered them.
type outcomes struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *outcomes) observe(outcome string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n[outcome]++
}

func (o *outcomes) total() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	t := 0
	for _, n := range o.n {
		t += n
	}
	return t
}

func (o *outcomes) take() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := o.n
	o.n = map[string]int{}
	return n
}

// The compiled catalogue path and gqlgen's executor answer the same bytes: generated operations
// over the fields the compiled path knows (with aliases, fragments, @skip and @include,
// variables, languages, filters, absent nodes), mixed with fields it does not know and with
// arguments that fail, are sent to one handler with the path and one without.
func testCompiledPathMatchesExecutor(t *testing.T, fx *fixture) {
	verifier, err := access.NewVerifier(access.Config{HS256Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	seen := &outcomes{n: map[string]int{}}
	compiled := resolvers.NewHandler(fx.store, resolvers.Options{Verifier: verifier, ObserveExecution: seen.observe})
	plain := resolvers.NewHandler(fx.store, resolvers.Options{Verifier: verifier, Uncompiled: true})
	// Callers who see every learner, one learner only, or none.
	callers := []string{fx.token, "",
		mint(t, access.MintInput{Role: access.RoleLearner, Learner: "learner-lea-dubois", Subject: "learner-lea-dubois"}),
		mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"})}
	token := fx.token
	post := func(h http.Handler, query string, vars map[string]any) []byte {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return append([]byte(fmt.Sprintf("%d ", rec.Code)), rec.Body.Bytes()...)
	}
	keys := map[string][]string{}
	for typ, field := range map[string]string{"Competency": "competencies", "Credential": "credentials",
		"JobRole": "jobRoles", "Block": "blocks", "Learner": "learners"} {
		data := fx.ok(t, `{ `+field+`(first: 40) { edges { node { key } } } }`, nil)
		for _, e := range list(data, field+".edges") {
			keys[typ] = append(keys[typ], dig(e, "node.key").(string))
		}
		if len(keys[typ]) == 0 {
			t.Fatalf("no %s in the fixture", typ)
		}
	}
	g := &opGen{schema: loadSchemaFiles(t), rnd: rand.New(rand.NewPCG(1, 2)), keys: keys}
	same := func(query string, vars map[string]any) {
		t.Helper()
		want, got := post(plain, query, vars), post(compiled, query, vars)
		if bytes.Contains(want, []byte("GRAPHQL_VALIDATION_FAILED")) {
			t.Fatalf("generated an invalid operation:\n%s\n%s", query, want)
		}
		if !bytes.Equal(want, got) {
			t.Fatalf("answers differ for\n%s\nvariables %v\nexecutor: %s\ncompiled: %s", query, vars, want, got)
		}
	}
	const generated = 300
	for i := range generated {
		token = callers[i%len(callers)]
		q, vars := g.operation()
		before := seen.total()
		same(q, vars)
		if seen.total() == before {
			t.Fatalf("generated an operation that did not run:\n%s", q)
		}
	}
	n := seen.take()
	if n["compiled"] < generated/2 {
		t.Errorf("the compiled path answered %d of %d generated operations (%v): it is not being exercised", n["compiled"], generated, n)
	}
	if n["executor"] == 0 {
		t.Errorf("no generated operation had a field the compiled path does not know (%v)", n)
	}
	t.Logf("generated operations by executor: %v", n)

	// Operations that fail are answered by gqlgen, with its errors, whoever begins them.
	token = fx.token
	for _, q := range []string{
		`{ competency(id: "x", key: "y") { name } }`,
		`{ jobRoles(first: -1) { edges { node { title } } } }`,
		`{ jobRoles(first: 2, after: "not a cursor") { edges { node { title } } } }`,
		`{ credentials(first: 2, orderBy: {field: ISSUED_AT}) { totalCount } }`,
		`{ jobRole(key: "` + keys["JobRole"][0] + `") { requirements(first: 100000) { totalCount } } }`,
	} {
		same(q, nil)
	}
	if n := seen.take(); n["declined"] == 0 || n["compiled"] != 0 {
		t.Errorf("failing operations: %v, want all declined or sent to the executor", n)
	}
}

// opGen writes random operations over the catalogue.
type opGen struct {
	schema *ast.Schema
	rnd    *rand.Rand
	keys   map[string][]string // by type: keys that exist
	n      int                 // aliases and variables written
}

func (g *opGen) pick(list []string) string { return list[g.rnd.IntN(len(list))] }

func (g *opGen) operation() (string, map[string]any) {
	var b strings.Builder
	for i := range 1 + g.rnd.IntN(2) {
		g.rootField(&b, i > 0)
	}
	body := b.String()
	// Declare exactly the variables used: an unused one fails validation.
	vars := map[string]any{}
	var decl []string
	for _, v := range []struct {
		name, typ string
		value     any
	}{
		{"yes", "Boolean!", true}, {"lang", "Language", g.pick([]string{"EN", "FR"})}, {"n", "Int", 1 + g.rnd.IntN(3)},
	} {
		if strings.Contains(body, "$"+v.name) {
			decl = append(decl, "$"+v.name+": "+v.typ)
			vars[v.name] = v.value
		}
	}
	head := "query Q"
	if len(decl) > 0 {
		head += "(" + strings.Join(decl, ", ") + ")"
	}
	return head + " {" + body + " }", vars
}

// alias writes an alias: always when must, now and then otherwise.
func (g *opGen) alias(b *strings.Builder, must bool) {
	if must || g.rnd.IntN(5) == 0 {
		g.n++
		fmt.Fprintf(b, "a%d: ", g.n)
	}
}

func (g *opGen) rootField(b *strings.Builder, again bool) {
	b.WriteString(" ")
	g.alias(b, again)
	switch g.rnd.IntN(9) {
	case 0, 1:
		typ := g.pick([]string{"Competency", "Credential", "JobRole", "Block", "Learner"})
		key := g.pick(g.keys[typ])
		if g.rnd.IntN(8) == 0 {
			key = "no-such-" + key
		}
		field := strings.ToLower(typ[:1]) + typ[1:]
		fmt.Fprintf(b, "%s(key: %q)", field, key)
		g.selection(b, typ, 0)
	case 2:
		b.WriteString(`competencies(first: $n, where: {text: "data"})`)
		g.selection(b, "CompetencyConnection", 0)
	case 3:
		fmt.Fprintf(b, "credentials(first: %d, orderBy: {field: %s, direction: %s})", 1+g.rnd.IntN(4),
			g.pick([]string{"NAME", "PRICE", "HOURS"}), g.pick([]string{"ASC", "DESC"}))
		g.selection(b, "CredentialConnection", 0)
	case 4:
		b.WriteString("blocks(first: 3)")
		g.selection(b, "BlockConnection", 0)
	default:
		fmt.Fprintf(b, "jobRoles(first: %d)", 1+g.rnd.IntN(4))
		g.selection(b, "JobRoleConnection", 0)
	}
}

// selection writes { ... } for an object of type typ: some of the fields the compiled path
// knows, now and then one it does not, nested objects six levels deep at most.
func (g *opGen) selection(b *strings.Builder, typ string, depth int) {
	def := g.schema.Types[typ]
	known := slices.Clone(resolvers.CompiledFields[typ])
	known = append(known, "__typename")
	if g.rnd.IntN(12) == 0 {
		for _, f := range def.Fields {
			if !slices.Contains(known, f.Name) && !strings.HasPrefix(f.Name, "__") && len(f.Arguments) == 0 &&
				g.schema.Types[f.Type.Name()].Kind != ast.Object {
				known = append(known, f.Name)
			}
		}
	}
	b.WriteString(" {")
	count := 1 + g.rnd.IntN(4)
	used := map[string]bool{}
	for i := 0; i < count; i++ {
		name := g.pick(known)
		// A name seen twice gets an alias: the same response key with other arguments or
		// selections fails validation.
		again := used[name]
		used[name] = true
		f := def.Fields.ForName(name)
		if name == "__typename" {
			b.WriteString(" __typename")
			continue
		}
		child := g.schema.Types[f.Type.Name()]
		if child.Kind == ast.Object && depth >= 6 {
			b.WriteString(" __typename") // deep enough: a selection is never empty
			continue
		}
		wrap := g.rnd.IntN(10)
		switch wrap {
		case 0:
			fmt.Fprintf(b, " ... on %s {", typ)
		case 1:
			b.WriteString(" ...{")
		}
		b.WriteString(" ")
		g.alias(b, again)
		b.WriteString(name)
		g.args(b, f)
		switch g.rnd.IntN(12) {
		case 0:
			b.WriteString(" @include(if: $yes)")
		case 1:
			b.WriteString(" @skip(if: $yes)")
		}
		if child.Kind == ast.Object {
			g.selection(b, child.Name, depth+1)
		}
		if wrap < 2 {
			b.WriteString(" }")
		}
	}
	b.WriteString(" }")
}

// args writes arguments for a field: a small page, filters and languages.
func (g *opGen) args(b *strings.Builder, f *ast.FieldDefinition) {
	var parts []string
	for _, a := range f.Arguments {
		switch a.Name {
		case "first":
			parts = append(parts, fmt.Sprintf("first: %d", g.rnd.IntN(4)))
		case "importance":
			if g.rnd.IntN(2) == 0 {
				parts = append(parts, "importance: "+g.pick([]string{"ESSENTIAL", "OPTIONAL"}))
			}
		case "minLevel":
			if g.rnd.IntN(2) == 0 {
				parts = append(parts, fmt.Sprintf("minLevel: %d", 1+g.rnd.IntN(3)))
			}
		case "lang":
			if g.rnd.IntN(2) == 0 {
				parts = append(parts, "lang: "+g.pick([]string{"FR", "EN", "$lang"}))
			}
		}
	}
	if len(parts) > 0 {
		b.WriteString("(" + strings.Join(parts, ", ") + ")")
	}
}
