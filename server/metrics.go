package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/skillgraph/skillgraph/graph"
)

// Metrics live in the default Prometheus registry, served at /metrics.
var (
	requestsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillgraph_http_requests_total",
		Help: "HTTP requests served, by path and status code.",
	}, []string{"path", "code"})
	requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "skillgraph_http_request_duration_seconds",
		Help:    "HTTP request latency, by path.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	}, []string{"path"})
	graphqlErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillgraph_graphql_errors_total",
		Help: "GraphQL errors returned, by extensions.code.",
	}, []string{"code"})
	graphqlExecutions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillgraph_graphql_operations_total",
		Help: "GraphQL operations, by the executor that answered them: compiled (the catalogue path), executor (gqlgen), declined (begun on the compiled path, answered by gqlgen).",
	}, []string{"executor"})
	storeDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "skillgraph_store_duration_seconds",
		Help:    "Store call latency, by method.",
		Buckets: prometheus.ExponentialBuckets(0.0001, 2, 18),
	}, []string{"method"})
	databaseDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "skillgraph_database_duration_seconds",
		Help:    "Latency of the store calls that reach a shared database (Neo4j) rather than the catalogue in memory, by method.",
		Buckets: prometheus.ExponentialBuckets(0.0001, 2, 18),
	}, []string{"method"})
)

func init() {
	prometheus.MustRegister(requestsTotal, requestDuration, graphqlErrors, graphqlExecutions, storeDuration, databaseDuration)
}

// ObserveError counts one GraphQL error with the given extensions.code.
func ObserveError(code string) {
	if code == "" {
		code = "UNKNOWN"
	}
	graphqlErrors.WithLabelValues(code).Inc()
}

// ObserveExecution counts one GraphQL operation under the executor that answered it.
func ObserveExecution(executor string) { graphqlExecutions.WithLabelValues(executor).Inc() }

// InstrumentStore returns a store that times every call into the store latency histogram.
func InstrumentStore(s graph.Store) graph.Store { return instrumented{s, storeDuration} }

// InstrumentDatabase returns a catalogue source that times every call into the database
// latency histogram: wrapped around the shared database under a memory copy of the
// catalogue, it counts what reaches the database.
// It reads the catalogue's version along with personal data when s can (graph.VersionedReader).
func InstrumentDatabase(s graph.CatalogueSource) graph.CatalogueSource {
	src := instrumentedSource{instrumented{s, databaseDuration}, s}
	if vr, ok := s.(graph.VersionedReader); ok {
		return instrumentedVersioned{src, vr}
	}
	return src
}

type instrumentedVersioned struct {
	instrumentedSource
	vr graph.VersionedReader
}

func (i instrumentedVersioned) GetWithEdgesVersioned(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, string, error) {
	defer i.observe("GetWithEdgesVersioned", time.Now())
	return i.vr.GetWithEdgesVersioned(ctx, k, id, types)
}

// GetWithEdges is the store's in one call when it has it (graph.EdgesReader), otherwise its Get
// and Edges, each timed.
func (i instrumented) GetWithEdges(ctx context.Context, k graph.Kind, id string, types []graph.RelType) (*graph.NodeEdges, error) {
	if er, ok := i.s.(graph.EdgesReader); ok {
		defer i.observe("GetWithEdges", time.Now())
		return er.GetWithEdges(ctx, k, id, types)
	}
	return graph.ReadWithEdgesApart(ctx, i, k, id, types)
}

func (i instrumentedVersioned) GetManyVersioned(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, string, error) {
	defer i.observe("GetManyVersioned", time.Now())
	return i.vr.GetManyVersioned(ctx, k, ids)
}

type instrumented struct {
	s graph.Store
	h *prometheus.HistogramVec
}

func (i instrumented) observe(method string, start time.Time) {
	i.h.WithLabelValues(method).Observe(time.Since(start).Seconds())
}

// ReadsFromMemory is the store's, when it tells; otherwise false. Not timed: it reads nothing.
func (i instrumented) ReadsFromMemory(ctx context.Context, personal bool) bool {
	m, ok := i.s.(graph.MemoryReader)
	return ok && m.ReadsFromMemory(ctx, personal)
}

type instrumentedSource struct {
	instrumented
	src graph.CatalogueSource
}

