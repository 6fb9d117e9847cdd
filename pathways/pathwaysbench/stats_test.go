package pathwaysbench

import (
	"math"
	"slices"
	"testing"
	"time"
)

// dist is a distribution's summary.
type dist struct {
	n                        int
	mean, p50, p90, p99, max float64
}

// summarize uses nearest-rank percentiles: p99 of 500 values is the 5th largest.
func summarize(xs []float64) dist {
	if len(xs) == 0 {
		return dist{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	at := func(q float64) float64 {
		return s[max(0, min(len(s)-1, int(math.Ceil(q*float64(len(s))))-1))]
	}
	return dist{n: len(s), mean: sum / float64(len(s)), p50: at(0.50), p90: at(0.90), p99: at(0.99), max: s[len(s)-1]}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// latencies records one duration per operation of a benchmark.
type latencies struct{ ms []float64 }

func (l *latencies) add(d time.Duration) { l.ms = append(l.ms, ms(d)) }

// report sends p50 and p99 (and the worst) to the benchmark, under prefix, and returns them.
func (l *latencies) report(b *testing.B, prefix string) dist {
	d := summarize(l.ms)
	b.ReportMetric(d.p50, prefix+"p50-ms")
	b.ReportMetric(d.p99, prefix+"p99-ms")
	b.ReportMetric(d.max, prefix+"max-ms")
	return d
}

func TestSummarize(t *testing.T) {
	xs := make([]float64, 500)
	for i := range xs {
		xs[i] = float64(500 - i) // 1..500, reversed
	}
	d := summarize(xs)
	if d.p50 != 250 || d.p90 != 450 || d.p99 != 495 || d.max != 500 || d.mean != 250.5 {
		t.Fatalf("summarize(1..500) = %+v", d)
	}
	if d := summarize([]float64{3}); d.p50 != 3 || d.p99 != 3 {
		t.Fatalf("summarize([3]) = %+v", d)
	}
}
