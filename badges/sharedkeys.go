package badges

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/skillgraph/skillgraph/graph"
)

// Several processes serving one database share one key set, kept in the store
// (graph.Store.KeySet): public keys in clear, each private key sealed with AES-256-GCM under a
// key-encryption key (KEK) that every process is given and the database never sees. A
// rotation through one process is a compare-and-set of the whole set; the others read it
// again when its version has moved, which they check before signing, before serving the
// JWKS, and when a badge names a key they do not know.

// KeyEncryptionKey is the 256-bit key that seals the private signing keys in the store.
type KeyEncryptionKey [32]byte

// ParseKeyEncryptionKey reads a KEK written as 32 bytes in base64 (standard or URL alphabet,
// padded or not) or in hex, surrounding white space ignored. EINVALID ("keyEncryptionKey")
// otherwise, saying how to make one, and never echoing the value.
func ParseKeyEncryptionKey(text string) (KeyEncryptionKey, error) {
	var kek KeyEncryptionKey
	s := strings.TrimSpace(text)
	var raw []byte
	if b, err := hex.DecodeString(s); err == nil && len(s) == 64 {
		raw = b
	} else {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				raw = b
				break
			}
		}
	}
	if len(raw) != len(kek) {
		return kek, graph.Invalid("keyEncryptionKey", "want 32 random bytes in base64 or hex (e.g. `openssl rand -base64 32`)")
	}
	copy(kek[:], raw)
	return kek, nil
}

// fingerprint names the KEK in the stored set, so that a process given another KEK says so
// instead of failing to decrypt. It is a hash: it tells nothing of the key.
func (k KeyEncryptionKey) fingerprint() string {
	sum := sha256.Sum256(append([]byte("skillgraph key-encryption key\x00"), k[:]...))
	return hex.EncodeToString(sum[:8])
}

// sharedSetVersion is the version of the stored key set's format.
const sharedSetVersion = 1

// sharedSet is the key set as the store keeps it.
type sharedSet struct {
	Version int         `json:"version"`
	KEK     string      `json:"kek"` // the fingerprint of the KEK the keys are sealed with
	Active  string      `json:"active"`
	Keys    []sharedKey `json:"keys"`
}

type sharedKey struct {
	Created time.Time       `json:"created"`
	Public  json.RawMessage `json:"public"`
	Sealed  string          `json:"sealed"` // base64url(nonce || AES-GCM(private JWK), with the kid as additional data)
}

// KeySetStore is where a shared key store keeps its set: graph.Store implements it.
type KeySetStore interface {
	KeySet(ctx context.Context) (graph.KeySet, error)
	SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error)
}

// shared is a key store's link to the set in the store.
type shared struct {
	store   KeySetStore
	kek     KeyEncryptionKey
	version string // of the set this process holds; guarded by KeyStore.mu
}

// saveAttempts bounds the retries of a rotation that lost the compare-and-set to another.
const saveAttempts = 8

// OpenSharedKeyStore opens the key set kept in store, sealed with kek. When the store holds
// none, it is created: from the key file at importPath when that names an existing file (the
// keys of a single process moving to the store; the file is left as it was), else with one new
// key of algorithm alg. When another process creates it at the same moment, its set is used.
// imported reports whether the file's keys were written to the store. It returns EINVALID for
// an unknown algorithm, a malformed set or key file, or a KEK that is not the one the stored
// keys are sealed with ("keyEncryptionKey"); the store's errors otherwise.
func OpenSharedKeyStore(ctx context.Context, store KeySetStore, kek KeyEncryptionKey, alg Algorithm, importPath string) (ks *KeyStore, imported bool, err error) {
	if alg == "" {
		alg = DefaultAlgorithm
	}
	if !alg.Valid() {
		return nil, false, fmt.Errorf("open shared key store: %w", graph.Invalid("alg", "unsupported algorithm %q (want EdDSA, RS256 or ES256)", alg))
	}
	ks = &KeyStore{byKID: map[string]*signingKey{}, shared: &shared{store: store, kek: kek}}
	set, err := store.KeySet(ctx)
	switch {
	case err == nil:
		if err := ks.adopt(set); err != nil {
			return nil, false, fmt.Errorf("open shared key store: %w", err)
		}
		return ks, false, nil
	case graph.ErrorCode(err) != graph.ENOTFOUND:
		return nil, false, fmt.Errorf("open shared key store: %w", err)
	}
	// None yet: start one, from the key file when there is one.
	first := &KeyStore{byKID: map[string]*signingKey{}}
	if importPath != "" {
		data, err := os.ReadFile(importPath)
		switch {
		case err == nil:
			if err := first.load(data); err != nil {
				return nil, false, fmt.Errorf("open shared key store: import %s: %w", importPath, err)
			}
			imported = true
		case errors.Is(err, fs.ErrNotExist):
		default:
			return nil, false, fmt.Errorf("open shared key store: import %s: %w", importPath, graph.Internal(err))
		}
	}
	if !imported {
		k, err := newKey(alg)
		if err != nil {
			return nil, false, fmt.Errorf("open shared key store: %w", err)
		}
		first.keys, first.active = []*signingKey{k}, k
	}
	data, err := ks.seal(first.keys, first.active)
	if err != nil {
		return nil, false, fmt.Errorf("open shared key store: %w", err)
	}
	set, err = store.SaveKeySet(ctx, data, "")
	if graph.ErrorCode(err) == graph.ECONFLICT {
		// Another process made the set first: use that one.
		imported = false
		set, err = store.KeySet(ctx)
	}
	if err != nil {
		return nil, false, fmt.Errorf("open shared key store: %w", err)
	}
	if err := ks.adopt(set); err != nil {
		return nil, false, fmt.Errorf("open shared key store: %w", err)
	}
	return ks, imported, nil
}

