package badges

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

func TestStatusListEncodeDecodeRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	want := map[int]bool{0: true, 7: true, 8: true, MinStatusListBits - 1: true}
	for len(want) < 300 {
		want[rng.IntN(MinStatusListBits)] = true
	}
	var indexes []int
	for i := range want {
		indexes = append(indexes, i)
	}
	list, err := StatusListFromIndexes(0, indexes)
	if err != nil {
		t.Fatal(err)
	}
	if list.Len() != MinStatusListBits {
		t.Fatalf("length %d, want %d", list.Len(), MinStatusListBits)
	}
	encoded, err := list.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "u") || strings.ContainsAny(encoded, "+/=") {
		t.Fatalf("encodedList %q... is not multibase base64url without padding", encoded[:20])
	}
	// The payload is plain GZIP of the bitstring, index 0 the most significant bit.
	compressed, err := base64.RawURLEncoding.DecodeString(encoded[1:])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := raw.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	if raw.Len() != MinStatusListBits/8 || raw.Bytes()[0] != 0x81 || raw.Bytes()[1]&0x80 == 0 {
		t.Fatalf("bitstring %d bytes, first bytes %08b %08b", raw.Len(), raw.Bytes()[0], raw.Bytes()[1])
	}

	decoded, err := DecodeStatusList(encoded)
	if err != nil {
		t.Fatal(err)
	}
	sort.Ints(indexes)
	if got := decoded.SetIndexes(); !reflect.DeepEqual(got, indexes) {
		t.Fatalf("decoded %d set bits, want %d", len(got), len(indexes))
	}
	for i := 0; i < 2000; i++ {
		idx := rng.IntN(decoded.Len())
		got, err := decoded.Get(idx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want[idx] {
			t.Fatalf("bit %d = %v, want %v", idx, got, want[idx])
		}
	}
	if err := decoded.Set(7, false); err != nil {
		t.Fatal(err)
	}
	if on, _ := decoded.Get(7); on {
		t.Error("bit 7 still set after clearing")
	}
	if _, err := decoded.Get(decoded.Len()); graph.ErrorField(err) != "index" {
		t.Errorf("out of range read: %v", err)
	}
	if err := decoded.Set(-1, true); graph.ErrorField(err) != "index" {
		t.Errorf("negative write: %v", err)
	}
}

func TestStatusListGrowsForLargeIndexes(t *testing.T) {
	list, err := StatusListFromIndexes(0, []int{200000})
	if err != nil {
		t.Fatal(err)
	}
	if list.Len() < 200001 {
		t.Fatalf("length %d does not hold index 200000", list.Len())
	}
	if _, err := StatusListFromIndexes(0, []int{MaxStatusIndex}); graph.ErrorField(err) != "indexes" {
		t.Errorf("index beyond the maximum: %v", err)
	}
}

func TestDecodeStatusListRejectsBadInput(t *testing.T) {
	gz := func(n int) string {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return "u" + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	}
	cases := map[string]string{
		"empty":            "",
		"no multibase":     strings.TrimPrefix(gz(MinStatusListBits/8), "u"),
		"not base64":       "u***",
		"not gzip":         "u" + base64.RawURLEncoding.EncodeToString([]byte("plain text")),
		"too short":        gz(100),
		"expands too much": gz(maxStatusListBytes + 1),
	}
	for name, enc := range cases {
		if _, err := DecodeStatusList(enc); graph.ErrorField(err) != "encodedList" {
			t.Errorf("%s: got %v, want an invalid encodedList", name, err)
		}
	}
	if _, err := DecodeStatusList(gz(MinStatusListBits / 8)); err != nil {
		t.Errorf("minimal list rejected: %v", err)
	}
}

func TestSignedStatusListDetectsRevokedBadge(t *testing.T) {
	for _, alg := range Algorithms {
		t.Run(string(alg), func(t *testing.T) {
			f := newFixture(t, alg)
			badge := f.issue(t, credentialInput(t, "ach-s", 70001, f.now, nil))
			list, err := StatusListFromIndexes(0, []int{3, 70001})
			if err != nil {
				t.Fatal(err)
			}
			token, cred, err := f.issuer.IssueStatusList(context.Background(), "2024-a", PurposeRevocation, list)
			if err != nil {
				t.Fatal(err)
			}
			if cred.ID != badge.Credential.CredentialStatus.StatusListCredential {
				t.Fatalf("list id %s, badge points at %s", cred.ID, badge.Credential.CredentialStatus.StatusListCredential)
			}
			if h := decodeSegment(t, token, 0); len(h) != 3 || h["typ"] != "JWT" || h["alg"] != string(alg) {
				t.Errorf("status list header %v", h)
			}
			p := decodeSegment(t, token, 1)
			subject := p["credentialSubject"].(map[string]any)
			if !reflect.DeepEqual(p["type"], []any{"VerifiableCredential", "BitstringStatusListCredential"}) ||
				subject["id"] != cred.ID+"#list" || subject["type"] != "BitstringStatusList" || subject["statusPurpose"] != "revocation" {
				t.Errorf("status list credential %v", p)
			}

			listURL, purpose, decoded, err := f.verifier.VerifyStatusList(token)
			if err != nil {
				t.Fatal(err)
			}
			if listURL != cred.ID || purpose != PurposeRevocation {
				t.Errorf("verified %s (%s)", listURL, purpose)
			}
			// The verified list answers for the badge, through a lookup built on it.
			lookup := func(_ context.Context, listID string, index int) (bool, bool, error) {
				if listID != "2024-a" {
					return false, false, graph.Errorf(graph.ENOTFOUND, "list %s", listID)
				}
				revoked, err := decoded.Get(index)
				return revoked, false, err
			}
			verifier, err := NewVerifier(f.keys, testBaseURL, lookup, VerifyAt(func() time.Time { return f.now }))
			if err != nil {
				t.Fatal(err)
			}
			v := verifier.Verify(context.Background(), badge.JWT)
			if v.Valid || v.FailedCheck() != CheckStatus {
				t.Fatalf("revoked badge: %+v", v.Checks)
			}
			if on, _ := decoded.Get(4); on {
				t.Error("bit 4 set")
			}

			// A tampered list is refused.
			tampered := replaceSegment(t, token, 1, map[string]any{"id": cred.ID})
			if _, _, _, err := f.verifier.VerifyStatusList(tampered); graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("tampered list accepted: %v", err)
			}
		})
	}
}

