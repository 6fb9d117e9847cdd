package esco

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/seed/report"
)

func TestProgressTerminal(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true)
	p.begin("skills", 10000)
	p.start = p.start.Add(-2100 * time.Millisecond)
	p.out.Last = time.Time{}
	p.tick(8128, 5850)
	out := buf.String()
	if !strings.HasPrefix(out, "\rskills") || !strings.Contains(out, "8,128/13,894  58% 2.1 s") ||
		!strings.Contains(out, "[=================>            ]") {
		t.Errorf("bar %q", out)
	}
	p.tick(8129, 5851) // not a multiple of 64: no redraw
	p.tick(8192, 5900) // too soon after the last: no redraw
	if buf.String() != out {
		t.Errorf("redrawn too often: %q", buf.String())
	}
	p.end(PhaseResult{Name: "skills", Imported: 13896, Written: graph.BulkResult{NodesCreated: 13000, NodesUnchanged: 896}})
	last := strings.TrimPrefix(buf.String(), out)
	if !strings.HasPrefix(last, "\rskills") || !strings.HasSuffix(last, "\n") ||
		!strings.Contains(last, "13,896 imported, 0 skipped (13,000 new, 0 updated, 896 unchanged)") {
		t.Errorf("final line %q", last)
	}
	// The final line blanks out what is left of a longer bar.
	if strings.Contains(last, "%") || len(strings.TrimRight(last, "\n")) < len(out) {
		t.Errorf("final line %q does not cover the bar %q", last, out)
	}
}

func TestProgressPlain(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, false)
	p.begin("requirements", 0) // size unknown
	p.tick(64, 100)
	if buf.Len() != 0 {
		t.Errorf("plain progress printed before two seconds: %q", buf.String())
	}
	p.out.Last = p.out.Last.Add(-report.PlainEvery)
	p.tick(128, 100)
	p.end(PhaseResult{Name: "requirements", Imported: 128, Skipped: 2})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "requirements") || !strings.Contains(lines[0], "128 rows") ||
		!strings.Contains(lines[1], "128 imported, 2 skipped") || strings.Contains(buf.String(), "\r") {
		t.Errorf("plain progress %q", buf.String())
	}
	var none *progress = newProgress(nil, true)
	none.begin("skills", 1)
	none.tick(64, 1)
	none.end(PhaseResult{})
}
