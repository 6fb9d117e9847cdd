package neo4j

import (
	"context"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Hooks for the black-box tests, which cannot live in this package: they open stores through
// neo4jtest, which imports it.

var (
	Migrations   = migrations
	SchemaNames  = schemaNames
	Failed       = (*Store).failed
	Wrap         = wrap
	LuceneEscape = luceneEscape
	LuceneQuery  = luceneQuery
	// WithUpgradeBatch makes the upgrade of an older graph rewrite n nodes per transaction.
	WithUpgradeBatch = withUpgradeBatch
)

// WriteQueries runs queries in one write transaction, as the store does.
func WriteQueries(ctx context.Context, s *Store, queries ...string) error {
	_, err := writeTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (bool, error) {
		for _, q := range queries {
			if err := exec(ctx, tx, q, nil); err != nil {
				return false, err
			}
		}
		return true, nil
	})
	return err
}

// Count runs a query returning one integer column c.
func Count(ctx context.Context, s *Store, query string, params map[string]any) (int64, error) {
	return readTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (int64, error) {
		recs, err := collect(ctx, tx, query, params)
		if err != nil || len(recs) == 0 {
			return 0, err
		}
		return get[int64](recs[0], "c")
	})
}

// ProbeNow makes the next call probe a server the store thinks is down, instead of waiting
// for the probe interval.
func (s *Store) ProbeNow() {
	s.health.mu.Lock()
	s.health.nextProbe = time.Time{}
	s.health.mu.Unlock()
}

// WriteSchema runs a schema query (auto-commit: schema changes have their own transactions).
func WriteSchema(ctx context.Context, s *Store, query string) error {
	_, err := driver.ExecuteQuery(ctx, s.driver, query, nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithWritersRouting())
	return err
}
