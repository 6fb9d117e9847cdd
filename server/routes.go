package server

import "net/http"

// Handle serves pattern (a net/http ServeMux pattern, e.g. "GET /status/{id}") with h, behind
// the same recovery, metrics and access logs as every route. For public routes beside the API,
// such as badge verification.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }
