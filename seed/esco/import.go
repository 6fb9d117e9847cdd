// Package esco imports the ESCO classification (European Skills, Competences, Qualifications
// and Occupations) from the CSV export of the ESCO portal into a graph.Store: skill groups and
// skills become competencies, occupations job roles, and the skill hierarchy, skill–skill
// relations and occupation–skill relations the edges between them.
//
// Any display of the imported data must show Attribution.
package esco

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/report"
)

// DefaultBatchSize is the number of items per transaction when Options.BatchSize is 0.
const DefaultBatchSize = 5000

// Options tune an import.
type Options struct {
	BatchSize int       // items per BulkUpsert transaction; 0 = DefaultBatchSize
	Progress  io.Writer // where progress goes; nil = nowhere
	// Terminal: Progress is a terminal, so a one-line bar is redrawn in place; otherwise
	// plain lines are printed, one per phase and one every two seconds.
	Terminal bool
}

// Result says what an import did.
type Result struct {
	Version string // the ESCO version named by the input's file names, or ""

	SkillGroups  int // competencies of type GROUP, from skillGroups_en.csv
	Skills       int // competencies from skills_en.csv
	Roles        int // job roles, from occupations_en.csv
	Broader      int // BROADER edges, from broaderRelationsSkillPillar.csv
	Related      int // RELATED edges, from skillSkillRelations.csv
	Requirements int // ROLE_REQUIRES edges, from occupationSkillRelations.csv
	Essential    int // requirements that are essential
	Optional     int // requirements that are optional

	Skipped  []Skip           // rows not imported, by file and reason, in the order first met
	Written  graph.BulkResult // what the store created, updated or found unchanged
	Phases   []PhaseResult    // the same, step by step
	Duration time.Duration
}

// Skip counts the rows of a file skipped for one reason.
type Skip struct {
	File      string // base name of the file
	Reason    string
	Count     int
	FirstLine int // line of the first such row
}

// PhaseResult is one step of an import.
type PhaseResult struct {
	Name     string // "framework", "skill groups", "skills", "occupations", "broader links"...
	File     string // the file read: its path, or "ZIP:ENTRY"
	Imported int    // nodes or edges written
	Skipped  int    // rows skipped
	Written  graph.BulkResult
	Duration time.Duration
}

// SkippedRows returns the number of rows skipped, all files together.
func (r *Result) SkippedRows() int {
	n := 0
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}

// Import reads the ESCO CSV files under paths and writes them into store in batches of
// opts.BatchSize items, each one BulkUpsert transaction. Each path is one of the zips of the
// ESCO portal, a directory holding their extracted CSV files (possibly a level or more down),
// or one of the files; together the paths must provide skills_en.csv, skillGroups_en.csv,
// occupations_en.csv, broaderRelationsSkillPillar.csv, skillSkillRelations.csv and
// occupationSkillRelations.csv. Rows naming concepts that are not imported are skipped and
// counted. Importing the same data again changes nothing and reports everything unchanged.
//
// Errors (see graph.ErrorCode):
//   - EINVALID when the paths hold none, or not all, of the files, or a file twice;
//   - a *FileError naming the file and line when a file lacks a column, is malformed CSV, or
//     holds a value the graph rejects (EINVALID), or when the store rejects an item; the batch
//     holding that row is not written, earlier batches stay;
//   - the file system's errors for paths that cannot be read (errors.Is fs.ErrNotExist...);
//   - the store's errors for batches it fails to write, and ctx.Err() when ctx is done.
//
// On error the result still says what was written before it.
func Import(ctx context.Context, store graph.Store, paths []string, opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{}
	if store == nil {
		return res, graph.Invalid("store", "no store to import into")
	}
	size := opts.BatchSize
	if size < 0 {
		return res, graph.Invalid("batchSize", "must not be negative (got %d)", size)
	}
	if size == 0 {
		size = DefaultBatchSize
	}
	srcs, err := findSources(paths)
	if err != nil {
		return res, err
	}
	res.Version = commonVersion(srcs)
	im := &importer{ctx: ctx, store: store, size: size, res: res, m: newMapper(),
		prog: newProgress(opts.Progress, opts.Terminal)}
	defer func() { res.Duration = time.Since(start) }()

	if err := im.framework(); err != nil {
		return res, err
	}
	for i := range phases {
		if err := im.run(&phases[i], srcs[phases[i].file]); err != nil {
			return res, fmt.Errorf("%s: %w", phases[i].name, err)
		}
	}
	return res, nil
}

// importer holds an import's state: the batch being filled and the result so far.
type importer struct {
	ctx   context.Context
	store graph.Store
	size  int
	res   *Result
	m     *mapper
	prog  *progress

	// The batch being filled. It holds the nodes or the edges of one phase, and the line of
	// each, to name the row of an item the store rejects.
	nodes []graph.Node
	edges []graph.Edge
	lines []int
}

func (im *importer) framework() error {
	start := time.Now()
	pr := PhaseResult{Name: "framework", File: "-", Imported: 1}
	w, err := im.store.BulkUpsert(im.ctx, graph.Batch{Nodes: []graph.Node{Framework(im.res.Version)}})
	if err != nil {
		return fmt.Errorf("write the ESCO framework: %w", err)
	}
	pr.Written, pr.Duration = w, time.Since(start)
	im.res.Written.Add(w)
	im.res.Phases = append(im.res.Phases, pr)
	im.prog.end(pr)
	return nil
}

