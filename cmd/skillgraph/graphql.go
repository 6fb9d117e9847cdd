package main

import (
	"log/slog"
	"net/http"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/resolvers"
	"github.com/skillgraph/skillgraph/server"
)

// graphqlOptions tune the GraphQL endpoint.
type graphqlOptions struct {
	introspection bool
	logger        *slog.Logger
	badges        *issuance.Service
	verifier      *access.Verifier
	policy        access.Policy
}

// graphqlHandler builds the /graphql endpoint over the store.
func graphqlHandler(store graph.Store, opts graphqlOptions) http.Handler {
	return resolvers.NewHandler(store, resolvers.Options{
		Introspection:    opts.introspection,
		Logger:           opts.logger,
		ObserveError:     server.ObserveError,
		ObserveExecution: server.ObserveExecution,
		Badges:           opts.badges,
		Verifier:         opts.verifier,
		Policy:           opts.policy,
	})
}
