package badges

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
)

// sharedStore is a real embedded store: two key stores over it stand for two processes over
// one database.
func sharedStore(t *testing.T) *embedded.Store {
	t.Helper()
	s, err := embedded.Open(filepath.Join(t.TempDir(), "shared.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newKEK(t *testing.T) KeyEncryptionKey {
	t.Helper()
	var k KeyEncryptionKey
	if _, err := rand.Read(k[:]); err != nil {
		t.Fatal(err)
	}
	return k
}

func openShared(t *testing.T, store KeySetStore, kek KeyEncryptionKey, importPath string) (*KeyStore, bool) {
	t.Helper()
	ks, imported, err := OpenSharedKeyStore(t.Context(), store, kek, "", importPath)
	if err != nil {
		t.Fatal(err)
	}
	return ks, imported
}

func kids(ks *KeyStore) []string {
	var out []string
	for _, k := range ks.PublicJWKS().Keys {
		out = append(out, k.KeyID)
	}
	slices.Sort(out)
	return out
}

func TestParseKeyEncryptionKey(t *testing.T) {
	raw := make([]byte, 32)
	for i := range raw {
		raw[i] = byte(i * 7)
	}
	for _, text := range []string{
		base64.StdEncoding.EncodeToString(raw),
		base64.RawURLEncoding.EncodeToString(raw) + "\n",
		hex.EncodeToString(raw),
	} {
		k, err := ParseKeyEncryptionKey(text)
		if err != nil || !bytes.Equal(k[:], raw) {
			t.Errorf("ParseKeyEncryptionKey(%q) = %x, %v", text, k, err)
		}
	}
	for _, text := range []string{"", "short", base64.StdEncoding.EncodeToString(raw[:16]), strings.Repeat("z", 64)} {
		_, err := ParseKeyEncryptionKey(text)
		if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "keyEncryptionKey" {
			t.Errorf("ParseKeyEncryptionKey(%q): %v, want EINVALID keyEncryptionKey", text, err)
		}
		if text != "" && strings.Contains(graph.ErrorMessage(err), text) {
			t.Errorf("the error echoes the value: %v", err)
		}
	}
}

// Two processes share one key set: the second adopts the first's key, a rotation through one
// is seen by the other on its next look, and a badge signed after it verifies through both.
func TestSharedKeysRotationSeenByEveryProcess(t *testing.T) {
	store, kek := sharedStore(t), newKEK(t)
	a, _ := openShared(t, store, kek, "")
	b, _ := openShared(t, store, kek, "")
	if !slices.Equal(kids(a), kids(b)) || len(kids(a)) != 1 {
		t.Fatalf("keys of a %v, of b %v: want the same one key", kids(a), kids(b))
	}
	ctx := t.Context()
	newKID, err := a.RotateContext(ctx, ES256)
	if err != nil {
		t.Fatal(err)
	}
	// b signs with the new key from its next issue on, and verifies a's badges before that.
	issuerA, err := NewIssuer(a, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	badge, err := issuerA.Issue(ctx, credentialInput(t, "ach-shared", 1, time.Now().Add(-time.Hour), nil))
	if err != nil {
		t.Fatal(err)
	}
	if badge.KeyID != newKID {
		t.Fatalf("a signed with %s, want the new key %s", badge.KeyID, newKID)
	}
	verifierB, err := NewVerifier(b, testBaseURL, newStatusBits("2024-a").lookup)
	if err != nil {
		t.Fatal(err)
	}
	if v := verifierB.Verify(ctx, badge.JWT); !v.Valid {
		t.Fatalf("a's badge through b: %+v", v.Checks)
	}
	issuerB, err := NewIssuer(b, testBaseURL)
	if err != nil {
		t.Fatal(err)
	}
	other, err := issuerB.Issue(ctx, credentialInput(t, "ach-shared-2", 2, time.Now().Add(-time.Hour), nil))
	if err != nil {
		t.Fatal(err)
	}
	if other.KeyID != newKID {
		t.Fatalf("b signed with %s after the rotation through a, want %s", other.KeyID, newKID)
	}
	if !slices.Equal(kids(a), kids(b)) || len(kids(b)) != 2 {
		t.Fatalf("JWKS of a %v, of b %v: want both keys in both", kids(a), kids(b))
	}
}

// Rotations through two processes at once both land: the compare-and-set retries the loser.
func TestSharedKeysConcurrentRotationsKeepEveryKey(t *testing.T) {
	store, kek := sharedStore(t), newKEK(t)
	a, _ := openShared(t, store, kek, "")
	b, _ := openShared(t, store, kek, "")
	ctx := t.Context()
	done := make(chan string, 2)
	errs := make(chan error, 2)
	for _, ks := range []*KeyStore{a, b} {
		go func() {
			kid, err := ks.RotateContext(ctx, EdDSA)
			done <- kid
			errs <- err
		}()
	}
	made := []string{<-done, <-done}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	c, _ := openShared(t, store, kek, "")
	for _, kid := range made {
		if !slices.Contains(kids(c), kid) {
			t.Fatalf("key %s lost: the set holds %v", kid, kids(c))
		}
	}
	if len(kids(c)) != 3 {
		t.Fatalf("set holds %v, want the first key and both rotations", kids(c))
	}
}

// The store holds no private key in clear, and another KEK cannot open the set.
func TestSharedKeysAreSealed(t *testing.T) {
	store, kek := sharedStore(t), newKEK(t)
	a, _ := openShared(t, store, kek, "")
	set, err := store.KeySet(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	priv, err := a.active.jwk.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(priv, &fields); err != nil {
		t.Fatal(err)
	}
	d, _ := fields["d"].(string)
	if d == "" || bytes.Contains(set.Data, []byte(d)) {
		t.Fatalf("the private part %q is in the stored set (or the key has none)", d)
	}
	_, _, err = OpenSharedKeyStore(t.Context(), store, newKEK(t), "", "")
	if graph.ErrorCode(err) != graph.EINVALID || graph.ErrorField(err) != "keyEncryptionKey" {
		t.Fatalf("another KEK: %v, want EINVALID keyEncryptionKey", err)
	}
}

// A key file moves into the store once: its keys become the set, and later opens read the set.
func TestSharedKeysImportAKeyFileOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.json")
	file, err := OpenKeyStore(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.Rotate(RS256); err != nil {
		t.Fatal(err)
	}
	store, kek := sharedStore(t), newKEK(t)
	a, imported := openShared(t, store, kek, path)
	if !imported {
		t.Fatal("the key file was not imported into an empty store")
	}
	if !slices.Equal(kids(a), kids(file)) {
		t.Fatalf("imported %v, the file holds %v", kids(a), kids(file))
	}
	fileKID, _ := file.Active()
	if kid, _ := a.Active(); kid != fileKID {
		t.Fatalf("active %s, the file's is %s", kid, fileKID)
	}
	if _, err := a.RotateContext(t.Context(), EdDSA); err != nil {
		t.Fatal(err)
	}
	b, imported := openShared(t, store, kek, path)
	if imported {
		t.Fatal("the key file was imported again over a stored set")
	}
	if len(kids(b)) != 3 {
		t.Fatalf("the set holds %v, want the file's two keys and the rotation", kids(b))
	}
}

func TestSharedKeysRefreshOncePerRequest(t *testing.T) {
	store, kek := sharedStore(t), newKEK(t)
	a, _ := openShared(t, store, kek, "")
	b, _ := openShared(t, store, kek, "")
	ctx := graph.WithReadScope(context.Background())
	if err := b.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	kid, err := a.RotateContext(context.Background(), EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	// Within the request that already looked, b keeps its view; the next request sees the key.
	if err := b.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(kids(b), kid) {
		t.Fatal("a second refresh within one request read the store again")
	}
	if err := b.Refresh(graph.WithReadScope(context.Background())); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(kids(b), kid) {
		t.Fatalf("the next request does not see key %s: %v", kid, kids(b))
	}
}
