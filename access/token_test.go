package access

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/skillgraph/skillgraph/graph"
)

var secret = []byte("0123456789abcdef0123456789abcdef")

type keyPair struct {
	kid  string
	priv any
	pub  any
	alg  jose.SignatureAlgorithm
}

func newRSA(t *testing.T, kid string) keyPair {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{kid: kid, priv: k, pub: &k.PublicKey, alg: jose.RS256}
}

func newEC(t *testing.T, kid string) keyPair {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return keyPair{kid: kid, priv: k, pub: &k.PublicKey, alg: jose.ES256}
}

func (k keyPair) jwk() jose.JSONWebKey {
	return jose.JSONWebKey{Key: k.pub, KeyID: k.kid, Algorithm: string(k.alg), Use: "sig"}
}

// sign makes a token with the given algorithm and key, kid in the header when set.
func sign(t *testing.T, alg jose.SignatureAlgorithm, key any, kid string, c claims) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.Signed(s).Claims(c).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func goodClaims() claims {
	now := time.Now()
	return claims{Claims: jwt.Claims{Subject: "u1", Issuer: "https://idp.example.org", Audience: jwt.Audience{"skillgraph"},
		IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(time.Hour))},
		Role: RoleIssuer, Org: "org-a"}
}

func request(token string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	return r
}

