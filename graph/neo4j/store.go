// Package neo4j is the Neo4j implementation of graph.Store. All of skillgraph's Cypher lives
// here; values always travel as parameters, and the only text spliced into queries is labels and
// relationship types taken from fixed constants (graph.Kinds, graph.Rels).
//
// Every node carries the labels :Node:<Kind> and the fields of its record (graph/record) as
// properties (nested objects as JSON strings), plus derived properties that start with an
// underscore: _v (the storage version of its layout, see upgrade.go), _name (the display name,
// for sorting), _labels (alternative labels, one per line, for the text filter), _hash
// (record.Hash, so BulkUpsert can tell unchanged nodes), _json (which properties hold JSON),
// _sname, _slabels, _sdesc (the searchable texts split into graph.SearchTerms, which the
// full-text index reads with a whitespace analyzer, so that Lucene's words are exactly the words
// the Search contract speaks of) and _snames (each label's words apart, for ranking). To-one fields are also relationships (IN_FRAMEWORK, AWARDED_BY,
// OFFERED_BY, EARNED, OF, COMPRISES) so that the graph reads like the product brief. Besides
// the :Node nodes, the database holds one :Lock node per acyclic relationship type, which
// serialises the writers that could close a cycle (see lockAcyclic).
//
// It needs Neo4j 5.6 or later (COLLECT subqueries).
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/skillgraph/skillgraph/graph"
)

// Config says where the Neo4j server is.
type Config struct {
	URI      string // e.g. bolt://127.0.0.1:7687 or neo4j+s://<id>.databases.neo4j.io
	User     string // empty: no authentication
	Password string
	Database string // empty: the server's default database
}

// Store is a graph.Store on a Neo4j database. It is safe for concurrent use.
type Store struct {
	driver   driver.DriverWithContext
	database string
	clock    func() time.Time // the time writes are stamped with; see WithClock
	log      *slog.Logger     // where the upgrade of an older graph reports its progress
	// upgradeBatch, when set, replaces the constant of that name (for tests).
	upgradeBatch int
	health       health // fail fast while the server is down, heal when it is back
}

// Option configures a Store at Open.
type Option func(*Store)

// WithClock makes the store stamp CreatedAt and UpdatedAt with now() rather than the system
// clock, so that a test can set the time a write records instead of waiting for it to pass.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.clock = now } }

// WithLogger makes the store report the upgrade of a graph of an older storage version to log
// rather than to slog's default logger (nil keeps it).
func WithLogger(log *slog.Logger) Option {
	return func(s *Store) {
		if log != nil {
			s.log = log
		}
	}
}

// now is the time a write stamps, as graph.Now gives it: UTC, millisecond precision.
func (s *Store) now() time.Time { return s.clock().UTC().Truncate(time.Millisecond) }

var _ graph.Store = (*Store)(nil)

// Open connects to the server, checks that it answers, and runs the migrations (constraints
// and indexes, idempotently), waiting until every index is online, then upgrades the nodes of
// a graph of an older storage version (see upgrade.go). Errors are EINTERNAL; a graph of a
// newer storage version is refused.
func Open(ctx context.Context, cfg Config, opts ...Option) (*Store, error) {
	auth := driver.NoAuth()
	if cfg.User != "" {
		auth = driver.BasicAuth(cfg.User, cfg.Password, "")
	}
	d, err := driver.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		// A server that went away fails a call within seconds, not after 30 s of retries.
		c.MaxTransactionRetryTime = retryTime
		c.SocketConnectTimeout = connectTimeout
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j.Open: %w", graph.Internal(err))
	}
	s := &Store{driver: d, database: cfg.Database, clock: time.Now, log: slog.Default()}
	for _, o := range opts {
		o(s)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		_ = d.Close(ctx)
		return nil, fmt.Errorf("neo4j.Open: %w", graph.Internal(err))
	}
	if err := s.migrate(ctx); err != nil {
		_ = d.Close(ctx)
		return nil, wrap("Open", err)
	}
	s.health.checked = time.Now()
	return s, nil
}

