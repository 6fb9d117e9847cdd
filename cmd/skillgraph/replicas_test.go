package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/graph/neo4j/neo4jtest"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/server"
)

// replica is one serve process of several over one database, as a client sees it.
type replica struct {
	t    *testing.T
	base string
}

// gql posts a query with a token and, when set, a bookmark; it returns the data and the
// bookmark of the response. Errors fail the test.
func (r replica) gql(token, bookmark, query string) (map[string]any, string) {
	r.t.Helper()
	data, errs, bm := r.try(token, bookmark, query)
	if len(errs) > 0 {
		r.t.Fatalf("%s via %s: %v", query, r.base, errs)
	}
	return data, bm
}

func (r replica) try(token, bookmark, query string) (map[string]any, []map[string]any, string) {
	r.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, r.base+"/graphql", bytes.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if bookmark != "" {
		req.Header.Set(server.BookmarkHeader, bookmark)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   map[string]any   `json:"data"`
		Errors []map[string]any `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		r.t.Fatalf("%s via %s: %v", query, r.base, err)
	}
	return out.Data, out.Errors, res.Header.Get(server.BookmarkHeader)
}

func (r replica) jwksKIDs() []string {
	r.t.Helper()
	var set struct {
		Keys []struct {
			KID string `json:"kid"`
		} `json:"keys"`
	}
	if err := json.Unmarshal([]byte(fetch(r.t, r.base+"/.well-known/jwks.json")), &set); err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.KID)
	}
	slices.Sort(out)
	return out
}

func (r replica) verify(jwt string) bool {
	r.t.Helper()
	d, _ := r.gql("", "", `{ verifyBadge(jwt: "`+jwt+`") { valid } }`)
	return d["verifyBadge"].(map[string]any)["valid"].(bool)
}

// headerKID reads the kid of a compact JWS.
func headerKID(t *testing.T, jwt string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.SplitN(jwt, ".", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		KID string `json:"kid"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	return h.KID
}

// Two serve processes over one Neo4j share their state: one key set (a rotation through one is
// published and used by the other), badges issued through one verify through the other and a
// revocation through one fails them there, a write is read through the other on the client's
// next request (with the bookmark the write answered), and the other's candidate ranking
// follows a learner's change made elsewhere.
func TestReplicasShareState(t *testing.T) {
	store := neo4jtest.Open(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, store); err != nil {
		t.Fatal(err)
	}
	cfg, _ := neo4jtest.Config()
	dir := t.TempDir()
	kek := make([]byte, 32)
	if _, err := rand.Read(kek); err != nil {
		t.Fatal(err)
	}
	kekFile := filepath.Join(dir, "kek")
	if err := os.WriteFile(kekFile, []byte(base64.StdEncoding.EncodeToString(kek)), 0o600); err != nil {
		t.Fatal(err)
	}
	secretFile := filepath.Join(dir, "dev.secret")
	// Behind one load balancer: one public URL, which badges name.
	args := []string{"--neo4j-uri", cfg.URI, "--base-url", "https://skills.example.org", "--key-encryption-key-file", kekFile, "--dev-secret", secretFile,
		"--keys", filepath.Join(dir, "no-such-keys.json")}
	a := replica{t, "http://" + startServe(t, args...).addr}
	b := replica{t, "http://" + startServe(t, args...).addr}
	admin, issuer, employer := demoToken(t, secretFile, "admin"), demoToken(t, secretFile, "issuer"), demoToken(t, secretFile, "employer")

	// One key set.
	if ka, kb := a.jwksKIDs(), b.jwksKIDs(); len(ka) != 1 || !slices.Equal(ka, kb) {
		t.Fatalf("JWKS of a %v, of b %v: want one shared key", ka, kb)
	}

	// A badge issued through a verifies through b.
	d, _ := a.gql(issuer, "", `mutation { issueBadge(input: {learnerId: "learner-ines-moreau", credentialId: "cred-javascript",
		result: "Projet 17/20", idempotencyKey: "replicas-1"}) { key badgeJwt } }`)
	first := d["issueBadge"].(map[string]any)
	if !b.verify(first["badgeJwt"].(string)) {
		t.Fatal("a badge issued through a does not verify through b")
	}

	// A rotation through b: a publishes the new key and signs with it on its next request.
	d, _ = b.gql(admin, "", `mutation { rotateSigningKey(algorithm: ES256) { kid } }`)
	newKID := d["rotateSigningKey"].(map[string]any)["kid"].(string)
	if ka := a.jwksKIDs(); len(ka) != 2 || !slices.Contains(ka, newKID) {
		t.Fatalf("a's JWKS after a rotation through b: %v, want 2 keys with %s", ka, newKID)
	}
	d, _ = a.gql(issuer, "", `mutation { issueBadge(input: {learnerId: "learner-lea-dubois", credentialId: "cred-python-data",
		result: "Projet 16/20", idempotencyKey: "replicas-2"}) { key badgeJwt } }`)
	second := d["issueBadge"].(map[string]any)
	if kid := headerKID(t, second["badgeJwt"].(string)); kid != newKID {
		t.Fatalf("a signed with %s after the rotation through b, want %s", kid, newKID)
	}
	if !b.verify(second["badgeJwt"].(string)) || !a.verify(first["badgeJwt"].(string)) {
		t.Fatal("badges signed before or after the rotation do not verify through both")
	}

	// A revocation through a fails the badge through b on its next request.
	_, bm := a.gql(issuer, "", `mutation { revokeAchievement(id: "`+first["key"].(string)+`", reason: "replica check") { status } }`)
	if bm == "" {
		t.Fatalf("no %s on the answer to a mutation", server.BookmarkHeader)
	}
	if b.verify(first["badgeJwt"].(string)) {
		t.Fatal("a badge revoked through a still verifies through b")
	}

	// A write through a, read through b on the client's next request with its bookmark.
	_, bm = a.gql(admin, "", `mutation { updateLearner(input: {id: "learner-lea-dubois", headline: "Read through another process"}) { key } }`)
	if bm == "" {
		t.Fatalf("no %s on the answer to a mutation", server.BookmarkHeader)
	}
	d, again := b.gql(admin, bm, `{ learner(key: "learner-lea-dubois") { headline } }`)
	if got := d["learner"].(map[string]any)["headline"]; got != "Read through another process" {
		t.Fatalf("b read headline %v after a's write", got)
	}
	if again != "" {
		t.Errorf("a read answered with a bookmark")
	}
	if _, errs, _ := b.try(admin, "garbage!", `{ __typename }`); len(errs) != 1 || errs[0]["extensions"].(map[string]any)["code"] != "BAD_USER_INPUT" {
		t.Fatalf("a malformed bookmark: %v", errs)
	}

	// b's candidate ranking (a cache) follows a learner leaving the market through a.
	const candidates = `{ candidatesForRole(roleId: "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", first: 100) { learner { key } } }`
	keys := func(d map[string]any) []string {
		var out []string
		for _, c := range d["candidatesForRole"].([]any) {
			out = append(out, c.(map[string]any)["learner"].(map[string]any)["key"].(string))
		}
		return out
	}
	d, _ = b.gql(employer, "", candidates)
	before := keys(d)
	if len(before) == 0 {
		t.Fatal("no candidates in the demo")
	}
	leaving := before[0]
	_, bm = a.gql(admin, "", `mutation { updateLearner(input: {id: "`+leaving+`", openToOpportunities: false}) { key } }`)
	d, _ = b.gql(employer, bm, candidates)
	if after := keys(d); slices.Contains(after, leaving) || len(after) != len(before)-1 {
		t.Fatalf("b ranks %v after %s left the market through a (before: %v)", after, leaving, before)
	}
}