// newKey makes a new signing key of algorithm alg.
func newKey(alg Algorithm) (*signingKey, error) {
	priv, err := generateKey(alg)
	if err != nil {
		return nil, graph.Internal(err)
	}
	jwk := jose.JSONWebKey{Key: priv, Algorithm: string(alg), Use: "sig"}
	kid, err := thumbprint(jwk.Public())
	if err != nil {
		return nil, graph.Internal(err)
	}
	jwk.KeyID = kid
	return &signingKey{jwk: jwk, public: jwk.Public(), alg: alg, created: time.Now().UTC()}, nil
}

// seal encodes keys for the store, each private key sealed with the KEK.
func (ks *KeyStore) seal(keys []*signingKey, active *signingKey) ([]byte, error) {
	aead, err := ks.shared.aead()
	if err != nil {
		return nil, err
	}
	set := sharedSet{Version: sharedSetVersion, KEK: ks.shared.kek.fingerprint(), Active: active.public.KeyID}
	for _, k := range keys {
		priv, err := k.jwk.MarshalJSON()
		if err != nil {
			return nil, graph.Internal(fmt.Errorf("marshal key %s: %w", k.public.KeyID, err))
		}
		pub, err := k.public.MarshalJSON()
		if err != nil {
			return nil, graph.Internal(fmt.Errorf("marshal key %s: %w", k.public.KeyID, err))
		}
		nonce := make([]byte, aead.NonceSize())
		if _, err := rand.Read(nonce); err != nil {
			return nil, graph.Internal(err)
		}
		sealed := aead.Seal(nonce, nonce, priv, []byte(k.public.KeyID))
		set.Keys = append(set.Keys, sharedKey{Created: k.created, Public: pub, Sealed: base64.RawURLEncoding.EncodeToString(sealed)})
	}
	data, err := json.Marshal(set)
	if err != nil {
		return nil, graph.Internal(fmt.Errorf("marshal key set: %w", err))
	}
	return data, nil
}

func (sh *shared) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(sh.kek[:])
	if err != nil {
		return nil, graph.Internal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, graph.Internal(err)
	}
	return aead, nil
}

// unseal decodes a stored set: every key opened with the KEK and checked as a key file's are.
func (sh *shared) unseal(data []byte) (keys []*signingKey, active *signingKey, err error) {
	var set sharedSet
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, nil, graph.Invalid("keySet", "not a key set: %v", err)
	}
	if set.Version != sharedSetVersion {
		return nil, nil, graph.Invalid("keySet", "unsupported key set version %d", set.Version)
	}
	if set.KEK != sh.kek.fingerprint() {
		return nil, nil, graph.Invalid("keyEncryptionKey", "the stored signing keys are sealed with another key-encryption key (fingerprint %s, this one's is %s)",
			set.KEK, sh.kek.fingerprint())
	}
	aead, err := sh.aead()
	if err != nil {
		return nil, nil, err
	}
	byKID := map[string]*signingKey{}
	for i, sk := range set.Keys {
		field := fmt.Sprintf("keySet.keys[%d]", i)
		var pub jose.JSONWebKey
		if err := pub.UnmarshalJSON(sk.Public); err != nil {
			return nil, nil, graph.Invalid(field, "bad public key: %v", err)
		}
		sealed, err := base64.RawURLEncoding.DecodeString(sk.Sealed)
		if err != nil || len(sealed) < aead.NonceSize() {
			return nil, nil, graph.Invalid(field, "bad sealed key")
		}
		priv, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(pub.KeyID))
		if err != nil {
			return nil, nil, graph.Invalid(field, "the key-encryption key does not open key %q", pub.KeyID)
		}
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(priv); err != nil {
			return nil, nil, graph.Invalid(field, "bad key: %v", err)
		}
		k, err := newSigningKey(jwk, sk.Created)
		if err != nil {
			return nil, nil, graph.Within(field, err)
		}
		if k.public.KeyID != pub.KeyID {
			return nil, nil, graph.Invalid(field, "sealed key %q stored as %q", k.public.KeyID, pub.KeyID)
		}
		if byKID[pub.KeyID] != nil {
			return nil, nil, graph.Invalid(field, "duplicate key id %q", pub.KeyID)
		}
		byKID[pub.KeyID] = k
		keys = append(keys, k)
	}
	active = byKID[set.Active]
	if active == nil {
		return nil, nil, graph.Invalid("keySet.active", "active key %q is not in the set", set.Active)
	}
	return keys, active, nil
}

