package resolvers_test

import (
	"fmt"
	"sync"
	"testing"

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
