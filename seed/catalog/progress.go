package catalog

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/report"
)

// progress reports a generation as it goes: on a terminal, a bar redrawn in place; elsewhere
// (logs, pipes), a plain line every report.PlainEvery and one per phase. A nil progress reports
// nothing.
type progress struct {
	out   report.Line
	name  string
	total int // items of the phase; 0 when unknown
	start time.Time
}

func newProgress(w io.Writer, term bool) *progress {
	if w == nil {
		return nil
	}
	return &progress{out: report.Line{W: w, Term: term}}
}

// begin starts a phase of total items (0 when not known yet).
func (p *progress) begin(name string, total int) {
	if p == nil {
		return
	}
	now := time.Now()
	p.name, p.total, p.start, p.out.Last = name, total, now, now
}

// setTotal sets the phase's total once it is known.
func (p *progress) setTotal(total int) {
	if p != nil {
		p.total = total
	}
}

// tick reports the items done so far, at most every termEvery or plainEvery.
func (p *progress) tick(done int) {
	if p == nil {
		return
	}
	now := time.Now()
	if !p.out.Due(now) {
		return
	}
	frac := 0.0
	if p.total > 0 {
		frac = min(float64(done)/float64(p.total), 1)
	}
	secs := now.Sub(p.start).Seconds()
	if !p.out.Term {
		p.out.Show(fmt.Sprintf("%-22s %s/%s, %.0f%%, %.1f s", p.name, report.Thousands(done), report.Thousands(p.total), frac*100, secs))
		return
	}
	bar := report.Bar(frac)
	p.out.Show(fmt.Sprintf("%-22s %s %s/%s %3.0f%% %.1f s", p.name, bar, report.Thousands(done), report.Thousands(p.total), frac*100, secs))
}

// end reports a finished (or failed) phase on a line of its own.
func (p *progress) end(pr PhaseResult) {
	if p == nil {
		return
	}
	w := pr.Written
	line := fmt.Sprintf("%-22s %s done in %.1f s", p.name, report.Thousands(pr.Items), time.Since(p.start).Seconds())
	if w != (graph.BulkResult{}) {
		line = fmt.Sprintf("%-22s %s written (%s new, %s updated, %s unchanged) in %.1f s", p.name, report.Thousands(pr.Items),
			report.Thousands(w.NodesCreated+w.EdgesCreated), report.Thousands(w.NodesUpdated+w.EdgesUpdated),
			report.Thousands(w.NodesUnchanged+w.EdgesUnchanged), time.Since(p.start).Seconds())
	}
	p.out.Done(line)
}

// Summary returns a readable multi-line account of the generation: what was generated and,
// per phase, what the store created, updated or found unchanged.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalogue (seed %d) over %s competencies and %s roles (%s with requirements), in %.1f s\n",
		r.Seed, report.Thousands(r.Competencies), report.Thousands(r.Roles), report.Thousands(r.Anchors), r.Duration.Seconds())
	fmt.Fprintf(&b, "  %-22s %9s %9s %8s %10s %8s\n", "", "items", "new", "updated", "unchanged", "time")
	var total PhaseResult
	for _, p := range r.Phases {
		fmt.Fprintln(&b, phaseRow(p))
		total.Items += p.Items
		total.Written.Add(p.Written)
	}
	total.Name, total.Duration = "total", r.Duration
	fmt.Fprintln(&b, phaseRow(total))
	fmt.Fprintf(&b, "  %s organisations, %s credentials, %s blocks, %s certifications, %s learners, %s achievements",
		report.Thousands(r.Organizations), report.Thousands(r.Credentials), report.Thousands(r.Blocks), report.Thousands(r.Certifications),
		report.Thousands(r.Learners), report.Thousands(r.Achievements))
	return b.String()
}

// String is Summary.
func (r *Result) String() string { return r.Summary() }

func phaseRow(p PhaseResult) string {
	w := p.Written
	return fmt.Sprintf("  %-22s %9s %9s %8s %10s %6.1f s", p.Name, report.Thousands(p.Items),
		report.Thousands(w.NodesCreated+w.EdgesCreated), report.Thousands(w.NodesUpdated+w.EdgesUpdated),
		report.Thousands(w.NodesUnchanged+w.EdgesUnchanged), p.Duration.Seconds())
}
