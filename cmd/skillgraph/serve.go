package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"time"

	"github.com/urfave/cli/v3"
	"golang.org/x/term"

	"github.com/skillgraph/skillgraph/access"
	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/badges/issuance"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/cached"
	"github.com/skillgraph/skillgraph/seed/demo"
	"github.com/skillgraph/skillgraph/server"
)

// serveReady, when set (by tests), receives the listening address once the server accepts.
var serveReady func(addr string)

func serveCommand() *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the web app at /, GraphQL at /graphql, GraphiQL at /graphiql, health probes and metrics",
		Description: "On an empty embedded store, the demo dataset is loaded first and its badges signed. With the\n" +
			"development secret (no JWKS set), one token per role of the demo is printed when the demo is in\n" +
			"the store.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "addr", Value: ":8080", Sources: env("SKILLGRAPH_ADDR"),
				Usage: "listen on `HOST:PORT` (no host: every interface; port 0: any free port)", Validator: validListenAddr},
			&cli.StringFlag{Name: "cors-origins", Sources: env("SKILLGRAPH_CORS_ORIGINS"), DefaultText: "none",
				Usage: "comma-separated `ORIGINS` allowed to call the API from a browser", Validator: validOrigins},
			&cli.BoolFlag{Name: "no-demo", Usage: "do not load the demo dataset into an empty embedded store"},
			&cli.BoolFlag{Name: "no-introspection", Usage: "disable GraphQL introspection"},
			&cli.StringFlag{Name: "base-url", Sources: env("SKILLGRAPH_BASE_URL"), DefaultText: "http://localhost:PORT",
				Usage: "public `URL` of this service, written into badges", Validator: validHTTPURL},
			&cli.StringFlag{Name: "keys", Sources: env("SKILLGRAPH_KEYS"), TakesFile: true,
				DefaultText: "<db>.keys.json, or ./skillgraph-keys.json on Neo4j",
				Usage:       "badge signing key `FILE`; created when missing"},
			&cli.StringFlag{Name: "key-encryption-key-file", Sources: env("SKILLGRAPH_KEY_ENCRYPTION_KEY_FILE"), TakesFile: true,
				DefaultText: "unset: keys in the --keys file",
				Usage: "`FILE` holding the 32-byte key (base64 or hex) that seals the badge signing keys kept in the store, " +
					"shared by every process (or the key itself in SKILLGRAPH_KEY_ENCRYPTION_KEY)"},
			&cli.StringFlag{Name: "signing-alg", Value: string(badges.EdDSA), Sources: env("SKILLGRAPH_SIGNING_ALG"),
				Usage: "algorithm `ALG` of a first badge signing key: EdDSA, RS256 or ES256", Validator: validSigningAlg},
			&cli.BoolFlag{Name: "private-catalogue", Sources: env("SKILLGRAPH_PRIVATE_CATALOGUE"), DefaultText: "false",
				Usage: "catalogue reads need a token too (the variable takes true, false, 1 or 0)"},
			&cli.BoolFlag{Name: "catalogue-cache", Value: true, Sources: env("SKILLGRAPH_CATALOGUE_CACHE"), DefaultText: "true",
				Usage: "on Neo4j, answer catalogue reads from a copy in memory while it is current (--catalogue-cache=false: every read to Neo4j)"},
			&cli.IntFlag{Name: "gc-percent", Value: defaultGCPercent, Sources: env("SKILLGRAPH_GC_PERCENT"),
				DefaultText: fmt.Sprint(defaultGCPercent, ", or the runtime's GOGC when that is set"),
				Usage:       "garbage collection target `PERCENT`: heap growth allowed over live data between collections (-1: off; GOMEMLIMIT still caps the heap)",
				Validator:   validGCPercent},
			&cli.IntFlag{Name: "gc-headroom", Value: defaultGCHeadroomMiB, Sources: env("SKILLGRAPH_GC_HEADROOM"),
				Usage:     "heap growth `MIB` allowed between collections at most: while the live data is large, the collection target is lowered to keep within it, and a soft memory limit of one and a half times the live heap plus this keeps resident memory near it unless GOMEMLIMIT is set (0: no cap, no limit)",
				Validator: nonNegative},
		}, authFlags(false)...),
		Action: runServe,
	}
}

