// Package access decides who may do what: it authenticates bearer JWTs into principals (a role,
// an organisation, a learner) and holds the one policy every read of personal data and every
// write goes through.
//
// Tokens are verified against a JWKS (a file, or the URL of an identity provider) or, in
// development, an HS256 secret. The key decides the algorithm: HS256 only with the secret;
// RS256, ES256 and EdDSA only with JWKS keys of the matching type; never "none". iss, aud, exp
// (required) and nbf are checked, with a small leeway.
//
// Claims: sub, role (admin, issuer, employer, advisor or learner), org (issuer and employer:
// the organisation they act for) and learner (learner: their learner id; default sub).
package access

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/skillgraph/skillgraph/graph"
)

// Role is what a principal is allowed to be.
type Role string

const (
	RoleAdmin    Role = "admin"
	RoleIssuer   Role = "issuer"   // a certifying organisation's staff
	RoleEmployer Role = "employer" // an employer's recruiters
	RoleAdvisor  Role = "advisor"  // a career advisor
	RoleLearner  Role = "learner"
)

// Roles lists every role.
var Roles = []Role{RoleAdmin, RoleIssuer, RoleEmployer, RoleAdvisor, RoleLearner}

// Principal is who a request acts as. A nil *Principal is anonymous.
type Principal struct {
	Subject string
	Role    Role
	Org     string // issuer, employer: the organisation they act for
	Learner string // learner: their learner id
}

// DefaultLeeway is the clock skew tolerated on exp, nbf and iat.
const DefaultLeeway = 30 * time.Second

// Config says how tokens are verified.
type Config struct {
	JWKS        *jose.JSONWebKeySet // public keys of an identity provider
	JWKSURL     string              // or where to fetch them (refreshed on an unknown kid)
	HS256Secret []byte              // development only: a shared secret
	Issuer      string              // expected iss; empty: not checked
	Audience    string              // expected aud; empty: not checked
	Leeway      time.Duration       // default DefaultLeeway
	HTTPClient  *http.Client        // for JWKSURL; default a client with a 10 s timeout
	Now         func() time.Time    // default time.Now
}

// Verifier authenticates requests.
type Verifier struct {
	cfg Config

	mu        sync.Mutex
	remote    *jose.JSONWebKeySet // keys fetched from JWKSURL
	fetchedAt time.Time
}

// minRefresh rate-limits JWKS fetches: a flood of unknown kids costs one fetch per interval.
// maxAge bounds how long fetched keys are trusted: a key the provider withdraws stops
// verifying within it.
const (
	minRefresh = 30 * time.Second
	maxAge     = time.Hour
)

// NewVerifier returns a verifier. EINVALID when it has no key at all or a secret shorter than
// 32 bytes.
func NewVerifier(cfg Config) (*Verifier, error) {
	if cfg.JWKS == nil && cfg.JWKSURL == "" && len(cfg.HS256Secret) == 0 {
		return nil, graph.Invalid("auth", "no JWKS and no development secret")
	}
	if len(cfg.HS256Secret) > 0 && len(cfg.HS256Secret) < 32 {
		return nil, graph.Invalid("auth", "the HS256 secret must be at least 32 bytes")
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = DefaultLeeway
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Verifier{cfg: cfg}, nil
}

// claims are the token's claims this service reads.
type claims struct {
	jwt.Claims
	Role    Role   `json:"role"`
	Org     string `json:"org,omitempty"`
	Learner string `json:"learner,omitempty"`
}

func unauthenticated(msg string) error { return graph.Errorf(graph.EUNAUTHENTICATED, "%s", msg) }

// Authenticate returns the principal of a request: nil (anonymous) without an Authorization
// header; EUNAUTHENTICATED for a malformed header or a token that fails any check.
func (v *Verifier) Authenticate(r *http.Request) (*Principal, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, nil
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return nil, unauthenticated("malformed Authorization header: want \"Bearer <token>\"")
	}
	return v.Verify(r.Context(), strings.TrimSpace(token))
}

