package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"slices"

	"github.com/urfave/cli/v3"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j"
)

// storeFlags pick the store. They belong to the root command and, being persistent, are
// accepted before or after any command.
func storeFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name: "db", Value: "skillgraph.db", Sources: env("SKILLGRAPH_DB"), TakesFile: true,
			Usage: "embedded store `FILE` (used unless a Neo4j URI is set)",
			Validator: func(s string) error {
				if s == "" {
					return errors.New("must not be empty")
				}
				return nil
			},
		},
		&cli.StringFlag{
			Name: "neo4j-uri", Sources: env("NEO4J_URI"), DefaultText: "unset: the embedded store",
			Usage:     "use the Neo4j at `URI` (bolt://, neo4j://, with +s or +ssc); NEO4J_PASSWORD gives its password",
			Validator: validNeo4jURI,
		},
		&cli.StringFlag{Name: "neo4j-user", Sources: env("NEO4J_USER"), DefaultText: "no authentication", Usage: "Neo4j `USER`"},
		&cli.StringFlag{Name: "neo4j-database", Sources: env("NEO4J_DATABASE"), DefaultText: "the server's default", Usage: "Neo4j `DATABASE`"},
	}
}

// envVar is a flag's environment variable. Set but empty, it counts as unset, as it always has
// here: NEO4J_URI= picks the embedded store, SKILLGRAPH_ADDR= the default address.
type envVar string

func (e envVar) Lookup() (string, bool) {
	v := os.Getenv(string(e))
	return v, v != ""
}

func (e envVar) IsFromEnv() bool  { return true }
func (e envVar) Key() string      { return string(e) }
func (e envVar) String() string   { return fmt.Sprintf("environment variable %q", string(e)) }
func (e envVar) GoString() string { return fmt.Sprintf("envVar(%q)", string(e)) }

func env(key string) cli.ValueSourceChain { return cli.NewValueSourceChain(envVar(key)) }

// neo4jSchemes are the URI schemes the Neo4j driver speaks.
var neo4jSchemes = []string{"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}

// validNeo4jURI accepts an empty URI (the embedded store) or one the driver can dial.
func validNeo4jURI(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || !slices.Contains(neo4jSchemes, u.Scheme) || u.Host == "" {
		return fmt.Errorf("want scheme://host[:port] with a scheme of %v", neo4jSchemes)
	}
	return nil
}

// storeConfig picks the store: Neo4j when a URI is set, the embedded file otherwise.
type storeConfig struct {
	db       string
	neo4jURI string
	user     string
	database string
	logger   *slog.Logger // where opening reports the upgrade of an older file or graph
}

// storeConfigOf reads the store flags, wherever on the command line they were given.
func storeConfigOf(cmd *cli.Command) storeConfig {
	return storeConfig{
		db:       cmd.String("db"),
		neo4jURI: cmd.String("neo4j-uri"),
		user:     cmd.String("neo4j-user"),
		database: cmd.String("neo4j-database"),
		logger:   newLogger(cmd.Root().ErrWriter),
	}
}

func (c *storeConfig) open(ctx context.Context) (graph.Store, error) {
	if c.neo4jURI != "" {
		s, err := neo4j.Open(ctx, neo4j.Config{
			URI:      c.neo4jURI,
			User:     c.user,
			Password: os.Getenv("NEO4J_PASSWORD"),
			Database: c.database,
		}, neo4j.WithLogger(c.logger))
		if err != nil {
			return nil, fmt.Errorf("open Neo4j at %s: %w", c.neo4jURI, err)
		}
		return s, nil
	}
	s, err := embedded.Open(c.db, embedded.WithLogger(c.logger))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", c.db, err)
	}
	return s, nil
}

// openExisting opens the store for a command that only reads it: an embedded file that does
// not exist is refused, so a mistyped --db is not answered with an empty store it created.
func (c *storeConfig) openExisting(ctx context.Context) (graph.Store, error) {
	if c.neo4jURI == "" {
		if _, err := os.Stat(c.db); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open %s: no such store file (set --db or SKILLGRAPH_DB; import, generate or serve create one)", c.db)
		} else if err != nil {
			return nil, fmt.Errorf("open %s: %w", c.db, err)
		}
	}
	return c.open(ctx)
}

// withStore opens the store the command line names, runs fn on it with its description, and
// closes it. A command that only reads refuses an embedded file that does not exist.
func withStore(ctx context.Context, cmd *cli.Command, readOnly bool, fn func(store graph.Store, where string) error) error {
	cfg := storeConfigOf(cmd)
	open := cfg.open
	if readOnly {
		open = cfg.openExisting
	}
	store, err := open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	return fn(store, cfg.describe())
}

func (c *storeConfig) describe() string {
	if c.neo4jURI != "" {
		return "Neo4j " + c.neo4jURI
	}
	return "embedded " + c.db
}
