package catalog

import (
	"math"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Streams of the seed: each part of the catalogue draws from its own, so that changing the
// number of learners, say, leaves the credentials as they were.
const (
	streamOrganizations = iota + 1
	streamPopularity
	streamCredentials
	streamBlocks
	streamLearners
)

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// weighted returns an index drawn with the given weights (not all zero).
func weighted(r *rand.Rand, weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	if total <= 0 {
		return 0
	}
	x := r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// pickDistinct draws up to k distinct indices with the given weights, without replacement.
func pickDistinct(r *rand.Rand, weights []int, k int) []int {
	w := append([]int(nil), weights...)
	var out []int
	for len(out) < k {
		total := 0
		for _, x := range w {
			total += x
		}
		if total == 0 {
			break
		}
		i := weighted(r, w)
		out = append(out, i)
		w[i] = 0
	}
	return out
}

// skewed returns an index in [0, n) that favours small indices: the first tenth gets about a
// third of the draws. Popular roles get many credentials, so pathways toward them have
// alternatives, while the long tail still gets some.
func skewed(r *rand.Rand, n int) int {
	u := r.Float64()
	return min(int(float64(n)*u*u), n-1)
}

// sensibleHours are the workloads catalogues announce: days of 7 hours, half-weeks, weeks,
// and round numbers.
var sensibleHours = []float64{7, 10, 12, 14, 15, 20, 21, 24, 28, 30, 35, 40, 42, 45, 50, 56, 60,
	70, 75, 80, 90, 100, 105, 120, 140, 150, 175, 200, 210, 250, 280, 300}

// logNormalHours draws a workload around median hours, log-normally, and snaps it to the
// nearest sensible value between 7 and 300 hours.
func logNormalHours(r *rand.Rand, median float64) float64 {
	h := math.Exp(math.Log(median) + 0.8*r.NormFloat64())
	best := sensibleHours[0]
	for _, s := range sensibleHours {
		if math.Abs(s-h) < math.Abs(best-h) {
			best = s
		}
	}
	return best
}

// roundPrice rounds a price as price lists do: to 5 EUR below 100, to 10 below 1,000, to 50
// above.
func roundPrice(v float64) float64 {
	step := 50.0
	switch {
	case v < 100:
		step = 5
	case v < 1000:
		step = 10
	}
	return max(math.Round(v/step)*step, step)
}

// shorten cuts s to at most n runes, at a word boundary when it can, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-—") + "…"
}

// capitalise upper-cases the first letter, as titles start.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[size:]
}

// asciiFold maps French letters to ASCII for e-mail addresses.
var asciiFold = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ç", "c", "œ", "oe",
	"É", "e", "È", "e", " ", "-", "'", "")
