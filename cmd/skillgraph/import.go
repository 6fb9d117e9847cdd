package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "import the official ESCO export or the demo dataset",
		Commands: []*cli.Command{
			{
				Name:      "esco",
				Usage:     "import the official ESCO CSV export (the zips as downloaded, or a directory of their CSVs)",
				ArgsUsage: "PATH...",
				Description: "Writes in batches, one transaction each; a rerun changes nothing. On a terminal it draws a\n" +
					"progress bar, otherwise it prints progress lines.",
				Flags: []cli.Flag{
					&cli.IntFlag{Name: "batch", DefaultText: "the importer's", Usage: "items per transaction", Validator: nonNegative},
				},
				Action: runImportESCO,
			},
			{
				Name:      "esco-labels",
				Usage:     "name imported ESCO skills and occupations in other languages (skills_fr.csv, occupations_fr.csv)",
				ArgsUsage: "DIR",
				Description: "Reads skills_<lang>.csv and occupations_<lang>.csv (columns id, preferred_label) from DIR and\n" +
					"sets the names of the concepts an ESCO import wrote; other rows are counted, not created.\n" +
					"A rerun changes nothing.",
				Flags: []cli.Flag{
					&cli.IntFlag{Name: "batch", DefaultText: "the importer's", Usage: "items per transaction", Validator: nonNegative},
				},
				Action: runImportESCOLabels,
			},
			{
				Name:  "demo",
				Usage: "load the demo dataset (credentials, blocks, learners) into any store; a rerun changes nothing",
				Description: "Unlike serve, which loads the demo only into an empty embedded store, this loads it whatever\n" +
					"the store holds: next to a full ESCO import, or into Neo4j.",
				Action: runImportDemo,
			},
		},
		Action: needSubcommand,
	}
}

func nonNegative(n int) error {
	if n < 0 {
		return fmt.Errorf("must not be negative")
	}
	return nil
}

func runImportESCO(ctx context.Context, cmd *cli.Command) error {
	paths := cmd.Args().Slice()
	if len(paths) == 0 {
		return usageError(cmd, fmt.Errorf("name the ESCO zips or a directory of their CSVs"))
	}
	stdout, stderr := cmd.Root().Writer, cmd.Root().ErrWriter
	return withStore(ctx, cmd, false, func(store graph.Store, where string) error {
		fmt.Fprintf(stderr, "importing ESCO into %s\n", where)
		res, err := esco.Import(ctx, store, paths, esco.Options{
			BatchSize: cmd.Int("batch"),
			Progress:  stderr,
			Terminal:  isTerminal(stderr),
		})
		if err != nil {
			return fmt.Errorf("import esco: %w", err)
		}
		fmt.Fprintln(stdout, res.Summary())
		fmt.Fprintln(stdout, "This service uses the ESCO classification of the European Commission.")
		return nil
	})
}

// runImportESCOLabels names imported ESCO concepts in the languages of DIR's label files.
func runImportESCOLabels(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Len() != 1 {
		return usageError(cmd, fmt.Errorf("name one directory of skills_<lang>.csv and occupations_<lang>.csv"))
	}
	return withStore(ctx, cmd, false, func(store graph.Store, where string) error {
		fmt.Fprintf(cmd.Root().ErrWriter, "importing ESCO labels into %s\n", where)
		res, err := esco.ImportLabels(ctx, store, cmd.Args().First(), cmd.Int("batch"))
		if err != nil {
			return fmt.Errorf("import esco-labels: %w", err)
		}
		fmt.Fprintln(cmd.Root().Writer, res.Summary())
		fmt.Fprintln(cmd.Root().Writer, "This service uses the ESCO classification of the European Commission.")
		return nil
	})
}

// runImportDemo loads the demo dataset whatever the store holds, unlike serve, which loads
// it only into an empty embedded store: benchmarks and Neo4j deployments need its credentials
// next to a full ESCO import. A rerun changes nothing.
func runImportDemo(ctx context.Context, cmd *cli.Command) error {
	return withStore(ctx, cmd, false, func(store graph.Store, where string) error {
		fmt.Fprintf(cmd.Root().ErrWriter, "importing the demo dataset into %s\n", where)
		res, err := demo.Load(ctx, store)
		if err != nil {
			return fmt.Errorf("import demo: %w", err)
		}
		fmt.Fprintf(cmd.Root().Writer, "demo dataset: nodes %d created, %d updated, %d unchanged; edges %d created, %d updated, %d unchanged\n",
			res.NodesCreated, res.NodesUpdated, res.NodesUnchanged, res.EdgesCreated, res.EdgesUpdated, res.EdgesUnchanged)
		return nil
	})
}
