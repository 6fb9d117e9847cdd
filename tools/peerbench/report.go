package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// printTable prints, per query, the median over the rounds of each server's figures and of the
// per-round ratio skillgraph/peer of requests per second.
func printTable(w io.Writer, o *options, qs []query, results []measurement) {
	fmt.Fprintln(w, "| query | peer req/s | peer p50 ms | peer p99 ms | skillgraph req/s | skillgraph p50 ms | skillgraph p99 ms | skillgraph/peer req/s | Neo4j calls/request peer, skillgraph |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, q := range qs {
		figures := map[string]*[3][]float64{peer: {}, skillgraph: {}}
		var ratios []float64
		rps := map[int]map[string]float64{}
		for _, m := range results {
			if m.Query != q.name {
				continue
			}
			f := figures[m.Server]
			f[0], f[1], f[2] = append(f[0], m.RPS), append(f[1], m.P50ms), append(f[2], m.P99ms)
			if rps[m.Round] == nil {
				rps[m.Round] = map[string]float64{}
			}
			rps[m.Round][m.Server] = m.RPS
		}
		for _, r := range rps {
			if r[peer] > 0 {
				ratios = append(ratios, r[skillgraph]/r[peer])
			}
		}
		cells := func(server string) string {
			f := figures[server]
			if len(f[0]) == 0 {
				return "– | – | –"
			}
			return fmt.Sprintf("%s | %s | %s", num(median(f[0]), 0), num(median(f[1]), 2), num(median(f[2]), 2))
		}
		ratio := "–"
		if len(ratios) > 0 {
			ratio = num(median(ratios), 2) + "×"
		}
		calls := func(server string) string {
			v, ok := o.calls[q.name+"/"+server]
			if !ok || (server == peer && q.peerRoot == "") {
				return "–"
			}
			return num(v, 0)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s, %s |\n", q.title, cells(peer), cells(skillgraph), ratio, calls(peer), calls(skillgraph))
	}
}

func num(v float64, digits int) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	whole, frac, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 { // thousands separators
		whole = whole[:i] + "," + whole[i:]
	}
	if frac != "" {
		return whole + "." + frac
	}
	return whole
}
