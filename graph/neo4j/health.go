package neo4j

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/skillgraph/skillgraph/graph"
)

// While the server is unreachable the store fails fast instead of making every call wait for
// the driver's retries: the first call that cannot reach it marks the store down, and until a
// probe reaches it again every call answers EUNAVAILABLE at once. One call per probeEvery
// probes; when the server answers, the migrations run again before the store is up, so a
// server that came back empty (a new database) gets its constraints and indexes without a
// restart. While up, the schema is checked every schemaCheckEvery and migrated when an
// index or constraint has gone.
const (
	probeEvery       = 500 * time.Millisecond
	probeTimeout     = time.Second
	schemaCheckEvery = 5 * time.Second
	// Driver timeouts: a call on a server that just went away fails within about this.
	retryTime      = time.Second
	connectTimeout = time.Second
)

// health is the store's view of the server.
type health struct {
	mu        sync.Mutex
	down      bool
	nextProbe time.Time // while down: when the next call may probe
	checked   time.Time // while up: when the schema was last checked
}

// ready is asked before every transaction: nil when the store may go ahead, EUNAVAILABLE at
// once while the server is down and no probe is due. It probes, and heals, when one is.
func (s *Store) ready(ctx context.Context) error {
	now := time.Now()
	s.health.mu.Lock()
	down := s.health.down
	probe := down && !now.Before(s.health.nextProbe)
	check := !down && now.Sub(s.health.checked) >= schemaCheckEvery
	if probe {
		s.health.nextProbe = now.Add(probeEvery)
	}
	if check {
		s.health.checked = now
	}
	s.health.mu.Unlock()
	switch {
	case down && !probe:
		return graph.Unavailable(errors.New("neo4j is down"))
	case probe:
		pctx, cancel := context.WithTimeout(ctx, probeTimeout)
		defer cancel()
		if err := s.driver.VerifyConnectivity(pctx); err != nil {
			return graph.Unavailable(err)
		}
		if err := s.migrate(ctx); err != nil {
			return s.failed(ctx, err)
		}
		s.health.mu.Lock()
		s.health.down, s.health.checked = false, time.Now()
		s.health.mu.Unlock()
	case check:
		if err := s.ensureSchema(ctx); err != nil {
			return s.failed(ctx, err)
		}
	}
	return nil
}

// failed classifies a transaction's error: when the server could not be reached, it marks
// the store down and returns EUNAVAILABLE; other errors pass through. A call whose own context
// ended (a client that went away, a request past its deadline) says nothing of the server: its
// broken read must not mark the store down for every other request.
func (s *Store) failed(ctx context.Context, err error) error {
	if err == nil || !unreachable(err) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	s.health.mu.Lock()
	var de *driver.Neo4jError
	if errors.As(err, &de) && missingSchema(de) {
		// The database lost its indexes (a new, empty one): the next call migrates.
		s.health.checked = time.Time{}
	} else if !s.health.down {
		s.health.down, s.health.nextProbe = true, time.Now().Add(probeEvery)
	}
	s.health.mu.Unlock()
	return graph.Unavailable(err)
}

// missingSchema reports whether the server refused a query for want of an index the
// migrations create.
func missingSchema(e *driver.Neo4jError) bool {
	return strings.Contains(e.Msg, "no such fulltext schema index") || strings.Contains(e.Msg, "no such index")
}

// unreachable reports whether err says the server could not be reached (rather than that it
// refused a query).
func unreachable(err error) bool {
	var ce *driver.ConnectivityError
	var tl *driver.TransactionExecutionLimit
	var ne net.Error
	var de *driver.Neo4jError
	switch {
	case errors.As(err, &ce), errors.As(err, &tl), errors.As(err, &ne):
		return true
	case errors.As(err, &de):
		return strings.HasSuffix(de.Code, ".DatabaseUnavailable") || strings.HasSuffix(de.Code, ".ServiceUnavailable") ||
			missingSchema(de)
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return false
	}
	// The driver reports some pool and socket failures only in words.
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "EOF") || strings.Contains(msg, "i/o timeout")
}

// ensureSchema migrates when an index or constraint the migrations create is missing.
func (s *Store) ensureSchema(ctx context.Context) error {
	res, err := driver.ExecuteQuery(ctx, s.driver, "SHOW INDEXES YIELD name RETURN collect(name) AS names", nil,
		driver.EagerResultTransformer, driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithReadersRouting())
	if err != nil {
		return fmt.Errorf("check schema: %w", err)
	}
	var have []any
	if len(res.Records) == 1 {
		v, _ := res.Records[0].Get("names")
		have, _ = v.([]any)
	}
	for _, name := range schemaNames() {
		if !slices.Contains(have, any(name)) {
			return s.migrate(ctx)
		}
	}
	return nil
}