// Verify checks a token and returns its principal. EUNAUTHENTICATED when any check fails.
func (v *Verifier) Verify(ctx context.Context, token string) (*Principal, error) {
	var algs []jose.SignatureAlgorithm
	if len(v.cfg.HS256Secret) > 0 {
		algs = append(algs, jose.HS256)
	}
	if v.cfg.JWKS != nil || v.cfg.JWKSURL != "" {
		algs = append(algs, jose.RS256, jose.ES256, jose.EdDSA)
	}
	tok, err := jwt.ParseSigned(token, algs)
	if err != nil || len(tok.Headers) != 1 {
		return nil, unauthenticated("invalid token")
	}
	head := tok.Headers[0]
	var key any
	if head.Algorithm == string(jose.HS256) {
		key = v.cfg.HS256Secret // never a public key: no algorithm confusion
	} else {
		jwk, ok := v.key(ctx, head.KeyID)
		if !ok || jwk.Algorithm != "" && jwk.Algorithm != head.Algorithm || !jwk.IsPublic() {
			return nil, unauthenticated("invalid token")
		}
		key = jwk.Key
	}
	var c claims
	if err := tok.Claims(key, &c); err != nil {
		return nil, unauthenticated("invalid token")
	}
	if c.Expiry == nil {
		return nil, unauthenticated("token has no expiry")
	}
	want := jwt.Expected{Issuer: v.cfg.Issuer, Time: v.cfg.Now()}
	if v.cfg.Audience != "" {
		want.AnyAudience = jwt.Audience{v.cfg.Audience}
	}
	if err := c.ValidateWithLeeway(want, v.cfg.Leeway); err != nil {
		switch {
		case errors.Is(err, jwt.ErrExpired):
			return nil, unauthenticated("token expired")
		case errors.Is(err, jwt.ErrNotValidYet), errors.Is(err, jwt.ErrIssuedInTheFuture):
			return nil, unauthenticated("token not valid yet")
		}
		return nil, unauthenticated("invalid token")
	}
	p := &Principal{Subject: c.Subject, Role: c.Role, Org: c.Org, Learner: c.Learner}
	if err := p.check(); err != nil {
		return nil, unauthenticated("invalid token: " + graph.ErrorMessage(err))
	}
	return p, nil
}

// check validates a principal's role and scope.
func (p *Principal) check() error {
	switch p.Role {
	case RoleAdmin, RoleAdvisor:
	case RoleIssuer, RoleEmployer:
		if p.Org == "" {
			return graph.Invalid("org", "a %s acts for an organisation", p.Role)
		}
	case RoleLearner:
		if p.Learner == "" {
			p.Learner = p.Subject
		}
		if p.Learner == "" {
			return graph.Invalid("learner", "a learner token names the learner")
		}
	default:
		return graph.Invalid("role", "unknown role %q", p.Role)
	}
	if p.Subject == "" {
		return graph.Invalid("sub", "the token has no subject")
	}
	return nil
}