func runServe(ctx context.Context, cmd *cli.Command) error {
	cfg := storeConfigOf(cmd)
	addr := cmd.String("addr")
	baseURL := cmd.String("base-url")
	noDemo := cmd.Bool("no-demo")
	keysFile := cmd.String("keys")
	if keysFile == "" {
		keysFile = "skillgraph-keys.json"
		if cfg.neo4jURI == "" {
			keysFile = cfg.db + ".keys.json"
		}
	}
	// The key-encryption key is checked before anything is opened or written.
	kek, sharedKeys, err := keyEncryptionKeyOf(cmd)
	if err != nil {
		return err
	}
	auth := authConfigOf(cmd, cfg)
	// The JWKS file is configuration too: a bad one stops serve before the store is touched.
	verifierConfig, err := auth.config()
	if err != nil {
		return err
	}
	stdout, stderr := cmd.Root().Writer, cmd.Root().ErrWriter
	logger := newLogger(stderr)
	gc := setGCPercent(cmd, logger)

	store, err := cfg.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	logger.Info("store opened", "store", cfg.describe())
	if src, ok := store.(graph.CatalogueSource); ok && cmd.Bool("catalogue-cache") {
		// Catalogue reads from memory, from the first request on: the copy loads before the
		// server listens. Should it fail, the database answers and the next request retries.
		c := cached.New(server.InstrumentDatabase(src), cached.Options{Logger: logger})
		if err := c.Load(ctx); err != nil {
			logger.Warn("catalogue copy not loaded; reads go to the store until it is", "err", err)
		}
		store = c
	}

	loaded := false
	if cfg.neo4jURI == "" && !noDemo {
		if loaded, err = loadDemoIfEmpty(ctx, store, logger); err != nil {
			return err
		}
	}

	// Indexes the first requests would build (the pathway index: about a second with 200,000
	// credentials) are built before the server listens.
	if w, ok := store.(graph.Warmer); ok {
		start := time.Now()
		if err := w.Warm(ctx); err != nil {
			logger.Warn("indexes not built ahead; the first requests build them", "err", err)
		} else {
			logger.Info("indexes built", "ms", time.Since(start).Milliseconds())
		}
	}

	// Opening a large store leaves garbage several times its live data: collected and handed
	// back before serving, and the collection target set from what stays live.
	gcCtx, stopGC := context.WithCancel(ctx)
	defer stopGC()
	gc.settle(gcCtx)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	defer ln.Close()
	if baseURL == "" {
		baseURL = "http://localhost:" + portOf(ln.Addr())
	}
	instrumented := server.InstrumentStore(store)
	keys, err := openKeys(ctx, instrumented, keysFile, badges.Algorithm(cmd.String("signing-alg")), kek, sharedKeys, logger)
	if err != nil {
		return err
	}
	badgeService, err := issuance.New(instrumented, keys, baseURL)
	if err != nil {
		return fmt.Errorf("badge service: %w", err)
	}
	kid, alg := keys.Active()
	where := keysFile
	if keys.Shared() {
		where = "the store, sealed"
	} else if cfg.neo4jURI != "" {
		logger.Warn("badge signing keys are in a local file: run one process per database, or set SKILLGRAPH_KEY_ENCRYPTION_KEY (or --key-encryption-key-file) to keep them in the store, shared by every process",
			"file", keysFile)
	}
	logger.Info("badge signing key", "keys", where, "kid", kid, "alg", string(alg), "base_url", baseURL)
	if loaded {
		n, err := badgeService.SignMissing(ctx)
		if err != nil {
			return fmt.Errorf("sign demo badges: %w", err)
		}
		logger.Info("demo badges signed", "count", n)
	}

	verifier, devSecret, err := auth.verifier(verifierConfig)
	if err != nil {
		return err
	}
	// The demo's identities, with their tokens, go to the browser only with the demo and the
	// development secret: the tokens are as public as the printed ones.
	var demoIDs []server.DemoIdentity
	if devSecret != nil {
		logger.Warn("development tokens: bearer tokens are checked against a local HS256 secret; configure --jwks-file or --jwks-url in production",
			"secret_file", auth.secretFile)
		present, err := demoPresent(ctx, store)
		if err != nil {
			return err
		}
		if present {
			demoIDs = mintDemoTokens(devSecret)
			printDemoTokens(stdout, demoIDs)
		}
	}
	srv := server.New(server.Config{Addr: addr, CORSOrigins: splitList(cmd.String("cors-origins")), DemoIdentities: demoIDs}, instrumented,
		graphqlHandler(instrumented, graphqlOptions{introspection: !cmd.Bool("no-introspection"), logger: logger, badges: badgeService,
			verifier: verifier, policy: access.Policy{PrivateCatalogue: cmd.Bool("private-catalogue")}}), logger)
	for pattern, h := range badgeService.Routes(logger, issuance.PrivateCatalogue(cmd.Bool("private-catalogue"))) {
		srv.Handle(pattern, h)
	}
	printURLs(stdout, ln.Addr())
	if serveReady != nil {
		serveReady(ln.Addr().String())
	}
	return srv.Serve(ctx, ln)
}

