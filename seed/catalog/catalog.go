// Package catalog generates a large, realistic and deterministic training catalogue over the
// competencies and job roles already in a store (usually an ESCO import): organisations of
// the French market, micro-credentials clustered around real roles with prerequisite chains,
// blocks and certifications stacking them, and learners with holdings, targets, constraints
// and achievements. Tests and benchmarks of the pathway engine run on it.
//
// The same seed over the same store content always produces the same nodes and edges, with
// recognisable ids ("gen:org:007", "gen:cred:000123", "gen:block:000012",
// "gen:learner:000042", "gen:ach:000042-01"). Generating again with the same options changes
// nothing.
package catalog

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/graph/record"
	"github.com/skillgraph/skillgraph/seed/report"
)

// Defaults and limits of Options.
const (
	DefaultBatchSize     = 5000
	DefaultOrganizations = 40
	// MaxCount bounds Credentials and Learners, so that their six-digit ids sort as numbers.
	MaxCount = 999_999
	// MaxOrganizations bounds Organizations, so that their three-digit ids sort as numbers.
	MaxOrganizations = 999
)

// IDPrefix starts the id of every generated node.
const IDPrefix = "gen:"

// Options say what to generate.
type Options struct {
	Seed          uint64    // the same seed over the same store content gives the same catalogue
	Credentials   int       // micro-credentials to generate, 0..MaxCount
	Learners      int       // learners to generate, 0..MaxCount
	Organizations int       // awarding organisations, 0..MaxOrganizations; 0 = DefaultOrganizations
	BatchSize     int       // items per BulkUpsert transaction; 0 = DefaultBatchSize
	Progress      io.Writer // where progress goes; nil = nowhere
	// Terminal: Progress is a terminal, so a one-line bar is redrawn in place; otherwise
	// plain lines are printed, one per phase and one every two seconds.
	Terminal bool
}

// Validate checks the options without a store. It returns an EINVALID error naming the field
// at fault ("credentials", "learners", "organizations", "batchSize").
func (o Options) Validate() error {
	if o.Credentials < 0 || o.Credentials > MaxCount {
		return graph.Invalid("credentials", "must be between 0 and %s (got %s)", report.Thousands(MaxCount), report.Thousands(o.Credentials))
	}
	if o.Learners < 0 || o.Learners > MaxCount {
		return graph.Invalid("learners", "must be between 0 and %s (got %s)", report.Thousands(MaxCount), report.Thousands(o.Learners))
	}
	if o.Organizations < 0 || o.Organizations > MaxOrganizations {
		return graph.Invalid("organizations", "must be between 0 and %d (got %s)", MaxOrganizations, report.Thousands(o.Organizations))
	}
	if o.BatchSize < 0 {
		return graph.Invalid("batchSize", "must not be negative (got %d)", o.BatchSize)
	}
	return nil
}

// Result says what a generation produced and what the store made of it.
type Result struct {
	Seed uint64

	// Read from the store.
	Competencies int // competencies found
	Roles        int // job roles found
	Anchors      int // roles with at least one requirement, around which credentials cluster

	// Generated nodes.
	Organizations  int
	Credentials    int
	Blocks         int // blocks of credentials
	Certifications int // blocks of blocks
	Learners       int
	Achievements   int

	// Generated relationships.
	Components           int // COMPRISES: the components of blocks and certifications
	Certifies            int // CERTIFIES
	Prerequisites        int // PREREQUISITE
	RequiredCompetencies int // REQUIRES_COMPETENCY
	Holdings             int // HAS
	Targets              int // TARGETS

	Written  graph.BulkResult // what the store created, updated or found unchanged
	Phases   []PhaseResult    // the same, phase by phase
	Duration time.Duration
}

// PhaseResult is one step of a generation: one kind of node or one type of relationship.
type PhaseResult struct {
	Name     string // "organisations", "credentials", "certifies"...
	Items    int    // nodes or relationships written
	Written  graph.BulkResult
	Duration time.Duration
}

