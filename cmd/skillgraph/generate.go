package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/catalog"
)

func generateCommand() *cli.Command {
	return &cli.Command{
		Name:  "generate",
		Usage: "generate data over the import, for tests and benchmarks",
		Commands: []*cli.Command{{
			Name:  "catalog",
			Usage: "generate a deterministic catalogue (organisations, credentials, blocks, learners) over the imported ESCO",
			Flags: []cli.Flag{
				&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "the same seed over the same store content gives the same catalogue"},
				&cli.IntFlag{Name: "credentials", Value: 20000, Usage: "micro-credentials to generate"},
				&cli.IntFlag{Name: "learners", Value: 10000, Usage: "learners to generate"},
				&cli.IntFlag{Name: "organizations", DefaultText: "the generator's", Usage: "awarding organisations"},
				&cli.IntFlag{Name: "batch", DefaultText: "the generator's", Usage: "items per transaction", Validator: nonNegative},
			},
			Action: runGenerate,
		}},
		Action: needSubcommand,
	}
}

// runGenerate runs `generate catalog`: a deterministic benchmark catalogue over the
// competencies and roles already in the store. It returns an error for bad options, a store
// it cannot open, and whatever catalog.Generate returns.
func runGenerate(ctx context.Context, cmd *cli.Command) error {
	stderr := cmd.Root().ErrWriter
	opts := catalog.Options{
		Seed:          cmd.Uint64("seed"),
		Credentials:   cmd.Int("credentials"),
		Learners:      cmd.Int("learners"),
		Organizations: cmd.Int("organizations"),
		BatchSize:     cmd.Int("batch"),
		Progress:      stderr,
		Terminal:      isTerminal(stderr),
	}
	// Bad counts fail before the store is opened, so a typo creates no store file.
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("generate catalog: %w", err)
	}
	return withStore(ctx, cmd, false, func(store graph.Store, where string) error {
		fmt.Fprintf(stderr, "generating a catalogue into %s\n", where)
		res, err := catalog.Generate(ctx, store, opts)
		if err != nil {
			return fmt.Errorf("generate catalog: %w", err)
		}
		fmt.Fprintln(cmd.Root().Writer, res.Summary())
		return nil
	})
}