func mustVerifier(t *testing.T, cfg Config) *Verifier {
	t.Helper()
	v, err := NewVerifier(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func wantUnauthenticated(t *testing.T, v *Verifier, r *http.Request, name string) {
	t.Helper()
	p, err := v.Authenticate(r)
	if graph.ErrorCode(err) != graph.EUNAUTHENTICATED || p != nil {
		t.Errorf("%s: want UNAUTHENTICATED, got %v, %v", name, p, err)
	}
}

func TestValidTokens(t *testing.T) {
	rs, ec := newRSA(t, "rs-1"), newEC(t, "ec-1")
	set := &jose.JSONWebKeySet{Keys: []jose.JSONWebKey{rs.jwk(), ec.jwk()}}
	v := mustVerifier(t, Config{JWKS: set, HS256Secret: secret, Issuer: "https://idp.example.org", Audience: "skillgraph"})
	for _, tok := range []string{
		sign(t, jose.RS256, rs.priv, "rs-1", goodClaims()),
		sign(t, jose.ES256, ec.priv, "ec-1", goodClaims()),
		sign(t, jose.HS256, secret, "", goodClaims()),
	} {
		p, err := v.Authenticate(request(tok))
		if err != nil || p == nil || p.Role != RoleIssuer || p.Org != "org-a" || p.Subject != "u1" {
			t.Fatalf("valid token refused: %v %+v", err, p)
		}
	}
	if p, err := v.Authenticate(request("")); p != nil || err != nil {
		t.Fatalf("no header: want anonymous, got %v %v", p, err)
	}
}

func TestAttacks(t *testing.T) {
	rs := newRSA(t, "rs-1")
	set := &jose.JSONWebKeySet{Keys: []jose.JSONWebKey{rs.jwk()}}
	jwksOnly := mustVerifier(t, Config{JWKS: set, Issuer: "https://idp.example.org", Audience: "skillgraph"})
	both := mustVerifier(t, Config{JWKS: set, HS256Secret: secret, Issuer: "https://idp.example.org", Audience: "skillgraph"})
	good := sign(t, jose.RS256, rs.priv, "rs-1", goodClaims())

	t.Run("forged signature", func(t *testing.T) {
		parts := strings.Split(good, ".")
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sig[0] ^= 0xff
		wantUnauthenticated(t, jwksOnly, request(parts[0]+"."+parts[1]+"."+base64.RawURLEncoding.EncodeToString(sig)), "forged signature")
		// A payload changed under a valid signature.
		c := goodClaims()
		c.Role = RoleAdmin
		other := strings.Split(sign(t, jose.RS256, rs.priv, "rs-1", c), ".")
		wantUnauthenticated(t, jwksOnly, request(parts[0]+"."+other[1]+"."+parts[2]), "swapped payload")
	})
	t.Run("wrong key", func(t *testing.T) {
		impostor := newRSA(t, "rs-1") // same kid, another key
		wantUnauthenticated(t, jwksOnly, request(sign(t, jose.RS256, impostor.priv, "rs-1", goodClaims())), "wrong key")
		wantUnauthenticated(t, both, request(sign(t, jose.HS256, []byte("another secret of 32 bytes......"), "", goodClaims())), "wrong secret")
	})
	t.Run("alg none", func(t *testing.T) {
		head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT","kid":"rs-1"}`))
		body, _ := json.Marshal(goodClaims())
		tok := head + "." + base64.RawURLEncoding.EncodeToString(body) + "."
		wantUnauthenticated(t, jwksOnly, request(tok), "alg none")
		wantUnauthenticated(t, both, request(tok), "alg none with a secret configured")
	})
	t.Run("HS256 signed with the RSA public key", func(t *testing.T) {
		pubDER, err := x509.MarshalPKIXPublicKey(rs.pub)
		if err != nil {
			t.Fatal(err)
		}
		pemKey := []byte("-----BEGIN PUBLIC KEY-----\n" + base64.StdEncoding.EncodeToString(pubDER) + "\n-----END PUBLIC KEY-----\n")
		for _, key := range [][]byte{pubDER, pemKey} {
			tok := sign(t, jose.HS256, key, "rs-1", goodClaims())
			wantUnauthenticated(t, jwksOnly, request(tok), "HS256 with the public key (JWKS only)")
			wantUnauthenticated(t, both, request(tok), "HS256 with the public key (JWKS and secret)")
		}
	})
	for name, mutate := range map[string]func(*claims){
		"expired":         func(c *claims) { c.Expiry = jwt.NewNumericDate(time.Now().Add(-time.Hour)) },
		"not yet valid":   func(c *claims) { c.NotBefore = jwt.NewNumericDate(time.Now().Add(time.Hour)) },
		"issued later":    func(c *claims) { c.IssuedAt = jwt.NewNumericDate(time.Now().Add(time.Hour)) },
		"no expiry":       func(c *claims) { c.Expiry = nil },
		"wrong audience":  func(c *claims) { c.Audience = jwt.Audience{"another-service"} },
		"wrong issuer":    func(c *claims) { c.Issuer = "https://evil.example.org" },
		"unknown role":    func(c *claims) { c.Role = "superuser" },
		"issuer, no org":  func(c *claims) { c.Org = "" },
		"no subject":      func(c *claims) { c.Subject = "" },
		"learner, no id":  func(c *claims) { c.Role, c.Subject, c.Learner = RoleLearner, "", "" },
		"employer no org": func(c *claims) { c.Role, c.Org = RoleEmployer, "" },
	} {
		t.Run(name, func(t *testing.T) {
			c := goodClaims()
			mutate(&c)
			wantUnauthenticated(t, jwksOnly, request(sign(t, jose.RS256, rs.priv, "rs-1", c)), name)
		})
	}
	t.Run("malformed header", func(t *testing.T) {
		for _, h := range []string{"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer a.b", "Bearer a.b.c", "Token " + good, good} {
			r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			r.Header.Set("Authorization", h)
			wantUnauthenticated(t, jwksOnly, r, "header "+h[:min(len(h), 12)])
		}
	})
}

// A JWKS URL is fetched once, fetched again for a rotated key, and not hammered by unknown kids.
func TestJWKSURLRotation(t *testing.T) {
	k1, k2 := newEC(t, "k1"), newEC(t, "k2")
	var mu sync.Mutex
	keys := []jose.JSONWebKey{k1.jwk()}
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		mu.Lock()
		defer mu.Unlock()
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: keys})
	}))
	defer srv.Close()
	now := time.Now()
	clock := func() time.Time { return now }
	v := mustVerifier(t, Config{JWKSURL: srv.URL, Now: clock})
	c := goodClaims()
	c.Issuer, c.Audience = "", nil
	if _, err := v.Authenticate(request(sign(t, jose.ES256, k1.priv, "k1", c))); err != nil {
		t.Fatalf("k1: %v", err)
	}
	mu.Lock()
	keys = append(keys, k2.jwk()) // the provider rotates
	mu.Unlock()
	now = now.Add(time.Minute)
	if _, err := v.Authenticate(request(sign(t, jose.ES256, k2.priv, "k2", c))); err != nil {
		t.Fatalf("k2 after rotation: %v", err)
	}
	before := fetches.Load()
	stranger := newEC(t, "zz")
	for i := range 50 {
		wantUnauthenticated(t, v, request(sign(t, jose.ES256, stranger.priv, "unknown-"+string(rune('a'+i%26)), c)), "unknown kid")
	}
	if got := fetches.Load() - before; got > 1 {
		t.Fatalf("50 unknown kids caused %d fetches", got)
	}
	if before != 2 {
		t.Fatalf("want 2 fetches (first use, rotation), got %d", before)
	}
}

func TestMintAndSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dev", "secret")
	s1, err := LoadOrCreateSecret(path)
	if err != nil || len(s1) != 32 {
		t.Fatalf("create: %v", err)
	}
	s2, err := LoadOrCreateSecret(path)
	if err != nil || string(s1) != string(s2) {
		t.Fatal("the secret is not kept")
	}
	v := mustVerifier(t, Config{HS256Secret: s1})
	for _, in := range []MintInput{{Role: RoleAdmin}, {Role: RoleIssuer, Org: "org-a"}, {Role: RoleEmployer, Org: "org-b"},
		{Role: RoleAdvisor, Subject: "adv-1"}, {Role: RoleLearner, Learner: "L1"}} {
		tok, err := Mint(s1, in)
		if err != nil {
			t.Fatalf("mint %v: %v", in, err)
		}
		p, err := v.Verify(context.Background(), tok)
		if err != nil || p.Role != in.Role || p.Org != in.Org {
			t.Fatalf("minted %v verifies as %+v, %v", in, p, err)
		}
	}
	for field, in := range map[string]MintInput{
		"role":    {Role: "root"},
		"org":     {Role: RoleIssuer},
		"learner": {Role: RoleLearner},
	} {
		if _, err := Mint(s1, in); graph.ErrorField(err) != field {
			t.Errorf("mint %v: want an error naming %s, got %v", in, field, err)
		}
	}
}

func TestMiddlewareRecordsFailures(t *testing.T) {
	v := mustVerifier(t, Config{HS256Secret: secret})
	var got *Principal
	var gotErr error
	h := Middleware(v)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, gotErr = FromContext(r.Context()), AuthError(r.Context())
	}))
	tok, _ := Mint(secret, MintInput{Role: RoleLearner, Learner: "L1"})
	h.ServeHTTP(httptest.NewRecorder(), request(tok))
	if got == nil || got.Learner != "L1" || gotErr != nil {
		t.Fatalf("valid token: %+v %v", got, gotErr)
	}
	h.ServeHTTP(httptest.NewRecorder(), request("garbage"))
	if got != nil || graph.ErrorCode(gotErr) != graph.EUNAUTHENTICATED {
		t.Fatalf("bad token: %+v %v", got, gotErr)
	}
}

// A key the provider withdraws stops verifying once the cached set is older than maxAge.
func TestJWKSURLWithdrawnKey(t *testing.T) {
	k1 := newEC(t, "k1")
	var mu sync.Mutex
	keys := []jose.JSONWebKey{k1.jwk()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: keys})
	}))
	defer srv.Close()
	now := time.Now()
	v := mustVerifier(t, Config{JWKSURL: srv.URL, Now: func() time.Time { return now }})
	c := goodClaims()
	c.Issuer, c.Audience = "", nil
	c.Expiry = jwt.NewNumericDate(now.Add(3 * time.Hour))
	tok := sign(t, jose.ES256, k1.priv, "k1", c)
	if _, err := v.Authenticate(request(tok)); err != nil {
		t.Fatalf("k1: %v", err)
	}
	mu.Lock()
	keys = nil // withdrawn
	mu.Unlock()
	now = now.Add(10 * time.Minute)
	if _, err := v.Authenticate(request(tok)); err != nil {
		t.Fatalf("within the cache's life the key still verifies: %v", err)
	}
	now = now.Add(maxAge)
	wantUnauthenticated(t, v, request(tok), "withdrawn key after maxAge")
}
