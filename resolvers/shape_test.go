package resolvers_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/skillgraph/skillgraph/pathways"
	"github.com/skillgraph/skillgraph/resolvers"
)

// Every argument naming a job role is roleId; another name survives only as a deprecated alias.
func TestRoleArgumentsAreNamedRoleID(t *testing.T) {
	s := loadSchemaFiles(t)
	var aliases int
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range s.Types[typ].Fields {
			for _, a := range f.Arguments {
				if !strings.HasSuffix(strings.ToLower(a.Name), "roleid") || a.Name == "roleId" {
					continue
				}
				if a.Directives.ForName("deprecated") == nil {
					t.Errorf("%s.%s(%s:) names a role: call it roleId", typ, f.Name, a.Name)
				}
				aliases++
			}
		}
	}
	if aliases == 0 {
		t.Error("recommendPathways(targetRoleId:) is gone: existing clients still send it")
	}
}

// UncoveredGap.code is an enum holding exactly the reasons the pathway engine gives.
func TestUncoveredReasonIsClosed(t *testing.T) {
	s := loadSchemaFiles(t)
	code := s.Types["UncoveredGap"].Fields.ForName("code")
	if code == nil || s.Types[code.Type.Name()] == nil {
		t.Fatalf("UncoveredGap.code: %v", code)
	}
	enum := s.Types[code.Type.Name()]
	if enum.Kind != ast.Enum || !code.Type.NonNull {
		t.Fatalf("UncoveredGap.code is %s (%s), want a non-null enum", code.Type, enum.Kind)
	}
	var got []string
	for _, v := range enum.EnumValues {
		got = append(got, v.Name)
	}
	want := []string{string(pathways.ReasonNoCredential), string(pathways.ReasonNotAllowed),
		string(pathways.ReasonPrerequisites), string(pathways.ReasonConstraints)}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%s values %v, want exactly %v", enum.Name, got, want)
	}
}

// Fields whose values form a closed set are enums.
func TestClosedSetsAreEnums(t *testing.T) {
	s := loadSchemaFiles(t)
	for _, f := range []struct{ typ, field, enum string }{
		{"UncoveredGap", "code", "UncoveredReason"},
		{"SigningKey", "algorithm", "SigningAlgorithm"},
	} {
		if got := s.Types[f.typ].Fields.ForName(f.field).Type.Name(); got != f.enum || s.Types[got].Kind != ast.Enum {
			t.Errorf("%s.%s is %s, want the enum %s", f.typ, f.field, got, f.enum)
		}
	}
}

// recommendPathways takes roleId, and targetRoleId still works; exactly one of them.
func testRoleArgument(t *testing.T, fx *fixture) {
	const q = `query($l: ID!, $r: ID) { recommendPathways(learnerId: $l, %s) { pathways { totalHours steps { credential { key } } } } }`
	vars := map[string]any{"l": lea, "r": dataAnalyst}
	byNew := fx.ok(t, fmt.Sprintf(q, "roleId: $r"), vars)
	byOld := fx.ok(t, fmt.Sprintf(q, "targetRoleId: $r"), vars)
	if len(list(byNew, "recommendPathways.pathways")) == 0 || fmt.Sprint(byNew) != fmt.Sprint(byOld) {
		t.Fatalf("roleId gives %v, targetRoleId %v", byNew, byOld)
	}
	fx.fails(t, fmt.Sprintf(q, "roleId: $r, targetRoleId: $r"), vars, resolvers.CodeBadUserInput, "targetRoleId")
	fx.fails(t, `query($l: ID!) { recommendPathways(learnerId: $l) { provenOptimal } }`, map[string]any{"l": lea}, resolvers.CodeBadUserInput, "roleId")
	fx.fails(t, fmt.Sprintf(q, "roleId: $r"), map[string]any{"l": lea, "r": "role-none"}, resolvers.CodeNotFound, "")
	d := fx.ok(t, `{ __type(name: "Query") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }`, nil)
	for _, f := range list(d, "__type.fields") {
		if dig(f, "name") != "recommendPathways" {
			continue
		}
		for _, a := range list(f, "args") {
			if dig(a, "name") == "targetRoleId" && (dig(a, "isDeprecated") != true || dig(a, "deprecationReason") == nil) {
				t.Fatalf("targetRoleId is not marked deprecated: %v", a)
			}
		}
	}
}

// nodeLists are queries returning every node type, with the path to each list of objects.
var nodeLists = []struct{ query, typ, path string }{
	{"competencies(first: 50)", "Competency", "competencies.edges"},
	{"frameworks(first: 50)", "Framework", "frameworks.edges"},
	{"organizations(first: 50)", "Organization", "organizations.edges"},
	{"credentials(first: 200)", "Credential", "credentials.edges"},
	{"blocks(first: 100)", "Block", "blocks.edges"},
	{"jobRoles(first: 100)", "JobRole", "jobRoles.edges"},
	{"learners(first: 100)", "Learner", "learners.edges"},
}

