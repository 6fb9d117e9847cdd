package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/skillgraph/skillgraph/seed/catalog"
)

// runGenerate runs `generate catalog`: a deterministic benchmark catalogue over the
// competencies and roles already in the store. It returns an error for bad flags or
// options, a store it cannot open, and whatever catalog.Generate returns.
func runGenerate(ctx context.Context, cfg storeConfig, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "catalog" {
		return fmt.Errorf("usage: skillgraph generate catalog [--seed N] [--credentials N] [--learners N] [--organizations N] [--batch N]")
	}
	fs := subFlags("generate catalog", &cfg, stderr)
	seed := fs.Uint64("seed", 1, "the same seed over the same store content gives the same catalogue")
	credentials := fs.Int("credentials", 20000, "micro-credentials to generate")
	learners := fs.Int("learners", 10000, "learners to generate")
	organizations := fs.Int("organizations", 0, "awarding organisations (default: the generator's)")
	batch := fs.Int("batch", 0, "items per transaction (default: the generator's)")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("generate catalog: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("generate catalog: unexpected arguments %q", strings.Join(fs.Args(), " "))
	}
	opts := catalog.Options{
		Seed:          *seed,
		Credentials:   *credentials,
		Learners:      *learners,
		Organizations: *organizations,
		BatchSize:     *batch,
		Progress:      stderr,
		Terminal:      isTerminal(stderr),
	}
	// Bad counts fail before the store is opened, so a typo creates no store file.
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("generate catalog: %w", err)
	}
	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stderr, "generating a catalogue into %s\n", cfg.describe())
	res, err := catalog.Generate(ctx, store, opts)
	if err != nil {
		return fmt.Errorf("generate catalog: %w", err)
	}
	fmt.Fprintln(stdout, res.Summary())
	return nil
}
