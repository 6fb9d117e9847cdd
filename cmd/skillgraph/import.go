package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
)

const importUsage = `usage:
  skillgraph import esco PATH...   the official ESCO CSV zips or a directory of their CSVs
  skillgraph import demo           the demo dataset (credentials, blocks, learners), into any store`

func runImport(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", importUsage)
	}
	switch args[0] {
	case "esco":
		return runImportESCO(ctx, cfg, args, stdout, stderr)
	case "demo":
		return runImportDemo(ctx, cfg, args, stdout, stderr)
	default:
		return fmt.Errorf("import: unknown source %q\n%s", args[0], importUsage)
	}
}

func runImportESCO(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	fs := subFlags("import esco", &cfg, stderr)
	batch := fs.Int("batch", 0, "items per transaction (default: the importer's)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		return fmt.Errorf("import esco: name the ESCO zips or a directory of their CSVs")
	}
	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stderr, "importing ESCO into %s\n", cfg.describe())
	res, err := esco.Import(ctx, store, paths, esco.Options{
		BatchSize: *batch,
		Progress:  stderr,
		Terminal:  isTerminal(stderr),
	})
	if err != nil {
		return fmt.Errorf("import esco: %w", err)
	}
	fmt.Fprintln(stdout, res.Summary())
	fmt.Fprintln(stdout, "This service uses the ESCO classification of the European Commission.")
	return nil
}

// runImportDemo loads the demo dataset whatever the store holds, unlike serve, which loads
// it only into an empty embedded store: benchmarks and Neo4j deployments need its credentials
// next to a full ESCO import. A rerun changes nothing.
func runImportDemo(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	fs := subFlags("import demo", &cfg, stderr)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("import demo: unexpected arguments %q", fs.Args())
	}
	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stderr, "importing the demo dataset into %s\n", cfg.describe())
	res, err := demo.Load(ctx, store)
	if err != nil {
		return fmt.Errorf("import demo: %w", err)
	}
	fmt.Fprintf(stdout, "demo dataset: nodes %d created, %d updated, %d unchanged; edges %d created, %d updated, %d unchanged\n",
		res.NodesCreated, res.NodesUpdated, res.NodesUnchanged, res.EdgesCreated, res.EdgesUpdated, res.EdgesUnchanged)
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
