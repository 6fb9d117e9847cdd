package badges

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary tokens to Verify: it must never panic, always report every check
// in order, and accept nothing but the one badge the fixture issued (Ed25519 signatures are
// not malleable and parsing is strict, so no other string can verify).
func FuzzVerify(f *testing.F) {
	fx := newFixture(f, EdDSA)
	issued := fx.issue(f, credentialInput(f, "ach-fuzz", 1, fx.now.Add(-time.Hour), nil))
	parts := strings.Split(issued.JWT, ".")
	enc := base64.RawURLEncoding.EncodeToString
	seeds := []string{
		issued.JWT,
		"",
		".",
		"..",
		"a.b.c",
		parts[0] + "." + parts[1] + ".",
		parts[0] + ".." + parts[2],
		enc([]byte(`{"alg":"none","kid":"x","typ":"JWT"}`)) + "." + parts[1] + ".",
		enc([]byte(`{"alg":"HS256","kid":"x","typ":"JWT"}`)) + "." + parts[1] + "." + parts[2],
		enc([]byte(`{"alg":"EdDSA","alg":"EdDSA","kid":"x"}`)) + "." + parts[1] + "." + parts[2],
		enc([]byte(`[]`)) + "." + enc([]byte(`{}`)) + "." + parts[2],
		parts[0] + "." + enc([]byte(`{"@context":[1,2],"credentialSubject":{"achievement":7}}`)) + "." + parts[2],
		parts[0] + "." + enc([]byte(`{"nbf":1e400,"exp":"x"}`)) + "." + parts[2],
		strings.Repeat("A", 100) + "." + strings.Repeat("B", 100) + "." + strings.Repeat("C", 100),
		issued.JWT + "=",
		" " + issued.JWT,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		v := fx.verifier.Verify(context.Background(), token)
		if len(v.Checks) != len(CheckNames) {
			t.Fatalf("%d checks", len(v.Checks))
		}
		for i, c := range v.Checks {
			if c.Name != CheckNames[i] {
				t.Fatalf("check %d is %s, want %s", i, c.Name, CheckNames[i])
			}
			if c.Passed && c.Skipped {
				t.Fatalf("check %s both passed and skipped", c.Name)
			}
		}
		if v.Valid != (v.FailedCheck() == "" && !anySkipped(v)) {
			t.Fatalf("valid %v but failed check %q", v.Valid, v.FailedCheck())
		}
		if v.Valid && token != issued.JWT {
			t.Fatalf("accepted a token that was not issued: %q", token)
		}
		_, _ = DecodeCredential(token)
	})
}

func anySkipped(v *Verification) bool {
	for _, c := range v.Checks {
		if c.Skipped {
			return true
		}
	}
	return false
}
