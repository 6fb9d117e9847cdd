package resolvers_test

import (
	"testing"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/resolvers"
)

// Query.achievements lists the badges the caller may see: an issuer's organisation's, a
// learner's own, every one for an admin; advisors and employers are refused, anonymous callers
// asked to sign in.
func testAchievementsList(t *testing.T, fx *fixture) {
	const q = `{ achievements(first: 1000) { edges { node { key subject {
		... on Credential { org: organization { key } } ... on Block { blockOrg: organization { key } } } } } } }`
	orgOf := func(e any) any {
		if o := dig(e, "node.subject.org.key"); o != nil {
			return o
		}
		return dig(e, "node.subject.blockOrg.key")
	}
	all := list(fx.ok(t, q, nil), "achievements.edges")
	octet := 0
	for _, e := range all {
		if orgOf(e) == "org-octet" {
			octet++
		}
	}
	if octet == 0 || octet == len(all) {
		t.Fatalf("the demo should hold badges of org-octet and of others: %d of %d", octet, len(all))
	}
	issuer := mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "issuer-octet"})
	mine := list(fx.okAs(t, issuer, q, nil), "achievements.edges")
	if len(mine) != octet {
		t.Errorf("the issuer lists %d badges, want its organisation's %d", len(mine), octet)
	}
	for _, e := range mine {
		if orgOf(e) != "org-octet" {
			t.Errorf("the issuer lists %v, another organisation's", dig(e, "node.key"))
		}
	}
	learner := mint(t, access.MintInput{Role: access.RoleLearner, Learner: "learner-lea-dubois", Subject: "learner-lea-dubois"})
	own := fx.okAs(t, learner, `{ achievements(first: 1000) { edges { node { key learner { key } } } } }`, nil)
	if len(list(own, "achievements.edges")) == 0 {
		t.Error("the learner lists no badge of their own")
	}
	for _, e := range list(own, "achievements.edges") {
		if dig(e, "node.learner.key") != "learner-lea-dubois" {
			t.Errorf("the learner lists %v, someone else's", dig(e, "node.key"))
		}
	}
	for _, c := range []struct{ token, code string }{
		{mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"}), resolvers.CodeForbidden},
		{"", resolvers.CodeUnauthenticated},
	} {
		r := fx.doAs(t, c.token, `{ achievements { edges { node { key } } } }`, nil)
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != c.code {
			t.Errorf("achievements: %+v, want %s", r, c.code)
		}
	}
}