// printURLs says where to point a browser, a client, a probe and a scraper.
func printURLs(w io.Writer, a net.Addr) {
	host := "localhost"
	if tcp, ok := a.(*net.TCPAddr); ok && !tcp.IP.IsUnspecified() {
		host = tcp.IP.String()
	}
	base := "http://" + net.JoinHostPort(host, portOf(a))
	fmt.Fprintf(w, "skillgraph serving on %s\n", base)
	fmt.Fprintf(w, "  GraphQL   %s/graphql\n", base)
	fmt.Fprintf(w, "  web app   %s/\n", base)
	fmt.Fprintf(w, "  GraphiQL  %s/graphiql\n", base)
	fmt.Fprintf(w, "  health    %s/healthz  %s/readyz\n", base, base)
	fmt.Fprintf(w, "  metrics   %s/metrics\n", base)
}

// loadDemoIfEmpty loads the demo dataset when the store holds no node, and says whether it did.
func loadDemoIfEmpty(ctx context.Context, store graph.Store, logger *slog.Logger) (bool, error) {
	st, err := store.Stats(ctx)
	if err != nil {
		return false, fmt.Errorf("stats: %w", err)
	}
	for _, n := range st.Nodes {
		if n > 0 {
			return false, nil
		}
	}
	res, err := demo.Load(ctx, store)
	if err != nil {
		return false, fmt.Errorf("load demo: %w", err)
	}
	logger.Info("demo dataset loaded", "nodes", res.NodesCreated, "edges", res.EdgesCreated)
	return true, nil
}

// demoPresent says whether the organisations and learners the demo tokens act for are in the
// store: tokens for people who are not there would only confuse.
func demoPresent(ctx context.Context, store graph.Store) (bool, error) {
	want := map[graph.Kind][]string{}
	for _, d := range demoTokens {
		if d.in.Org != "" {
			want[graph.KindOrganization] = append(want[graph.KindOrganization], d.in.Org)
		}
		if d.in.Learner != "" {
			want[graph.KindLearner] = append(want[graph.KindLearner], d.in.Learner)
		}
	}
	for kind, ids := range want {
		found, err := store.GetMany(ctx, kind, ids)
		if err != nil {
			return false, fmt.Errorf("look for the demo: %w", err)
		}
		if len(found) != len(ids) {
			return false, nil
		}
	}
	return true, nil
}

// portOf returns the port of a listening address.
func portOf(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return strconv.Itoa(tcp.Port)
	}
	_, port, _ := net.SplitHostPort(a.String())
	return port
}

