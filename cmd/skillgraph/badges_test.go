package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/skillgraph/skillgraph/badges/badgetest"
)

// gqlAs posts a GraphQL request with a bearer token to a running server and decodes its data;
// errors fail the test.
func gqlAs(t *testing.T, addr, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   map[string]any `json:"data"`
		Errors []any          `json:"errors"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("%s: %v %v", query, err, out.Errors)
	}
	return out.Data
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}

// On the demo, a badge issued through the API is fetched at its public URL and verifies with an
// implementation that is not ours (jose against the served JWKS, Ajv against the Open Badges
// schema), as do the demo's own badges and the published status list.
func TestBadgesVerifyIndependently(t *testing.T) {
	badgetest.RequireNode(t)
	addr, db := serveDemo(t)
	d := gqlAs(t, addr, tourToken(t, db, "issuer"), `mutation { issueBadge(input: {learnerId: "learner-ines-moreau", credentialId: "cred-javascript",
		result: "Projet 17/20", idempotencyKey: "e2e"}) { badgeUrl } }`, nil)
	admin := tourToken(t, db, "admin")
	badgeURL := d["issueBadge"].(map[string]any)["badgeUrl"].(string)
	if !strings.HasPrefix(badgeURL, "http://localhost:") {
		t.Fatalf("badge URL %q", badgeURL)
	}
	base := "http://" + addr
	jwt := fetch(t, base+badgeURL[strings.Index(badgeURL, "/credentials/"):])
	jwts := []string{jwt}
	d = gqlAs(t, addr, admin, `{ learner(key: "learner-thomas-petit") { achievements { edges { node { badgeJwt } } } } }`, nil)
	for _, e := range d["learner"].(map[string]any)["achievements"].(map[string]any)["edges"].([]any) {
		jwts = append(jwts, e.(map[string]any)["node"].(map[string]any)["badgeJwt"].(string))
	}
	var jwks any
	if err := json.Unmarshal([]byte(fetch(t, base+"/.well-known/jwks.json")), &jwks); err != nil {
		t.Fatal(err)
	}
	status := fetch(t, base+"/status/1")
	results := badgetest.Verify(t, jwks, jwts, []string{status})
	for i, r := range results[:len(jwts)] {
		if !r.Passed() {
			t.Errorf("badge %d failed independent verification: %+v", i, r)
		}
	}
	if r := results[len(jwts)]; !r.Valid || !r.Signature {
		t.Errorf("status list failed independent verification: %+v", r)
	}
	if len(jwts) < 3 {
		t.Fatalf("want Thomas's demo badges too, got %d badges", len(jwts))
	}
}
