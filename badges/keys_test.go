package badges

import (
	"context"
	"crypto"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
)

func TestKeyFilePersistsAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "badge-keys.json")
	ks, err := OpenKeyStore(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, alg := ks.Active(); alg != EdDSA {
		t.Fatalf("default algorithm %s, want EdDSA", alg)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", info.Mode().Perm())
	}
	firstKID, _ := ks.Active()
	issuer, err := NewIssuer(ks, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old, err := issuer.Issue(context.Background(), credentialInput(t, "ach-p1", 1, now.Add(-time.Hour), nil))
	if err != nil {
		t.Fatal(err)
	}
	secondKID, err := ks.Rotate(RS256)
	if err != nil {
		t.Fatal(err)
	}
	before := ks.Keys()

	reopened, err := OpenKeyStore(path, ES256) // the algorithm only matters for a new file
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	after := reopened.Keys()
	if len(after) != 2 || len(before) != 2 {
		t.Fatalf("keys before %v, after %v", before, after)
	}
	for i := range before {
		if before[i].KeyID != after[i].KeyID || before[i].Algorithm != after[i].Algorithm || before[i].Active != after[i].Active || !before[i].Created.Equal(after[i].Created) {
			t.Errorf("key %d: before %+v, after %+v", i, before[i], after[i])
		}
	}
	if kid, alg := reopened.Active(); kid != secondKID || alg != RS256 {
		t.Errorf("active after reopen %s/%s, want %s/RS256", kid, alg, secondKID)
	}
	if after[0].KeyID != firstKID {
		t.Errorf("first key %s, want %s", after[0].KeyID, firstKID)
	}
	verifier, err := NewVerifier(reopened, testBaseURL, newStatusBits("2024-a").lookup)
	if err != nil {
		t.Fatal(err)
	}
	if v := verifier.Verify(context.Background(), old.JWT); !v.Valid {
		t.Errorf("badge signed before reopen: %+v", v.Checks)
	}
	// No temporary file is left beside the key file.
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("key folder holds %d entries, want only the key file", len(entries))
	}
}

func TestKeyStoreTightensLooseFileMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.json")
	if _, err := OpenKeyStore(path, ES256); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenKeyStore(path, ""); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v after reopen, want 0600", info.Mode().Perm())
	}
}

func TestKeyStoreRejectsBadFilesAndAlgorithms(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	ks, err := OpenKeyStore(good, EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	kid, _ := ks.Active()
	cases := map[string]string{
		"not json":           "{",
		"wrong version":      strings.Replace(string(data), `"version": 1`, `"version": 9`, 1),
		"unknown active":     strings.Replace(string(data), `"active": "`+kid, `"active": "x`+kid, 1),
		"kid not thumbprint": strings.Replace(string(data), `"kid": "`+kid, `"kid": "x`+kid, 1),
		"no keys":            `{"version":1,"active":"","keys":[]}`,
	}
	for name, content := range cases {
		if content == string(data) {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := OpenKeyStore(path, ""); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%s: got %v, want an invalid error", name, err)
		}
	}
	if _, err := OpenKeyStore("", "HS256"); graph.ErrorField(err) != "alg" {
		t.Errorf("HS256 store: %v", err)
	}
	if _, err := ks.Rotate("none"); graph.ErrorField(err) != "alg" {
		t.Errorf("rotate to none: %v", err)
	}
}

func TestPublicJWKS(t *testing.T) {
	ks, err := OpenKeyStore("", EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range []Algorithm{RS256, ES256} {
		if _, err := ks.Rotate(alg); err != nil {
			t.Fatal(err)
		}
	}
	set := ks.PublicJWKS()
	if len(set.Keys) != 3 {
		t.Fatalf("%d keys, want 3", len(set.Keys))
	}
	activeKID, _ := ks.Active()
	if set.Keys[0].KeyID != activeKID {
		t.Errorf("first key %s, want the active %s", set.Keys[0].KeyID, activeKID)
	}
	seenAlg := map[string]bool{}
	for _, k := range set.Keys {
		if !k.IsPublic() || k.Use != "sig" || k.KeyID == "" {
			t.Errorf("key %s: public %v, use %q", k.KeyID, k.IsPublic(), k.Use)
		}
		sum, err := k.Thumbprint(crypto.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if want := base64.RawURLEncoding.EncodeToString(sum); k.KeyID != want {
			t.Errorf("kid %s, RFC 7638 thumbprint %s", k.KeyID, want)
		}
		seenAlg[k.Algorithm] = true
	}
	if len(seenAlg) != 3 {
		t.Errorf("algorithms %v, want EdDSA, RS256, ES256", seenAlg)
	}
	data, err := ks.PublicJWKSJSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Keys []map[string]any `json:"keys"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range raw.Keys {
		for _, private := range []string{"d", "p", "q", "dp", "dq", "qi"} {
			if _, ok := k[private]; ok {
				t.Errorf("published key %v holds private member %q", k["kid"], private)
			}
		}
		if k["use"] != "sig" || k["alg"] == nil || k["kid"] == nil {
			t.Errorf("published key lacks use/alg/kid: %v", k)
		}
	}
	// A set with a private key is refused.
	ks.mu.RLock()
	private, err := ks.active.jwk.MarshalJSON()
	ks.mu.RUnlock()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseJWKS([]byte(`{"keys":[` + string(private) + `]}`)); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("private JWKS accepted: %v", err)
	}
}

func TestKeyStoreConcurrentUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.json")
	ks, err := OpenKeyStore(path, EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := NewIssuer(ks, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := NewVerifier(ks, testBaseURL, newStatusBits("2024-a").lookup)
	if err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 4, 8
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*2)
	for w := 0; w < workers; w++ {
		wg.Add(2)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				in := credentialInput(t, "ach-c", w*rounds+r, time.Now().Add(-time.Minute), nil)
				issued, err := issuer.Issue(context.Background(), in)
				if err != nil {
					errs <- err.Error()
					continue
				}
				if v := verifier.Verify(context.Background(), issued.JWT); !v.Valid {
					errs <- "issued badge rejected: " + v.FailedCheck()
				}
				_ = ks.PublicJWKS()
			}
		}(w)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds/2; r++ {
				alg := []Algorithm{EdDSA, ES256}[(w+r)%2]
				if _, err := ks.Rotate(alg); err != nil {
					errs <- err.Error()
				}
				_ = ks.Keys()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	want := 1 + workers*rounds/2
	if got := len(ks.Keys()); got != want {
		t.Errorf("%d keys, want %d", got, want)
	}
	reopened, err := OpenKeyStore(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(reopened.Keys()); got != want {
		t.Errorf("%d keys in the file, want %d", got, want)
	}
	kid, _ := ks.Active()
	if rkid, _ := reopened.Active(); rkid != kid {
		t.Errorf("active in file %s, in memory %s", rkid, kid)
	}
}
