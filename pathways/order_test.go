package pathways

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// candidatesBy orders as a stable comparison sort by key does, ties by index, over keys with
// many ties, fractions, whole numbers, zeros of both signs, negatives and extremes.
func TestCandidatesByOrdersAsAStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	pool := []float64{0, math.Copysign(0, -1), 1, 2, 2.5, 40, 40.000001, 1e9, -1, -2.5, -1e9,
		math.SmallestNonzeroFloat64, math.MaxFloat64, -math.MaxFloat64, 0.1, 0.2, 0.30000000000000004}
	for _, n := range []int{0, 1, 2, 3, 17, 256, 1000, 5000} {
		for round := range 5 {
			cands := make([]cand, n)
			for j := range cands {
				if round%2 == 0 {
					cands[j].w = pool[rng.IntN(len(pool))]
				} else {
					cands[j].w = math.Round(rng.Float64()*1000) / 4 // whole and quarter hours
				}
			}
			got := candidatesBy(new(scratch), cands, func(c *cand) float64 { return c.w })
			want := make([]int, n)
			for j := range want {
				want[j] = j
			}
			slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(cands[a].w, cands[b].w) })
			if n == 0 {
				want = nil
			}
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d round %d: candidatesBy differs from a stable sort:\n got %v\nwant %v", n, round, got, want)
			}
		}
	}
}
