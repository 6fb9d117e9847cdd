package resolvers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/resolvers"
)

const (
	issueRaces   = 50
	issueRacers  = 16
	racedLearner = "learner-camille-martin"
)

// Concurrent retries of one idempotent issue all get the very same signed badge, so revoking
// the achievement revokes every copy; and an issued achievement cannot be deleted, which would
// clear its revocation.
func testRevocationIsPermanent(t *testing.T, fx *fixture) {
	const q = `mutation($k: String!) { issueBadge(input: {learnerId: "` + racedLearner + `", credentialId: "cred-tableur-analyse",
		result: "ok", idempotencyKey: $k}) { key badgeJwt } }`
	var revoked []string
	for race := range issueRaces {
		key := fmt.Sprintf("race-%02d", race)
		jwts := make([]string, issueRacers)
		ids := make([]string, issueRacers)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range issueRacers {
			wg.Go(func() {
				<-start
				r := fx.do(t, q, map[string]any{"k": key})
				if len(r.Errors) > 0 {
					t.Errorf("race %d caller %d: %+v", race, i, r.Errors)
					return
				}
				jwts[i], _ = dig(r.Data, "issueBadge.badgeJwt").(string)
				ids[i], _ = dig(r.Data, "issueBadge.key").(string)
			})
		}
		close(start)
		wg.Wait()
		for i := range issueRacers {
			if jwts[i] == "" || jwts[i] != jwts[0] || ids[i] != ids[0] {
				t.Fatalf("race %d: caller %d got achievement %s with another badge than caller 0 (%s)", race, i, ids[i], ids[0])
			}
		}
		if race%10 == 0 {
			revoked = append(revoked, ids[0], jwts[0])
		}
	}
	for i := 0; i < len(revoked); i += 2 {
		id, jwt := revoked[i], revoked[i+1]
		if ok, failed := fx.verify(t, jwt); !ok {
			t.Fatalf("fresh badge %s does not verify: %s", id, failed)
		}
		fx.ok(t, `mutation($id: ID!) { revokeAchievement(id: $id, reason: "copied") { status } }`, map[string]any{"id": id})
		if ok, failed := fx.verify(t, jwt); ok || failed != "status" {
			t.Fatalf("revoked %s: valid=%v, failing %q", id, ok, failed)
		}
		fx.fails(t, `mutation($id: ID!) { deleteAchievement(id: $id) { deletedId } }`, map[string]any{"id": id}, resolvers.CodeConflict, "")
		fx.fails(t, `mutation($id: ID!) { reinstateAchievement(id: $id) { status } }`, map[string]any{"id": id}, resolvers.CodeBadUserInput, "id")
		if ok, failed := fx.verify(t, jwt); ok || failed != "status" {
			t.Fatalf("revoked %s after a delete attempt: valid=%v, failing %q", id, ok, failed)
		}
	}
}

