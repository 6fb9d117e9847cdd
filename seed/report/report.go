// Package report formats what importers and generators tell people.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Thousands formats n with comma separators, as people read counts.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// BarWidth is the width of a progress bar, in characters.
const BarWidth = 30

// Bar draws a progress bar filled to frac (0-1): "[=====>    ]".
func Bar(frac float64) string {
	filled := int(min(max(frac, 0), 1) * BarWidth)
	bar := strings.Repeat("=", filled)
	if filled < BarWidth {
		bar += ">" + strings.Repeat(" ", BarWidth-filled-1)
	}
	return "[" + bar + "]"
}

// Line writes progress lines: on a terminal, Show redraws the current line in place; elsewhere
// (logs, pipes) every line stands on its own.
type Line struct {
	W     io.Writer
	Term  bool
	Last  time.Time // of the last line Due allowed
	width int       // of the line on screen, to blank it out when redrawing
}

// Show writes a progress line.
func (l *Line) Show(line string) {
	if !l.Term {
		fmt.Fprintln(l.W, line)
		return
	}
	fmt.Fprintf(l.W, "\r%s%s", line, strings.Repeat(" ", max(l.width-len(line), 0)))
	l.width = len(line)
}

// Done writes a line that stays: the end of a phase.
func (l *Line) Done(line string) {
	l.Show(line)
	if l.Term {
		fmt.Fprintln(l.W)
		l.width = 0
	}
}

// How often progress is reported: a terminal redraws smoothly, logs get a line now and then.
const (
	TermEvery  = 100 * time.Millisecond
	PlainEvery = 2 * time.Second
)

// Due reports whether it is time for another progress line, and if so notes now as the time of
// the last one.
func (l *Line) Due(now time.Time) bool {
	every := PlainEvery
	if l.Term {
		every = TermEvery
	}
	if now.Sub(l.Last) < every {
		return false
	}
	l.Last = now
	return true
}
