// Package server serves the skills graph over HTTP: the GraphQL endpoint, the web app, GraphiQL, health
// and readiness probes and Prometheus metrics, with CORS, limits, access logs and graceful
// shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/cors"

	"github.com/skillgraph/skillgraph/graph"
)

// Config tunes the server. Zero values take the defaults below.
type Config struct {
	Addr            string        // listen address, default ":8080"
	CORSOrigins     []string      // allowed cross-origin origins; empty: none
	MaxBodyBytes    int64         // GraphQL request body limit, default 1 MB
	RequestTimeout  time.Duration // GraphQL request deadline, default 30s
	ReadyTimeout    time.Duration // store ping deadline for /readyz, default 2s
	ShutdownTimeout time.Duration // graceful shutdown deadline, default 15s
	// DemoIdentities are offered by the web app and GraphiQL to act as; set them only for the
	// demo with development tokens, since /config.json hands their tokens to anyone.
	DemoIdentities []DemoIdentity
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = ":8080"
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.ReadyTimeout <= 0 {
		c.ReadyTimeout = 2 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 15 * time.Second
	}
}

// Server is the HTTP server.
type Server struct {
	cfg    Config
	store  graph.Store
	logger *slog.Logger
	mux    *http.ServeMux
}

// New builds the server around the store and the GraphQL endpoint's handler.
func New(cfg Config, store graph.Store, graphql http.Handler, logger *slog.Logger) *Server {
	cfg.defaults()
	if logger == nil {
		logger = slog.Default()
	}
	s := &Server{cfg: cfg, store: store, logger: logger, mux: http.NewServeMux()}
	corsOpts := cors.Options{
		AllowedOrigins: cfg.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Content-Type", "Accept", "Authorization", BookmarkHeader},
		ExposedHeaders: []string{BookmarkHeader},
		MaxAge:         600,
	}
	if len(cfg.CORSOrigins) == 0 {
		// The library reads no origins as "every origin": no origins must mean none.
		corsOpts.AllowOriginFunc = func(string) bool { return false }
	}
	gql := cors.New(corsOpts).Handler(s.limit(GraphQLOverHTTP(graphql)))
	s.mux.Handle("/graphql", gql)
	s.serveApp(cfg.DemoIdentities)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", promhttp.Handler())
	return s
}

// Handler returns the server's root handler, with recovery, security headers (and HTML error
// pages for browsers), metrics, access logs and bookmarks (see BookmarkHeader).
func (s *Server) Handler() http.Handler { return s.observe(secure(s.recover(bookmarks(s.mux)))) }

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ReadyTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(ctx); err != nil {
		s.logger.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("store unavailable\n")) // the cause goes to the log, not to the public
		return
	}
	w.Write([]byte("ok\n"))
}

// limit caps the request body and sets the request deadline.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > s.cfg.MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, "request body too large", "BAD_USER_INPUT")
			return
		}
		g := &guardWriter{ResponseWriter: w}
		r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes), w: g}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		next.ServeHTTP(g, r.WithContext(ctx))
	})
}

// limitedBody answers 413 itself as soon as a read goes past the limit, so that a handler
// that turns the read error into another status cannot hide it.
type limitedBody struct {
	io.ReadCloser
	w *guardWriter
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if err != nil && errors.As(err, &tooBig) && !b.w.closed {
		writeError(b.w.ResponseWriter, http.StatusRequestEntityTooLarge, "request body too large", "BAD_USER_INPUT")
		b.w.closed = true
	}
	return n, err
}

// guardWriter drops what the handler writes once the 413 response has been sent.
type guardWriter struct {
	http.ResponseWriter
	closed bool
}

func (g *guardWriter) WriteHeader(code int) {
	if !g.closed {
		g.ResponseWriter.WriteHeader(code)
	}
}

func (g *guardWriter) Write(p []byte) (int, error) {
	if g.closed {
		return len(p), nil
	}
	return g.ResponseWriter.Write(p)
}

func (g *guardWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// recover turns a panic into a JSON INTERNAL error; the stack goes to the log only.
func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Error("panic serving request", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				ObserveError("INTERNAL")
				writeError(w, http.StatusInternalServerError, "internal error", "INTERNAL")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// observe records metrics and an access log line for every request.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		path := routeLabel(r.URL.Path)
		requestsTotal.WithLabelValues(path, strconv.Itoa(rec.status)).Inc()
		requestDuration.WithLabelValues(path).Observe(d.Seconds())
		s.logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"bytes", rec.bytes, "duration_ms", float64(d.Microseconds())/1000, "remote", r.RemoteAddr)
	})
}

// routeLabel keeps the metrics' path label to the known routes.
func routeLabel(p string) string {
	switch p {
	case "/", "/graphql", "/graphiql", "/healthz", "/readyz", "/metrics", "/config.json":
		return p
	}
	if strings.HasPrefix(p, "/assets/") {
		return "/assets/"
	}
	return "other"
}

type statusRecorder struct {
	http.ResponseWriter
	status, bytes int
	wrote         bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(p)
	r.bytes += n
	return n, err
}

func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// writeError writes a GraphQL-shaped error response.
func writeError(w http.ResponseWriter, status int, msg, code string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message": msg, "extensions": map[string]string{"code": code},
	}}})
}

// ListenAndServe serves on cfg.Addr until ctx is done, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then stops accepting connections and waits for
// in-flight requests up to the shutdown deadline.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.RequestTimeout + 10*time.Second,
		WriteTimeout:      s.cfg.RequestTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	s.logger.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