// No existence oracle: whoever may not see a learner or an achievement gets the same answer
// (code and message) whether it exists or not, on queries, mutations and nested paths.
func testNoExistenceOracle(t *testing.T, fx *fixture) {
	principals := map[string]string{
		"anonymous":        "",
		"issuer Octet":     mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "issuer-octet"}),
		"employer Alvéole": mint(t, access.MintInput{Role: access.RoleEmployer, Org: "org-alveole", Subject: "recruiter-alveole"}),
		"advisor Nadia":    mint(t, access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"}),
		"learner Léa":      mint(t, access.MintInput{Role: access.RoleLearner, Learner: lea}),
	}
	const role = "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
	templates := []struct{ what, query, hidden, missing string }{
		{"learner", `{ learner(key: "%s") { name } }`, "learner-julien-lefevre", "learner-nobody"},
		{"achievement", `{ achievement(key: "%s") { status } }`, "ach-julien-cyber", "ach-nobody"},
		{"achievement's learner", `{ achievement(key: "%s") { learner { name } } }`, "ach-julien-cyber", "ach-nobody"},
		{"skill gap", `{ skillGap(learnerId: "%s", roleId: "` + role + `") { metCount } }`, "learner-julien-lefevre", "learner-nobody"},
		{"role fit", `{ roleFit(learnerId: "%s", first: 2) { weightedCoverage } }`, "learner-julien-lefevre", "learner-nobody"},
		{"pathways", `{ recommendPathways(learnerId: "%s", roleId: "` + role + `") { provenOptimal } }`, "learner-julien-lefevre", "learner-nobody"},
		{"block progress", `{ blockProgress(learnerId: "%s", blockId: "block-web-integration") { percent } }`, "learner-julien-lefevre", "learner-nobody"},
		{"update a learner", `mutation { updateLearner(input: {id: "%s", country: "FR"}) { country } }`, "learner-julien-lefevre", "learner-nobody"},
		{"link from a learner", `mutation { link(input: {type: TARGETS, from: "%s", to: "` + role + `"}) { type } }`, "learner-julien-lefevre", "learner-nobody"},
		{"delete a learner", `mutation { deleteLearner(id: "%s") { deletedId } }`, "learner-julien-lefevre", "learner-nobody"},
		{"issue a badge", `mutation { issueBadge(input: {learnerId: "%s", credentialId: "cred-tableur-analyse"}) { status } }`, "learner-julien-lefevre", "learner-nobody"},
		{"revoke a badge", `mutation { revokeAchievement(id: "%s", reason: "x") { status } }`, "ach-julien-cyber", "ach-nobody"},
		{"share a badge", `mutation { setAchievementVisibility(id: "%s", visibility: PUBLIC) { visibility } }`, "ach-julien-cyber", "ach-nobody"},
		{"delete a badge", `mutation { deleteAchievement(id: "%s") { deletedId } }`, "ach-julien-cyber", "ach-nobody"},
	}
	compared := 0
	for name, tok := range principals {
		for _, tc := range templates {
			h := fx.doAs(t, tok, fmt.Sprintf(tc.query, tc.hidden), nil)
			if len(h.Errors) == 0 {
				t.Errorf("%s as %s: the hidden %s is visible: %v", tc.what, name, tc.hidden, h.Data)
				continue
			}
			m := fx.doAs(t, tok, fmt.Sprintf(tc.query, tc.missing), nil)
			if len(m.Errors) == 0 {
				t.Errorf("%s as %s: a missing one answers without error: %v", tc.what, name, m.Data)
				continue
			}
			he, me := h.Errors[0], m.Errors[0]
			if he.Extensions["code"] != me.Extensions["code"] || he.Message != me.Message {
				t.Errorf("%s as %s: hidden answers %v %q, missing answers %v %q", tc.what, name,
					he.Extensions["code"], he.Message, me.Extensions["code"], me.Message)
			}
			compared++
		}
	}
	if compared != len(principals)*len(templates) {
		t.Fatalf("compared %d answers, want %d", compared, len(principals)*len(templates))
	}
}

