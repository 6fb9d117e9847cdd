package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/skillgraph/skillgraph/seed/esco"
)

func runImport(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "esco" {
		return fmt.Errorf("usage: skillgraph import esco PATH... (the official ESCO CSV zips or a directory of their CSVs)")
	}
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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