// key finds a JWKS key by kid, fetching the URL's set again (at most once per minRefresh)
// when the kid is unknown: providers rotate keys.
func (v *Verifier) key(ctx context.Context, kid string) (jose.JSONWebKey, bool) {
	if v.cfg.JWKS != nil {
		if ks := v.cfg.JWKS.Key(kid); len(ks) > 0 {
			return ks[0], true
		}
	}
	if v.cfg.JWKSURL == "" {
		return jose.JSONWebKey{}, false
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.remote != nil && v.cfg.Now().Sub(v.fetchedAt) >= maxAge {
		// Stale: fetch again; an unreachable provider leaves the cached keys in use.
		if set, err := fetchJWKS(ctx, v.cfg.HTTPClient, v.cfg.JWKSURL); err == nil {
			v.remote = set
		}
		v.fetchedAt = v.cfg.Now()
	}
	if v.remote != nil {
		if ks := v.remote.Key(kid); len(ks) > 0 {
			return ks[0], true
		}
	}
	if !v.fetchedAt.IsZero() && v.cfg.Now().Sub(v.fetchedAt) < minRefresh {
		return jose.JSONWebKey{}, false
	}
	v.fetchedAt = v.cfg.Now()
	set, err := fetchJWKS(ctx, v.cfg.HTTPClient, v.cfg.JWKSURL)
	if err != nil {
		return jose.JSONWebKey{}, false
	}
	v.remote = set
	if ks := set.Key(kid); len(ks) > 0 {
		return ks[0], true
	}
	return jose.JSONWebKey{}, false
}

func fetchJWKS(ctx context.Context, client *http.Client, url string) (*jose.JSONWebKeySet, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWKS: %s", res.Status)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(http.MaxBytesReader(nil, res.Body, 1<<20)).Decode(&set); err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	return &set, nil
}

// ParseJWKS reads a public JWKS (a file's content). EINVALID when it is malformed or holds a
// private key.
func ParseJWKS(data []byte) (*jose.JSONWebKeySet, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, graph.Invalid("jwks", "malformed JWKS: %v", err)
	}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			return nil, graph.Invalid("jwks", "key %q is private: publish public keys only", k.KeyID)
		}
	}
	return &set, nil
}

// MintInput says what a development token carries.
type MintInput struct {
	Role     Role
	Subject  string // default: the role, org or learner
	Org      string
	Learner  string
	TTL      time.Duration // default 24 h
	Issuer   string
	Audience string
}

// Mint signs a development token with an HS256 secret. EINVALID naming the field for an
// unknown role or a missing scope.
func Mint(secret []byte, in MintInput) (string, error) {
	if len(secret) < 32 {
		return "", graph.Invalid("secret", "at least 32 bytes")
	}
	if in.Role == RoleLearner && in.Learner == "" {
		return "", graph.Invalid("learner", "a learner token names the learner")
	}
	p := Principal{Subject: in.Subject, Role: in.Role, Org: in.Org, Learner: in.Learner}
	if p.Subject == "" {
		p.Subject = firstNonEmpty(in.Learner, in.Org, string(in.Role))
		if in.Role == RoleAdvisor && in.Subject == "" {
			p.Subject = "advisor"
		}
	}
	if err := p.check(); err != nil {
		return "", err
	}
	if in.TTL <= 0 {
		in.TTL = 24 * time.Hour
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: secret}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("mint: %w", err)
	}
	now := time.Now()
	c := claims{Claims: jwt.Claims{Subject: p.Subject, Issuer: in.Issuer, IssuedAt: jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(in.TTL))},
		Role: p.Role, Org: p.Org, Learner: p.Learner}
	if in.Audience != "" {
		c.Audience = jwt.Audience{in.Audience}
	}
	return jwt.Signed(signer).Claims(c).Serialize()
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// LoadOrCreateSecret reads a development secret from path, or creates one (32 random bytes,
// file mode 0600) when there is none.
func LoadOrCreateSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) < 32 {
			return nil, graph.Invalid("secret", "%s holds fewer than 32 bytes", path)
		}
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read secret: %w", err)
	}
	b = make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, fmt.Errorf("write secret: %w", err)
	}
	return b, nil
}

type principalKey struct{}
type authErrKey struct{}

// WithPrincipal returns ctx acting as p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of ctx; nil for anonymous.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// AuthError returns the authentication failure recorded for the request, if any.
func AuthError(ctx context.Context) error {
	err, _ := ctx.Value(authErrKey{}).(error)
	return err
}

// Middleware authenticates every request. A failure does not stop the request here: it is
// recorded (AuthError) so the API answers it in its own error format, for every operation. A
// bad token is never treated as anonymous.
func Middleware(v *Verifier) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, err := v.Authenticate(r)
			ctx := r.Context()
			if err != nil {
				ctx = context.WithValue(ctx, authErrKey{}, err)
			} else if p != nil {
				ctx = WithPrincipal(ctx, p)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}
