package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/embedded"
	"github.com/skillgraph/skillgraph/graph/neo4j"
)

// storeConfig picks the store: Neo4j when a URI is set, the embedded file otherwise.
type storeConfig struct {
	db       string
	neo4jURI string
}

func (c *storeConfig) register(fs *flag.FlagSet) {
	if c.db == "" {
		c.db = envOr("SKILLGRAPH_DB", "skillgraph.db")
	}
	if c.neo4jURI == "" {
		c.neo4jURI = os.Getenv("NEO4J_URI")
	}
	fs.StringVar(&c.db, "db", c.db, "embedded store file")
	fs.StringVar(&c.neo4jURI, "neo4j-uri", c.neo4jURI, "Neo4j URI (selects the Neo4j store)")
}

func (c *storeConfig) open(ctx context.Context) (graph.Store, error) {
	if c.neo4jURI != "" {
		s, err := neo4j.Open(ctx, neo4j.Config{
			URI:      c.neo4jURI,
			User:     os.Getenv("NEO4J_USER"),
			Password: os.Getenv("NEO4J_PASSWORD"),
			Database: os.Getenv("NEO4J_DATABASE"),
		})
		if err != nil {
			return nil, fmt.Errorf("open Neo4j at %s: %w", c.neo4jURI, err)
		}
		return s, nil
	}
	s, err := embedded.Open(c.db)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", c.db, err)
	}
	return s, nil
}

func (c *storeConfig) describe() string {
	if c.neo4jURI != "" {
		return "Neo4j " + c.neo4jURI
	}
	return "embedded " + c.db
}

// envBool reads a boolean environment variable (1, true, 0, false...); def when unset. The
// error names the variable.
func envBool(key string, def bool) (bool, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s=%q: want true or false", key, v)
	}
	return b, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
