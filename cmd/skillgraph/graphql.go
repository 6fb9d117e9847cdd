package main

import (
	"net/http"

	"github.com/skillgraph/skillgraph/graph"
)

// graphqlOptions tune the GraphQL endpoint.
type graphqlOptions struct {
	introspection bool
}

// graphqlHandler builds the /graphql endpoint over the store. The endpoint answers 404 until
// the gqlgen executable schema (resolvers.NewExecutableSchema) is wired in here.
func graphqlHandler(store graph.Store, opts graphqlOptions) http.Handler {
	_, _ = store, opts
	return http.NotFoundHandler()
}
