package badges

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/skillgraph/skillgraph/graph"
)

// Algorithm is a JWS signature algorithm badges may be signed with.
type Algorithm string

// The signature algorithms badges are signed and verified with; no other is accepted.
const (
	EdDSA Algorithm = "EdDSA" // Ed25519, the default
	RS256 Algorithm = "RS256" // RSA PKCS#1 v1.5 with SHA-256, keys of 2048 bits or more
	ES256 Algorithm = "ES256" // ECDSA P-256 with SHA-256
)

// DefaultAlgorithm is the algorithm of the key a new key store starts with.
const DefaultAlgorithm = EdDSA

// rsaKeyBits is the size of generated RSA keys; minRSAKeyBits is the smallest accepted on load.
const (
	rsaKeyBits    = 3072
	minRSAKeyBits = 2048
)

// keyFileVersion is the version of the key file format written by this package.
const keyFileVersion = 1

// Algorithms lists the accepted algorithms, in a stable order.
var Algorithms = []Algorithm{EdDSA, RS256, ES256}

// Valid reports whether a is one of the accepted algorithms.
func (a Algorithm) Valid() bool {
	for _, x := range Algorithms {
		if x == a {
			return true
		}
	}
	return false
}

// PublicKeySource finds the public key for a key id. KeyStore and StaticKeys implement it.
type PublicKeySource interface {
	// PublicKey returns the public key with id kid, if it is known.
	PublicKey(kid string) (jose.JSONWebKey, bool)
}

// KeyInfo describes one key of a key store.
type KeyInfo struct {
	KeyID     string    `json:"kid"`
	Algorithm Algorithm `json:"alg"`
	Created   time.Time `json:"created"`
	Active    bool      `json:"active"`
}

// storedKey is one key as kept in the key file: the private JWK (with kid, alg and use) and
// when it was made.
type storedKey struct {
	Created time.Time       `json:"created"`
	JWK     json.RawMessage `json:"jwk"`
}

// keyFile is the key file's content.
type keyFile struct {
	Version int         `json:"version"`
	Active  string      `json:"active"`
	Keys    []storedKey `json:"keys"`
}

// signingKey is a loaded key.
type signingKey struct {
	jwk     jose.JSONWebKey // private
	public  jose.JSONWebKey
	alg     Algorithm
	created time.Time
}

// KeyStore holds the issuer's signing keys: one active key that signs, and every older key,
// kept so that badges signed before a rotation keep verifying. Keys live in a JSON file
// (mode 0600) rewritten atomically on every change; an empty path keeps them in memory only.
// A KeyStore is safe for concurrent use.
type KeyStore struct {
	path   string
	shared *shared // keys in the store, shared by every process (OpenSharedKeyStore); nil: path

	mu     sync.RWMutex
	keys   []*signingKey // in creation order
	byKID  map[string]*signingKey
	active *signingKey
}

// OpenKeyStore opens the key file at path, creating it with one new key of algorithm alg
// (DefaultAlgorithm when empty) when it does not exist. An empty path gives a store kept in
// memory only. It returns an EINVALID error for an unknown algorithm or a malformed key file
// (field "keyFile"), and an internal error when the file cannot be read or written.
func OpenKeyStore(path string, alg Algorithm) (*KeyStore, error) {
	if alg == "" {
		alg = DefaultAlgorithm
	}
	if !alg.Valid() {
		return nil, fmt.Errorf("open key store: %w", graph.Invalid("alg", "unsupported algorithm %q (want EdDSA, RS256 or ES256)", alg))
	}
	ks := &KeyStore{path: path, byKID: map[string]*signingKey{}}
	if path != "" {
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			if err := ks.load(data); err != nil {
				return nil, fmt.Errorf("open key store %s: %w", path, err)
			}
			// A key file readable by others is a leak waiting to happen: tighten it.
			if err := os.Chmod(path, 0o600); err != nil {
				return nil, fmt.Errorf("open key store %s: %w", path, graph.Internal(err))
			}
			return ks, nil
		case errors.Is(err, fs.ErrNotExist):
		default:
			return nil, fmt.Errorf("open key store %s: %w", path, graph.Internal(err))
		}
	}
	if _, err := ks.Rotate(alg); err != nil {
		return nil, fmt.Errorf("open key store: %w", err)
	}
	return ks, nil
}

// load reads the key file's content into the store.
func (ks *KeyStore) load(data []byte) error {
	var f keyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return graph.Invalid("keyFile", "not a key file: %v", err)
	}
	if f.Version != keyFileVersion {
		return graph.Invalid("keyFile", "unsupported key file version %d", f.Version)
	}
	if len(f.Keys) == 0 {
		return graph.Invalid("keyFile", "no keys")
	}
	for i, sk := range f.Keys {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(sk.JWK); err != nil {
			return graph.Invalid(fmt.Sprintf("keyFile.keys[%d]", i), "bad key: %v", err)
		}
		k, err := newSigningKey(jwk, sk.Created)
		if err != nil {
			return graph.Within(fmt.Sprintf("keyFile.keys[%d]", i), err)
		}
		if _, dup := ks.byKID[k.public.KeyID]; dup {
			return graph.Invalid(fmt.Sprintf("keyFile.keys[%d]", i), "duplicate key id %q", k.public.KeyID)
		}
		ks.keys = append(ks.keys, k)
		ks.byKID[k.public.KeyID] = k
	}
	active, ok := ks.byKID[f.Active]
	if !ok {
		return graph.Invalid("keyFile.active", "active key %q is not in the file", f.Active)
	}
	ks.active = active
	return nil
}

// newSigningKey checks a private JWK loaded from the key file and derives its public half.
func newSigningKey(jwk jose.JSONWebKey, created time.Time) (*signingKey, error) {
	alg := Algorithm(jwk.Algorithm)
	if !alg.Valid() {
		return nil, graph.Invalid("alg", "unsupported algorithm %q", jwk.Algorithm)
	}
	if jwk.IsPublic() || !jwk.Valid() {
		return nil, graph.Invalid("jwk", "not a valid private key")
	}
	if err := checkKeyMatchesAlg(jwk.Key, alg); err != nil {
		return nil, err
	}
	kid, err := thumbprint(jwk.Public())
	if err != nil {
		return nil, err
	}
	if jwk.KeyID != kid {
		return nil, graph.Invalid("kid", "key id %q is not the key's thumbprint %q", jwk.KeyID, kid)
	}
	return &signingKey{jwk: jwk, public: jwk.Public(), alg: alg, created: created}, nil
}

// checkKeyMatchesAlg rejects a key whose type does not fit alg, so that a key file cannot
// make the store sign with, say, an RSA key under "EdDSA".
func checkKeyMatchesAlg(key any, alg Algorithm) error {
	switch k := key.(type) {
	case ed25519.PrivateKey, ed25519.PublicKey:
		if alg == EdDSA {
			return nil
		}
	case *rsa.PrivateKey:
		if alg == RS256 {
			if k.N.BitLen() < minRSAKeyBits {
				return graph.Invalid("jwk", "RSA key of %d bits is too small (want %d or more)", k.N.BitLen(), minRSAKeyBits)
			}
			return nil
		}
	case *rsa.PublicKey:
		if alg == RS256 {
			if k.N.BitLen() < minRSAKeyBits {
				return graph.Invalid("jwk", "RSA key of %d bits is too small (want %d or more)", k.N.BitLen(), minRSAKeyBits)
			}
			return nil
		}
	case *ecdsa.PrivateKey:
		if alg == ES256 && k.Curve == elliptic.P256() {
			return nil
		}
	case *ecdsa.PublicKey:
		if alg == ES256 && k.Curve == elliptic.P256() {
			return nil
		}
	}
	return graph.Invalid("alg", "key of type %T cannot be used with %s", key, alg)
}

// thumbprint is the RFC 7638 SHA-256 thumbprint of a public key, base64url without padding.
func thumbprint(pub jose.JSONWebKey) (string, error) {
	sum, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", graph.Invalid("jwk", "cannot compute thumbprint: %v", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// generateKey makes a new private key for alg.
func generateKey(alg Algorithm) (any, error) {
	switch alg {
	case EdDSA:
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		return priv, err
	case RS256:
		return rsa.GenerateKey(rand.Reader, rsaKeyBits)
	case ES256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	return nil, graph.Invalid("alg", "unsupported algorithm %q (want EdDSA, RS256 or ES256)", alg)
}

// Rotate makes a new key of algorithm alg (DefaultAlgorithm when empty) the active one and
// saves the store; older keys stay and keep verifying. It returns the new key's id, an
// EINVALID error (field "alg") for an unknown algorithm, or an internal error when the key
// cannot be made or the file cannot be written (the store is then unchanged).
func (ks *KeyStore) Rotate(alg Algorithm) (string, error) {
	return ks.RotateContext(context.Background(), alg)
}

// RotateContext is Rotate; a key store shared through the store adds the key to the stored
// set, which every process then reads (ECONFLICT when other rotations kept winning).
func (ks *KeyStore) RotateContext(ctx context.Context, alg Algorithm) (string, error) {
	if alg == "" {
		alg = DefaultAlgorithm
	}
	if !alg.Valid() {
		return "", fmt.Errorf("rotate key: %w", graph.Invalid("alg", "unsupported algorithm %q (want EdDSA, RS256 or ES256)", alg))
	}
	if ks.shared != nil {
		return ks.rotateShared(ctx, alg)
	}
	k, err := newKey(alg)
	if err != nil {
		return "", fmt.Errorf("rotate key: %w", err)
	}
	kid := k.public.KeyID

	ks.mu.Lock()
	defer ks.mu.Unlock()
	if _, dup := ks.byKID[kid]; dup {
		return "", fmt.Errorf("rotate key: %w", graph.Internal(errors.New("generated a key that already exists")))
	}
	keys := append(append([]*signingKey(nil), ks.keys...), k)
	if err := ks.save(keys, k); err != nil {
		return "", fmt.Errorf("rotate key: %w", err)
	}
	ks.keys = keys
	ks.byKID[kid] = k
	ks.active = k
	return kid, nil
}

// save writes keys to the key file atomically: a temporary file in the same folder, synced,
// then renamed over the old one, then the folder synced, so that a crash leaves either the
// old file or the new one. The caller holds ks.mu.
func (ks *KeyStore) save(keys []*signingKey, active *signingKey) error {
	if ks.path == "" {
		return nil
	}
	f := keyFile{Version: keyFileVersion, Active: active.public.KeyID}
	for _, k := range keys {
		raw, err := k.jwk.MarshalJSON()
		if err != nil {
			return graph.Internal(fmt.Errorf("marshal key %s: %w", k.public.KeyID, err))
		}
		f.Keys = append(f.Keys, storedKey{Created: k.created, JWK: raw})
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return graph.Internal(fmt.Errorf("marshal key file: %w", err))
	}
	if err := writeFileAtomic(ks.path, data, 0o600); err != nil {
		return graph.Internal(err)
	}
	return nil
}

// writeFileAtomic replaces path with data through a synced temporary file and a rename.
func writeFileAtomic(path string, data []byte, mode os.FileMode) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// The rename is durable only once the folder's entry is on disk.
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("write %s: sync folder: %w", path, err)
	}
	return nil
}