// Generate reads the competencies, job roles and role requirements of store, builds the
// catalogue that opts describe over them, and writes it through BulkUpsert in batches of
// opts.BatchSize items, one phase after another (organisations, credentials, their
// relationships, blocks, certifications, learners, their relationships, achievements).
//
// Errors (see graph.ErrorCode):
//   - EINVALID naming the option at fault (see Options.Validate), or "store" when the store
//     is nil, holds no competencies, no job roles, or no role requiring a competency;
//   - ECONFLICT when the store already holds generated nodes with other content (a catalogue
//     generated with another seed, other counts or over other data): generate into a store
//     without one;
//   - the store's errors for reads and batches it fails, and ctx.Err() when ctx is done. On a
//     write error the batches written before it stay, and the result says what they were.
func Generate(ctx context.Context, store graph.Store, opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{Seed: opts.Seed}
	defer func() { res.Duration = time.Since(start) }()
	if err := opts.Validate(); err != nil {
		return res, err
	}
	if store == nil {
		return res, graph.Invalid("store", "no store to generate into")
	}
	if opts.Organizations == 0 {
		opts.Organizations = DefaultOrganizations
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = DefaultBatchSize
	}
	prog := newProgress(opts.Progress, opts.Terminal)

	u, err := readUniverse(ctx, store, prog)
	if err != nil {
		return res, err
	}
	res.Competencies, res.Roles, res.Anchors = len(u.comps), u.roleCount, len(u.roles)

	p := build(u, opts)
	p.count(res)
	phases := p.phases()
	if err := checkExisting(ctx, store, phases); err != nil {
		return res, err
	}
	w := &writer{ctx: ctx, store: store, size: opts.BatchSize, prog: prog, res: res}
	for _, ph := range phases {
		if err := w.write(ph); err != nil {
			return res, fmt.Errorf("write %s: %w", ph.name, err)
		}
	}
	return res, nil
}

// phase is one step of the write: nodes of one kind or edges of one type.
type phase struct {
	name  string
	nodes []graph.Node
	edges []graph.Edge
}

func (ph phase) size() int { return len(ph.nodes) + len(ph.edges) }

// writer writes phases in batches and counts what the store did.
type writer struct {
	ctx   context.Context
	store graph.Store
	size  int
	prog  *progress
	res   *Result
}

func (w *writer) write(ph phase) error {
	start := time.Now()
	pr := PhaseResult{Name: ph.name}
	w.prog.begin(ph.name, ph.size())
	defer func() {
		pr.Duration = time.Since(start)
		w.res.Phases = append(w.res.Phases, pr)
		w.prog.end(pr)
	}()
	for lo := 0; lo < ph.size(); lo += w.size {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		hi := min(lo+w.size, ph.size())
		var b graph.Batch
		if ph.nodes != nil {
			b.Nodes = ph.nodes[lo:hi]
		} else {
			b.Edges = ph.edges[lo:hi]
		}
		got, err := w.store.BulkUpsert(w.ctx, b)
		if err != nil {
			return fmt.Errorf("items %d-%d: %w", lo, hi-1, err)
		}
		pr.Items += hi - lo
		pr.Written.Add(got)
		w.res.Written.Add(got)
		w.prog.tick(pr.Items)
	}
	return nil
}

// checkExisting fails when generated ids already name stored nodes of other content: writing
// over them would mix two catalogues, since upserts replace nodes but keep the old
// relationships. Nodes that are absent or identical are fine.
func checkExisting(ctx context.Context, store graph.Store, phases []phase) error {
	for _, ph := range phases {
		for lo := 0; lo < len(ph.nodes); lo += readChunk {
			chunk := ph.nodes[lo:min(lo+readChunk, len(ph.nodes))]
			ids := make([]string, len(chunk))
			for i, n := range chunk {
				ids[i] = n.NodeID()
			}
			stored, err := store.GetMany(ctx, chunk[0].NodeKind(), ids)
			if err != nil {
				return fmt.Errorf("read existing %s: %w", ph.name, err)
			}
			for _, n := range chunk {
				if old, ok := stored[n.NodeID()]; ok && record.Hash(old) != record.Hash(n) {
					return &graph.Error{Code: graph.ECONFLICT, Field: "store", Message: fmt.Sprintf(
						"already holds a different generated %s %q (from another seed, other counts or other data): generate into a store without a catalogue, or with the same options",
						n.NodeKind(), n.NodeID())}
				}
			}
		}
	}
	return nil
}
