// Command skillgraph serves and manages the skills graph.
//
//	skillgraph serve                 serve the GraphQL API, GraphiQL, health probes and metrics
//	skillgraph import esco PATH...   import the official ESCO CSV export (zips or a directory)
//	skillgraph import demo           load the demo dataset into any store
//	skillgraph generate catalog      generate a deterministic benchmark catalogue over the import
//	skillgraph stats                 print node and relationship counts per type
//	skillgraph token --role R ...    mint a development bearer token
//
// The store is the embedded one (a single file, --db or SKILLGRAPH_DB, default ./skillgraph.db)
// unless a Neo4j URI is given (--neo4j-uri or NEO4J_URI, with NEO4J_USER, NEO4J_PASSWORD and
// NEO4J_DATABASE).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/report"
)

const usage = `skillgraph: a skills graph and pathway engine

Usage:
  skillgraph [store flags] serve [--addr :8080] [--cors-origins O,...] [--no-demo] [--no-introspection]
                                                 serve GraphQL at /graphql, GraphiQL at /
  skillgraph [store flags] import esco PATH...   import the official ESCO CSV export
  skillgraph [store flags] import demo           load the demo dataset (credentials, blocks, learners)
  skillgraph [store flags] generate catalog [--seed N] [--credentials N] [--learners N]
                                                 generate a deterministic catalogue over the import
  skillgraph [store flags] stats                 node and relationship counts per type
  skillgraph [store flags] token --role R [--org ID] [--learner ID] [--sub S] [--ttl 24h]
                                                 mint a development token (HS256, the local secret)

Store flags (also after the command):
  --db FILE          embedded store file (env SKILLGRAPH_DB, default ./skillgraph.db)
  --neo4j-uri URI    use Neo4j instead (env NEO4J_URI; NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "skillgraph:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg storeConfig
	global := flag.NewFlagSet("skillgraph", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.Usage = func() { fmt.Fprint(stderr, usage) }
	cfg.register(global)
	if err := global.Parse(args); err != nil {
		return err
	}
	args = global.Args()
	if len(args) == 0 {
		global.Usage()
		return flag.ErrHelp
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "import":
		return runImport(ctx, cfg, rest, stdout, stderr)
	case "generate":
		return runGenerate(ctx, cfg, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, cfg, rest, stdout, stderr)
	case "stats":
		return runStats(ctx, cfg, rest, stdout, stderr)
	case "token":
		return runToken(cfg, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		global.Usage()
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// subFlags returns a flag set for a subcommand that also accepts the store flags.
func subFlags(name string, cfg *storeConfig, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	cfg.register(fs)
	return fs
}

func runStats(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	fs := subFlags("stats", &cfg, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	printStats(stdout, cfg.describe(), st)
	return nil
}

func printStats(w io.Writer, where string, st *graph.Stats) {
	fmt.Fprintf(w, "store: %s\n\nnodes\n", where)
	total := 0
	for _, k := range graph.Kinds {
		fmt.Fprintf(w, "  %-22s %10s\n", k, report.Thousands(st.Nodes[k]))
		total += st.Nodes[k]
	}
	fmt.Fprintf(w, "  %-22s %10s\n\nrelationships\n", "total", report.Thousands(total))
	total = 0
	for _, t := range graph.RelTypes {
		fmt.Fprintf(w, "  %-22s %10s\n", t, report.Thousands(st.Edges[t]))
		total += st.Edges[t]
	}
	fmt.Fprintf(w, "  %-22s %10s\n", "total", report.Thousands(total))
}