// nullableLeaves selects the nullable scalar and enum fields without arguments of a type, and
// those of the object fields listed in nested.
func nullableLeaves(s *ast.Schema, typ string, nested map[string]string) (sel []string, names []string) {
	for _, f := range s.Types[typ].Fields {
		if len(f.Arguments) > 0 || f.Type.Elem != nil || strings.HasPrefix(f.Name, "__") {
			continue
		}
		k := s.Types[f.Type.Name()].Kind
		if sub, ok := nested[f.Name]; ok && sub == f.Type.Name() {
			inner, _ := nullableLeaves(s, sub, nil)
			sel = append(sel, f.Name+" { "+strings.Join(inner, " ")+" }")
			continue
		}
		if (k == ast.Scalar || k == ast.Enum) && !f.Type.NonNull {
			sel = append(sel, f.Name)
			names = append(names, f.Name)
		}
	}
	return sel, names
}

// A nullable field says "absent" with null: no node of the demo, the ESCO sample, or nodes
// created with the fewest fields answers "" or 0 in one.
func testAbsentValuesAreNull(t *testing.T, fx *fixture) {
	fx.ok(t, `mutation {
		org: createOrganization(input: {key: "org-bare", name: "Bare"}) { id }
		cred: createCredential(input: {key: "cred-bare", title: "Bare", hours: 1, modality: REMOTE, language: "fr", price: 0, organizationId: "org-bare"}) { id }
		all: createBlock(input: {key: "block-bare-all", title: "Bare", rule: {kind: ALL}, components: ["cred-bare"]}) { id }
		atLeast: createBlock(input: {key: "block-bare-one", title: "Bare", rule: {kind: AT_LEAST, count: 1}, components: ["cred-bare"]}) { id }
		learner: createLearner(input: {key: "learner-bare", name: "Bare"}) { id }
		role: createJobRole(input: {key: "role-bare", title: "Bare"}) { id }
		fw: createFramework(input: {key: "fw-bare", name: "Bare"}) { id }
		comp: createCompetency(input: {key: "comp-bare", name: "Bare"}) { id }
	}`, nil)
	t.Cleanup(func() {
		for _, m := range []string{`deleteBlock(id: "block-bare-all")`, `deleteBlock(id: "block-bare-one")`, `deleteCredential(id: "cred-bare")`,
			`deleteOrganization(id: "org-bare")`, `deleteLearner(id: "learner-bare")`, `deleteJobRole(id: "role-bare")`,
			`deleteFramework(id: "fw-bare")`, `deleteCompetency(id: "comp-bare")`} {
			fx.do(t, "mutation { "+m+" { deletedId } }", nil)
		}
	})
	s := loadSchemaFiles(t)
	nested := map[string]string{"rule": "StackingRule", "constraints": "LearnerConstraints"}
	seen := map[string]int{} // nulls per Type.field
	for _, l := range nodeLists {
		sel, _ := nullableLeaves(s, l.typ, nested)
		q := fmt.Sprintf("{ %s { edges { node { key %s } } } }", l.query, strings.Join(sel, " "))
		d := fx.ok(t, q, nil)
		edges := list(d, l.path)
		if len(edges) == 0 {
			t.Fatalf("%s: nothing listed", l.typ)
		}
		for _, e := range edges {
			node := dig(e, "node").(map[string]any)
			checkNulls(t, l.typ, node, seen)
		}
	}
	// Achievements are read through their learners.
	sel, _ := nullableLeaves(s, "Achievement", nil)
	d := fx.ok(t, "{ learners(first: 100) { edges { node { achievements(first: 100) { edges { node { key "+strings.Join(sel, " ")+" } } } } } } }", nil)
	var achievements int
	for _, l := range list(d, "learners.edges") {
		for _, a := range list(l, "node.achievements.edges") {
			checkNulls(t, "Achievement", dig(a, "node").(map[string]any), seen)
			achievements++
		}
	}
	if achievements == 0 {
		t.Fatal("no achievement listed")
	}
	// The bare nodes answer null where they say nothing.
	for _, want := range []string{"Credential.ects", "Credential.validityMonths", "Credential.currency", "Credential.url",
		"StackingRule.count", "StackingRule.min", "Learner.advisorId", "Learner.email", "LearnerConstraints.hoursPerWeek",
		"Organization.country", "JobRole.iscoGroup", "Framework.version", "Competency.code"} {
		if seen[want] == 0 {
			t.Errorf("no null seen in %s", want)
		}
	}
	d = fx.ok(t, `{ block(key: "block-bare-one") { rule { kind count min } } credential(key: "cred-bare") { retakesAllowed ects } }`, nil)
	if dig(d, "block.rule.count") != 1.0 || dig(d, "block.rule.min") != nil || dig(d, "credential.retakesAllowed") != 0.0 {
		t.Fatalf("AT_LEAST rule and retakes: %v", d)
	}
}

// checkNulls fails on "" or 0 in the nullable leaves of a node (nested objects included) and
// counts the nulls it sees.
func checkNulls(t *testing.T, typ string, node map[string]any, seen map[string]int) {
	t.Helper()
	nestedTypes := map[string]string{"rule": "StackingRule", "constraints": "LearnerConstraints"}
	for f, v := range node {
		if f == "key" {
			continue
		}
		switch x := v.(type) {
		case nil:
			seen[typ+"."+f]++
		case string:
			if x == "" {
				t.Errorf("%s %v: %s is \"\", want null", typ, node["key"], f)
			}
		case float64:
			if x == 0 {
				t.Errorf("%s %v: %s is 0, want null", typ, node["key"], f)
			}
		case map[string]any:
			checkNulls(t, nestedTypes[f], x, seen)
		}
	}
}
