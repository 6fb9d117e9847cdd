// Command skillgraph serves and manages the skills graph.
//
//	skillgraph serve                 serve the web app, the GraphQL API, GraphiQL, health probes and metrics
//	skillgraph import esco PATH...   import the official ESCO CSV export (zips or a directory)
//	skillgraph import catalog FILE   import an organisation's catalogue (CSV or JSON)
//	skillgraph import demo           load the demo dataset into any store
//	skillgraph generate catalog      generate a deterministic benchmark catalogue over the import
//	skillgraph stats                 print node and relationship counts per type
//	skillgraph token --role R ...    mint a development bearer token
//	skillgraph version               print the version, commit and Go version
//	skillgraph completion SHELL      print the completion script for bash, zsh, fish or pwsh
//
// `skillgraph help COMMAND` or `skillgraph COMMAND --help` lists a command's flags with their
// environment variables and defaults. The store is the embedded one (a single file, --db or
// SKILLGRAPH_DB, default ./skillgraph.db) unless a Neo4j URI is given (--neo4j-uri or NEO4J_URI,
// with NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/agnivade/levenshtein"
	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/report"
)

// Exit statuses: 2 for a command line that cannot be run as written, 1 for a failure.
const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "skillgraph:", err)
		if ue := (*usageErr)(nil); errors.As(err, &ue) {
			os.Exit(exitUsage)
		}
		os.Exit(exitFailure)
	}
}

// run runs the command line args (without the program name).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return newApp(stdout, stderr).Run(ctx, append([]string{"skillgraph"}, args...))
}

func newApp(stdout, stderr io.Writer) *cli.Command {
	app := &cli.Command{
		Name:    "skillgraph",
		Usage:   "a skills graph and pathway engine",
		Version: buildVersion().version,
		Description: "The store is the embedded one (a single file, --db) unless a Neo4j URI is given\n" +
			"(--neo4j-uri); NEO4J_PASSWORD gives Neo4j's password. The store flags are accepted before or\n" +
			"after the command. `skillgraph help COMMAND` lists a command's flags, each with its\n" +
			"environment variable and default.",
		Flags: storeFlags(),
		Commands: []*cli.Command{
			serveCommand(),
			importCommand(),
			generateCommand(),
			statsCommand(),
			tokenCommand(),
			versionCommand(),
			helpCommand(),
		},
		Writer:                stdout,
		ErrWriter:             stderr,
		EnableShellCompletion: true,
		// The completion command is part of the product: listed and documented.
		ConfigureShellCompletionCommand: func(c *cli.Command) { c.Hidden = false },
		Action:                          needSubcommand,
		ArgValidator:                    noArgs,
		// main decides the exit status; the library must not exit the process itself.
		ExitErrHandler: func(context.Context, *cli.Command, error) {},
	}
	setUsageErrors(app)
	return app
}

// setUsageErrors makes every command report a usage error once, as an error naming the command,
// with a suggestion for a mistyped flag or command, instead of the library's help dump.
func setUsageErrors(cmd *cli.Command) {
	cmd.OnUsageError = func(_ context.Context, cmd *cli.Command, err error, _ bool) error {
		// A flag after a mistyped command fails the parse before the command is looked up:
		// the command is the mistake to report.
		if first := cmd.Args().First(); first != "" && len(cmd.Commands) > 0 && cmd.Command(first) == nil {
			return unknownCommand(cmd, first)
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			return usageError(cmd, fmt.Errorf("unknown flag --%s%s", name, didYouMean("--", name, flagNames(cmd))))
		}
		return usageError(cmd, err)
	}
	for _, sub := range cmd.Commands {
		setUsageErrors(sub)
	}
}

// usageErr is a command line that cannot be run as written.
type usageErr struct {
	cmd string
	err error
}

func (e *usageErr) Error() string {
	// main prefixes every error with the program's name already.
	if name, ok := strings.CutPrefix(e.cmd, "skillgraph "); ok {
		return fmt.Sprintf("%s: %v (see 'skillgraph %s --help')", name, e.err, name)
	}
	return fmt.Sprintf("%v (see 'skillgraph --help')", e.err)
}

func (e *usageErr) Unwrap() error { return e.err }

func usageError(cmd *cli.Command, err error) error {
	return &usageErr{cmd: cmd.FullName(), err: err}
}

// needSubcommand is the action of a command that only groups others: it runs when none, or an
// unknown one, is named.
func needSubcommand(_ context.Context, cmd *cli.Command) error {
	if first := cmd.Args().First(); first != "" {
		return unknownCommand(cmd, first)
	}
	var names []string
	for _, c := range cmd.VisibleCommands() {
		if c.Name != "help" {
			names = append(names, c.Name)
		}
	}
	return usageError(cmd, fmt.Errorf("name a command: %s", strings.Join(names, ", ")))
}

func unknownCommand(cmd *cli.Command, name string) error {
	var names []string
	for _, c := range cmd.Commands {
		if !c.Hidden {
			names = append(names, c.Names()...)
		}
	}
	return usageError(cmd, fmt.Errorf("unknown command %q%s", name, didYouMean("", name, names)))
}

// helpCommand replaces the library's, which shows the help of the first command named only
// (`help import esco` would show import's) and answers an unknown one with a bare message.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "show the help of a command: its flags, their environment variables and defaults",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Action: func(_ context.Context, cmd *cli.Command) error {
			at := cmd.Root()
			for _, name := range cmd.Args().Slice() {
				next := at.Command(name)
				if next == nil {
					return unknownCommand(at, name)
				}
				at = next
			}
			// The command's own --help, on a fresh command tree, prints exactly what it would. The
			// tree takes its parent from the context, so it gets one without this tree in it.
			args := append(append([]string{"skillgraph"}, cmd.Args().Slice()...), "--help")
			return newApp(cmd.Root().Writer, cmd.Root().ErrWriter).Run(context.Background(), args)
		},
	}
}

// noArgs refuses arguments to a command that takes none: one that names none in its usage and
// groups no commands (those say which they have; the help the library gives every command does
// not count). The root's, it checks every command.
func noArgs(_ context.Context, cmd *cli.Command) error {
	groups := slices.ContainsFunc(cmd.Commands, func(c *cli.Command) bool { return c.Name != "help" })
	if cmd.ArgsUsage == "" && !groups && cmd.Args().Present() {
		return usageError(cmd, fmt.Errorf("unexpected arguments %q", strings.Join(cmd.Args().Slice(), " ")))
	}
	return nil
}

// flagNames are the names of the flags a command accepts, its own and its ancestors' store flags.
func flagNames(cmd *cli.Command) []string {
	var names []string
	for _, c := range cmd.Lineage() {
		for _, f := range c.Flags {
			names = append(names, f.Names()...)
		}
	}
	return names
}

// didYouMean suggests the candidate closest to a mistyped name: one that it starts, or one a
// few edits away.
func didYouMean(prefix, name string, candidates []string) string {
	best, bestDist := "", len(name)/3+1
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(name, c)
		if len(name) >= 3 && strings.HasPrefix(c, name) {
			d = 1
		}
		if d <= bestDist && (best == "" || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", prefix+best)
}

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:  "stats",
		Usage: "print node and relationship counts per type (the store must exist)",
		Action: func(ctx context.Context, cmd *cli.Command) error {
			return withStore(ctx, cmd, true, func(store graph.Store, where string) error {
				st, err := store.Stats(ctx)
				if err != nil {
					return fmt.Errorf("stats: %w", err)
				}
				printStats(cmd.Root().Writer, where, st)
				return nil
			})
		},
	}
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
