package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/server"
)

// serveReady, when set (by tests), receives the listening address once the server accepts.
var serveReady func(addr string)

func runServe(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	fs := subFlags("serve", &cfg, stderr)
	addr := fs.String("addr", envOr("SKILLGRAPH_ADDR", ":8080"), "listen address")
	origins := fs.String("cors-origins", os.Getenv("SKILLGRAPH_CORS_ORIGINS"), "comma-separated origins allowed to call the API from a browser")
	noDemo := fs.Bool("no-demo", false, "do not load the demo dataset into an empty embedded store")
	noIntrospection := fs.Bool("no-introspection", false, "disable GraphQL introspection")
	baseURL := fs.String("base-url", os.Getenv("SKILLGRAPH_BASE_URL"), "public URL of this service, in badges (default http://localhost:PORT)")
	keysFile := fs.String("keys", os.Getenv("SKILLGRAPH_KEYS"), "badge signing key file (default: beside the embedded store, or ./skillgraph-keys.json)")
	signingAlg := fs.String("signing-alg", envOr("SKILLGRAPH_SIGNING_ALG", string(badges.EdDSA)), "algorithm of a first badge signing key: EdDSA, RS256 or ES256")
	var authFlags authConfig
	authFlags.register(fs, &cfg)
	privateCatalogue := fs.Bool("private-catalogue", os.Getenv("SKILLGRAPH_PRIVATE_CATALOGUE") == "1", "catalogue reads need a token too")
	cacheDefault, err := envBool("SKILLGRAPH_CATALOGUE_CACHE", true)
	if err != nil {
		return err
	}
	catalogueCache := fs.Bool("catalogue-cache", cacheDefault, "on Neo4j, answer catalogue reads from a copy in memory while it is current (env SKILLGRAPH_CATALOGUE_CACHE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	logger := newLogger(stderr)

	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	logger.Info("store opened", "store", cfg.describe())
	if src, ok := store.(graph.CatalogueSource); ok && *catalogueCache {
		// Catalogue reads from memory, from the first request on: the copy loads before the
		// server listens. Should it fail, the database answers and the next request retries.
		c := cached.New(server.InstrumentDatabase(src), cached.Options{Logger: logger})
		if err := c.Load(ctx); err != nil {
			logger.Warn("catalogue copy not loaded; reads go to the store until it is", "err", err)
		}
		store = c
	}

	loaded := false
	if cfg.neo4jURI == "" && !*noDemo {
		if loaded, err = loadDemoIfEmpty(ctx, store, logger); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if *baseURL == "" {
		*baseURL = "http://localhost:" + portOf(ln.Addr())
	}
	if *keysFile == "" {
		*keysFile = "skillgraph-keys.json"
		if cfg.neo4jURI == "" {
			*keysFile = cfg.db + ".keys.json"
		}
	}
	keys, err := badges.OpenKeyStore(*keysFile, badges.Algorithm(*signingAlg))
	if err != nil {
		return fmt.Errorf("badge keys: %w", err)
	}
	instrumented := server.InstrumentStore(store)
	badgeService, err := issuance.New(instrumented, keys, *baseURL)
	if err != nil {
		return err
	}
	kid, alg := keys.Active()
	logger.Info("badge signing key", "file", *keysFile, "kid", kid, "alg", string(alg), "base_url", *baseURL)
	if loaded {
		n, err := badgeService.SignMissing(ctx)
		if err != nil {
			return fmt.Errorf("sign demo badges: %w", err)
		}
		logger.Info("demo badges signed", "count", n)
	}

	verifier, devSecret, err := authFlags.verifier()
	if err != nil {
		return err
	}
	if devSecret != nil {
		logger.Warn("development tokens: bearer tokens are checked against a local HS256 secret; configure --jwks-file or --jwks-url in production",
			"secret_file", authFlags.secretFile)
		if cfg.neo4jURI == "" && !*noDemo {
			printDemoTokens(stdout, devSecret)
		}
	}
	srv := server.New(server.Config{Addr: *addr, CORSOrigins: splitList(*origins)}, instrumented,
		graphqlHandler(instrumented, graphqlOptions{introspection: !*noIntrospection, logger: logger, badges: badgeService,
			verifier: verifier, policy: access.Policy{PrivateCatalogue: *privateCatalogue}}), logger)
	for pattern, h := range badgeService.Routes(logger) {
		srv.Handle(pattern, h)
	}
	if serveReady != nil {
		serveReady(ln.Addr().String())
	}
	return srv.Serve(ctx, ln)
}

// loadDemoIfEmpty loads the demo dataset when the store holds no node, and says whether it did.
func loadDemoIfEmpty(ctx context.Context, store graph.Store, logger *slog.Logger) (bool, error) {
	st, err := store.Stats(ctx)
	if err != nil {
		return false, fmt.Errorf("stats: %w", err)
	}
	for _, n := range st.Nodes {
		if n > 0 {
			return false, nil
		}
	}
	res, err := demo.Load(ctx, store)
	if err != nil {
		return false, fmt.Errorf("load demo: %w", err)
	}
	logger.Info("demo dataset loaded", "nodes", res.NodesCreated, "edges", res.EdgesCreated)
	return true, nil
}

// portOf returns the port of a listening address.
func portOf(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return strconv.Itoa(tcp.Port)
	}
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

// newLogger logs as text to a terminal and as JSON otherwise.
func newLogger(w io.Writer) *slog.Logger {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