// adopt replaces the keys this process holds with a stored set's.
func (ks *KeyStore) adopt(set graph.KeySet) error {
	keys, active, err := ks.shared.unseal(set.Data)
	if err != nil {
		return err
	}
	byKID := make(map[string]*signingKey, len(keys))
	for _, k := range keys {
		byKID[k.public.KeyID] = k
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.keys, ks.byKID, ks.active, ks.shared.version = keys, byKID, active, set.Version
	return nil
}

// Shared reports whether the keys live in the store, shared by every process.
func (ks *KeyStore) Shared() bool { return ks.shared != nil }

// Refresh reads the stored set again when another process has changed it: one small read.
// A key store kept in a file or in memory has nothing to refresh. Errors are the store's, or
// EINVALID for a set this process cannot open.
func (ks *KeyStore) Refresh(ctx context.Context) error {
	if ks.shared == nil {
		return nil
	}
	// Once per request (graph.ReadScope): a request issuing a block's badges reads the set once.
	if scope := graph.ReadScopeFrom(ctx); scope != nil {
		if _, done := scope.Load(refreshedKey{ks}); done {
			return nil
		}
		defer scope.Store(refreshedKey{ks}, true)
	}
	return ks.refresh(ctx)
}

// refresh reads the stored set, and adopts it when its version moved.
func (ks *KeyStore) refresh(ctx context.Context) error {
	set, err := ks.shared.store.KeySet(ctx)
	if err != nil {
		return fmt.Errorf("refresh keys: %w", err)
	}
	ks.mu.RLock()
	same := set.Version == ks.shared.version
	ks.mu.RUnlock()
	if same {
		return nil
	}
	if err := ks.adopt(set); err != nil {
		return fmt.Errorf("refresh keys: %w", err)
	}
	return nil
}

// refreshedKey marks, in a request's read scope, that the set was read.
type refreshedKey struct{ ks *KeyStore }

// refreshFor refreshes when kid is not a key this process knows: a badge signed after a
// rotation through another process.
func (ks *KeyStore) refreshFor(ctx context.Context, kid string) {
	if ks.shared == nil {
		return
	}
	if _, ok := ks.PublicKey(kid); ok {
		return
	}
	_ = ks.Refresh(ctx) // once per request; a failed read leaves the key unknown, which the check reports
}

// rotateShared adds a new active key to the stored set: read, add, compare-and-set, again
// when another process saved in between.
func (ks *KeyStore) rotateShared(ctx context.Context, alg Algorithm) (string, error) {
	k, err := newKey(alg)
	if err != nil {
		return "", fmt.Errorf("rotate key: %w", err)
	}
	for range saveAttempts {
		if err := ks.refresh(ctx); err != nil {
			return "", fmt.Errorf("rotate key: %w", err)
		}
		ks.mu.RLock()
		keys := append(append([]*signingKey(nil), ks.keys...), k)
		prev := ks.shared.version
		ks.mu.RUnlock()
		data, err := ks.seal(keys, k)
		if err != nil {
			return "", fmt.Errorf("rotate key: %w", err)
		}
		set, err := ks.shared.store.SaveKeySet(ctx, data, prev)
		if graph.ErrorCode(err) == graph.ECONFLICT {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("rotate key: %w", err)
		}
		if err := ks.adopt(set); err != nil {
			return "", fmt.Errorf("rotate key: %w", err)
		}
		return k.public.KeyID, nil
	}
	return "", fmt.Errorf("rotate key: %w", graph.Errorf(graph.ECONFLICT, "the key set kept changing; try again"))
}
