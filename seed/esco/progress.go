package esco

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress reports an import as it goes: on a terminal, a bar redrawn in place; elsewhere
// (logs, pipes), a plain line every plainEvery and one per phase. A nil progress reports
// nothing.
type progress struct {
	w     io.Writer
	term  bool
	name  string
	size  int64 // bytes of the file being read; 0 when unknown
	start time.Time
	last  time.Time // of the last report
	width int       // of the bar on screen, to blank it out when redrawing
}

const (
	termEvery  = 100 * time.Millisecond
	plainEvery = 2 * time.Second
	barWidth   = 30
)

func newProgress(w io.Writer, term bool) *progress {
	if w == nil {
		return nil
	}
	return &progress{w: w, term: term}
}

// begin starts a phase reading size bytes.
func (p *progress) begin(name string, size int64) {
	if p == nil {
		return
	}
	now := time.Now()
	p.name, p.size, p.start, p.last = name, size, now, now
}

// tick reports rows read so far and the byte offset reached in the file. The total number of
// rows is estimated from the share of the file read.
func (p *progress) tick(rows int, offset int64) {
	if p == nil || rows%64 != 0 { // spare the clock on every row
		return
	}
	every := plainEvery
	if p.term {
		every = termEvery
	}
	now := time.Now()
	if now.Sub(p.last) < every {
		return
	}
	p.last = now
	frac := 0.0
	if p.size > 0 {
		frac = min(float64(offset)/float64(p.size), 1)
	}
	secs := now.Sub(p.start).Seconds()
	if !p.term {
		fmt.Fprintf(p.w, "%-14s %s rows, %.0f%% of the file, %.1f s\n", p.name, thousands(rows), frac*100, secs)
		return
	}
	total := ""
	if frac > 0 {
		total = "/" + thousands(int(float64(rows)/frac+0.5))
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	p.draw(fmt.Sprintf("%-14s [%s] %s%s %3.0f%% %.1f s", p.name, bar, thousands(rows), total, frac*100, secs))
}

// end reports a finished (or failed) phase on a line of its own.
func (p *progress) end(pr PhaseResult) {
	if p == nil {
		return
	}
	w := pr.Written
	line := fmt.Sprintf("%-14s %9s imported, %s skipped (%s new, %s updated, %s unchanged) %.1f s",
		pr.Name, thousands(pr.Imported), thousands(pr.Skipped), thousands(w.NodesCreated+w.EdgesCreated),
		thousands(w.NodesUpdated+w.EdgesUpdated), thousands(w.NodesUnchanged+w.EdgesUnchanged), pr.Duration.Seconds())
	if !p.term {
		fmt.Fprintln(p.w, line)
		return
	}
	p.draw(line)
	fmt.Fprintln(p.w)
	p.width = 0
}

// draw replaces the terminal's current line.
func (p *progress) draw(line string) {
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", max(p.width-len(line), 0)))
	p.width = len(line)
}