// PublicKey returns the public key with id kid, active or retired.
func (ks *KeyStore) PublicKey(kid string) (jose.JSONWebKey, bool) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	k, ok := ks.byKID[kid]
	if !ok {
		return jose.JSONWebKey{}, false
	}
	return k.public, true
}

// PublicJWKS returns the public JSON Web Key Set: every key, newest first, each with kid,
// alg and use "sig". It never holds private material.
func (ks *KeyStore) PublicJWKS() jose.JSONWebKeySet {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	set := jose.JSONWebKeySet{Keys: make([]jose.JSONWebKey, 0, len(ks.keys))}
	for i := len(ks.keys) - 1; i >= 0; i-- {
		set.Keys = append(set.Keys, ks.keys[i].public)
	}
	return set
}

// PublicJWKSJSON returns PublicJWKS as the JSON served at /.well-known/jwks.json. It returns
// an internal error when a key cannot be encoded.
func (ks *KeyStore) PublicJWKSJSON() ([]byte, error) {
	data, err := json.Marshal(ks.PublicJWKS())
	if err != nil {
		return nil, fmt.Errorf("encode jwks: %w", graph.Internal(err))
	}
	return data, nil
}

// Active returns the id and algorithm of the key that signs.
func (ks *KeyStore) Active() (kid string, alg Algorithm) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	return ks.active.public.KeyID, ks.active.alg
}

// Keys describes every key, oldest first.
func (ks *KeyStore) Keys() []KeyInfo {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	out := make([]KeyInfo, 0, len(ks.keys))
	for _, k := range ks.keys {
		out = append(out, KeyInfo{KeyID: k.public.KeyID, Algorithm: k.alg, Created: k.created, Active: k == ks.active})
	}
	return out
}

// signCompact signs payload with the active key as a compact JWS whose protected header is
// exactly {alg, kid, typ: "JWT"}. It returns the token and the key id used, or an internal
// error.
func (ks *KeyStore) signCompact(payload []byte) (token, kid string, err error) {
	ks.mu.RLock()
	k := ks.active
	ks.mu.RUnlock()
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.SignatureAlgorithm(k.alg), Key: k.jwk},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", "", graph.Internal(fmt.Errorf("new signer: %w", err))
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", "", graph.Internal(fmt.Errorf("sign: %w", err))
	}
	token, err = jws.CompactSerialize()
	if err != nil {
		return "", "", graph.Internal(fmt.Errorf("serialize: %w", err))
	}
	return token, k.public.KeyID, nil
}

// StaticKeys is a fixed public key set, e.g. a JWKS fetched from an issuer, used to verify
// badges without access to the key file.
type StaticKeys jose.JSONWebKeySet

// PublicKey returns the key with id kid when exactly one public key has it.
func (s StaticKeys) PublicKey(kid string) (jose.JSONWebKey, bool) {
	set := jose.JSONWebKeySet(s)
	found := set.Key(kid)
	if len(found) != 1 || !found[0].IsPublic() {
		return jose.JSONWebKey{}, false
	}
	return found[0], true
}

// ParseJWKS decodes a public JSON Web Key Set. It returns an EINVALID error (field "jwks")
// when data is not a key set or holds a private key.
func ParseJWKS(data []byte) (StaticKeys, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(data, &set); err != nil {
		return StaticKeys{}, fmt.Errorf("parse jwks: %w", graph.Invalid("jwks", "not a JSON Web Key Set: %v", err))
	}
	for i, k := range set.Keys {
		if !k.IsPublic() {
			return StaticKeys{}, fmt.Errorf("parse jwks: %w", graph.Invalid(fmt.Sprintf("jwks.keys[%d]", i), "holds private key material"))
		}
	}
	return StaticKeys(set), nil
}