func (i instrumentedSource) CatalogueVersion(ctx context.Context) (string, error) {
	defer i.observe("CatalogueVersion", time.Now())
	return i.src.CatalogueVersion(ctx)
}

func (i instrumentedSource) CatalogueSnapshot(ctx context.Context) (*graph.Snapshot, error) {
	defer i.observe("CatalogueSnapshot", time.Now())
	return i.src.CatalogueSnapshot(ctx)
}

func (i instrumented) Get(ctx context.Context, k graph.Kind, id string) (graph.Node, error) {
	defer i.observe("Get", time.Now())
	return i.s.Get(ctx, k, id)
}

func (i instrumented) GetMany(ctx context.Context, k graph.Kind, ids []string) (map[string]graph.Node, error) {
	defer i.observe("GetMany", time.Now())
	return i.s.GetMany(ctx, k, ids)
}

func (i instrumented) List(ctx context.Context, k graph.Kind, opts graph.ListOptions) (*graph.Page, error) {
	defer i.observe("List", time.Now())
	return i.s.List(ctx, k, opts)
}

func (i instrumented) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	defer i.observe("Search", time.Now())
	return i.s.Search(ctx, q)
}

func (i instrumented) Create(ctx context.Context, n graph.Node) (graph.Node, error) {
	defer i.observe("Create", time.Now())
	return i.s.Create(ctx, n)
}

func (i instrumented) CreateWithEdges(ctx context.Context, n graph.Node, edges []graph.Edge) (graph.Node, error) {
	defer i.observe("CreateWithEdges", time.Now())
	return i.s.CreateWithEdges(ctx, n, edges)
}

func (i instrumented) Update(ctx context.Context, n graph.Node) (graph.Node, error) {
	defer i.observe("Update", time.Now())
	return i.s.Update(ctx, n)
}

func (i instrumented) Delete(ctx context.Context, k graph.Kind, id string) error {
	defer i.observe("Delete", time.Now())
	return i.s.Delete(ctx, k, id)
}

func (i instrumented) Link(ctx context.Context, e graph.Edge) error {
	defer i.observe("Link", time.Now())
	return i.s.Link(ctx, e)
}

func (i instrumented) Unlink(ctx context.Context, t graph.RelType, from, to string) error {
	defer i.observe("Unlink", time.Now())
	return i.s.Unlink(ctx, t, from, to)
}

func (i instrumented) Edges(ctx context.Context, t graph.RelType, dir graph.Direction, ids []string, f graph.EdgeFilter) (map[string][]graph.Edge, error) {
	defer i.observe("Edges", time.Now())
	return i.s.Edges(ctx, t, dir, ids, f)
}

func (i instrumented) BulkUpsert(ctx context.Context, b graph.Batch) (graph.BulkResult, error) {
	defer i.observe("BulkUpsert", time.Now())
	return i.s.BulkUpsert(ctx, b)
}

func (i instrumented) PathwayContext(ctx context.Context, learnerID, roleID string) (*graph.PathwayContext, error) {
	defer i.observe("PathwayContext", time.Now())
	return i.s.PathwayContext(ctx, learnerID, roleID)
}

func (i instrumented) Stats(ctx context.Context) (*graph.Stats, error) {
	defer i.observe("Stats", time.Now())
	return i.s.Stats(ctx)
}

func (i instrumented) NextSequence(ctx context.Context, name string, floor int64) (int64, error) {
	defer i.observe("NextSequence", time.Now())
	return i.s.NextSequence(ctx, name, floor)
}

func (i instrumented) KeySet(ctx context.Context) (graph.KeySet, error) {
	defer i.observe("KeySet", time.Now())
	return i.s.KeySet(ctx)
}

func (i instrumented) SaveKeySet(ctx context.Context, data []byte, prev string) (graph.KeySet, error) {
	defer i.observe("SaveKeySet", time.Now())
	return i.s.SaveKeySet(ctx, data, prev)
}

func (i instrumented) Versions(ctx context.Context) (graph.Versions, error) {
	defer i.observe("Versions", time.Now())
	return i.s.Versions(ctx)
}

func (i instrumented) Ping(ctx context.Context) error {
	defer i.observe("Ping", time.Now())
	return i.s.Ping(ctx)
}

func (i instrumented) Close() error { return i.s.Close() }
