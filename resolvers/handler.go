package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers/generated"
)

// Options tune the GraphQL endpoint.
type Options struct {
	Introspection bool          // allow __schema and __type queries
	MaxDepth      int           // deepest selection allowed (default DefaultMaxDepth)
	MaxComplexity int           // costliest operation allowed (default DefaultMaxComplexity)
	BatchWait     time.Duration // how long loaders gather keys (default DefaultBatchWait)
	// BatchAll batches even the reads the store answers from memory, which are otherwise made
	// at once; for tests that count store calls.
	BatchAll bool
	Badges   *issuance.Service // signs and verifies badges; nil: badge fields fail
	// Verifier authenticates bearer tokens; nil: every request is anonymous.
	Verifier     *access.Verifier
	Policy       access.Policy
	Logger       *slog.Logger
	ObserveError ErrorObserver // told the code of every error sent (metrics); may be nil
	// Uncompiled sends every operation through gqlgen's executor, even those the compiled
	// catalogue path answers (see compiled.go); for tests comparing the two.
	Uncompiled bool
	// ObserveExecution is told, for every operation, which executor answered it: "compiled",
	// "executor", or "declined" (the compiled path began it and handed it to the executor, on
	// an error or a null it cannot write). May be nil.
	ObserveExecution func(outcome string)
}

// Limits on operations. Complexity counts one per field, times the page size for lists.
const (
	DefaultMaxDepth      = 15
	DefaultMaxComplexity = 250000
	persistedQueries     = 1000 // automatic persisted queries kept
	parsedQueries        = 1000 // parsed documents kept
)

// NewHandler returns the /graphql endpoint over store: POST (application/json), GET for queries,
// automatic persisted queries, depth and complexity limits, the one error presenter, and
// per-request loaders.
func NewHandler(store graph.Store, opts Options) http.Handler {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxDepth == 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.MaxComplexity == 0 {
		opts.MaxComplexity = DefaultMaxComplexity
	}
	g := &guard{inner: store, policy: opts.Policy}
	root := &Resolver{Store: g, Raw: store, guard: g, Logger: opts.Logger,
		plans: newPlanCache(), Badges: opts.Badges}
	cfg := generated.Config{Resolvers: root}
	pageSizedComplexity(&cfg.Complexity, generated.NewExecutableSchema(generated.Config{}).Schema())
	schema := generated.NewExecutableSchema(cfg)
	srv := handler.New(schema)
	// A document must be small before it is parsed (see MaxTokens); the parser's own token
	// limit is a second fence.
	srv.SetParserTokenLimit(MaxTokens)
	// Without introspection, validation errors suggest no names either ("Did you mean").
	srv.SetDisableSuggestion(!opts.Introspection)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](parsedQueries))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueries)})
	srv.Use(documentLimit{introspection: opts.Introspection}) // after APQ, which fills in the query
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(depthLimit{max: opts.MaxDepth})
	srv.Use(deferRefused{})
	srv.Use(&complexityLimit{max: opts.MaxComplexity})
	srv.SetErrorPresenter(presenter(opts.Logger, opts.ObserveError))
	// A request with a bad token fails whole, whatever it asks: it is never served as anonymous.
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if err := access.AuthError(ctx); err != nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: graph.ErrorMessage(err),
				Extensions: map[string]any{"code": CodeUnauthenticated}}}})
		}
		return next(ctx)
	})
	if !opts.Uncompiled {
		compiled := newCompiledPath(root, schema, opts.ObserveExecution)
		srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
			return compiled.intercept(ctx, next, root.loaders(ctx))
		})
	}
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return graph.Internal(fmt.Errorf("panic: %v", v))
	})
	h := LoadersMiddleware(g, opts.BatchWait, opts.BatchAll, srv)
	if opts.Verifier != nil {
		h = access.Middleware(opts.Verifier)(refuseBadTokens(h))
	}
	return h
}

// refuseBadTokens answers a request whose token failed with 401 and a WWW-Authenticate
// challenge (RFC 6750), in GraphQL's error format, before any of it runs.
func refuseBadTokens(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := access.AuthError(r.Context())
		if err == nil {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
			"message": graph.ErrorMessage(err), "extensions": map[string]any{"code": CodeUnauthenticated}}}})
	})
}
