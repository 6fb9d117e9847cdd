// Command scaleplot draws the pathways engine's memory and latency against catalogue size as an
// SVG, from the figures measured with the ESCO benchmark at several scales (a CSV, see
// docs/escobench-scale.csv), with the targets as dashed lines. It draws only what the CSV holds.
//
//	go run ./tools/scaleplot -in docs/escobench-scale.csv -out docs/escobench-scale.svg
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"strconv"
	"strings"
)

// row is one scale's measured figures.
type row struct {
	scale                    float64
	credentials, learners    int
	peakRSS, heap            float64 // MB
	recP50, recP99           float64 // ms, recommendPathways through GraphQL
	candP50, candP99         float64 // ms, candidatesForRole through GraphQL
	provenPct, worseThanGrdy float64
}

// columns are the CSV's header, in order.
var columns = []string{"scale", "credentials", "learners", "peak_rss_mb", "heap_after_gc_mb",
	"recommend_p50_ms", "recommend_p99_ms", "candidates_p50_ms", "candidates_p99_ms",
	"proven_optimal_pct", "worse_than_greedy"}

func main() {
	in := flag.String("in", "docs/escobench-scale.csv", "measured figures (CSV)")
	out := flag.String("out", "docs/escobench-scale.svg", "SVG to write")
	flag.Parse()
	rows, err := read(*in)
	if err != nil {
		log.Fatalf("scaleplot: %v", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatalf("scaleplot: %v", err)
	}
	if err := draw(f, rows); err != nil {
		log.Fatalf("scaleplot: %v", err)
	}
	if err := f.Close(); err != nil {
		log.Fatalf("scaleplot: %v", err)
	}
}

func read(path string) ([]row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read figures: %w", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read figures %s: %w", path, err)
	}
	if len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(columns, ",") {
		return nil, fmt.Errorf("read figures %s: want the header %s and at least one row", path, strings.Join(columns, ","))
	}
	var rows []row
	for i, r := range recs[1:] {
		v := make([]float64, len(r))
		for j, s := range r {
			if v[j], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("read figures %s: row %d, %s: %w", path, i+2, columns[j], err)
			}
		}
		rows = append(rows, row{v[0], int(v[1]), int(v[2]), v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]})
	}
	return rows, nil
}

// series is one line of a panel.
type series struct {
	name  string
	color string
	y     func(row) float64
}

// panel is one chart: its series and a target drawn as a dashed line.
type panel struct {
	title, unit string
	series      []series
	target      float64
	targetName  string
}

const (
	width, height    = 960, 420
	panelW           = 440
	left, top, plotH = 60, 50, 280
	plotW            = panelW - left - 20
)

func draw(w io.Writer, rows []row) error {
	panels := []panel{
		{title: "Resident memory against catalogue size", unit: "MB", target: 2048, targetName: "target 2 GB",
			series: []series{
				{"peak RSS of the test process", "#1f77b4", func(r row) float64 { return r.peakRSS }},
				{"heap after GC", "#2ca02c", func(r row) float64 { return r.heap }}}},
		{title: "p99 latency through GraphQL (embedded store)", unit: "ms", target: 100, targetName: "target 100 ms (recommendPathways)",
			series: []series{
				{"recommendPathways p99", "#d62728", func(r row) float64 { return r.recP99 }},
				{"recommendPathways p50", "#ff9896", func(r row) float64 { return r.recP50 }},
				{"candidatesForRole p99", "#9467bd", func(r row) float64 { return r.candP99 }}}},
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">`, width, height)
	p(`<rect width="100%%" height="100%%" fill="white"/>`)
	maxScale := 0.0
	for _, r := range rows {
		maxScale = math.Max(maxScale, r.scale)
	}
	for i, pn := range panels {
		x0 := float64(i*(panelW+40) + left)
		ymax := pn.target
		for _, s := range pn.series {
			for _, r := range rows {
				ymax = math.Max(ymax, s.y(r))
			}
		}
		ymax = niceCeil(ymax * 1.1)
		// Catalogue size on a log axis: 1x, 3x and 10x are evenly readable.
		xAt := func(scale float64) float64 {
			if maxScale <= 1 {
				return x0 + plotW/2
			}
			return x0 + plotW*math.Log(scale)/math.Log(maxScale)
		}
		yAt := func(v float64) float64 { return top + plotH - plotH*v/ymax }
		p(`<text x="%.0f" y="%d" font-size="14" font-weight="bold">%s</text>`, x0, top-25, pn.title)
		p(`<line x1="%.0f" y1="%d" x2="%.0f" y2="%d" stroke="black"/>`, x0, top+plotH, x0+plotW, top+plotH)
		p(`<line x1="%.0f" y1="%d" x2="%.0f" y2="%d" stroke="black"/>`, x0, top, x0, top+plotH)
		for k := 0; k <= 4; k++ {
			v := ymax * float64(k) / 4
			p(`<text x="%.0f" y="%.0f" text-anchor="end">%.0f</text>`, x0-5, yAt(v)+4, v)
			p(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#eee"/>`, x0, yAt(v), x0+plotW, yAt(v))
		}
		p(`<text x="%.0f" y="%d" text-anchor="end">%s</text>`, x0-5, top-8, pn.unit)
		p(`<text x="%.0f" y="%d" text-anchor="end" font-size="10">credentials / learners</text>`, x0+plotW, top+plotH+28+12)
		for _, r := range rows {
			p(`<text x="%.0f" y="%d" text-anchor="middle">%gx</text>`, xAt(r.scale), top+plotH+16, r.scale)
			p(`<text x="%.0f" y="%d" text-anchor="middle" font-size="10">%dk / %dk</text>`,
				xAt(r.scale), top+plotH+28, r.credentials/1000, r.learners/1000)
		}
		p(`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="black" stroke-dasharray="6,4"/>`, x0, yAt(pn.target), x0+plotW, yAt(pn.target))
		p(`<text x="%.0f" y="%.0f" text-anchor="end">%s</text>`, x0+plotW, yAt(pn.target)-4, pn.targetName)
		for j, s := range pn.series {
			var pts []string
			for _, r := range rows {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(r.scale), yAt(s.y(r))))
				p(`<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, xAt(r.scale), yAt(s.y(r)), s.color)
			}
			p(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), s.color)
			ly := top + plotH + 48 + 16*j
			p(`<line x1="%.0f" y1="%d" x2="%.0f" y2="%d" stroke="%s" stroke-width="2"/>`, x0, ly-4, x0+20, ly-4, s.color)
			p(`<text x="%.0f" y="%d">%s</text>`, x0+26, ly, s.name)
		}
	}
	p(`</svg>`)
	return nil
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten, for readable axis ticks.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*e >= v {
			return m * e
		}
	}
	return 10 * e
}
