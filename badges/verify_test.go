package badges

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/skillgraph/skillgraph/graph"
)

// decodeSegment decodes the n-th part of a compact JWS as a JSON object.
func decodeSegment(t *testing.T, token string, n int) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[n])
	if err != nil {
		t.Fatalf("decode part %d: %v", n, err)
	}
	m := decodeObject(raw)
	if m == nil {
		t.Fatalf("part %d is not a JSON object: %s", n, raw)
	}
	return m
}

// replaceSegment re-encodes the n-th part of a token with a new JSON value.
func replaceSegment(t *testing.T, token string, n int, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	parts[n] = base64.RawURLEncoding.EncodeToString(data)
	return strings.Join(parts, ".")
}

func checkNames(v *Verification) []string {
	var out []string
	for _, c := range v.Checks {
		out = append(out, c.Name)
	}
	return out
}

func TestIssueVerifyRoundTripEveryAlgorithm(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(string(alg), func(t *testing.T) {
			f := newFixture(t, alg)
			until := f.now.AddDate(2, 0, 0)
			issued := f.issue(t, credentialInput(t, "ach-1", 17, f.now.Add(-time.Hour), &until))
			kid, activeAlg := f.keys.Active()
			if issued.KeyID != kid || issued.Algorithm != alg || activeAlg != alg {
				t.Fatalf("issued with %s/%s, active key %s/%s, want alg %s", issued.KeyID, issued.Algorithm, kid, activeAlg, alg)
			}
			v := f.verifier.Verify(context.Background(), issued.JWT)
			if !v.Valid || v.FailedCheck() != "" {
				t.Fatalf("valid badge rejected: %+v", v.Checks)
			}
			if got := checkNames(v); !reflect.DeepEqual(got, CheckNames) {
				t.Fatalf("checks %v, want %v", got, CheckNames)
			}
			for _, c := range v.Checks {
				if !c.Passed || c.Skipped {
					t.Errorf("check %s did not pass: %+v", c.Name, c)
				}
			}
			if v.KeyID != kid || v.Algorithm != alg {
				t.Errorf("verification reports key %s/%s, want %s/%s", v.KeyID, v.Algorithm, kid, alg)
			}
			if v.Credential["id"] != testBaseURL+"/credentials/ach-1" {
				t.Errorf("decoded credential id %v", v.Credential["id"])
			}
			for _, claim := range registeredClaims {
				if _, ok := v.Credential[claim]; ok {
					t.Errorf("decoded credential still holds JWT claim %q", claim)
				}
			}
		})
	}
}

func TestHeaderIsExactlyAlgKidTyp(t *testing.T) {
	for _, alg := range Algorithms {
		f := newFixture(t, alg)
		issued := f.issue(t, credentialInput(t, "ach-h", 1, f.now, nil))
		header := decodeSegment(t, issued.JWT, 0)
		want := map[string]any{"alg": string(alg), "kid": issued.KeyID, "typ": "JWT"}
		if !reflect.DeepEqual(header, want) {
			t.Errorf("%s header %v, want %v", alg, header, want)
		}
	}
}

