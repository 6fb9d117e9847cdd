package badges

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/badges/badgetest"
)

func TestIndependentVerificationWithNode(t *testing.T) {
	badgetest.RequireNode(t)

	// One key store that has signed with every algorithm: its JWKS holds all three keys.
	keys, err := OpenKeyStore("", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := NewIssuer(keys, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	issuedAt := time.Now().Add(-time.Hour)
	until := issuedAt.AddDate(3, 0, 0)
	var badges []*Issued
	for i, alg := range Algorithms {
		if i > 0 {
			if _, err := keys.Rotate(alg); err != nil {
				t.Fatal(err)
			}
		}
		credential, err := issuer.Issue(ctx, credentialInput(t, "ach-npm-"+string(alg), 10+i, issuedAt, &until))
		if err != nil {
			t.Fatal(err)
		}
		block, err := issuer.Issue(ctx, blockInput(t, "ach-npm-block-"+string(alg), 20+i, issuedAt))
		if err != nil {
			t.Fatal(err)
		}
		badges = append(badges, credential, block)
	}
	list, err := StatusListFromIndexes(0, []int{10})
	if err != nil {
		t.Fatal(err)
	}
	statusJWT, _, err := issuer.IssueStatusList(ctx, "2024-a", PurposeRevocation, list)
	if err != nil {
		t.Fatal(err)
	}

	// Tokens that must fail: a changed payload, a badge from an unknown key, and a correctly
	// signed payload that breaks the Open Badges schema.
	tampered := strings.Split(badges[0].JWT, ".")
	payload := decodeSegment(t, badges[0].JWT, 1)
	payload["name"] = "Something else"
	tamperedJWT := replaceSegment(t, strings.Join(tampered, "."), 1, payload)
	stranger, err := OpenKeyStore("", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	strangerIssuer, err := NewIssuer(stranger, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := strangerIssuer.Issue(ctx, credentialInput(t, "ach-npm-foreign", 30, issuedAt, nil))
	if err != nil {
		t.Fatal(err)
	}
	broken := decodeSegment(t, badges[1].JWT, 1)
	broken["credentialSubject"].(map[string]any)["achievement"].(map[string]any)["type"] = []any{"Badge"}
	brokenData, err := json.Marshal(broken)
	if err != nil {
		t.Fatal(err)
	}
	brokenJWT, _, err := keys.signCompact(brokenData)
	if err != nil {
		t.Fatal(err)
	}

	jwts := []string{}
	for _, b := range badges {
		jwts = append(jwts, b.JWT)
	}
	jwts = append(jwts, tamperedJWT, foreign.JWT, brokenJWT)
	results := badgetest.Verify(t, keys.PublicJWKS(), jwts, []string{statusJWT})
	t.Logf("verify.mjs results: %+v", results)
	for i, b := range badges {
		r := results[i]
		if !r.Passed() {
			t.Errorf("badge %d (%s, kid %s) failed independent verification: %+v", i, b.Algorithm, b.KeyID, r)
		}
		if r.Header["alg"] != string(b.Algorithm) || r.Header["kid"] != b.KeyID || len(r.Header) != 3 {
			t.Errorf("badge %d: jose saw header %v", i, r.Header)
		}
	}
	n := len(badges)
	if r := results[n]; r.Valid || r.Signature {
		t.Errorf("tampered badge passed: %+v", r)
	}
	if r := results[n+1]; r.Valid || r.Signature {
		t.Errorf("badge from an unknown key passed: %+v", r)
	}
	if r := results[n+2]; r.Valid || !r.Signature || r.OBSchema == nil || *r.OBSchema {
		t.Errorf("schema-breaking badge passed the Open Badges schema: %+v", r)
	}
	if r := results[n+3]; r.Kind != "credential" || !r.Valid || r.VC2Schema == nil || !*r.VC2Schema {
		t.Errorf("status list credential failed: %+v", r)
	}
}
