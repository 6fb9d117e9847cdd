package access

import (
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph"
)

// The matrix is the specification: every principal against every action on every kind of
// resource. A allowed, F forbidden, U unauthenticated; columns in the order of principals.
func TestMatrix(t *testing.T) {
	principals := []struct {
		name string
		p    *Principal
	}{
		{"anonymous", nil},
		{"admin", &Principal{Subject: "root", Role: RoleAdmin}},
		{"issuer A", &Principal{Subject: "i-a", Role: RoleIssuer, Org: "org-a"}},
		{"issuer B", &Principal{Subject: "i-b", Role: RoleIssuer, Org: "org-b"}},
		{"employer A", &Principal{Subject: "e-a", Role: RoleEmployer, Org: "org-a"}},
		{"employer B", &Principal{Subject: "e-b", Role: RoleEmployer, Org: "org-b"}},
		{"advisor of L1", &Principal{Subject: "adv-1", Role: RoleAdvisor}},
		{"learner L1", &Principal{Subject: "l1", Role: RoleLearner, Learner: "L1"}},
		{"learner L2", &Principal{Subject: "l2", Role: RoleLearner, Learner: "L2"}},
	}
	comp := Resource{Kind: graph.KindCompetency, ID: "comp-secret-1"}
	fw := Resource{Kind: graph.KindFramework, ID: "fw-secret-2"}
	orgA := Resource{Kind: graph.KindOrganization, ID: "org-a"}
	credA := Resource{Kind: graph.KindCredential, ID: "cred-a", Org: "org-a"}
	blockA := Resource{Kind: graph.KindBlock, ID: "block-a", Org: "org-a"}
	roleA := Resource{Kind: graph.KindJobRole, ID: "role-a", Org: "org-a"}
	l1 := Resource{Kind: graph.KindLearner, ID: "L1", Learner: "L1", AdvisorID: "adv-1"}
	l2 := Resource{Kind: graph.KindLearner, ID: "L2", Learner: "L2", OpenToOpportunities: true}
	achL1 := Resource{Kind: graph.KindAchievement, ID: "ach-secret-1", Learner: "L1", AdvisorID: "adv-1", Org: "org-a"}
	achL2 := Resource{Kind: graph.KindAchievement, ID: "ach-secret-2", Learner: "L2", OpenToOpportunities: true, Org: "org-b"}
	enrolledL1 := achL1
	enrolledL1.Enrolled = []string{"org-b", "org-a"}
	rows := []struct {
		what   string
		a      Action
		r      Resource
		expect string
	}{
		{"read a competency", Read, comp, "AAAAAAAAA"},
		{"read a credential", Read, credA, "AAAAAAAAA"},
		{"read a job role", Read, roleA, "AAAAAAAAA"},
		{"create a competency", Create, comp, "UAFFFFFFF"},
		{"update a framework", Update, fw, "UAFFFFFFF"},
		{"delete an organisation", Delete, orgA, "UAFFFFFFF"},
		{"link competencies", Link, comp, "UAFFFFFFF"},
		{"create a credential of A", Create, credA, "UAAFFFFFF"},
		{"update a credential of A", Update, credA, "UAAFFFFFF"},
		{"delete a credential of A", Delete, credA, "UAAFFFFFF"},
		{"link from a credential of A", Link, credA, "UAAFFFFFF"},
		{"update a block of A", Update, blockA, "UAAFFFFFF"},
		{"link from a block of A", Link, blockA, "UAAFFFFFF"},
		{"create a job role of A", Create, roleA, "UAFFAFFFF"},
		{"update a job role of A", Update, roleA, "UAFFAFFFF"},
		{"link from a job role of A", Link, roleA, "UAFFAFFFF"},
		{"read learner L1 (advised, not open)", Read, l1, "UAFFFFAAF"},
		{"read learner L2 (open)", Read, l2, "UAFFAAFFA"},
		{"create learner L1", Create, l1, "UAFFFFFAF"},
		{"update learner L1", Update, l1, "UAFFFFFAF"},
		{"delete learner L1", Delete, l1, "UAFFFFFAF"},
		{"link from learner L1 (holdings, targets)", Link, l1, "UAFFFFFAF"},
		{"plan for learner L1", Plan, l1, "UAFFFFAAF"},
		{"plan for learner L2", Plan, l2, "UAFFFFFFA"},
		{"read an achievement of L1 from A", Read, achL1, "UAAFFFAAF"},
		{"read an achievement of L2 from B", Read, achL2, "UAFAAAFFA"},
		{"issue an achievement of A to a learner enrolled with A", Issue, enrolledL1, "UAAFFFFFF"},
		{"issue an achievement of A to a learner not enrolled with A", Issue, achL1, "UAFFFFFFF"},
		{"share an achievement of L1", Share, achL1, "UAFFFFFAF"},
		{"revoke an achievement of B", Revoke, achL2, "UAFAFFFFF"},
		{"update an achievement", Update, achL1, "UAFFFFFFF"},
		{"delete an achievement", Delete, achL1, "UAFFFFFFF"},
		{"search candidates", Search, Resource{Kind: graph.KindJobRole}, "UAFFAAFFF"},
		{"administer keys", Admin, Resource{}, "UAFFFFFFF"},
	}
	for _, row := range rows {
		if len(row.expect) != len(principals) {
			t.Fatalf("%s: %d outcomes for %d principals", row.what, len(row.expect), len(principals))
		}
		for i, pr := range principals {
			err := Policy{}.Authorize(pr.p, row.a, row.r)
			got := "A"
			switch graph.ErrorCode(err) {
			case graph.EFORBIDDEN:
				got = "F"
			case graph.EUNAUTHENTICATED:
				got = "U"
			case "":
			default:
				t.Fatalf("%s as %s: unexpected error %v", row.what, pr.name, err)
			}
			if got != string(row.expect[i]) {
				t.Errorf("%s as %s: got %s, want %c", row.what, pr.name, got, row.expect[i])
			}
			if err != nil && (strings.Contains(err.Error(), row.r.ID) && row.r.ID != "" || strings.Contains(err.Error(), row.r.Org) && row.r.Org != "") {
				t.Errorf("%s as %s: the error names the resource: %v", row.what, pr.name, err)
			}
		}
	}
}

func TestPrivateCatalogue(t *testing.T) {
	pol := Policy{PrivateCatalogue: true}
	if graph.ErrorCode(pol.Authorize(nil, Read, Resource{Kind: graph.KindCredential})) != graph.EUNAUTHENTICATED {
		t.Fatal("anonymous read of a private catalogue allowed")
	}
	if err := pol.Authorize(&Principal{Subject: "l", Role: RoleLearner, Learner: "l"}, Read, Resource{Kind: graph.KindCredential}); err != nil {
		t.Fatalf("authenticated read refused: %v", err)
	}
}
