package resolvers

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
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
	cfg := generated.Config{Resolvers: &Resolver{Store: g, Raw: store, guard: g, Logger: opts.Logger,
		plans: newPlanCache(), Badges: opts.Badges}}
	pageSizedComplexity(&cfg.Complexity)
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](parsedQueries))
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](persistedQueries)})
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(depthLimit{max: opts.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.SetErrorPresenter(presenter(opts.Logger, opts.ObserveError))
	// A request with a bad token fails whole, whatever it asks: it is never served as anonymous.
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if err := access.AuthError(ctx); err != nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{Message: graph.ErrorMessage(err),
				Extensions: map[string]any{"code": CodeUnauthenticated}}}})
		}
		return next(ctx)
	})
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

// pageSizedComplexity makes every list field whose first argument is `first` cost its page size
// times its children: a page of 1000 items each with 1000 nested items is refused before it
// runs. The generated complexity root has one typed function per field; they are set by
// reflection because their signatures differ only after the page size.
func pageSizedComplexity(root *generated.ComplexityRoot) {
	intPtr := reflect.TypeFor[*int]()
	objects := reflect.ValueOf(root).Elem()
	for i := range objects.NumField() {
		fields := objects.Field(i)
		if fields.Kind() != reflect.Struct {
			continue
		}
		for j := range fields.NumField() {
			f := fields.Field(j)
			t := f.Type()
			if t.Kind() != reflect.Func || t.NumIn() < 2 || t.In(0).Kind() != reflect.Int || t.In(1) != intPtr {
				continue
			}
			f.Set(reflect.MakeFunc(t, func(args []reflect.Value) []reflect.Value {
				size := DefaultEdgePageSize
				if p := args[1].Interface().(*int); p != nil {
					size = min(max(*p, 1), graph.MaxPageSize) // larger sizes fail on their own, naming first
				}
				return []reflect.Value{reflect.ValueOf(1 + size*int(args[0].Int()))}
			}))
		}
	}
}

const codeDepthLimit = "DEPTH_LIMIT_EXCEEDED"

// Limit errors refuse the request before it runs: request errors, not field errors.
func init() {
	errcode.RegisterErrorType(codeDepthLimit, errcode.KindProtocol)
	errcode.RegisterErrorType("COMPLEXITY_LIMIT_EXCEEDED", errcode.KindProtocol)
}

// depthLimit refuses operations nested deeper than max (introspection fields excepted: their
// type references nest by design).
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, 0, map[string]bool{}); depth > d.max {
		err := gqlerror.Errorf("the operation is nested %d levels deep; the limit is %d", depth, d.max)
		err.Extensions = map[string]any{"code": codeDepthLimit}
		return err
	}
	return nil
}

// selectionDepth returns the depth of the deepest field under set. visiting guards against
// fragment cycles (validation refuses them, but the limit must not depend on it).
func selectionDepth(set ast.SelectionSet, depth int, visiting map[string]bool) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.Name) > 1 && s.Name[:2] == "__" {
				continue
			}
			d = selectionDepth(s.SelectionSet, depth+1, visiting)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, depth, visiting)
		case *ast.FragmentSpread:
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d = selectionDepth(s.Definition.SelectionSet, depth, visiting)
			delete(visiting, s.Name)
		}
		deepest = max(deepest, d)
	}
	return deepest
}
