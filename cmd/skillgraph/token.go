package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/skillgraph/skillgraph/access"
)

// authConfig says how serve authenticates bearer tokens.
type authConfig struct {
	jwksFile, jwksURL, issuer, audience string
	secretFile                          string
	defaultSecret                       func() string
}

func (a *authConfig) register(fs *flag.FlagSet, cfg *storeConfig) {
	fs.StringVar(&a.jwksFile, "jwks-file", os.Getenv("SKILLGRAPH_JWKS_FILE"), "verify bearer tokens with this public JWKS")
	fs.StringVar(&a.jwksURL, "jwks-url", os.Getenv("SKILLGRAPH_JWKS_URL"), "verify bearer tokens with the JWKS at this URL (an identity provider's)")
	fs.StringVar(&a.issuer, "jwt-issuer", os.Getenv("SKILLGRAPH_JWT_ISSUER"), "required iss of bearer tokens")
	fs.StringVar(&a.audience, "jwt-audience", os.Getenv("SKILLGRAPH_JWT_AUDIENCE"), "required aud of bearer tokens")
	fs.StringVar(&a.secretFile, "dev-secret", os.Getenv("SKILLGRAPH_DEV_SECRET"), "development HS256 secret file, used when no JWKS is set (default: beside the embedded store)")
	a.defaultSecret = func() string {
		if cfg.neo4jURI == "" {
			return cfg.db + ".secret"
		}
		return "skillgraph-dev.secret"
	}
}

// verifier builds the token verifier; devSecret is set when tokens are development ones.
func (a *authConfig) verifier() (v *access.Verifier, devSecret []byte, err error) {
	cfg := access.Config{Issuer: a.issuer, Audience: a.audience, JWKSURL: a.jwksURL}
	if a.jwksFile != "" {
		data, err := os.ReadFile(a.jwksFile)
		if err != nil {
			return nil, nil, fmt.Errorf("jwks: %w", err)
		}
		if cfg.JWKS, err = access.ParseJWKS(data); err != nil {
			return nil, nil, fmt.Errorf("jwks %s: %w", a.jwksFile, err)
		}
	}
	if cfg.JWKS == nil && cfg.JWKSURL == "" {
		if devSecret, err = a.secret(); err != nil {
			return nil, nil, err
		}
		cfg.HS256Secret = devSecret
	}
	v, err = access.NewVerifier(cfg)
	return v, devSecret, err
}

func (a *authConfig) secret() ([]byte, error) {
	if a.secretFile == "" {
		a.secretFile = a.defaultSecret()
	}
	s, err := access.LoadOrCreateSecret(a.secretFile)
	if err != nil {
		return nil, fmt.Errorf("development secret: %w", err)
	}
	return s, nil
}

// demoTokens are the principals of the demo's tour, one per role.
var demoTokens = []struct {
	label string
	in    access.MintInput
}{
	{"admin", access.MintInput{Role: access.RoleAdmin, Subject: "demo-admin"}},
	{"issuer (Octet Académie)", access.MintInput{Role: access.RoleIssuer, Org: "org-octet", Subject: "demo-issuer-octet"}},
	{"employer (Alvéole Assurances)", access.MintInput{Role: access.RoleEmployer, Org: "org-alveole", Subject: "demo-recruiter-alveole"}},
	{"advisor (Nadia Keller)", access.MintInput{Role: access.RoleAdvisor, Subject: "advisor-nadia-keller"}},
	{"learner (Léa Dubois)", access.MintInput{Role: access.RoleLearner, Learner: "learner-lea-dubois"}},
}

func printDemoTokens(w io.Writer, secret []byte) {
	fmt.Fprintln(w, "Development tokens for the demo (valid 24 h; send as `Authorization: Bearer <token>`; more with `skillgraph token`):")
	for _, d := range demoTokens {
		tok, err := access.Mint(secret, d.in)
		if err != nil {
			continue
		}
		fmt.Fprintf(w, "  %-30s %s\n", d.label, tok)
	}
}

// runToken mints a development token with the local secret.
func runToken(cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	fs := subFlags("token", &cfg, stderr)
	var a authConfig
	a.register(fs, &cfg)
	role := fs.String("role", "", "admin, issuer, employer, advisor or learner")
	org := fs.String("org", "", "organisation id (issuer, employer)")
	learner := fs.String("learner", "", "learner id (learner)")
	sub := fs.String("sub", "", "subject (default: the learner, organisation or role; an advisor's id)")
	ttl := fs.Duration("ttl", 24*time.Hour, "lifetime")
	if err := fs.Parse(args); err != nil {
		return err
	}
	secret, err := a.secret()
	if err != nil {
		return err
	}
	tok, err := access.Mint(secret, access.MintInput{Role: access.Role(*role), Org: *org, Learner: *learner, Subject: *sub,
		TTL: *ttl, Issuer: a.issuer, Audience: a.audience})
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