// newLogger logs as text to a terminal and as JSON otherwise.
func newLogger(w io.Writer) *slog.Logger {
	if isTerminal(w) {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// defaultGCPercent trades memory for CPU. A GraphQL response allocates per field, so a page of a
// thousand edges allocates megabytes, while the live heap (the catalogue, about 125 MB on full
// ESCO) is what every collection marks. On a page of 50 roles with their requirements
// (BenchmarkQueries in resolvers), 400 took about a third less CPU per request than Go's default
// of 100, for a heap up to five times the live data. GOMEMLIMIT, when set, still bounds the heap.
const defaultGCPercent = 400

func validGCPercent(n int) error {
	if n != -1 && n < 10 {
		return fmt.Errorf("must be -1 (off) or at least 10, got %d", n)
	}
	return nil
}

// defaultGCHeadroomMiB caps the heap's growth between collections. At 400% a store of ten times
// the demo's generated catalogue (1.6 GB live) grew to over 10 GB resident; lowering the target
// for large live data only keeps the small stores' speed. 512 rather than 1024: 0.7 GB less
// resident after a run of recommendations at that size, for a median 2 to 3% slower.
const defaultGCHeadroomMiB = 512

// minGCPercent is the lowest target the headroom sets: below it collections would run back to
// back on a live heap several times the headroom.
const minGCPercent = 25

// setGCPercent applies --gc-percent, unless the flag was left at its default while GOGC is set
// in the environment: then the runtime has already applied the operator's GOGC, and the
// headroom is not applied either.
func setGCPercent(cmd *cli.Command, logger *slog.Logger) *gcTarget {
	g := &gcTarget{logger: logger, percent: -1}
	if !cmd.IsSet("gc-percent") && os.Getenv("GOGC") != "" {
		logger.Info("garbage collection", "gogc", os.Getenv("GOGC"))
		return g
	}
	g.percent, g.headroom = cmd.Int("gc-percent"), uint64(cmd.Int("gc-headroom"))<<20
	g.applied = g.percent
	g.limit = os.Getenv("GOMEMLIMIT") == ""
	debug.SetGCPercent(g.percent)
	logger.Info("garbage collection", "gc_percent", g.percent, "headroom_mib", cmd.Int("gc-headroom"))
	return g
}

// gcTarget keeps the collection target at --gc-percent, lowered while the live heap is large so
// that the heap grows by at most the headroom between collections, and a soft memory limit
// near the live heap plus the headroom (see memoryLimitFor).
type gcTarget struct {
	logger   *slog.Logger
	percent  int    // -1: off, or left to GOGC
	headroom uint64 // bytes; 0: no cap
	applied  int
	limit    bool   // whether to set the memory limit: not when GOMEMLIMIT is set
	limited  uint64 // the limit last logged
}

// settle collects the garbage left by opening the store, returns it to the system, sets the
// target from the live heap, and from then on adjusts it every 30 seconds until ctx ends (serve
// returns).
func (g *gcTarget) settle(ctx context.Context) {
	if g.percent < 0 || g.headroom == 0 {
		return
	}
	runtime.GC()
	g.adjust()
	debug.FreeOSMemory()
	go func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				g.adjust()
			}
		}
	}()
}

// adjust sets the target for the live heap the last collection left.
func (g *gcTarget) adjust() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := sample[0].Value.Uint64()
	if p := gcPercentFor(g.percent, g.headroom, live); p != g.applied {
		debug.SetGCPercent(p)
		g.applied = p
		g.logger.Info("garbage collection", "gc_percent", p, "live_mib", live>>20)
	}
	if limit := memoryLimitFor(g.headroom, live); g.limit && limit > 0 {
		debug.SetMemoryLimit(int64(limit))
		if d := max(limit, g.limited) - min(limit, g.limited); d > g.limited/16 {
			g.limited = limit
			g.logger.Info("garbage collection", "memory_limit_mib", limit>>20, "live_mib", live>>20)
		}
	}
}