func TestSuspensionListURL(t *testing.T) {
	f := newFixture(t, EdDSA)
	list, err := NewStatusList(0)
	if err != nil {
		t.Fatal(err)
	}
	if err := list.Set(12, true); err != nil {
		t.Fatal(err)
	}
	token, cred, err := f.issuer.IssueStatusList(context.Background(), "2024-a", PurposeSuspension, list)
	if err != nil {
		t.Fatal(err)
	}
	if cred.ID != testBaseURL+"/status/2024-a-suspension" {
		t.Errorf("suspension list id %s", cred.ID)
	}
	if id, purpose := SplitStatusListID("2024-a-suspension"); id != "2024-a" || purpose != PurposeSuspension {
		t.Errorf("split suspension id: %s %s", id, purpose)
	}
	if id, purpose := SplitStatusListID("2024-a"); id != "2024-a" || purpose != PurposeRevocation {
		t.Errorf("split revocation id: %s %s", id, purpose)
	}
	_, purpose, decoded, err := f.verifier.VerifyStatusList(token)
	if err != nil {
		t.Fatal(err)
	}
	if on, _ := decoded.Get(12); purpose != PurposeSuspension || !on {
		t.Errorf("purpose %s, bit 12 %v", purpose, on)
	}
	if _, _, err := f.issuer.IssueStatusList(context.Background(), "x-suspension", PurposeRevocation, list); graph.ErrorField(err) != "listId" {
		t.Errorf("list id with the suspension suffix: %v", err)
	}
	if _, _, err := f.issuer.IssueStatusList(context.Background(), "x", "refresh", list); graph.ErrorField(err) != "purpose" {
		t.Errorf("unknown purpose: %v", err)
	}
}

func TestStatusFromSignedLists(t *testing.T) {
	f := newFixture(t, EdDSA)
	revokedBadge := f.issue(t, credentialInput(t, "ach-r", 100, f.now.Add(-time.Hour), nil))
	suspendedBadge := f.issue(t, credentialInput(t, "ach-s", 101, f.now.Add(-time.Hour), nil))
	goodBadge := f.issue(t, credentialInput(t, "ach-g", 102, f.now.Add(-time.Hour), nil))

	served := map[string]string{}
	publish := func(purpose StatusPurpose, indexes ...int) {
		list, err := StatusListFromIndexes(0, indexes)
		if err != nil {
			t.Fatal(err)
		}
		token, cred, err := f.issuer.IssueStatusList(context.Background(), "2024-a", purpose, list)
		if err != nil {
			t.Fatal(err)
		}
		served[cred.ID] = token
	}
	fetch := func(_ context.Context, url string) (string, error) {
		token, ok := served[url]
		if !ok {
			return "", graph.Errorf(graph.ENOTFOUND, "nothing at %s", url)
		}
		return token, nil
	}
	lookup, err := StatusFromLists(f.keys, testBaseURL, fetch)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := NewVerifier(f.keys, testBaseURL, lookup, VerifyAt(func() time.Time { return f.now }))
	if err != nil {
		t.Fatal(err)
	}
	verify := func(b *Issued) *Verification { return verifier.Verify(context.Background(), b.JWT) }

	// No lists served yet: the status cannot be read, so no badge is valid.
	if v := verify(goodBadge); v.Valid || v.FailedCheck() != CheckStatus {
		t.Fatalf("without lists: %+v", v.Checks)
	}
	publish(PurposeRevocation, 100)
	if v := verify(goodBadge); !v.Valid {
		t.Errorf("good badge with a revocation list only: %+v", v.Checks)
	}
	if v := verify(suspendedBadge); !v.Valid {
		t.Errorf("badge 101 before its suspension: %+v", v.Checks)
	}
	publish(PurposeSuspension, 101)
	for name, tc := range map[string]struct {
		badge  *Issued
		valid  bool
		detail string
	}{
		"revoked":   {revokedBadge, false, "revoked"},
		"suspended": {suspendedBadge, false, "suspended"},
		"good":      {goodBadge, true, "neither revoked nor suspended"},
	} {
		v := verify(tc.badge)
		c, _ := v.Check(CheckStatus)
		if v.Valid != tc.valid || c.Detail != tc.detail {
			t.Errorf("%s: valid %v, status %+v", name, v.Valid, c)
		}
	}
	// A list served at the wrong URL is refused.
	served[testBaseURL+"/status/2024-a"] = served[testBaseURL+"/status/2024-a-suspension"]
	if v := verify(goodBadge); v.Valid {
		t.Error("a suspension list served as the revocation list was accepted")
	}
}
