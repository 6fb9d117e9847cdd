package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/server"
)

// authFlags say how bearer tokens are checked (serve) and signed (token). token accepts the
// JWKS flags, as it always has, but has no use for them: its help leaves them out.
func authFlags(forToken bool) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "jwks-file", Sources: env("SKILLGRAPH_JWKS_FILE"), TakesFile: true, DefaultText: "none",
			Usage: "verify bearer tokens with the public JWKS in `FILE`", Hidden: forToken},
		&cli.StringFlag{Name: "jwks-url", Sources: env("SKILLGRAPH_JWKS_URL"), DefaultText: "none",
			Usage: "verify bearer tokens with the JWKS at `URL` (an identity provider's)", Validator: validHTTPURL, Hidden: forToken},
		&cli.StringFlag{Name: "jwt-issuer", Sources: env("SKILLGRAPH_JWT_ISSUER"), DefaultText: "none",
			Usage: "`ISSUER` (iss) of bearer tokens: serve requires it, token writes it"},
		&cli.StringFlag{Name: "jwt-audience", Sources: env("SKILLGRAPH_JWT_AUDIENCE"), DefaultText: "none",
			Usage: "`AUDIENCE` (aud) of bearer tokens: serve requires it, token writes it"},
		&cli.StringFlag{Name: "dev-secret", Sources: env("SKILLGRAPH_DEV_SECRET"), TakesFile: true,
			DefaultText: "<db>.secret, or ./skillgraph-dev.secret on Neo4j",
			Usage:       "development HS256 secret `FILE`, used when no JWKS is set; created when missing"},
	}
}

// authConfig says how serve authenticates bearer tokens.
type authConfig struct {
	jwksFile, jwksURL, issuer, audience string
	secretFile                          string
}

func authConfigOf(cmd *cli.Command, store storeConfig) authConfig {
	a := authConfig{
		jwksFile:   cmd.String("jwks-file"),
		jwksURL:    cmd.String("jwks-url"),
		issuer:     cmd.String("jwt-issuer"),
		audience:   cmd.String("jwt-audience"),
		secretFile: cmd.String("dev-secret"),
	}
	if a.secretFile == "" {
		a.secretFile = "skillgraph-dev.secret"
		if store.neo4jURI == "" {
			a.secretFile = store.db + ".secret"
		}
	}
	return a
}

// config is the verifier's configuration, with the JWKS file read and parsed when one is set:
// serve checks it before it opens the store.
func (a *authConfig) config() (*access.Config, error) {
	cfg := &access.Config{Issuer: a.issuer, Audience: a.audience, JWKSURL: a.jwksURL}
	if a.jwksFile == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(a.jwksFile)
	if err != nil {
		return nil, fmt.Errorf("--jwks-file: %w", err)
	}
	if cfg.JWKS, err = access.ParseJWKS(data); err != nil {
		return nil, fmt.Errorf("--jwks-file %s: %w", a.jwksFile, err)
	}
	return cfg, nil
}

// verifier builds the token verifier over a checked configuration; devSecret is set when
// tokens are development ones (the secret file is created then, when missing).
func (a *authConfig) verifier(cfg *access.Config) (v *access.Verifier, devSecret []byte, err error) {
	if cfg.JWKS == nil && cfg.JWKSURL == "" {
		if devSecret, err = a.secret(); err != nil {
			return nil, nil, err
		}
		cfg.HS256Secret = devSecret
	}
	v, err = access.NewVerifier(*cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("token verifier: %w", err)
	}
	return v, devSecret, nil
}

func (a *authConfig) secret() ([]byte, error) {
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

// mintDemoTokens mints one development token per demo principal, for the terminal and for the
// web app's and GraphiQL's identity pickers.
func mintDemoTokens(secret []byte) []server.DemoIdentity {
	var out []server.DemoIdentity
	for _, d := range demoTokens {
		tok, err := access.Mint(secret, d.in)
		if err != nil {
			continue
		}
		out = append(out, server.DemoIdentity{Name: d.label, Role: string(d.in.Role), Token: tok})
	}
	return out
}

func printDemoTokens(w io.Writer, ids []server.DemoIdentity) {
	fmt.Fprintln(w, "Development tokens for the demo (valid 24 h; send as `Authorization: Bearer <token>`; more with `skillgraph token`):")
	for _, d := range ids {
		fmt.Fprintf(w, "  %-30s %s\n", d.Name, d.Token)
	}
}

func tokenCommand() *cli.Command {
	return &cli.Command{
		Name:  "token",
		Usage: "mint a development bearer token (HS256, signed with the local development secret)",
		Description: "The token is signed with the development secret that serve checks tokens against when no\n" +
			"JWKS is set; the secret file is created when missing.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "role", Required: true, Usage: "the token's `ROLE`: admin, issuer, employer, advisor or learner",
				Validator: func(s string) error {
					if !slices.Contains(access.Roles, access.Role(s)) {
						return fmt.Errorf("want one of %v", access.Roles)
					}
					return nil
				}},
			&cli.StringFlag{Name: "org", Usage: "organisation `ID` (issuer, employer)"},
			&cli.StringFlag{Name: "learner", Usage: "learner `ID` (learner)"},
			&cli.StringFlag{Name: "sub", DefaultText: "the learner, organisation or role; an advisor's id", Usage: "the token's `SUBJECT`"},
			&cli.DurationFlag{Name: "ttl", Value: 24 * time.Hour, Usage: "lifetime `DURATION` of the token, e.g. 8h or 30m",
				Validator: func(d time.Duration) error {
					if d <= 0 {
						return fmt.Errorf("must be positive")
					}
					return nil
				}},
		}, authFlags(true)...),
		Action: runToken,
	}
}

// runToken mints a development token with the local secret.
func runToken(_ context.Context, cmd *cli.Command) error {
	a := authConfigOf(cmd, storeConfigOf(cmd))
	in := access.MintInput{Role: access.Role(cmd.String("role")), Org: cmd.String("org"), Learner: cmd.String("learner"),
		Subject: cmd.String("sub"), TTL: cmd.Duration("ttl"), Issuer: a.issuer, Audience: a.audience}
	// A first mint with a throwaway key checks the claims, so that bad input creates no secret file.
	if _, err := access.Mint([]byte(rand.Text()+rand.Text()), in); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	secret, err := a.secret()
	if err != nil {
		return err
	}
	tok, err := access.Mint(secret, in)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	fmt.Fprintln(cmd.Root().Writer, tok)
	return nil
}
