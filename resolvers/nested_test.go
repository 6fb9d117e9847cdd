package resolvers_test

import (
	"fmt"
	"testing"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/resolvers"
)

// A credential with what it certifies and its prerequisites, a role with its requirements, a
// learner with holdings and targets: each one mutation, one store write, and nothing written
// when any part fails.
func testNestedCreates(t *testing.T, fx *fixture) {
	t.Cleanup(func() {
		for _, m := range []string{`deleteCredential(id: "cred-nested", cascade: true)`, `deleteJobRole(id: "role-nested", cascade: true)`,
			`deleteLearner(id: "learner-nested")`} {
			fx.do(t, "mutation { "+m+" { deletedId } }", nil)
		}
	})
	d := fx.ok(t, `{ competencies(first: 2, orderBy: {field: ID}) { edges { node { key } } } }`, nil)
	c1, c2 := dig(d, "competencies.edges.0.node.key").(string), dig(d, "competencies.edges.1.node.key").(string)

	// run sends a mutation and returns the answer and the number of store writes it made.
	run := func(t *testing.T, token, query string) (response, int64) {
		t.Helper()
		before := fx.store.writes.Load()
		r := fx.doAs(t, token, query, nil)
		return r, fx.store.writes.Load() - before
	}
	oneWrite := func(t *testing.T, token, query string) {
		t.Helper()
		r, n := run(t, token, query)
		if len(r.Errors) > 0 {
			t.Fatalf("%+v", r.Errors)
		}
		if n != 1 {
			t.Fatalf("%d store writes, want 1", n)
		}
	}
	// refused runs a mutation that must fail with code and field and leave the node absent.
	refused := func(t *testing.T, token, query, code, field, absent string) {
		t.Helper()
		r, _ := run(t, token, query)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != code || field != "" && r.Errors[0].Extensions["field"] != field {
			t.Fatalf("want %s on %s, got %+v %v", code, field, r.Errors, r.Data)
		}
		if got := fx.ok(t, "{ x: "+absent+" { key } }", nil); got["x"] != nil {
			t.Fatalf("%s was written: %v", absent, got)
		}
	}

	issuer := mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "issuer-octet"})
	const credHead = `mutation { createCredential(input: {key: "cred-nested", title: "Nested", hours: 10, modality: REMOTE, language: "fr", price: 0, organizationId: "org-octet", `
	cred := func(nested string) string { return credHead + nested + `}) { key } }` }
	refused(t, issuer, cred(fmt.Sprintf(`certifies: [{competencyId: %q}, {competencyId: "esco:skill/no-such"}]`, c1)),
		resolvers.CodeBadUserInput, "input.certifies[1].competencyId", `credential(key: "cred-nested")`)
	refused(t, issuer, cred(fmt.Sprintf(`certifies: [{competencyId: %q, level: 0}]`, c1)),
		resolvers.CodeBadUserInput, "input.certifies[0].level", `credential(key: "cred-nested")`)
	refused(t, issuer, cred(fmt.Sprintf(`certifies: [{competencyId: %q}], prerequisites: ["cred-tableur-analyse", "cred-none"]`, c1)),
		resolvers.CodeBadUserInput, "input.prerequisites[1]", `credential(key: "cred-nested")`)
	refused(t, issuer, cred(fmt.Sprintf(`requiredCompetencies: [{competencyId: %q, level: 6}]`, c2)),
		resolvers.CodeBadUserInput, "input.requiredCompetencies[0].level", `credential(key: "cred-nested")`)
	refused(t, issuer, fmt.Sprintf(`mutation { createCredential(input: {key: "cred-nested", title: "Nested", hours: -5, modality: REMOTE, language: "fr", price: 0,
		organizationId: "org-octet", certifies: [{competencyId: %q}]}) { key } }`, c1), resolvers.CodeBadUserInput, "input.hours", `credential(key: "cred-nested")`)
	refused(t, mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-univ-montclair", Subject: "issuer-montclair"}),
		cred(fmt.Sprintf(`certifies: [{competencyId: %q}]`, c1)), resolvers.CodeForbidden, "", `credential(key: "cred-nested")`)

	oneWrite(t, issuer, cred(fmt.Sprintf(`certifies: [{competencyId: %q, level: 3}, {competencyId: %q}], prerequisites: ["cred-tableur-analyse"],
		requiredCompetencies: [{competencyId: %q, level: 2}]`, c1, c2, c2)))
	d = fx.ok(t, `{ credential(key: "cred-nested") { certifies { edges { level node { key } } } prerequisites { edges { node { key } } }
		requiredCompetencies { edges { level node { key } } } } }`, nil)
	if e := list(d, "credential.certifies.edges"); len(e) != 2 || dig(e[0], "node.key") != c1 || dig(e[0], "level") != 3.0 || dig(e[1], "level") != 1.0 {
		t.Fatalf("certifies: %v", d)
	}
	if dig(d, "credential.prerequisites.edges.0.node.key") != "cred-tableur-analyse" || dig(d, "credential.requiredCompetencies.edges.0.level") != 2.0 {
		t.Fatalf("prerequisites and required competencies: %v", d)
	}
	// The key is taken now: CONFLICT, and the credential keeps what it had.
	r, _ := run(t, issuer, cred(fmt.Sprintf(`certifies: [{competencyId: %q}]`, c2)))
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != resolvers.CodeConflict {
		t.Fatalf("a taken key: %+v", r.Errors)
	}
	if got := fx.ok(t, `{ credential(key: "cred-nested") { certifies { totalCount } } }`, nil); dig(got, "credential.certifies.totalCount") != 2.0 {
		t.Fatalf("a refused create changed the credential: %v", got)
	}

	employer := mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-alveole", Subject: "recruiter-alveole"})
	refused(t, employer, fmt.Sprintf(`mutation { createJobRole(input: {key: "role-nested", title: "Nested", organizationId: "org-alveole",
		requirements: [{competencyId: %q}, {competencyId: %q, weight: 0}]}) { key } }`, c1, c2), resolvers.CodeBadUserInput, "input.requirements[1].weight", `jobRole(key: "role-nested")`)
	oneWrite(t, employer, fmt.Sprintf(`mutation { createJobRole(input: {key: "role-nested", title: "Nested", organizationId: "org-alveole",
		requirements: [{competencyId: %q}, {competencyId: %q, importance: OPTIONAL, level: 3, weight: 2}]}) { key } }`, c1, c2))
	d = fx.ok(t, `{ jobRole(key: "role-nested") { requirements { edges { importance level weight node { key } } } } }`, nil)
	if e := list(d, "jobRole.requirements.edges"); len(e) != 2 || dig(e[0], "importance") != "ESSENTIAL" ||
		dig(e[1], "importance") != "OPTIONAL" || dig(e[1], "level") != 3.0 || dig(e[1], "weight") != 2.0 {
		t.Fatalf("requirements: %v", d)
	}

	learner := mint(t, access.MintInput{Role: access.RoleLearner, Learner: "learner-nested"})
	const learnerHead = `mutation { createLearner(input: {key: "learner-nested", name: "Nested", `
	refused(t, learner, learnerHead+fmt.Sprintf(`holdings: [{competencyId: %q, source: CERTIFIED}]}) { key } }`, c1),
		resolvers.CodeBadUserInput, "input.holdings[0].source", `learner(key: "learner-nested")`)
	refused(t, learner, learnerHead+fmt.Sprintf(`holdings: [{competencyId: %q}], targets: ["role-nested", %q]}) { key } }`, c1, c1),
		resolvers.CodeBadUserInput, "input.targets[1]", `learner(key: "learner-nested")`)
	refused(t, mint(t, access.MintInput{Role: access.RoleLearner, Learner: "learner-other"}),
		learnerHead+fmt.Sprintf(`holdings: [{competencyId: %q}]}) { key } }`, c1), resolvers.CodeForbidden, "", `learner(key: "learner-nested")`)
	oneWrite(t, learner, learnerHead+fmt.Sprintf(`holdings: [{competencyId: %q, level: 4, source: ASSESSED, since: "2025-01-02T00:00:00Z"}],
		targets: ["role-nested"]}) { key } }`, c1))
	d = fx.ok(t, `{ learner(key: "learner-nested") { holdings { edges { level source since node { key } } } targets { edges { node { key } } } } }`, nil)
	if e := list(d, "learner.holdings.edges"); len(e) != 1 || dig(e[0], "level") != 4.0 || dig(e[0], "source") != "ASSESSED" ||
		dig(d, "learner.targets.edges.0.node.key") != "role-nested" {
		t.Fatalf("holdings and targets: %v", d)
	}
}
