package esco

import (
	"fmt"
	"io"
	"time"

	"github.com/skillgraph/skillgraph/seed/report"
)

// progress reports an import as it goes: on a terminal, a bar redrawn in place; elsewhere
// (logs, pipes), a plain line every report.PlainEvery and one per phase. A nil progress reports
// nothing.
type progress struct {
	out   report.Line
	name  string
	size  int64 // bytes of the file being read; 0 when unknown
	start time.Time
}

func newProgress(w io.Writer, term bool) *progress {
	if w == nil {
		return nil
	}
	return &progress{out: report.Line{W: w, Term: term}}
}

// begin starts a phase reading size bytes.
func (p *progress) begin(name string, size int64) {
	if p == nil {
		return
	}
	now := time.Now()
	p.name, p.size, p.start, p.out.Last = name, size, now, now
}

// tick reports rows read so far and the byte offset reached in the file. The total number of
// rows is estimated from the share of the file read.
func (p *progress) tick(rows int, offset int64) {
	if p == nil || rows%64 != 0 { // spare the clock on every row
		return
	}
	now := time.Now()
	if !p.out.Due(now) {
		return
	}
	frac := 0.0
	if p.size > 0 {
		frac = min(float64(offset)/float64(p.size), 1)
	}
	secs := now.Sub(p.start).Seconds()
	if !p.out.Term {
		p.out.Show(fmt.Sprintf("%-14s %s rows, %.0f%% of the file, %.1f s", p.name, report.Thousands(rows), frac*100, secs))
		return
	}
	total := ""
	if frac > 0 {
		total = "/" + report.Thousands(int(float64(rows)/frac+0.5))
	}
	bar := report.Bar(frac)
	p.out.Show(fmt.Sprintf("%-14s %s %s%s %3.0f%% %.1f s", p.name, bar, report.Thousands(rows), total, frac*100, secs))
}

// end reports a finished (or failed) phase on a line of its own.
func (p *progress) end(pr PhaseResult) {
	if p == nil {
		return
	}
	w := pr.Written
	line := fmt.Sprintf("%-14s %9s imported, %s skipped (%s new, %s updated, %s unchanged) %.1f s",
		pr.Name, report.Thousands(pr.Imported), report.Thousands(pr.Skipped), report.Thousands(w.NodesCreated+w.EdgesCreated),
		report.Thousands(w.NodesUpdated+w.EdgesUpdated), report.Thousands(w.NodesUnchanged+w.EdgesUnchanged), pr.Duration.Seconds())
	p.out.Done(line)
}