func TestClaimsEqualCredentialFields(t *testing.T) {
	f := newFixture(t, EdDSA)
	issuedAt := time.Date(2025, 1, 15, 14, 0, 0, 123e6, time.UTC) // sub-second part must not leak
	until := issuedAt.AddDate(1, 0, 0)
	f.now = issuedAt.Add(5 * time.Minute)
	issued := f.issue(t, credentialInput(t, "ach-claims", 3, issuedAt, &until))
	p := decodeSegment(t, issued.JWT, 1)

	issuer := p["issuer"].(map[string]any)
	subject := p["credentialSubject"].(map[string]any)
	if p["iss"] != issuer["id"] || p["iss"] != testBaseURL+"/organizations/org-academy" {
		t.Errorf("iss %v, issuer.id %v", p["iss"], issuer["id"])
	}
	if p["sub"] != subject["id"] || p["sub"] != testBaseURL+"/learners/learner-ada" {
		t.Errorf("sub %v, credentialSubject.id %v", p["sub"], subject["id"])
	}
	if p["jti"] != p["id"] || p["id"] != testBaseURL+"/credentials/ach-claims" {
		t.Errorf("jti %v, id %v", p["jti"], p["id"])
	}
	validFrom, err := time.Parse(time.RFC3339, p["validFrom"].(string))
	if err != nil {
		t.Fatal(err)
	}
	validUntil, err := time.Parse(time.RFC3339, p["validUntil"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if p["nbf"].(json.Number).String() != strconv.FormatInt(validFrom.Unix(), 10) || validFrom.Unix() != issuedAt.Unix() {
		t.Errorf("nbf %v, validFrom %v (%d), issuedAt %d", p["nbf"], p["validFrom"], validFrom.Unix(), issuedAt.Unix())
	}
	if p["exp"].(json.Number).String() != strconv.FormatInt(validUntil.Unix(), 10) || validUntil.Unix() != until.Unix() {
		t.Errorf("exp %v, validUntil %v", p["exp"], p["validUntil"])
	}
	if p["iat"].(json.Number).String() != strconv.FormatInt(f.now.Unix(), 10) {
		t.Errorf("iat %v, want %d", p["iat"], f.now.Unix())
	}

	// Without validUntil there is no exp.
	open := f.issue(t, credentialInput(t, "ach-open", 4, issuedAt, nil))
	if q := decodeSegment(t, open.JWT, 1); q["exp"] != nil || q["validUntil"] != nil {
		t.Errorf("badge without end has exp %v, validUntil %v", q["exp"], q["validUntil"])
	}
}

func TestCredentialContent(t *testing.T) {
	f := newFixture(t, EdDSA)
	in := credentialInput(t, "ach-c", 42, f.now, nil)
	issued := f.issue(t, in)
	p := decodeSegment(t, issued.JWT, 1)

	if got := p["@context"]; !reflect.DeepEqual(got, []any{ContextVC2, ContextOB30}) {
		t.Errorf("@context %v", got)
	}
	if got := p["type"]; !reflect.DeepEqual(got, []any{"VerifiableCredential", "OpenBadgeCredential"}) {
		t.Errorf("type %v", got)
	}
	issuer := p["issuer"].(map[string]any)
	if issuer["name"] != in.Organization.Name || issuer["url"] != in.Organization.URL || issuer["email"] != in.Organization.Email {
		t.Errorf("issuer %v", issuer)
	}
	if !reflect.DeepEqual(issuer["type"], []any{"Profile"}) {
		t.Errorf("issuer type %v", issuer["type"])
	}
	subject := p["credentialSubject"].(map[string]any)
	ach := subject["achievement"].(map[string]any)
	if ach["id"] != testBaseURL+"/achievements/cred-sql" || ach["achievementType"] != AchievementTypeMicroCredential || ach["name"] != in.Credential.Title {
		t.Errorf("achievement %v / %v / %v", ach["id"], ach["achievementType"], ach["name"])
	}
	narrative := ach["criteria"].(map[string]any)["narrative"].(string)
	for _, o := range in.Credential.Outcomes {
		if !strings.Contains(narrative, o) {
			t.Errorf("criteria narrative %q lacks outcome %q", narrative, o)
		}
	}
	if ach["inLanguage"] != "fr" || ach["creditsAvailable"].(json.Number).String() != "1" {
		t.Errorf("inLanguage %v, creditsAvailable %v", ach["inLanguage"], ach["creditsAvailable"])
	}
	alignments := ach["alignment"].([]any)
	if len(alignments) != len(in.Competencies)+1 {
		t.Fatalf("%d alignments, want one per competency plus EQF", len(alignments))
	}
	for i, c := range in.Competencies {
		al := alignments[i].(map[string]any)
		wantURL := c.Competency.AlignmentURI
		if wantURL == "" {
			wantURL = testBaseURL + "/competencies/" + c.Competency.ID
		}
		if al["targetName"] != c.Competency.Name || al["targetUrl"] != wantURL || al["targetFramework"] != c.Framework.Name {
			t.Errorf("alignment %d: %v", i, al)
		}
	}
	eqf := alignments[len(alignments)-1].(map[string]any)
	if eqf["targetUrl"] != "http://data.europa.eu/snb/eqf/5" || eqf["targetCode"] != "5" {
		t.Errorf("EQF alignment %v", eqf)
	}
	mc := ach["microCredential"].(map[string]any)
	checks := map[string]any{
		"learner": "Ada Lovelace", "title": in.Credential.Title, "country": "FR", "awardingBody": in.Organization.Name,
		"formOfParticipation": "BLENDED", "qualityAssurance": in.Credential.QualityAssurance, "language": "fr",
	}
	for k, want := range checks {
		if mc[k] != want {
			t.Errorf("microCredential.%s = %v, want %v", k, mc[k], want)
		}
	}
	if mc["workloadHours"].(json.Number).String() != "24" || mc["eqfLevel"].(json.Number).String() != "5" {
		t.Errorf("workload %v, EQF %v", mc["workloadHours"], mc["eqfLevel"])
	}
	if !reflect.DeepEqual(mc["assessmentTypes"], []any{"SIMULATION", "PROJECT"}) || len(mc["learningOutcomes"].([]any)) != 2 {
		t.Errorf("assessment %v, outcomes %v", mc["assessmentTypes"], mc["learningOutcomes"])
	}
	ids := subject["identifier"].([]any)
	name, email := ids[0].(map[string]any), ids[1].(map[string]any)
	if name["identityHash"] != "Ada Lovelace" || name["hashed"] != false {
		t.Errorf("name identifier %v", name)
	}
	if email["hashed"] != true || strings.Contains(email["identityHash"].(string), "ada@") || !strings.HasPrefix(email["identityHash"].(string), "sha256$") {
		t.Errorf("email identifier %v", email)
	}
	if res := subject["result"].([]any)[0].(map[string]any); res["value"] != in.Achievement.Result {
		t.Errorf("result %v", res)
	}
	ev := p["evidence"].([]any)
	if ev[0].(map[string]any)["id"] != in.Achievement.Evidence[0] || ev[1].(map[string]any)["narrative"] != in.Achievement.Evidence[1] {
		t.Errorf("evidence %v", ev)
	}
	st := p["credentialStatus"].(map[string]any)
	want := map[string]any{
		"id": testBaseURL + "/status/2024-a#42", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "42", "statusListCredential": testBaseURL + "/status/2024-a",
	}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("credentialStatus %v, want %v", st, want)
	}

	block := f.issue(t, blockInput(t, "ach-b", 43, f.now))
	bp := decodeSegment(t, block.JWT, 1)
	bach := bp["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
	if bach["achievementType"] != AchievementTypeCertification || bach["humanCode"] != "RNCP35185BC01" || bach["id"] != testBaseURL+"/achievements/blk-data" {
		t.Errorf("block achievement %v", bach)
	}
	if n := bach["criteria"].(map[string]any)["narrative"].(string); !strings.Contains(n, "at least 2") || !strings.Contains(n, "Dashboards") {
		t.Errorf("block criteria %q", n)
	}
	if v := f.verifier.Verify(context.Background(), block.JWT); !v.Valid {
		t.Errorf("block badge rejected: %+v", v.Checks)
	}
}

func TestIssueRejectsBadInput(t *testing.T) {
	f := newFixture(t, EdDSA)
	cases := map[string]struct {
		mutate func(*IssueInput)
		field  string
	}{
		"no achievement":       {func(in *IssueInput) { in.Achievement = nil }, "achievement"},
		"no issue date":        {func(in *IssueInput) { in.Achievement.IssuedAt = time.Time{} }, "achievement.issuedAt"},
		"ends before start":    {func(in *IssueInput) { u := in.Achievement.IssuedAt.Add(-time.Hour); in.Achievement.ValidUntil = &u }, "achievement.validUntil"},
		"credential and block": {func(in *IssueInput) { in.Block = &graph.Block{Meta: graph.Meta{ID: "b"}, Title: "B"} }, "credential"},
		"other credential":     {func(in *IssueInput) { in.Achievement.CredentialID = "cred-other" }, "credential"},
		"no organisation":      {func(in *IssueInput) { in.Organization = nil }, "organization"},
		"other learner":        {func(in *IssueInput) { in.Learner.ID = "someone-else" }, "learner"},
		"bad list id":          {func(in *IssueInput) { in.StatusListID = "a/b" }, "statusListId"},
		"negative index":       {func(in *IssueInput) { in.StatusIndex = -1 }, "statusIndex"},
		"huge index":           {func(in *IssueInput) { in.StatusIndex = MaxStatusIndex }, "statusIndex"},
		"nameless competency":  {func(in *IssueInput) { in.Competencies = []CertifiedCompetency{{}} }, "competencies[0]"},
	}
	for name, tc := range cases {
		in := credentialInput(t, "ach-x", 1, f.now, nil)
		tc.mutate(&in)
		_, err := f.issuer.Issue(context.Background(), in)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != tc.field {
			t.Errorf("%s: got %v (code %q, field %q), want invalid %q", name, err, graph.ErrorCode(err), graph.ErrorField(err), tc.field)
		}
	}
	if _, err := NewIssuer(f.keys, "not a url"); graph.ErrorField(err) != "baseURL" {
		t.Errorf("bad base URL: %v", err)
	}
}

// signRaw signs an arbitrary payload with the fixture's active key, header {alg, kid, typ}.
func signRaw(t *testing.T, f *fixture, payload map[string]any) string {
	t.Helper()
	data, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := f.keys.signCompact(data)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// signWithHeaders signs payload with the active key and extra protected header members.
func signWithHeaders(t *testing.T, f *fixture, payload []byte, extra map[jose.HeaderKey]any) string {
	t.Helper()
	f.keys.mu.RLock()
	k := f.keys.active
	f.keys.mu.RUnlock()
	opts := &jose.SignerOptions{}
	for name, v := range extra {
		opts.WithHeader(name, v)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(k.alg), Key: k.jwk}, opts)
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	token, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestVerifyFailures(t *testing.T) {
	f := newFixture(t, EdDSA)
	until := f.now.AddDate(0, 6, 0)
	good := f.issue(t, credentialInput(t, "ach-good", 5, f.now.Add(-24*time.Hour), &until))
	payload := decodeSegment(t, good.JWT, 1)
	header := decodeSegment(t, good.JWT, 0)
	payloadJSON, _ := base64.RawURLEncoding.DecodeString(strings.Split(good.JWT, ".")[1])

	clone := func(m map[string]any) map[string]any {
		data, _ := json.Marshal(m)
		return decodeObject(data)
	}
	withPayload := func(mutate func(map[string]any)) string {
		p := clone(payload)
		mutate(p)
		return signRaw(t, f, p)
	}
	otherKeys := newFixture(t, EdDSA)
	foreign := otherKeys.issue(t, credentialInput(t, "ach-foreign", 6, f.now, nil))

	noneHeader := map[string]any{"alg": "none", "kid": good.KeyID, "typ": "JWT"}
	hsHeader := map[string]any{"alg": "HS256", "kid": good.KeyID, "typ": "JWT"}
	sig := strings.Split(good.JWT, ".")[2]
	flipped := []byte(sig)
	if flipped[5] == 'A' {
		flipped[5] = 'B'
	} else {
		flipped[5] = 'A'
	}

	cases := []struct {
		name   string
		token  func() string
		before func()
		after  func()
		failed string
	}{
		{name: "empty", token: func() string { return "" }, failed: CheckFormat},
		{name: "two parts", token: func() string { return "abc.def" }, failed: CheckFormat},
		{name: "garbage base64", token: func() string { return "@@@.###.$$$" }, failed: CheckFormat},
		{name: "alg none", token: func() string {
			return strings.TrimSuffix(replaceSegment(t, good.JWT, 0, noneHeader), sig)
		}, failed: CheckFormat},
		{name: "alg none with signature", token: func() string { return replaceSegment(t, good.JWT, 0, noneHeader) }, failed: CheckFormat},
		{name: "alg HS256", token: func() string { return replaceSegment(t, good.JWT, 0, hsHeader) }, failed: CheckFormat},
		{name: "header without typ", token: func() string {
			return replaceSegment(t, good.JWT, 0, map[string]any{"alg": header["alg"], "kid": header["kid"]})
		}, failed: CheckFormat},
		{name: "header typ not JWT", token: func() string {
			return replaceSegment(t, good.JWT, 0, map[string]any{"alg": header["alg"], "kid": header["kid"], "typ": "vc+jwt"})
		}, failed: CheckFormat},
		{name: "extra header member, validly signed", token: func() string {
			return signWithHeaders(t, f, payloadJSON, map[jose.HeaderKey]any{"typ": "JWT", "cty": "vc"})
		}, failed: CheckFormat},
		{name: "payload not an object", token: func() string { return replaceSegment(t, good.JWT, 1, []int{1, 2}) }, failed: CheckFormat},
		{name: "tampered payload", token: func() string {
			p := clone(payload)
			p["name"] = "Brain surgery"
			return replaceSegment(t, good.JWT, 1, p)
		}, failed: CheckSignature},
		{name: "tampered signature", token: func() string {
			parts := strings.Split(good.JWT, ".")
			parts[2] = string(flipped)
			return strings.Join(parts, ".")
		}, failed: CheckSignature},
		{name: "unknown key", token: func() string { return foreign.JWT }, failed: CheckSignature},
		{name: "kid swapped to unknown", token: func() string {
			return replaceSegment(t, good.JWT, 0, map[string]any{"alg": header["alg"], "kid": "nope", "typ": "JWT"})
		}, failed: CheckSignature},
		{name: "alg swapped to ES256", token: func() string {
			return replaceSegment(t, good.JWT, 0, map[string]any{"alg": "ES256", "kid": header["kid"], "typ": "JWT"})
		}, failed: CheckSignature},
		{name: "no achievement criteria", token: func() string {
			return withPayload(func(p map[string]any) {
				delete(p["credentialSubject"].(map[string]any)["achievement"].(map[string]any), "criteria")
			})
		}, failed: CheckSchema},
		{name: "wrong context", token: func() string {
			return withPayload(func(p map[string]any) { p["@context"] = []any{ContextVC2} })
		}, failed: CheckSchema},
		{name: "no credential status", token: func() string {
			return withPayload(func(p map[string]any) { delete(p, "credentialStatus") })
		}, failed: CheckSchema},
		{name: "jti differs", token: func() string {
			return withPayload(func(p map[string]any) { p["jti"] = testBaseURL + "/credentials/other" })
		}, failed: CheckClaims},
		{name: "iss differs", token: func() string {
			return withPayload(func(p map[string]any) { p["iss"] = "https://evil.example.com" })
		}, failed: CheckClaims},
		{name: "nbf differs", token: func() string {
			return withPayload(func(p map[string]any) { p["nbf"] = json.Number("1") })
		}, failed: CheckClaims},
		{name: "exp missing", token: func() string {
			return withPayload(func(p map[string]any) { delete(p, "exp") })
		}, failed: CheckClaims},
		{name: "expired", token: func() string { return good.JWT },
			before: func() { f.now = until.Add(time.Second) },
			failed: CheckValidity},
		{name: "not yet valid", token: func() string { return good.JWT },
			before: func() { f.now = f.now.Add(-48 * time.Hour) },
			failed: CheckValidity},
		{name: "revoked", token: func() string { return good.JWT },
			before: func() { f.status.revoked[5] = true }, after: func() { delete(f.status.revoked, 5) },
			failed: CheckStatus},
		{name: "suspended", token: func() string { return good.JWT },
			before: func() { f.status.suspended[5] = true }, after: func() { delete(f.status.suspended, 5) },
			failed: CheckStatus},
		{name: "status unavailable", token: func() string { return good.JWT },
			before: func() { f.status.err = errors.New("store down") }, after: func() { f.status.err = nil },
			failed: CheckStatus},
		{name: "foreign status list", token: func() string {
			return withPayload(func(p map[string]any) {
				p["credentialStatus"].(map[string]any)["statusListCredential"] = "https://evil.example.com/status/2024-a"
				p["credentialStatus"].(map[string]any)["id"] = "https://evil.example.com/status/2024-a#5"
			})
		}, failed: CheckStatus},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := tc.token()
			savedNow := f.now
			defer func() { f.now = savedNow }()
			if tc.before != nil {
				tc.before()
			}
			v := f.verifier.Verify(context.Background(), token)
			if tc.after != nil {
				tc.after()
			}
			if v.Valid {
				t.Fatalf("accepted: %+v", v.Checks)
			}
			if got := v.FailedCheck(); got != tc.failed {
				t.Fatalf("failed check %q, want %q: %+v", got, tc.failed, v.Checks)
			}
			if got := checkNames(v); !reflect.DeepEqual(got, CheckNames) {
				t.Fatalf("checks %v, want %v", got, CheckNames)
			}
			// Every check before the failing one passed; gating checks skip the rest.
			for _, c := range v.Checks {
				if c.Name == tc.failed {
					if c.Detail == "" {
						t.Errorf("failing check %s has no detail", c.Name)
					}
					break
				}
				if !c.Passed {
					t.Errorf("check %s before %s did not pass: %+v", c.Name, tc.failed, c)
				}
			}
		})
	}
	// The fixture is back to its start: the good badge verifies again.
	if v := f.verifier.Verify(context.Background(), good.JWT); !v.Valid {
		t.Fatalf("good badge rejected after the cases: %+v", v.Checks)
	}
}

func TestExpiredAndRevokedReportsBoth(t *testing.T) {
	f := newFixture(t, ES256)
	until := f.now.Add(time.Hour)
	issued := f.issue(t, credentialInput(t, "ach-both", 9, f.now, &until))
	f.now = until.Add(time.Hour)
	f.status.revoked[9] = true
	v := f.verifier.Verify(context.Background(), issued.JWT)
	validity, _ := v.Check(CheckValidity)
	status, _ := v.Check(CheckStatus)
	if v.Valid || validity.Passed || validity.Skipped || status.Passed || status.Skipped || status.Detail != "revoked" {
		t.Fatalf("want validity and status failed: %+v", v.Checks)
	}
}

func TestRotationKeepsOldBadgesVerifying(t *testing.T) {
	f := newFixture(t, EdDSA)
	first := f.issue(t, credentialInput(t, "ach-old", 1, f.now, nil))
	var kids []string
	kids = append(kids, first.KeyID)
	tokens := []string{first.JWT}
	for i, alg := range []Algorithm{ES256, RS256, EdDSA} {
		kid, err := f.keys.Rotate(alg)
		if err != nil {
			t.Fatalf("rotate to %s: %v", alg, err)
		}
		issued := f.issue(t, credentialInput(t, "ach-new-"+strconv.Itoa(i), 2+i, f.now, nil))
		if issued.KeyID != kid || issued.Algorithm != alg {
			t.Fatalf("after rotating to %s (%s), issued with %s (%s)", alg, kid, issued.KeyID, issued.Algorithm)
		}
		if h := decodeSegment(t, issued.JWT, 0); h["kid"] != kid || h["alg"] != string(alg) {
			t.Fatalf("header %v, want kid %s alg %s", h, kid, alg)
		}
		kids = append(kids, kid)
		tokens = append(tokens, issued.JWT)
	}
	for i, token := range tokens {
		if v := f.verifier.Verify(context.Background(), token); !v.Valid || v.KeyID != kids[i] {
			t.Errorf("badge %d (key %s) after rotation: %+v", i, kids[i], v.Checks)
		}
	}
	// The published set holds every key that signed, and a verifier using only it agrees.
	data, err := f.keys.PublicJWKSJSON()
	if err != nil {
		t.Fatal(err)
	}
	published, err := ParseJWKS(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, kid := range kids {
		if _, ok := published.PublicKey(kid); !ok {
			t.Errorf("JWKS lacks key %s", kid)
		}
	}
	remote, err := NewVerifier(published, testBaseURL, f.status.lookup, VerifyAt(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	for i, token := range tokens {
		if v := remote.Verify(context.Background(), token); !v.Valid {
			t.Errorf("badge %d with the published JWKS: %+v", i, v.Checks)
		}
	}
}

func TestDecodeCredential(t *testing.T) {
	f := newFixture(t, EdDSA)
	issued := f.issue(t, credentialInput(t, "ach-d", 1, f.now, nil))
	cred, err := DecodeCredential(issued.JWT)
	if err != nil {
		t.Fatal(err)
	}
	if cred["id"] != issued.Credential.ID || cred["name"] != issued.Credential.Name || cred["jti"] != nil {
		t.Errorf("decoded %v", cred)
	}
	if _, err := DecodeCredential("x.y"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("garbage decoded: %v", err)
	}
}