// migrations create the schema. Each runs in its own transaction (Neo4j does not mix schema
// and data changes) and is a no-op when already applied.
func migrations() []string {
	q := []string{
		"CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
		// Makes MERGE of a lock node (see lockAcyclic) create one node however many race.
		"CREATE CONSTRAINT lock_name IF NOT EXISTS FOR (l:Lock) REQUIRE l.name IS UNIQUE",
		// Makes MERGE of the catalogue's version node (see catalogueWriteTx) create one.
		"CREATE CONSTRAINT meta_name IF NOT EXISTS FOR (m:Meta) REQUIRE m.name IS UNIQUE",
		// Makes MERGE of a sequence node (see NextSequence) create one node however many race.
		"CREATE CONSTRAINT sequence_name IF NOT EXISTS FOR (q:Sequence) REQUIRE q.name IS UNIQUE",
	}
	for _, k := range graph.Kinds {
		// List sorts by name by default; the index also serves keyset seeks on it.
		q = append(q, fmt.Sprintf("CREATE INDEX %s_name IF NOT EXISTS FOR (n:%s) ON (n._name)", strings.ToLower(string(k)), k))
	}
	// Filters that List and PathwayContext use most.
	for _, ix := range []struct {
		kind graph.Kind
		prop string
	}{
		{graph.KindCompetency, "frameworkId"},
		{graph.KindJobRole, "frameworkId"},
		{graph.KindCredential, "organizationId"},
		{graph.KindAchievement, "learnerId"},
		{graph.KindAchievement, "idempotencyKey"},
	} {
		q = append(q, fmt.Sprintf("CREATE INDEX %s_%s IF NOT EXISTS FOR (n:%s) ON (n.%s)",
			strings.ToLower(string(ix.kind)), strings.ToLower(ix.prop), ix.kind, ix.prop))
	}
	labels := make([]string, len(graph.SearchableKinds))
	for i, k := range graph.SearchableKinds {
		labels[i] = string(k)
	}
	// The whitespace analyzer keeps the words exactly as graph.SearchTerms made them.
	q = append(q, fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n._sname, n._slabels, n._sdesc] "+
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}", searchIndex, strings.Join(labels, "|")))
	return q
}

const searchIndex = "node_search"

// schemaNames are the names of the constraints and indexes the migrations create (a
// constraint's backing index has its name), for ensureSchema.
func schemaNames() []string {
	var names []string
	for _, q := range migrations() {
		f := strings.Fields(q)
		if len(f) > 3 && f[1] == "FULLTEXT" {
			names = append(names, f[3])
		} else if len(f) > 2 {
			names = append(names, f[2])
		}
	}
	return names
}

// migrationAttempts bounds the tries of one migration that keeps failing transiently: several
// processes starting over one new database migrate at once, and their schema changes can
// deadlock or be refused while another's are being applied.
const migrationAttempts = 5

// migrate is safe to run from several processes at once: every statement is idempotent, a
// rule another process created in between counts as done, and transient failures are tried
// again.
func (s *Store) migrate(ctx context.Context) error {
	for _, q := range migrations() {
		var err error
		for range migrationAttempts {
			_, err = driver.ExecuteQuery(ctx, s.driver, q, nil, driver.EagerResultTransformer,
				driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithWritersRouting())
			if err == nil || alreadyExists(err) || !driver.IsRetryable(err) || ctx.Err() != nil {
				break
			}
		}
		if err != nil && !alreadyExists(err) {
			return fmt.Errorf("migrate %q: %w", q, err)
		}
	}
	_, err := driver.ExecuteQuery(ctx, s.driver, "CALL db.awaitIndexes(300)", nil, driver.EagerResultTransformer,
		driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithWritersRouting())
	if err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	// A graph written before versions existed gets one, so that "" always means "no
	// catalogue version yet" and a process caching it sees the first change.
	for _, name := range []string{"catalogue", "personal"} {
		_, err = driver.ExecuteQuery(ctx, s.driver, "MERGE (m:Meta {name: $name}) ON CREATE SET m.version = $token",
			map[string]any{"name": name, "token": newToken()}, driver.EagerResultTransformer,
			driver.ExecuteQueryWithDatabase(s.database), driver.ExecuteQueryWithWritersRouting())
		if err != nil {
			return fmt.Errorf("%s version: %w", name, err)
		}
	}
	return s.upgrade(ctx)
}

// alreadyExists reports a schema rule created concurrently by another process between its
// IF NOT EXISTS check and ours.
func alreadyExists(err error) bool {
	var ne *driver.Neo4jError
	return errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Schema.") && strings.HasSuffix(ne.Code, "AlreadyExists")
}

// Close releases the driver's connections.
func (s *Store) Close() error {
	if err := s.driver.Close(context.Background()); err != nil {
		return fmt.Errorf("neo4j.Close: %w", graph.Internal(err))
	}
	return nil
}

// Ping checks that the database answers a query. EINTERNAL when it does not.
func (s *Store) Ping(ctx context.Context) error {
	_, err := readOne(ctx, s, func(ctx context.Context, tx runner) (bool, error) {
		_, err := collect(ctx, tx, "RETURN 1 AS one", nil)
		return true, err
	})
	return wrap("Ping", err)
}