// Issuers award badges only to learners enrolled with their organisation, an enrolment the
// learner makes; badge ids are random; the learner chooses who may fetch a badge; and only
// badges make a holding CERTIFIED.
func testEnrolmentAndVisibility(t *testing.T, fx *fixture) {
	const thomas = "learner-thomas-petit" // enrolled with IFPC and CFA Atlantique, not Octet
	issuer := mint(t, access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "issuer-octet"})
	learner := mint(t, access.MintInput{Role: access.RoleLearner, Learner: thomas})
	issue := `mutation { issueBadge(input: {learnerId: "` + thomas + `", credentialId: "cred-tableur-analyse", idempotencyKey: "enrolled"}) { key badgeUrl viewUrl } }`
	enrol := `mutation { link(input: {type: ENROLLED_IN, from: "` + thomas + `", to: "org-octet"}) { type } }`
	wantCode := func(r response, code string) {
		t.Helper()
		if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != code {
			t.Fatalf("want %s, got %+v %v", code, r.Errors, r.Data)
		}
	}
	wantCode(fx.doAs(t, issuer, issue, nil), resolvers.CodeForbidden)
	wantCode(fx.doAs(t, issuer, enrol, nil), resolvers.CodeForbidden) // an organisation cannot enrol learners itself
	if r := fx.doAs(t, learner, enrol, nil); len(r.Errors) > 0 {
		t.Fatalf("enrol: %+v", r.Errors)
	}
	r := fx.doAs(t, issuer, issue, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("issue to an enrolled learner: %+v", r.Errors)
	}
	key, badgeURL, viewURL := dig(r.Data, "issueBadge.key").(string), dig(r.Data, "issueBadge.badgeUrl").(string), dig(r.Data, "issueBadge.viewUrl").(string)
	if !regexp.MustCompile(`^ach_[a-z2-7]{26}$`).MatchString(key) {
		t.Fatalf("badge id %q is not 128 random bits", key)
	}
	robots := func(url string) (int, string) {
		t.Helper()
		res, err := http.Head(url)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode, res.Header.Get("X-Robots-Tag")
	}
	if code, tag := robots(badgeURL); code != 200 || tag == "" {
		t.Fatalf("an unlisted badge: %d, X-Robots-Tag %q", code, tag)
	}
	share := `mutation($v: BadgeVisibility!) { setAchievementVisibility(id: "` + key + `", visibility: $v) { visibility } }`
	wantCode(fx.doAs(t, issuer, share, map[string]any{"v": "PUBLIC"}), resolvers.CodeForbidden)
	if r := fx.doAs(t, learner, share, map[string]any{"v": "PUBLIC"}); len(r.Errors) > 0 || dig(r.Data, "setAchievementVisibility.visibility") != "PUBLIC" {
		t.Fatalf("share: %+v %v", r.Errors, r.Data)
	}
	if code, tag := robots(viewURL); code != 200 || tag != "" {
		t.Fatalf("a public badge page: %d, X-Robots-Tag %q", code, tag)
	}
	if r := fx.doAs(t, learner, share, map[string]any{"v": "PRIVATE"}); len(r.Errors) > 0 {
		t.Fatalf("hide: %+v", r.Errors)
	}
	missing := strings.Replace(badgeURL, key, "ach_aaaaaaaaaaaaaaaaaaaaaaaaaa", 1)
	for _, url := range []string{badgeURL, viewURL} {
		code, _, body := get(t, url, "")
		mcode, _, mbody := get(t, strings.Replace(url, badgeURL, missing, 1), "")
		if code != 404 || code != mcode || body != mbody {
			t.Fatalf("a private badge at %s answers %d %q, a missing one %d %q", url, code, body, mcode, mbody)
		}
	}
	holdCertified := `mutation { link(input: {type: HAS, from: "` + thomas + `", to: "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833", level: 3, source: CERTIFIED}) { type } }`
	r = fx.doAs(t, learner, holdCertified, nil)
	wantCode(r, resolvers.CodeBadUserInput)
	if r.Errors[0].Extensions["field"] != "input.source" {
		t.Fatalf("field %v", r.Errors[0].Extensions["field"])
	}
	if r := fx.doAs(t, learner, `mutation { unlink(type: ENROLLED_IN, from: "`+thomas+`", to: "org-octet") { type } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("unenrol: %+v", r.Errors)
	}
	wantCode(fx.doAs(t, issuer, strings.Replace(issue, `"enrolled"`, `"enrolled-2"`, 1), nil), resolvers.CodeForbidden)
}

// Every bad input is a coded error naming its field, and changes nothing.
func testBadInputIsCoded(t *testing.T, fx *fixture) {
	const createOrg = `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id } }`
	const createCred = `mutation($in: CreateCredentialInput!) { createCredential(input: $in) { id } }`
	cred := func(k string, v any) map[string]any {
		in := map[string]any{"key": "cred-bad-input", "title": "Probe", "hours": 7, "modality": "REMOTE", "language": "fr",
			"price": 0, "organizationId": "org-octet"}
		in[k] = v
		return map[string]any{"in": in}
	}
	const comp = "esco:skill/7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
	const role = "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
	cases := []struct {
		what, query string
		vars        map[string]any
		code, field string
	}{
		{"NaN hours", createCred, cred("hours", "NaN"), resolvers.CodeBadUserInput, "input.hours"},
		{"Infinity price", createCred, cred("price", "Infinity"), resolvers.CodeBadUserInput, "input.price"},
		{"a huge number", createCred, cred("hours", json.RawMessage("1e400")), "GRAPHQL_VALIDATION_FAILED", ""},
		{"a number as a title", createCred, cred("title", 12), resolvers.CodeBadUserInput, "input.title"},
		{"a NUL in a title", createCred, cred("title", "Probe\x00"), resolvers.CodeBadUserInput, "input.title"},
		{"an ESC in a title", createCred, cred("title", "Probe \x1b[31mred"), resolvers.CodeBadUserInput, "input.title"},
		{"a BEL in a name", createOrg, map[string]any{"in": map[string]any{"name": "Org\a"}}, resolvers.CodeBadUserInput, "input.name"},
		{"a number as a name", createOrg, map[string]any{"in": map[string]any{"name": 12}}, resolvers.CodeBadUserInput, "input.name"},
		{"a javascript: URL", createCred, cred("url", "javascript:alert(1)"), resolvers.CodeBadUserInput, "input.url"},
		{"a malformed deadline", `mutation { updateLearner(input: {id: "learner-camille-martin", constraints: {deadline: "2026-13-45"}}) { name } }`, nil,
			resolvers.CodeBadUserInput, "input.constraints.deadline"},
		{"a date as a word", `mutation { link(input: {type: HAS, from: "learner-camille-martin", to: "` + comp + `", level: 2, since: "yesterday"}) { type } }`, nil,
			resolvers.CodeBadUserInput, "input.since"},
		{"level 0", `mutation { link(input: {type: CERTIFIES, from: "cred-tableur-analyse", to: "` + comp + `", level: 0}) { type } }`, nil,
			resolvers.CodeBadUserInput, "input.level"},
		{"weight 0", `mutation { link(input: {type: ROLE_REQUIRES, from: "role-alveole-analyste-data", to: "` + comp + `", weight: 0}) { type } }`, nil,
			resolvers.CodeBadUserInput, "input.weight"},
		{"a partial validation the credential does not allow", `mutation { issueBadge(input: {learnerId: "learner-camille-martin", credentialId: "cred-tableur-analyse", partial: true}) { key } }`, nil,
			resolvers.CodeBadUserInput, "input.partial"},
		{"@defer, which would come back null", `{ credentials(first: 2) { edges { node { key ... @defer { certifies { totalCount } } } } } }`, nil, resolvers.CodeBadUserInput, ""},
		{"@defer in a fragment", `{ credentials(first: 2) { edges { node { ...c } } } } fragment c on Credential { key ... @defer { title } }`, nil, resolvers.CodeBadUserInput, ""},
		{"deleting a competency credentials certify", `mutation { deleteCompetency(id: "` + comp + `") { deletedId } }`, nil, resolvers.CodeConflict, ""},
		{"deleting a role learners target", `mutation { deleteJobRole(id: "` + role + `") { deletedId } }`, nil, resolvers.CodeConflict, ""},
	}
	before := fx.ok(t, `{ stats { competencies credentials organizations jobRoles relationships } }`, nil)
	for _, c := range cases {
		r := fx.do(t, c.query, c.vars)
		if len(r.Errors) == 0 {
			t.Errorf("%s: accepted: %v", c.what, r.Data)
			continue
		}
		e := r.Errors[0]
		if e.Extensions["code"] != c.code || c.field != "" && e.Extensions["field"] != c.field {
			t.Errorf("%s: got %v (field %v) %q, want %s (field %s)", c.what, e.Extensions["code"], e.Extensions["field"], e.Message, c.code, c.field)
		}
	}
	if after := fx.ok(t, `{ stats { competencies credentials organizations jobRoles relationships } }`, nil); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("refused inputs changed the graph: %v, then %v", before, after)
	}
	e := fx.fails(t, `mutation { deleteCompetency(id: "`+comp+`") { deletedId } }`, nil, resolvers.CodeConflict, "")
	if !strings.Contains(e.Message, "CERTIFIES") || !strings.Contains(e.Message, "ROLE_REQUIRES") {
		t.Fatalf("the conflict does not name the references: %q", e.Message)
	}
	// With cascade, a referenced node and the relationships at it go.
	fx.ok(t, `mutation { createCompetency(input: {key: "comp-cascade", name: "Cascade probe"}) { id } }`, nil)
	fx.ok(t, `mutation { link(input: {type: CERTIFIES, from: "cred-tableur-analyse", to: "comp-cascade", level: 2}) { type } }`, nil)
	fx.fails(t, `mutation { deleteCompetency(id: "comp-cascade") { deletedId } }`, nil, resolvers.CodeConflict, "")
	fx.ok(t, `mutation { deleteCompetency(id: "comp-cascade", cascade: true) { deletedId } }`, nil)
	if d := fx.ok(t, `{ competency(key: "comp-cascade") { name } }`, nil); d["competency"] != nil {
		t.Fatalf("cascade left the competency: %v", d)
	}
}
