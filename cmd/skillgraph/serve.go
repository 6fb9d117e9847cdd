package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/skillgraph/skillgraph/graph"
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

	if cfg.neo4jURI == "" && !*noDemo {
		if err := loadDemoIfEmpty(ctx, store, logger); err != nil {
			return err
		}
	}

	instrumented := server.InstrumentStore(store)
	srv := server.New(server.Config{Addr: *addr, CORSOrigins: splitList(*origins)}, instrumented,
		graphqlHandler(instrumented, graphqlOptions{introspection: !*noIntrospection, logger: logger}), logger)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	if serveReady != nil {
		serveReady(ln.Addr().String())
	}
	return srv.Serve(ctx, ln)
}

// loadDemoIfEmpty loads the demo dataset when the store holds no node.
func loadDemoIfEmpty(ctx context.Context, store graph.Store, logger *slog.Logger) error {
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	for _, n := range st.Nodes {
		if n > 0 {
			return nil
		}
	}
	res, err := demo.Load(ctx, store)
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	logger.Info("demo dataset loaded", "nodes", res.NodesCreated, "edges", res.EdgesCreated)
	return nil
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