// NextSequence returns the next value of the named sequence, above floor. The sequence is a
// :Sequence node; writing a property first takes its write lock, so the read that follows
// sees the last committed value and concurrent callers, in any process, queue instead of
// reading the same value (a plain read-then-write could lose an update under read
// committed). EINVALID ("name") for an empty name; EINTERNAL when the database fails.
func (s *Store) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	if name == "" {
		return 0, wrap("NextSequence", graph.Invalid("name", "is empty"))
	}
	v, err := writeTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (int64, error) {
		recs, err := collect(ctx, tx, `MERGE (q:Sequence {name: $name})
SET q._lock = true
WITH q
SET q.value = CASE WHEN coalesce(q.value, 0) < $floor THEN $floor ELSE coalesce(q.value, 0) END + 1
REMOVE q._lock
RETURN q.value AS v`, map[string]any{"name": name, "floor": floor})
		if err != nil {
			return 0, err
		}
		if len(recs) != 1 {
			return 0, fmt.Errorf("sequence %q: %d rows", name, len(recs))
		}
		return get[int64](recs[0], "v")
	})
	if err != nil {
		return 0, wrap("NextSequence", err)
	}
	return v, nil
}

// DeleteAll removes every node and relationship, in chunks so that no transaction grows
// beyond what the server's memory allows. For tests and resets. EINTERNAL on failure.
func (s *Store) DeleteAll(ctx context.Context) error {
	// Relationships first, then nodes, each in bounded batches: a batch of nodes detached
	// with all their relationships could carry hundreds of thousands of them (a competency
	// held by every learner) and exceed the transaction memory limit.
	for _, query := range []string{
		"MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS c",
		"MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c",
	} {
		for {
			n, err := writeTx(ctx, s, func(ctx context.Context, tx driver.ManagedTransaction) (int64, error) {
				recs, err := collect(ctx, tx, query, nil)
				if err != nil || len(recs) == 0 {
					return 0, err
				}
				return get[int64](recs[0], "c")
			})
			if err != nil {
				return wrap("DeleteAll", err)
			}
			if n == 0 {
				break
			}
		}
	}
	// The version nodes went with the rest: new tokens tell caching processes.
	_, err := versionedWriteTx(ctx, s, true, true, nil, func(context.Context, driver.ManagedTransaction) (bool, error) { return true, nil })
	return wrap("DeleteAll", err)
}