// memoryLimitFor is the soft memory limit for a live heap: the live heap, half as much again
// for what the runtime holds besides it (free spans, metadata, stacks), and the headroom; 0
// (none) without a headroom. The percent target alone let the heap's goal follow what each
// collection found live, in-flight requests included, and the runtime keep what it had freed:
// at ten times the generated catalogue, 2.1 GB resident over 0.9 GB live with a 512 MiB
// headroom, 1.85 GB with this limit, at the same latency (a quarter: 1.6 GB, but a p99 up to
// half as long again). Reset at every adjustment, so that a growing store raises it; set on the
// runtime, the limit makes it collect sooner and return freed memory to the system rather than
// grow past it.
func memoryLimitFor(headroom, live uint64) uint64 {
	if headroom == 0 || live == 0 {
		return 0
	}
	return live + live/2 + headroom
}

// gcPercentFor is the collection target for a live heap: percent, or lower when percent of the
// live heap exceeds the headroom (never below minGCPercent, nor above percent).
func gcPercentFor(percent int, headroom, live uint64) int {
	if percent < 0 || headroom == 0 || live == 0 {
		return percent
	}
	if capped := headroom * 100 / live; capped < uint64(percent) {
		return min(percent, max(minGCPercent, int(capped)))
	}
	return percent
}

// keyEncryptionKeyOf reads the key-encryption key from --key-encryption-key-file or
// SKILLGRAPH_KEY_ENCRYPTION_KEY; ok is false when neither is set. Errors name the flag or the
// variable, never the key.
func keyEncryptionKeyOf(cmd *cli.Command) (kek badges.KeyEncryptionKey, ok bool, err error) {
	file, value := cmd.String("key-encryption-key-file"), os.Getenv("SKILLGRAPH_KEY_ENCRYPTION_KEY")
	switch {
	case file != "" && value != "":
		return kek, false, errors.New("--key-encryption-key-file and SKILLGRAPH_KEY_ENCRYPTION_KEY are both set: give the key once")
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return kek, false, fmt.Errorf("--key-encryption-key-file: %w", err)
		}
		if kek, err = badges.ParseKeyEncryptionKey(string(data)); err != nil {
			return kek, false, fmt.Errorf("--key-encryption-key-file %s: %s", file, graph.ErrorMessage(err))
		}
		return kek, true, nil
	case value != "":
		if kek, err = badges.ParseKeyEncryptionKey(value); err != nil {
			return kek, false, fmt.Errorf("SKILLGRAPH_KEY_ENCRYPTION_KEY: %s", graph.ErrorMessage(err))
		}
		return kek, true, nil
	}
	return kek, false, nil
}

// openKeys opens the badge signing keys: in the store, sealed with kek and shared by every
// process, when a key-encryption key is given (a key file found at keysFile is imported when
// the store has no keys yet); in the key file otherwise.
func openKeys(ctx context.Context, store graph.Store, keysFile string, alg badges.Algorithm, kek badges.KeyEncryptionKey, shared bool, logger *slog.Logger) (*badges.KeyStore, error) {
	if !shared {
		keys, err := badges.OpenKeyStore(keysFile, alg)
		if err != nil {
			return nil, fmt.Errorf("badge keys: %w", err)
		}
		return keys, nil
	}
	keys, imported, err := badges.OpenSharedKeyStore(ctx, store, kek, alg, keysFile)
	if err != nil {
		if graph.ErrorField(err) == "keyEncryptionKey" {
			return nil, fmt.Errorf("badge keys: %s (check SKILLGRAPH_KEY_ENCRYPTION_KEY or --key-encryption-key-file)", graph.ErrorMessage(err))
		}
		return nil, fmt.Errorf("badge keys: %w", err)
	}
	if imported {
		logger.Info("badge signing keys imported into the store; the key file is no longer read", "file", keysFile)
	}
	return keys, nil
}
