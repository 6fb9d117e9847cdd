package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/catalogfile"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/seed/esco"
)

func importCommand() *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "import the official ESCO export, an organisation's catalogue or the demo dataset",
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
				Name:      "catalog",
				Aliases:   []string{"catalogue"},
				Usage:     "import an organisation's catalogue of micro-credentials from a CSV or JSON file",
				ArgsUsage: "FILE",
				Description: "FILE is .csv or .json, in the layout the README describes (\"Importing a catalogue\"): one\n" +
					"credential a row, with what it certifies, its prerequisites and the competencies it requires.\n" +
					"Every row is checked against the file and the store first; each error names the file, line and\n" +
					"field, and then nothing is written. Credentials are keyed by their key column, so a rerun of\n" +
					"the same file writes nothing new and says so. Progress goes to stderr, the summary to stdout.",
				Flags: []cli.Flag{
					&cli.BoolFlag{Name: "dry-run", Usage: "check the file and say what importing it would change, writing nothing"},
					&cli.IntFlag{Name: "batch", DefaultText: "the whole file in one transaction", Usage: "items (credentials and relationships) per transaction", Validator: nonNegative},
				},
				Action: runImportCatalog,
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

// runImportCatalog imports an organisation's catalogue file: read, checked against the store
// (every error reported, with its file and line), then written, or only compared with --dry-run.
func runImportCatalog(ctx context.Context, cmd *cli.Command) error {
	if cmd.Args().Len() != 1 {
		return usageError(cmd, fmt.Errorf("name one catalogue file (.csv or .json)"))
	}
	name := cmd.Args().First()
	dry := cmd.Bool("dry-run")
	stdout, stderr := cmd.Root().Writer, cmd.Root().ErrWriter
	in, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("import catalog: %w", err)
	}
	defer in.Close()
	file, readErrs := catalogfile.Read(name, in)
	if file == nil {
		return rowErrors(stderr, name, readErrs)
	}
	fmt.Fprintf(stderr, "%s: %d credentials read\n", name, len(file.Rows))
	// A dry run only reads: it refuses a store file that does not exist rather than create one.
	return withStore(ctx, cmd, dry, func(store graph.Store, where string) error {
		// The rows that could be read are checked too, so that one run reports every error.
		plan, errs := catalogfile.Check(ctx, store, file)
		if errs = catalogfile.ByLine(append(readErrs, errs...)); len(errs) > 0 {
			return rowErrors(stderr, name, errs)
		}
		fmt.Fprintf(stderr, "%s: every row checked against %s\n", name, where)
		var res graph.BulkResult
		if dry {
			if res, err = catalogfile.Diff(ctx, store, plan); err != nil {
				return fmt.Errorf("import catalog: %w", err)
			}
		} else if res, err = catalogfile.Write(ctx, store, plan, cmd.Int("batch"), stderr); err != nil {
			var re *catalogfile.RowError
			if errors.As(err, &re) {
				return rowErrors(stderr, name, []error{err})
			}
			return fmt.Errorf("import catalog: %w", err)
		}
		fmt.Fprintln(stdout, catalogSummary(name, plan, res, dry))
		return nil
	})
}

// rowErrors prints every error of a file and returns the one the command fails with.
func rowErrors(w io.Writer, name string, errs []error) error {
	for _, err := range errs {
		fmt.Fprintln(w, err)
	}
	return fmt.Errorf("import catalog: %s: %d %s; nothing written", name, len(errs), plural(len(errs), "error", "errors"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// catalogSummary says what an import changed, or would change on a dry run; a rerun says that
// there was nothing new.
func catalogSummary(name string, p *catalogfile.Plan, r graph.BulkResult, dry bool) string {
	if r.NodesCreated+r.NodesUpdated+r.EdgesCreated+r.EdgesUpdated == 0 {
		return fmt.Sprintf("%s: nothing new: the store already holds its %d credentials and %d relationships as the file gives them",
			name, p.Credentials, len(p.Edges))
	}
	verb := "imported"
	if dry {
		verb = "dry run, nothing written; importing would give"
	}
	org := ""
	if p.NewOrg {
		org = ", its organisation created"
	}
	return fmt.Sprintf("%s: %s %d credentials (%d created, %d updated, %d unchanged%s); relationships %d created, %d updated, %d unchanged",
		name, verb, p.Credentials, r.NodesCreated-b2i(p.NewOrg), r.NodesUpdated, r.NodesUnchanged, org,
		r.EdgesCreated, r.EdgesUpdated, r.EdgesUnchanged)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