// lockAcyclic serialises the transactions that may add relationships of the given acyclic
// types. Their cycle checks read the graph; under read-committed isolation two transactions
// could each find no path and together close a cycle. Writing the type's lock node first makes
// the second wait for the first to finish, and then see its relationships. Locks are taken in
// graph.RelTypes order, so that two transactions never wait for each other.
func lockAcyclic(ctx context.Context, tx driver.ManagedTransaction, types ...graph.RelType) error {
	for _, t := range graph.RelTypes {
		if graph.Rels[t].Acyclic && slices.Contains(types, t) {
			err := exec(ctx, tx, "MERGE (l:Lock {name: $name}) SET l.writes = coalesce(l.writes, 0) + 1",
				map[string]any{"name": string(t)})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// txWork is a transaction function. It may run more than once (the driver retries transient
// failures), so it returns its result instead of writing to variables outside it.
type txWork[T any] func(ctx context.Context, tx driver.ManagedTransaction) (T, error)

func readTx[T any](ctx context.Context, s *Store, work txWork[T]) (T, error) {
	return runTx(ctx, s, false, work)
}

func writeTx[T any](ctx context.Context, s *Store, work txWork[T]) (T, error) {
	return runTx(ctx, s, true, work)
}

// runTx runs work in a managed transaction, after asking whether the server is up (see
// ready); a failure to reach the server is EUNAVAILABLE.
func runTx[T any](ctx context.Context, s *Store, write bool, work txWork[T]) (T, error) {
	var zero T
	if err := s.ready(ctx); err != nil {
		return zero, err
	}
	mode := driver.AccessModeRead
	if write {
		mode = driver.AccessModeWrite
	}
	sess, done := s.session(ctx, mode)
	defer done()
	fn := func(tx driver.ManagedTransaction) (any, error) { return work(ctx, tx) }
	var out any
	var err error
	for attempt := 0; ; attempt++ {
		if write {
			out, err = sess.ExecuteWrite(ctx, fn)
		} else {
			out, err = sess.ExecuteRead(ctx, fn)
		}
		var ne *driver.Neo4jError
		if attempt > 0 || !errors.As(err, &ne) || !missingSchema(ne) {
			break
		}
		// The database lost an index (it is a new one): migrate, then try once more.
		if merr := s.migrate(ctx); merr != nil {
			return zero, s.failed(ctx, merr)
		}
	}
	if err != nil {
		return zero, s.failed(ctx, err)
	}
	if out == nil {
		return zero, nil
	}
	v, ok := out.(T)
	if !ok {
		return zero, fmt.Errorf("transaction returned %T, want %T", out, zero)
	}
	return v, nil
}

// session opens a session routed by mode: on a cluster, reads go to any member and writes to
// the leader. With a request's bookmarks in ctx (graph.WithBookmarks), the session starts from
// them, so that its reads wait until the writes they name are visible on the member that
// answers; done closes it and, after a write, hands the request the bookmarks it ended at.
func (s *Store) session(ctx context.Context, mode driver.AccessMode) (sess driver.SessionWithContext, done func()) {
	cfg := driver.SessionConfig{DatabaseName: s.database, AccessMode: mode}
	bm := graph.BookmarksFrom(ctx)
	var used []string
	if bm != nil {
		used = bm.Get()
		cfg.Bookmarks = driver.BookmarksFromRawValues(used...)
	}
	sess = s.driver.NewSession(ctx, cfg)
	return sess, func() {
		if bm != nil && mode == driver.AccessModeWrite {
			bm.Wrote(used, driver.BookmarksToRawValues(sess.LastBookmarks()))
		}
		_ = sess.Close(ctx)
	}
}

// runner runs a statement: a managed transaction, or a session in auto-commit mode.
type runner interface {
	Run(ctx context.Context, query string, params map[string]any) (driver.ResultWithContext, error)
}

// autoCommit runs each statement in a transaction of its own, sent with its first pull: one
// round trip, where a managed transaction pays for BEGIN and COMMIT too.
type autoCommit struct{ sess driver.SessionWithContext }

func (a autoCommit) Run(ctx context.Context, query string, params map[string]any) (driver.ResultWithContext, error) {
	return a.sess.Run(ctx, query, params)
}

// readAttempts bounds the retries of an auto-commit read on a transient failure (a leader
// change, a connection the server closed), which managed transactions get from the driver.
const readAttempts = 3

// readOne runs work, which must run exactly one read statement, as an auto-commit read: the
// reads of requests take one round trip each. work may run more than once.
// Like runTx, it asks first whether the server is up (see ready), migrates and tries once
// more when the database lost an index, and reports a server it cannot reach as EUNAVAILABLE.
func readOne[T any](ctx context.Context, s *Store, work func(ctx context.Context, r runner) (T, error)) (T, error) {
	var zero T
	if err := s.ready(ctx); err != nil {
		return zero, err
	}
	sess, done := s.session(ctx, driver.AccessModeRead)
	defer done()
	var (
		v        T
		err      error
		migrated bool
	)
	for range readAttempts {
		v, err = work(ctx, autoCommit{sess})
		var ne *driver.Neo4jError
		if err != nil && !migrated && errors.As(err, &ne) && missingSchema(ne) {
			// The database lost an index (it is a new one): migrate, then try again.
			if merr := s.migrate(ctx); merr != nil {
				return zero, s.failed(ctx, merr)
			}
			migrated = true
			continue
		}
		if err == nil || !driver.IsRetryable(err) || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return zero, s.failed(ctx, err)
	}
	return v, nil
}

// collect runs one query and reads all its records.
func collect(ctx context.Context, tx runner, query string, params map[string]any) ([]*driver.Record, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// exec runs one query for its effects.
func exec(ctx context.Context, tx driver.ManagedTransaction, query string, params map[string]any) error {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

// get reads a typed value from a record: the zero value for null, an error for a missing
// key or another type.
func get[T driver.RecordValue](rec *driver.Record, key string) (T, error) {
	v, _, err := driver.GetRecordValue[T](rec, key)
	return v, err
}

// wrap prefixes err with the operation and makes sure it carries a domain code: domain errors
// pass through, a uniqueness violation is ECONFLICT, anything else EINTERNAL.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		return fmt.Errorf("neo4j.%s: %w", op, err)
	}
	var ne *driver.Neo4jError
	if errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.InvalidBookmark") {
		// A bookmark a client sent back that this database never issued.
		return fmt.Errorf("neo4j.%s: %w", op, &graph.Error{Code: graph.EINVALID, Field: "bookmark",
			Message: "not a bookmark of this database", Err: err})
	}
	if errors.As(err, &ne) && ne.Code == "Neo.ClientError.Schema.ConstraintValidationFailed" {
		return fmt.Errorf("neo4j.%s: %w", op, &graph.Error{Code: graph.ECONFLICT, Field: "id",
			Message: "a node with that id already exists", Err: err})
	}
	return fmt.Errorf("neo4j.%s: %w", op, graph.Internal(err))
}