// run imports one phase's file.
func (im *importer) run(ph *phase, src *source) error {
	start := time.Now()
	pr := PhaseResult{Name: ph.name, File: src.name}
	im.prog.begin(ph.name, src.size)
	rows := 0
	err := scan(im.ctx, src, ph, im.m, func(it item, t *table) error {
		rows++
		switch {
		case it.skip != "":
			pr.Skipped++
			im.res.skip(ph.file, it.skip, t.line())
		case it.node != nil:
			im.nodes = append(im.nodes, it.node)
			im.lines = append(im.lines, t.line())
		default:
			im.edges = append(im.edges, it.edge)
			im.lines = append(im.lines, t.line())
		}
		if len(im.lines) >= im.size {
			if err := im.flush(ph, src, &pr); err != nil {
				return err
			}
		}
		im.prog.tick(rows, t.offset())
		return nil
	})
	if err == nil {
		err = im.flush(ph, src, &pr)
	}
	im.nodes, im.edges, im.lines = im.nodes[:0], im.edges[:0], im.lines[:0] // a broken batch is dropped
	pr.Duration = time.Since(start)
	im.res.Phases = append(im.res.Phases, pr)
	im.prog.end(pr)
	return err
}

// flush writes the batch in one transaction and counts it.
func (im *importer) flush(ph *phase, src *source, pr *PhaseResult) error {
	if len(im.lines) == 0 {
		return nil
	}
	w, err := im.store.BulkUpsert(im.ctx, graph.Batch{Nodes: im.nodes, Edges: im.edges})
	if err != nil {
		if i, ok := itemIndex(graph.ErrorField(err)); ok && i < len(im.lines) {
			return &FileError{File: src.name, Line: im.lines[i], Err: err}
		}
		return fmt.Errorf("write the batch of lines %d-%d of %s: %w", im.lines[0], im.lines[len(im.lines)-1], src.name, err)
	}
	pr.Imported += len(im.lines)
	pr.Written.Add(w)
	im.res.Written.Add(w)
	r := im.res
	switch ph.file {
	case fileGroups:
		r.SkillGroups += len(im.nodes)
	case fileSkills:
		r.Skills += len(im.nodes)
	case fileOccupations:
		r.Roles += len(im.nodes)
	case fileBroader:
		r.Broader += len(im.edges)
	case fileRelated:
		r.Related += len(im.edges)
	case fileRequirements:
		r.Requirements += len(im.edges)
		for _, e := range im.edges {
			if e.Importance == graph.Essential {
				r.Essential++
			} else {
				r.Optional++
			}
		}
	}
	clear(im.nodes) // let the garbage collector have them
	im.nodes, im.edges, im.lines = im.nodes[:0], im.edges[:0], im.lines[:0]
	return nil
}

// itemIndex returns the index in "nodes[3].name" or "edges[7].to", the fields BulkUpsert's
// errors name.
func itemIndex(field string) (int, bool) {
	for _, prefix := range []string{"nodes[", "edges["} {
		if rest, ok := strings.CutPrefix(field, prefix); ok {
			num, _, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(num)
			return i, err == nil && i >= 0
		}
	}
	return 0, false
}

func (r *Result) skip(file, reason string, line int) {
	for i := range r.Skipped {
		if s := &r.Skipped[i]; s.File == file && s.Reason == reason {
			s.Count++
			return
		}
	}
	r.Skipped = append(r.Skipped, Skip{File: file, Reason: reason, Count: 1, FirstLine: line})
}

// Summary returns a readable multi-line account of the import.
func (r *Result) Summary() string {
	var b strings.Builder
	version := ""
	if r.Version != "" {
		version = " " + r.Version
	}
	nodes := r.Written.NodesCreated + r.Written.NodesUpdated + r.Written.NodesUnchanged
	edges := r.Written.EdgesCreated + r.Written.EdgesUpdated + r.Written.EdgesUnchanged
	fmt.Fprintf(&b, "ESCO%s: %s nodes and %s relationships in %.1f s\n", version, report.Thousands(nodes), report.Thousands(edges), r.Duration.Seconds())
	fmt.Fprintf(&b, "  %-14s %9s %8s %9s %8s %10s %8s\n", "", "imported", "skipped", "new", "updated", "unchanged", "time")
	var total PhaseResult
	for _, p := range r.Phases {
		fmt.Fprintln(&b, phaseRow(p))
		total.Imported += p.Imported
		total.Skipped += p.Skipped
		total.Written.Add(p.Written)
	}
	total.Name, total.Duration = "total", r.Duration
	fmt.Fprintln(&b, phaseRow(total))
	if r.Requirements > 0 {
		fmt.Fprintf(&b, "  requirements: %s essential, %s optional\n", report.Thousands(r.Essential), report.Thousands(r.Optional))
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "  skipped rows:\n")
		for _, s := range r.Skipped {
			fmt.Fprintf(&b, "    %s: %s (%s, first on line %d)\n", s.File, s.Reason, plural(s.Count, "row"), s.FirstLine)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// String is Summary.
func (r *Result) String() string { return r.Summary() }

func phaseRow(p PhaseResult) string {
	w := p.Written
	return fmt.Sprintf("  %-14s %9s %8s %9s %8s %10s %6.1f s", p.Name, report.Thousands(p.Imported), report.Thousands(p.Skipped),
		report.Thousands(w.NodesCreated+w.EdgesCreated), report.Thousands(w.NodesUpdated+w.EdgesUpdated),
		report.Thousands(w.NodesUnchanged+w.EdgesUnchanged), p.Duration.Seconds())
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return report.Thousands(n) + " " + what + "s"
}
